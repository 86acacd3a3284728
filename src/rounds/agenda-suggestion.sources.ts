import { SIP_FOLLOW_UP_DUE_SUGGESTION } from '../care-plans/care-plans.agenda';
import { DETERIORATION_PLAN_MISSING_SUGGESTION, DETERIORATION_PLAN_REVIEW_DUE_SUGGESTION } from '../deterioration-plans/deterioration-plans.agenda';
import { RECENTLY_DISCHARGED_SUGGESTION } from '../discharges/discharges.agenda';
import { prepared } from '../database/raw';
import { AgendaReason, AgendaSuggestionSource, checkSources, SINCE_DATE, suggestionQuery } from './agenda-suggestions';

/**
 * Enrolled in home healthcare with one of the round's organisations, starting on or after the day
 * of the previous round of the same organisations (or within the last 30 days). The day of the
 * previous round itself counts: a patient enrolled that day may not have been discussed.
 */
export const NEWLY_ENROLLED_SUGGESTION: AgendaSuggestionSource = {
  reason: AgendaReason.NEWLY_ENROLLED,
  description: 'Newly enrolled in home healthcare since the previous round of the same organisations',
  sql: `SELECT e.patient_id, 'enrolled ' || to_char(e.start_date, 'YYYY-MM-DD') AS detail
          FROM home_healthcare_enrollment e
         WHERE e.status = 'ACTIVE' AND e.start_date >= ${SINCE_DATE}
           AND (e.municipality_id = ANY ($3::uuid[]) OR e.primary_care_id = ANY ($3::uuid[]))`,
};

/** Open tasks whose due date has passed, whoever they are assigned to. */
export const OVERDUE_TASKS_SUGGESTION: AgendaSuggestionSource = {
  reason: AgendaReason.OVERDUE_TASKS,
  description: 'Open tasks past their due date',
  sql: `SELECT t.patient_id, count(*) || ' overdue, the oldest due ' || to_char(min(t.due_date), 'YYYY-MM-DD') AS detail
          FROM task t
         WHERE t.status = 'OPEN' AND t.due_date < $1::date
         GROUP BY t.patient_id`,
};

/**
 * Every source of agenda suggestions, one per reason. A capability contributes its own from its
 * `x.agenda.ts`: RECENTLY_DISCHARGED (discharges), SIP_FOLLOW_UP_DUE (care-plans),
 * DETERIORATION_PLAN_REVIEW_DUE and DETERIORATION_PLAN_MISSING (deterioration-plans).
 */
export const AGENDA_SUGGESTION_SOURCES: readonly AgendaSuggestionSource[] = [
  NEWLY_ENROLLED_SUGGESTION,
  RECENTLY_DISCHARGED_SUGGESTION,
  SIP_FOLLOW_UP_DUE_SUGGESTION,
  DETERIORATION_PLAN_REVIEW_DUE_SUGGESTION,
  DETERIORATION_PLAN_MISSING_SUGGESTION,
  OVERDUE_TASKS_SUGGESTION,
];

checkSources(AGENDA_SUGGESTION_SOURCES);

export const SUGGESTION_DESCRIPTIONS: ReadonlyMap<string, string> = new Map(AGENDA_SUGGESTION_SOURCES.map((s) => [s.reason, s.description]));

/** Prepared: planning the union of every source cost more than running it. */
export const AGENDA_SUGGESTIONS_SQL = prepared(suggestionQuery(AGENDA_SUGGESTION_SOURCES));
