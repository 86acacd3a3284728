import { EntityManager } from 'typeorm';
import { CarePlanExperienceQuestion } from '../../care-plans/care-plan.enums';
import { experienceMetric, MetricRow } from '../measure';
import { FACT_TABLE } from '../enrollment-state';
import { eventCells, FamilyQuery, groupsOf, keptFactInScope, runNamed, toMetricRows } from './common.sql';

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
  const g = groupsOf(q, 'f.municipality_id', 'f.primary_care_id', ['b.bucket']);
  // The facts (FU, FU_OUT) are kept per enrollment covering the due date (../enrollment-state.ts).
  return `SELECT ${g.dims}, b.bucket,
         count(DISTINCT f.fact_id) AS fu_due,
         count(DISTINCT f.fact_id) FILTER (WHERE f.ok) AS fu_on_time,
         count(DISTINCT f.patient_id) AS fu_patients
    FROM ${FACT_TABLE} f
    ${eventCells('f.day')}
   WHERE f.kind IN ('FU', 'FU_OUT') AND f.day BETWEEN :from::date AND :to::date AND (f.kind = 'FU' OR f.day < :today::date)
     AND ${keptFactInScope(q)}
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
  const g = groupsOf(q, 'f.municipality_id', 'f.primary_care_id', ['b.bucket', 'f.question']);
  const scores = [1, 2, 3, 4, 5].map((s) => `count(DISTINCT f.fact_id) FILTER (WHERE f.score = ${s})`).join(', ');
  // The answers (EXP, with their respondent) are kept per enrollment covering the day answered (../enrollment-state.ts).
  return `SELECT ${g.dims}, b.bucket, f.question::text AS question,
         ARRAY[${scores}] AS dist,
         count(DISTINCT f.patient_id) AS patients
    FROM ${FACT_TABLE} f
    ${eventCells('f.day')}
   WHERE f.kind = 'EXP' AND f.day BETWEEN :from::date AND :to::date
     AND (:respondents::text[] IS NULL OR f.respondent = ANY (:respondents::text[]))
     AND ${keptFactInScope(q)}
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
