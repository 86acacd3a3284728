import { EntityManager } from 'typeorm';
import { MetricRow } from '../measure';
import { sqlStartOfStockholmDay as startOf, sqlStockholmDate as day } from '../../common/calendar';
import { FACT_TABLE } from '../enrollment-state';
import { BUCKETS_CTE, enrolledCte, eventCells, FamilyQuery, groupsOf, keptFactInScope, runNamed, toMetricRows } from './common.sql';

/**
 * Completed rounds starting in each cell that the scope's organisations took part in (as organiser or
 * participant; for a municipality and a centre together, both; for a team scope, the team too). ONE
 * statement. For a comparison, each round counts once for every municipality and centre taking part. Metric: rounds_held.
 * Rounds are not about one patient: the cell is judged only by the enrolled it is normalised by.
 */
export function roundsSql(q: FamilyQuery): string {
  const inPeriod = `r.status = 'COMPLETED' AND r.starts_at >= ${startOf(':from::date')} AND r.starts_at < ${startOf('(:to::date + 1)')}`;
  // Each round's Stockholm day once, before the join with the cells: in the join's filter it was
  // converted for every (round, cell) pair, most of the statement's time. In the comparison each
  // round's organisations are distinct, so a plain count per cell is the distinct rounds (a hash
  // aggregate instead of sorting every (organisation, round) pair).
  const inBucket = `rr.day BETWEEN b.b_from AND b.b_to`;
  if (!q.compare) {
    // `@> ARRAY[…]` rather than `= ANY (…)`: the organisation's rounds by its two indexes (organiser, GIN on the participants), not every round of the period.
    const takesPart = (param: string) =>
      `(${param}::uuid IS NULL OR r.organiser_id = ${param}::uuid OR r.participating_organisation_ids @> ARRAY[${param}::uuid])`;
    return `WITH ${BUCKETS_CTE},
    rr AS MATERIALIZED (
      SELECT r.id, ${day('r.starts_at')} AS day
        FROM round r
       WHERE ${inPeriod} AND ${takesPart(':mun')} AND ${takesPart(':pc')} AND ${takesPart(':team')})
    SELECT 'SCOPE'::text AS dim, NULL::uuid AS org_id, b.bucket, count(DISTINCT rr.id) AS rounds_held
      FROM rr JOIN b ON ${inBucket}
     GROUP BY b.bucket`;
  }
  return `WITH ${BUCKETS_CTE},
    rr AS MATERIALIZED (
      SELECT r.id, ${day('r.starts_at')} AS day, array_append(r.participating_organisation_ids, r.organiser_id) AS orgs
        FROM round r
       WHERE ${inPeriod})
    SELECT CASE o.kind WHEN 'MUNICIPALITY' THEN 'MUNICIPALITY' ELSE 'PRIMARY_CARE' END AS dim, o.id AS org_id, b.bucket, count(*) AS rounds_held
      FROM rr
      CROSS JOIN LATERAL (SELECT DISTINCT u.org_id FROM unnest(rr.orgs) AS u(org_id)) x
      JOIN organisation o ON o.id = x.org_id AND o.kind IN ('MUNICIPALITY', 'PRIMARY_CARE')
      JOIN b ON ${inBucket}
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
  const g = groupsOf(q, 't.municipality_id', 't.primary_care_id', ['b.bucket']);
  // Tasks are kept facts (TASK, per enrollment covering the due date: ../enrollment-state.ts);
  // handovers are read from their table and joined to the enrollment covering the day.
  return `WITH ${enrolledCte(q)},
  t AS (
    SELECT 'TASK'::text AS kind, f.fact_id AS k, f.patient_id, f.municipality_id, f.primary_care_id, f.day, f.ok AS on_time
      FROM ${FACT_TABLE} f
     WHERE f.kind = 'TASK' AND f.day BETWEEN :from::date AND :to::date AND (f.done OR f.day < :today::date)
       AND ${keptFactInScope(q)}
    UNION ALL
    SELECT h.kind, h.k, h.patient_id, e.municipality_id, e.primary_care_id, h.day, h.on_time
      FROM (SELECT 'ANS'::text AS kind, h.id AS k, h.patient_id, ${day('h.respond_by')} AS day, coalesce(h.answered_at <= h.respond_by, false) AS on_time
              FROM handover h
             WHERE h.respond_by >= ${startOf(':from::date')} AND h.respond_by < ${startOf('(:to::date + 1)')}
               AND (h.answered_at IS NOT NULL OR h.respond_by < :now::timestamptz)
            UNION ALL
            SELECT 'GIV', h.id, h.patient_id, ${day('h.sent_at')}, (h.entered_afterwards OR h.acknowledgement_entered_afterwards OR h.answer_entered_afterwards)
              FROM handover h
             WHERE h.sent_at >= ${startOf(':from::date')} AND h.sent_at < ${startOf('(:to::date + 1)')}) h
      JOIN e ON e.patient_id = h.patient_id AND e.r @> h.day)
  SELECT ${g.dims}, b.bucket,
         count(DISTINCT t.k) FILTER (WHERE t.kind = 'TASK') AS task_due,
         count(DISTINCT t.k) FILTER (WHERE t.kind = 'TASK' AND t.on_time) AS task_on_time,
         count(DISTINCT t.patient_id) FILTER (WHERE t.kind = 'TASK') AS task_patients,
         count(DISTINCT t.k) FILTER (WHERE t.kind = 'ANS') AS ho_due,
         count(DISTINCT t.k) FILTER (WHERE t.kind = 'ANS' AND t.on_time) AS ho_on_time,
         count(DISTINCT t.patient_id) FILTER (WHERE t.kind = 'ANS') AS ho_patients,
         count(DISTINCT t.k) FILTER (WHERE t.kind = 'GIV') AS ho_given,
         count(DISTINCT t.k) FILTER (WHERE t.kind = 'GIV' AND t.on_time) AS ho_after,
         count(DISTINCT t.patient_id) FILTER (WHERE t.kind = 'GIV') AS ho_given_patients
    FROM t
    ${eventCells('t.day')}
  ${g.groupBy}`;
}

export async function roundsFamily(m: EntityManager, q: FamilyQuery): Promise<MetricRow[]> {
  return toMetricRows(await runNamed(m, roundsSql(q), q));
}

export async function tasksFamily(m: EntityManager, q: FamilyQuery): Promise<MetricRow[]> {
  return toMetricRows(await runNamed(m, tasksSql(q), q));
}
