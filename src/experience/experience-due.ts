import { addDays } from '../common/calendar';
import { ExperienceOccasion } from './experience.enums';

/**
 * When an enrolled patient's experience survey is due. The first of an enrollment on its start date
 * (vid inskrivning); the next `intervalDays` after the day the last survey of the enrollment was
 * answered or declined. A due survey stays due until it is answered or declined: it does not expire,
 * and a late answer moves the next one along with it.
 */
export function nextSurveyDue(startDate: string, lastAnsweredOn: string | null, intervalDays: number): { dueOn: string; occasion: ExperienceOccasion } {
  return lastAnsweredOn === null
    ? { dueOn: startDate, occasion: ExperienceOccasion.ENROLLMENT }
    : { dueOn: addDays(lastAnsweredOn, intervalDays), occasion: ExperienceOccasion.REPEAT };
}

/**
 * The same rule in SQL, for the active enrollments `e` (alias) of a statement: columns
 * `last_answered_on` and `due_on`. `$interval` is the parameter holding the interval in days.
 */
export const dueColumns = (interval: string) => `s.last_answered_on,
       CASE WHEN s.last_answered_on IS NULL THEN e.start_date ELSE s.last_answered_on + ${interval}::int END AS due_on`;
export const LAST_SURVEY_JOIN = `LEFT JOIN LATERAL (SELECT max(x.answered_on) AS last_answered_on FROM experience_survey x WHERE x.enrollment_id = e.id) s ON true`;
