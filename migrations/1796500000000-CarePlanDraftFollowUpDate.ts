import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The draft's proposed follow-up date gets a name that says so: beside it, `follow_up_due` is the
 * date in force. A reader of the old name took the draft's date for the plan's.
 */
export class CarePlanDraftFollowUpDate1796500000000 implements MigrationInterface {
  name = 'CarePlanDraftFollowUpDate1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "care_plan" RENAME COLUMN "next_follow_up_date" TO "draft_next_follow_up_date"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "care_plan" RENAME COLUMN "draft_next_follow_up_date" TO "next_follow_up_date"`);
  }
}
