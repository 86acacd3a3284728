import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity';
import { Patient } from '../patients/patient.entity';
import { HandoverAnswerOutcome, HandoverOccasion, HandoverRequestedResponse, HandoverUrgency } from './discharge.enums';

/**
 * Överrapportering between organisations of the patient's care team (municipal home healthcare, the
 * primary care centre, a mobile team, SSIH), independent of a hospital stay: one sender organisation,
 * one receiver, SBAR content, an urgency and a requested response; acknowledged and, unless it is
 * information only, answered by the receiver by `respondBy`.
 *
 * Paper routine (reservrutin): `sentAt`, `acknowledgedAt` and `answeredAt` are the times things were
 * given (by phone or on paper while the service was down, entered afterwards); the `…RecordedAt`
 * columns keep when they were entered, and `…EnteredAfterwards` flags such entries.
 */
@Entity('handover')
// Handovers whose answer is due and not given (the deadline watcher, src/app/deadline.sources.ts).
@Index('ix_handover_awaiting_answer', ['respondBy'], { where: `"answered_at" IS NULL AND "respond_by" IS NOT NULL` })
@Index('ix_handover_patient', ['patientId', 'sentAt'])
@Index('ix_handover_receiver', ['receiverOrganisationId', 'acknowledgementDueAt'])
@Index('ix_handover_sender', ['senderOrganisationId', 'sentAt'])
export class Handover {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id' })
  patient?: Patient;

  @Column({ type: 'enum', enum: HandoverOccasion, enumName: 'handover_occasion' })
  occasion: HandoverOccasion;

  @Column({ type: 'uuid' })
  senderOrganisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'sender_organisation_id' })
  senderOrganisation?: Organisation;

  @Column({ type: 'uuid' })
  senderStaffId: string;

  @Column({ type: 'uuid' })
  receiverOrganisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'receiver_organisation_id' })
  receiverOrganisation?: Organisation;

  @Column({ type: 'timestamptz' })
  sentAt: Date;

  /** S: situation. */
  @Column({ type: 'text' })
  situation: string;

  /** B: background. */
  @Column({ type: 'text' })
  background: string;

  /** A: assessment. */
  @Column({ type: 'text' })
  assessment: string;

  /** R: recommendation. */
  @Column({ type: 'text' })
  recommendation: string;

  @Column({ type: 'timestamptz' })
  acknowledgementDueAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  acknowledgedByStaffId: string | null;

  /** Brådskandegrad: how soon an answer is needed. Handovers from before answers were recorded: ROUTINE. */
  @Column({ type: 'enum', enum: HandoverUrgency, enumName: 'handover_urgency', default: HandoverUrgency.ROUTINE })
  urgency: HandoverUrgency;

  /** What the sender asks for. Handovers from before answers were recorded: INFORMATION_ONLY. */
  @Column({ type: 'enum', enum: HandoverRequestedResponse, enumName: 'handover_requested_response', default: HandoverRequestedResponse.INFORMATION_ONLY })
  requestedResponse: HandoverRequestedResponse;

  /** When the answer is due (handover-deadlines.ts handoverRespondBy); null for INFORMATION_ONLY. */
  @Column({ type: 'timestamptz', nullable: true })
  respondBy: Date | null;

  /** When the handover was entered in the service (equal to sentAt unless entered afterwards). */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;

  /** Given by phone or on paper and entered afterwards with the time it was given (sentAt). */
  @Column({ type: 'boolean', default: false })
  enteredAfterwards: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  acknowledgementRecordedAt: Date | null;

  @Column({ type: 'boolean', default: false })
  acknowledgementEnteredAfterwards: boolean;

  @Column({ type: 'enum', enum: HandoverAnswerOutcome, enumName: 'handover_answer_outcome', nullable: true })
  answerOutcome: HandoverAnswerOutcome | null;

  /** The advice, the assessment, the plan for the visit, or the reason for declining. */
  @Column({ type: 'text', nullable: true })
  answerText: string | null;

  /** For VISIT_PLANNED: when the visit is planned. */
  @Column({ type: 'timestamptz', nullable: true })
  plannedVisitAt: Date | null;

  /** When the answer was given (the time entered afterwards, or the time it was recorded). */
  @Column({ type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  answeredByStaffId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  answerRecordedAt: Date | null;

  @Column({ type: 'boolean', default: false })
  answerEnteredAfterwards: boolean;
}

/**
 * The locally agreed terms of a municipality's payment responsibility (betalningsansvar) for
 * patients ready for discharge: free days after the notice (law default 3) and the daily amount.
 * A municipality without a row is under the defaults (3 days, amount unknown).
 */
@Entity('municipality_payment_agreement')
export class MunicipalityPaymentAgreement {
  @PrimaryColumn({ type: 'uuid' })
  municipalityId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'municipality_id' })
  municipality?: Organisation;

  @Column({ type: 'integer', default: 3 })
  agreedDays: number;

  /** Whole kronor per payable day. */
  @Column({ type: 'integer', nullable: true })
  dailyAmountSek: number | null;

  @Column({ type: 'uuid', nullable: true })
  updatedByStaffId: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
