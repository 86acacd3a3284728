import { Injectable } from '@nestjs/common';
import { CARE_RELATIONSHIP_TABLE } from '../access/care-relationship';
import { PatientGate, PatientScope } from '../access/patient-gate';
import { CARE_ROLES } from '../common/roles';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { badInput, FieldError, forbidden, conflict, notFound } from '../common/errors';
import { ConnectionShape } from '../common/pagination';
import { EventBus } from '../events/event-bus';
import { InboxEventKind } from '../events/inbox-event';
import { PatientTx } from '../access/patient-tx';
import {
  AcceptTaskInput,
  CancelTaskInput,
  CompleteTaskInput,
  CreateTaskInput,
  DeclineTaskInput,
  NewTaskInput,
  ReassignTaskInput,
  TaskAssigneeInput,
  TasksArgs,
} from './dto/task.input';
import { checkFulfilment, planLinkErrors } from './task-plan-links';
import { isAssignee, mayCancel, mayReassign, taskPages } from './task-rules';
import { TaskSources } from './task-sources';
import { Task, TaskAssignmentEvent, TaskAssignmentEventKind, TaskSourceKind, TaskStatus, TO_DO_STATUSES, UNFINISHED_STATUSES } from './task.entity';
import { toTaskType, TaskType } from './task.types';
import { TASK_RECORD } from './tasks.records';

const TASK_PAGES = taskPages<Task>('t');

/** Whose tasks a list shows. */
export enum TaskListScope {
  /** Named to me in the organisation I act in, or to my organisation and the role I act in. */
  MINE = 'myTasks',
  /** Everything given to the organisation I act in. */
  ORGANISATION = 'organisationTasks',
}

@Injectable()
export class TasksService {
  constructor(
    private readonly gate: PatientGate,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly sources: TaskSources,
  ) {}

  /** Field errors for an assignee (named under `field`): a named person xor a care role, in an organisation with a care relationship with the patient. */
  private async assigneeErrors(tx: PatientTx, a: TaskAssigneeInput, field: string): Promise<FieldError[]> {
    const fields: FieldError[] = [];
    if (!!a.staffId === !!a.role) fields.push({ field, message: 'give exactly one of staffId (a named person) and role' });
    if (a.role && !(CARE_ROLES as readonly string[]).includes(a.role))
      fields.push({ field: `${field}.role`, message: 'must be a role that takes part in the patient’s care' });
    const [org] = await tx.query<{ related: boolean; staff_ok: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ${CARE_RELATIONSHIP_TABLE} rel WHERE rel.patient_id = $2 AND rel.organisation_id = o.id) AS related,
              ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM assignment a WHERE a.staff_id = $3 AND a.organisation_id = o.id
                                             AND a.valid_from <= $4 AND (a.ended_at IS NULL OR a.ended_at > $4))) AS staff_ok
         FROM organisation o WHERE o.id = $1`,
      [a.organisationId, tx.patientId, a.staffId ?? null, this.clock.now()],
    );
    if (!org) fields.push({ field: `${field}.organisationId`, message: 'is not a known organisation' });
    else {
      if (!org.related) fields.push({ field: `${field}.organisationId`, message: 'has no care relationship with the patient' });
      if (!org.staff_ok) fields.push({ field: `${field}.staffId`, message: 'must hold an assignment in that organisation' });
    }
    return fields;
  }

  /** One row of a task's assignment history, the assignee as the task now stands. */
  private async history(tx: PatientTx, task: Task, actor: Actor, kind: TaskAssignmentEventKind, reason: string | null = null): Promise<void> {
    await tx.repo(TaskAssignmentEvent).insert({
      taskId: task.id,
      kind,
      at: this.clock.now(),
      byStaffId: actor.staffId,
      byOrganisationId: actor.organisationId,
      assigneeOrganisationId: task.assigneeOrganisationId,
      assigneeStaffId: task.assigneeStaffId,
      assigneeRole: task.assigneeRole,
      reason,
    });
  }

  /**
   * A task made on its own, or from a record (a handover, a SIP follow-up or meeting): the
   * source must be a record of the same patient that the caller may see, else "<label> not found"
   * exactly as for an id that does not exist (logged REFUSED with the patient). The assignee gets
   * an inbox event once committed.
   */
  async create(actor: Actor, input: CreateTaskInput): Promise<TaskType> {
    const { task, view } = await this.gate.patient(actor, input.patientId, { operation: 'createTask' }, async (scope) => {
      const src = input.source;
      if (src) {
        scope.logDetails({ sourceKind: src.kind, sourceId: src.id });
        const found = await this.sources.find(scope.tx, scope.grant, src.kind, src.id);
        if (!found) {
          scope.refuse('source-not-found');
          throw notFound(this.sources.labelOf(src.kind));
        }
      }
      const task = await this.createInTransaction(scope, input, 'input', src ? { kind: src.kind, id: src.id } : null);
      return { task, view: toTaskType(task, scope.grant, actor, this.clock.today()) };
    });
    await this.notifyAssigned(task);
    return view;
  }

  /**
   * Creates a task inside the caller's checked, audited patient transaction (e.g. a decision at a
   * round). Field errors are named under `field` (e.g. `input.task`); plan links must be plans of
   * the same patient that the actor may see (task-plan-links.ts). Call `notifyAssigned` after the
   * transaction has committed.
   */
  async createInTransaction(
    { tx, actor, grant }: PatientScope,
    input: NewTaskInput,
    field: string,
    source: { kind: TaskSourceKind; id: string } | null = null,
  ): Promise<Task> {
    const a = input.assignee;
    const fields = await this.assigneeErrors(tx, a, `${field}.assignee`);
    if (input.dueDate < this.clock.today()) fields.push({ field: `${field}.dueDate`, message: 'cannot be in the past' });
    fields.push(...(await planLinkErrors(tx, grant, input, field)));
    if (fields.length) throw badInput(fields);
    const task = await tx.repo(Task).save(
      tx.repo(Task).create({
        title: input.title,
        description: input.description ?? null,
        assigneeOrganisationId: a.organisationId,
        assigneeStaffId: a.staffId ?? null,
        assigneeRole: a.staffId ? null : (a.role ?? null),
        dueDate: input.dueDate,
        carePlanId: input.carePlanId ?? null,
        carePlanActionId: input.carePlanActionId ?? null,
        deteriorationPlanId: input.deteriorationPlanId ?? null,
        sourceKind: source?.kind ?? null,
        sourceId: source?.id ?? null,
        createdByStaffId: actor.staffId,
        createdByOrganisationId: actor.organisationId,
      }),
    );
    await this.history(tx, task, actor, TaskAssignmentEventKind.ASSIGNED);
    return task;
  }

  /** Inbox event to the assignee: the named person, or everyone acting in the role there. After commit. */
  async notifyAssigned(task: Task): Promise<void> {
    await this.events.publish({
      kind: InboxEventKind.TASK_ASSIGNED,
      patientId: task.patientId,
      entityId: task.id,
      ...(task.assigneeStaffId
        ? { staffIds: [task.assigneeStaffId] }
        : { organisationRole: { organisationId: task.assigneeOrganisationId, role: task.assigneeRole! } }),
    });
  }

  async get(actor: Actor, taskId: string): Promise<TaskType> {
    return this.gate.record(actor, TASK_RECORD, taskId, { operation: 'task' }, async ({ grant, record }) =>
      toTaskType(record, grant, actor, this.clock.today()),
    );
  }

  /**
   * Only the assignee completes: the named person, or someone acting in the role in the
   * organisation. A plan version named as fulfilling the task must be a real version of a plan of
   * the same patient (checkFulfilment); its number is recorded.
   */
  async complete(actor: Actor, input: CompleteTaskInput): Promise<TaskType> {
    return this.gate.record(actor, TASK_RECORD, input.taskId, { operation: 'completeTask' }, async ({ tx, grant, record: task }) => {
      if (!isAssignee(task, actor))
        throw forbidden('Only the assignee completes a task: the named staff member, or someone acting in the assigned role in the assigned organisation');
      if (!TO_DO_STATUSES.includes(task.status)) throw conflict(`The task is ${task.status.toLowerCase()}`, { status: task.status });
      task.status = TaskStatus.COMPLETED;
      task.completedAt = this.clock.now();
      task.completedByStaffId = actor.staffId;
      task.completedByOrganisationId = actor.organisationId;
      const fulfilment = input.fulfilledBy ? await checkFulfilment(tx, grant, input.fulfilledBy, 'input.fulfilledBy') : null;
      task.outcome = input.outcome;
      task.fulfilledByPlanKind = fulfilment?.kind ?? null;
      task.fulfilledByPlanId = fulfilment?.planId ?? null;
      task.fulfilledByPlanVersion = fulfilment?.version ?? null;
      return toTaskType(await tx.repo(Task).save(task), grant, actor, this.clock.today());
    });
  }

  /** The assignee accepts an open task (named to them, or to their organisation and the role they act in). */
  async accept(actor: Actor, input: AcceptTaskInput): Promise<TaskType> {
    return this.gate.record(actor, TASK_RECORD, input.taskId, { operation: 'acceptTask' }, async ({ tx, grant, record: task }) => {
      if (!isAssignee(task, actor))
        throw forbidden('Only the assignee accepts a task: the named staff member, or someone acting in the assigned role in the assigned organisation');
      if (task.status !== TaskStatus.OPEN) throw conflict(`Only an open task is accepted; this one is ${task.status.toLowerCase()}`, { status: task.status });
      task.status = TaskStatus.ACCEPTED;
      await tx.repo(Task).update({ id: task.id }, { status: task.status });
      await this.history(tx, task, actor, TaskAssignmentEventKind.ACCEPTED);
      return toTaskType(task, grant, actor, this.clock.today());
    });
  }

  /** The assignee declines an open or accepted task, with a reason; the organisation that made it then reassigns or cancels it. */
  async decline(actor: Actor, input: DeclineTaskInput): Promise<TaskType> {
    const declined = await this.gate.record(actor, TASK_RECORD, input.taskId, { operation: 'declineTask' }, async ({ tx, grant, record: task }) => {
      if (!isAssignee(task, actor))
        throw forbidden('Only the assignee declines a task: the named staff member, or someone acting in the assigned role in the assigned organisation');
      if (!TO_DO_STATUSES.includes(task.status))
        throw conflict(`Only an open or accepted task is declined; this one is ${task.status.toLowerCase()}`, { status: task.status });
      task.status = TaskStatus.DECLINED;
      await tx.repo(Task).update({ id: task.id }, { status: task.status });
      await this.history(tx, task, actor, TaskAssignmentEventKind.DECLINED, input.reason);
      return { task, view: toTaskType(task, grant, actor, this.clock.today()) };
    });
    // After the commit, to the organisation that made the task (it reassigns or cancels it): ids only.
    await this.events.publish({
      kind: InboxEventKind.TASK_DECLINED,
      patientId: declined.task.patientId,
      entityId: declined.task.id,
      organisationIds: [declined.task.createdByOrganisationId],
    });
    return declined.view;
  }

  /**
   * Gives the task to another assignee (same rules as at creation), open again: by the assignee
   * while it is theirs (open or accepted), or by the organisation that made it once declined. The
   * history keeps the earlier assignees; the new assignee gets an inbox event once committed.
   */
  async reassign(actor: Actor, input: ReassignTaskInput): Promise<TaskType> {
    const { task, view } = await this.gate.record(actor, TASK_RECORD, input.taskId, { operation: 'reassignTask' }, async ({ tx, grant, record: task }) => {
      if (!mayReassign(task, actor))
        throw forbidden(
          task.status === TaskStatus.DECLINED
            ? 'A declined task is reassigned by the organisation that made it'
            : 'Only the assignee reassigns a task (the organisation that made it may once it is declined)',
        );
      if (!UNFINISHED_STATUSES.includes(task.status)) throw conflict(`The task is already ${task.status.toLowerCase()}`, { status: task.status });
      const a = input.assignee;
      const fields = await this.assigneeErrors(tx, a, 'input.assignee');
      const same =
        a.organisationId === task.assigneeOrganisationId &&
        (a.staffId ?? null) === task.assigneeStaffId &&
        (a.staffId ? null : (a.role ?? null)) === task.assigneeRole;
      if (!fields.length && same) fields.push({ field: 'input.assignee', message: 'is the task’s assignee already' });
      if (fields.length) throw badInput(fields);
      task.assigneeOrganisationId = a.organisationId;
      task.assigneeStaffId = a.staffId ?? null;
      task.assigneeRole = a.staffId ? null : (a.role ?? null);
      task.status = TaskStatus.OPEN;
      await tx
        .repo(Task)
        .update(
          { id: task.id },
          { assigneeOrganisationId: task.assigneeOrganisationId, assigneeStaffId: task.assigneeStaffId, assigneeRole: task.assigneeRole, status: task.status },
        );
      await this.history(tx, task, actor, TaskAssignmentEventKind.REASSIGNED, input.reason ?? null);
      return { task, view: toTaskType(task, grant, actor, this.clock.today()) };
    });
    await this.notifyAssigned(task);
    return view;
  }

  /** The assignee, or the organisation that made the task, cancels it with a reason. */
  async cancel(actor: Actor, input: CancelTaskInput): Promise<TaskType> {
    return this.gate.record(actor, TASK_RECORD, input.taskId, { operation: 'cancelTask' }, async ({ tx, grant, record: task }) => {
      if (!mayCancel(task, actor)) throw forbidden('Only the assignee or the organisation that made the task cancels it');
      if (!UNFINISHED_STATUSES.includes(task.status)) throw conflict(`The task is already ${task.status.toLowerCase()}`, { status: task.status });
      task.status = TaskStatus.CANCELLED;
      task.cancelledAt = this.clock.now();
      task.cancelledByStaffId = actor.staffId;
      task.cancellationReason = input.reason;
      return toTaskType(await tx.repo(Task).save(task), grant, actor, this.clock.today());
    });
  }

  /**
   * A page of tasks, earliest due first (so overdue ones lead). Fixed SQL cost: the page, the
   * grants and one audit insert; tasks of patients the actor may not read are left out.
   */
  async list(actor: Actor, scope: TaskListScope, args: TasksArgs): Promise<ConnectionShape<TaskType>> {
    const first = args.first ?? 20;
    const params: unknown[] = [args.status, actor.organisationId];
    const where = ['t.status = ANY ($1::task_status[])', 't.assignee_organisation_id = $2::uuid'];
    if (scope === TaskListScope.MINE)
      where.push(
        `(t.assignee_staff_id = $${params.push(actor.staffId)}::uuid OR (t.assignee_staff_id IS NULL AND t.assignee_role::text = $${params.push(actor.role)}))`,
      );
    const after = TASK_PAGES.where(args.after, params);
    if (after) where.push(after);
    let more = false;
    const { read, allowed } = await this.gate.list(
      actor,
      { operation: scope },
      async (q) => {
        // Tasks of patients the organisation no longer cares for stay out of the page, so it comes out full.
        where.push(q.visible('t.patient_id', params));
        const ids = await q.query<{ id: string }>(
          `SELECT t.id FROM task t WHERE ${where.join(' AND ')} ORDER BY ${TASK_PAGES.orderBy} LIMIT ${first + 1}`,
          params,
        );
        more = ids.length > first;
        const page = ids.slice(0, first).map((r) => r.id);
        return q.rows(Task, page);
      },
      (t) => t.patientId,
    );
    const today = this.clock.today();
    return TASK_PAGES.pageOf(
      read,
      more,
      allowed.map(({ row, grant }) => ({ row, node: toTaskType(row, grant, actor, today) })),
    );
  }
}
