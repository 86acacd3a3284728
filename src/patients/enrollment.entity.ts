import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity';
import { Staff } from '../organisations/staff.entity';
import { Patient } from './patient.entity';

export enum EnrollmentStatus {
  ACTIVE = 'ACTIVE',
  ENDED = 'ENDED',
}

/** Inskrivning i hälso- och sjukvård i hemmet. At most one ACTIVE per patient (unique index). */
@Entity('home_healthcare_enrollment')
@Index('uq_enrollment_active_patient', ['patientId'], { unique: true, where: `"status" = 'ACTIVE'` })
@Index('ix_enrollment_patient', ['patientId', 'startDate'])
@Index('ix_enrollment_municipality', ['municipalityId', 'status'])
@Index('ix_enrollment_primary_care', ['primaryCareId', 'status'])
@Index('ix_enrollment_named_nurse', ['namedNurseId', 'status'])
export class Enrollment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id' })
  patient?: Patient;

  @Column({ type: 'enum', enum: EnrollmentStatus, enumName: 'enrollment_status', default: EnrollmentStatus.ACTIVE })
  status: EnrollmentStatus;

  @Column({ type: 'uuid' })
  municipalityId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'municipality_id' })
  municipality?: Organisation;

  @Column({ type: 'uuid' })
  primaryCareId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'primary_care_id' })
  primaryCare?: Organisation;

  /** Fast vårdkontakt: a nurse of the municipality. */
  @Column({ type: 'uuid' })
  namedNurseId: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'named_nurse_id' })
  namedNurse?: Staff;

  /** Fast läkarkontakt: a physician of the primary care centre. */
  @Column({ type: 'uuid' })
  namedPhysicianId: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'named_physician_id' })
  namedPhysician?: Staff;

  @Column({ type: 'date' })
  startDate: string;

  /** Gemensamt hembesök at enrollment, when planned or held. */
  @Column({ type: 'date', nullable: true })
  jointHomeVisitDate: string | null;

  @Column({ type: 'date', nullable: true })
  endDate: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  endReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  endedByStaffId: string | null;

  @Column({ type: 'uuid' })
  enrolledByStaffId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
