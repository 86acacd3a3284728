import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand (TypeORM's @Index has no INCLUDE): covering partial indexes for the joint
 * follow-up's statements, so that the rows they need are read from the index alone instead of the
 * wide rows (published SIP snapshots, plan content, message handovers) — see docs/FOLLOW-UP.md.
 */
export class FollowUpCoveringIndexes1795458403798 implements MigrationInterface {
  name = 'FollowUpCoveringIndexes1795458403798';

  async up(q: QueryRunner): Promise<void> {
    // When each SIP was first published (in force from then): enrollment statement.
    await q.query(`CREATE INDEX "ix_care_plan_version_first" ON "care_plan_version" ("care_plan_id") INCLUDE ("published_at") WHERE "number" = 1`);
    // The days each signed deterioration plan was in force, and its review date: enrollment statement.
    await q.query(
      `CREATE INDEX "ix_deterioration_plan_signed" ON "deterioration_plan" ("patient_id") INCLUDE ("signed_at", "superseded_at", "withdrawn_at", "review_date") WHERE "signed_at" IS NOT NULL`,
    );
    // Ready-for-discharge notices and their withdrawals: the discharge statement (days from the last
    // notice to the discharge) and the payment statement.
    await q.query(
      `CREATE INDEX "ix_discharge_message_ready" ON "discharge_message" ("process_id", "sent_at") INCLUDE ("kind", "seq") WHERE "kind" IN ('READY_FOR_DISCHARGE', 'READY_FOR_DISCHARGE_WITHDRAWN')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."ix_discharge_message_ready"`);
    await q.query(`DROP INDEX "public"."ix_deterioration_plan_signed"`);
    await q.query(`DROP INDEX "public"."ix_care_plan_version_first"`);
  }
}
