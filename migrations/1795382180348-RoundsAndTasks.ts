import { MigrationInterface, QueryRunner } from 'typeorm';

export class RoundsAndTasks1795382180348 implements MigrationInterface {
  name = 'RoundsAndTasks1795382180348';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE "public"."task_status" AS ENUM('OPEN', 'COMPLETED', 'CANCELLED')`);
    await q.query(`CREATE TYPE "public"."task_plan_kind" AS ENUM('CARE_PLAN', 'DETERIORATION_PLAN')`);
    await q.query(
      `CREATE TABLE "task" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "title" character varying(300) NOT NULL, "description" character varying(2000), "assignee_organisation_id" uuid NOT NULL, "assignee_staff_id" uuid, "assignee_role" "public"."staff_role", "due_date" date NOT NULL, "status" "public"."task_status" NOT NULL DEFAULT 'OPEN', "care_plan_id" uuid, "care_plan_action_id" uuid, "deterioration_plan_id" uuid, "created_by_staff_id" uuid NOT NULL, "created_by_organisation_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "completed_at" TIMESTAMP WITH TIME ZONE, "completed_by_staff_id" uuid, "completed_by_organisation_id" uuid, "outcome" character varying(2000), "fulfilled_by_plan_kind" "public"."task_plan_kind", "fulfilled_by_plan_id" uuid, "fulfilled_by_plan_version" integer, "cancelled_at" TIMESTAMP WITH TIME ZONE, "cancelled_by_staff_id" uuid, "cancellation_reason" character varying(500), CONSTRAINT "ck_task_assignee" CHECK (("assignee_staff_id" IS NULL) <> ("assignee_role" IS NULL)), CONSTRAINT "PK_fb213f79ee45060ba925ecd576e" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_task_deterioration_plan" ON "task"  ("deterioration_plan_id") WHERE "deterioration_plan_id" IS NOT NULL`);
    await q.query(`CREATE INDEX "ix_task_care_plan" ON "task"  ("care_plan_id") WHERE "care_plan_id" IS NOT NULL`);
    await q.query(`CREATE INDEX "ix_task_patient" ON "task"  ("patient_id", "status", "due_date") `);
    await q.query(`CREATE INDEX "ix_task_assignee_organisation" ON "task"  ("assignee_organisation_id", "status", "due_date") `);
    await q.query(`CREATE INDEX "ix_task_assignee_staff" ON "task"  ("assignee_staff_id", "status", "due_date") `);
    await q.query(`CREATE TYPE "public"."round_kind" AS ENUM('REGULAR', 'EXTRA', 'VIDEO')`);
    await q.query(`CREATE TYPE "public"."round_status" AS ENUM('PLANNED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED')`);
    await q.query(
      `CREATE TABLE "round" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" character varying(200), "kind" "public"."round_kind" NOT NULL, "video_link" character varying(500), "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE, "status" "public"."round_status" NOT NULL DEFAULT 'PLANNED', "organiser_id" uuid NOT NULL, "participating_organisation_ids" uuid array NOT NULL, "created_by_staff_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "started_by_staff_id" uuid, "completed_at" TIMESTAMP WITH TIME ZONE, "completed_by_staff_id" uuid, "cancelled_at" TIMESTAMP WITH TIME ZONE, "cancelled_by_staff_id" uuid, "cancellation_reason" character varying(500), CONSTRAINT "ck_round_video_link" CHECK (("kind" = 'VIDEO') = ("video_link" IS NOT NULL)), CONSTRAINT "ck_round_participants" CHECK (cardinality("participating_organisation_ids") > 0), CONSTRAINT "PK_34bd959f3f4a90eb86e4ae24d2d" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_round_starts_at" ON "round"  ("starts_at") `);
    await q.query(`CREATE INDEX "ix_round_organiser" ON "round"  ("organiser_id", "starts_at") `);
    await q.query(
      `CREATE TABLE "round_participant" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "round_id" uuid NOT NULL, "staff_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "attended" boolean, CONSTRAINT "PK_29e7e0bd53cd2a71ce0c32f957f" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_round_participant_staff" ON "round_participant"  ("staff_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_round_participant" ON "round_participant"  ("round_id", "staff_id") `);
    await q.query(
      `CREATE TYPE "public"."agenda_reason" AS ENUM('NEWLY_ENROLLED', 'RECENTLY_DISCHARGED', 'SIP_FOLLOW_UP_DUE', 'DETERIORATION_PLAN_REVIEW_DUE', 'DETERIORATION_PLAN_MISSING', 'OVERDUE_TASKS')`,
    );
    await q.query(
      `CREATE TABLE "round_agenda_item" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "round_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "position" integer NOT NULL, "reasons" "public"."agenda_reason" array NOT NULL, "added_by_staff_id" uuid NOT NULL, "added_by_organisation_id" uuid NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "notes" text, "notes_version" integer NOT NULL DEFAULT '1', "notes_updated_at" TIMESTAMP WITH TIME ZONE, "notes_updated_by_staff_id" uuid, "notes_recorded_by_organisation_id" uuid, CONSTRAINT "PK_ebc3960e073f3f6966255fec93b" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_agenda_patient" ON "round_agenda_item"  ("patient_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_agenda_round_patient" ON "round_agenda_item"  ("round_id", "patient_id") `);
    await q.query(
      `CREATE TABLE "round_decision" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "round_id" uuid NOT NULL, "agenda_item_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "text" character varying(2000) NOT NULL, "decided_by_staff_id" uuid NOT NULL, "decided_by_organisation_id" uuid NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "task_id" uuid, CONSTRAINT "PK_a6de08f31b58ba2915be4389b42" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_decision_round" ON "round_decision"  ("round_id") `);
    await q.query(`CREATE INDEX "ix_decision_agenda_item" ON "round_decision"  ("agenda_item_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_decision_task" ON "round_decision"  ("task_id") WHERE "task_id" IS NOT NULL`);
    await q.query(
      `ALTER TABLE "task" ADD CONSTRAINT "FK_00d9674fae1b3838011f904f908" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "task" ADD CONSTRAINT "FK_754038d193e105967c39643c9d4" FOREIGN KEY ("assignee_organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "task" ADD CONSTRAINT "FK_fb495648dd81415340bcbc1184f" FOREIGN KEY ("assignee_staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "round" ADD CONSTRAINT "FK_48219aea845d7815f931cb771ad" FOREIGN KEY ("organiser_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "round_participant" ADD CONSTRAINT "FK_03bbcdb8f8498f4b85f183d1168" FOREIGN KEY ("round_id") REFERENCES "round"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "round_participant" ADD CONSTRAINT "FK_42dee8188d8f54f8d5a1332ed6c" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "round_participant" ADD CONSTRAINT "FK_10b1f4922566132855483be1159" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "round_agenda_item" ADD CONSTRAINT "FK_5fc31df2e7e669df47c56ef122c" FOREIGN KEY ("round_id") REFERENCES "round"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "round_agenda_item" ADD CONSTRAINT "FK_a9fc759dbf602d0d6b97e9f9ade" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "round_decision" ADD CONSTRAINT "FK_c1d0fa385bb2da76e890567f7cc" FOREIGN KEY ("round_id") REFERENCES "round"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "round_decision" ADD CONSTRAINT "FK_6182cdda3b09636d2d70fa2a90b" FOREIGN KEY ("agenda_item_id") REFERENCES "round_agenda_item"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "round_decision" ADD CONSTRAINT "FK_05ecbdfc5aa207f24a82950db79" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "round_decision" ADD CONSTRAINT "FK_e66f07cda9c8d34da783915fc4f" FOREIGN KEY ("task_id") REFERENCES "task"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "round_decision" DROP CONSTRAINT "FK_e66f07cda9c8d34da783915fc4f"`);
    await q.query(`ALTER TABLE "round_decision" DROP CONSTRAINT "FK_05ecbdfc5aa207f24a82950db79"`);
    await q.query(`ALTER TABLE "round_decision" DROP CONSTRAINT "FK_6182cdda3b09636d2d70fa2a90b"`);
    await q.query(`ALTER TABLE "round_decision" DROP CONSTRAINT "FK_c1d0fa385bb2da76e890567f7cc"`);
    await q.query(`ALTER TABLE "round_agenda_item" DROP CONSTRAINT "FK_a9fc759dbf602d0d6b97e9f9ade"`);
    await q.query(`ALTER TABLE "round_agenda_item" DROP CONSTRAINT "FK_5fc31df2e7e669df47c56ef122c"`);
    await q.query(`ALTER TABLE "round_participant" DROP CONSTRAINT "FK_10b1f4922566132855483be1159"`);
    await q.query(`ALTER TABLE "round_participant" DROP CONSTRAINT "FK_42dee8188d8f54f8d5a1332ed6c"`);
    await q.query(`ALTER TABLE "round_participant" DROP CONSTRAINT "FK_03bbcdb8f8498f4b85f183d1168"`);
    await q.query(`ALTER TABLE "round" DROP CONSTRAINT "FK_48219aea845d7815f931cb771ad"`);
    await q.query(`ALTER TABLE "task" DROP CONSTRAINT "FK_fb495648dd81415340bcbc1184f"`);
    await q.query(`ALTER TABLE "task" DROP CONSTRAINT "FK_754038d193e105967c39643c9d4"`);
    await q.query(`ALTER TABLE "task" DROP CONSTRAINT "FK_00d9674fae1b3838011f904f908"`);
    await q.query(`DROP INDEX "public"."uq_decision_task"`);
    await q.query(`DROP INDEX "public"."ix_decision_agenda_item"`);
    await q.query(`DROP INDEX "public"."ix_decision_round"`);
    await q.query(`DROP TABLE "round_decision"`);
    await q.query(`DROP INDEX "public"."uq_agenda_round_patient"`);
    await q.query(`DROP INDEX "public"."ix_agenda_patient"`);
    await q.query(`DROP TABLE "round_agenda_item"`);
    await q.query(`DROP TYPE "public"."agenda_reason"`);
    await q.query(`DROP INDEX "public"."uq_round_participant"`);
    await q.query(`DROP INDEX "public"."ix_round_participant_staff"`);
    await q.query(`DROP TABLE "round_participant"`);
    await q.query(`DROP INDEX "public"."ix_round_organiser"`);
    await q.query(`DROP INDEX "public"."ix_round_starts_at"`);
    await q.query(`DROP TABLE "round"`);
    await q.query(`DROP TYPE "public"."round_status"`);
    await q.query(`DROP TYPE "public"."round_kind"`);
    await q.query(`DROP INDEX "public"."ix_task_assignee_staff"`);
    await q.query(`DROP INDEX "public"."ix_task_assignee_organisation"`);
    await q.query(`DROP INDEX "public"."ix_task_patient"`);
    await q.query(`DROP INDEX "public"."ix_task_care_plan"`);
    await q.query(`DROP INDEX "public"."ix_task_deterioration_plan"`);
    await q.query(`DROP TABLE "task"`);
    await q.query(`DROP TYPE "public"."task_plan_kind"`);
    await q.query(`DROP TYPE "public"."task_status"`);
  }
}
