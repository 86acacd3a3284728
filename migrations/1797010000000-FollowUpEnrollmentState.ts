import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The joint follow-up's kept enrollment states (src/follow-up/enrollment-state.ts): the table
 * `follow_up_enrollment_state` (one row per enrollment: scope columns, and the SIP, signed plan,
 * past-review and named-GP days cut to the enrollment's days), the functions and the statement-level
 * triggers on its sources that keep it, and the backfill of every existing enrollment.
 *
 * The statements are what enrollmentStateDdl() and ENROLLMENT_STATE_REBUILD_SQL generated when this
 * migration was written, frozen here; test/follow-up-state.e2e-spec.ts fails when the installed
 * functions and the definition in src part (a change of the definition needs a migration running the
 * new text), and every e2e file fails when the table and a recomputation from the sources part.
 */
const DDL = [
  `CREATE OR REPLACE FUNCTION follow_up_enrollment_state_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN
    RETURN;
  END IF;
  PERFORM 1 FROM patient WHERE id = ANY (ids) ORDER BY id FOR NO KEY UPDATE;
  DELETE FROM follow_up_enrollment_state WHERE patient_id = ANY (ids);
  INSERT INTO follow_up_enrollment_state (enrollment_id, patient_id, municipality_id, primary_care_id, start_date, end_date, sip, plan, overdue, gp)
  SELECT e.id AS enrollment_id, e.patient_id, e.municipality_id, e.primary_care_id, e.start_date, e.end_date,
       sip.days * multirange(daterange(e.start_date, e.end_date, '[]')) AS sip, plan.days * multirange(daterange(e.start_date, e.end_date, '[]')) AS plan, plan.overdue * multirange(daterange(e.start_date, e.end_date, '[]')) AS overdue, gp.days * multirange(daterange(e.start_date, e.end_date, '[]')) AS gp
  FROM home_healthcare_enrollment e
  CROSS JOIN LATERAL (
    SELECT range_agg(daterange((v.published_at AT TIME ZONE 'Europe/Stockholm')::date, (((cp.closed_at) - interval '1 microsecond') AT TIME ZONE 'Europe/Stockholm')::date, '[]')) AS days
      FROM care_plan cp
      JOIN care_plan_version v ON v.care_plan_id = cp.id AND v.number = 1
     WHERE cp.patient_id = e.patient_id AND cp.plan_type = 'SIP' AND (cp.closed_at IS NULL OR cp.closed_at > v.published_at)) sip
  CROSS JOIN LATERAL (
    SELECT range_agg(p.r) AS days, range_agg(p.r * daterange(p.review_date + 1, NULL)) FILTER (WHERE p.review_date IS NOT NULL) AS overdue
      FROM (SELECT d.review_date, daterange((d.signed_at AT TIME ZONE 'Europe/Stockholm')::date, (((coalesce(d.superseded_at, d.withdrawn_at)) - interval '1 microsecond') AT TIME ZONE 'Europe/Stockholm')::date, '[]') AS r
              FROM deterioration_plan d
             WHERE d.patient_id = e.patient_id AND d.signed_at IS NOT NULL
               AND (coalesce(d.superseded_at, d.withdrawn_at) IS NULL OR coalesce(d.superseded_at, d.withdrawn_at) > d.signed_at)) p) plan
  CROSS JOIN LATERAL (
    SELECT range_agg(daterange((a.valid_from AT TIME ZONE 'Europe/Stockholm')::date, (((a.ended_at) - interval '1 microsecond') AT TIME ZONE 'Europe/Stockholm')::date, '[]')) AS days
      FROM assignment a
     WHERE a.staff_id = e.named_physician_id AND a.organisation_id = e.primary_care_id AND a.role = 'PHYSICIAN'
       AND (a.ended_at IS NULL OR a.ended_at > a.valid_from)) gp
 WHERE e.patient_id = ANY (ids);
END
$fn$`,
  `CREATE OR REPLACE FUNCTION follow_up_enrollment_state_on_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM follow_up_enrollment_state_refresh(ARRAY(SELECT DISTINCT patient_id FROM new_rows));
  ELSE
    PERFORM follow_up_enrollment_state_refresh(ARRAY(SELECT DISTINCT patient_id FROM old_rows));
  END IF;
  RETURN NULL;
END
$fn$`,
  `CREATE OR REPLACE FUNCTION follow_up_enrollment_state_on_version() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM follow_up_enrollment_state_refresh(ARRAY(SELECT DISTINCT cp.patient_id FROM new_rows v JOIN care_plan cp ON cp.id = v.care_plan_id WHERE v.number = 1));
  RETURN NULL;
END
$fn$`,
  `CREATE OR REPLACE FUNCTION follow_up_enrollment_state_on_assignment() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  staff uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    staff := ARRAY(SELECT staff_id FROM new_rows WHERE role = 'PHYSICIAN');
  ELSE
    staff := ARRAY(SELECT staff_id FROM old_rows WHERE role = 'PHYSICIAN');
  END IF;
  IF cardinality(staff) > 0 THEN
    PERFORM follow_up_enrollment_state_refresh(ARRAY(SELECT DISTINCT patient_id FROM home_healthcare_enrollment WHERE named_physician_id = ANY (staff)));
  END IF;
  RETURN NULL;
END
$fn$`,
  `CREATE OR REPLACE FUNCTION follow_up_state_on_update_home_healthcare_enrollment() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM follow_up_enrollment_state_refresh(ARRAY(SELECT n.patient_id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (o.patient_id, o.municipality_id, o.primary_care_id, o.named_physician_id, o.start_date, o.end_date) IS DISTINCT FROM (n.patient_id, n.municipality_id, n.primary_care_id, n.named_physician_id, n.start_date, n.end_date)
    UNION SELECT o.patient_id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (o.patient_id, o.municipality_id, o.primary_care_id, o.named_physician_id, o.start_date, o.end_date) IS DISTINCT FROM (n.patient_id, n.municipality_id, n.primary_care_id, n.named_physician_id, n.start_date, n.end_date)));
  RETURN NULL;
END
$fn$`,
  `DROP TRIGGER IF EXISTS follow_up_state_insert ON home_healthcare_enrollment`,
  `DROP TRIGGER IF EXISTS follow_up_state_update ON home_healthcare_enrollment`,
  `DROP TRIGGER IF EXISTS follow_up_state_delete ON home_healthcare_enrollment`,
  `CREATE TRIGGER follow_up_state_insert AFTER INSERT ON home_healthcare_enrollment REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_enrollment_state_on_change()`,
  `CREATE TRIGGER follow_up_state_update AFTER UPDATE ON home_healthcare_enrollment REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_state_on_update_home_healthcare_enrollment()`,
  `CREATE TRIGGER follow_up_state_delete AFTER DELETE ON home_healthcare_enrollment REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_enrollment_state_on_change()`,
  `CREATE OR REPLACE FUNCTION follow_up_state_on_update_care_plan() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM follow_up_enrollment_state_refresh(ARRAY(SELECT n.patient_id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (o.patient_id, o.plan_type, o.closed_at) IS DISTINCT FROM (n.patient_id, n.plan_type, n.closed_at)
    UNION SELECT o.patient_id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (o.patient_id, o.plan_type, o.closed_at) IS DISTINCT FROM (n.patient_id, n.plan_type, n.closed_at)));
  RETURN NULL;
END
$fn$`,
  `DROP TRIGGER IF EXISTS follow_up_state_insert ON care_plan`,
  `DROP TRIGGER IF EXISTS follow_up_state_update ON care_plan`,
  `DROP TRIGGER IF EXISTS follow_up_state_delete ON care_plan`,
  `CREATE TRIGGER follow_up_state_insert AFTER INSERT ON care_plan REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_enrollment_state_on_change()`,
  `CREATE TRIGGER follow_up_state_update AFTER UPDATE ON care_plan REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_state_on_update_care_plan()`,
  `CREATE TRIGGER follow_up_state_delete AFTER DELETE ON care_plan REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_enrollment_state_on_change()`,
  `CREATE OR REPLACE FUNCTION follow_up_state_on_update_deterioration_plan() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM follow_up_enrollment_state_refresh(ARRAY(SELECT n.patient_id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (o.patient_id, o.signed_at, o.superseded_at, o.withdrawn_at, o.review_date) IS DISTINCT FROM (n.patient_id, n.signed_at, n.superseded_at, n.withdrawn_at, n.review_date)
    UNION SELECT o.patient_id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (o.patient_id, o.signed_at, o.superseded_at, o.withdrawn_at, o.review_date) IS DISTINCT FROM (n.patient_id, n.signed_at, n.superseded_at, n.withdrawn_at, n.review_date)));
  RETURN NULL;
END
$fn$`,
  `DROP TRIGGER IF EXISTS follow_up_state_insert ON deterioration_plan`,
  `DROP TRIGGER IF EXISTS follow_up_state_update ON deterioration_plan`,
  `DROP TRIGGER IF EXISTS follow_up_state_delete ON deterioration_plan`,
  `CREATE TRIGGER follow_up_state_insert AFTER INSERT ON deterioration_plan REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_enrollment_state_on_change()`,
  `CREATE TRIGGER follow_up_state_update AFTER UPDATE ON deterioration_plan REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_state_on_update_deterioration_plan()`,
  `CREATE TRIGGER follow_up_state_delete AFTER DELETE ON deterioration_plan REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_enrollment_state_on_change()`,
  `CREATE OR REPLACE FUNCTION follow_up_state_on_update_assignment() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM follow_up_enrollment_state_refresh(ARRAY(SELECT DISTINCT e.patient_id FROM home_healthcare_enrollment e
     WHERE e.named_physician_id IN (SELECT n.staff_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                                     WHERE 'PHYSICIAN' IN (o.role, n.role) AND (o.staff_id, o.organisation_id, o.role, o.valid_from, o.ended_at) IS DISTINCT FROM (n.staff_id, n.organisation_id, n.role, n.valid_from, n.ended_at)
                                    UNION SELECT o.staff_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                                     WHERE 'PHYSICIAN' IN (o.role, n.role) AND (o.staff_id, o.organisation_id, o.role, o.valid_from, o.ended_at) IS DISTINCT FROM (n.staff_id, n.organisation_id, n.role, n.valid_from, n.ended_at))));
  RETURN NULL;
END
$fn$`,
  `DROP TRIGGER IF EXISTS follow_up_state_insert ON assignment`,
  `DROP TRIGGER IF EXISTS follow_up_state_update ON assignment`,
  `DROP TRIGGER IF EXISTS follow_up_state_delete ON assignment`,
  `CREATE TRIGGER follow_up_state_insert AFTER INSERT ON assignment REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_enrollment_state_on_assignment()`,
  `CREATE TRIGGER follow_up_state_update AFTER UPDATE ON assignment REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_state_on_update_assignment()`,
  `CREATE TRIGGER follow_up_state_delete AFTER DELETE ON assignment REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_enrollment_state_on_assignment()`,
  `DROP TRIGGER IF EXISTS follow_up_state_insert ON care_plan_version`,
  `CREATE TRIGGER follow_up_state_insert AFTER INSERT ON care_plan_version REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_enrollment_state_on_version()`,
];

/** The backfill: every enrollment's row from the sources (bench/seed.ts runs the same after generating a region). */
const BACKFILL = [
  `DELETE FROM follow_up_enrollment_state`,
  `INSERT INTO follow_up_enrollment_state (enrollment_id, patient_id, municipality_id, primary_care_id, start_date, end_date, sip, plan, overdue, gp) SELECT e.id AS enrollment_id, e.patient_id, e.municipality_id, e.primary_care_id, e.start_date, e.end_date,
       sip.days * multirange(daterange(e.start_date, e.end_date, '[]')) AS sip, plan.days * multirange(daterange(e.start_date, e.end_date, '[]')) AS plan, plan.overdue * multirange(daterange(e.start_date, e.end_date, '[]')) AS overdue, gp.days * multirange(daterange(e.start_date, e.end_date, '[]')) AS gp
  FROM home_healthcare_enrollment e
  CROSS JOIN LATERAL (
    SELECT range_agg(daterange((v.published_at AT TIME ZONE 'Europe/Stockholm')::date, (((cp.closed_at) - interval '1 microsecond') AT TIME ZONE 'Europe/Stockholm')::date, '[]')) AS days
      FROM care_plan cp
      JOIN care_plan_version v ON v.care_plan_id = cp.id AND v.number = 1
     WHERE cp.patient_id = e.patient_id AND cp.plan_type = 'SIP' AND (cp.closed_at IS NULL OR cp.closed_at > v.published_at)) sip
  CROSS JOIN LATERAL (
    SELECT range_agg(p.r) AS days, range_agg(p.r * daterange(p.review_date + 1, NULL)) FILTER (WHERE p.review_date IS NOT NULL) AS overdue
      FROM (SELECT d.review_date, daterange((d.signed_at AT TIME ZONE 'Europe/Stockholm')::date, (((coalesce(d.superseded_at, d.withdrawn_at)) - interval '1 microsecond') AT TIME ZONE 'Europe/Stockholm')::date, '[]') AS r
              FROM deterioration_plan d
             WHERE d.patient_id = e.patient_id AND d.signed_at IS NOT NULL
               AND (coalesce(d.superseded_at, d.withdrawn_at) IS NULL OR coalesce(d.superseded_at, d.withdrawn_at) > d.signed_at)) p) plan
  CROSS JOIN LATERAL (
    SELECT range_agg(daterange((a.valid_from AT TIME ZONE 'Europe/Stockholm')::date, (((a.ended_at) - interval '1 microsecond') AT TIME ZONE 'Europe/Stockholm')::date, '[]')) AS days
      FROM assignment a
     WHERE a.staff_id = e.named_physician_id AND a.organisation_id = e.primary_care_id AND a.role = 'PHYSICIAN'
       AND (a.ended_at IS NULL OR a.ended_at > a.valid_from)) gp
 WHERE true`,
];

export class FollowUpEnrollmentState1797010000000 implements MigrationInterface {
  name = 'FollowUpEnrollmentState1797010000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "follow_up_enrollment_state" ("enrollment_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "municipality_id" uuid NOT NULL, "primary_care_id" uuid NOT NULL, "start_date" date NOT NULL, "end_date" date, "sip" datemultirange, "plan" datemultirange, "overdue" datemultirange, "gp" datemultirange, CONSTRAINT "PK_follow_up_enrollment_state" PRIMARY KEY ("enrollment_id"), CONSTRAINT "FK_follow_up_enrollment_state_enrollment" FOREIGN KEY ("enrollment_id") REFERENCES "home_healthcare_enrollment"("id") ON DELETE CASCADE, CONSTRAINT "FK_follow_up_enrollment_state_patient" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE CASCADE)`,
    );
    await q.query(`CREATE INDEX "ix_follow_up_enrollment_state_patient" ON "follow_up_enrollment_state" ("patient_id")`);
    await q.query(`CREATE INDEX "ix_follow_up_enrollment_state_municipality" ON "follow_up_enrollment_state" ("municipality_id", "start_date")`);
    await q.query(`CREATE INDEX "ix_follow_up_enrollment_state_primary_care" ON "follow_up_enrollment_state" ("primary_care_id", "start_date")`);
    for (const s of DDL) await q.query(s);
    for (const s of BACKFILL) await q.query(s);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['assignment', 'care_plan', 'care_plan_version', 'deterioration_plan', 'home_healthcare_enrollment']) {
      for (const e of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER IF EXISTS follow_up_state_${e} ON ${t}`);
    }
    for (const f of [
      'follow_up_enrollment_state_refresh(uuid[])',
      'follow_up_enrollment_state_on_change()',
      'follow_up_enrollment_state_on_version()',
      'follow_up_enrollment_state_on_assignment()',
      'follow_up_state_on_update_home_healthcare_enrollment()',
      'follow_up_state_on_update_care_plan()',
      'follow_up_state_on_update_deterioration_plan()',
      'follow_up_state_on_update_assignment()',
    ])
      await q.query(`DROP FUNCTION IF EXISTS ${f}`);
    await q.query(`DROP TABLE "follow_up_enrollment_state"`);
  }
}
