import { MigrationInterface, QueryRunner } from 'typeorm';

export class CarePlans1795381708394 implements MigrationInterface {
  name = 'CarePlans1795381708394';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE "public"."care_plan_status" AS ENUM('DRAFT', 'ACTIVE', 'CLOSED')`);
    await q.query(
      `CREATE TYPE "public"."care_plan_close_reason" AS ENUM('GOALS_ACHIEVED', 'NO_LONGER_NEEDED', 'PATIENT_DECLINED', 'PATIENT_MOVED', 'PATIENT_DIED', 'OTHER')`,
    );
    await q.query(
      `CREATE TABLE "care_plan" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "status" "public"."care_plan_status" NOT NULL DEFAULT 'DRAFT', "version" integer NOT NULL DEFAULT '1', "draft_open" boolean NOT NULL DEFAULT true, "published_version_number" integer, "reason" character varying(2000) NOT NULL, "overall_responsible_organisation_id" uuid, "coordinator_staff_id" uuid, "next_follow_up_date" date, "follow_up_due" date, "participant_organisation_ids" uuid array NOT NULL DEFAULT '{}', "created_by_staff_id" uuid NOT NULL, "created_by_organisation_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_by_staff_id" uuid NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE, "closed_by_staff_id" uuid, "close_reason" "public"."care_plan_close_reason", "close_note" character varying(1000), CONSTRAINT "PK_cf5bdacdd1e59009093b86399a7" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_care_plan_follow_up_due" ON "care_plan"  ("follow_up_due") WHERE "status" = 'ACTIVE'`);
    await q.query(`CREATE INDEX "ix_care_plan_patient" ON "care_plan"  ("patient_id", "created_at") `);
    await q.query(`CREATE UNIQUE INDEX "uq_care_plan_open_per_patient" ON "care_plan"  ("patient_id") WHERE "status" <> 'CLOSED'`);
    await q.query(
      `CREATE TABLE "care_plan_goal" ("id" uuid NOT NULL, "care_plan_id" uuid NOT NULL, "position" integer NOT NULL, "text" character varying(1000) NOT NULL, CONSTRAINT "PK_d0f654a6b83ab9e1a0e197f6125" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_care_plan_goal_plan" ON "care_plan_goal"  ("care_plan_id", "position") `);
    await q.query(
      `CREATE TABLE "care_plan_need" ("id" uuid NOT NULL, "care_plan_id" uuid NOT NULL, "position" integer NOT NULL, "text" character varying(1000) NOT NULL, CONSTRAINT "PK_439938275f1e1b4672d28a66cf4" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_care_plan_need_plan" ON "care_plan_need"  ("care_plan_id", "position") `);
    await q.query(`CREATE TYPE "public"."care_plan_action_kind" AS ENUM('HEALTH_CARE', 'SOCIAL_SERVICE', 'REHABILITATION', 'NEXT_OF_KIN', 'OTHER')`);
    await q.query(`CREATE TYPE "public"."care_plan_action_status" AS ENUM('PLANNED', 'ONGOING', 'DONE', 'CANCELLED')`);
    await q.query(
      `CREATE TABLE "care_plan_action" ("id" uuid NOT NULL, "care_plan_id" uuid NOT NULL, "position" integer NOT NULL, "description" character varying(1000) NOT NULL, "kind" "public"."care_plan_action_kind" NOT NULL, "responsible_organisation_id" uuid, "responsible_staff_id" uuid, "performed_by" character varying(200), "start_date" date NOT NULL, "end_date" date, "status" "public"."care_plan_action_status" NOT NULL DEFAULT 'PLANNED', CONSTRAINT "PK_ad94db42643a6300a3f5f66d8a8" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_care_plan_action_plan" ON "care_plan_action"  ("care_plan_id", "position") `);
    await q.query(`CREATE TYPE "public"."care_plan_participant_kind" AS ENUM('ORGANISATION', 'STAFF', 'PATIENT', 'NEXT_OF_KIN')`);
    await q.query(
      `CREATE TABLE "care_plan_participant" ("id" uuid NOT NULL, "care_plan_id" uuid NOT NULL, "position" integer NOT NULL, "kind" "public"."care_plan_participant_kind" NOT NULL, "organisation_id" uuid, "staff_id" uuid, "name" character varying(200), "relation" character varying(100), "attended" boolean, CONSTRAINT "PK_d01d46351bb5cfc31f632c8b1df" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_care_plan_participant_plan" ON "care_plan_participant"  ("care_plan_id", "position") `);
    await q.query(
      `CREATE TABLE "care_plan_follow_up" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "care_plan_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "version_number" integer NOT NULL, "follow_up_date" date NOT NULL, "due_date" date, "next_follow_up_date" date NOT NULL, "summary" character varying(2000), "recorded_by_staff_id" uuid NOT NULL, "recorded_by_organisation_id" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_aa7af4154260d7f70b018fc95e9" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_care_plan_follow_up_org" ON "care_plan_follow_up"  ("recorded_by_organisation_id", "follow_up_date") `);
    await q.query(`CREATE INDEX "ix_care_plan_follow_up_plan" ON "care_plan_follow_up"  ("care_plan_id", "follow_up_date") `);
    await q.query(`CREATE TYPE "public"."care_plan_item_kind" AS ENUM('GOAL', 'ACTION')`);
    await q.query(`CREATE TYPE "public"."care_plan_outcome" AS ENUM('ACHIEVED', 'PARTLY_ACHIEVED', 'NOT_ACHIEVED', 'NOT_RELEVANT')`);
    await q.query(
      `CREATE TABLE "care_plan_follow_up_outcome" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "follow_up_id" uuid NOT NULL, "item_kind" "public"."care_plan_item_kind" NOT NULL, "item_id" uuid NOT NULL, "outcome" "public"."care_plan_outcome" NOT NULL, "comment" character varying(1000), CONSTRAINT "PK_470319de0ea800152051f832143" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_care_plan_follow_up_outcome_item" ON "care_plan_follow_up_outcome"  ("follow_up_id", "item_id") `);
    await q.query(
      `CREATE TYPE "public"."care_plan_experience_question" AS ENUM('INVOLVED_IN_PLAN', 'KNOWS_WHO_TO_CALL', 'PLAN_REFLECTS_MY_GOALS', 'CARE_IS_COORDINATED')`,
    );
    await q.query(
      `CREATE TABLE "care_plan_experience_answer" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "follow_up_id" uuid NOT NULL, "care_plan_id" uuid NOT NULL, "question" "public"."care_plan_experience_question" NOT NULL, "score" smallint NOT NULL, "answered_on" date NOT NULL, CONSTRAINT "ck_care_plan_experience_score" CHECK ("score" BETWEEN 1 AND 5), CONSTRAINT "PK_76661e230a2e05a83a3a9781615" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_care_plan_experience_question" ON "care_plan_experience_answer"  ("question", "answered_on") `);
    await q.query(`CREATE UNIQUE INDEX "uq_care_plan_experience_answer" ON "care_plan_experience_answer"  ("follow_up_id", "question") `);
    await q.query(`CREATE TYPE "public"."care_plan_meeting_place" AS ENUM('HOME', 'UNIT', 'VIDEO')`);
    await q.query(`CREATE TYPE "public"."care_plan_meeting_status" AS ENUM('SCHEDULED', 'HELD')`);
    await q.query(
      `CREATE TABLE "care_plan_meeting" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "care_plan_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "place" "public"."care_plan_meeting_place" NOT NULL, "place_detail" character varying(500), "status" "public"."care_plan_meeting_status" NOT NULL DEFAULT 'SCHEDULED', "scheduled_by_staff_id" uuid NOT NULL, "scheduled_by_organisation_id" uuid NOT NULL, "scheduled_at" TIMESTAMP WITH TIME ZONE NOT NULL, "held_at" TIMESTAMP WITH TIME ZONE, "held_recorded_by_staff_id" uuid, "patient_attended" boolean, "next_of_kin_attended" boolean, "attending_staff_ids" uuid array NOT NULL DEFAULT '{}', CONSTRAINT "PK_5552e4fb024b4cfbac52346d43d" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_care_plan_meeting_plan" ON "care_plan_meeting"  ("care_plan_id", "starts_at") `);
    await q.query(
      `CREATE TABLE "care_plan_meeting_invitation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "meeting_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "invited_at" TIMESTAMP WITH TIME ZONE NOT NULL, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "acknowledged_by_staff_id" uuid, "attended" boolean, CONSTRAINT "PK_85ecc0af1a29d1dbe9890cefb70" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_care_plan_meeting_invitation_org" ON "care_plan_meeting_invitation"  ("organisation_id", "acknowledged_at") `);
    await q.query(`CREATE UNIQUE INDEX "uq_care_plan_meeting_invitation" ON "care_plan_meeting_invitation"  ("meeting_id", "organisation_id") `);
    await q.query(
      `CREATE TABLE "care_plan_version" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "care_plan_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "number" integer NOT NULL, "snapshot" jsonb NOT NULL, "participant_organisation_ids" uuid array NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL, "published_by_staff_id" uuid NOT NULL, "published_by_organisation_id" uuid NOT NULL, CONSTRAINT "PK_bddec7fe66e3c09e77536255fda" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_care_plan_version_published" ON "care_plan_version"  ("care_plan_id", "published_at") `);
    await q.query(`CREATE UNIQUE INDEX "uq_care_plan_version_number" ON "care_plan_version"  ("care_plan_id", "number") `);
    await q.query(
      `ALTER TABLE "care_plan" ADD CONSTRAINT "FK_c8be533f46b26ec23612475191a" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "care_plan" ADD CONSTRAINT "FK_3a61beec158bf764a7b768e4551" FOREIGN KEY ("overall_responsible_organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "care_plan" ADD CONSTRAINT "FK_a4de1c725569d3355e7e8083ba4" FOREIGN KEY ("coordinator_staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "care_plan_goal" ADD CONSTRAINT "FK_6dbfd138ab683637aa6a14f7fb0" FOREIGN KEY ("care_plan_id") REFERENCES "care_plan"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "care_plan_need" ADD CONSTRAINT "FK_4afc6617d38ea3ea62446bbcdbb" FOREIGN KEY ("care_plan_id") REFERENCES "care_plan"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "care_plan_action" ADD CONSTRAINT "FK_357df5d5a0888bda7a4cfaca79c" FOREIGN KEY ("care_plan_id") REFERENCES "care_plan"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "care_plan_action" ADD CONSTRAINT "FK_4474fb790e91f121da37d70bf9c" FOREIGN KEY ("responsible_organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "care_plan_action" ADD CONSTRAINT "FK_05868f87eee5ede181cdaf093ca" FOREIGN KEY ("responsible_staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "care_plan_participant" ADD CONSTRAINT "FK_8d193a0104fb00e44bab1c83b3d" FOREIGN KEY ("care_plan_id") REFERENCES "care_plan"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "care_plan_participant" ADD CONSTRAINT "FK_60e499de7e67be2b9b65b768b3b" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "care_plan_participant" ADD CONSTRAINT "FK_031b10ebfd6f5e66189e943c47e" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "care_plan_follow_up" ADD CONSTRAINT "FK_282e0c7e50a7dadc172531f8819" FOREIGN KEY ("care_plan_id") REFERENCES "care_plan"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "care_plan_follow_up_outcome" ADD CONSTRAINT "FK_3820525405b899ae4cc0973e8cf" FOREIGN KEY ("follow_up_id") REFERENCES "care_plan_follow_up"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "care_plan_experience_answer" ADD CONSTRAINT "FK_988d5bfe6834f0b07058e8e26ed" FOREIGN KEY ("follow_up_id") REFERENCES "care_plan_follow_up"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "care_plan_meeting" ADD CONSTRAINT "FK_c6914df1f6824d1b68a9d12c11f" FOREIGN KEY ("care_plan_id") REFERENCES "care_plan"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "care_plan_meeting_invitation" ADD CONSTRAINT "FK_4eb94c9fef499eb6e80e85a4054" FOREIGN KEY ("meeting_id") REFERENCES "care_plan_meeting"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "care_plan_meeting_invitation" ADD CONSTRAINT "FK_edf39470dfb66a3437288dd0154" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "care_plan_version" ADD CONSTRAINT "FK_65a90a5a7b6c4da45642b405ac9" FOREIGN KEY ("care_plan_id") REFERENCES "care_plan"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "care_plan_version" ADD CONSTRAINT "FK_6626644d73844beb785fd2f2eb8" FOREIGN KEY ("published_by_staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "care_plan_version" ADD CONSTRAINT "FK_9ce46bf13f74d502e45f6aa4d28" FOREIGN KEY ("published_by_organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Written by hand: participant lookups ("plans my organisation takes part in") by GIN; the entity marks it synchronize: false.
    await q.query(`CREATE INDEX "ix_care_plan_participant_orgs" ON "care_plan" USING gin ("participant_organisation_ids")`);
    // Written by hand: a published SIP version is an immutable snapshot, whoever the connecting role is.
    await q.query(`CREATE FUNCTION care_plan_version_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'care_plan_version is immutable: % of a published SIP version refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(
      `CREATE TRIGGER care_plan_version_no_update_delete BEFORE UPDATE OR DELETE ON "care_plan_version" FOR EACH ROW EXECUTE FUNCTION care_plan_version_refuse_change()`,
    );
    await q.query(
      `CREATE TRIGGER care_plan_version_no_truncate BEFORE TRUNCATE ON "care_plan_version" FOR EACH STATEMENT EXECUTE FUNCTION care_plan_version_refuse_change()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER care_plan_version_no_truncate ON "care_plan_version"`);
    await q.query(`DROP TRIGGER care_plan_version_no_update_delete ON "care_plan_version"`);
    await q.query(`DROP FUNCTION care_plan_version_refuse_change()`);
    await q.query(`DROP INDEX "public"."ix_care_plan_participant_orgs"`);
    await q.query(`ALTER TABLE "care_plan_version" DROP CONSTRAINT "FK_9ce46bf13f74d502e45f6aa4d28"`);
    await q.query(`ALTER TABLE "care_plan_version" DROP CONSTRAINT "FK_6626644d73844beb785fd2f2eb8"`);
    await q.query(`ALTER TABLE "care_plan_version" DROP CONSTRAINT "FK_65a90a5a7b6c4da45642b405ac9"`);
    await q.query(`ALTER TABLE "care_plan_meeting_invitation" DROP CONSTRAINT "FK_edf39470dfb66a3437288dd0154"`);
    await q.query(`ALTER TABLE "care_plan_meeting_invitation" DROP CONSTRAINT "FK_4eb94c9fef499eb6e80e85a4054"`);
    await q.query(`ALTER TABLE "care_plan_meeting" DROP CONSTRAINT "FK_c6914df1f6824d1b68a9d12c11f"`);
    await q.query(`ALTER TABLE "care_plan_experience_answer" DROP CONSTRAINT "FK_988d5bfe6834f0b07058e8e26ed"`);
    await q.query(`ALTER TABLE "care_plan_follow_up_outcome" DROP CONSTRAINT "FK_3820525405b899ae4cc0973e8cf"`);
    await q.query(`ALTER TABLE "care_plan_follow_up" DROP CONSTRAINT "FK_282e0c7e50a7dadc172531f8819"`);
    await q.query(`ALTER TABLE "care_plan_participant" DROP CONSTRAINT "FK_031b10ebfd6f5e66189e943c47e"`);
    await q.query(`ALTER TABLE "care_plan_participant" DROP CONSTRAINT "FK_60e499de7e67be2b9b65b768b3b"`);
    await q.query(`ALTER TABLE "care_plan_participant" DROP CONSTRAINT "FK_8d193a0104fb00e44bab1c83b3d"`);
    await q.query(`ALTER TABLE "care_plan_action" DROP CONSTRAINT "FK_05868f87eee5ede181cdaf093ca"`);
    await q.query(`ALTER TABLE "care_plan_action" DROP CONSTRAINT "FK_4474fb790e91f121da37d70bf9c"`);
    await q.query(`ALTER TABLE "care_plan_action" DROP CONSTRAINT "FK_357df5d5a0888bda7a4cfaca79c"`);
    await q.query(`ALTER TABLE "care_plan_need" DROP CONSTRAINT "FK_4afc6617d38ea3ea62446bbcdbb"`);
    await q.query(`ALTER TABLE "care_plan_goal" DROP CONSTRAINT "FK_6dbfd138ab683637aa6a14f7fb0"`);
    await q.query(`ALTER TABLE "care_plan" DROP CONSTRAINT "FK_a4de1c725569d3355e7e8083ba4"`);
    await q.query(`ALTER TABLE "care_plan" DROP CONSTRAINT "FK_3a61beec158bf764a7b768e4551"`);
    await q.query(`ALTER TABLE "care_plan" DROP CONSTRAINT "FK_c8be533f46b26ec23612475191a"`);
    await q.query(`DROP INDEX "public"."uq_care_plan_version_number"`);
    await q.query(`DROP INDEX "public"."ix_care_plan_version_published"`);
    await q.query(`DROP TABLE "care_plan_version"`);
    await q.query(`DROP INDEX "public"."uq_care_plan_meeting_invitation"`);
    await q.query(`DROP INDEX "public"."ix_care_plan_meeting_invitation_org"`);
    await q.query(`DROP TABLE "care_plan_meeting_invitation"`);
    await q.query(`DROP INDEX "public"."ix_care_plan_meeting_plan"`);
    await q.query(`DROP TABLE "care_plan_meeting"`);
    await q.query(`DROP TYPE "public"."care_plan_meeting_status"`);
    await q.query(`DROP TYPE "public"."care_plan_meeting_place"`);
    await q.query(`DROP INDEX "public"."uq_care_plan_experience_answer"`);
    await q.query(`DROP INDEX "public"."ix_care_plan_experience_question"`);
    await q.query(`DROP TABLE "care_plan_experience_answer"`);
    await q.query(`DROP TYPE "public"."care_plan_experience_question"`);
    await q.query(`DROP INDEX "public"."uq_care_plan_follow_up_outcome_item"`);
    await q.query(`DROP TABLE "care_plan_follow_up_outcome"`);
    await q.query(`DROP TYPE "public"."care_plan_outcome"`);
    await q.query(`DROP TYPE "public"."care_plan_item_kind"`);
    await q.query(`DROP INDEX "public"."ix_care_plan_follow_up_plan"`);
    await q.query(`DROP INDEX "public"."ix_care_plan_follow_up_org"`);
    await q.query(`DROP TABLE "care_plan_follow_up"`);
    await q.query(`DROP INDEX "public"."ix_care_plan_participant_plan"`);
    await q.query(`DROP TABLE "care_plan_participant"`);
    await q.query(`DROP TYPE "public"."care_plan_participant_kind"`);
    await q.query(`DROP INDEX "public"."ix_care_plan_action_plan"`);
    await q.query(`DROP TABLE "care_plan_action"`);
    await q.query(`DROP TYPE "public"."care_plan_action_status"`);
    await q.query(`DROP TYPE "public"."care_plan_action_kind"`);
    await q.query(`DROP INDEX "public"."ix_care_plan_need_plan"`);
    await q.query(`DROP TABLE "care_plan_need"`);
    await q.query(`DROP INDEX "public"."ix_care_plan_goal_plan"`);
    await q.query(`DROP TABLE "care_plan_goal"`);
    await q.query(`DROP INDEX "public"."uq_care_plan_open_per_patient"`);
    await q.query(`DROP INDEX "public"."ix_care_plan_patient"`);
    await q.query(`DROP INDEX "public"."ix_care_plan_follow_up_due"`);
    await q.query(`DROP TABLE "care_plan"`);
    await q.query(`DROP TYPE "public"."care_plan_close_reason"`);
    await q.query(`DROP TYPE "public"."care_plan_status"`);
  }
}
