import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The paper routine (reservrutin) and retraction (makulering) of discharge messages:
 *
 * - `discharge_message.recorded_at`: when a message given by phone or on paper was entered
 *   afterwards. `sent_at` stays the time that counts (the time given), so every existing row, and
 *   every deadline computed from it, stays right: existing messages were entered as they were
 *   given, and their `recorded_at` is null.
 * - `discharge_message_receiver.acknowledgement_recorded_at`: the same for an acknowledgement
 *   (kvittering) given by phone and entered afterwards; null for every existing one.
 * - `discharge_message.retracted_at`, `retracted_by_staff_id`, `retraction_reason`: a message
 *   retracted by its sender stays, marked; all three are set together or none (no existing message
 *   is retracted).
 */
export class DischargePaperRoutine1796820000000 implements MigrationInterface {
  name = 'DischargePaperRoutine1796820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "discharge_message" ADD "recorded_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "discharge_message" ADD "retracted_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "discharge_message" ADD "retracted_by_staff_id" uuid`);
    await q.query(`ALTER TABLE "discharge_message" ADD "retraction_reason" character varying(1000)`);
    await q.query(`ALTER TABLE "discharge_message_receiver" ADD "acknowledgement_recorded_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(
      `ALTER TABLE "discharge_message" ADD CONSTRAINT "ck_discharge_message_retraction" CHECK (("retracted_at" IS NULL) = ("retracted_by_staff_id" IS NULL) AND ("retracted_at" IS NULL) = ("retraction_reason" IS NULL))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "discharge_message" DROP CONSTRAINT "ck_discharge_message_retraction"`);
    await q.query(`ALTER TABLE "discharge_message_receiver" DROP COLUMN "acknowledgement_recorded_at"`);
    await q.query(`ALTER TABLE "discharge_message" DROP COLUMN "retraction_reason"`);
    await q.query(`ALTER TABLE "discharge_message" DROP COLUMN "retracted_by_staff_id"`);
    await q.query(`ALTER TABLE "discharge_message" DROP COLUMN "retracted_at"`);
    await q.query(`ALTER TABLE "discharge_message" DROP COLUMN "recorded_at"`);
  }
}
