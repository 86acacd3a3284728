import { EntityManager } from 'typeorm';
import { sqlStockholmDate as day } from '../../common/calendar';
import { GroupDim, MetricRow, Metrics } from '../measure';
import { inPopulation, PopulationFilter } from '../population';

/**
 * What every indicator family is asked: the period (Stockholm dates, both inclusive, already cut to
 * today), whether to add month cells, the scope filter (null: any), and whether to group per
 * organisation (a comparison) instead of answering for the scope as one.
 */
export interface FamilyQuery {
  from: string;
  to: string;
  months: boolean;
  municipalityId: string | null;
  primaryCareId: string | null;
  /** A mobile team or SSIH unit: enrollments count only on the days it was in the patient's care team. */
  teamId: string | null;
  compare: boolean;
  now: Date;
  today: string;
  /** Housing and age-band filters on the patients counted (population.ts); left out: everyone. */
  population?: PopulationFilter;
}

/**
 * The Stockholm days touched by the half-open interval [start, end): a state that ended at an instant
 * covers the days up to the one holding the instant just before it (ended at midnight: not the new
 * day). end NULL: open-ended. Callers keep rows with end <= start out.
 */
export const dayRange = (start: string, end: string) => `daterange(${day(start)}, ${day(`((${end}) - interval '1 microsecond')`)}, '[]')`;

/**
 * The cells as rows (bucket, b_from, b_to): the whole period ('PERIOD') and, when asked, every month
 * touched, cut to the period. Month keys are 'YYYY-MM', as period.ts makes them.
 */
export const BUCKETS_CTE = `b AS (
    SELECT 'PERIOD'::text AS bucket, :from::date AS b_from, :to::date AS b_to
    UNION ALL
    SELECT to_char(g.m, 'YYYY-MM'), greatest(g.m::date, :from::date), least((g.m + interval '1 month')::date - 1, :to::date)
      FROM generate_series(date_trunc('month', :from::date::timestamp), :to::date::timestamp, interval '1 month') AS g(m)
     WHERE :months::boolean)`;

/**
 * The cells an event on `day` (a Stockholm date inside the period) counts in, as rows `b(bucket)`:
 * the period, and with months its own month — computed from the day, not searched among all the
 * cells. For the families whose facts fall on one day (follow-ups, answers, stays, tasks).
 */
export const eventCells = (day: string) =>
  `CROSS JOIN LATERAL (SELECT 'PERIOD'::text UNION ALL SELECT to_char(${day}, 'YYYY-MM') WHERE :months::boolean) AS b(bucket)`;

/**
 * The team's care-team memberships (care_team_member, history kept) as rows (patient_id, r): the
 * Stockholm days from the day it was added to the day before it was removed (removed at midnight: not
 * the new day); open while it stays.
 */
export const TEAM_MEMBERSHIP = `SELECT m.patient_id, ${dayRange('m.added_at', 'm.removed_at')} AS r
      FROM care_team_member m
     WHERE m.organisation_id = :team::uuid AND (m.removed_at IS NULL OR m.removed_at > m.added_at)`;

/**
 * The scope's enrollments that touch the period, with their enrolled days as a range (end date is the
 * last enrolled day). Events about a patient (a follow-up due, an answer, a task) count for the scope
 * when an enrollment of it covers the event's day: join on patient_id and \`e.r @> day\`.
 *
 * With a team scope (a mobile team or SSIH), an enrollment counts only on the days the team was in
 * the patient's care team: one row per enrollment and membership that overlap, its range the days
 * they share (a patient removed and added again has two rows, which the families count once).
 */
export function enrolledCte(q: Pick<FamilyQuery, 'teamId'>): string {
  const enrolled = `daterange(e.start_date, e.end_date, '[]')`;
  const base = `WHERE e.start_date <= :to::date AND (e.end_date IS NULL OR e.end_date >= :from::date)
       AND (:mun::uuid IS NULL OR e.municipality_id = :mun::uuid) AND (:pc::uuid IS NULL OR e.primary_care_id = :pc::uuid)
       -- population filters (housing, age band): population.ts
       AND ${inPopulation('e.patient_id')}`;
  if (!q.teamId) {
    return `e AS (
    SELECT e.patient_id, e.municipality_id, e.primary_care_id, e.named_physician_id, e.start_date, ${enrolled} AS r
      FROM home_healthcare_enrollment e
     ${base})`;
  }
  return `e AS (
    SELECT e.patient_id, e.municipality_id, e.primary_care_id, e.named_physician_id, e.start_date, ${enrolled} * t.r AS r
      FROM home_healthcare_enrollment e
      JOIN (${TEAM_MEMBERSHIP}) t ON t.patient_id = e.patient_id AND t.r && ${enrolled}
     ${base}
       AND (${enrolled} * t.r) && daterange(:from::date, :to::date, '[]'))`;
}

/**
 * For a team scope, facts about a patient on \`day\` count when the team was in the patient's care
 * team that day, or the fact's own unit column (\`unit\`, e.g. a discharge's open-care receiver) is
 * the team. True without a team scope.
 */
export function teamOnDay(q: Pick<FamilyQuery, 'teamId'>, patient: string, day: string, unit?: string): string {
  if (!q.teamId) return 'true';
  const member = `EXISTS (SELECT 1 FROM (${TEAM_MEMBERSHIP}) t WHERE t.patient_id = ${patient} AND t.r @> ${day})`;
  return unit ? `(${unit} = :team::uuid OR ${member})` : member;
}

/**
 * For a kept fact `f` (follow_up_fact: one row per event and enrollment covering its day, with the
 * enrollment's municipality and centre): the same scope as joining the event to enrolledCte on
 * patient and day. Its enrollment is the scope's, the patient is in the population, and with a team
 * scope the team was in the patient's care team that day (an enrollment and a membership both
 * covering the day is the day being in their shared range).
 */
export function keptFactInScope(q: Pick<FamilyQuery, 'teamId'>): string {
  return `${scopeFilter('f.municipality_id', 'f.primary_care_id')}
     AND ${inPopulation('f.patient_id')}
     AND ${teamOnDay(q, 'f.patient_id', 'f.day')}`;
}

/** Rows whose municipality / primary care centre columns match the scope (a null argument matches any). */
export const scopeFilter = (mun: string, pc: string) => `(:mun::uuid IS NULL OR ${mun} = :mun::uuid) AND (:pc::uuid IS NULL OR ${pc} = :pc::uuid)`;

/**
 * The groups a row counts for, as `dim, org_id` columns and the GROUP BY that makes them, with
 * `keys` (the cell's bucket first, then any others) grouped inside each: the scope as one group, or
 * (a comparison) each municipality and each primary care centre in one pass (GROUPING SETS), so
 * the municipalities and the centres cost one scan together.
 */
export function groupsOf(q: Pick<FamilyQuery, 'compare'>, mun: string, pc: string, keys: string[]) {
  const k = keys.join(', ');
  if (!q.compare) return { dims: `'SCOPE'::text AS dim, NULL::uuid AS org_id`, groupBy: `GROUP BY ${k}` };
  return {
    dims: `CASE WHEN GROUPING(${mun}) = 0 THEN 'MUNICIPALITY' ELSE 'PRIMARY_CARE' END AS dim, CASE WHEN GROUPING(${mun}) = 0 THEN ${mun} ELSE ${pc} END AS org_id`,
    groupBy: `GROUP BY GROUPING SETS ((${k}, ${mun}), (${k}, ${pc}))`,
  };
}

/**
 * Runs SQL written with :named parameters (turned into $1, $2 … in order of first use, so a family
 * binds only what it uses). `::type` casts are left alone.
 */
export async function runNamed<T>(m: EntityManager, sql: string, q: FamilyQuery, extra: Record<string, unknown> = {}): Promise<T[]> {
  const values: Record<string, unknown> = {
    from: q.from,
    to: q.to,
    months: q.months,
    mun: q.municipalityId,
    pc: q.primaryCareId,
    team: q.teamId,
    now: q.now,
    today: q.today,
    housing: q.population?.housing ?? null,
    ages: q.population?.ageBands ?? null,
    respondents: q.population?.respondents ?? null,
    ...extra,
  };
  const order: string[] = [];
  const text = sql.replace(/(?<![:\w]):([a-zA-Z]\w*)/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`follow-up SQL: no value for :${name}`);
    let i = order.indexOf(name);
    if (i < 0) i = order.push(name) - 1;
    return `$${i + 1}`;
  });
  return m.query(
    text,
    order.map((n) => values[n]),
  );
}

/** Turns a family's rows (dim, org_id, bucket and metric columns) into metric rows; counts come back as strings. */
export function toMetricRows(rows: Array<Record<string, unknown>>, lists: readonly string[] = []): MetricRow[] {
  return rows.map((r) => {
    const metrics: Metrics = {};
    for (const [k, v] of Object.entries(r)) {
      if (k === 'dim' || k === 'org_id' || k === 'bucket') continue;
      metrics[k] = lists.includes(k) ? ((v as number[] | null) ?? []).map(Number) : Number(v ?? 0);
    }
    return { dim: r.dim as GroupDim, orgId: (r.org_id as string | null) ?? null, bucket: r.bucket as string, metrics };
  });
}
