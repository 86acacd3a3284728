import { MigrationInterface, QueryRunner } from 'typeorm';

export class Patients1795380950036 implements MigrationInterface {
  name = 'Patients1795380950036';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "information_block" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "recorded_by_staff_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "lifted_at" TIMESTAMP WITH TIME ZONE, "lifted_by_staff_id" uuid, CONSTRAINT "PK_ca00e075a30e3945708b3e5965a" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_block_patient" ON "information_block"  ("patient_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_block_active" ON "information_block"  ("patient_id", "organisation_id") WHERE "lifted_at" IS NULL`);
    await q.query(`CREATE TYPE "public"."block_opening_basis" AS ENUM('PATIENT_CONSENT', 'EMERGENCY')`);
    await q.query(
      `CREATE TABLE "block_opening" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "staff_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "basis" "public"."block_opening_basis" NOT NULL, "reason" character varying(500) NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL, "confirmed_at" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_cb324008b4f026d14cfb147aab3" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_block_opening_patient_staff" ON "block_opening"  ("patient_id", "staff_id") `);
    await q.query(
      `CREATE TABLE "emergency_access" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "staff_id" uuid NOT NULL, "assignment_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "reason" character varying(500) NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reviewed_at" TIMESTAMP WITH TIME ZONE, "reviewed_by_staff_id" uuid, "review_note" character varying(1000), CONSTRAINT "PK_df6a3cc6b2bd3f218edb410a3f3" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_emergency_organisation" ON "emergency_access"  ("organisation_id", "opened_at") `);
    await q.query(`CREATE INDEX "ix_emergency_patient_staff" ON "emergency_access"  ("patient_id", "staff_id", "expires_at") `);
    await q.query(
      `CREATE TABLE "patient" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "personnummer" character(12) NOT NULL, "coordination_number" boolean NOT NULL DEFAULT false, "given_name" character varying(100) NOT NULL, "family_name" character varying(100) NOT NULL, "birth_date" date NOT NULL, "address" character varying(300), "phone" character varying(40), "protected_identity" boolean NOT NULL DEFAULT false, "next_of_kin" jsonb NOT NULL, "what_matters_to_me" text, "what_matters_to_me_recorded_by" uuid, "registered_by_organisation_id" uuid NOT NULL, "registered_by_staff_id" uuid NOT NULL, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8dfa510bb29ad31ab2139fbfb99" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_patient_personnummer" ON "patient"  ("personnummer") `);
    await q.query(`CREATE INDEX "ix_patient_name" ON "patient"  ("family_name", "given_name", "id") `);
    await q.query(
      `CREATE TABLE "care_team_member" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "reason" character varying(500) NOT NULL, "added_by_staff_id" uuid NOT NULL, "added_by_organisation_id" uuid NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "removed_at" TIMESTAMP WITH TIME ZONE, "removed_by_staff_id" uuid, "removal_reason" character varying(500), CONSTRAINT "PK_1923c636a6241c6e123ebc123d5" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_care_team_patient" ON "care_team_member"  ("patient_id") `);
    await q.query(`CREATE INDEX "ix_care_team_organisation" ON "care_team_member"  ("organisation_id") WHERE "removed_at" IS NULL`);
    await q.query(`CREATE UNIQUE INDEX "uq_care_team_active" ON "care_team_member"  ("patient_id", "organisation_id") WHERE "removed_at" IS NULL`);
    await q.query(`CREATE TYPE "public"."consent_kind" AS ENUM('INFORMATION_SHARING', 'SIP')`);
    await q.query(`CREATE TYPE "public"."consent_given_by" AS ENUM('PATIENT', 'REPRESENTATIVE')`);
    await q.query(`CREATE TYPE "public"."consent_scope" AS ENUM('CARE_TEAM', 'NAMED_ORGANISATIONS')`);
    await q.query(
      `CREATE TABLE "consent" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "kind" "public"."consent_kind" NOT NULL, "given_by" "public"."consent_given_by" NOT NULL, "representative_name" character varying(200), "scope" "public"."consent_scope" NOT NULL, "organisation_ids" uuid array NOT NULL DEFAULT '{}', "valid_from" date NOT NULL, "valid_until" date, "recorded_by_staff_id" uuid NOT NULL, "recorded_by_organisation_id" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_by_staff_id" uuid, "revocation_reason" character varying(500), CONSTRAINT "PK_9115e8d6b082d4fc46d56134d29" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_consent_patient" ON "consent"  ("patient_id", "kind") `);
    await q.query(`CREATE TYPE "public"."enrollment_status" AS ENUM('ACTIVE', 'ENDED')`);
    await q.query(
      `CREATE TABLE "home_healthcare_enrollment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "status" "public"."enrollment_status" NOT NULL DEFAULT 'ACTIVE', "municipality_id" uuid NOT NULL, "primary_care_id" uuid NOT NULL, "named_nurse_id" uuid NOT NULL, "named_physician_id" uuid NOT NULL, "start_date" date NOT NULL, "joint_home_visit_date" date, "end_date" date, "end_reason" character varying(500), "ended_by_staff_id" uuid, "enrolled_by_staff_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_da5ac2104ed95b7b62e360a7d4f" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_enrollment_named_nurse" ON "home_healthcare_enrollment"  ("named_nurse_id", "status") `);
    await q.query(`CREATE INDEX "ix_enrollment_primary_care" ON "home_healthcare_enrollment"  ("primary_care_id", "status") `);
    await q.query(`CREATE INDEX "ix_enrollment_municipality" ON "home_healthcare_enrollment"  ("municipality_id", "status") `);
    await q.query(`CREATE INDEX "ix_enrollment_patient" ON "home_healthcare_enrollment"  ("patient_id", "start_date") `);
    await q.query(`CREATE UNIQUE INDEX "uq_enrollment_active_patient" ON "home_healthcare_enrollment"  ("patient_id") WHERE "status" = 'ACTIVE'`);
    await q.query(
      `ALTER TABLE "care_team_member" ADD CONSTRAINT "FK_0cde937a24030b50a555d4cc4e2" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "care_team_member" ADD CONSTRAINT "FK_7fa819fa505a74e654cd528dd42" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "home_healthcare_enrollment" ADD CONSTRAINT "FK_f93352edf6d4b995ef658e2fcb8" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "home_healthcare_enrollment" ADD CONSTRAINT "FK_ce4b0295302edecd551bcc70d54" FOREIGN KEY ("municipality_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "home_healthcare_enrollment" ADD CONSTRAINT "FK_cb7871aac6eec71b5b9ac242940" FOREIGN KEY ("primary_care_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "home_healthcare_enrollment" ADD CONSTRAINT "FK_4c672a120dff6c5b6546b90d428" FOREIGN KEY ("named_nurse_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "home_healthcare_enrollment" ADD CONSTRAINT "FK_7cec671050f44fa0691e85a8e18" FOREIGN KEY ("named_physician_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "home_healthcare_enrollment" DROP CONSTRAINT "FK_7cec671050f44fa0691e85a8e18"`);
    await q.query(`ALTER TABLE "home_healthcare_enrollment" DROP CONSTRAINT "FK_4c672a120dff6c5b6546b90d428"`);
    await q.query(`ALTER TABLE "home_healthcare_enrollment" DROP CONSTRAINT "FK_cb7871aac6eec71b5b9ac242940"`);
    await q.query(`ALTER TABLE "home_healthcare_enrollment" DROP CONSTRAINT "FK_ce4b0295302edecd551bcc70d54"`);
    await q.query(`ALTER TABLE "home_healthcare_enrollment" DROP CONSTRAINT "FK_f93352edf6d4b995ef658e2fcb8"`);
    await q.query(`ALTER TABLE "care_team_member" DROP CONSTRAINT "FK_7fa819fa505a74e654cd528dd42"`);
    await q.query(`ALTER TABLE "care_team_member" DROP CONSTRAINT "FK_0cde937a24030b50a555d4cc4e2"`);
    await q.query(`DROP INDEX "public"."uq_enrollment_active_patient"`);
    await q.query(`DROP INDEX "public"."ix_enrollment_patient"`);
    await q.query(`DROP INDEX "public"."ix_enrollment_municipality"`);
    await q.query(`DROP INDEX "public"."ix_enrollment_primary_care"`);
    await q.query(`DROP INDEX "public"."ix_enrollment_named_nurse"`);
    await q.query(`DROP TABLE "home_healthcare_enrollment"`);
    await q.query(`DROP TYPE "public"."enrollment_status"`);
    await q.query(`DROP INDEX "public"."ix_consent_patient"`);
    await q.query(`DROP TABLE "consent"`);
    await q.query(`DROP TYPE "public"."consent_scope"`);
    await q.query(`DROP TYPE "public"."consent_given_by"`);
    await q.query(`DROP TYPE "public"."consent_kind"`);
    await q.query(`DROP INDEX "public"."uq_care_team_active"`);
    await q.query(`DROP INDEX "public"."ix_care_team_organisation"`);
    await q.query(`DROP INDEX "public"."ix_care_team_patient"`);
    await q.query(`DROP TABLE "care_team_member"`);
    await q.query(`DROP INDEX "public"."ix_patient_name"`);
    await q.query(`DROP INDEX "public"."uq_patient_personnummer"`);
    await q.query(`DROP TABLE "patient"`);
    await q.query(`DROP INDEX "public"."ix_emergency_patient_staff"`);
    await q.query(`DROP INDEX "public"."ix_emergency_organisation"`);
    await q.query(`DROP TABLE "emergency_access"`);
    await q.query(`DROP INDEX "public"."ix_block_opening_patient_staff"`);
    await q.query(`DROP TABLE "block_opening"`);
    await q.query(`DROP TYPE "public"."block_opening_basis"`);
    await q.query(`DROP INDEX "public"."uq_block_active"`);
    await q.query(`DROP INDEX "public"."ix_block_patient"`);
    await q.query(`DROP TABLE "information_block"`);
  }
}
