import { EntityManager } from 'typeorm';
import { MetricRow } from '../measure';
import { BUCKETS_CTE, dayRange, enrolledCte, FamilyQuery, groupsOf, runNamed, toMetricRows } from './common.sql';

/**
 * The enrolled and what they had while enrolled: a SIP in force, a signed deterioration plan in force,
 * one past its review date, a named GP still at the centre. ONE statement.
 *
 * Each state is a set of Stockholm days, gathered per patient (per GP and centre for the named GP)
 * into one multirange: the SIPs in force, the signed plans in force, the days a signed plan was in
 * force after its review date (from the review date + 1), the GP's days at the centre.
 * They are joined to the scope's enrollments by hash on patient id (GP and centre) and cut to each
 * enrollment's days (`es`) BEFORE the enrollments are cut into cells, so every join sees the
 * enrollments' well-estimated row count; an enrollment has a state in a cell when the state's days
 * overlap the cell (`eb`, one narrow row per enrollment and cell). A patient with one enrollment in
 * the period (nearly all) is that row; the few enrolled more than once are gathered per patient and
 * cell first, so that they count once. The cost grows with enrollments + states + enrollments × cells,
 * never with their product or with a query per patient or per month.
 *
 * Metrics: enrolled, with_sip, with_plan, plan_review_overdue, with_gp (distinct patients).
 */
export function enrollmentSql(q: FamilyQuery): string {
  const once = groupsOf(q, 'eb.municipality_id', 'eb.primary_care_id', ['eb.i']);
  const perPatient = groupsOf(q, 'eb.municipality_id', 'eb.primary_care_id', ['eb.i', 'eb.patient_id']);
  // A scope's patients are few of the region's: read only their SIPs and plans. A comparison reads all.
  const ofScope = (patient: string) => (q.municipalityId || q.primaryCareId || q.teamId ? `${patient} IN (SELECT patient_id FROM e) AND ` : '');
  const counts = (t: string, count: string) =>
    `${count} AS enrolled, ${count} FILTER (WHERE ${t}.sip) AS with_sip, ${count} FILTER (WHERE ${t}.plan) AS with_plan, ` +
    `${count} FILTER (WHERE ${t}.overdue) AS plan_review_overdue, ${count} FILTER (WHERE ${t}.gp) AS with_gp`;
  return `WITH ${BUCKETS_CTE},
  ${enrolledCte(q)},
  sip AS (
    SELECT cp.patient_id, range_agg(${dayRange('v.published_at', 'cp.closed_at')}) AS days
      FROM care_plan cp
      JOIN care_plan_version v ON v.care_plan_id = cp.id AND v.number = 1
     WHERE ${ofScope('cp.patient_id')}cp.plan_type = 'SIP' AND (cp.closed_at IS NULL OR cp.closed_at > v.published_at)
     GROUP BY cp.patient_id),
  plan AS (
    SELECT p.patient_id, range_agg(p.r) AS days, range_agg(p.r * daterange(p.review_date + 1, NULL)) FILTER (WHERE p.review_date IS NOT NULL) AS overdue
      FROM (SELECT d.patient_id, d.review_date, ${dayRange('d.signed_at', 'coalesce(d.superseded_at, d.withdrawn_at)')} AS r
              FROM deterioration_plan d
             WHERE ${ofScope('d.patient_id')}d.signed_at IS NOT NULL
               AND (coalesce(d.superseded_at, d.withdrawn_at) IS NULL OR coalesce(d.superseded_at, d.withdrawn_at) > d.signed_at)) p
     GROUP BY p.patient_id),
  gp AS (
    SELECT a.staff_id, a.organisation_id, range_agg(${dayRange('a.valid_from', 'a.ended_at')}) AS days
      FROM assignment a
     WHERE a.role = 'PHYSICIAN' AND a.staff_id IN (SELECT named_physician_id FROM e) AND (a.ended_at IS NULL OR a.ended_at > a.valid_from)
     GROUP BY a.staff_id, a.organisation_id),
  es AS MATERIALIZED (
    SELECT e.patient_id, e.municipality_id, e.primary_care_id, e.r, count(*) OVER (PARTITION BY e.patient_id) AS enrollments,
           sip.days * multirange(e.r) AS sip, plan.days * multirange(e.r) AS plan, plan.overdue * multirange(e.r) AS overdue, gp.days * multirange(e.r) AS gp
      FROM e
      LEFT JOIN sip ON sip.patient_id = e.patient_id
      LEFT JOIN plan ON plan.patient_id = e.patient_id
      LEFT JOIN gp ON gp.staff_id = e.named_physician_id AND gp.organisation_id = e.primary_care_id),
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
