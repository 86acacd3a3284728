import { SIP_FOLLOW_UP_DUE_SUGGESTION } from '../care-plans/care-plans.agenda';
import {
  DETERIORATION_PLAN_MISSING_SUGGESTION,
  DETERIORATION_PLAN_REVIEW_DUE_SUGGESTION,
  RECENT_DETERIORATION_EPISODE_SUGGESTION,
} from '../deterioration-plans/deterioration-plans.agenda';
import { RECENTLY_DISCHARGED_SUGGESTION } from '../discharges/discharges.agenda';
import { AgendaSuggestions, AgendaSuggestionSource } from '../patients/agenda-suggestions';
import { NEWLY_ENROLLED_SUGGESTION, OVERDUE_TASKS_SUGGESTION } from '../rounds/rounds.agenda';

/**
 * Every source of agenda suggestions, one per reason. A capability contributes its own from its
 * `x.agenda.ts`: NEWLY_ENROLLED and OVERDUE_TASKS (rounds), RECENTLY_DISCHARGED (discharges), SIP_FOLLOW_UP_DUE (care-plans),
 * DETERIORATION_PLAN_REVIEW_DUE, DETERIORATION_PLAN_MISSING and RECENT_DETERIORATION_EPISODE (deterioration-plans).
 */
export const AGENDA_SUGGESTION_SOURCES: readonly AgendaSuggestionSource[] = [
  NEWLY_ENROLLED_SUGGESTION,
  RECENTLY_DISCHARGED_SUGGESTION,
  SIP_FOLLOW_UP_DUE_SUGGESTION,
  DETERIORATION_PLAN_REVIEW_DUE_SUGGESTION,
  DETERIORATION_PLAN_MISSING_SUGGESTION,
  RECENT_DETERIORATION_EPISODE_SUGGESTION,
  OVERDUE_TASKS_SUGGESTION,
];

/** Handed to the rounds module as the AgendaSuggestions provider (src/app/registry.ts). */
export const AGENDA_SUGGESTIONS = new AgendaSuggestions(AGENDA_SUGGESTION_SOURCES);
