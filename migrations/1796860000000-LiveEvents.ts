import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live inbox without gaps (docs/LIVE-EVENTS.md): every inbox event is stored once per recipient
 * organisation under that organisation's own gap-free number (inbox_event_counter holds the last
 * number given), so a subscriber who reconnects is sent what it missed; and the deadline
 * watcher's record of the overdue deadlines it has raised an event for, once each.
 */
export class LiveEvents1796860000000 implements MigrationInterface {
  name = 'LiveEvents1796860000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "inbox_event_counter" ("organisation_id" uuid NOT NULL, "last_number" bigint NOT NULL, CONSTRAINT "inbox_event_counter_pkey" PRIMARY KEY ("organisation_id"))`,
    );
    await q.query(
      `CREATE TABLE "inbox_event" ("organisation_id" uuid NOT NULL, "number" bigint NOT NULL, "event_id" uuid NOT NULL, "kind" character varying(60) NOT NULL, "patient_id" uuid, "entity_id" text NOT NULL, "message" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "inbox_event_pkey" PRIMARY KEY ("organisation_id", "number"))`,
    );
    await q.query(`CREATE INDEX "ix_inbox_event_created" ON "inbox_event" ("created_at")`);
    await q.query(
      `CREATE TABLE "inbox_deadline_raised" ("kind" character varying(60) NOT NULL, "record_id" uuid NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "organisation_id" uuid NOT NULL, "event_id" uuid NOT NULL, "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "inbox_deadline_raised_pkey" PRIMARY KEY ("kind", "record_id", "due_at"))`,
    );
    await q.query(`CREATE INDEX "ix_inbox_deadline_raised_due" ON "inbox_deadline_raised" ("due_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "inbox_deadline_raised"`);
    await q.query(`DROP TABLE "inbox_event"`);
    await q.query(`DROP TABLE "inbox_event_counter"`);
  }
}
