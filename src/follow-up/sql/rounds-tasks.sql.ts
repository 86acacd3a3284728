import { EntityManager } from 'typeorm';
import { MetricRow } from '../measure';
import { sqlStartOfStockholmDay as startOf, sqlStockholmDate as day } from '../../common/calendar';
import { FACT_TABLE } from '../enrollment-state';
import { BUCKETS_CTE, eventCells, FamilyQuery, groupsOf, keptFactInScope, runNamed, toMetricRows } from './common.sql';

/**
 * Completed rounds starting in each cell that the scope's organisations took part in (as organiser or
 * participant; for a municipality and a centre together, both; for a team scope, the team too). ONE
 * statement. For a comparison, each round counts once for every municipality and centre taking part. Metric: rounds_held.
 * Rounds are not about one patient: the cell is judged only by the enrolled it is normalised by.
 */
export function roundsSql(q: FamilyQuery): string {
  const inPeriod = `r.status = 'COMPLETED' AND r.starts_at >= ${startOf(':from::date')} AND r.starts_at < ${startOf('(:to::date + 1)')}`;
  const inBucket = `${day('r.starts_at')} BETWEEN b.b_from AND b.b_to`;
  if (!q.compare) {
    const takesPart = (param: string) =>
      `(${param}::uuid IS NULL OR r.organiser_id = ${param}::uuid OR ${param}::uuid = ANY (r.participating_organisation_ids))`;
    return `WITH ${BUCKETS_CTE}
    SELECT 'SCOPE'::text AS dim, NULL::uuid AS org_id, b.bucket, count(DISTINCT r.id) AS rounds_held
      FROM round r JOIN b ON ${inBucket}
     WHERE ${inPeriod} AND ${takesPart(':mun')} AND ${takesPart(':pc')} AND ${takesPart(':team')}
     GROUP BY b.bucket`;
  }
  return `WITH ${BUCKETS_CTE}
    SELECT CASE o.kind WHEN 'MUNICIPALITY' THEN 'MUNICIPALITY' ELSE 'PRIMARY_CARE' END AS dim, o.id AS org_id, b.bucket, count(DISTINCT r.id) AS rounds_held
      FROM round r
      CROSS JOIN LATERAL unnest(array_append(r.participating_organisation_ids, r.organiser_id)) AS x(org_id)
      JOIN organisation o ON o.id = x.org_id AND o.kind IN ('MUNICIPALITY', 'PRIMARY_CARE')
      JOIN b ON ${inBucket}
     WHERE ${inPeriod}
     GROUP BY 1, 2, 3`;
}

/**
 * Tasks due and handover answers due in each cell, and handovers given in it, about patients enrolled
 * in the scope on the day. ONE statement for three indicators, each fact on its Stockholm day:
 *
 * - TASK, on the due date: not cancelled, and decided (completed, or the due date before today); on time
 *   when completed on or before the due date (the Stockholm day of completion).
 * - ANS, on the day of the respond-by time: handovers that asked for a response (respond_by set, i.e.
 *   not INFORMATION_ONLY), decided (answered, or respond_by passed before now); on time when answered
 *   (the time given) at or before respond_by.
 * - GIV, on the day a handover was given: flagged when its sending, acknowledgement or answer was
 *   entered afterwards (paper routine).
 *
 * Metrics: task_due, task_on_time, task_patients; ho_due, ho_on_time, ho_patients; ho_given, ho_after, ho_given_patients.
 */
export function tasksSql(q: FamilyQuery): string {
  const g = groupsOf(q, 'f.municipality_id', 'f.primary_care_id', ['b.bucket']);
  // The facts (TASK, ANS, GIV) are kept per enrollment covering their day (../enrollment-state.ts).
  return `SELECT ${g.dims}, b.bucket,
         count(DISTINCT f.fact_id) FILTER (WHERE f.kind = 'TASK') AS task_due,
         count(DISTINCT f.fact_id) FILTER (WHERE f.kind = 'TASK' AND f.ok) AS task_on_time,
         count(DISTINCT f.patient_id) FILTER (WHERE f.kind = 'TASK') AS task_patients,
         count(DISTINCT f.fact_id) FILTER (WHERE f.kind = 'ANS') AS ho_due,
         count(DISTINCT f.fact_id) FILTER (WHERE f.kind = 'ANS' AND f.ok) AS ho_on_time,
         count(DISTINCT f.patient_id) FILTER (WHERE f.kind = 'ANS') AS ho_patients,
         count(DISTINCT f.fact_id) FILTER (WHERE f.kind = 'GIV') AS ho_given,
         count(DISTINCT f.fact_id) FILTER (WHERE f.kind = 'GIV' AND f.ok) AS ho_after,
         count(DISTINCT f.patient_id) FILTER (WHERE f.kind = 'GIV') AS ho_given_patients
    FROM ${FACT_TABLE} f
    ${eventCells('f.day')}
   WHERE f.kind IN ('TASK', 'ANS', 'GIV') AND f.day BETWEEN :from::date AND :to::date
     AND (f.kind = 'GIV' OR (f.kind = 'TASK' AND (f.done OR f.day < :today::date)) OR (f.kind = 'ANS' AND (f.done OR f.at < :now::timestamptz)))
     AND ${keptFactInScope(q)}
  ${g.groupBy}`;
}

export async function roundsFamily(m: EntityManager, q: FamilyQuery): Promise<MetricRow[]> {
  return toMetricRows(await runNamed(m, roundsSql(q), q));
}

export async function tasksFamily(m: EntityManager, q: FamilyQuery): Promise<MetricRow[]> {
  return toMetricRows(await runNamed(m, tasksSql(q), q));
}
