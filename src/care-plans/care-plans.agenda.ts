import { AgendaReason, AgendaSuggestionSource } from '../patients/agenda-suggestions';

/** How far ahead a planned SIP follow-up makes the patient a candidate for a round. */
export const SIP_FOLLOW_UP_WINDOW_DAYS = 7;

/**
 * An active SIP that one of the round's organisations takes part in, whose follow-up date in force
 * is today + 7 days or earlier (overdue included), and for which no follow-up has been recorded
 * against that date. Recording a follow-up moves the date in force on (to its next follow-up
 * date), so the plan drops out unless the next date is itself within the window. Detail: the date.
 */
export const SIP_FOLLOW_UP_DUE_SUGGESTION: AgendaSuggestionSource = {
  reason: AgendaReason.SIP_FOLLOW_UP_DUE,
  description: `SIP (samordnad individuell plan) follow-up due within ${SIP_FOLLOW_UP_WINDOW_DAYS} days, or overdue`,
  sql: `SELECT cp.patient_id, 'follow-up due ' || to_char(cp.follow_up_due, 'YYYY-MM-DD') AS detail
          FROM care_plan cp
         WHERE cp.status = 'ACTIVE' AND cp.follow_up_due <= $1::date + ${SIP_FOLLOW_UP_WINDOW_DAYS}
           AND cp.participant_organisation_ids && $3::uuid[]
           AND NOT EXISTS (SELECT 1 FROM care_plan_follow_up f WHERE f.care_plan_id = cp.id AND f.due_date = cp.follow_up_due)`,
};
