import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CarePlanExperienceQuestion } from '../care-plans/care-plan.enums';
import { Enrollment } from '../patients/enrollment.entity';
import { Patient } from '../patients/patient.entity';
import { ExperienceOccasion, ExperienceRespondent, ExperienceSurveyStatus } from './experience.enums';

/**
 * One experience survey (patientenkät) of an enrolled patient that was answered or declined. A survey
 * that is due is computed, not stored: the first on the enrollment's start date, the next the
 * configured interval after the last answered or declined one (experience.sql.ts).
 */
@Entity('experience_survey')
@Index('ix_experience_survey_patient', ['patientId', 'answeredOn'])
@Index('ix_experience_survey_answered_on', ['answeredOn']) // joint follow-up: answers in a period
export class ExperienceSurvey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id' })
  patient?: Patient;

  /** The enrollment active on the day of the answer. */
  @Column({ type: 'uuid' })
  enrollmentId: string;

  @ManyToOne(() => Enrollment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'enrollment_id' })
  enrollment?: Enrollment;

  @Column({ type: 'enum', enum: ExperienceOccasion, enumName: 'experience_occasion' })
  occasion: ExperienceOccasion;

  /** The day the survey was due (the enrollment's start, or the interval after the previous one). */
  @Column({ type: 'date' })
  dueOn: string;

  @Column({ type: 'enum', enum: ExperienceSurveyStatus, enumName: 'experience_survey_status' })
  status: ExperienceSurveyStatus;

  /** The day it was answered or declined. */
  @Column({ type: 'date' })
  answeredOn: string;

  /** Who answered; null when declined. */
  @Column({ type: 'enum', enum: ExperienceRespondent, enumName: 'experience_respondent', nullable: true })
  respondent: ExperienceRespondent | null;

  /** The staff member who entered it; null when the patient answered in their own view. */
  @Column({ type: 'uuid', nullable: true })
  recordedByStaffId: string | null;

  /** The organisation it was entered in; null when the patient answered in their own view. */
  @Column({ type: 'uuid', nullable: true })
  recordedByOrganisationId: string | null;

  @Column({ type: 'timestamptz' })
  recordedAt: Date;
}

/** One answer of a survey: question code and score 1–5, one row each so the joint follow-up aggregates them in SQL. No free text. */
@Entity('experience_answer')
@Index('uq_experience_answer_question', ['surveyId', 'question'], { unique: true })
@Index('ix_experience_answer_answered_on', ['answeredOn'])
@Check('ck_experience_answer_score', '"score" BETWEEN 1 AND 5')
export class ExperienceAnswer {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  surveyId: string;

  @ManyToOne(() => ExperienceSurvey, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'survey_id' })
  survey?: ExperienceSurvey;

  @Column({ type: 'enum', enum: CarePlanExperienceQuestion, enumName: 'care_plan_experience_question' })
  question: CarePlanExperienceQuestion;

  @Column({ type: 'smallint' })
  score: number;

  /** The survey's day, repeated here so aggregates need no join for the period. */
  @Column({ type: 'date' })
  answeredOn: string;
}
