import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CARE_RELATIONSHIP_TABLE } from '../access/care-relationship.sources';
import { PatientAccessService, PatientScope } from '../access/patient-access.service';
import { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { badInput, FieldError, forbidden, notFound, preconditionFailed } from '../common/errors';
import { ConnectionShape, decodeCursor, encodeCursor } from '../common/pagination';
import { EventBus } from '../events/event-bus';
import { InboxEventKind } from '../events/inbox-event';
import { CARE_ROLES } from '../patients/patients.policy';
import { CancelTaskInput, CompleteTaskInput, NewTaskInput, TasksArgs } from './dto/task.input';
import { checkFulfilment, planLinkErrors } from './task-plan-links';
import { isAssignee, mayCancel } from './task-rules';
import { Task, TaskStatus } from './task.entity';
import { toTaskType, TaskType } from './task.types';

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
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: PatientAccessService,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {}

  /**
   * Creates a task inside the caller's checked, audited patient transaction (e.g. a decision at a
   * round). Field errors are named under `field` (e.g. `input.task`); plan links must be plans of
   * the same patient that the actor may see (task-plan-links.ts). Call `notifyAssigned` after the
   * transaction has committed.
   */
  async createInTransaction({ manager, actor, grant }: PatientScope, input: NewTaskInput, field: string): Promise<Task> {
    const fields: FieldError[] = [];
    const a = input.assignee;
    if (!!a.staffId === !!a.role) fields.push({ field: `${field}.assignee`, message: 'give exactly one of staffId (a named person) and role' });
    if (a.role && !(CARE_ROLES as readonly string[]).includes(a.role)) fields.push({ field: `${field}.assignee.role`, message: 'must be a role that takes part in the patient’s care' });
    if (input.dueDate < this.clock.today()) fields.push({ field: `${field}.dueDate`, message: 'cannot be in the past' });
    const [org]: Array<{ related: boolean; staff_ok: boolean }> = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM ${CARE_RELATIONSHIP_TABLE} rel WHERE rel.patient_id = $2 AND rel.organisation_id = o.id) AS related,
              ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM assignment a WHERE a.staff_id = $3 AND a.organisation_id = o.id
                                             AND a.valid_from <= $4 AND (a.ended_at IS NULL OR a.ended_at > $4))) AS staff_ok
         FROM organisation o WHERE o.id = $1`,
      [a.organisationId, grant.patientId, a.staffId ?? null, this.clock.now()],
    );
    if (!org) fields.push({ field: `${field}.assignee.organisationId`, message: 'is not a known organisation' });
    else {
      if (!org.related) fields.push({ field: `${field}.assignee.organisationId`, message: 'has no care relationship with the patient' });
      if (!org.staff_ok) fields.push({ field: `${field}.assignee.staffId`, message: 'must hold an assignment in that organisation' });
    }
    fields.push(...(await planLinkErrors(manager, grant, input, field)));
    if (fields.length) throw badInput(fields);
    return manager.getRepository(Task).save(
      manager.getRepository(Task).create({
        patientId: grant.patientId,
        title: input.title,
        description: input.description ?? null,
        assigneeOrganisationId: a.organisationId,
        assigneeStaffId: a.staffId ?? null,
        assigneeRole: a.staffId ? null : (a.role ?? null),
        dueDate: input.dueDate,
        carePlanId: input.carePlanId ?? null,
        carePlanActionId: input.carePlanActionId ?? null,
        deteriorationPlanId: input.deteriorationPlanId ?? null,
        createdByStaffId: actor.staffId,
        createdByOrganisationId: actor.organisationId,
      }),
    );
  }

  /** Inbox event to the assignee: the named person, or everyone acting in the role there. After commit. */
  async notifyAssigned(task: Task): Promise<void> {
    await this.events.publish({
      kind: InboxEventKind.TASK_ASSIGNED,
      patientId: task.patientId,
      entityId: task.id,
      ...(task.assigneeStaffId ? { staffIds: [task.assigneeStaffId] } : { organisationRole: { organisationId: task.assigneeOrganisationId, role: task.assigneeRole! } }),
    });
  }

  async get(actor: Actor, taskId: string): Promise<TaskType> {
    const patientId = await this.patientOf(taskId);
    return this.access.withPatient(actor, patientId, { operation: 'task', details: { taskId } }, async ({ manager, grant }) => {
      const task = await manager.getRepository(Task).findOneByOrFail({ id: taskId });
      return toTaskType(task, grant, actor, this.clock.today());
    });
  }

  /**
   * Only the assignee completes: the named person, or someone acting in the role in the
   * organisation. A plan version named as fulfilling the task must be a real version of a plan of
   * the same patient (checkFulfilment); its number is recorded.
   */
  async complete(actor: Actor, input: CompleteTaskInput): Promise<TaskType> {
    const patientId = await this.patientOf(input.taskId);
    return this.access.withPatient(actor, patientId, { operation: 'completeTask', details: { taskId: input.taskId } }, async ({ manager, grant }) => {
      const task = await manager.getRepository(Task).findOne({ where: { id: input.taskId }, lock: { mode: 'pessimistic_write' } });
      if (!task) throw notFound('Task');
      if (!isAssignee(task, actor)) throw forbidden('Only the assignee completes a task: the named staff member, or someone acting in the assigned role in the assigned organisation');
      if (task.status !== TaskStatus.OPEN) throw preconditionFailed(`The task is already ${task.status.toLowerCase()}`, { status: task.status });
      task.status = TaskStatus.COMPLETED;
      task.completedAt = this.clock.now();
      task.completedByStaffId = actor.staffId;
      task.completedByOrganisationId = actor.organisationId;
      const fulfilment = input.fulfilledBy ? await checkFulfilment(manager, grant, input.fulfilledBy, 'input.fulfilledBy') : null;
      task.outcome = input.outcome;
      task.fulfilledByPlanKind = fulfilment?.kind ?? null;
      task.fulfilledByPlanId = fulfilment?.planId ?? null;
      task.fulfilledByPlanVersion = fulfilment?.version ?? null;
      return toTaskType(await manager.getRepository(Task).save(task), grant, actor, this.clock.today());
    });
  }

  /** The assignee, or the organisation that made the task, cancels it with a reason. */
  async cancel(actor: Actor, input: CancelTaskInput): Promise<TaskType> {
    const patientId = await this.patientOf(input.taskId);
    return this.access.withPatient(actor, patientId, { operation: 'cancelTask', details: { taskId: input.taskId } }, async ({ manager, grant }) => {
      const task = await manager.getRepository(Task).findOne({ where: { id: input.taskId }, lock: { mode: 'pessimistic_write' } });
      if (!task) throw notFound('Task');
      if (!mayCancel(task, actor)) throw forbidden('Only the assignee or the organisation that made the task cancels it');
      if (task.status !== TaskStatus.OPEN) throw preconditionFailed(`The task is already ${task.status.toLowerCase()}`, { status: task.status });
      task.status = TaskStatus.CANCELLED;
      task.cancelledAt = this.clock.now();
      task.cancelledByStaffId = actor.staffId;
      task.cancellationReason = input.reason;
      return toTaskType(await manager.getRepository(Task).save(task), grant, actor, this.clock.today());
    });
  }

  /**
   * A page of tasks, earliest due first (so overdue ones lead). Fixed SQL cost: the page, the
   * grants and one audit insert; tasks of patients the actor may not read are left out.
   */
  async list(actor: Actor, scope: TaskListScope, args: TasksArgs): Promise<ConnectionShape<TaskType>> {
    const first = args.first ?? 20;
    return this.ds.transaction(async (m) => {
      const qb = m.getRepository(Task).createQueryBuilder('t').where('t.status = :status', { status: args.status }).andWhere('t.assigneeOrganisationId = :org', { org: actor.organisationId });
      if (scope === TaskListScope.MINE) {
        qb.andWhere('(t.assigneeStaffId = :me OR (t.assigneeStaffId IS NULL AND t.assigneeRole = :role))', { me: actor.staffId, role: actor.role });
      }
      if (args.after) {
        const [due, id] = decodeCursor(args.after, 2);
        qb.andWhere('(t.dueDate, t.id) > (:due, :id)', { due, id });
      }
      const rows = await qb.orderBy('t.dueDate', 'ASC').addOrderBy('t.id', 'ASC').limit(first + 1).getMany();
      const page = rows.slice(0, first);
      const grants = await this.access.allowedForList(
        actor,
        page.map((t) => t.patientId),
        { operation: scope },
        m,
      );
      const today = this.clock.today();
      const cursor = (t: Task) => encodeCursor([t.dueDate, t.id]);
      const edges = page.filter((t) => grants.has(t.patientId)).map((t) => ({ node: toTaskType(t, grants.get(t.patientId)!, actor, today), cursor: cursor(t) }));
      return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: page.length ? cursor(page[page.length - 1]) : null } };
    });
  }

  private async patientOf(taskId: string): Promise<string> {
    const patientId = await this.access.lookupPatientOf('task', taskId);
    if (!patientId) throw notFound('Task');
    return patientId;
  }
}
