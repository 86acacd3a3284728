import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Spärr: the patient blocks what one organisation recorded from all other organisations.
 * Others may learn that blocked information exists, not which organisation recorded it.
 */
@Entity('information_block')
@Index('uq_block_active', ['patientId', 'organisationId'], { unique: true, where: '"lifted_at" IS NULL' })
export class InformationBlock {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_block_patient')
  @Column({ type: 'uuid' })
  patientId: string;

  /** The organisation whose records are blocked from the others. */
  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'uuid' })
  recordedByStaffId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  liftedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  liftedByStaffId: string | null;
}

export enum BlockOpeningBasis {
  PATIENT_CONSENT = 'PATIENT_CONSENT',
  EMERGENCY = 'EMERGENCY',
}

/**
 * Opening blocked information for one staff member, in two deliberate steps: requested with a
 * basis and reason, then confirmed by the same person. Valid for a limited time.
 */
@Entity('block_opening')
@Index('ix_block_opening_patient_staff', ['patientId', 'staffId'])
export class BlockOpening {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  patientId: string;

  @Column({ type: 'uuid' })
  staffId: string;

  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'enum', enum: BlockOpeningBasis, enumName: 'block_opening_basis' })
  basis: BlockOpeningBasis;

  @Column({ type: 'varchar', length: 500 })
  reason: string;

  @Column({ type: 'timestamptz' })
  requestedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null;
}

/** What a row of `emergency_access` records. */
export enum EmergencyAccessKind {
  /** Nödåtkomst: reading one patient for a period (4 hours) without a care relationship. */
  EMERGENCY_ACCESS = 'EMERGENCY_ACCESS',
  /**
   * One urgent read (urgentCarePlan) by an ambulance service or an out-of-hours unit: recorded for
   * the review only. It has no period (expires as it opens), so it never grants anything further.
   */
  URGENT_READ = 'URGENT_READ',
}

/**
 * Nödåtkomst: time-limited access to one patient without a care relationship, always flagged; and
 * the urgent reads of ambulance and out-of-hours staff, recorded for the same review. An urgent
 * read's row expires at the instant it opens (checked by the database), so the gate's "emergency
 * access open now" (opened_at <= now < expires_at) never finds it.
 */
@Entity('emergency_access')
@Index('ix_emergency_patient_staff', ['patientId', 'staffId', 'expiresAt'])
@Index('ix_emergency_organisation', ['organisationId', 'openedAt'])
@Check('ck_emergency_access_urgent_read', `"kind" <> 'URGENT_READ' OR "expires_at" = "opened_at"`)
export class EmergencyAccess {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  patientId: string;

  @Column({ type: 'uuid' })
  staffId: string;

  @Column({ type: 'uuid' })
  assignmentId: string;

  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'varchar', length: 500 })
  reason: string;

  @Column({ type: 'enum', enum: EmergencyAccessKind, enumName: 'emergency_access_kind', default: EmergencyAccessKind.EMERGENCY_ACCESS })
  kind: EmergencyAccessKind;

  @Column({ type: 'timestamptz' })
  openedAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  reviewedByStaffId: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  reviewNote: string | null;
}

import { registerEnumType } from '@nestjs/graphql';
registerEnumType(BlockOpeningBasis, {
  name: 'BlockOpeningBasis',
  description: 'The ground for opening blocked (spärrad) information.',
  valuesMap: {
    PATIENT_CONSENT: { description: 'The patient consents, now, to this opening.' },
    EMERGENCY: { description: 'Emergency: the patient cannot consent and the information is needed for care now.' },
  },
});

registerEnumType(EmergencyAccessKind, {
  name: 'EmergencyAccessKind',
  description: 'What was opened: emergency access for a period, or one urgent read.',
  valuesMap: {
    EMERGENCY_ACCESS: { description: 'Emergency access (nödåtkomst): reading the patient for 4 hours without a care relationship (openEmergencyAccess).' },
    URGENT_READ: {
      description:
        'One urgent read of the patient’s urgent care plan by ambulance or out-of-hours staff (urgentCarePlan); it has no period: `expiresAt` equals `openedAt`.',
    },
  },
});
