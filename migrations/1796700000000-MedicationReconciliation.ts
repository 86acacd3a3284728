import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Medicines at transitions (läkemedelsavstämning):
 *
 * - The discharge handover's free-text medication list `currentMedications: [{ name, dosage }]`
 *   becomes structured lines `medications` (src/discharges/medication-lines.ts). Existing lines keep
 *   their text verbatim: `product` = the old name, `dose` = the old dosage; `route` and `status`
 *   stay null, because the old list did not say them. UNCHANGED was not chosen: the old list was
 *   "the current medicines" and the changes were told in `medicationChanges`, so a line may well
 *   have been new or changed (Esther's furosemide was raised) — a guessed UNCHANGED would tell the
 *   nurse the opposite. A line that is not the expected `{ name, dosage }` (strings, nothing else)
 *   keeps its whole JSON text in `product`, so nothing is lost whatever was stored.
 * - The municipality's status message may carry a medication list (`discharge_message.medications`).
 * - The reconciliation and its discrepancies (each linked to the task it became), and a deadline
 *   kind for it. Processes discharged before this migration expect no reconciliation
 *   (`medication_reconciliation_expected` false): they get no deadline that nobody could have met.
 *
 * `down` gives the old list back as the lines still to be taken, `{ name, dosage }` (the name as
 * `MedicationLine.name` makes it); statuses, stopped lines and the other fields have no place there.
 */
export class MedicationReconciliation1796700000000 implements MigrationInterface {
  name = 'MedicationReconciliation1796700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "medication_reconciliation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "process_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "recorded_by_staff_id" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "matches" boolean NOT NULL, "note" character varying(2000), CONSTRAINT "PK_1ec6d79ee0709029d749effdd27" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_medication_reconciliation_patient" ON "medication_reconciliation"  ("patient_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_medication_reconciliation_process" ON "medication_reconciliation"  ("process_id") `);
    await q.query(
      `CREATE TYPE "public"."medication_discrepancy_kind" AS ENUM('MISSING_AT_HOME', 'STOPPED_BUT_AT_HOME', 'DOSE_DIFFERS', 'STRENGTH_DIFFERS', 'PRODUCT_DIFFERS', 'NOT_ON_LIST', 'OTHER')`,
    );
    await q.query(
      `CREATE TABLE "medication_discrepancy" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reconciliation_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "position" integer NOT NULL, "line_number" integer, "medicine" character varying(200), "kind" "public"."medication_discrepancy_kind" NOT NULL, "description" character varying(1000) NOT NULL, "task_id" uuid NOT NULL, CONSTRAINT "ck_medication_discrepancy_subject" CHECK (("line_number" IS NULL) <> ("medicine" IS NULL)), CONSTRAINT "PK_885877a21e7f6408fb5696dada6" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_medication_discrepancy_task" ON "medication_discrepancy"  ("task_id") `);
    await q.query(`CREATE INDEX "ix_medication_discrepancy_reconciliation" ON "medication_discrepancy"  ("reconciliation_id", "position") `);
    await q.query(`ALTER TABLE "discharge_process" ADD "medication_reconciliation_expected" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "discharge_message" ADD "medications" jsonb`);
    // Added, not used in this transaction (PostgreSQL allows that inside one).
    await q.query(`ALTER TYPE "public"."discharge_deadline_kind" ADD VALUE 'MEDICATION_RECONCILIATION'`);
    await q.query(
      `ALTER TABLE "medication_reconciliation" ADD CONSTRAINT "FK_16c9e9ac9402c26b961927bfa86" FOREIGN KEY ("process_id") REFERENCES "discharge_process"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "medication_reconciliation" ADD CONSTRAINT "FK_be7ecf8731aef71914a79658831" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "medication_reconciliation" ADD CONSTRAINT "FK_61d6382450fde2a8353d23eaf62" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "medication_discrepancy" ADD CONSTRAINT "FK_30df5f87a608cbfe19dd5d0a741" FOREIGN KEY ("reconciliation_id") REFERENCES "medication_reconciliation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "medication_discrepancy" ADD CONSTRAINT "FK_49efe85604e640a513fae646807" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "medication_discrepancy" ADD CONSTRAINT "FK_103e94c4569655be2e1e3893dea" FOREIGN KEY ("task_id") REFERENCES "task"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(STRUCTURE_MEDICATION_LINES);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(FREE_TEXT_MEDICATION_LINES);
    await q.query(`ALTER TABLE "medication_discrepancy" DROP CONSTRAINT "FK_103e94c4569655be2e1e3893dea"`);
    await q.query(`ALTER TABLE "medication_discrepancy" DROP CONSTRAINT "FK_49efe85604e640a513fae646807"`);
    await q.query(`ALTER TABLE "medication_discrepancy" DROP CONSTRAINT "FK_30df5f87a608cbfe19dd5d0a741"`);
    await q.query(`ALTER TABLE "medication_reconciliation" DROP CONSTRAINT "FK_61d6382450fde2a8353d23eaf62"`);
    await q.query(`ALTER TABLE "medication_reconciliation" DROP CONSTRAINT "FK_be7ecf8731aef71914a79658831"`);
    await q.query(`ALTER TABLE "medication_reconciliation" DROP CONSTRAINT "FK_16c9e9ac9402c26b961927bfa86"`);
    await q.query(`DELETE FROM "discharge_deadline" WHERE "kind" = 'MEDICATION_RECONCILIATION'`);
    await q.query(`DROP INDEX "public"."ix_discharge_deadline_kind_due"`);
    await q.query(`CREATE TYPE "public"."discharge_deadline_kind_old" AS ENUM('ADMISSION_NOTICE', 'SIP_INVITATION', 'ACKNOWLEDGEMENT')`);
    await q.query(
      `ALTER TABLE "discharge_deadline" ALTER COLUMN "kind" TYPE "public"."discharge_deadline_kind_old" USING "kind"::"text"::"public"."discharge_deadline_kind_old"`,
    );
    await q.query(`DROP TYPE "public"."discharge_deadline_kind"`);
    await q.query(`ALTER TYPE "public"."discharge_deadline_kind_old" RENAME TO "discharge_deadline_kind"`);
    await q.query(`CREATE INDEX "ix_discharge_deadline_kind_due" ON "discharge_deadline"  ("kind", "due_at") `);
    await q.query(`ALTER TABLE "discharge_message" DROP COLUMN "medications"`);
    await q.query(`ALTER TABLE "discharge_process" DROP COLUMN "medication_reconciliation_expected"`);
    // The tasks the discrepancies became stay, as ordinary tasks.
    await q.query(`DROP INDEX "public"."ix_medication_discrepancy_reconciliation"`);
    await q.query(`DROP INDEX "public"."uq_medication_discrepancy_task"`);
    await q.query(`DROP TABLE "medication_discrepancy"`);
    await q.query(`DROP TYPE "public"."medication_discrepancy_kind"`);
    await q.query(`DROP INDEX "public"."uq_medication_reconciliation_process"`);
    await q.query(`DROP INDEX "public"."ix_medication_reconciliation_patient"`);
    await q.query(`DROP TABLE "medication_reconciliation"`);
  }
}

/**
 * Every stored discharge handover with the free-text list gets the structured one instead, line by
 * line in the same order. A well-formed old line is an object of exactly the strings `name` and
 * `dosage`; anything else (another shape, other keys, a bare string) keeps its whole text in
 * `product` (a bare string as itself, otherwise its JSON). A list that is not an array counts as
 * one such line; a missing or null list as none.
 */
export const STRUCTURE_MEDICATION_LINES = `
UPDATE discharge_message m
   SET handover = (m.handover - 'currentMedications') || jsonb_build_object('medications', (
         SELECT coalesce(jsonb_agg(jsonb_build_object(
                  'substance', NULL,
                  'product', CASE WHEN x.ok THEN e.l->>'name' WHEN jsonb_typeof(e.l) = 'string' THEN e.l #>> '{}' ELSE e.l::text END,
                  'strength', NULL,
                  'dose', CASE WHEN x.ok THEN e.l->>'dosage' ELSE '' END,
                  'route', NULL, 'status', NULL, 'reason', NULL, 'followUpDate', NULL, 'nllReference', NULL) ORDER BY e.n), '[]'::jsonb)
           FROM jsonb_array_elements(CASE WHEN coalesce(jsonb_typeof(m.handover->'currentMedications'), 'null') = 'null' THEN '[]'::jsonb
                                          WHEN jsonb_typeof(m.handover->'currentMedications') = 'array' THEN m.handover->'currentMedications'
                                          ELSE jsonb_build_array(m.handover->'currentMedications') END) WITH ORDINALITY AS e(l, n)
          CROSS JOIN LATERAL (SELECT jsonb_typeof(e.l) = 'object' AND jsonb_typeof(e.l->'name') = 'string' AND jsonb_typeof(e.l->'dosage') = 'string'
                                     AND (e.l - 'name' - 'dosage') = '{}'::jsonb AS ok) x))
 WHERE m.handover IS NOT NULL AND jsonb_typeof(m.handover) = 'object' AND NOT m.handover ? 'medications'`;

/** down: the lines still to be taken (not STOPPED), as `{ name, dosage }`. */
export const FREE_TEXT_MEDICATION_LINES = `
UPDATE discharge_message m
   SET handover = (m.handover - 'medications') || jsonb_build_object('currentMedications', (
         SELECT coalesce(jsonb_agg(jsonb_build_object(
                  'name', x.name || CASE WHEN e.l->>'strength' IS NOT NULL AND strpos(x.name, e.l->>'strength') = 0 THEN ' ' || (e.l->>'strength') ELSE '' END,
                  'dosage', coalesce(e.l->>'dose', '')) ORDER BY e.n), '[]'::jsonb)
           FROM jsonb_array_elements(coalesce(m.handover->'medications', '[]'::jsonb)) WITH ORDINALITY AS e(l, n)
          CROSS JOIN LATERAL (SELECT coalesce(e.l->>'product', e.l->>'substance', '') AS name) x
          WHERE coalesce(e.l->>'status', '') <> 'STOPPED'))
 WHERE m.handover IS NOT NULL AND m.handover ? 'medications'`;
