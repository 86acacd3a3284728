import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The patient-approval decisions of published SIP versions (GetCarePlans' `approvedForPatient`):
 * `plan_patient_approval`, one row per decision, the latest per version holding; no row means
 * not approved. Nothing else changes: the exports themselves read the published versions.
 */
export class PlanExport1796930000000 implements MigrationInterface {
  name = 'PlanExport1796930000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "plan_patient_approval" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "care_plan_version_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "approved" boolean NOT NULL, "reason" character varying(500), "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL, "decided_by_staff_id" uuid NOT NULL, "decided_by_organisation_id" uuid NOT NULL, CONSTRAINT "PK_2e566c49c97dfab5e44a59b44ef" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_plan_patient_approval_version" ON "plan_patient_approval"  ("care_plan_version_id", "decided_at") `);
    await q.query(
      `ALTER TABLE "plan_patient_approval" ADD CONSTRAINT "FK_94078ac3ed1beae37d028d21cf9" FOREIGN KEY ("care_plan_version_id") REFERENCES "care_plan_version"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "plan_patient_approval" ADD CONSTRAINT "FK_3314c7963881a162075cbe9cd25" FOREIGN KEY ("decided_by_staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "plan_patient_approval" ADD CONSTRAINT "FK_e14e6f83a2a522ee077e4d8e29e" FOREIGN KEY ("decided_by_organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "plan_patient_approval" DROP CONSTRAINT "FK_e14e6f83a2a522ee077e4d8e29e"`);
    await q.query(`ALTER TABLE "plan_patient_approval" DROP CONSTRAINT "FK_3314c7963881a162075cbe9cd25"`);
    await q.query(`ALTER TABLE "plan_patient_approval" DROP CONSTRAINT "FK_94078ac3ed1beae37d028d21cf9"`);
    await q.query(`DROP INDEX "public"."ix_plan_patient_approval_version"`);
    await q.query(`DROP TABLE "plan_patient_approval"`);
  }
}
