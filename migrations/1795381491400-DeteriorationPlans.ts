import { MigrationInterface, QueryRunner } from 'typeorm';

export class DeteriorationPlans1795381491400 implements MigrationInterface {
  name = 'DeteriorationPlans1795381491400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE "public"."deterioration_plan_status" AS ENUM('DRAFT', 'ACTIVE', 'SUPERSEDED', 'WITHDRAWN')`);
    await q.query(
      `CREATE TABLE "deterioration_plan" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "plan_version" integer NOT NULL, "status" "public"."deterioration_plan_status" NOT NULL DEFAULT 'DRAFT', "conditions" text array NOT NULL DEFAULT '{}', "treatment_limitations" jsonb NOT NULL DEFAULT '[]', "steps" jsonb NOT NULL DEFAULT '[]', "contacts" jsonb NOT NULL DEFAULT '[]', "review_date" date, "based_on_plan_id" uuid, "recorded_by_organisation_id" uuid NOT NULL, "drafted_by_staff_id" uuid NOT NULL, "last_edited_by_staff_id" uuid NOT NULL, "signed_at" TIMESTAMP WITH TIME ZONE, "signed_by_staff_id" uuid, "signed_by_organisation_id" uuid, "superseded_at" TIMESTAMP WITH TIME ZONE, "superseded_by_plan_id" uuid, "withdrawn_at" TIMESTAMP WITH TIME ZONE, "withdrawn_by_staff_id" uuid, "withdrawal_reason" character varying(500), "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_deterioration_plan_withdrawn" CHECK ("status" <> 'WITHDRAWN' OR ("withdrawn_at" IS NOT NULL AND "withdrawal_reason" IS NOT NULL)), CONSTRAINT "ck_deterioration_plan_signed" CHECK ("status" IN ('DRAFT', 'WITHDRAWN') OR ("signed_at" IS NOT NULL AND "signed_by_staff_id" IS NOT NULL AND "signed_by_organisation_id" IS NOT NULL AND "review_date" IS NOT NULL)), CONSTRAINT "PK_06c6632e37a16a91ba6b6f6aa0a" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_deterioration_plan_review" ON "deterioration_plan"  ("review_date", "id") WHERE "status" = 'ACTIVE'`);
    await q.query(`CREATE UNIQUE INDEX "uq_deterioration_plan_version" ON "deterioration_plan"  ("patient_id", "plan_version") `);
    await q.query(`CREATE UNIQUE INDEX "uq_deterioration_plan_draft" ON "deterioration_plan"  ("patient_id") WHERE "status" = 'DRAFT'`);
    await q.query(`CREATE UNIQUE INDEX "uq_deterioration_plan_active" ON "deterioration_plan"  ("patient_id") WHERE "status" = 'ACTIVE'`);
    await q.query(
      `ALTER TABLE "deterioration_plan" ADD CONSTRAINT "FK_1d254bb20b6b8442a08cdd37e10" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Signed versions are immutable: a non-draft row may only go ACTIVE -> SUPERSEDED or WITHDRAWN
    // (status, timestamps, who, reason and the lock counter), and no signed row is ever deleted.
    await q.query(`CREATE FUNCTION deterioration_plan_guard() RETURNS trigger LANGUAGE plpgsql AS $$
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
      END $$`);
    await q.query(
      `CREATE TRIGGER deterioration_plan_immutable BEFORE UPDATE OR DELETE ON "deterioration_plan" FOR EACH ROW EXECUTE FUNCTION deterioration_plan_guard()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER deterioration_plan_immutable ON "deterioration_plan"`);
    await q.query(`DROP FUNCTION deterioration_plan_guard()`);
    await q.query(`ALTER TABLE "deterioration_plan" DROP CONSTRAINT "FK_1d254bb20b6b8442a08cdd37e10"`);
    await q.query(`DROP INDEX "public"."uq_deterioration_plan_active"`);
    await q.query(`DROP INDEX "public"."uq_deterioration_plan_draft"`);
    await q.query(`DROP INDEX "public"."uq_deterioration_plan_version"`);
    await q.query(`DROP INDEX "public"."ix_deterioration_plan_review"`);
    await q.query(`DROP TABLE "deterioration_plan"`);
    await q.query(`DROP TYPE "public"."deterioration_plan_status"`);
  }
}
