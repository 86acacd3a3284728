import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Handovers that get answers (svar på överrapportering) and the paper routine for handovers:
 *
 * - `urgency` (ACUTE / TODAY / ROUTINE) and `requested_response` (PHONE_ASSESSMENT, HOME_VISIT,
 *   MEDICATION_REVIEW, INFORMATION_ONLY), with `respond_by` computed from them when sent
 *   (src/discharges/handover-deadlines.ts). Existing handovers asked for nothing but acknowledgement:
 *   they become ROUTINE / INFORMATION_ONLY without a respond-by time, so they stay valid and read as
 *   before (no answer is due, none becomes overdue).
 * - The answer: outcome, text, planned visit time, who and when.
 * - The time each step was entered beside the time it was given (`recorded_at`,
 *   `acknowledgement_recorded_at`, `answer_recorded_at`) and whether it was entered afterwards.
 *   Existing rows were entered when given: recorded_at = sent_at, the acknowledgement's = acknowledged_at.
 * - A partial index on respond_by of unanswered requests, for finding those going overdue.
 */
export class HandoverAnswers1796810000000 implements MigrationInterface {
  name = 'HandoverAnswers1796810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE "public"."handover_urgency" AS ENUM('ACUTE', 'TODAY', 'ROUTINE')`);
    await q.query(`ALTER TABLE "handover" ADD "urgency" "public"."handover_urgency" NOT NULL DEFAULT 'ROUTINE'`);
    await q.query(`CREATE TYPE "public"."handover_requested_response" AS ENUM('PHONE_ASSESSMENT', 'HOME_VISIT', 'MEDICATION_REVIEW', 'INFORMATION_ONLY')`);
    await q.query(`ALTER TABLE "handover" ADD "requested_response" "public"."handover_requested_response" NOT NULL DEFAULT 'INFORMATION_ONLY'`);
    await q.query(`ALTER TABLE "handover" ADD "respond_by" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "handover" ADD "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
    await q.query(`ALTER TABLE "handover" ADD "entered_afterwards" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "handover" ADD "acknowledgement_recorded_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "handover" ADD "acknowledgement_entered_afterwards" boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE TYPE "public"."handover_answer_outcome" AS ENUM('ADVICE_GIVEN', 'ASSESSED_BY_PHONE', 'VISIT_PLANNED', 'DECLINED')`);
    await q.query(`ALTER TABLE "handover" ADD "answer_outcome" "public"."handover_answer_outcome"`);
    await q.query(`ALTER TABLE "handover" ADD "answer_text" text`);
    await q.query(`ALTER TABLE "handover" ADD "planned_visit_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "handover" ADD "answered_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "handover" ADD "answered_by_staff_id" uuid`);
    await q.query(`ALTER TABLE "handover" ADD "answer_recorded_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "handover" ADD "answer_entered_afterwards" boolean NOT NULL DEFAULT false`);
    await q.query(`UPDATE "handover" SET "recorded_at" = "sent_at", "acknowledgement_recorded_at" = "acknowledged_at"`);
    await q.query(`CREATE INDEX "ix_handover_awaiting_answer" ON "handover"  ("respond_by") WHERE "answered_at" IS NULL AND "respond_by" IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."ix_handover_awaiting_answer"`);
    await q.query(`ALTER TABLE "handover" DROP COLUMN "answer_entered_afterwards"`);
    await q.query(`ALTER TABLE "handover" DROP COLUMN "answer_recorded_at"`);
    await q.query(`ALTER TABLE "handover" DROP COLUMN "answered_by_staff_id"`);
    await q.query(`ALTER TABLE "handover" DROP COLUMN "answered_at"`);
    await q.query(`ALTER TABLE "handover" DROP COLUMN "planned_visit_at"`);
    await q.query(`ALTER TABLE "handover" DROP COLUMN "answer_text"`);
    await q.query(`ALTER TABLE "handover" DROP COLUMN "answer_outcome"`);
    await q.query(`DROP TYPE "public"."handover_answer_outcome"`);
    await q.query(`ALTER TABLE "handover" DROP COLUMN "acknowledgement_entered_afterwards"`);
    await q.query(`ALTER TABLE "handover" DROP COLUMN "acknowledgement_recorded_at"`);
    await q.query(`ALTER TABLE "handover" DROP COLUMN "entered_afterwards"`);
    await q.query(`ALTER TABLE "handover" DROP COLUMN "recorded_at"`);
    await q.query(`ALTER TABLE "handover" DROP COLUMN "respond_by"`);
    await q.query(`ALTER TABLE "handover" DROP COLUMN "requested_response"`);
    await q.query(`DROP TYPE "public"."handover_requested_response"`);
    await q.query(`ALTER TABLE "handover" DROP COLUMN "urgency"`);
    await q.query(`DROP TYPE "public"."handover_urgency"`);
  }
}
