import { EntityManager } from 'typeorm';
import { MetricRow } from '../measure';
import { sqlStartOfStockholmDay as startOf, sqlStockholmDate as day } from '../../common/calendar';
import { enrolledCte, eventCells, FamilyQuery, groupsOf, runNamed, toMetricRows } from './common.sql';

/**
 * Deterioration episodes handled at home (outcome STAYED_HOME) that happened in each cell, about
 * patients enrolled in the scope on the day they happened (the Stockholm day of occurred_at). ONE
 * statement; the index on occurred_at serves the period. Metrics: epi_home, epi_home_patients.
 */
export function episodesSql(q: FamilyQuery): string {
  const g = groupsOf(q, 'e.municipality_id', 'e.primary_care_id', ['b.bucket']);
  return `WITH ${enrolledCte(q)},
  d AS (
    SELECT d.id AS k, d.patient_id, ${day('d.occurred_at')} AS day
      FROM deterioration_episode d
     WHERE d.outcome = 'STAYED_HOME' AND d.occurred_at >= ${startOf(':from::date')} AND d.occurred_at < ${startOf('(:to::date + 1)')})
  SELECT ${g.dims}, b.bucket,
         count(DISTINCT d.k) AS epi_home,
         count(DISTINCT d.patient_id) AS epi_home_patients
    FROM d
    JOIN e ON e.patient_id = d.patient_id AND e.r @> d.day
    ${eventCells('d.day')}
  ${g.groupBy}`;
}

export async function episodesFamily(m: EntityManager, q: FamilyQuery): Promise<MetricRow[]> {
  return toMetricRows(await runNamed(m, episodesSql(q), q));
}
