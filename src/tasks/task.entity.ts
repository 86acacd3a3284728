import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from '../common/roles';
import { CarePlan, CarePlanAction } from '../care-plans/care-plan.entity';
import { DeteriorationPlan } from '../deterioration-plans/deterioration-plan.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Staff } from '../organisations/staff.entity';
import { Patient } from '../patients/patient.entity';

export enum TaskStatus {
  /** Assigned, not yet accepted (tasks made at a round are done without accepting). */
  OPEN = 'OPEN',
  /** The assignee accepted it. */
  ACCEPTED = 'ACCEPTED',
  /** The assignee declined it, with a reason; the organisation that made it reassigns or cancels it. */
  DECLINED = 'DECLINED',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}

/** Still to be done by the assignee: these become overdue when their due date has passed. */
export const TO_DO_STATUSES: readonly TaskStatus[] = [TaskStatus.OPEN, TaskStatus.ACCEPTED];
/** Not finished (neither completed nor cancelled): the patient's open tasks. */
export const UNFINISHED_STATUSES: readonly TaskStatus[] = [TaskStatus.OPEN, TaskStatus.ACCEPTED, TaskStatus.DECLINED];

/**
 * The record a task was made from, when not at a round or on its own. Stored as text (no database
 * enum), so a new kind needs only its value here and its entry in src/app/task-sources.ts.
 */
export enum TaskSourceKind {
  /** A handover (överrapportering). */
  HANDOVER = 'HANDOVER',
  /** A follow-up (uppföljning) of a SIP. */
  CARE_PLAN_FOLLOW_UP = 'CARE_PLAN_FOLLOW_UP',
  /** A SIP meeting (SIP-möte). */
  CARE_PLAN_MEETING = 'CARE_PLAN_MEETING',
  /** A deterioration episode (försämringsepisod). */
  DETERIORATION_EPISODE = 'DETERIORATION_EPISODE',
}

/** What happened to a task's assignment. */
export enum TaskAssignmentEventKind {
  /** The task was made and given to the assignee. */
  ASSIGNED = 'ASSIGNED',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  /** Given to another person, or organisation and role. */
  REASSIGNED = 'REASSIGNED',
}

/** The kinds of plan a task can be about, and be fulfilled by a new version of. */
export enum TaskPlanKind {
  /** SIP (samordnad individuell plan). */
  CARE_PLAN = 'CARE_PLAN',
  /** Handlingsplan vid försämring. */
  DETERIORATION_PLAN = 'DETERIORATION_PLAN',
}

/**
 * A task (uppgift) about one patient, e.g. "update SIP action 3" or "GP to review the deterioration
 * plan", assigned either to a named staff member (in an organisation) or to an organisation and a
 * role (anyone acting in that role there may take it). Usually made by a decision at a round.
 *
 * Plan links (care_plan_id, care_plan_action_id, deterioration_plan_id) have foreign keys with ON
 * DELETE RESTRICT: a plan, or a SIP action, that a task refers to cannot be deleted (a SIP revision
 * that removes such an action is refused; the action is ended with a status instead). TasksService
 * checks that the plans belong to the task's patient. The fulfilling plan version (kind, plan id,
 * number) has no foreign key, as it points at either kind of plan; completion checks it.
 */
@Entity('task')
@Check('ck_task_assignee', '("assignee_staff_id" IS NULL) <> ("assignee_role" IS NULL)')
@Index('ix_task_assignee_staff', ['assigneeStaffId', 'status', 'dueDate'])
@Index('ix_task_assignee_organisation', ['assigneeOrganisationId', 'status', 'dueDate'])
@Index('ix_task_patient', ['patientId', 'status', 'dueDate'])
@Index('ix_task_care_plan', ['carePlanId'], { where: '"care_plan_id" IS NOT NULL' })
@Index('ix_task_care_plan_action', ['carePlanActionId'], { where: '"care_plan_action_id" IS NOT NULL' })
@Index('ix_task_deterioration_plan', ['deteriorationPlanId'], { where: '"deterioration_plan_id" IS NOT NULL' })
@Index('ix_task_due_date', ['dueDate'], { where: `"status" <> 'CANCELLED'` }) // joint follow-up: tasks due in a period
// Overdue tasks (due date passed, still to do), cheaply, for the deadline watcher and the round agenda.
@Index('ix_task_overdue', ['dueDate'], { where: `"status" IN ('OPEN', 'ACCEPTED')` })
@Index('ix_task_source', ['sourceKind', 'sourceId'], { where: '"source_id" IS NOT NULL' })
@Check('ck_task_source', '("source_kind" IS NULL) = ("source_id" IS NULL)')
export class Task {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id' })
  patient?: Patient;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  description: string | null;

  /** The organisation the task is assigned to; always set (a named assignee acts in it). */
  @Column({ type: 'uuid' })
  assigneeOrganisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assignee_organisation_id' })
  assigneeOrganisation?: Organisation;

  /** A named staff member; null when the task is for a role in the organisation. */
  @Column({ type: 'uuid', nullable: true })
  assigneeStaffId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'assignee_staff_id' })
  assigneeStaff?: Staff | null;

  /** The role in the organisation; null when a named staff member is the assignee. */
  @Column({ type: 'enum', enum: Role, enumName: 'staff_role', nullable: true })
  assigneeRole: Role | null;

  @Column({ type: 'date' })
  dueDate: string;

  @Column({ type: 'enum', enum: TaskStatus, enumName: 'task_status', default: TaskStatus.OPEN })
  status: TaskStatus;

  /** The SIP the task concerns: one of the patient's plans. */
  @Column({ type: 'uuid', nullable: true })
  carePlanId: string | null;

  @ManyToOne(() => CarePlan, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'care_plan_id', foreignKeyConstraintName: 'fk_task_care_plan' })
  carePlan?: CarePlan | null;

  /** The SIP action (insats) the task concerns: an action of that SIP (needs carePlanId). */
  @Column({ type: 'uuid', nullable: true })
  carePlanActionId: string | null;

  @ManyToOne(() => CarePlanAction, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'care_plan_action_id', foreignKeyConstraintName: 'fk_task_care_plan_action' })
  carePlanAction?: CarePlanAction | null;

  /** The deterioration action plan the task concerns: one version of the patient's plan. */
  @Column({ type: 'uuid', nullable: true })
  deteriorationPlanId: string | null;

  @ManyToOne(() => DeteriorationPlan, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'deterioration_plan_id', foreignKeyConstraintName: 'fk_task_deterioration_plan' })
  deteriorationPlan?: DeteriorationPlan | null;

  /** The kind of record the task was made from (a handover, a SIP follow-up or meeting); null for a task made at a round or on its own. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  sourceKind: TaskSourceKind | null;

  /** That record (no foreign key: it is one of several tables, see src/app/task-sources.ts). */
  @Column({ type: 'uuid', nullable: true })
  sourceId: string | null;

  @Column({ type: 'uuid' })
  createdByStaffId: string;

  @Column({ type: 'uuid' })
  createdByOrganisationId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  completedByStaffId: string | null;

  @Column({ type: 'uuid', nullable: true })
  completedByOrganisationId: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  outcome: string | null;

  /** Which kind of plan version fulfilled the task, when one did. */
  @Column({ type: 'enum', enum: TaskPlanKind, enumName: 'task_plan_kind', nullable: true })
  fulfilledByPlanKind: TaskPlanKind | null;

  /** The plan whose new version fulfilled the task: a SIP, or the deterioration-plan version itself (no foreign key: either kind). */
  @Column({ type: 'uuid', nullable: true })
  fulfilledByPlanId: string | null;

  /** The version number: of the SIP (care_plan_version.number) or the deterioration plan's planVersion; filled in at completion when not given. */
  @Column({ type: 'int', nullable: true })
  fulfilledByPlanVersion: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  cancelledByStaffId: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  cancellationReason: string | null;
}

/**
 * The history of a task's assignment (tilldelning): one row per event, the assignee as it stood
 * after it (for ASSIGNED and REASSIGNED the new one), who did it and why.
 */
@Entity('task_assignment_event')
@Index('ix_task_assignment_event_task', ['taskId', 'id'])
@Check('ck_task_assignment_event_assignee', '("assignee_staff_id" IS NULL) <> ("assignee_role" IS NULL)')
export class TaskAssignmentEvent {
  /** In the order the events happened (several may share an instant). */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'uuid' })
  taskId: string;

  @ManyToOne(() => Task, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'task_id' })
  task?: Task;

  @Column({ type: 'uuid' })
  patientId: string;

  @ManyToOne(() => Patient, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id' })
  patient?: Patient;

  @Column({ type: 'enum', enum: TaskAssignmentEventKind, enumName: 'task_assignment_event_kind' })
  kind: TaskAssignmentEventKind;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'uuid' })
  byStaffId: string;

  @Column({ type: 'uuid' })
  byOrganisationId: string;

  @Column({ type: 'uuid' })
  assigneeOrganisationId: string;

  @Column({ type: 'uuid', nullable: true })
  assigneeStaffId: string | null;

  @Column({ type: 'enum', enum: Role, enumName: 'staff_role', nullable: true })
  assigneeRole: Role | null;

  /** Why: required when declining, optional when reassigning. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;
}
