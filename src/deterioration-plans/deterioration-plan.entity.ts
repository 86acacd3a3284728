import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Patient } from '../patients/patient.entity';
import type { PlanStep, Trigger } from './triggers';

/** Where a version of a patient's deterioration plan stands. */
export enum DeteriorationPlanStatus {
  /** Being written; editable with expectedVersion. At most one per patient. */
  DRAFT = 'DRAFT',
  /** Signed by a physician; the plan in force. At most one per patient. */
  ACTIVE = 'ACTIVE',
  /** Was active; replaced when a newer version was signed. */
  SUPERSEDED = 'SUPERSEDED',
  /** Withdrawn with a reason (an active plan by a physician, or a draft that will not be signed). */
  WITHDRAWN = 'WITHDRAWN',
}

/** Treatment limitations and level-of-care decisions (behandlingsbegränsningar, vårdnivå). */
export enum TreatmentLimitationKind {
  /** Ej hjärt-lungräddning. */
  NO_CPR = 'NO_CPR',
  /** No intensive care (ej IVA). */
  NO_INTENSIVE_CARE = 'NO_INTENSIVE_CARE',
  /** Care at home preferred when the patient gets worse. */
  CARE_AT_HOME_PREFERRED = 'CARE_AT_HOME_PREFERRED',
  /** Hospital only under the conditions stated in `details`. */
  HOSPITAL_ONLY_IF = 'HOSPITAL_ONLY_IF',
  /** No transfer to hospital. */
  NO_HOSPITAL_TRANSFER = 'NO_HOSPITAL_TRANSFER',
  /** Anything else, stated in `details`. */
  OTHER = 'OTHER',
}

/** Kinds that only make sense with words saying what exactly was decided. */
export const LIMITATIONS_NEEDING_DETAILS: ReadonlySet<TreatmentLimitationKind> = new Set([
  TreatmentLimitationKind.HOSPITAL_ONLY_IF,
  TreatmentLimitationKind.OTHER,
]);

/** Who carries out an action of a step. */
export enum ActionPerformer {
  NURSE = 'NURSE',
  PHYSICIAN = 'PHYSICIAN',
  ON_CALL_PHYSICIAN = 'ON_CALL_PHYSICIAN',
}

/** When a rung of the contact ladder applies. */
export enum ContactHours {
  OFFICE_HOURS = 'OFFICE_HOURS',
  OUT_OF_HOURS = 'OUT_OF_HOURS',
  ALL_HOURS = 'ALL_HOURS',
}

export interface TreatmentLimitationRecord {
  kind: TreatmentLimitationKind;
  details: string | null;
  /** Who decided, as written in the record, e.g. "Erik Sjöberg, distriktsläkare". */
  decidedBy: string;
  decidedOn: string;
  patientTookPart: boolean;
  nextOfKinTookPart: boolean;
}

export interface StepActionRecord {
  description: string;
  performer: ActionPerformer;
  /** A medication already prescribed "vid behov" (as needed), e.g. "Furosemid 40 mg, 1 tablett". */
  asNeededMedication: string | null;
}

/** A step as stored: the trigger logic of triggers.ts plus what to do. */
export interface PlanStepRecord extends PlanStep {
  id: string;
  /** 1-based position in the plan. */
  order: number;
  trigger: Trigger;
  actions: StepActionRecord[];
}

export interface ContactRecord {
  hours: ContactHours;
  role: string;
  /** The person's name or the unit, e.g. "Jourcentralen". */
  name: string;
  phone: string;
}

/**
 * One version of a patient's deterioration action plan (handlingsplan vid försämring). Each
 * revision is a new row; steps, contacts and limitations live in the row (jsonb) so the plan is
 * read in one statement. Signed rows are immutable: a database trigger refuses any change to a
 * non-draft row except ACTIVE → SUPERSEDED/WITHDRAWN, and refuses deleting it.
 */
@Entity('deterioration_plan')
@Index('uq_deterioration_plan_active', ['patientId'], { unique: true, where: `"status" = 'ACTIVE'` })
@Index('uq_deterioration_plan_draft', ['patientId'], { unique: true, where: `"status" = 'DRAFT'` })
@Index('uq_deterioration_plan_version', ['patientId', 'planVersion'], { unique: true })
@Index('ix_deterioration_plan_review', ['reviewDate', 'id'], { where: `"status" = 'ACTIVE'` })
@Index('ix_deterioration_plan_signed', { synchronize: false }) // joint follow-up: (patient_id) INCLUDE (signed_at, superseded_at, withdrawn_at, review_date) of signed plans, made in the migration
@Check(
  'ck_deterioration_plan_signed',
  `"status" IN ('DRAFT', 'WITHDRAWN') OR ("signed_at" IS NOT NULL AND "signed_by_staff_id" IS NOT NULL AND "signed_by_organisation_id" IS NOT NULL AND "review_date" IS NOT NULL)`,
)
@Check('ck_deterioration_plan_withdrawn', `"status" <> 'WITHDRAWN' OR ("withdrawn_at" IS NOT NULL AND "withdrawal_reason" IS NOT NULL)`)
export class DeteriorationPlan {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id' })
  patient?: Patient;

  /** 1, 2, 3… within the patient's series of plans. */
  @Column({ type: 'int' })
  planVersion: number;

  @Column({ type: 'enum', enum: DeteriorationPlanStatus, enumName: 'deterioration_plan_status', default: DeteriorationPlanStatus.DRAFT })
  status: DeteriorationPlanStatus;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  conditions: string[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  treatmentLimitations: TreatmentLimitationRecord[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  steps: PlanStepRecord[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  contacts: ContactRecord[];

  @Column({ type: 'date', nullable: true })
  reviewDate: string | null;

  /** The version this draft was copied from (revise). */
  @Column({ type: 'uuid', nullable: true })
  basedOnPlanId: string | null;

  /** The organisation whose documentation this is: the one that drafted it. */
  @Column({ type: 'uuid' })
  recordedByOrganisationId: string;

  @Column({ type: 'uuid' })
  draftedByStaffId: string;

  @Column({ type: 'uuid' })
  lastEditedByStaffId: string;

  @Column({ type: 'timestamptz', nullable: true })
  signedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  signedByStaffId: string | null;

  @Column({ type: 'uuid', nullable: true })
  signedByOrganisationId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  supersededAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  supersededByPlanId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  withdrawnByStaffId: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  withdrawalReason: string | null;

  /**
   * When a review of this (active) version was asked for, e.g. by a deterioration episode that
   * ended in admission (the patient changed care setting). The only change a signed version takes
   * besides being superseded or withdrawn; a newly signed version starts without it.
   */
  @Column({ type: 'timestamptz', nullable: true })
  reviewRequestedAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reviewRequestReason: string | null;

  /** The deterioration episode that asked for the review. */
  @Column({ type: 'uuid', nullable: true })
  reviewRequestedByEpisodeId: string | null;

  /** Lock counter: pass as expectedVersion; bumped by every change. */
  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
