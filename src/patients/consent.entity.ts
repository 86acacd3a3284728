import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum ConsentKind {
  /** Samtycke till sammanhållen vård- och omsorgsdokumentation: information crosses organisations. */
  INFORMATION_SHARING = 'INFORMATION_SHARING',
  /** Samtycke till SIP. */
  SIP = 'SIP',
}

export enum ConsentGivenBy {
  PATIENT = 'PATIENT',
  REPRESENTATIVE = 'REPRESENTATIVE',
}

export enum ConsentScope {
  /** Every organisation in a care relationship with the patient. */
  CARE_TEAM = 'CARE_TEAM',
  /** Only the organisations named. */
  NAMED_ORGANISATIONS = 'NAMED_ORGANISATIONS',
}

/** A consent (samtycke) as recorded: who gave it, who recorded it, scope, validity, revocation. */
@Entity('consent')
@Index('ix_consent_patient', ['patientId', 'kind'])
export class Consent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  patientId: string;

  @Column({ type: 'enum', enum: ConsentKind, enumName: 'consent_kind' })
  kind: ConsentKind;

  @Column({ type: 'enum', enum: ConsentGivenBy, enumName: 'consent_given_by' })
  givenBy: ConsentGivenBy;

  @Column({ type: 'varchar', length: 200, nullable: true })
  representativeName: string | null;

  @Column({ type: 'enum', enum: ConsentScope, enumName: 'consent_scope' })
  scope: ConsentScope;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  organisationIds: string[];

  @Column({ type: 'date' })
  validFrom: string;

  @Column({ type: 'date', nullable: true })
  validUntil: string | null;

  @Column({ type: 'uuid' })
  recordedByStaffId: string;

  @Column({ type: 'uuid' })
  recordedByOrganisationId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  revokedByStaffId: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  revocationReason: string | null;
}
