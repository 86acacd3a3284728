import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Patient agreements (dokumenterad överenskommelse, patientkontrakt) beside SIPs:
 *
 * - `care_plan.plan_type` (SIP | PATIENT_AGREEMENT); every existing plan is a SIP (the default).
 * - The agreement's draft fields on the plan row: the text in the patient's words, the fixed care
 *   contact (fast vårdkontakt), the next agreed time, whom to call in the daytime and out of hours.
 *   Published versions keep them in the snapshot (jsonb; older snapshots simply lack them).
 * - A SIP can replace an agreement: `supersedes_care_plan_id` on the SIP, `superseded_by_care_plan_id`
 *   on the agreement, which becomes SUPERSEDED (a new status) when the SIP is first published.
 * - Actions the patient does themself: action kind SELF_CARE (egenvård).
 * - One open plan per patient becomes one open plan of each type (`uq_care_plan_open_per_patient_type`)
 *   and one plan in force (`uq_care_plan_in_force_per_patient`).
 *
 * The new enum values are added, not used, in this transaction. `down` refuses while an agreement,
 * a superseded plan or a SELF_CARE action exists (the old types have no such values).
 */
export class PatientAgreements1796910000000 implements MigrationInterface {
  name = 'PatientAgreements1796910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."uq_care_plan_open_per_patient"`);
    await q.query(`CREATE TYPE "public"."care_plan_type" AS ENUM('SIP', 'PATIENT_AGREEMENT')`);
    await q.query(`ALTER TABLE "care_plan" ADD "plan_type" "public"."care_plan_type" NOT NULL DEFAULT 'SIP'`);
    await q.query(`ALTER TABLE "care_plan" ADD "supersedes_care_plan_id" uuid`);
    await q.query(`ALTER TABLE "care_plan" ADD "superseded_by_care_plan_id" uuid`);
    await q.query(`ALTER TABLE "care_plan" ADD "agreement_text" character varying(2000)`);
    await q.query(`ALTER TABLE "care_plan" ADD "care_contact_staff_id" uuid`);
    await q.query(`ALTER TABLE "care_plan" ADD "agreed_time" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "care_plan" ADD "daytime_contact_name" character varying(200)`);
    await q.query(`ALTER TABLE "care_plan" ADD "daytime_contact_phone" character varying(40)`);
    await q.query(`ALTER TABLE "care_plan" ADD "out_of_hours_contact_name" character varying(200)`);
    await q.query(`ALTER TABLE "care_plan" ADD "out_of_hours_contact_phone" character varying(40)`);
    await q.query(`ALTER TYPE "public"."care_plan_status" ADD VALUE 'SUPERSEDED'`);
    await q.query(`ALTER TYPE "public"."care_plan_action_kind" ADD VALUE 'SELF_CARE'`);
    await q.query(`CREATE UNIQUE INDEX "uq_care_plan_in_force_per_patient" ON "care_plan"  ("patient_id") WHERE "status" = 'ACTIVE'`);
    await q.query(`CREATE UNIQUE INDEX "uq_care_plan_open_per_patient_type" ON "care_plan"  ("patient_id", "plan_type") WHERE "status" IN ('DRAFT', 'ACTIVE')`);
    await q.query(
      `ALTER TABLE "care_plan" ADD CONSTRAINT "FK_9408963f7d5f47f02d4ea14a2e0" FOREIGN KEY ("supersedes_care_plan_id") REFERENCES "care_plan"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "care_plan" ADD CONSTRAINT "FK_64d33a053e2828fd15fe72ff0a0" FOREIGN KEY ("superseded_by_care_plan_id") REFERENCES "care_plan"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "care_plan" ADD CONSTRAINT "FK_abb8531fc5058614afcc1ed3cf1" FOREIGN KEY ("care_contact_staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const [used] = (await q.query(
      `SELECT EXISTS (SELECT 1 FROM care_plan WHERE plan_type <> 'SIP' OR status::text = 'SUPERSEDED')
           OR EXISTS (SELECT 1 FROM care_plan_action WHERE kind::text = 'SELF_CARE') AS used`,
    )) as Array<{ used: boolean }>;
    if (used.used) throw new Error('Patient agreements, superseded plans or SELF_CARE actions exist; they cannot be represented before this migration');
    await q.query(`ALTER TABLE "care_plan" DROP CONSTRAINT "FK_abb8531fc5058614afcc1ed3cf1"`);
    await q.query(`ALTER TABLE "care_plan" DROP CONSTRAINT "FK_64d33a053e2828fd15fe72ff0a0"`);
    await q.query(`ALTER TABLE "care_plan" DROP CONSTRAINT "FK_9408963f7d5f47f02d4ea14a2e0"`);
    await q.query(`DROP INDEX "public"."uq_care_plan_open_per_patient_type"`);
    await q.query(`DROP INDEX "public"."uq_care_plan_in_force_per_patient"`);
    await q.query(`CREATE TYPE "public"."care_plan_action_kind_old" AS ENUM('HEALTH_CARE', 'SOCIAL_SERVICE', 'REHABILITATION', 'NEXT_OF_KIN', 'OTHER')`);
    await q.query(
      `ALTER TABLE "care_plan_action" ALTER COLUMN "kind" TYPE "public"."care_plan_action_kind_old" USING "kind"::"text"::"public"."care_plan_action_kind_old"`,
    );
    await q.query(`DROP TYPE "public"."care_plan_action_kind"`);
    await q.query(`ALTER TYPE "public"."care_plan_action_kind_old" RENAME TO "care_plan_action_kind"`);
    await q.query(`CREATE TYPE "public"."care_plan_status_old" AS ENUM('DRAFT', 'ACTIVE', 'CLOSED')`);
    await q.query(`ALTER TABLE "care_plan" ALTER COLUMN "status" TYPE "public"."care_plan_status_old" USING "status"::"text"::"public"."care_plan_status_old"`);
    await q.query(`DROP TYPE "public"."care_plan_status"`);
    await q.query(`ALTER TYPE "public"."care_plan_status_old" RENAME TO "care_plan_status"`);
    await q.query(`ALTER TABLE "care_plan" DROP COLUMN "out_of_hours_contact_phone"`);
    await q.query(`ALTER TABLE "care_plan" DROP COLUMN "out_of_hours_contact_name"`);
    await q.query(`ALTER TABLE "care_plan" DROP COLUMN "daytime_contact_phone"`);
    await q.query(`ALTER TABLE "care_plan" DROP COLUMN "daytime_contact_name"`);
    await q.query(`ALTER TABLE "care_plan" DROP COLUMN "agreed_time"`);
    await q.query(`ALTER TABLE "care_plan" DROP COLUMN "care_contact_staff_id"`);
    await q.query(`ALTER TABLE "care_plan" DROP COLUMN "agreement_text"`);
    await q.query(`ALTER TABLE "care_plan" DROP COLUMN "superseded_by_care_plan_id"`);
    await q.query(`ALTER TABLE "care_plan" DROP COLUMN "supersedes_care_plan_id"`);
    await q.query(`ALTER TABLE "care_plan" DROP COLUMN "plan_type"`);
    await q.query(`DROP TYPE "public"."care_plan_type"`);
    await q.query(`CREATE UNIQUE INDEX "uq_care_plan_open_per_patient" ON "care_plan" USING btree ("patient_id") WHERE (status <> 'CLOSED'::care_plan_status)`);
  }
}
