import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity';
import { Patient } from '../patients/patient.entity';
import { HandoverOccasion } from './discharge.enums';

/**
 * Överrapportering between municipal home healthcare and the primary care centre, independent of a
 * hospital stay: one sender organisation, one receiver, SBAR content, acknowledged by the receiver.
 */
@Entity('handover')
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
