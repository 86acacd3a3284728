import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The patient's own view: representatives recorded by staff (`patient_representative`: ombud, god
 * man, förvaltare, with their personnummer and period), who sign in and act for the patient; and
 * the changes a patient proposes to their SIP (`care_plan_proposal`), accepted or declined by the
 * SIP's participants. New tables only; nothing existing changes.
 */
export class PatientView1796900000000 implements MigrationInterface {
  name = 'PatientView1796900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE "public"."care_plan_proposal_status" AS ENUM('PROPOSED', 'ACCEPTED', 'DECLINED')`);
    await q.query(
      `CREATE TABLE "care_plan_proposal" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "care_plan_id" uuid NOT NULL, "goals" jsonb NOT NULL, "what_matters_to_me" text, "message" character varying(2000) NOT NULL, "status" "public"."care_plan_proposal_status" NOT NULL DEFAULT 'PROPOSED', "proposed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "proposed_by_representative_id" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "decided_by_staff_id" uuid, "decided_by_organisation_id" uuid, "decline_reason" character varying(1000), CONSTRAINT "PK_5428faef32396fee71adf65b3b8" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_care_plan_proposal_patient" ON "care_plan_proposal"  ("patient_id", "proposed_at") `);
    await q.query(`CREATE TYPE "public"."representative_kind" AS ENUM('OMBUD', 'GOD_MAN', 'FORVALTARE')`);
    await q.query(
      `CREATE TABLE "patient_representative" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "representative_personnummer" character(12) NOT NULL, "name" character varying(200) NOT NULL, "kind" "public"."representative_kind" NOT NULL, "valid_from" date NOT NULL, "valid_to" date, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_by_staff_id" uuid NOT NULL, "recorded_by_organisation_id" uuid NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, "ended_by_staff_id" uuid, "end_reason" character varying(500), CONSTRAINT "PK_8da7cfa6d43d4301c0475d77b74" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_patient_representative_patient" ON "patient_representative"  ("patient_id", "recorded_at") `);
    await q.query(`CREATE INDEX "ix_patient_representative_person" ON "patient_representative"  ("representative_personnummer") `);
    await q.query(
      `ALTER TABLE "care_plan_proposal" ADD CONSTRAINT "FK_83f50573480deb2c6fd1a5304fb" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "care_plan_proposal" ADD CONSTRAINT "FK_c7cd5ce41cf2db1918b9dfac61c" FOREIGN KEY ("care_plan_id") REFERENCES "care_plan"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "patient_representative" ADD CONSTRAINT "FK_2d0bf8b6a7b328c387ec5157c2f" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "patient_representative" DROP CONSTRAINT "FK_2d0bf8b6a7b328c387ec5157c2f"`);
    await q.query(`ALTER TABLE "care_plan_proposal" DROP CONSTRAINT "FK_c7cd5ce41cf2db1918b9dfac61c"`);
    await q.query(`ALTER TABLE "care_plan_proposal" DROP CONSTRAINT "FK_83f50573480deb2c6fd1a5304fb"`);
    await q.query(`DROP INDEX "public"."ix_patient_representative_person"`);
    await q.query(`DROP INDEX "public"."ix_patient_representative_patient"`);
    await q.query(`DROP TABLE "patient_representative"`);
    await q.query(`DROP TYPE "public"."representative_kind"`);
    await q.query(`DROP INDEX "public"."ix_care_plan_proposal_patient"`);
    await q.query(`DROP TABLE "care_plan_proposal"`);
    await q.query(`DROP TYPE "public"."care_plan_proposal_status"`);
  }
}
