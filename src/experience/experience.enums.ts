import { registerEnumType } from '@nestjs/graphql';

/** Who gave the answers to an experience survey (patientenkät). */
export enum ExperienceRespondent {
  /** The patient alone: in their own view (later), or on a form they filled in themselves. */
  PATIENT = 'PATIENT',
  /** The patient, with staff reading the questions and entering the answers. */
  PATIENT_WITH_STAFF_HELP = 'PATIENT_WITH_STAFF_HELP',
  /** A next of kin (närstående) answering for the patient. */
  NEXT_OF_KIN = 'NEXT_OF_KIN',
}

/**
 * The respondent of the answers given at SIP follow-ups (care_plan_experience_answer), which record
 * none: the patient answered at the follow-up and staff entered the answers. The joint follow-up
 * counts them so.
 */
export const SIP_FOLLOW_UP_RESPONDENT = ExperienceRespondent.PATIENT_WITH_STAFF_HELP;

/** What became of a survey that was due. A survey that is due is not a row: it is computed (experience.sql.ts). */
export enum ExperienceSurveyStatus {
  ANSWERED = 'ANSWERED',
  DECLINED = 'DECLINED',
}

/** Which occasion a survey answered: the first of an enrollment, or a repeat after the interval. */
export enum ExperienceOccasion {
  ENROLLMENT = 'ENROLLMENT',
  REPEAT = 'REPEAT',
}

export const RESPONDENT_TEXT: Record<ExperienceRespondent, string> = {
  PATIENT: 'The patient answered alone (in their own view, or on a form they filled in themselves).',
  PATIENT_WITH_STAFF_HELP: 'The patient answered, with staff reading the questions and entering the answers.',
  NEXT_OF_KIN: 'A next of kin (närstående) answered for the patient.',
};

registerEnumType(ExperienceRespondent, {
  name: 'ExperienceRespondent',
  description: 'Who answered the experience questions (patientens upplevelse): the patient, the patient with staff help, or a next of kin (närstående).',
  valuesMap: {
    PATIENT: { description: RESPONDENT_TEXT.PATIENT },
    PATIENT_WITH_STAFF_HELP: { description: RESPONDENT_TEXT.PATIENT_WITH_STAFF_HELP },
    NEXT_OF_KIN: { description: RESPONDENT_TEXT.NEXT_OF_KIN },
  },
});

registerEnumType(ExperienceSurveyStatus, {
  name: 'ExperienceSurveyStatus',
  description: 'What became of an experience survey that was due.',
  valuesMap: {
    ANSWERED: { description: 'The questions were answered.' },
    DECLINED: { description: 'The patient (or next of kin) declined to answer this time; the next survey is due after the interval.' },
  },
});

registerEnumType(ExperienceOccasion, {
  name: 'ExperienceOccasion',
  description: 'Which occasion an experience survey answered.',
  valuesMap: {
    ENROLLMENT: { description: 'The first survey of the enrollment (vid inskrivning), due on its start date.' },
    REPEAT: { description: 'A repeat survey, due the configured interval (EXPERIENCE_INTERVAL_DAYS) after the previous one.' },
  },
});
