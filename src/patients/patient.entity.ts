import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export interface NextOfKinRecord {
  name: string;
  relation: string;
  phone: string | null;
  /** Legal representative (e.g. guardian, god man) who may consent on the patient's behalf. */
  isRepresentative: boolean;
}

/**
 * A patient. Identity (personnummer, name, birth date) is shared with every organisation in a care
 * relationship, under the protected-identity rule; "what matters to me" is documentation recorded
 * by one organisation and crosses to others only with consent and without a block.
 */
@Entity('patient')
@Index('ix_patient_name', ['familyName', 'givenName', 'id'])
export class Patient {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_patient_personnummer', { unique: true })
  @Column({ type: 'char', length: 12 })
  personnummer: string;

  @Column({ type: 'boolean', default: false })
  coordinationNumber: boolean;

  @Column({ type: 'varchar', length: 100 })
  givenName: string;

  @Column({ type: 'varchar', length: 100 })
  familyName: string;

  @Column({ type: 'date' })
  birthDate: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  address: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  phone: string | null;

  /** Skyddad identitet: name, address, phone and next of kin only for a direct care relationship. */
  @Column({ type: 'boolean', default: false })
  protectedIdentity: boolean;

  @Column({ type: 'jsonb' })
  nextOfKin: NextOfKinRecord[];

  /** Vad är viktigt för mig: the patient's own words. */
  @Column({ type: 'text', nullable: true })
  whatMattersToMe: string | null;

  @Column({ type: 'uuid', nullable: true })
  whatMattersToMeRecordedBy: string | null;

  @Column({ type: 'uuid' })
  registeredByOrganisationId: string;

  @Column({ type: 'uuid' })
  registeredByStaffId: string;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
