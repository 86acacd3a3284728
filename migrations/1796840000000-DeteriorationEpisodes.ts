import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deterioration episodes (försämringsepisoder) and the review request on a deterioration plan.
 *
 * - `deterioration_episode`: what happened when the patient got worse, recorded once.
 * - `deterioration_plan.review_requested_*`: an episode that ended in admission asks for the active
 *   plan's review. The guard on signed versions lets an ACTIVE version take exactly that change
 *   (the three columns, the lock counter and updated_at), nothing else; the rest of the rule is as
 *   before (ACTIVE -> SUPERSEDED or WITHDRAWN only, never deleted).
 * - A reason to suggest a patient for a round: RECENT_DETERIORATION_EPISODE (round_agenda_item.reasons).
 *   `down` puts the type back without it; agenda items that held it lose that reason.
 */
const AGENDA_REASONS_BEFORE = `'NEWLY_ENROLLED', 'RECENTLY_DISCHARGED', 'SIP_FOLLOW_UP_DUE', 'DETERIORATION_PLAN_REVIEW_DUE', 'DETERIORATION_PLAN_MISSING', 'OVERDUE_TASKS'`;
const GUARD_BEFORE = `CREATE OR REPLACE FUNCTION deterioration_plan_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        mutable text[] := ARRAY['status', 'version', 'updated_at', 'superseded_at', 'superseded_by_plan_id', 'withdrawn_at', 'withdrawn_by_staff_id', 'withdrawal_reason'];
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.status <> 'DRAFT' THEN
            RAISE EXCEPTION 'deterioration_plan: a signed or withdrawn version is never deleted' USING ERRCODE = 'insufficient_privilege';
          END IF;
          RETURN OLD;
        END IF;
        IF OLD.status = 'DRAFT' THEN
          RETURN NEW;
        END IF;
        IF OLD.status <> 'ACTIVE' OR NEW.status NOT IN ('SUPERSEDED', 'WITHDRAWN')
           OR (to_jsonb(OLD) - mutable) IS DISTINCT FROM (to_jsonb(NEW) - mutable) THEN
          RAISE EXCEPTION 'deterioration_plan: signed versions are immutable (% -> % refused)', OLD.status, NEW.status USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`;

const GUARD_AFTER = `CREATE OR REPLACE FUNCTION deterioration_plan_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        mutable text[] := ARRAY['status', 'version', 'updated_at', 'superseded_at', 'superseded_by_plan_id', 'withdrawn_at', 'withdrawn_by_staff_id', 'withdrawal_reason'];
        review text[] := ARRAY['version', 'updated_at', 'review_requested_at', 'review_request_reason', 'review_requested_by_episode_id'];
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.status <> 'DRAFT' THEN
            RAISE EXCEPTION 'deterioration_plan: a signed or withdrawn version is never deleted' USING ERRCODE = 'insufficient_privilege';
          END IF;
          RETURN OLD;
        END IF;
        IF OLD.status = 'DRAFT' THEN
          RETURN NEW;
        END IF;
        -- The plan in force may be asked to be reviewed (a deterioration episode ending in admission).
        IF OLD.status = 'ACTIVE' AND NEW.status = 'ACTIVE' AND (to_jsonb(OLD) - review) IS NOT DISTINCT FROM (to_jsonb(NEW) - review) THEN
          RETURN NEW;
        END IF;
        IF OLD.status <> 'ACTIVE' OR NEW.status NOT IN ('SUPERSEDED', 'WITHDRAWN')
           OR (to_jsonb(OLD) - mutable) IS DISTINCT FROM (to_jsonb(NEW) - mutable) THEN
          RAISE EXCEPTION 'deterioration_plan: signed versions are immutable (% -> % refused)', OLD.status, NEW.status USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`;

export class DeteriorationEpisodes1796840000000 implements MigrationInterface {
  name = 'DeteriorationEpisodes1796840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE "public"."deterioration_episode_outcome" AS ENUM('STAYED_HOME', 'DOCTORS_VISIT', 'AMBULANCE', 'ADMITTED')`);
    await q.query(
      `CREATE TABLE "deterioration_episode" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "observations" jsonb NOT NULL, "plan_id" uuid, "plan_version" integer, "plan_conditions" text array NOT NULL DEFAULT '{}', "matched_steps" jsonb NOT NULL DEFAULT '[]', "actions_taken" character varying(4000) NOT NULL, "contacts" jsonb NOT NULL DEFAULT '[]', "outcome" "public"."deterioration_episode_outcome" NOT NULL, "plan_review_requested" boolean NOT NULL DEFAULT false, "recorded_by_organisation_id" uuid NOT NULL, "recorded_by_staff_id" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3a3b6b097612a8e44b085b4ef59" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_deterioration_episode_occurred" ON "deterioration_episode"  ("occurred_at") `);
    await q.query(`CREATE INDEX "ix_deterioration_episode_patient" ON "deterioration_episode"  ("patient_id", "occurred_at", "id") `);
    await q.query(
      `ALTER TABLE "deterioration_episode" ADD CONSTRAINT "FK_6a674d97602a3789d7d9f0b4c57" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(`ALTER TABLE "deterioration_plan" ADD "review_requested_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "deterioration_plan" ADD "review_request_reason" character varying(500)`);
    await q.query(`ALTER TABLE "deterioration_plan" ADD "review_requested_by_episode_id" uuid`);
    await q.query(GUARD_AFTER);
    // Added, not used in this transaction (PostgreSQL allows that inside one).
    await q.query(`ALTER TYPE "public"."agenda_reason" ADD VALUE 'RECENT_DETERIORATION_EPISODE'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TYPE "public"."agenda_reason" RENAME TO "agenda_reason_old"`);
    await q.query(`CREATE TYPE "public"."agenda_reason" AS ENUM(${AGENDA_REASONS_BEFORE})`);
    await q.query(
      `ALTER TABLE "round_agenda_item" ALTER COLUMN "reasons" TYPE "public"."agenda_reason"[] USING array_remove("reasons"::text[], 'RECENT_DETERIORATION_EPISODE')::"public"."agenda_reason"[]`,
    );
    await q.query(`DROP TYPE "public"."agenda_reason_old"`);
    await q.query(GUARD_BEFORE);
    await q.query(`ALTER TABLE "deterioration_plan" DROP COLUMN "review_requested_by_episode_id"`);
    await q.query(`ALTER TABLE "deterioration_plan" DROP COLUMN "review_request_reason"`);
    await q.query(`ALTER TABLE "deterioration_plan" DROP COLUMN "review_requested_at"`);
    await q.query(`ALTER TABLE "deterioration_episode" DROP CONSTRAINT "FK_6a674d97602a3789d7d9f0b4c57"`);
    await q.query(`DROP INDEX "public"."ix_deterioration_episode_patient"`);
    await q.query(`DROP INDEX "public"."ix_deterioration_episode_occurred"`);
    await q.query(`DROP TABLE "deterioration_episode"`);
    await q.query(`DROP TYPE "public"."deterioration_episode_outcome"`);
  }
}
