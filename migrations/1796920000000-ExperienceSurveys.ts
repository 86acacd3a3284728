import { MigrationInterface, QueryRunner } from 'typeorm';

/** Experience surveys of every enrolled patient (patientenkät): answered or declined surveys and their answers; a due survey is computed. */
export class ExperienceSurveys1796920000000 implements MigrationInterface {
  name = 'ExperienceSurveys1796920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE "public"."experience_occasion" AS ENUM('ENROLLMENT', 'REPEAT')`);
    await q.query(`CREATE TYPE "public"."experience_survey_status" AS ENUM('ANSWERED', 'DECLINED')`);
    await q.query(`CREATE TYPE "public"."experience_respondent" AS ENUM('PATIENT', 'PATIENT_WITH_STAFF_HELP', 'NEXT_OF_KIN')`);
    await q.query(
      `CREATE TABLE "experience_survey" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "enrollment_id" uuid NOT NULL, "occasion" "public"."experience_occasion" NOT NULL, "due_on" date NOT NULL, "status" "public"."experience_survey_status" NOT NULL, "answered_on" date NOT NULL, "respondent" "public"."experience_respondent", "recorded_by_staff_id" uuid, "recorded_by_organisation_id" uuid, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_99c328ff2dd54475cf2373cf2a3" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_experience_survey_answered_on" ON "experience_survey"  ("answered_on") `);
    await q.query(`CREATE INDEX "ix_experience_survey_patient" ON "experience_survey"  ("patient_id", "answered_on") `);
    await q.query(
      `CREATE TABLE "experience_answer" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "survey_id" uuid NOT NULL, "question" "public"."care_plan_experience_question" NOT NULL, "score" smallint NOT NULL, "answered_on" date NOT NULL, CONSTRAINT "ck_experience_answer_score" CHECK ("score" BETWEEN 1 AND 5), CONSTRAINT "PK_246365eb9e2b9be1b266fdab87e" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_experience_answer_answered_on" ON "experience_answer"  ("answered_on") `);
    await q.query(`CREATE UNIQUE INDEX "uq_experience_answer_question" ON "experience_answer"  ("survey_id", "question") `);
    await q.query(
      `ALTER TABLE "experience_survey" ADD CONSTRAINT "FK_da7bc5e0b6204ac2fbb9b50c631" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "experience_survey" ADD CONSTRAINT "FK_cca394125b7156fb6fac6c5ee73" FOREIGN KEY ("enrollment_id") REFERENCES "home_healthcare_enrollment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "experience_answer" ADD CONSTRAINT "FK_eee6435709f2ba092dbadefe438" FOREIGN KEY ("survey_id") REFERENCES "experience_survey"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "experience_answer" DROP CONSTRAINT "FK_eee6435709f2ba092dbadefe438"`);
    await q.query(`ALTER TABLE "experience_survey" DROP CONSTRAINT "FK_cca394125b7156fb6fac6c5ee73"`);
    await q.query(`ALTER TABLE "experience_survey" DROP CONSTRAINT "FK_da7bc5e0b6204ac2fbb9b50c631"`);
    await q.query(`DROP INDEX "public"."uq_experience_answer_question"`);
    await q.query(`DROP INDEX "public"."ix_experience_answer_answered_on"`);
    await q.query(`DROP TABLE "experience_answer"`);
    await q.query(`DROP INDEX "public"."ix_experience_survey_patient"`);
    await q.query(`DROP INDEX "public"."ix_experience_survey_answered_on"`);
    await q.query(`DROP TABLE "experience_survey"`);
    await q.query(`DROP TYPE "public"."experience_respondent"`);
    await q.query(`DROP TYPE "public"."experience_survey_status"`);
    await q.query(`DROP TYPE "public"."experience_occasion"`);
  }
}
