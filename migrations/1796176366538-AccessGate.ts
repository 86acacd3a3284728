import { MigrationInterface, QueryRunner } from 'typeorm';

export class AccessGate1796176366538 implements MigrationInterface {
  name = 'AccessGate1796176366538';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE "public"."registration_purpose" AS ENUM('ENROLLMENT', 'HOSPITAL_STAY')`);
    await q.query(
      `CREATE TABLE "patient_registration" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "staff_id" uuid NOT NULL, "purpose" "public"."registration_purpose" NOT NULL, "registered_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_2d5b86260da9e1156d24ce76402" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_patient_registration_patient" ON "patient_registration"  ("patient_id", "organisation_id", "expires_at") `);
    await q.query(`ALTER TABLE "care_team_member" ADD "removed_by_organisation_id" uuid`);
    await q.query(`CREATE INDEX "ix_care_team_added_by" ON "care_team_member"  ("added_by_organisation_id", "added_at") `);
    // An organisation no longer gives itself a relationship: memberships it added for itself
    // (registering a patient did so) end now. Its access goes on only through a relationship with
    // an author (an enrollment, an open discharge process, a membership another organisation added).
    await q.query(
      `UPDATE care_team_member
          SET removed_at = now(), removed_by_organisation_id = organisation_id,
              removal_reason = 'Ended: an organisation no longer adds itself to the care team; its access continues only through an enrollment, an open discharge process or another organisation adding it'
        WHERE removed_at IS NULL AND added_by_organisation_id = organisation_id`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."ix_care_team_added_by"`);
    await q.query(`ALTER TABLE "care_team_member" DROP COLUMN "removed_by_organisation_id"`);
    await q.query(`DROP INDEX "public"."ix_patient_registration_patient"`);
    await q.query(`DROP TABLE "patient_registration"`);
    await q.query(`DROP TYPE "public"."registration_purpose"`);
  }
}
