import { sqlStockholmDate as day } from '../common/calendar';
import { SIP_FOLLOW_UP_RESPONDENT } from '../experience/experience.enums';

/**
 * The kept enrollment states of the joint follow-up: one row per home healthcare enrollment with its
 * scope columns and, as multiranges of Stockholm days already cut to the enrollment's days, what the
 * patient had while enrolled: a SIP in force, a signed deterioration plan in force, one past its
 * review date, the named GP still at the centre. The enrollment statement (sql/enrollment.sql.ts)
 * reads this table instead of gathering the care plans, deterioration plans and assignments of every
 * enrolled patient on each call.
 *
 * Nothing in a row depends on the day it is read: open states are open-ended ranges, and the cut to
 * the period and to "today" is made by the statement. So a row changes only when a source changes,
 * and statement-level triggers on every source table (enrollmentStateDdl) recompute the rows of the
 * patients touched, in the same statement as the change: every write path (the capabilities' services,
 * the demo loader, the benchmark generator's plain SQL) is covered without any of them knowing.
 *
 * The definition (ENROLLMENT_STATE_SQL) is the one place that says what a row holds; the triggers'
 * function is generated from it, and test/helpers/follow-up-state.ts compares the table with it.
 */
export const ENROLLMENT_STATE_TABLE = 'follow_up_enrollment_state';
export const ENROLLMENT_STATE_REFRESH_FUNCTION = 'follow_up_kept_refresh';
export const FACT_TABLE = 'follow_up_fact';
export const ENROLLMENT_STATE_ASSIGNMENT_TRIGGER_FUNCTION = 'follow_up_enrollment_state_on_assignment';

/** The Stockholm days of [start, end) (end null: open); see dayRange in sql/common.sql.ts. */
const dayRange = (start: string, end: string) => `daterange(${day(start)}, ${day(`((${end}) - interval '1 microsecond')`)}, '[]')`;

/**
 * Every kept row from the sources, for the enrollments matching `where` (a condition on
 * `e`, home_healthcare_enrollment): the states exactly as the enrollment statement used to gather
 * them (SIP: from the first version's publication to the closing; plan: signed until superseded or
 * withdrawn, past review from the review date + 1; GP: the named physician's PHYSICIAN assignments at
 * the enrollment's centre), each cut to the enrollment's days. A state with no rows is NULL.
 */
export function enrollmentStateSql(where: string): string {
  const enrolled = `multirange(daterange(e.start_date, e.end_date, '[]'))`;
  return `SELECT e.id AS enrollment_id, e.patient_id, e.municipality_id, e.primary_care_id, e.start_date, e.end_date,
       sip.days * ${enrolled} AS sip, plan.days * ${enrolled} AS plan, plan.overdue * ${enrolled} AS overdue, gp.days * ${enrolled} AS gp
  FROM home_healthcare_enrollment e
  CROSS JOIN LATERAL (
    SELECT range_agg(${dayRange('v.published_at', 'cp.closed_at')}) AS days
      FROM care_plan cp
      JOIN care_plan_version v ON v.care_plan_id = cp.id AND v.number = 1
     WHERE cp.patient_id = e.patient_id AND cp.plan_type = 'SIP' AND (cp.closed_at IS NULL OR cp.closed_at > v.published_at)) sip
  CROSS JOIN LATERAL (
    SELECT range_agg(p.r) AS days, range_agg(p.r * daterange(p.review_date + 1, NULL)) FILTER (WHERE p.review_date IS NOT NULL) AS overdue
      FROM (SELECT d.review_date, ${dayRange('d.signed_at', 'coalesce(d.superseded_at, d.withdrawn_at)')} AS r
              FROM deterioration_plan d
             WHERE d.patient_id = e.patient_id AND d.signed_at IS NOT NULL
               AND (coalesce(d.superseded_at, d.withdrawn_at) IS NULL OR coalesce(d.superseded_at, d.withdrawn_at) > d.signed_at)) p) plan
  CROSS JOIN LATERAL (
    SELECT range_agg(${dayRange('a.valid_from', 'a.ended_at')}) AS days
      FROM assignment a
     WHERE a.staff_id = e.named_physician_id AND a.organisation_id = e.primary_care_id AND a.role = 'PHYSICIAN'
       AND (a.ended_at IS NULL OR a.ended_at > a.valid_from)) gp
 WHERE ${where}`;
}

const COLUMNS = 'enrollment_id, patient_id, municipality_id, primary_care_id, start_date, end_date, sip, plan, overdue, gp';

/**
 * The kept facts (follow_up_fact): the follow-up's events about a patient that fall on one day, one
 * row per event and enrollment covering that day, with the enrollment's scope columns, so that a
 * scope's events are read by its own index range instead of joining the region's events to its
 * enrollments. What a row holds never depends on the day it is read: the statements apply "before
 * today" themselves. Events on a day no enrollment covers count nowhere and are not kept. Kinds:
 *
 * - FU: a recorded SIP follow-up on its due date (ok: followed up on or before it);
 * - FU_OUT: a published SIP's current follow-up date while the SIP was in force (ACTIVE, or closed on
 *   a later day); counted once it has passed;
 * - EXP: an experience answer (question, score) on the day answered, with its respondent: the
 *   survey's, or PATIENT_WITH_STAFF_HELP for answers at a SIP follow-up;
 * - TASK: a task not cancelled, on its due date (ok: completed on or before it; done: completed),
 *   counted once completed or its due date has passed.
 *
 * Handovers are not kept: their table is still changed by migrations that a test runs down and up
 * again (test/handover-answers.e2e-spec.ts), which a trigger reading its later columns would break.
 *
 * `patient` is a condition on the patient id column it is given, e.g. `(c) => \`${c} = ANY (ids)\``.
 */
export function factSql(patient: (column: string) => string, kinds?: string): string {
  // Each branch is left out at once (a one-time filter) when its kind is not asked for.
  const asked = (kind: FactKind) => (kinds ? ` AND '${kind}' = ANY (${kinds})` : '');
  return `SELECT x.kind, x.fact_id, x.patient_id, x.day, e.id AS enrollment_id, e.municipality_id, e.primary_care_id, x.ok, x.question, x.score, x.respondent,
       x.done
  FROM (
    SELECT 'FU'::text AS kind, f.id AS fact_id, f.patient_id, f.due_date AS day, f.follow_up_date <= f.due_date AS ok,
           NULL::care_plan_experience_question AS question, NULL::smallint AS score, NULL::text AS respondent, NULL::boolean AS done
      FROM care_plan_follow_up f
      JOIN care_plan fp ON fp.id = f.care_plan_id AND fp.plan_type = 'SIP'
     WHERE f.due_date IS NOT NULL AND ${patient('f.patient_id')}${asked('FU')}
    UNION ALL
    SELECT 'FU_OUT', cp.id, cp.patient_id, cp.follow_up_due, false, NULL, NULL, NULL, NULL
      FROM care_plan cp
     WHERE cp.follow_up_due IS NOT NULL AND cp.plan_type = 'SIP' AND cp.published_version_number IS NOT NULL
       AND (cp.status = 'ACTIVE' OR (cp.status = 'CLOSED' AND ${day('cp.closed_at')} > cp.follow_up_due)) AND ${patient('cp.patient_id')}${asked('FU_OUT')}
    UNION ALL
    SELECT 'EXP', x.id, f.patient_id, x.answered_on, NULL, x.question, x.score, '${SIP_FOLLOW_UP_RESPONDENT}', NULL
      FROM care_plan_experience_answer x
      JOIN care_plan_follow_up f ON f.id = x.follow_up_id
     WHERE ${patient('f.patient_id')}${asked('EXP')}
    UNION ALL
    SELECT 'EXP', x.id, s.patient_id, x.answered_on, NULL, x.question, x.score, s.respondent::text, NULL
      FROM experience_answer x
      JOIN experience_survey s ON s.id = x.survey_id
     WHERE ${patient('s.patient_id')}${asked('EXP')}
    UNION ALL
    SELECT 'TASK', t.id, t.patient_id, t.due_date, (t.status = 'COMPLETED' AND ${day('t.completed_at')} <= t.due_date), NULL, NULL, NULL,
           t.status = 'COMPLETED'
      FROM task t
     WHERE t.status <> 'CANCELLED' AND ${patient('t.patient_id')}${asked('TASK')}) x
  JOIN home_healthcare_enrollment e ON e.patient_id = x.patient_id AND daterange(e.start_date, e.end_date, '[]') @> x.day`;
}

/** The kinds of kept facts (follow_up_fact.kind). */
export type FactKind = 'FU' | 'FU_OUT' | 'EXP' | 'TASK';
const ALL_FACTS: readonly FactKind[] = ['FU', 'FU_OUT', 'EXP', 'TASK'];

const FACT_COLUMNS = 'kind, fact_id, patient_id, day, enrollment_id, municipality_id, primary_care_id, ok, question, score, respondent, done';

/**
 * Every source table, with the patients a set of its rows (the relation `r`) is about, the columns
 * whose change may change a kept row (an update of other columns, e.g. a SIP's text, changes none),
 * and what of the patients' kept rows a change can alter, so only that is recomputed: `state`, the
 * enrollment states (enrollmentStateSql reads the table), and `facts`, the kinds of fact (factSql's
 * branches that read it). An enrollment feeds everything: every row is cut to, or joined with, it.
 */
interface KeptSource {
  table: string;
  patients: (rows: string) => string;
  columns: string[];
  state: boolean;
  facts: readonly FactKind[];
}
const own = (rows: string) => `SELECT r.patient_id FROM ${rows} r`;

export const KEPT_SOURCES: readonly KeptSource[] = [
  {
    table: 'home_healthcare_enrollment',
    patients: own,
    columns: ['patient_id', 'municipality_id', 'primary_care_id', 'named_physician_id', 'start_date', 'end_date'],
    state: true,
    facts: ALL_FACTS,
  },
  {
    table: 'care_plan',
    patients: own,
    columns: ['patient_id', 'plan_type', 'closed_at', 'status', 'follow_up_due', 'published_version_number'],
    state: true,
    facts: ['FU', 'FU_OUT'],
  },
  {
    table: 'deterioration_plan',
    patients: own,
    columns: ['patient_id', 'signed_at', 'superseded_at', 'withdrawn_at', 'review_date'],
    state: true,
    facts: [],
  },
  {
    table: 'care_plan_follow_up',
    patients: own,
    columns: ['patient_id', 'care_plan_id', 'due_date', 'follow_up_date'],
    state: false,
    facts: ['FU', 'EXP'],
  },
  {
    table: 'care_plan_experience_answer',
    patients: (rows) => `SELECT f.patient_id FROM ${rows} r JOIN care_plan_follow_up f ON f.id = r.follow_up_id`,
    columns: ['follow_up_id', 'question', 'score', 'answered_on'],
    state: false,
    facts: ['EXP'],
  },
  { table: 'experience_survey', patients: own, columns: ['patient_id', 'respondent'], state: false, facts: ['EXP'] },
  {
    table: 'experience_answer',
    patients: (rows) => `SELECT s.patient_id FROM ${rows} r JOIN experience_survey s ON s.id = r.survey_id`,
    columns: ['survey_id', 'question', 'score', 'answered_on'],
    state: false,
    facts: ['EXP'],
  },
  { table: 'task', patients: own, columns: ['patient_id', 'due_date', 'status', 'completed_at'], state: false, facts: ['TASK'] },
];

/**
 * The statements that keep the table (run by a migration; the drift test fails when the table and
 * ENROLLMENT_STATE_SQL part):
 *
 * - `follow_up_kept_refresh(ids, state, kinds)` recomputes, for these patients, their enrollment
 *   states (when `state`) and their facts of these kinds (the source's family, KEPT_SOURCES: a task
 *   recomputes only the TASK facts, not the states' range aggregates), after locking the patients'
 *   rows FOR NO KEY UPDATE in id order (as care_relationship_refresh does): two transactions changing
 *   one patient's sources take turns, and the second reads the first's committed sources. Before that,
 *   when it recomputes states, it takes a share lock on the staff rows of the patients' named GPs,
 *   which a change of a GP's assignments locks exclusively first: an enrollment naming a GP and a
 *   change of that GP's assignments take turns too (otherwise each could miss the other's uncommitted
 *   row). Facts do not depend on assignments, so a facts-only refresh needs no staff lock.
 * - statement-level triggers (transition tables) on the patient-keyed sources, on care_plan_version
 *   (insert only: versions are immutable; the patient through care_plan), and on assignment (the
 *   patients whose enrollment names the staff member as GP); an update refreshes only the patients
 *   of rows whose relevant columns changed (a SIP's text edited, a task-free status change: nothing).
 */
export function enrollmentStateDdl(): string[] {
  const statements = [
    `CREATE OR REPLACE FUNCTION ${ENROLLMENT_STATE_REFRESH_FUNCTION}(ids uuid[], state boolean, kinds text[]) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN
    RETURN;
  END IF;
  IF state THEN
    PERFORM 1 FROM staff WHERE id IN (SELECT named_physician_id FROM home_healthcare_enrollment WHERE patient_id = ANY (ids)) ORDER BY id FOR SHARE;
  END IF;
  PERFORM 1 FROM patient WHERE id = ANY (ids) ORDER BY id FOR NO KEY UPDATE;
  IF state THEN
    DELETE FROM ${ENROLLMENT_STATE_TABLE} WHERE patient_id = ANY (ids);
    INSERT INTO ${ENROLLMENT_STATE_TABLE} (${COLUMNS})
    ${enrollmentStateSql('e.patient_id = ANY (ids)')};
  END IF;
  IF cardinality(kinds) > 0 THEN
    DELETE FROM ${FACT_TABLE} WHERE patient_id = ANY (ids) AND kind = ANY (kinds);
    INSERT INTO ${FACT_TABLE} (${FACT_COLUMNS})
    ${factSql((c) => `${c} = ANY (ids)`, 'kinds')};
  END IF;
END
$fn$`,
    `CREATE OR REPLACE FUNCTION follow_up_enrollment_state_on_version() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM ${ENROLLMENT_STATE_REFRESH_FUNCTION}(ARRAY(SELECT DISTINCT cp.patient_id FROM new_rows v JOIN care_plan cp ON cp.id = v.care_plan_id WHERE v.number = 1), true, '{}');
  RETURN NULL;
END
$fn$`,
    `CREATE OR REPLACE FUNCTION ${ENROLLMENT_STATE_ASSIGNMENT_TRIGGER_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $fn$
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
    PERFORM ${ENROLLMENT_STATE_REFRESH_FUNCTION}(ARRAY(SELECT DISTINCT patient_id FROM home_healthcare_enrollment WHERE named_physician_id = ANY (staff)), true, '{}');
  END IF;
  RETURN NULL;
END
$fn$`,
  ];
  // Transition tables cannot be combined with a column list (UPDATE OF), so an update's function
  // compares the old and new rows itself and refreshes only the patients whose relevant columns changed.
  const changed = (columns: string[]) => `(${columns.map((c) => `o.${c}`).join(', ')}) IS DISTINCT FROM (${columns.map((c) => `n.${c}`).join(', ')})`;
  const triggers = (table: string, changeFn: string, updateBody: string) => {
    const updateFn = `follow_up_state_on_update_${table}`;
    statements.push(
      `CREATE OR REPLACE FUNCTION ${updateFn}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  ${updateBody}
  RETURN NULL;
END
$fn$`,
      `DROP TRIGGER IF EXISTS follow_up_state_insert ON ${table}`,
      `DROP TRIGGER IF EXISTS follow_up_state_update ON ${table}`,
      `DROP TRIGGER IF EXISTS follow_up_state_delete ON ${table}`,
      `CREATE TRIGGER follow_up_state_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${changeFn}()`,
      `CREATE TRIGGER follow_up_state_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${updateFn}()`,
      `CREATE TRIGGER follow_up_state_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${changeFn}()`,
    );
  };
  for (const src of KEPT_SOURCES) {
    const fn = `follow_up_state_on_change_${src.table}`;
    const what = `${src.state}, '{${src.facts.join(',')}}'`;
    statements.push(`CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM ${ENROLLMENT_STATE_REFRESH_FUNCTION}(ARRAY(${src.patients('new_rows')}), ${what});
  ELSE
    PERFORM ${ENROLLMENT_STATE_REFRESH_FUNCTION}(ARRAY(${src.patients('old_rows')}), ${what});
  END IF;
  RETURN NULL;
END
$fn$`);
    const changedRows = (side: 'n' | 'o') => `(SELECT ${side}.* FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE ${changed(src.columns)})`;
    triggers(
      src.table,
      fn,
      `PERFORM ${ENROLLMENT_STATE_REFRESH_FUNCTION}(ARRAY(${src.patients(changedRows('n'))} UNION ${src.patients(changedRows('o'))}), ${what});`,
    );
  }
  const gpColumns = ['staff_id', 'organisation_id', 'role', 'valid_from', 'ended_at'];
  const changedStaff = `SELECT n.staff_id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE 'PHYSICIAN' IN (o.role, n.role) AND ${changed(gpColumns)}
                                    UNION SELECT o.staff_id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE 'PHYSICIAN' IN (o.role, n.role) AND ${changed(gpColumns)}`;
  triggers(
    'assignment',
    ENROLLMENT_STATE_ASSIGNMENT_TRIGGER_FUNCTION,
    `PERFORM 1 FROM staff s WHERE s.id IN (${changedStaff}) ORDER BY s.id FOR NO KEY UPDATE;
  PERFORM ${ENROLLMENT_STATE_REFRESH_FUNCTION}(ARRAY(SELECT DISTINCT e.patient_id FROM home_healthcare_enrollment e
     WHERE e.named_physician_id IN (SELECT n.staff_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                                     WHERE 'PHYSICIAN' IN (o.role, n.role) AND ${changed(gpColumns)}
                                    UNION SELECT o.staff_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                                     WHERE 'PHYSICIAN' IN (o.role, n.role) AND ${changed(gpColumns)})), true, '{}');`,
  );
  statements.push(
    `DROP TRIGGER IF EXISTS follow_up_state_insert ON care_plan_version`,
    `CREATE TRIGGER follow_up_state_insert AFTER INSERT ON care_plan_version REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION follow_up_enrollment_state_on_version()`,
  );
  return statements;
}

/** Every trigger that keeps the rows, as [table, trigger] (bench/seed.ts turns them off while it generates a region in bulk, then backfills). */
export function keptTriggers(): Array<[string, string]> {
  return [
    ...[...KEPT_SOURCES.map((s) => s.table), 'assignment'].flatMap((t) =>
      ['insert', 'update', 'delete'].map((e): [string, string] => [t, `follow_up_state_${e}`]),
    ),
    ['care_plan_version', 'follow_up_state_insert'],
  ];
}

/**
 * Recomputes every kept row from the sources in one pass (the backfill: run by the migration, and by
 * the benchmark after generating a region). Idempotent.
 */
export const ENROLLMENT_STATE_REBUILD_SQL = [
  `DELETE FROM ${ENROLLMENT_STATE_TABLE}`,
  `INSERT INTO ${ENROLLMENT_STATE_TABLE} (${COLUMNS}) ${enrollmentStateSql('true')}`,
  `DELETE FROM ${FACT_TABLE}`,
  `INSERT INTO ${FACT_TABLE} (${FACT_COLUMNS}) ${factSql(() => 'true')}`,
  // Statistics at once, so the statements are planned for the rows just written, not for an empty table.
  `ANALYZE ${ENROLLMENT_STATE_TABLE}, ${FACT_TABLE}`,
];

/**
 * The kept rows that differ from a recomputation from the sources, with both sides (empty when the
 * triggers kept the table right). Multiranges compared by value; NULL and an empty state alike.
 */
export const ENROLLMENT_STATE_DRIFT_SQL = `
  WITH d AS (${enrollmentStateSql('true')})
  SELECT to_jsonb(d) AS expected, to_jsonb(k) AS stored
    FROM d FULL JOIN ${ENROLLMENT_STATE_TABLE} k ON k.enrollment_id = d.enrollment_id
   WHERE d.enrollment_id IS NULL OR k.enrollment_id IS NULL
      OR (d.patient_id, d.municipality_id, d.primary_care_id, d.start_date) IS DISTINCT FROM (k.patient_id, k.municipality_id, k.primary_care_id, k.start_date)
      OR d.end_date IS DISTINCT FROM k.end_date
      OR coalesce(d.sip, '{}') <> coalesce(k.sip, '{}') OR coalesce(d.plan, '{}') <> coalesce(k.plan, '{}')
      OR coalesce(d.overdue, '{}') <> coalesce(k.overdue, '{}') OR coalesce(d.gp, '{}') <> coalesce(k.gp, '{}')`;

/** The kept facts that differ from a recomputation from the sources (either side missing or different). */
export const FACT_DRIFT_SQL = `
  WITH d AS (${factSql(() => 'true')})
  SELECT to_jsonb(d) AS expected, to_jsonb(k) AS stored
    FROM d FULL JOIN ${FACT_TABLE} k ON k.kind = d.kind AND k.fact_id = d.fact_id AND k.enrollment_id = d.enrollment_id
   WHERE d.fact_id IS NULL OR k.fact_id IS NULL
      OR (d.patient_id, d.day, d.municipality_id, d.primary_care_id, d.ok, d.question, d.score, d.respondent, d.done)
         IS DISTINCT FROM (k.patient_id, k.day, k.municipality_id, k.primary_care_id, k.ok, k.question, k.score, k.respondent, k.done)`;
