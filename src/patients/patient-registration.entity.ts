import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What a registration is for: the process that will give the registering unit its care relationship. */
export enum RegistrationPurpose {
  /** A municipality’s home healthcare, which then enrolls the person (enrollPatient). */
  ENROLLMENT = 'ENROLLMENT',
  /** A hospital ward, which then opens the discharge process of the stay (openDischargeProcess). */
  HOSPITAL_STAY = 'HOSPITAL_STAY',
}

/** How long a registration lets its unit start the process it was made for. */
export const REGISTRATION_HOURS = 24;

/**
 * A unit registered a person (registerPatient), whether or not the service knew them. It gives no
 * care relationship: it lets the unit start, within REGISTRATION_HOURS, the one process it was made
 * for (a municipality's enrollment), which then gives the relationship and ends it with itself.
 */
@Entity('patient_registration')
@Index('ix_patient_registration_patient', ['patientId', 'organisationId', 'expiresAt'])
export class PatientRegistration {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  patientId: string;

  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'uuid' })
  staffId: string;

  @Column({ type: 'enum', enum: RegistrationPurpose, enumName: 'registration_purpose' })
  purpose: RegistrationPurpose;

  @Column({ type: 'timestamptz' })
  registeredAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  /** When the process it was for was started with it. */
  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
