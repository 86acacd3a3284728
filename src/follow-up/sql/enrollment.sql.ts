import { EntityManager } from 'typeorm';
import { MetricRow } from '../measure';
import { BUCKETS_CTE, dayRange, ENROLLED_CTE, FamilyQuery, grouping, runNamed, toMetricRows } from './common.sql';

/**
 * The enrolled and what they had while enrolled: a SIP in force, a signed deterioration plan in force,
 * one past its review date, a named GP still at the centre. ONE statement.
 *
 * Each enrollment of the scope is cut into the cells it touches (`eb.d`: its enrolled days inside the
 * bucket), and each state is a range of Stockholm days; a patient has the state in a cell when the two
 * ranges overlap. The states are semi-joined per (enrollment, cell) row by hash on patient id, so the
 * cost grows with enrolled × cells, never with a query per patient or per month.
 *
 * Metrics: enrolled, with_sip, with_plan, plan_review_overdue, with_gp (distinct patients).
 */
export function enrollmentSql(q: FamilyQuery): string {
  const g = grouping(q, 'eb.bucket', 'eb.municipality_id', 'eb.primary_care_id');
  return `WITH ${BUCKETS_CTE},
  ${ENROLLED_CTE},
  eb AS MATERIALIZED (
    SELECT row_number() OVER () AS k, e.patient_id, e.municipality_id, e.primary_care_id, e.named_physician_id, b.bucket,
           e.r * daterange(b.b_from, b.b_to, '[]') AS d
      FROM e JOIN b ON e.r && daterange(b.b_from, b.b_to, '[]')),
  sip AS (
    SELECT cp.patient_id, ${dayRange('v.published_at', 'cp.closed_at')} AS r
      FROM care_plan cp
      JOIN care_plan_version v ON v.care_plan_id = cp.id AND v.number = 1
     WHERE cp.patient_id IN (SELECT patient_id FROM e) AND (cp.closed_at IS NULL OR cp.closed_at > v.published_at)),
  plan AS (
    SELECT d.patient_id, d.review_date, ${dayRange('d.signed_at', 'coalesce(d.superseded_at, d.withdrawn_at)')} AS r
      FROM deterioration_plan d
     WHERE d.signed_at IS NOT NULL AND d.patient_id IN (SELECT patient_id FROM e)
       AND (coalesce(d.superseded_at, d.withdrawn_at) IS NULL OR coalesce(d.superseded_at, d.withdrawn_at) > d.signed_at)),
  gp AS (
    SELECT a.staff_id, a.organisation_id, ${dayRange('a.valid_from', 'a.ended_at')} AS r
      FROM assignment a
     WHERE a.role = 'PHYSICIAN' AND a.staff_id IN (SELECT named_physician_id FROM e) AND (a.ended_at IS NULL OR a.ended_at > a.valid_from)),
  has_sip AS (SELECT eb.k FROM eb WHERE EXISTS (SELECT 1 FROM sip WHERE sip.patient_id = eb.patient_id AND sip.r && eb.d)),
  has_plan AS (SELECT eb.k FROM eb WHERE EXISTS (SELECT 1 FROM plan p WHERE p.patient_id = eb.patient_id AND p.r && eb.d)),
  -- past review: a day of (plan in force ∩ enrolled days in the cell) after the review date
  overdue AS (SELECT eb.k FROM eb WHERE EXISTS (SELECT 1 FROM plan p WHERE p.patient_id = eb.patient_id AND p.r && eb.d AND upper(p.r * eb.d) - 1 > p.review_date)),
  has_gp AS (SELECT eb.k FROM eb WHERE EXISTS (SELECT 1 FROM gp WHERE gp.staff_id = eb.named_physician_id AND gp.organisation_id = eb.primary_care_id AND gp.r && eb.d))
  SELECT ${g.dims}, eb.bucket,
         count(DISTINCT eb.patient_id) AS enrolled,
         count(DISTINCT eb.patient_id) FILTER (WHERE s.k IS NOT NULL) AS with_sip,
         count(DISTINCT eb.patient_id) FILTER (WHERE p.k IS NOT NULL) AS with_plan,
         count(DISTINCT eb.patient_id) FILTER (WHERE o.k IS NOT NULL) AS plan_review_overdue,
         count(DISTINCT eb.patient_id) FILTER (WHERE gp.k IS NOT NULL) AS with_gp
    FROM eb
    LEFT JOIN has_sip s ON s.k = eb.k
    LEFT JOIN has_plan p ON p.k = eb.k
    LEFT JOIN overdue o ON o.k = eb.k
    LEFT JOIN has_gp gp ON gp.k = eb.k
  ${g.groupBy}`;
}

export async function enrollmentFamily(m: EntityManager, q: FamilyQuery): Promise<MetricRow[]> {
  return toMetricRows(await runNamed(m, enrollmentSql(q), q));
}
