import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity';
import { Staff } from '../organisations/staff.entity';
import { Patient } from '../patients/patient.entity';
import { CarePlanActionKind, CarePlanActionStatus, CarePlanCloseReason, CarePlanParticipantKind, CarePlanStatus, PlanType } from './care-plan.enums';

/**
 * A care plan: a samordnad individuell plan (SIP) or a documented agreement with the patient
 * (patientkontrakt, `planType`). The row holds the lifecycle, the optimistic-concurrency
 * `version`, and the scalar part of the editable draft; the draft's lists live in the item tables
 * below. Published versions are immutable snapshots in care_plan_version. At most one plan of each
 * type per patient is open (DRAFT or ACTIVE), and at most one is in force (ACTIVE): a SIP drafted
 * to replace an agreement supersedes it when the SIP is first published.
 */
@Entity('care_plan')
@Index('uq_care_plan_open_per_patient_type', ['patientId', 'planType'], { unique: true, where: `"status" IN ('DRAFT', 'ACTIVE')` })
@Index('uq_care_plan_in_force_per_patient', ['patientId'], { unique: true, where: `"status" = 'ACTIVE'` })
@Index('ix_care_plan_patient', ['patientId', 'createdAt'])
@Index('ix_care_plan_follow_up_due', ['followUpDue'], { where: `"status" = 'ACTIVE'` })
@Index('ix_care_plan_participant_orgs', { synchronize: false }) // GIN on participant_organisation_ids, made in the migration
export class CarePlan {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id' })
  patient?: Patient;

  @Column({ type: 'enum', enum: CarePlanStatus, enumName: 'care_plan_status', default: CarePlanStatus.DRAFT })
  status: CarePlanStatus;

  /** SIP or patient agreement; chosen when drafting, never changed (a SIP replaces an agreement as a plan of its own). */
  @Column({ type: 'enum', enum: PlanType, enumName: 'care_plan_type', default: PlanType.SIP })
  planType: PlanType;

  /** A SIP drafted to replace a patient agreement: that agreement (superseded when this SIP is first published). */
  @Column({ type: 'uuid', nullable: true })
  supersedesCarePlanId: string | null;

  @ManyToOne(() => CarePlan, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'supersedes_care_plan_id' })
  supersedes?: CarePlan | null;

  /** A SUPERSEDED patient agreement: the SIP that replaced it. */
  @Column({ type: 'uuid', nullable: true })
  supersededByCarePlanId: string | null;

  @ManyToOne(() => CarePlan, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'superseded_by_care_plan_id' })
  supersededBy?: CarePlan | null;

  /** Bumped by every change of the draft or the lifecycle; mutations pass it as expectedVersion. */
  @Column({ type: 'int', default: 1 })
  version: number;

  /** An editable draft exists: always for DRAFT, during a revision for ACTIVE. */
  @Column({ type: 'boolean', default: true })
  draftOpen: boolean;

  /** Number of the published version in force (null until first published). */
  @Column({ type: 'int', nullable: true })
  publishedVersionNumber: number | null;

  // ---- the draft's scalar content ----
  @Column({ type: 'varchar', length: 2000 })
  reason: string;

  @Column({ type: 'uuid', nullable: true })
  overallResponsibleOrganisationId: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'overall_responsible_organisation_id' })
  overallResponsibleOrganisation?: Organisation | null;

  @Column({ type: 'uuid', nullable: true })
  coordinatorStaffId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'coordinator_staff_id' })
  coordinator?: Staff | null;

  /** The open draft's proposed follow-up date. Not the plan's: that is followUpDue, the date in force. */
  @Column({ type: 'date', nullable: true })
  draftNextFollowUpDate: string | null;

  /** The agreement in the patient's own words (patient agreement; optional on a SIP). */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  agreementText: string | null;

  /** The fixed care contact (fast vårdkontakt): a staff member of a participating organisation. */
  @Column({ type: 'uuid', nullable: true })
  careContactStaffId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'care_contact_staff_id' })
  careContact?: Staff | null;

  /** The draft's next agreed time (överenskommen tid) with the patient. */
  @Column({ type: 'timestamptz', nullable: true })
  agreedTime: Date | null;

  /** Whom the patient calls in the daytime: a name or role, and a phone number. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  daytimeContactName: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  daytimeContactPhone: string | null;

  /** Whom the patient calls out of hours (evenings, nights, weekends): a name or role, and a phone number. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  outOfHoursContactName: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  outOfHoursContactPhone: string | null;

  /** The follow-up date in force: from the published version, moved on by recorded follow-ups. */
  @Column({ type: 'date', nullable: true })
  followUpDue: string | null;

  /**
   * Organisations taking part: of the draft and of the version in force (derived, kept in the same
   * transaction as every change). The source of the SIP_PARTICIPANT care relationship.
   */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  participantOrganisationIds: string[];

  @Column({ type: 'uuid' })
  createdByStaffId: string;

  @Column({ type: 'uuid' })
  createdByOrganisationId: string;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'uuid' })
  updatedByStaffId: string;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  closedByStaffId: string | null;

  @Column({ type: 'enum', enum: CarePlanCloseReason, enumName: 'care_plan_close_reason', nullable: true })
  closeReason: CarePlanCloseReason | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  closeNote: string | null;
}

/**
 * What every list item of a SIP draft has: an id that stays the same across versions (the diff
 * and follow-up outcomes rely on it), its plan and its place in the list.
 */
export abstract class CarePlanItem {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  carePlanId: string;

  @ManyToOne(() => CarePlan, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'care_plan_id' })
  carePlan?: CarePlan;

  @Column({ type: 'int' })
  position: number;
}

/** A goal of the draft, in the patient's own words. Ids stay the same across versions. */
@Entity('care_plan_goal')
@Index('ix_care_plan_goal_plan', ['carePlanId', 'position'])
export class CarePlanGoal extends CarePlanItem {
  @Column({ type: 'varchar', length: 1000 })
  text: string;
}

/** A need (behov) of the draft. */
@Entity('care_plan_need')
@Index('ix_care_plan_need_plan', ['carePlanId', 'position'])
export class CarePlanNeed extends CarePlanItem {
  @Column({ type: 'varchar', length: 1000 })
  text: string;
}

/** An action (insats) of the draft: what, of which kind, who is responsible, from when. */
@Entity('care_plan_action')
@Index('ix_care_plan_action_plan', ['carePlanId', 'position'])
export class CarePlanAction extends CarePlanItem {
  @Column({ type: 'varchar', length: 1000 })
  description: string;

  @Column({ type: 'enum', enum: CarePlanActionKind, enumName: 'care_plan_action_kind' })
  kind: CarePlanActionKind;

  /** A participating organisation; empty for self-care (SELF_CARE), optional for next of kin (NEXT_OF_KIN). */
  @Column({ type: 'uuid', nullable: true })
  responsibleOrganisationId: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'responsible_organisation_id' })
  responsibleOrganisation?: Organisation | null;

  @Column({ type: 'uuid', nullable: true })
  responsibleStaffId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'responsible_staff_id' })
  responsibleStaff?: Staff | null;

  /** For actions by next of kin or others: who does it, e.g. "Karin (dotter)". */
  @Column({ type: 'varchar', length: 200, nullable: true })
  performedBy: string | null;

  @Column({ type: 'date' })
  startDate: string;

  @Column({ type: 'date', nullable: true })
  endDate: string | null;

  @Column({ type: 'enum', enum: CarePlanActionStatus, enumName: 'care_plan_action_status', default: CarePlanActionStatus.PLANNED })
  status: CarePlanActionStatus;
}

/** A participant of the draft: an organisation, a named staff member, the patient, or a next of kin. */
@Entity('care_plan_participant')
@Index('ix_care_plan_participant_plan', ['carePlanId', 'position'])
export class CarePlanParticipant extends CarePlanItem {
  @Column({ type: 'enum', enum: CarePlanParticipantKind, enumName: 'care_plan_participant_kind' })
  kind: CarePlanParticipantKind;

  /** ORGANISATION: the unit; STAFF: the unit the staff member represents. */
  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation | null;

  @Column({ type: 'uuid', nullable: true })
  staffId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_id' })
  staff?: Staff | null;

  /** NEXT_OF_KIN: the person's name. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  name: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  relation: string | null;

  /** Took part in the SIP meeting that agreed the plan (null: not recorded). */
  @Column({ type: 'boolean', nullable: true })
  attended: boolean | null;
}
