import { EntityManager } from 'typeorm';
import { CarePlanExperienceQuestion } from '../care-plans/care-plan.enums';
import { ExperienceAnswer, ExperienceSurvey } from '../experience/experience.entity';
import { ExperienceOccasion, ExperienceRespondent, ExperienceSurveyStatus } from '../experience/experience.enums';
import { Enrollment, EnrollmentStatus } from '../patients/enrollment.entity';
import { Patient } from '../patients/patient.entity';
import { DEMO_PATIENTS, demoPersonnummer } from './patients';

/**
 * Experience surveys at enrollment (patientenkät vid inskrivning): Esther answered at the joint home
 * visit with Anna's help; Margit, who has no SIP, answered with Linnéa's help at hers. Their next
 * surveys come due EXPERIENCE_INTERVAL_DAYS later. Loaded once.
 */
const SURVEYS = [
  { patient: 'esther', on: '2026-02-05', nurse: 'annaNurse', org: 'jonkoping', scores: [4, 5, 4, 3] },
  { patient: 'margit', on: '2026-03-24', nurse: 'linneaNurse', org: 'habo', scores: [3, 4, 4, 4] },
];

export async function loadDemoExperience(m: EntityManager, orgIds: Map<string, string>, staffIds: Map<string, string>): Promise<boolean> {
  let created = false;
  const questions = Object.values(CarePlanExperienceQuestion);
  for (const s of SURVEYS) {
    const demo = DEMO_PATIENTS.find((p) => p.key === s.patient);
    const patient = demo && (await m.getRepository(Patient).findOneBy({ personnummer: demoPersonnummer(demo) }));
    if (!patient || (await m.getRepository(ExperienceSurvey).existsBy({ patientId: patient.id }))) continue;
    const enrollment = await m.getRepository(Enrollment).findOneBy({ patientId: patient.id, status: EnrollmentStatus.ACTIVE });
    if (!enrollment) continue;
    const survey = await m.getRepository(ExperienceSurvey).save(
      m.getRepository(ExperienceSurvey).create({
        patientId: patient.id,
        enrollmentId: enrollment.id,
        occasion: ExperienceOccasion.ENROLLMENT,
        dueOn: enrollment.startDate,
        status: ExperienceSurveyStatus.ANSWERED,
        answeredOn: s.on,
        respondent: ExperienceRespondent.PATIENT_WITH_STAFF_HELP,
        recordedByStaffId: staffIds.get(s.nurse)!,
        recordedByOrganisationId: orgIds.get(s.org)!,
        recordedAt: new Date(`${s.on}T14:30:00Z`),
      }),
    );
    await m.getRepository(ExperienceAnswer).insert(questions.map((question, i) => ({ surveyId: survey.id, question, score: s.scores[i], answeredOn: s.on })));
    created = true;
  }
  return created;
}
