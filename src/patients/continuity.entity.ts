import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Enrollment } from './enrollment.entity';
import { Patient } from './patient.entity';

/** Which named contact of an enrollment changes. */
export enum NamedContactRole {
  /** Fast vårdkontakt: the municipality's named nurse (`Enrollment.namedNurseId`). */
  CARE_CONTACT = 'CARE_CONTACT',
  /** Fast läkarkontakt: the primary care centre's named GP (`Enrollment.namedPhysicianId`). */
  PHYSICIAN = 'PHYSICIAN',
}

export enum NamedContactChangeReason {
  STAFF_LEFT = 'STAFF_LEFT',
  PATIENT_REQUEST = 'PATIENT_REQUEST',
  WORKLOAD = 'WORKLOAD',
  OTHER = 'OTHER',
}

/** Boendeform. */
export enum Housing {
  ORDINARY_HOUSING = 'ORDINARY_HOUSING',
  SPECIAL_HOUSING = 'SPECIAL_HOUSING',
  SHORT_TERM_STAY = 'SHORT_TERM_STAY',
}

/**
 * One change of an active enrollment's fast vårdkontakt or fast läkarkontakt: who was named before
 * and after, why, from which day, who changed it. The enrollment's own column holds the current one.
 */
@Entity('named_contact_change')
@Index('ix_named_contact_change_enrollment', ['enrollmentId', 'effectiveFrom'])
@Index('ix_named_contact_change_patient', ['patientId', 'effectiveFrom'])
export class NamedContactChange {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id' })
  patient?: Patient;

  @Column({ type: 'uuid' })
  enrollmentId: string;

  @ManyToOne(() => Enrollment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'enrollment_id' })
  enrollment?: Enrollment;

  @Column({ type: 'enum', enum: NamedContactRole, enumName: 'named_contact_role' })
  role: NamedContactRole;

  @Column({ type: 'uuid' })
  previousStaffId: string;

  @Column({ type: 'uuid' })
  newStaffId: string;

  @Column({ type: 'enum', enum: NamedContactChangeReason, enumName: 'named_contact_change_reason' })
  reason: NamedContactChangeReason;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  /** First day the new contact is named (Stockholm date). */
  @Column({ type: 'date' })
  effectiveFrom: string;

  @Column({ type: 'uuid' })
  changedByStaffId: string;

  @Column({ type: 'uuid' })
  changedByOrganisationId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  changedAt: Date;
}

/** Boendeform from a date; the newest `fromDate` on or before a day is the housing of that day. */
@Entity('patient_housing')
@Index('ix_patient_housing_patient', ['patientId', 'fromDate'])
export class PatientHousing {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id' })
  patient?: Patient;

  @Column({ type: 'enum', enum: Housing, enumName: 'housing' })
  housing: Housing;

  @Column({ type: 'date' })
  fromDate: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Column({ type: 'uuid' })
  recordedByStaffId: string;

  @Column({ type: 'uuid' })
  recordedByOrganisationId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}

/** A Clinical Frailty Scale assessment (1–9), on a date, by the staff member who recorded it. */
@Entity('frailty_assessment')
@Index('ix_frailty_assessment_patient', ['patientId', 'assessedOn'])
export class FrailtyAssessment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id' })
  patient?: Patient;

  @Column({ type: 'smallint' })
  score: number;

  @Column({ type: 'date' })
  assessedOn: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Column({ type: 'uuid' })
  assessedByStaffId: string;

  @Column({ type: 'uuid' })
  recordedByOrganisationId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}

/**
 * A joint home visit (gemensamt hembesök) held for an enrollment: the municipality's and the primary
 * care centre's staff at the patient's home together. `participantStaffIds` holds staff of both.
 */
@Entity('joint_home_visit')
@Index('ix_joint_home_visit_enrollment', ['enrollmentId', 'visitedOn'])
@Index('ix_joint_home_visit_patient', ['patientId', 'visitedOn'])
export class JointHomeVisit {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id' })
  patient?: Patient;

  @Column({ type: 'uuid' })
  enrollmentId: string;

  @ManyToOne(() => Enrollment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'enrollment_id' })
  enrollment?: Enrollment;

  @Column({ type: 'date' })
  visitedOn: string;

  @Column({ type: 'uuid', array: true })
  participantStaffIds: string[];

  @Column({ type: 'uuid' })
  recordedByStaffId: string;

  @Column({ type: 'uuid' })
  recordedByOrganisationId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}
