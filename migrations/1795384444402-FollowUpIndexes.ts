import { MigrationInterface, QueryRunner } from 'typeorm';

export class FollowUpIndexes1795384444402 implements MigrationInterface {
  name = 'FollowUpIndexes1795384444402';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "ix_care_plan_follow_up_due_date" ON "care_plan_follow_up"  ("due_date") `);
    await q.query(`CREATE INDEX "ix_care_plan_experience_answered_on" ON "care_plan_experience_answer"  ("answered_on") `);
    await q.query(`CREATE INDEX "ix_discharge_admitted_at" ON "discharge_process"  ("admitted_at") `);
    await q.query(`CREATE INDEX "ix_discharge_deadline_kind_due" ON "discharge_deadline"  ("kind", "due_at") `);
    await q.query(`CREATE INDEX "ix_task_due_date" ON "task"  ("due_date") WHERE "status" <> 'CANCELLED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."ix_task_due_date"`);
    await q.query(`DROP INDEX "public"."ix_discharge_deadline_kind_due"`);
    await q.query(`DROP INDEX "public"."ix_discharge_admitted_at"`);
    await q.query(`DROP INDEX "public"."ix_care_plan_experience_answered_on"`);
    await q.query(`DROP INDEX "public"."ix_care_plan_follow_up_due_date"`);
  }
}
