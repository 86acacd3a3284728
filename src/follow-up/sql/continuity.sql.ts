import { EntityManager } from 'typeorm';
import { MetricRow } from '../measure';
import { enrolledCte, eventCells, FamilyQuery, groupsOf, runNamed, toMetricRows } from './common.sql';

/** Days after an enrollment's start date within which a joint home visit counts as "at enrollment". */
export const JOINT_VISIT_DAYS = 14;

/**
 * Continuity: named-contact changes and joint home visits at enrollment. ONE statement.
 *
 * - NCC, on the change's first day (effective_from): a change of the fast vårdkontakt or fast
 *   läkarkontakt, counted for the scope when an enrollment of it covers that day (as the other events).
 * - JHV, on the enrollment's start date: an enrollment of the scope starting in the period (with a team
 *   scope: the team in the care team on that day), with a joint
 *   home visit (joint_home_visit) held on a day from the start date to the start date + 14. Decided when
 *   the visit is recorded or the 14 days ended before today; enrollments still inside their 14 days
 *   without a visit are left out until decided.
 *
 * Metrics: ncc_changes, ncc_patients; jhv_due, jhv_done, jhv_patients.
 */
export function continuitySql(q: FamilyQuery): string {
  const g = groupsOf(q, 'f.municipality_id', 'f.primary_care_id', ['b.bucket']);
  return `WITH ${enrolledCte(q)},
  f AS (
    SELECT 'NCC'::text AS kind, c.id::text AS k, c.patient_id, e.municipality_id, e.primary_care_id, c.effective_from AS day, false AS ok
      FROM named_contact_change c
      JOIN e ON e.patient_id = c.patient_id AND e.r @> c.effective_from
     WHERE c.effective_from BETWEEN :from::date AND :to::date
    UNION ALL
    SELECT 'JHV', e.patient_id::text || '/' || e.start_date::text, e.patient_id, e.municipality_id, e.primary_care_id, e.start_date, v.held
      FROM e
      CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM joint_home_visit j
                                          WHERE j.patient_id = e.patient_id AND j.visited_on BETWEEN e.start_date AND e.start_date + ${JOINT_VISIT_DAYS}) AS held) v
     WHERE e.start_date BETWEEN :from::date AND :to::date AND e.r @> e.start_date AND (v.held OR e.start_date + ${JOINT_VISIT_DAYS} < :today::date))
  SELECT ${g.dims}, b.bucket,
         count(DISTINCT f.k) FILTER (WHERE f.kind = 'NCC') AS ncc_changes,
         count(DISTINCT f.patient_id) FILTER (WHERE f.kind = 'NCC') AS ncc_patients,
         count(DISTINCT f.k) FILTER (WHERE f.kind = 'JHV') AS jhv_due,
         count(DISTINCT f.k) FILTER (WHERE f.kind = 'JHV' AND f.ok) AS jhv_done,
         count(DISTINCT f.patient_id) FILTER (WHERE f.kind = 'JHV') AS jhv_patients
    FROM f ${eventCells('f.day')}
  ${g.groupBy}`;
}

export async function continuityFamily(m: EntityManager, q: FamilyQuery): Promise<MetricRow[]> {
  return toMetricRows(await runNamed(m, continuitySql(q), q));
}
