import { MigrationInterface, QueryRunner } from 'typeorm';

export class TaskPlanLinks1795383638182 implements MigrationInterface {
  name = 'TaskPlanLinks1795383638182';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "ix_discharge_discharged_at" ON "discharge_process"  ("discharged_at") WHERE "discharged_at" IS NOT NULL`);
    await q.query(`CREATE INDEX "ix_task_care_plan_action" ON "task"  ("care_plan_action_id") WHERE "care_plan_action_id" IS NOT NULL`);
    await q.query(
      `ALTER TABLE "task" ADD CONSTRAINT "fk_task_care_plan" FOREIGN KEY ("care_plan_id") REFERENCES "care_plan"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "task" ADD CONSTRAINT "fk_task_care_plan_action" FOREIGN KEY ("care_plan_action_id") REFERENCES "care_plan_action"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "task" ADD CONSTRAINT "fk_task_deterioration_plan" FOREIGN KEY ("deterioration_plan_id") REFERENCES "deterioration_plan"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "task" DROP CONSTRAINT "fk_task_deterioration_plan"`);
    await q.query(`ALTER TABLE "task" DROP CONSTRAINT "fk_task_care_plan_action"`);
    await q.query(`ALTER TABLE "task" DROP CONSTRAINT "fk_task_care_plan"`);
    await q.query(`DROP INDEX "public"."ix_task_care_plan_action"`);
    await q.query(`DROP INDEX "public"."ix_discharge_discharged_at"`);
  }
}
