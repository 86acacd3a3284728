import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { CarePlanExperienceQuestion } from '../care-plans/care-plan.enums';
import { LocalDateScalar } from '../common/scalars';
import { PatientType, PatientView } from '../patients/patient.types';
import { ExperienceOccasion, ExperienceRespondent, ExperienceSurveyStatus } from './experience.enums';

@ObjectType('ExperienceAnswer', { description: 'One answer of an experience survey: a question and its score 1–5.' })
export class ExperienceAnswerType {
  @Field(() => CarePlanExperienceQuestion, { description: 'Which question.' })
  question: CarePlanExperienceQuestion;
  @Field(() => Int, { description: 'The answer: 1 (not at all) to 5 (completely).' })
  score: number;
}

const QUESTION_ORDER = Object.values(CarePlanExperienceQuestion) as string[];

/** Answers in the questions' own order. */
export const sortAnswers = (answers: ExperienceAnswerType[]): ExperienceAnswerType[] =>
  [...answers].sort((a, b) => QUESTION_ORDER.indexOf(a.question) - QUESTION_ORDER.indexOf(b.question));

@ObjectType('ExperienceSurvey', {
  description:
    'An experience survey (patientenkät) of an enrolled patient that was answered or declined: the SIP follow-up’s four short questions, asked at enrollment and then every EXPERIENCE_INTERVAL_DAYS (180 by default).',
})
export class ExperienceSurveyType {
  @Field(() => ID, { description: 'The survey’s id in this service.' })
  id: string;
  @Field(() => ID, { description: 'The enrollment (`Enrollment.id`) active on the day of the answer.' })
  enrollmentId: string;
  @Field(() => ExperienceOccasion, { description: 'At enrollment (the first of the enrollment) or a repeat after the interval.' })
  occasion: ExperienceOccasion;
  @Field(() => LocalDateScalar, { description: 'The day the survey was due.' })
  dueOn: string;
  @Field(() => ExperienceSurveyStatus, { description: 'Answered or declined.' })
  status: ExperienceSurveyStatus;
  @Field(() => LocalDateScalar, { description: 'The day it was answered or declined.' })
  answeredOn: string;
  @Field(() => ExperienceRespondent, { nullable: true, description: 'Who answered; null when declined.' })
  respondent: ExperienceRespondent | null;
  @Field(() => [ExperienceAnswerType], { description: 'The answers, in question order (at most 4); empty when declined.' })
  answers: ExperienceAnswerType[];
  recordedByStaffId: string | null;
  recordedByOrganisationId: string | null;
  @Field({ description: 'When it was entered in this service.' })
  recordedAt: Date;
}

@ObjectType('ExperienceDue', { description: 'An enrolled patient whose experience survey (patientenkät) is due.' })
export class ExperienceDueType {
  @Field(() => PatientType, { description: 'The patient.' })
  patient: PatientView;
  @Field(() => ID, { description: 'The active enrollment (`Enrollment.id`).' })
  enrollmentId: string;
  @Field(() => LocalDateScalar, { description: 'The day the survey is (or was) due: the enrollment’s start date, or the interval after the last survey.' })
  dueOn: string;
  @Field(() => ExperienceOccasion, { description: 'At enrollment (no survey yet in this enrollment) or a repeat.' })
  occasion: ExperienceOccasion;
  @Field(() => LocalDateScalar, { nullable: true, description: 'The day the last survey of the enrollment was answered or declined; null when none.' })
  lastAnsweredOn: string | null;
}
