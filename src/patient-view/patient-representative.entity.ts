import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Patient } from '../patients/patient.entity';

/** The kinds of authority a representative holds to act for a patient. */
export enum RepresentativeKind {
  /** Ombud: a person the patient has given power of attorney (fullmakt) to act for them. */
  OMBUD = 'OMBUD',
  /** God man: appointed by the district court to help the patient, with the patient's consent. */
  GOD_MAN = 'GOD_MAN',
  /** Förvaltare: appointed by the district court to act for the patient in the matters the decision names. */
  FORVALTARE = 'FORVALTARE',
}

/**
 * A representative recorded by staff (ombud, god man, förvaltare): signs in through the patients'
 * identity provider with their own personnummer and reaches the patient's own view while the
 * period holds (valid_from ≤ today ≤ valid_to, Swedish calendar) and it has not been ended.
 */
@Entity('patient_representative')
@Index('ix_patient_representative_person', ['representativePersonnummer'])
@Index('ix_patient_representative_patient', ['patientId', 'recordedAt'])
export class PatientRepresentative {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id' })
  patient?: Patient;

  /** The representative's own personnummer (twelve digits), as their sign-in names them. */
  @Column({ type: 'char', length: 12 })
  representativePersonnummer: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'enum', enum: RepresentativeKind, enumName: 'representative_kind' })
  kind: RepresentativeKind;

  @Column({ type: 'date' })
  validFrom: string;

  /** Last day (inclusive); null until ended. */
  @Column({ type: 'date', nullable: true })
  validTo: string | null;

  @Column({ type: 'timestamptz' })
  recordedAt: Date;

  @Column({ type: 'uuid' })
  recordedByStaffId: string;

  @Column({ type: 'uuid' })
  recordedByOrganisationId: string;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  endedByStaffId: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  endReason: string | null;
}
