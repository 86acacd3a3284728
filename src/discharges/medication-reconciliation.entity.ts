import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity';
import { Patient } from '../patients/patient.entity';
import { Task } from '../tasks/task.entity';
import { DischargeProcess } from './discharge-process.entity';
import { MedicationDiscrepancyKind } from './discharge.enums';

/**
 * Läkemedelsavstämning after a discharge: the receiving municipality's nurse compares the discharge
 * medication list with what the patient has at home, and records either that everything matches or
 * the discrepancies. At most one per discharge (unique index): it is never changed; a discrepancy is
 * followed up through its task.
 */
@Entity('medication_reconciliation')
@Index('uq_medication_reconciliation_process', ['processId'], { unique: true })
@Index('ix_medication_reconciliation_patient', ['patientId'])
export class MedicationReconciliation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  processId: string;

  @ManyToOne(() => DischargeProcess, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'process_id' })
  process?: DischargeProcess;

  @Column({ type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id' })
  patient?: Patient;

  /** The receiving municipality that recorded it (the process's municipality). */
  @Column({ type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  @Column({ type: 'uuid' })
  recordedByStaffId: string;

  /** When it was recorded (the clock's now): what the 24-hour deadline is judged by. */
  @Column({ type: 'timestamptz' })
  recordedAt: Date;

  /** Everything at home matches the list; then there are no discrepancies. */
  @Column({ type: 'boolean' })
  matches: boolean;

  /** Free text by the nurse (how it was done, with whom): clinical content of the municipality. */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  note: string | null;
}

/** One discrepancy of a reconciliation; each became a task for the patient's GP. */
@Entity('medication_discrepancy')
@Index('ix_medication_discrepancy_reconciliation', ['reconciliationId', 'position'])
@Index('uq_medication_discrepancy_task', ['taskId'], { unique: true })
@Check('ck_medication_discrepancy_subject', '("line_number" IS NULL) <> ("medicine" IS NULL)')
export class MedicationDiscrepancy {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  reconciliationId: string;

  @ManyToOne(() => MedicationReconciliation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reconciliation_id' })
  reconciliation?: MedicationReconciliation;

  /** Denormalised for the access gate's patient-bound finders. */
  @Column({ type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id' })
  patient?: Patient;

  /** Order in the recorded list, from 0. */
  @Column({ type: 'integer' })
  position: number;

  /** The line of the discharge medication list (its position, from 1); null for a medicine not on the list. */
  @Column({ type: 'integer', nullable: true })
  lineNumber: number | null;

  /** A medicine not on the list, as the nurse names it; null when the discrepancy is about a line. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  medicine: string | null;

  @Column({ type: 'enum', enum: MedicationDiscrepancyKind, enumName: 'medication_discrepancy_kind' })
  kind: MedicationDiscrepancyKind;

  /** What differs, in the nurse's words. */
  @Column({ type: 'varchar', length: 1000 })
  description: string;

  /** The task for the patient's GP that the discrepancy became. */
  @Column({ type: 'uuid' })
  taskId: string;

  @ManyToOne(() => Task, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'task_id' })
  task?: Task;
}
