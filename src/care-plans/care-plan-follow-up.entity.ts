import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CarePlan } from './care-plan.entity';
import { CarePlanExperienceQuestion, CarePlanItemKind, CarePlanOutcome } from './care-plan.enums';

/** A follow-up (uppföljning) of the version in force: when, against which due date, and the next date. */
@Entity('care_plan_follow_up')
@Index('ix_care_plan_follow_up_plan', ['carePlanId', 'followUpDate'])
@Index('ix_care_plan_follow_up_org', ['recordedByOrganisationId', 'followUpDate'])
@Index('ix_care_plan_follow_up_due_date', ['dueDate']) // joint follow-up: follow-ups due in a period
export class CarePlanFollowUp {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  carePlanId: string;

  @ManyToOne(() => CarePlan, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'care_plan_id' })
  carePlan?: CarePlan;

  @Column({ type: 'uuid' })
  patientId: string;

  /** The published version that was followed up. */
  @Column({ type: 'int' })
  versionNumber: number;

  @Column({ type: 'date' })
  followUpDate: string;

  /** The follow-up date that was in force (for "followed up on time"). */
  @Column({ type: 'date', nullable: true })
  dueDate: string | null;

  @Column({ type: 'date' })
  nextFollowUpDate: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  summary: string | null;

  @Column({ type: 'uuid' })
  recordedByStaffId: string;

  @Column({ type: 'uuid' })
  recordedByOrganisationId: string;

  @Column({ type: 'timestamptz' })
  recordedAt: Date;
}

/** The outcome of one goal or action at a follow-up. The item id is the goal's or action's id in the version. */
@Entity('care_plan_follow_up_outcome')
@Index('uq_care_plan_follow_up_outcome_item', ['followUpId', 'itemId'], { unique: true })
export class CarePlanFollowUpOutcome {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  followUpId: string;

  @ManyToOne(() => CarePlanFollowUp, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'follow_up_id' })
  followUp?: CarePlanFollowUp;

  @Column({ type: 'enum', enum: CarePlanItemKind, enumName: 'care_plan_item_kind' })
  itemKind: CarePlanItemKind;

  @Column({ type: 'uuid' })
  itemId: string;

  @Column({ type: 'enum', enum: CarePlanOutcome, enumName: 'care_plan_outcome' })
  outcome: CarePlanOutcome;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  comment: string | null;
}

/**
 * The patient's own experience, one short answer per row (question code + score 1–5), so that the
 * joint follow-up can aggregate them in SQL. No free text.
 */
@Entity('care_plan_experience_answer')
@Index('uq_care_plan_experience_answer', ['followUpId', 'question'], { unique: true })
@Index('ix_care_plan_experience_question', ['question', 'answeredOn'])
@Index('ix_care_plan_experience_answered_on', ['answeredOn']) // joint follow-up: answers in a period
@Check('ck_care_plan_experience_score', '"score" BETWEEN 1 AND 5')
export class CarePlanExperienceAnswer {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  followUpId: string;

  @ManyToOne(() => CarePlanFollowUp, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'follow_up_id' })
  followUp?: CarePlanFollowUp;

  @Column({ type: 'uuid' })
  carePlanId: string;

  @Column({ type: 'enum', enum: CarePlanExperienceQuestion, enumName: 'care_plan_experience_question' })
  question: CarePlanExperienceQuestion;

  @Column({ type: 'smallint' })
  score: number;

  /** The follow-up date, repeated here so aggregates need no join. */
  @Column({ type: 'date' })
  answeredOn: string;
}
