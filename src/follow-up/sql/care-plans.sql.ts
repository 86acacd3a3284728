import { EntityManager } from 'typeorm';
import { CarePlanExperienceQuestion } from '../../care-plans/care-plan.enums';
import { SIP_FOLLOW_UP_RESPONDENT } from '../../experience/experience.enums';
import { experienceMetric, MetricRow } from '../measure';
import { sqlStockholmDate as day } from '../../common/calendar';
import { enrolledCte, eventCells, FamilyQuery, groupsOf, runNamed, toMetricRows } from './common.sql';

/**
 * SIP follow-ups due in each cell, and how many were done by their date. ONE statement.
 * Patient agreements (plan_type PATIENT_AGREEMENT) are not SIPs and are not counted.
 *
 * Due follow-ups: every recorded follow-up whose due date (the date in force when it was recorded)
 * falls in the period, on time when followed up on or before it; and every outstanding date — a
 * published SIP's current follow-up date that has passed (before today) while the SIP was in force
 * (still ACTIVE, or closed on a later day). Counted for the scope when the patient was enrolled in it
 * on the due date. Distinct ids, so a patient enrolled twice that day counts once.
 *
 * Metrics: fu_due, fu_on_time (follow-ups), fu_patients (distinct patients due).
 */
export function followUpSql(q: FamilyQuery): string {
  const g = groupsOf(q, 'e.municipality_id', 'e.primary_care_id', ['b.bucket']);
  return `WITH ${enrolledCte(q)},
  due AS (
    SELECT f.id AS k, f.patient_id, f.due_date AS day, f.follow_up_date <= f.due_date AS on_time
      FROM care_plan_follow_up f
      JOIN care_plan fp ON fp.id = f.care_plan_id AND fp.plan_type = 'SIP'
     WHERE f.due_date BETWEEN :from::date AND :to::date
    UNION ALL
    SELECT cp.id, cp.patient_id, cp.follow_up_due, false
      FROM care_plan cp
     WHERE cp.follow_up_due BETWEEN :from::date AND :to::date AND cp.follow_up_due < :today::date
       AND cp.plan_type = 'SIP' AND cp.published_version_number IS NOT NULL
       AND (cp.status = 'ACTIVE' OR (cp.status = 'CLOSED' AND ${day('cp.closed_at')} > cp.follow_up_due)))
  SELECT ${g.dims}, b.bucket,
         count(DISTINCT due.k) AS fu_due,
         count(DISTINCT due.k) FILTER (WHERE due.on_time) AS fu_on_time,
         count(DISTINCT due.patient_id) AS fu_patients
    FROM due
    JOIN e ON e.patient_id = due.patient_id AND e.r @> due.day
    ${eventCells('due.day')}
  ${g.groupBy}`;
}

/**
 * The experience answers (question, score 1–5) of enrolled patients, per question: answers per score
 * and the patients who answered. Two sources: the experience surveys asked of every enrolled patient
 * (experience_answer, with the survey's respondent) and the answers given at SIP follow-ups
 * (care_plan_experience_answer, answered on the follow-up date; their respondent is
 * PATIENT_WITH_STAFF_HELP: the patient, with staff at the follow-up entering the answers). With the
 * respondent filter (:respondents), only answers of those respondents count. Counted for the scope
 * when the patient was enrolled in it on the day of the answer. ONE statement.
 *
 * The question stays the enum (4 bytes) until the end: the rows sorted for the counts are narrower.
 * Metrics per question Q: exp_Q_dist ([answers scoring 1, …, 5]), exp_Q_patients.
 */
export function experienceSql(q: FamilyQuery): string {
  const g = groupsOf(q, 'e.municipality_id', 'e.primary_care_id', ['b.bucket', 'a.question']);
  const scores = [1, 2, 3, 4, 5].map((s) => `count(DISTINCT a.id) FILTER (WHERE a.score = ${s})`).join(', ');
  return `WITH ${enrolledCte(q)},
  a AS (
    SELECT x.id, f.patient_id, x.question, x.score, x.answered_on AS day
      FROM care_plan_experience_answer x
      JOIN care_plan_follow_up f ON f.id = x.follow_up_id
     WHERE x.answered_on BETWEEN :from::date AND :to::date
       AND (:respondents::text[] IS NULL OR '${SIP_FOLLOW_UP_RESPONDENT}' = ANY (:respondents::text[]))
    UNION ALL
    SELECT x.id, s.patient_id, x.question, x.score, x.answered_on
      FROM experience_answer x
      JOIN experience_survey s ON s.id = x.survey_id
     WHERE x.answered_on BETWEEN :from::date AND :to::date
       AND (:respondents::text[] IS NULL OR s.respondent::text = ANY (:respondents::text[])))
  SELECT ${g.dims}, b.bucket, a.question::text AS question,
         ARRAY[${scores}] AS dist,
         count(DISTINCT a.patient_id) AS patients
    FROM a
    JOIN e ON e.patient_id = a.patient_id AND e.r @> a.day
    ${eventCells('a.day')}
  ${g.groupBy}`;
}

export async function followUpFamily(m: EntityManager, q: FamilyQuery): Promise<MetricRow[]> {
  return toMetricRows(await runNamed(m, followUpSql(q), q));
}

export async function experienceFamily(m: EntityManager, q: FamilyQuery): Promise<MetricRow[]> {
  const rows: Array<{
    dim: string;
    org_id: string | null;
    bucket: string;
    question: CarePlanExperienceQuestion;
    dist: Array<string | number>;
    patients: string;
  }> = await runNamed(m, experienceSql(q), q);
  return rows.map((r) => {
    const k = experienceMetric(r.question);
    return toMetricRows([{ dim: r.dim, org_id: r.org_id, bucket: r.bucket, [k.dist]: r.dist, [k.patients]: r.patients }], [k.dist])[0];
  });
}
