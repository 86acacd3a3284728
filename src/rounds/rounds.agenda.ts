import { AgendaReason, AgendaSuggestionSource, SINCE_DATE } from '../patients/agenda-suggestions';
import { overdueSql } from '../tasks/task-rules';

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

/** Tasks still to do (open or accepted) whose due date has passed, whoever they are assigned to. */
export const OVERDUE_TASKS_SUGGESTION: AgendaSuggestionSource = {
  reason: AgendaReason.OVERDUE_TASKS,
  description: 'Open tasks past their due date',
  sql: `SELECT t.patient_id, count(*) || ' overdue, the oldest due ' || to_char(min(t.due_date), 'YYYY-MM-DD') AS detail
          FROM task t
         WHERE ${overdueSql('t', '$1::date')}
         GROUP BY t.patient_id`,
};
