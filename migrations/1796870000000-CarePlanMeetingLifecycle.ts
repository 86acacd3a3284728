import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SIP meetings get a lifecycle beyond "scheduled, then held":
 *
 * - A meeting can be CANCELLED (inställt) with a reason and an optional note (`cancel_*` columns).
 * - A meeting can be moved (flyttat) to another time; every move is kept in `care_plan_meeting_move`
 *   (the time before and after, who, when, why).
 * - The patient and next of kin (närstående) are invited as persons (`care_plan_meeting_person`: how
 *   and when, later whether they attended), apart from the organisations' invitations. The patient
 *   at most once per meeting (`uq_care_plan_meeting_person_patient`).
 * - A discharge's SIP invitation names the meeting its proposed time became (`discharge_message.sip_meeting_id`).
 *
 * Existing meetings stay as they are: their new columns are null, they have no moves and no
 * invited persons, and `patient_attended` / `next_of_kin_attended` keep what was recorded.
 * `down` refuses while a meeting is CANCELLED (the old status type has no such value).
 */
export class CarePlanMeetingLifecycle1796870000000 implements MigrationInterface {
  name = 'CarePlanMeetingLifecycle1796870000000';

  async up(q: QueryRunner): Promise<void> {
    // Added, not used in this transaction (PostgreSQL allows that inside one).
    await q.query(`ALTER TYPE "public"."care_plan_meeting_status" ADD VALUE 'CANCELLED'`);
    await q.query(
      `CREATE TYPE "public"."care_plan_meeting_change_reason" AS ENUM('PATIENT_REQUEST', 'PATIENT_UNWELL', 'PATIENT_IN_HOSPITAL', 'PARTICIPANT_UNAVAILABLE', 'NO_LONGER_NEEDED', 'OTHER')`,
    );
    await q.query(`CREATE TYPE "public"."care_plan_meeting_person_kind" AS ENUM('PATIENT', 'NEXT_OF_KIN')`);
    await q.query(`CREATE TYPE "public"."care_plan_meeting_invited_via" AS ENUM('LETTER', 'PHONE', 'MESSAGE_1177', 'IN_PERSON')`);
    await q.query(`ALTER TABLE "care_plan_meeting" ADD "cancelled_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "care_plan_meeting" ADD "cancelled_by_staff_id" uuid`);
    await q.query(`ALTER TABLE "care_plan_meeting" ADD "cancelled_by_organisation_id" uuid`);
    await q.query(`ALTER TABLE "care_plan_meeting" ADD "cancel_reason" "public"."care_plan_meeting_change_reason"`);
    await q.query(`ALTER TABLE "care_plan_meeting" ADD "cancel_note" character varying(500)`);
    await q.query(
      `CREATE TABLE "care_plan_meeting_move" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "meeting_id" uuid NOT NULL, "previous_starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reason" "public"."care_plan_meeting_change_reason" NOT NULL, "note" character varying(500), "moved_at" TIMESTAMP WITH TIME ZONE NOT NULL, "moved_by_staff_id" uuid NOT NULL, "moved_by_organisation_id" uuid NOT NULL, CONSTRAINT "PK_04b059d269820d087420a762d44" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_care_plan_meeting_move_meeting" ON "care_plan_meeting_move"  ("meeting_id", "moved_at") `);
    await q.query(
      `CREATE TABLE "care_plan_meeting_person" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "meeting_id" uuid NOT NULL, "kind" "public"."care_plan_meeting_person_kind" NOT NULL, "name" character varying(200), "relation" character varying(100), "invited_via" "public"."care_plan_meeting_invited_via" NOT NULL, "invited_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "invited_by_staff_id" uuid NOT NULL, "invited_by_organisation_id" uuid NOT NULL, "attended" boolean, CONSTRAINT "PK_73f926001de80486374436f650d" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_care_plan_meeting_person_meeting" ON "care_plan_meeting_person"  ("meeting_id", "invited_at") `);
    await q.query(`CREATE UNIQUE INDEX "uq_care_plan_meeting_person_patient" ON "care_plan_meeting_person"  ("meeting_id") WHERE "kind" = 'PATIENT'`);
    await q.query(`ALTER TABLE "discharge_message" ADD "sip_meeting_id" uuid`);
    await q.query(
      `ALTER TABLE "care_plan_meeting_move" ADD CONSTRAINT "FK_f24891fcdbf09e89758f35c263f" FOREIGN KEY ("meeting_id") REFERENCES "care_plan_meeting"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "care_plan_meeting_person" ADD CONSTRAINT "FK_7507912a006de3f5ce6607ee568" FOREIGN KEY ("meeting_id") REFERENCES "care_plan_meeting"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "discharge_message" ADD CONSTRAINT "FK_32766290404f6d09fe6bc812d7c" FOREIGN KEY ("sip_meeting_id") REFERENCES "care_plan_meeting"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DO $$ BEGIN
      IF EXISTS (SELECT 1 FROM care_plan_meeting WHERE status::text = 'CANCELLED') THEN
        RAISE EXCEPTION 'cancelled SIP meetings exist; the earlier schema cannot hold them';
      END IF;
    END $$`);
    await q.query(`ALTER TABLE "discharge_message" DROP CONSTRAINT "FK_32766290404f6d09fe6bc812d7c"`);
    await q.query(`ALTER TABLE "care_plan_meeting_person" DROP CONSTRAINT "FK_7507912a006de3f5ce6607ee568"`);
    await q.query(`ALTER TABLE "care_plan_meeting_move" DROP CONSTRAINT "FK_f24891fcdbf09e89758f35c263f"`);
    await q.query(`ALTER TABLE "discharge_message" DROP COLUMN "sip_meeting_id"`);
    await q.query(`DROP INDEX "public"."uq_care_plan_meeting_person_patient"`);
    await q.query(`DROP INDEX "public"."ix_care_plan_meeting_person_meeting"`);
    await q.query(`DROP TABLE "care_plan_meeting_person"`);
    await q.query(`DROP INDEX "public"."ix_care_plan_meeting_move_meeting"`);
    await q.query(`DROP TABLE "care_plan_meeting_move"`);
    await q.query(`ALTER TABLE "care_plan_meeting" DROP COLUMN "cancel_note"`);
    await q.query(`ALTER TABLE "care_plan_meeting" DROP COLUMN "cancel_reason"`);
    await q.query(`ALTER TABLE "care_plan_meeting" DROP COLUMN "cancelled_by_organisation_id"`);
    await q.query(`ALTER TABLE "care_plan_meeting" DROP COLUMN "cancelled_by_staff_id"`);
    await q.query(`ALTER TABLE "care_plan_meeting" DROP COLUMN "cancelled_at"`);
    await q.query(`DROP TYPE "public"."care_plan_meeting_invited_via"`);
    await q.query(`DROP TYPE "public"."care_plan_meeting_person_kind"`);
    await q.query(`DROP TYPE "public"."care_plan_meeting_change_reason"`);
    await q.query(`ALTER TYPE "public"."care_plan_meeting_status" RENAME TO "care_plan_meeting_status_old"`);
    await q.query(`CREATE TYPE "public"."care_plan_meeting_status" AS ENUM('SCHEDULED', 'HELD')`);
    await q.query(`ALTER TABLE "care_plan_meeting" ALTER COLUMN "status" DROP DEFAULT`);
    await q.query(
      `ALTER TABLE "care_plan_meeting" ALTER COLUMN "status" TYPE "public"."care_plan_meeting_status" USING "status"::text::"public"."care_plan_meeting_status"`,
    );
    await q.query(`ALTER TABLE "care_plan_meeting" ALTER COLUMN "status" SET DEFAULT 'SCHEDULED'`);
    await q.query(`DROP TYPE "public"."care_plan_meeting_status_old"`);
  }
}
