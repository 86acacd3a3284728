import { sqlStartOfStockholmDay, STOCKHOLM_SQL } from '../common/calendar';
import { AgendaReason, AgendaSuggestionSource, SINCE_DATE } from '../patients/agenda-suggestions';

/** How far ahead a review date makes the patient a candidate for a round. */
export const REVIEW_WINDOW_DAYS = 7;

/**
 * The active (signed) deterioration plan's review date is today + 7 days or earlier (overdue
 * included), or a review was requested after an admission (a deterioration episode with outcome
 * ADMITTED: ReSPECT's review when the person changes care setting). Only plans recorded or signed
 * by one of the round's organisations: their own documentation. Signing a new version with a later
 * review date (which starts without a request) moves the patient out. Detail: the review date, or
 * 'review requested after admission YYYY-MM-DD'.
 */
export const DETERIORATION_PLAN_REVIEW_DUE_SUGGESTION: AgendaSuggestionSource = {
  reason: AgendaReason.DETERIORATION_PLAN_REVIEW_DUE,
  description: `Deterioration action plan (handlingsplan vid försämring) due for review within ${REVIEW_WINDOW_DAYS} days, or overdue, or its review requested after an admission`,
  sql: `SELECT d.patient_id,
               CASE WHEN d.review_requested_at IS NOT NULL
                    THEN 'review requested after admission ' || to_char(d.review_requested_at AT TIME ZONE ${STOCKHOLM_SQL}, 'YYYY-MM-DD')
                    ELSE 'review due ' || to_char(d.review_date, 'YYYY-MM-DD') END AS detail
          FROM deterioration_plan d
         WHERE d.status = 'ACTIVE' AND (d.review_date <= $1::date + ${REVIEW_WINDOW_DAYS} OR d.review_requested_at IS NOT NULL)
           AND (d.recorded_by_organisation_id = ANY ($3::uuid[]) OR d.signed_by_organisation_id = ANY ($3::uuid[]))`,
};

/**
 * Enrolled in home healthcare (active, started) with one of the round's organisations, and no
 * active signed deterioration plan at all, whoever recorded it. Detail: 'draft awaiting signature'
 * when one of the round's organisations has a draft open, else none. Signing a plan moves the
 * patient out.
 */
export const DETERIORATION_PLAN_MISSING_SUGGESTION: AgendaSuggestionSource = {
  reason: AgendaReason.DETERIORATION_PLAN_MISSING,
  description: 'Enrolled in home healthcare without an active signed deterioration action plan',
  sql: `SELECT e.patient_id,
               CASE WHEN EXISTS (SELECT 1 FROM deterioration_plan dd WHERE dd.patient_id = e.patient_id AND dd.status = 'DRAFT'
                                    AND dd.recorded_by_organisation_id = ANY ($3::uuid[]))
                    THEN 'draft awaiting signature' END AS detail
          FROM home_healthcare_enrollment e
         WHERE e.status = 'ACTIVE' AND e.start_date <= $1::date
           AND (e.municipality_id = ANY ($3::uuid[]) OR e.primary_care_id = ANY ($3::uuid[]))
           AND NOT EXISTS (SELECT 1 FROM deterioration_plan d WHERE d.patient_id = e.patient_id AND d.status = 'ACTIVE')`,
};

/** How far back a deterioration episode makes the patient a candidate, at most, whenever the previous round was. */
export const EPISODE_WINDOW_DAYS = 14;

/**
 * A deterioration episode (försämringsepisod) on or after the day of the previous round of the same
 * organisations, and at most 14 days back (when there is no previous round, or it was long ago):
 * the round talks about the patient who got worse since it last met. Only episodes recorded by one
 * of the round's organisations: their own documentation. Detail: how many, the latest day and its
 * outcome (codes and dates only), e.g. "1 episode, the latest 2026-11-20 STAYED_HOME".
 */
export const RECENT_DETERIORATION_EPISODE_SUGGESTION: AgendaSuggestionSource = {
  reason: AgendaReason.RECENT_DETERIORATION_EPISODE,
  description: `Deterioration episode (försämringsepisod) since the previous round of the same organisations (at most ${EPISODE_WINDOW_DAYS} days back)`,
  sql: `SELECT ep.patient_id,
               count(*) || CASE WHEN count(*) = 1 THEN ' episode' ELSE ' episodes' END || ', the latest '
                 || to_char(max(ep.occurred_at) AT TIME ZONE ${STOCKHOLM_SQL}, 'YYYY-MM-DD') || ' '
                 || (array_agg(ep.outcome::text ORDER BY ep.occurred_at DESC, ep.id DESC))[1] AS detail
          FROM deterioration_episode ep
         WHERE ep.occurred_at >= ${sqlStartOfStockholmDay(`greatest(${SINCE_DATE}, $1::date - ${EPISODE_WINDOW_DAYS})`)}
           AND ep.recorded_by_organisation_id = ANY ($3::uuid[])
         GROUP BY ep.patient_id`,
};
