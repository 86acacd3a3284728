import { Check, Column, CreateDateColumn, Entity, Generated, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { CarePlan } from '../care-plans/care-plan.entity';
import { CarePlanMeeting } from '../care-plans/care-plan-meeting.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Patient } from '../patients/patient.entity';
import { CancellationReason, DeadlineKind, DischargeMessageKind, DischargeStatus, RiskArea, RiskLevel } from './discharge.enums';
import { MedicationLineRecord } from './medication-lines';

/**
 * One hospital stay's discharge process (utskrivning, lag 2017:612) between the hospital ward and
 * the receiving municipality and the open-care receiver. While not CLOSED or CANCELLED it gives the
 * three a care relationship with the patient (discharges.relationships.ts).
 */
@Entity('discharge_process')
@Index('uq_discharge_in_hospital', ['patientId'], { unique: true, where: `"status" IN ('ADMITTED', 'PLANNING', 'READY_FOR_DISCHARGE')` })
@Index('ix_discharge_patient', ['patientId', 'admittedAt'])
@Index('ix_discharge_hospital_open', ['hospitalId'], { where: `"status" NOT IN ('CLOSED', 'CANCELLED')` })
@Index('ix_discharge_municipality_open', ['municipalityId'], { where: `"status" NOT IN ('CLOSED', 'CANCELLED')` })
@Index('ix_discharge_primary_care_open', ['primaryCareId'], { where: `"status" NOT IN ('CLOSED', 'CANCELLED')` })
@Index('ix_discharge_admitted_at', ['admittedAt']) // joint follow-up: admissions in a period
@Index('ix_discharge_discharged_at', ['dischargedAt'], { where: `"discharged_at" IS NOT NULL` }) // recently discharged (discharges.agenda.ts), discharges in a period (follow-up)
export class DischargeProcess {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id' })
  patient?: Patient;

  /** The hospital ward (an organisation of kind HOSPITAL). */
  @Column({ type: 'uuid' })
  hospitalId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'hospital_id' })
  hospital?: Organisation;

  @Column({ type: 'uuid' })
  municipalityId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'municipality_id' })
  municipality?: Organisation;

  /**
   * The open-care receiver (den öppna vården, lag 2017:612): a primary care centre, SSIH or a mobile
   * team run by the region (isOpenCareReceiver). The column keeps its earlier name.
   */
  @Column({ type: 'uuid' })
  primaryCareId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'primary_care_id' })
  primaryCare?: Organisation;

  @Column({ type: 'enum', enum: DischargeStatus, enumName: 'discharge_status', default: DischargeStatus.ADMITTED })
  status: DischargeStatus;

  @Column({ type: 'timestamptz' })
  admittedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  dischargedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'enum', enum: CancellationReason, enumName: 'discharge_cancellation_reason', nullable: true })
  cancellationReason: CancellationReason | null;

  /** Free text recorded by the hospital: clinical content, shown under the consent rule. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  cancellationNote: string | null;

  /** The municipality's payment agreement as it stood when the process was opened. */
  @Column({ type: 'integer' })
  agreedDays: number;

  @Column({ type: 'integer', nullable: true })
  dailyAmountSek: number | null;

  @Column({ type: 'uuid' })
  openedByStaffId: string;

  /**
   * A medication reconciliation (läkemedelsavstämning) is due within 24 hours of the discharge: set
   * by the discharge notice. False for discharges notified before reconciliations were recorded in
   * this service (migration MedicationReconciliation), which get no such deadline.
   */
  @Column({ type: 'boolean', default: false })
  medicationReconciliationExpected: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

export interface RiskAssessmentRecord {
  area: RiskArea;
  level: RiskLevel;
  note: string | null;
}

/** Utskrivningsinformation: the handover content of a discharge notice. */
export interface DischargeHandoverRecord {
  reasonForAdmission: string;
  responsibleClinicians: string;
  careSummary: string;
  currentHealthAndFunction: string;
  riskAssessments: RiskAssessmentRecord[];
  medicationChanges: string;
  /** The medication list (läkemedelslista) at discharge: every line with its status, stopped ones included. */
  medications: MedicationLineRecord[];
  followUp: string;
}

/**
 * One message of a discharge process. Messages are never changed; a withdrawal is a message too.
 * Two things are added to a message afterwards, never taken away: the receivers' acknowledgements
 * (discharge_message_receiver) and, once, its retraction (makulering) by the sending organisation,
 * which keeps the message and its content but takes it out of the process's state and deadlines.
 */
@Entity('discharge_message')
@Check(
  'ck_discharge_message_retraction',
  `("retracted_at" IS NULL) = ("retracted_by_staff_id" IS NULL) AND ("retracted_at" IS NULL) = ("retraction_reason" IS NULL)`,
)
@Index('ix_discharge_message_process', ['processId', 'sentAt', 'seq'])
@Index('ix_discharge_message_ready', { synchronize: false }) // joint follow-up: ready notices and withdrawals, (process_id, sent_at) INCLUDE (kind, seq), made in the migration
export class DischargeMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  processId: string;

  @ManyToOne(() => DischargeProcess, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'process_id' })
  process?: DischargeProcess;

  /** Denormalised for record-level access (lookupPatientOf). */
  @Column({ type: 'uuid' })
  patientId: string;

  @Column({ type: 'enum', enum: DischargeMessageKind, enumName: 'discharge_message_kind' })
  kind: DischargeMessageKind;

  @Column({ type: 'uuid' })
  senderOrganisationId: string;

  @Column({ type: 'uuid' })
  senderStaffId: string;

  /**
   * When the message was given (sent): the time that counts for the law's deadlines and the
   * process's order. For a message entered afterwards (reservrutin: given by phone or on paper
   * during downtime), the time stated as given; `recordedAt` is then when it was entered.
   */
  @Column({ type: 'timestamptz' })
  sentAt: Date;

  /**
   * When the message was entered into the service, when that was after the time it was given
   * (`sentAt`, reservrutin); null for a message entered as it was given (every message before the
   * paper routine, migration DischargePaperRoutine).
   */
  @Column({ type: 'timestamptz', nullable: true })
  recordedAt: Date | null;

  /** Insertion order: breaks ties between messages sent at the same instant. */
  @Column({ type: 'integer' })
  @Generated('increment')
  seq: number;

  /** When receivers must have acknowledged it: the configured hours in force when it was sent. */
  @Column({ type: 'timestamptz' })
  acknowledgementDueAt: Date;

  /** Clinical free text (status message, admission notice, withdrawal reason …). */
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'date', nullable: true })
  plannedDischargeDate: string | null;

  /** Fast vårdkontakt named by the open-care receiver. */
  @Column({ type: 'uuid', nullable: true })
  appointedStaffId: string | null;

  /** SIP_INVITATION: the SIP the invitation started or linked (set in the same transaction). */
  @Column({ type: 'uuid', nullable: true })
  sipId: string | null;

  @ManyToOne(() => CarePlan, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'sip_id' })
  sip?: CarePlan | null;

  @Column({ type: 'timestamptz', nullable: true })
  proposedMeetingAt: Date | null;

  /** SIP_INVITATION: the SIP meeting its proposed time became (set in the same transaction). */
  @Column({ type: 'uuid', nullable: true })
  sipMeetingId: string | null;

  @ManyToOne(() => CarePlanMeeting, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'sip_meeting_id' })
  sipMeeting?: CarePlanMeeting | null;

  @Column({ type: 'jsonb', nullable: true })
  handover: DischargeHandoverRecord | null;

  /** STATUS_MESSAGE: the medication list at home as the municipality knows it, when given. */
  @Column({ type: 'jsonb', nullable: true })
  medications: MedicationLineRecord[] | null;

  /** When the sending organisation retracted (makulerade) the message; null while it stands. */
  @Column({ type: 'timestamptz', nullable: true })
  retractedAt: Date | null;

  /** Who retracted it (staff of the sending organisation); set with `retractedAt`. */
  @Column({ type: 'uuid', nullable: true })
  retractedByStaffId: string | null;

  /** Why it was retracted (free text of the sender, shown like the note); set with `retractedAt`. */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  retractionReason: string | null;
}

/** One receiving organisation of a message, with its acknowledgement (kvittering). */
@Entity('discharge_message_receiver')
@Index('uq_discharge_receiver', ['messageId', 'organisationId'], { unique: true })
@Index('ix_discharge_receiver_process', ['processId'])
@Index('ix_discharge_receiver_pending', ['organisationId'], { where: '"acknowledged_at" IS NULL' })
export class DischargeMessageReceiver {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  messageId: string;

  @ManyToOne(() => DischargeMessage, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'message_id' })
  message?: DischargeMessage;

  @Column({ type: 'uuid' })
  processId: string;

  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  acknowledgedByStaffId: string | null;

  /**
   * When the acknowledgement was entered, when that was after the time it was given
   * (`acknowledgedAt`, by phone or on paper: reservrutin); null when entered as it was given.
   */
  @Column({ type: 'timestamptz', nullable: true })
  acknowledgementRecordedAt: Date | null;
}

/**
 * The deadlines of a process as computed by the pure builder (deadline-view.ts) from its messages;
 * rewritten in the same transaction as every change of the process, so the inbox can sort by them
 * in SQL. The state (met/open/overdue/missed) is not stored: it depends on the clock.
 */
@Entity('discharge_deadline')
@Index('ix_discharge_deadline_process', ['processId'])
@Index('ix_discharge_deadline_pending', ['responsibleOrganisationId', 'dueAt'], { where: '"done_at" IS NULL' })
@Index('ix_discharge_deadline_kind_due', ['kind', 'dueAt']) // joint follow-up: SIP invitations due in a period
export class DischargeDeadline {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  processId: string;

  @ManyToOne(() => DischargeProcess, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'process_id' })
  process?: DischargeProcess;

  @Column({ type: 'enum', enum: DeadlineKind, enumName: 'discharge_deadline_kind' })
  kind: DeadlineKind;

  /** The message to acknowledge (ACKNOWLEDGEMENT only). */
  @Column({ type: 'uuid', nullable: true })
  messageId: string | null;

  @Column({ type: 'uuid' })
  responsibleOrganisationId: string;

  @Column({ type: 'timestamptz' })
  dueAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  doneAt: Date | null;
}
