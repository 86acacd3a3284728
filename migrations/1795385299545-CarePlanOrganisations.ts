import { MigrationInterface, QueryRunner } from 'typeorm';

export class CarePlanOrganisations1795385299545 implements MigrationInterface {
  name = 'CarePlanOrganisations1795385299545';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "care_plan_organisation" ("care_plan_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "patient_id" uuid NOT NULL, CONSTRAINT "PK_52b085b70babffa123bce72e74e" PRIMARY KEY ("care_plan_id", "organisation_id"))`,
    );
    await q.query(`CREATE INDEX "ix_care_plan_organisation_patient" ON "care_plan_organisation"  ("patient_id") `);
    await q.query(`CREATE INDEX "ix_care_plan_organisation_organisation" ON "care_plan_organisation"  ("organisation_id", "patient_id") `);
    await q.query(
      `ALTER TABLE "care_plan_organisation" ADD CONSTRAINT "FK_480e925d72c58f687b00989976d" FOREIGN KEY ("care_plan_id") REFERENCES "care_plan"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "care_plan_organisation" ADD CONSTRAINT "FK_27477216f67c407192430d690b9" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "care_plan_organisation" ADD CONSTRAINT "FK_4bf090fa0632d2d3bf71cbe95eb" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Written by hand: the rows of the plans open now, from the array refreshParticipants keeps.
    await q.query(`INSERT INTO "care_plan_organisation" ("care_plan_id", "organisation_id", "patient_id")
                   SELECT cp.id, o, cp.patient_id FROM care_plan cp CROSS JOIN LATERAL unnest(cp.participant_organisation_ids) AS o
                    WHERE cp.status <> 'CLOSED' ON CONFLICT DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "care_plan_organisation" DROP CONSTRAINT "FK_4bf090fa0632d2d3bf71cbe95eb"`);
    await q.query(`ALTER TABLE "care_plan_organisation" DROP CONSTRAINT "FK_27477216f67c407192430d690b9"`);
    await q.query(`ALTER TABLE "care_plan_organisation" DROP CONSTRAINT "FK_480e925d72c58f687b00989976d"`);
    await q.query(`DROP INDEX "public"."ix_care_plan_organisation_organisation"`);
    await q.query(`DROP INDEX "public"."ix_care_plan_organisation_patient"`);
    await q.query(`DROP TABLE "care_plan_organisation"`);
  }
}
