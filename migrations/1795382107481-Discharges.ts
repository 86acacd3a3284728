import { MigrationInterface, QueryRunner } from 'typeorm';

export class Discharges1795382107481 implements MigrationInterface {
  name = 'Discharges1795382107481';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE "public"."discharge_status" AS ENUM('ADMITTED', 'PLANNING', 'READY_FOR_DISCHARGE', 'DISCHARGED', 'CLOSED', 'CANCELLED')`);
    await q.query(`CREATE TYPE "public"."discharge_cancellation_reason" AS ENUM('DIED', 'REMAINS_IN_HOSPITAL', 'TRANSFERRED', 'NO_EFFORTS_NEEDED', 'OTHER')`);
    await q.query(
      `CREATE TABLE "discharge_process" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "hospital_id" uuid NOT NULL, "municipality_id" uuid NOT NULL, "primary_care_id" uuid NOT NULL, "status" "public"."discharge_status" NOT NULL DEFAULT 'ADMITTED', "admitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "discharged_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "cancellation_reason" "public"."discharge_cancellation_reason", "cancellation_note" character varying(500), "agreed_days" integer NOT NULL, "daily_amount_sek" integer, "opened_by_staff_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8469e04d98251a05590efff8c9d" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_discharge_primary_care_open" ON "discharge_process"  ("primary_care_id") WHERE "status" NOT IN ('CLOSED', 'CANCELLED')`);
    await q.query(`CREATE INDEX "ix_discharge_municipality_open" ON "discharge_process"  ("municipality_id") WHERE "status" NOT IN ('CLOSED', 'CANCELLED')`);
    await q.query(`CREATE INDEX "ix_discharge_hospital_open" ON "discharge_process"  ("hospital_id") WHERE "status" NOT IN ('CLOSED', 'CANCELLED')`);
    await q.query(`CREATE INDEX "ix_discharge_patient" ON "discharge_process"  ("patient_id", "admitted_at") `);
    await q.query(
      `CREATE UNIQUE INDEX "uq_discharge_in_hospital" ON "discharge_process"  ("patient_id") WHERE "status" IN ('ADMITTED', 'PLANNING', 'READY_FOR_DISCHARGE')`,
    );
    await q.query(
      `CREATE TYPE "public"."discharge_message_kind" AS ENUM('STATUS_MESSAGE', 'ADMISSION_NOTICE', 'CARE_CONTACT_APPOINTED', 'PLANNED_DISCHARGE_DATE', 'READY_FOR_DISCHARGE', 'READY_FOR_DISCHARGE_WITHDRAWN', 'DISCHARGE_NOTICE', 'SIP_INVITATION')`,
    );
    await q.query(
      `CREATE TABLE "discharge_message" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "process_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "kind" "public"."discharge_message_kind" NOT NULL, "sender_organisation_id" uuid NOT NULL, "sender_staff_id" uuid NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL, "seq" SERIAL NOT NULL, "acknowledgement_due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "note" text, "planned_discharge_date" date, "appointed_staff_id" uuid, "sip_id" uuid, "proposed_meeting_at" TIMESTAMP WITH TIME ZONE, "handover" jsonb, CONSTRAINT "PK_376bcb8167249382b42ad976b13" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_discharge_message_process" ON "discharge_message"  ("process_id", "sent_at", "seq") `);
    await q.query(
      `CREATE TABLE "discharge_message_receiver" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "message_id" uuid NOT NULL, "process_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "acknowledged_by_staff_id" uuid, CONSTRAINT "PK_24df4b7d9bcd4e1ed5d1adc2e56" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_discharge_receiver_pending" ON "discharge_message_receiver"  ("organisation_id") WHERE "acknowledged_at" IS NULL`);
    await q.query(`CREATE INDEX "ix_discharge_receiver_process" ON "discharge_message_receiver"  ("process_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_discharge_receiver" ON "discharge_message_receiver"  ("message_id", "organisation_id") `);
    await q.query(`CREATE TYPE "public"."discharge_deadline_kind" AS ENUM('ADMISSION_NOTICE', 'SIP_INVITATION', 'ACKNOWLEDGEMENT')`);
    await q.query(
      `CREATE TABLE "discharge_deadline" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "process_id" uuid NOT NULL, "kind" "public"."discharge_deadline_kind" NOT NULL, "message_id" uuid, "responsible_organisation_id" uuid NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "done_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_14fef628803f5092f7aa25f2650" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_discharge_deadline_pending" ON "discharge_deadline"  ("responsible_organisation_id", "due_at") WHERE "done_at" IS NULL`);
    await q.query(`CREATE INDEX "ix_discharge_deadline_process" ON "discharge_deadline"  ("process_id") `);
    await q.query(`CREATE TYPE "public"."handover_occasion" AS ENUM('ENROLLMENT', 'END_OF_ENROLLMENT', 'AFTER_DISCHARGE', 'CHANGE_IN_CONDITION', 'OTHER')`);
    await q.query(
      `CREATE TABLE "handover" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "occasion" "public"."handover_occasion" NOT NULL, "sender_organisation_id" uuid NOT NULL, "sender_staff_id" uuid NOT NULL, "receiver_organisation_id" uuid NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL, "situation" text NOT NULL, "background" text NOT NULL, "assessment" text NOT NULL, "recommendation" text NOT NULL, "acknowledgement_due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "acknowledged_by_staff_id" uuid, CONSTRAINT "PK_15e64c0391cf9fb9278f297691f" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_handover_sender" ON "handover"  ("sender_organisation_id", "sent_at") `);
    await q.query(`CREATE INDEX "ix_handover_receiver" ON "handover"  ("receiver_organisation_id", "acknowledgement_due_at") `);
    await q.query(`CREATE INDEX "ix_handover_patient" ON "handover"  ("patient_id", "sent_at") `);
    await q.query(
      `CREATE TABLE "municipality_payment_agreement" ("municipality_id" uuid NOT NULL, "agreed_days" integer NOT NULL DEFAULT '3', "daily_amount_sek" integer, "updated_by_staff_id" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9451b078ea21157394d69abf6cc" PRIMARY KEY ("municipality_id"))`,
    );
    await q.query(
      `ALTER TABLE "discharge_process" ADD CONSTRAINT "FK_d82572518cda43fda770cd55fe8" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "discharge_process" ADD CONSTRAINT "FK_9f0a2bf25afccb7650b36cfc6d5" FOREIGN KEY ("hospital_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "discharge_process" ADD CONSTRAINT "FK_bcc5d8b0dd2b5c4f196e9e5acf3" FOREIGN KEY ("municipality_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "discharge_process" ADD CONSTRAINT "FK_d5443812e83a3a1aaf5c38d6da3" FOREIGN KEY ("primary_care_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "discharge_message" ADD CONSTRAINT "FK_cea4b942cc50099599429011094" FOREIGN KEY ("process_id") REFERENCES "discharge_process"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "discharge_message_receiver" ADD CONSTRAINT "FK_854115588e421e4088690f3c641" FOREIGN KEY ("message_id") REFERENCES "discharge_message"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "discharge_deadline" ADD CONSTRAINT "FK_315ffea34cc0a11f682117a8823" FOREIGN KEY ("process_id") REFERENCES "discharge_process"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "handover" ADD CONSTRAINT "FK_f4ba4cb3e4df601c801b89bc7b5" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "handover" ADD CONSTRAINT "FK_0e284200f21c21151e0a09a3085" FOREIGN KEY ("sender_organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "handover" ADD CONSTRAINT "FK_18d7ad9d52115f1de089332d05f" FOREIGN KEY ("receiver_organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "municipality_payment_agreement" ADD CONSTRAINT "FK_9451b078ea21157394d69abf6cc" FOREIGN KEY ("municipality_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "municipality_payment_agreement" DROP CONSTRAINT "FK_9451b078ea21157394d69abf6cc"`);
    await q.query(`ALTER TABLE "handover" DROP CONSTRAINT "FK_18d7ad9d52115f1de089332d05f"`);
    await q.query(`ALTER TABLE "handover" DROP CONSTRAINT "FK_0e284200f21c21151e0a09a3085"`);
    await q.query(`ALTER TABLE "handover" DROP CONSTRAINT "FK_f4ba4cb3e4df601c801b89bc7b5"`);
    await q.query(`ALTER TABLE "discharge_deadline" DROP CONSTRAINT "FK_315ffea34cc0a11f682117a8823"`);
    await q.query(`ALTER TABLE "discharge_message_receiver" DROP CONSTRAINT "FK_854115588e421e4088690f3c641"`);
    await q.query(`ALTER TABLE "discharge_message" DROP CONSTRAINT "FK_cea4b942cc50099599429011094"`);
    await q.query(`ALTER TABLE "discharge_process" DROP CONSTRAINT "FK_d5443812e83a3a1aaf5c38d6da3"`);
    await q.query(`ALTER TABLE "discharge_process" DROP CONSTRAINT "FK_bcc5d8b0dd2b5c4f196e9e5acf3"`);
    await q.query(`ALTER TABLE "discharge_process" DROP CONSTRAINT "FK_9f0a2bf25afccb7650b36cfc6d5"`);
    await q.query(`ALTER TABLE "discharge_process" DROP CONSTRAINT "FK_d82572518cda43fda770cd55fe8"`);
    await q.query(`DROP TABLE "municipality_payment_agreement"`);
    await q.query(`DROP INDEX "public"."ix_handover_patient"`);
    await q.query(`DROP INDEX "public"."ix_handover_receiver"`);
    await q.query(`DROP INDEX "public"."ix_handover_sender"`);
    await q.query(`DROP TABLE "handover"`);
    await q.query(`DROP TYPE "public"."handover_occasion"`);
    await q.query(`DROP INDEX "public"."ix_discharge_deadline_process"`);
    await q.query(`DROP INDEX "public"."ix_discharge_deadline_pending"`);
    await q.query(`DROP TABLE "discharge_deadline"`);
    await q.query(`DROP TYPE "public"."discharge_deadline_kind"`);
    await q.query(`DROP INDEX "public"."uq_discharge_receiver"`);
    await q.query(`DROP INDEX "public"."ix_discharge_receiver_process"`);
    await q.query(`DROP INDEX "public"."ix_discharge_receiver_pending"`);
    await q.query(`DROP TABLE "discharge_message_receiver"`);
    await q.query(`DROP INDEX "public"."ix_discharge_message_process"`);
    await q.query(`DROP TABLE "discharge_message"`);
    await q.query(`DROP TYPE "public"."discharge_message_kind"`);
    await q.query(`DROP INDEX "public"."uq_discharge_in_hospital"`);
    await q.query(`DROP INDEX "public"."ix_discharge_patient"`);
    await q.query(`DROP INDEX "public"."ix_discharge_hospital_open"`);
    await q.query(`DROP INDEX "public"."ix_discharge_municipality_open"`);
    await q.query(`DROP INDEX "public"."ix_discharge_primary_care_open"`);
    await q.query(`DROP TABLE "discharge_process"`);
    await q.query(`DROP TYPE "public"."discharge_cancellation_reason"`);
    await q.query(`DROP TYPE "public"."discharge_status"`);
  }
}
