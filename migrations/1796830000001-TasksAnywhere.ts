import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tasks anywhere, part 2:
 *
 * - `task.source_kind` / `source_id`: the record a task was made from (a handover, a SIP follow-up
 *   or meeting). Text, not a database enum, so a new kind of source needs no migration; no foreign
 *   key, as it points into one of several tables (src/app/task-sources.ts). Null for every
 *   existing task (made at a round or from a medication reconciliation).
 * - `task_assignment_event`: the history of a task's assignment (made, accepted, declined,
 *   reassigned). Existing tasks have none: their history starts with their next event.
 * - `ix_task_overdue`: tasks still to do (OPEN or ACCEPTED) by due date, so overdue ones are found
 *   without reading the completed ones.
 */
export class TasksAnywhere1796830000001 implements MigrationInterface {
  name = 'TasksAnywhere1796830000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "task" ADD "source_kind" character varying(40)`);
    await q.query(`ALTER TABLE "task" ADD "source_id" uuid`);
    await q.query(`ALTER TABLE "task" ADD CONSTRAINT "ck_task_source" CHECK (("source_kind" IS NULL) = ("source_id" IS NULL))`);
    await q.query(`CREATE INDEX "ix_task_overdue" ON "task"  ("due_date") WHERE "status" IN ('OPEN', 'ACCEPTED')`);
    await q.query(`CREATE INDEX "ix_task_source" ON "task"  ("source_kind", "source_id") WHERE "source_id" IS NOT NULL`);
    await q.query(`CREATE TYPE "public"."task_assignment_event_kind" AS ENUM('ASSIGNED', 'ACCEPTED', 'DECLINED', 'REASSIGNED')`);
    await q.query(
      `CREATE TABLE "task_assignment_event" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "task_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "kind" "public"."task_assignment_event_kind" NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "by_staff_id" uuid NOT NULL, "by_organisation_id" uuid NOT NULL, "assignee_organisation_id" uuid NOT NULL, "assignee_staff_id" uuid, "assignee_role" "public"."staff_role", "reason" character varying(500), CONSTRAINT "ck_task_assignment_event_assignee" CHECK (("assignee_staff_id" IS NULL) <> ("assignee_role" IS NULL)), CONSTRAINT "PK_f4e0a4b1039dfff65a9a99a632b" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_task_assignment_event_task" ON "task_assignment_event"  ("task_id", "id") `);
    await q.query(
      `ALTER TABLE "task_assignment_event" ADD CONSTRAINT "FK_85bc7511fcd1b2e6bcb60e8ab12" FOREIGN KEY ("task_id") REFERENCES "task"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "task_assignment_event" ADD CONSTRAINT "FK_5c03ead5c6fd0fb76197fd6802a" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "task_assignment_event" DROP CONSTRAINT "FK_5c03ead5c6fd0fb76197fd6802a"`);
    await q.query(`ALTER TABLE "task_assignment_event" DROP CONSTRAINT "FK_85bc7511fcd1b2e6bcb60e8ab12"`);
    await q.query(`DROP INDEX "public"."ix_task_assignment_event_task"`);
    await q.query(`DROP TABLE "task_assignment_event"`);
    await q.query(`DROP TYPE "public"."task_assignment_event_kind"`);
    await q.query(`DROP INDEX "public"."ix_task_source"`);
    await q.query(`DROP INDEX "public"."ix_task_overdue"`);
    await q.query(`ALTER TABLE "task" DROP CONSTRAINT "ck_task_source"`);
    await q.query(`ALTER TABLE "task" DROP COLUMN "source_id"`);
    await q.query(`ALTER TABLE "task" DROP COLUMN "source_kind"`);
  }
}
