import { MigrationInterface, QueryRunner } from 'typeorm';

export class Platform1795379702760 implements MigrationInterface {
  name = 'Platform1795379702760';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE "public"."audit_outcome" AS ENUM('ALLOWED', 'REFUSED')`);
    await q.query(
      `CREATE TABLE "audit_log" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "request_id" character varying(64), "staff_id" uuid NOT NULL, "staff_hsa_id" character varying(31) NOT NULL, "assignment_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "role" character varying(40) NOT NULL, "patient_id" uuid, "operation" character varying(80) NOT NULL, "purpose" character varying(200) NOT NULL, "emergency" boolean NOT NULL DEFAULT false, "outcome" "public"."audit_outcome" NOT NULL DEFAULT 'ALLOWED', "details" jsonb, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_audit_organisation_at" ON "audit_log"  ("organisation_id", "at") `);
    await q.query(`CREATE INDEX "ix_audit_staff_at" ON "audit_log"  ("staff_id", "at") `);
    await q.query(`CREATE INDEX "ix_audit_patient_at" ON "audit_log"  ("patient_id", "at") `);
    await q.query(`CREATE TYPE "public"."organisation_kind" AS ENUM('MUNICIPALITY', 'PRIMARY_CARE', 'HOSPITAL')`);
    await q.query(
      `CREATE TABLE "organisation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "hsa_id" character varying(31) NOT NULL, "kind" "public"."organisation_kind" NOT NULL, "name" character varying(200) NOT NULL, "municipality_code" character(4), "principal_name" character varying(200) NOT NULL, "privately_run" boolean NOT NULL DEFAULT false, "parent_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c725ae234ef1b74cce43d2d00c1" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_organisation_hsa_id" ON "organisation"  ("hsa_id") `);
    await q.query(`CREATE INDEX "ix_organisation_parent" ON "organisation"  ("parent_id") `);
    await q.query(
      `CREATE TABLE "staff" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "hsa_id" character varying(31) NOT NULL, "name" character varying(200) NOT NULL, "profession_title" character varying(100) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e4ee98bb552756c180aec1e854a" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_staff_hsa_id" ON "staff"  ("hsa_id") `);
    await q.query(
      `CREATE TYPE "public"."staff_role" AS ENUM('NURSE', 'PHYSICIAN', 'REHAB', 'DISCHARGE_COORDINATOR', 'CARE_COORDINATOR', 'SOCIAL_WORKER', 'UNIT_MANAGER', 'MAS', 'ADMIN')`,
    );
    await q.query(
      `CREATE TABLE "assignment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "staff_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "role" "public"."staff_role" NOT NULL, "valid_from" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "ended_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_43c2f5a3859f54cedafb270f37e" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_assignment_staff" ON "assignment"  ("staff_id") `);
    await q.query(`CREATE INDEX "ix_assignment_organisation" ON "assignment"  ("organisation_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_assignment_active" ON "assignment"  ("staff_id", "organisation_id", "role") WHERE "ended_at" IS NULL`);
    await q.query(
      `ALTER TABLE "organisation" ADD CONSTRAINT "FK_c4ba39f5697ec0cd6e03314b616" FOREIGN KEY ("parent_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "assignment" ADD CONSTRAINT "FK_953207aefca4d256327bdc03cba" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "assignment" ADD CONSTRAINT "FK_ee321e9abf16fe48543c9cd9f05" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // The access log is append-only in the database itself: no role, the application's included,
    // can change or remove a row once written.
    await q.query(`CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`);
    await q.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_log_no_truncate ON "audit_log"`);
    await q.query(`DROP TRIGGER audit_log_no_update_delete ON "audit_log"`);
    await q.query(`DROP FUNCTION audit_log_refuse_change()`);
    await q.query(`ALTER TABLE "assignment" DROP CONSTRAINT "FK_ee321e9abf16fe48543c9cd9f05"`);
    await q.query(`ALTER TABLE "assignment" DROP CONSTRAINT "FK_953207aefca4d256327bdc03cba"`);
    await q.query(`ALTER TABLE "organisation" DROP CONSTRAINT "FK_c4ba39f5697ec0cd6e03314b616"`);
    await q.query(`DROP INDEX "public"."uq_assignment_active"`);
    await q.query(`DROP INDEX "public"."ix_assignment_organisation"`);
    await q.query(`DROP INDEX "public"."ix_assignment_staff"`);
    await q.query(`DROP TABLE "assignment"`);
    await q.query(`DROP TYPE "public"."staff_role"`);
    await q.query(`DROP INDEX "public"."uq_staff_hsa_id"`);
    await q.query(`DROP TABLE "staff"`);
    await q.query(`DROP INDEX "public"."ix_organisation_parent"`);
    await q.query(`DROP INDEX "public"."uq_organisation_hsa_id"`);
    await q.query(`DROP TABLE "organisation"`);
    await q.query(`DROP TYPE "public"."organisation_kind"`);
    await q.query(`DROP INDEX "public"."ix_audit_patient_at"`);
    await q.query(`DROP INDEX "public"."ix_audit_staff_at"`);
    await q.query(`DROP INDEX "public"."ix_audit_organisation_at"`);
    await q.query(`DROP TABLE "audit_log"`);
    await q.query(`DROP TYPE "public"."audit_outcome"`);
  }
}
