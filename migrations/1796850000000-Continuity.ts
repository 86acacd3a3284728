import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Continuity of home healthcare (issue 17, item 4):
 *
 * - `named_contact_change`: every change of an active enrollment's fast vårdkontakt or fast
 *   läkarkontakt (old and new staff, reason, note, first day, who changed it); the enrollment's own
 *   columns keep the current contacts.
 * - `patient_housing`: the patient's boendeform from a date (ordinärt boende, SÄBO, korttidsboende).
 * - `frailty_assessment`: Clinical Frailty Scale 1–9 with the day and the assessor.
 * - `joint_home_visit`: a joint home visit (gemensamt hembesök) held for an enrollment, with the staff
 *   of both parties who took part; the follow-up counts visits within 14 days of the start.
 *
 * Nothing existing changes; `down` drops the four tables and their types.
 */
export class Continuity1796850000000 implements MigrationInterface {
  name = 'Continuity1796850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE "public"."named_contact_role" AS ENUM('CARE_CONTACT', 'PHYSICIAN')`);
    await q.query(`CREATE TYPE "public"."named_contact_change_reason" AS ENUM('STAFF_LEFT', 'PATIENT_REQUEST', 'WORKLOAD', 'OTHER')`);
    await q.query(`CREATE TYPE "public"."housing" AS ENUM('ORDINARY_HOUSING', 'SPECIAL_HOUSING', 'SHORT_TERM_STAY')`);
    await q.query(
      `CREATE TABLE "named_contact_change" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "enrollment_id" uuid NOT NULL, "role" "public"."named_contact_role" NOT NULL, "previous_staff_id" uuid NOT NULL, "new_staff_id" uuid NOT NULL, "reason" "public"."named_contact_change_reason" NOT NULL, "note" character varying(500), "effective_from" date NOT NULL, "changed_by_staff_id" uuid NOT NULL, "changed_by_organisation_id" uuid NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c355047191f2453be3b63dd3041" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "patient_housing" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "housing" "public"."housing" NOT NULL, "from_date" date NOT NULL, "note" character varying(500), "recorded_by_staff_id" uuid NOT NULL, "recorded_by_organisation_id" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_554d7dba5bc5a6a3971792863d2" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "frailty_assessment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "score" smallint NOT NULL, "assessed_on" date NOT NULL, "note" character varying(500), "assessed_by_staff_id" uuid NOT NULL, "recorded_by_organisation_id" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c68b5eada31da9e2cc2f4cc6edf" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "joint_home_visit" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "enrollment_id" uuid NOT NULL, "visited_on" date NOT NULL, "participant_staff_ids" uuid array NOT NULL, "recorded_by_staff_id" uuid NOT NULL, "recorded_by_organisation_id" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_030fef38a48131eae21f76272cb" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_named_contact_change_enrollment" ON "named_contact_change"  ("enrollment_id", "effective_from") `);
    await q.query(`CREATE INDEX "ix_named_contact_change_patient" ON "named_contact_change"  ("patient_id", "effective_from") `);
    await q.query(`CREATE INDEX "ix_patient_housing_patient" ON "patient_housing"  ("patient_id", "from_date") `);
    await q.query(`CREATE INDEX "ix_frailty_assessment_patient" ON "frailty_assessment"  ("patient_id", "assessed_on") `);
    await q.query(`CREATE INDEX "ix_joint_home_visit_enrollment" ON "joint_home_visit"  ("enrollment_id", "visited_on") `);
    await q.query(`CREATE INDEX "ix_joint_home_visit_patient" ON "joint_home_visit"  ("patient_id", "visited_on") `);
    await q.query(
      `ALTER TABLE "named_contact_change" ADD CONSTRAINT "FK_ff9f60a059bda1805e30ecb8494" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "patient_housing" ADD CONSTRAINT "FK_0ad1b7cf380a63fca584bd6cc09" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "frailty_assessment" ADD CONSTRAINT "FK_0ebba055b6f8e4f77bded702523" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "joint_home_visit" ADD CONSTRAINT "FK_13aa04482851bd71e406374b967" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "named_contact_change" ADD CONSTRAINT "FK_4dd59d5ea9bd791b2c9cb634c7d" FOREIGN KEY ("enrollment_id") REFERENCES "home_healthcare_enrollment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "joint_home_visit" ADD CONSTRAINT "FK_d1a88114887d3148f976a9de2db" FOREIGN KEY ("enrollment_id") REFERENCES "home_healthcare_enrollment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "joint_home_visit" DROP CONSTRAINT "FK_d1a88114887d3148f976a9de2db"`);
    await q.query(`ALTER TABLE "named_contact_change" DROP CONSTRAINT "FK_4dd59d5ea9bd791b2c9cb634c7d"`);
    await q.query(`ALTER TABLE "joint_home_visit" DROP CONSTRAINT "FK_13aa04482851bd71e406374b967"`);
    await q.query(`ALTER TABLE "frailty_assessment" DROP CONSTRAINT "FK_0ebba055b6f8e4f77bded702523"`);
    await q.query(`ALTER TABLE "patient_housing" DROP CONSTRAINT "FK_0ad1b7cf380a63fca584bd6cc09"`);
    await q.query(`ALTER TABLE "named_contact_change" DROP CONSTRAINT "FK_ff9f60a059bda1805e30ecb8494"`);
    await q.query(`DROP INDEX "public"."ix_joint_home_visit_patient"`);
    await q.query(`DROP INDEX "public"."ix_joint_home_visit_enrollment"`);
    await q.query(`DROP INDEX "public"."ix_frailty_assessment_patient"`);
    await q.query(`DROP INDEX "public"."ix_patient_housing_patient"`);
    await q.query(`DROP INDEX "public"."ix_named_contact_change_patient"`);
    await q.query(`DROP INDEX "public"."ix_named_contact_change_enrollment"`);
    await q.query(`DROP TABLE "joint_home_visit"`);
    await q.query(`DROP TABLE "frailty_assessment"`);
    await q.query(`DROP TABLE "patient_housing"`);
    await q.query(`DROP TABLE "named_contact_change"`);
    await q.query(`DROP TYPE "public"."housing"`);
    await q.query(`DROP TYPE "public"."named_contact_change_reason"`);
    await q.query(`DROP TYPE "public"."named_contact_role"`);
  }
}
