import { CARE_RELATIONSHIP_TABLE } from '../access/care-relationship';
import { sqlStockholmDate } from '../common/calendar';
import { prepared, PreparedStatement } from '../database/raw';

/** Why a patient is proposed for a round's agenda. */
export enum AgendaReason {
  /** Enrolled in home healthcare since the previous round of the same organisations. */
  NEWLY_ENROLLED = 'NEWLY_ENROLLED',
  /** Discharged from hospital since the previous round of the same organisations, or within 30 days (discharges capability). */
  RECENTLY_DISCHARGED = 'RECENTLY_DISCHARGED',
  /** The SIP's planned follow-up is within 7 days or overdue, and not yet recorded (care-plans capability). */
  SIP_FOLLOW_UP_DUE = 'SIP_FOLLOW_UP_DUE',
  /** The active signed deterioration action plan is due for review within 7 days, or overdue (deterioration-plans capability). */
  DETERIORATION_PLAN_REVIEW_DUE = 'DETERIORATION_PLAN_REVIEW_DUE',
  /** An enrolled patient has no active signed deterioration action plan (deterioration-plans capability). */
  DETERIORATION_PLAN_MISSING = 'DETERIORATION_PLAN_MISSING',
  /** A deterioration episode recorded by one of the round's organisations since the previous round, within 14 days (deterioration-plans capability). */
  RECENT_DETERIORATION_EPISODE = 'RECENT_DETERIORATION_EPISODE',
  /** The patient has open tasks past their due date. */
  OVERDUE_TASKS = 'OVERDUE_TASKS',
}

/**
 * One reason for suggesting patients for a round, contributed by the capability that owns the data
 * (like care-relationship sources). `sql` is a SELECT of `(patient_id uuid, detail text)` — detail
 * may be NULL and must hold no free text typed by staff (dates and counts only) — over the
 * capability's own tables, using only these placeholders:
 *
 * - `$1` date: today, the calendar date in Europe/Stockholm from the injected Clock;
 * - `$2` timestamptz: "since": the start of the previous COMPLETED round of the same organiser with
 *   the same set of participating organisations (before this round), else now minus 30 days.
 *   `SINCE_DATE` is its calendar date in Europe/Stockholm;
 * - `$3` uuid[]: the round's organisations (the organiser first, then the participating ones).
 *
 * The framework keeps only patients whom the organiser and at least one participating organisation
 * have a care relationship with, leaves out patients already on the agenda, merges reasons per
 * patient, and runs every source in ONE statement. A source may return a patient several times.
 */
export interface AgendaSuggestionSource {
  reason: AgendaReason;
  /** Shown to staff with each suggestion, e.g. "Newly enrolled in home healthcare since the previous round". */
  description: string;
  sql: string;
}

/** The calendar date (Europe/Stockholm) of the "since" instant `$2`, for sources comparing dates. */
export const SINCE_DATE = sqlStockholmDate('$2::timestamptz');

/** How far back "new" reaches when there is no previous round of the same organisations. */
export const DEFAULT_LOOKBACK_DAYS = 30;

const SOURCE_PLACEHOLDERS = 3;

/** Checks the registry: one source per reason, and only the placeholders a source may use. */
export function checkSources(sources: readonly AgendaSuggestionSource[]): void {
  const seen = new Set<AgendaReason>();
  for (const s of sources) {
    if (!Object.values(AgendaReason).includes(s.reason)) throw new Error(`unknown agenda reason ${s.reason}`);
    if (seen.has(s.reason)) throw new Error(`two agenda suggestion sources for ${s.reason}`);
    seen.add(s.reason);
    for (const m of s.sql.matchAll(/\$(\d+)/g)) {
      const n = Number(m[1]);
      if (n < 1 || n > SOURCE_PLACEHOLDERS) throw new Error(`agenda suggestion source ${s.reason} uses $${n}; only $1..$${SOURCE_PLACEHOLDERS} are bound`);
    }
  }
}

/**
 * The union of all sources as one relation (patient_id, reason, detail) about the patients
 * `PATIENTS` stands for: `patientIdSql` completes `src.patient_id = …`, e.g. `c.patient_id` for one
 * patient of an outer query, or `ANY (<array>)` for a set. The filter is pushed into each source,
 * so each source is index probes on those patients' rows, not a scan of the region.
 */
export function suggestionUnion(sources: readonly AgendaSuggestionSource[], patientIdSql: string): string {
  checkSources(sources);
  if (sources.length === 0) return `SELECT NULL::uuid AS patient_id, NULL::text AS reason, NULL::text AS detail WHERE false`;
  return sources
    .map((s) =>
      `SELECT src.patient_id, 'REASON'::text AS reason, src.detail::text AS detail FROM (SOURCE) src WHERE src.patient_id = PATIENT`
        .replace('REASON', s.reason)
        .replace('PATIENT', patientIdSql)
        .replace('SOURCE', s.sql),
    )
    .join('\nUNION ALL\n');
}

/**
 * The whole suggestion query, one statement. Parameters: $1 today, $2 since, $3 the round's
 * organisations (all bound for the sources), $4 the organiser, $5 the participating
 * organisations, $6 the round (patients on its agenda are left out), $7 only these patients (or
 * NULL for all), $8 the maximum number of patients. Rows: (patient_id, reasons text[], details
 * text[]), reasons sorted, details aligned with them; patients whose only reason is a missing
 * deterioration plan last, more reasons before fewer, then by name. The
 * \`params\` CTE fixes the placeholder types whether or not any source uses them.
 *
 * Cost: the candidates are the patients both the organiser and a participating organisation care
 * for (two index ranges of the materialised care relationships, names included). Their ids go to
 * every source as one array (`patient_id = ANY (…)`): one index scan per source over all the
 * candidates, which the B-tree walks leaf by leaf, instead of a rescan of every source per
 * candidate (the previous form: seven index descents and an executor rescan per candidate, which
 * made the statement grow by ~20 µs per patient of the round). Proportional to the round's shared
 * patients, never to the region. (Running the sources region-wide and filtering afterwards scanned
 * every active deterioration plan, SIP follow-up and patient of the region for each request.)
 */
export function suggestionQuery(sources: readonly AgendaSuggestionSource[]): string {
  return `
    WITH params AS (SELECT $1::date AS today, $2::timestamptz AS since, $3::uuid[] AS organisations),
         candidates AS MATERIALIZED (
           SELECT o.patient_id, o.family_name, o.given_name
             FROM ${CARE_RELATIONSHIP_TABLE} o
            WHERE o.organisation_id = $4
              -- A scalar subquery (NULL when there is none) stays one probe per candidate whatever the
              -- plan. As EXISTS it became a semi join, and the custom plan hashed every relationship
              -- of the participating organisations: a whole municipality.
              AND (SELECT true FROM ${CARE_RELATIONSHIP_TABLE} x WHERE x.organisation_id = ANY ($5::uuid[]) AND x.patient_id = o.patient_id LIMIT 1)
              AND ($7::uuid[] IS NULL OR o.patient_id = ANY ($7::uuid[]))
              AND NOT EXISTS (SELECT 1 FROM round_agenda_item a WHERE a.round_id = $6 AND a.patient_id = o.patient_id)
         ),
         candidate_ids AS MATERIALIZED (SELECT coalesce(array_agg(patient_id ORDER BY patient_id), '{}') AS ids FROM candidates),
         hits AS MATERIALIZED (${suggestionUnion(sources, 'ANY ((SELECT ids FROM candidate_ids)::uuid[])')}),
         per_reason AS (
           SELECT h.patient_id, h.reason, string_agg(h.detail, '; ' ORDER BY h.detail) AS detail
             FROM hits h
            GROUP BY h.patient_id, h.reason
         )
    SELECT pr.patient_id, array_agg(pr.reason ORDER BY pr.reason) AS reasons, array_agg(pr.detail ORDER BY pr.reason) AS details
      FROM per_reason pr
      -- The names (the sort key) from the relationship of the organiser, one probe per patient found.
      -- Joined back to the candidates instead, the generic plan (prepared, estimating one candidate)
      -- rescanned every source once per candidate.
      JOIN ${CARE_RELATIONSHIP_TABLE} o ON o.organisation_id = $4 AND o.patient_id = pr.patient_id
     GROUP BY pr.patient_id, o.family_name, o.given_name
     -- Most enrolled patients lack a plan at first, so the other reasons (discharged, overdue, due)
     -- come first so a short list never hides them, then more reasons before fewer, then by name.
     ORDER BY bool_and(pr.reason::text = 'DETERIORATION_PLAN_MISSING'), count(*) DESC, o.family_name, o.given_name, pr.patient_id
     LIMIT $8`;
}

/**
 * The suggestions as the rounds module uses them, built once from the registered sources. The
 * composition root (src/app/agenda-suggestion.sources.ts) provides it; AgendaService injects it.
 */
export class AgendaSuggestions {
  /** Prepared: planning the union of every source cost more than running it. */
  readonly statement: PreparedStatement;
  readonly descriptions: ReadonlyMap<string, string>;

  constructor(readonly sources: readonly AgendaSuggestionSource[]) {
    checkSources(sources);
    this.statement = prepared(suggestionQuery(sources));
    this.descriptions = new Map(sources.map((s) => [s.reason, s.description]));
  }
}
