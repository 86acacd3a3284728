import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Patient } from '../patients/patient.entity';
import { Task } from '../tasks/task.entity';
import { AgendaReason } from '../patients/agenda-suggestions';
import { Round } from './round.entity';

/**
 * One patient on a round's agenda, with the reasons it was suggested (empty when added by hand)
 * and the notes taken during the round. The notes are edited by several people at once, so they
 * carry their own version: an update names the version it read and fails with CONFLICT when stale.
 */
@Entity('round_agenda_item')
@Index('uq_agenda_round_patient', ['roundId', 'patientId'], { unique: true })
export class AgendaItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  roundId: string;

  @ManyToOne(() => Round, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'round_id' })
  round?: Round;

  @Index('ix_agenda_patient')
  @Column({ type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id' })
  patient?: Patient;

  /** Order on the agenda, from 1. */
  @Column({ type: 'int' })
  position: number;

  /** The suggestion reasons that held when the patient was added; empty when added by hand. */
  @Column({ type: 'enum', enum: AgendaReason, enumName: 'agenda_reason', array: true })
  reasons: AgendaReason[];

  @Column({ type: 'uuid' })
  addedByStaffId: string;

  @Column({ type: 'uuid' })
  addedByOrganisationId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  addedAt: Date;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  /** Starts at 1; every notes update adds one. */
  @Column({ type: 'int', default: 1 })
  notesVersion: number;

  @Column({ type: 'timestamptz', nullable: true })
  notesUpdatedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  notesUpdatedByStaffId: string | null;

  /** The organisation that wrote the current notes: theirs to read; others' under consent and block rules. */
  @Column({ type: 'uuid', nullable: true })
  notesRecordedByOrganisationId: string | null;
}

/** A decision about the patient of an agenda item; it may have created a task. */
@Entity('round_decision')
export class RoundDecision {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_decision_round')
  @Column({ type: 'uuid' })
  roundId: string;

  @ManyToOne(() => Round, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'round_id' })
  round?: Round;

  @Index('ix_decision_agenda_item')
  @Column({ type: 'uuid' })
  agendaItemId: string;

  @ManyToOne(() => AgendaItem, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agenda_item_id' })
  agendaItem?: AgendaItem;

  @Column({ type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id' })
  patient?: Patient;

  @Column({ type: 'varchar', length: 2000 })
  text: string;

  @Column({ type: 'uuid' })
  decidedByStaffId: string;

  @Column({ type: 'uuid' })
  decidedByOrganisationId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  decidedAt: Date;

  /** The task the decision created, if any. */
  @Index('uq_decision_task', { unique: true, where: '"task_id" IS NOT NULL' })
  @Column({ type: 'uuid', nullable: true })
  taskId: string | null;

  @ManyToOne(() => Task, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'task_id' })
  task?: Task | null;
}
