import { MigrationInterface, QueryRunner } from 'typeorm';
import { FOLLOW_UP_KEPT_ROWS_DDL } from './1797010000000-FollowUpKeptRows';

/**
 * The follow-up's kept rows refreshed by family (src/follow-up/enrollment-state.ts): a change to a
 * source table recomputes only what that table feeds (a task: the patient's TASK facts; an
 * experience answer: the EXP facts; a deterioration plan, a SIP version or a GP's assignment: the
 * enrollment states), instead of every kept row of the patient. What the rows hold is unchanged, so
 * nothing is backfilled.
 *
 * The statements are what enrollmentStateDdl() generated when this migration was written, frozen
 * here; test/follow-up-state.e2e-spec.ts fails when the installed functions and the definition part.
 */
const DDL = [
  `CREATE OR REPLACE FUNCTION follow_up_kept_refresh(ids uuid[], state boolean, kinds text[]) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN
    RETURN;
  END IF;
  IF state THEN
    PERFORM 1 FROM staff WHERE id IN (SELECT named_physician_id FROM home_healthcare_enrollment WHERE patient_id = ANY (ids)) ORDER BY id FOR SHARE;
  END IF;
  PERFORM 1 FROM patient WHERE id = ANY (ids) ORDER BY id FOR NO KEY UPDATE;
  IF state THEN
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
  END IF;
  IF cardinality(kinds) > 0 THEN
    DELETE FROM follow_up_fact WHERE patient_id = ANY (ids) AND kind = ANY (kinds);
    INSERT INTO follow_up_fact (kind, fact_id, patient_id, day, enrollment_id, municipality_id, primary_care_id, ok, question, score, respondent, done)
    SELECT x.kind, x.fact_id, x.patient_id, x.day, e.id AS enrollment_id, e.municipality_id, e.primary_care_id, x.ok, x.question, x.score, x.respondent,
       x.done
  FROM (
    SELECT 'FU'::text AS kind, f.id AS fact_id, f.patient_id, f.due_date AS day, f.follow_up_date <= f.due_date AS ok,
           NULL::care_plan_experience_question AS question, NULL::smallint AS score, NULL::text AS respondent, NULL::boolean AS done
      FROM care_plan_follow_up f
      JOIN care_plan fp ON fp.id = f.care_plan_id AND fp.plan_type = 'SIP'
     WHERE f.due_date IS NOT NULL AND f.patient_id = ANY (ids) AND 'FU' = ANY (kinds)
    UNION ALL
    SELECT 'FU_OUT', cp.id, cp.patient_id, cp.follow_up_due, false, NULL, NULL, NULL, NULL
      FROM care_plan cp
     WHERE cp.follow_up_due IS NOT NULL AND cp.plan_type = 'SIP' AND cp.published_version_number IS NOT NULL
       AND (cp.status = 'ACTIVE' OR (cp.status = 'CLOSED' AND (cp.closed_at AT TIME ZONE 'Europe/Stockholm')::date > cp.follow_up_due)) AND cp.patient_id = ANY (ids) AND 'FU_OUT' = ANY (kinds)
    UNION ALL
    SELECT 'EXP', x.id, f.patient_id, x.answered_on, NULL, x.question, x.score, 'PATIENT_WITH_STAFF_HELP', NULL
      FROM care_plan_experience_answer x
      JOIN care_plan_follow_up f ON f.id = x.follow_up_id
     WHERE f.patient_id = ANY (ids) AND 'EXP' = ANY (kinds)
    UNION ALL
    SELECT 'EXP', x.id, s.patient_id, x.answered_on, NULL, x.question, x.score, s.respondent::text, NULL
      FROM experience_answer x
      JOIN experience_survey s ON s.id = x.survey_id
     WHERE s.patient_id = ANY (ids) AND 'EXP' = ANY (kinds)
    UNION ALL
    SELECT 'TASK', t.id, t.patient_id, t.due_date, (t.status = 'COMPLETED' AND (t.completed_at AT TIME ZONE 'Europe/Stockholm')::date <= t.due_date), NULL, NULL, NULL,
           t.status = 'COMPLETED'
      FROM task t
     WHERE t.status <> 'CANCELLED' AND t.patient_id = ANY (ids) AND 'TASK' = ANY (kinds)) x
  JOIN home_healthcare_enrollment e ON e.patient_id = x.patient_id AND daterange(e.start_date, e.end_date, '[]') @> x.day;
  END IF;
END
$fn$`,
  `CREATE OR REPLACE FUNCTION follow_up_enrollment_state_on_version() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM follow_up_kept_refresh(ARRAY(SELECT DISTINCT cp.patient_id FROM new_rows v JOIN care_plan cp ON cp.id = v.care_plan_id WHERE v.number = 1), true, '{}');
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
    PERFORM 1 FROM staff s WHERE s.id = ANY (staff) ORDER BY s.id FOR NO KEY UPDATE;
    PERFORM follow_up_kept_refresh(ARRAY(SELECT DISTINCT patient_id FROM home_healthcare_enrollment WHERE named_physician_id = ANY (staff)), true, '{}');
  END IF;
  RETURN NULL;
END
$fn$`,
  `CREATE OR REPLACE FUNCTION follow_up_state_on_change_home_healthcare_enrollment() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM follow_up_kept_refresh(ARRAY(SELECT r.patient_id FROM new_rows r), true, '{FU,FU_OUT,EXP,TASK}');
  ELSE
    PERFORM follow_up_kept_refresh(ARRAY(SELECT r.patient_id FROM old_rows r), true, '{FU,FU_OUT,EXP,TASK}');
  END IF;
  RETURN NULL;
END
$fn$`,
  `CREATE OR REPLACE FUNCTION follow_up_state_on_update_home_healthcare_enrollment() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM follow_up_kept_refresh(ARRAY(SELECT r.patient_id FROM (SELECT n.* FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (o.patient_id, o.municipality_id, o.primary_care_id, o.named_physician_id, o.start_date, o.end_date) IS DISTINCT FROM (n.patient_id, n.municipality_id, n.primary_care_id, n.named_physician_id, n.start_date, n.end_date)) r UNION SELECT r.patient_id FROM (SELECT o.* FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (o.patient_id, o.municipality_id, o.primary_care_id, o.named_physician_id, o.start_date, o.end_date) IS DISTINCT FROM (n.patient_id, n.municipality_id, n.primary_care_id, n.named_physician_id, n.start_date, n.end_date)) r), true, '{FU,FU_OUT,EXP,TASK}');
  RETURN NULL;
END
$fn$`,
  `DROP TRIGGER IF EXISTS follow_up_state_insert ON home_healthcare_enrollment`,
  `DROP TRIGGER IF EXISTS follow_up_state_update ON home_healthcare_enrollment`,
  `DROP TRIGGER IF EXISTS follow_up_state_delete ON home_healthcare_enrollment`,
  `CREATE TRIGGER follow_up_state_insert AFTER INSERT ON home_healthcare_enrollment REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_state_on_change_home_healthcare_enrollment()`,
  `CREATE TRIGGER follow_up_state_update AFTER UPDATE ON home_healthcare_enrollment REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_state_on_update_home_healthcare_enrollment()`,
  `CREATE TRIGGER follow_up_state_delete AFTER DELETE ON home_healthcare_enrollment REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_state_on_change_home_healthcare_enrollment()`,
  `CREATE OR REPLACE FUNCTION follow_up_state_on_change_care_plan() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM follow_up_kept_refresh(ARRAY(SELECT r.patient_id FROM new_rows r), true, '{FU,FU_OUT}');
  ELSE
    PERFORM follow_up_kept_refresh(ARRAY(SELECT r.patient_id FROM old_rows r), true, '{FU,FU_OUT}');
  END IF;
  RETURN NULL;
END
$fn$`,
  `CREATE OR REPLACE FUNCTION follow_up_state_on_update_care_plan() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM follow_up_kept_refresh(ARRAY(SELECT r.patient_id FROM (SELECT n.* FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (o.patient_id, o.plan_type, o.closed_at, o.status, o.follow_up_due, o.published_version_number) IS DISTINCT FROM (n.patient_id, n.plan_type, n.closed_at, n.status, n.follow_up_due, n.published_version_number)) r UNION SELECT r.patient_id FROM (SELECT o.* FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (o.patient_id, o.plan_type, o.closed_at, o.status, o.follow_up_due, o.published_version_number) IS DISTINCT FROM (n.patient_id, n.plan_type, n.closed_at, n.status, n.follow_up_due, n.published_version_number)) r), true, '{FU,FU_OUT}');
  RETURN NULL;
END
$fn$`,
  `DROP TRIGGER IF EXISTS follow_up_state_insert ON care_plan`,
  `DROP TRIGGER IF EXISTS follow_up_state_update ON care_plan`,
  `DROP TRIGGER IF EXISTS follow_up_state_delete ON care_plan`,
  `CREATE TRIGGER follow_up_state_insert AFTER INSERT ON care_plan REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_state_on_change_care_plan()`,
  `CREATE TRIGGER follow_up_state_update AFTER UPDATE ON care_plan REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_state_on_update_care_plan()`,
  `CREATE TRIGGER follow_up_state_delete AFTER DELETE ON care_plan REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_state_on_change_care_plan()`,
  `CREATE OR REPLACE FUNCTION follow_up_state_on_change_deterioration_plan() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM follow_up_kept_refresh(ARRAY(SELECT r.patient_id FROM new_rows r), true, '{}');
  ELSE
    PERFORM follow_up_kept_refresh(ARRAY(SELECT r.patient_id FROM old_rows r), true, '{}');
  END IF;
  RETURN NULL;
END
$fn$`,
  `CREATE OR REPLACE FUNCTION follow_up_state_on_update_deterioration_plan() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM follow_up_kept_refresh(ARRAY(SELECT r.patient_id FROM (SELECT n.* FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (o.patient_id, o.signed_at, o.superseded_at, o.withdrawn_at, o.review_date) IS DISTINCT FROM (n.patient_id, n.signed_at, n.superseded_at, n.withdrawn_at, n.review_date)) r UNION SELECT r.patient_id FROM (SELECT o.* FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (o.patient_id, o.signed_at, o.superseded_at, o.withdrawn_at, o.review_date) IS DISTINCT FROM (n.patient_id, n.signed_at, n.superseded_at, n.withdrawn_at, n.review_date)) r), true, '{}');
  RETURN NULL;
END
$fn$`,
  `DROP TRIGGER IF EXISTS follow_up_state_insert ON deterioration_plan`,
  `DROP TRIGGER IF EXISTS follow_up_state_update ON deterioration_plan`,
  `DROP TRIGGER IF EXISTS follow_up_state_delete ON deterioration_plan`,
  `CREATE TRIGGER follow_up_state_insert AFTER INSERT ON deterioration_plan REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_state_on_change_deterioration_plan()`,
  `CREATE TRIGGER follow_up_state_update AFTER UPDATE ON deterioration_plan REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_state_on_update_deterioration_plan()`,
  `CREATE TRIGGER follow_up_state_delete AFTER DELETE ON deterioration_plan REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_state_on_change_deterioration_plan()`,
  `CREATE OR REPLACE FUNCTION follow_up_state_on_change_care_plan_follow_up() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM follow_up_kept_refresh(ARRAY(SELECT r.patient_id FROM new_rows r), false, '{FU,EXP}');
  ELSE
    PERFORM follow_up_kept_refresh(ARRAY(SELECT r.patient_id FROM old_rows r), false, '{FU,EXP}');
  END IF;
  RETURN NULL;
END
$fn$`,
  `CREATE OR REPLACE FUNCTION follow_up_state_on_update_care_plan_follow_up() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM follow_up_kept_refresh(ARRAY(SELECT r.patient_id FROM (SELECT n.* FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (o.patient_id, o.care_plan_id, o.due_date, o.follow_up_date) IS DISTINCT FROM (n.patient_id, n.care_plan_id, n.due_date, n.follow_up_date)) r UNION SELECT r.patient_id FROM (SELECT o.* FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (o.patient_id, o.care_plan_id, o.due_date, o.follow_up_date) IS DISTINCT FROM (n.patient_id, n.care_plan_id, n.due_date, n.follow_up_date)) r), false, '{FU,EXP}');
  RETURN NULL;
END
$fn$`,
  `DROP TRIGGER IF EXISTS follow_up_state_insert ON care_plan_follow_up`,
  `DROP TRIGGER IF EXISTS follow_up_state_update ON care_plan_follow_up`,
  `DROP TRIGGER IF EXISTS follow_up_state_delete ON care_plan_follow_up`,
  `CREATE TRIGGER follow_up_state_insert AFTER INSERT ON care_plan_follow_up REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_state_on_change_care_plan_follow_up()`,
  `CREATE TRIGGER follow_up_state_update AFTER UPDATE ON care_plan_follow_up REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_state_on_update_care_plan_follow_up()`,
  `CREATE TRIGGER follow_up_state_delete AFTER DELETE ON care_plan_follow_up REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_state_on_change_care_plan_follow_up()`,
  `CREATE OR REPLACE FUNCTION follow_up_state_on_change_care_plan_experience_answer() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM follow_up_kept_refresh(ARRAY(SELECT f.patient_id FROM new_rows r JOIN care_plan_follow_up f ON f.id = r.follow_up_id), false, '{EXP}');
  ELSE
    PERFORM follow_up_kept_refresh(ARRAY(SELECT f.patient_id FROM old_rows r JOIN care_plan_follow_up f ON f.id = r.follow_up_id), false, '{EXP}');
  END IF;
  RETURN NULL;
END
$fn$`,
  `CREATE OR REPLACE FUNCTION follow_up_state_on_update_care_plan_experience_answer() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM follow_up_kept_refresh(ARRAY(SELECT f.patient_id FROM (SELECT n.* FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (o.follow_up_id, o.question, o.score, o.answered_on) IS DISTINCT FROM (n.follow_up_id, n.question, n.score, n.answered_on)) r JOIN care_plan_follow_up f ON f.id = r.follow_up_id UNION SELECT f.patient_id FROM (SELECT o.* FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (o.follow_up_id, o.question, o.score, o.answered_on) IS DISTINCT FROM (n.follow_up_id, n.question, n.score, n.answered_on)) r JOIN care_plan_follow_up f ON f.id = r.follow_up_id), false, '{EXP}');
  RETURN NULL;
END
$fn$`,
  `DROP TRIGGER IF EXISTS follow_up_state_insert ON care_plan_experience_answer`,
  `DROP TRIGGER IF EXISTS follow_up_state_update ON care_plan_experience_answer`,
  `DROP TRIGGER IF EXISTS follow_up_state_delete ON care_plan_experience_answer`,
  `CREATE TRIGGER follow_up_state_insert AFTER INSERT ON care_plan_experience_answer REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_state_on_change_care_plan_experience_answer()`,
  `CREATE TRIGGER follow_up_state_update AFTER UPDATE ON care_plan_experience_answer REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_state_on_update_care_plan_experience_answer()`,
  `CREATE TRIGGER follow_up_state_delete AFTER DELETE ON care_plan_experience_answer REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_state_on_change_care_plan_experience_answer()`,
  `CREATE OR REPLACE FUNCTION follow_up_state_on_change_experience_survey() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM follow_up_kept_refresh(ARRAY(SELECT r.patient_id FROM new_rows r), false, '{EXP}');
  ELSE
    PERFORM follow_up_kept_refresh(ARRAY(SELECT r.patient_id FROM old_rows r), false, '{EXP}');
  END IF;
  RETURN NULL;
END
$fn$`,
  `CREATE OR REPLACE FUNCTION follow_up_state_on_update_experience_survey() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM follow_up_kept_refresh(ARRAY(SELECT r.patient_id FROM (SELECT n.* FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (o.patient_id, o.respondent) IS DISTINCT FROM (n.patient_id, n.respondent)) r UNION SELECT r.patient_id FROM (SELECT o.* FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (o.patient_id, o.respondent) IS DISTINCT FROM (n.patient_id, n.respondent)) r), false, '{EXP}');
  RETURN NULL;
END
$fn$`,
  `DROP TRIGGER IF EXISTS follow_up_state_insert ON experience_survey`,
  `DROP TRIGGER IF EXISTS follow_up_state_update ON experience_survey`,
  `DROP TRIGGER IF EXISTS follow_up_state_delete ON experience_survey`,
  `CREATE TRIGGER follow_up_state_insert AFTER INSERT ON experience_survey REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_state_on_change_experience_survey()`,
  `CREATE TRIGGER follow_up_state_update AFTER UPDATE ON experience_survey REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_state_on_update_experience_survey()`,
  `CREATE TRIGGER follow_up_state_delete AFTER DELETE ON experience_survey REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_state_on_change_experience_survey()`,
  `CREATE OR REPLACE FUNCTION follow_up_state_on_change_experience_answer() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM follow_up_kept_refresh(ARRAY(SELECT s.patient_id FROM new_rows r JOIN experience_survey s ON s.id = r.survey_id), false, '{EXP}');
  ELSE
    PERFORM follow_up_kept_refresh(ARRAY(SELECT s.patient_id FROM old_rows r JOIN experience_survey s ON s.id = r.survey_id), false, '{EXP}');
  END IF;
  RETURN NULL;
END
$fn$`,
  `CREATE OR REPLACE FUNCTION follow_up_state_on_update_experience_answer() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM follow_up_kept_refresh(ARRAY(SELECT s.patient_id FROM (SELECT n.* FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (o.survey_id, o.question, o.score, o.answered_on) IS DISTINCT FROM (n.survey_id, n.question, n.score, n.answered_on)) r JOIN experience_survey s ON s.id = r.survey_id UNION SELECT s.patient_id FROM (SELECT o.* FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (o.survey_id, o.question, o.score, o.answered_on) IS DISTINCT FROM (n.survey_id, n.question, n.score, n.answered_on)) r JOIN experience_survey s ON s.id = r.survey_id), false, '{EXP}');
  RETURN NULL;
END
$fn$`,
  `DROP TRIGGER IF EXISTS follow_up_state_insert ON experience_answer`,
  `DROP TRIGGER IF EXISTS follow_up_state_update ON experience_answer`,
  `DROP TRIGGER IF EXISTS follow_up_state_delete ON experience_answer`,
  `CREATE TRIGGER follow_up_state_insert AFTER INSERT ON experience_answer REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_state_on_change_experience_answer()`,
  `CREATE TRIGGER follow_up_state_update AFTER UPDATE ON experience_answer REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_state_on_update_experience_answer()`,
  `CREATE TRIGGER follow_up_state_delete AFTER DELETE ON experience_answer REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_state_on_change_experience_answer()`,
  `CREATE OR REPLACE FUNCTION follow_up_state_on_change_task() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM follow_up_kept_refresh(ARRAY(SELECT r.patient_id FROM new_rows r), false, '{TASK}');
  ELSE
    PERFORM follow_up_kept_refresh(ARRAY(SELECT r.patient_id FROM old_rows r), false, '{TASK}');
  END IF;
  RETURN NULL;
END
$fn$`,
  `CREATE OR REPLACE FUNCTION follow_up_state_on_update_task() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM follow_up_kept_refresh(ARRAY(SELECT r.patient_id FROM (SELECT n.* FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (o.patient_id, o.due_date, o.status, o.completed_at) IS DISTINCT FROM (n.patient_id, n.due_date, n.status, n.completed_at)) r UNION SELECT r.patient_id FROM (SELECT o.* FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (o.patient_id, o.due_date, o.status, o.completed_at) IS DISTINCT FROM (n.patient_id, n.due_date, n.status, n.completed_at)) r), false, '{TASK}');
  RETURN NULL;
END
$fn$`,
  `DROP TRIGGER IF EXISTS follow_up_state_insert ON task`,
  `DROP TRIGGER IF EXISTS follow_up_state_update ON task`,
  `DROP TRIGGER IF EXISTS follow_up_state_delete ON task`,
  `CREATE TRIGGER follow_up_state_insert AFTER INSERT ON task REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_state_on_change_task()`,
  `CREATE TRIGGER follow_up_state_update AFTER UPDATE ON task REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_state_on_update_task()`,
  `CREATE TRIGGER follow_up_state_delete AFTER DELETE ON task REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_state_on_change_task()`,
  `CREATE OR REPLACE FUNCTION follow_up_state_on_update_assignment() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM 1 FROM staff s WHERE s.id IN (SELECT n.staff_id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE 'PHYSICIAN' IN (o.role, n.role) AND (o.staff_id, o.organisation_id, o.role, o.valid_from, o.ended_at) IS DISTINCT FROM (n.staff_id, n.organisation_id, n.role, n.valid_from, n.ended_at)
                                    UNION SELECT o.staff_id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE 'PHYSICIAN' IN (o.role, n.role) AND (o.staff_id, o.organisation_id, o.role, o.valid_from, o.ended_at) IS DISTINCT FROM (n.staff_id, n.organisation_id, n.role, n.valid_from, n.ended_at)) ORDER BY s.id FOR NO KEY UPDATE;
  PERFORM follow_up_kept_refresh(ARRAY(SELECT DISTINCT e.patient_id FROM home_healthcare_enrollment e
     WHERE e.named_physician_id IN (SELECT n.staff_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                                     WHERE 'PHYSICIAN' IN (o.role, n.role) AND (o.staff_id, o.organisation_id, o.role, o.valid_from, o.ended_at) IS DISTINCT FROM (n.staff_id, n.organisation_id, n.role, n.valid_from, n.ended_at)
                                    UNION SELECT o.staff_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                                     WHERE 'PHYSICIAN' IN (o.role, n.role) AND (o.staff_id, o.organisation_id, o.role, o.valid_from, o.ended_at) IS DISTINCT FROM (n.staff_id, n.organisation_id, n.role, n.valid_from, n.ended_at))), true, '{}');
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

export class FollowUpKeptFamilies1797040000000 implements MigrationInterface {
  name = 'FollowUpKeptFamilies1797040000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS follow_up_kept_refresh(uuid[])`);
    for (const s of DDL) await q.query(s);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS follow_up_kept_refresh(uuid[], boolean, text[])`);
    for (const s of FOLLOW_UP_KEPT_ROWS_DDL) await q.query(s);
  }
}
