import { EntityManager } from 'typeorm';
import { MetricRow } from '../measure';
import { ENROLLMENT_STATE_TABLE } from '../enrollment-state';
import { inPopulation } from '../population';
import { BUCKETS_CTE, FamilyQuery, groupsOf, runNamed, TEAM_MEMBERSHIP, toMetricRows } from './common.sql';

/**
 * The scope's kept enrollment rows (follow_up_enrollment_state, see ../enrollment-state.ts) that touch
 * the period, as enrolledCte makes them from the enrollments (same filters, same team cut), with the
 * kept states: the rows hold exactly the enrollment's own columns, so this is enrolledCte read from
 * the kept table.
 */
function keptEnrolledCte(q: Pick<FamilyQuery, 'teamId'>): string {
  const enrolled = `daterange(e.start_date, e.end_date, '[]')`;
  const base = `WHERE e.start_date <= :to::date AND (e.end_date IS NULL OR e.end_date >= :from::date)
       AND (:mun::uuid IS NULL OR e.municipality_id = :mun::uuid) AND (:pc::uuid IS NULL OR e.primary_care_id = :pc::uuid)
       -- population filters (housing, age band): population.ts
       AND ${inPopulation('e.patient_id')}`;
  const states = 'e.sip, e.plan, e.overdue, e.gp';
  if (!q.teamId) {
    return `e AS (
    SELECT e.patient_id, e.municipality_id, e.primary_care_id, ${enrolled} AS r, ${states}
      FROM ${ENROLLMENT_STATE_TABLE} e
     ${base})`;
  }
  return `e AS (
    SELECT e.patient_id, e.municipality_id, e.primary_care_id, ${enrolled} * t.r AS r, ${states}
      FROM ${ENROLLMENT_STATE_TABLE} e
      JOIN (${TEAM_MEMBERSHIP}) t ON t.patient_id = e.patient_id AND t.r && ${enrolled}
     ${base}
       AND (${enrolled} * t.r) && daterange(:from::date, :to::date, '[]'))`;
}

/**
 * The enrolled and what they had while enrolled: a SIP in force, a signed deterioration plan in force,
 * one past its review date, a named GP still at the centre. ONE statement.
 *
 * Each state is kept per enrollment (follow_up_enrollment_state, maintained by triggers on the
 * enrollments, care plans and their first versions, deterioration plans and assignments: see
 * ../enrollment-state.ts) as the multirange of Stockholm days it held while the patient was enrolled,
 * so a call reads only the scope's enrollment rows, never the region's care plans, deterioration
 * plans or assignments. Each row's states are cut to its days in the scope (`es`: with a team scope,
 * the days the team was in the care team); an enrollment has a state in a cell when the state's days
 * overlap the cell (`eb`, one narrow row per enrollment and cell). A patient with one enrollment in
 * the period (nearly all) is that row; the few enrolled more than once are gathered per patient and
 * cell first, so that they count once. The cost grows with the scope's enrollments × cells.
 *
 * Metrics: enrolled, with_sip, with_plan, plan_review_overdue, with_gp (distinct patients).
 */
export function enrollmentSql(q: FamilyQuery): string {
  const once = groupsOf(q, 'eb.municipality_id', 'eb.primary_care_id', ['eb.i']);
  const perPatient = groupsOf(q, 'eb.municipality_id', 'eb.primary_care_id', ['eb.i', 'eb.patient_id']);
  const counts = (t: string, count: string) =>
    `${count} AS enrolled, ${count} FILTER (WHERE ${t}.sip) AS with_sip, ${count} FILTER (WHERE ${t}.plan) AS with_plan, ` +
    `${count} FILTER (WHERE ${t}.overdue) AS plan_review_overdue, ${count} FILTER (WHERE ${t}.gp) AS with_gp`;
  // The kept states are cut to the enrollment's days already; with a team scope, cut them to the team's days too.
  const cut = (state: string) => (q.teamId ? `e.${state} * multirange(e.r) AS ${state}` : `e.${state}`);
  return `WITH ${BUCKETS_CTE},
  ${keptEnrolledCte(q)},
  es AS MATERIALIZED (
    SELECT e.patient_id, e.municipality_id, e.primary_care_id, e.r, count(*) OVER (PARTITION BY e.patient_id) AS enrollments,
           ${cut('sip')}, ${cut('plan')}, ${cut('overdue')}, ${cut('gp')}
      FROM e),
  bi AS (SELECT row_number() OVER () AS i, b.bucket, daterange(b.b_from, b.b_to, '[]') AS r FROM b),
  eb AS (
    SELECT bi.i, es.patient_id, es.municipality_id, es.primary_care_id, es.enrollments,
           coalesce(es.sip && bi.r, false) AS sip, coalesce(es.plan && bi.r, false) AS plan,
           coalesce(es.overdue && bi.r, false) AS overdue, coalesce(es.gp && bi.r, false) AS gp
      FROM es JOIN bi ON es.r && bi.r),
  cells AS (
    SELECT ${once.dims}, eb.i, ${counts('eb', 'count(*)')}
      FROM eb WHERE eb.enrollments = 1
    ${once.groupBy}
    UNION ALL
    SELECT pp.dim, pp.org_id, pp.i, ${counts('pp', 'count(*)')}
      FROM (SELECT ${perPatient.dims}, eb.i, bool_or(eb.sip) AS sip, bool_or(eb.plan) AS plan, bool_or(eb.overdue) AS overdue, bool_or(eb.gp) AS gp
              FROM eb WHERE eb.enrollments > 1
            ${perPatient.groupBy}) pp
     GROUP BY pp.dim, pp.org_id, pp.i)
  SELECT c.dim, c.org_id, bi.bucket, sum(c.enrolled) AS enrolled, sum(c.with_sip) AS with_sip, sum(c.with_plan) AS with_plan,
         sum(c.plan_review_overdue) AS plan_review_overdue, sum(c.with_gp) AS with_gp
    FROM cells c JOIN bi ON bi.i = c.i
   GROUP BY c.dim, c.org_id, bi.bucket`;
}

export async function enrollmentFamily(m: EntityManager, q: FamilyQuery): Promise<MetricRow[]> {
  return toMetricRows(await runNamed(m, enrollmentSql(q), q));
}
