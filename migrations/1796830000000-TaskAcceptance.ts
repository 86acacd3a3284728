import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tasks anywhere, part 1: a task can be ACCEPTED or DECLINED by its assignee. Only the enum values,
 * on their own: PostgreSQL lets a value added in a transaction be used only after it commits, and
 * the next migration (TasksAnywhere1796830000001) builds a partial index naming ACCEPTED. Existing
 * tasks keep their status (OPEN, COMPLETED or CANCELLED).
 */
export class TaskAcceptance1796830000000 implements MigrationInterface {
  name = 'TaskAcceptance1796830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TYPE "public"."task_status" ADD VALUE IF NOT EXISTS 'ACCEPTED' BEFORE 'COMPLETED'`);
    await q.query(`ALTER TYPE "public"."task_status" ADD VALUE IF NOT EXISTS 'DECLINED' BEFORE 'COMPLETED'`);
  }

  /** Accepted tasks become OPEN again and declined ones CANCELLED (their reason stays in task_assignment_event until that is dropped). */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "public"."ix_task_overdue"`);
    await q.query(`DROP INDEX "public"."ix_task_due_date"`);
    await q.query(`ALTER TYPE "public"."task_status" RENAME TO "task_status_old"`);
    await q.query(`CREATE TYPE "public"."task_status" AS ENUM('OPEN', 'COMPLETED', 'CANCELLED')`);
    await q.query(`ALTER TABLE "task" ALTER COLUMN "status" DROP DEFAULT`);
    await q.query(
      `ALTER TABLE "task" ALTER COLUMN "status" TYPE "public"."task_status" USING (CASE "status"::text WHEN 'ACCEPTED' THEN 'OPEN' WHEN 'DECLINED' THEN 'CANCELLED' ELSE "status"::text END)::"public"."task_status"`,
    );
    await q.query(`ALTER TABLE "task" ALTER COLUMN "status" SET DEFAULT 'OPEN'`);
    await q.query(`DROP TYPE "public"."task_status_old"`);
    await q.query(`CREATE INDEX "ix_task_due_date" ON "task"  ("due_date") WHERE "status" <> 'CANCELLED'`);
  }
}
