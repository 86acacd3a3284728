import { canSeeAuthor } from '../access/patient-grant';
import { Args, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { CurrentActor } from '../common/ctx.decorator';
import { IdArg } from '../common/id.pipe';
import { checkedArgs, Connection, ConnectionShape, FieldArgs, ListArgs, PageArgs } from '../common/pagination';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationLoaders } from '../organisations/organisations.loader';
import { Staff } from '../organisations/staff.entity';
import { PatientType, PatientView } from '../patients/patient.types';
import { AcceptTaskInput, CancelTaskInput, CompleteTaskInput, CreateTaskInput, DeclineTaskInput, ReassignTaskInput, TasksArgs } from './dto/task.input';
import { OPEN_TASK_PAGES, TaskLoaders } from './tasks.loader';
import { TaskListScope, TasksService } from './tasks.service';
import { TaskAssigneeType, TaskAssignmentEventType, TaskType, toAssignmentEventType, toTaskType } from './task.types';
import { actorOf, GqlContext } from '../common/graphql-context';

const TaskConnection = Connection(TaskType, 'Task', 'A page of tasks, earliest due first (overdue ones lead).');

@Resolver(() => TaskType)
export class TasksResolver {
  constructor(private readonly tasks: TasksService) {}

  @Query(() => TaskConnection, {
    description:
      'Your tasks: named to you in the organisation you act in, or given to that organisation and the role you act in. By default the ones still to do (OPEN and ACCEPTED), earliest due first, so overdue tasks lead.',
  })
  myTasks(@CurrentActor() actor: Actor, @Args() args: TasksArgs) {
    return this.tasks.list(actor, TaskListScope.MINE, args);
  }

  @Query(() => TaskConnection, {
    description: 'Your organisation’s tasks, whoever they are named to. By default the ones still to do (OPEN and ACCEPTED), earliest due first.',
  })
  organisationTasks(@CurrentActor() actor: Actor, @Args() args: TasksArgs) {
    return this.tasks.list(actor, TaskListScope.ORGANISATION, args);
  }

  @Query(() => TaskType, { description: 'One task. A task about a patient you may not see is NOT_FOUND, like one that does not exist.' })
  task(@CurrentActor() actor: Actor, @IdArg('id', 'The task (`Task.id`).') id: string) {
    return this.tasks.get(actor, id);
  }

  @Mutation(() => TaskType, {
    description:
      'Make a task about a patient: on its own, or from a record of the same patient (`source`: a handover, a SIP follow-up or a SIP meeting) that you may see — another patient’s record, or one you may not see, is NOT_FOUND like an id that does not exist. The assignee (a named staff member or a role, in an organisation with a care relationship with the patient; BAD_USER_INPUT naming `input.assignee…` otherwise) gets a TASK_ASSIGNED inbox event.',
  })
  createTask(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The patient, the task, its assignee and, optionally, its source.' }) input: CreateTaskInput,
  ) {
    return this.tasks.create(actor, input);
  }

  @Mutation(() => TaskType, {
    description:
      'Accept an OPEN task assigned to you (ACCEPTED). Only the assignee: the named staff member, or someone acting in the assigned role in the assigned organisation (FORBIDDEN otherwise); CONFLICT when the task is not OPEN.',
  })
  acceptTask(@CurrentActor() actor: Actor, @Args('input', { description: 'The task.' }) input: AcceptTaskInput) {
    return this.tasks.accept(actor, input);
  }

  @Mutation(() => TaskType, {
    description:
      'Decline an OPEN or ACCEPTED task assigned to you, with a reason (DECLINED); the organisation that made it may then reassign or cancel it. Only the assignee (FORBIDDEN otherwise); CONFLICT in any other state.',
  })
  declineTask(@CurrentActor() actor: Actor, @Args('input', { description: 'The task and the reason.' }) input: DeclineTaskInput) {
    return this.tasks.decline(actor, input);
  }

  @Mutation(() => TaskType, {
    description:
      'Give a task to another person, or organisation and role (same rules as when it was made); it is OPEN again and the new assignee gets a TASK_ASSIGNED inbox event. By the assignee while the task is OPEN or ACCEPTED, or by the organisation that made it once DECLINED (FORBIDDEN otherwise); CONFLICT when completed or cancelled.',
  })
  reassignTask(@CurrentActor() actor: Actor, @Args('input', { description: 'The task, the new assignee and, optionally, why.' }) input: ReassignTaskInput) {
    return this.tasks.reassign(actor, input);
  }

  @Mutation(() => TaskType, {
    description:
      'Complete a task with its outcome, optionally naming the new SIP or deterioration-plan version that fulfilled it: a real version of a plan of the same patient (BAD_USER_INPUT naming `input.fulfilledBy.planId` or `.version` otherwise). Only the assignee: the named staff member, or someone acting in the assigned role in the assigned organisation (FORBIDDEN otherwise).',
  })
  completeTask(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The task, what was done and, optionally, the plan version that fulfilled it.' }) input: CompleteTaskInput,
  ) {
    return this.tasks.complete(actor, input);
  }

  @Mutation(() => TaskType, { description: 'Cancel a task with a reason: the assignee, or the organisation that made it.' })
  cancelTask(@CurrentActor() actor: Actor, @Args('input', { description: 'The task and the reason.' }) input: CancelTaskInput) {
    return this.tasks.cancel(actor, input);
  }

  @ResolveField(() => PatientType, { description: 'The patient the task is about.' })
  async patient(t: TaskType, _args: unknown, ctx: GqlContext) {
    return new PatientView((await ctx.loaders.get(TaskLoaders).patient.load(t.patientId))!, t.grant);
  }

  @ResolveField(() => Staff, {
    nullable: true,
    description: 'Who made the task; null when the organisation that made it has its information blocked (spärrad) from you.',
  })
  createdBy(t: TaskType, _args: unknown, ctx: GqlContext) {
    return canSeeAuthor(t.grant, t.createdByOrganisationId) ? ctx.loaders.get(OrganisationLoaders).staff.load(t.createdByStaffId) : null;
  }

  @ResolveField(() => Organisation, {
    nullable: true,
    description: 'The organisation that made the task; null when its information is blocked from you, which never says where.',
  })
  createdByOrganisation(t: TaskType, _args: unknown, ctx: GqlContext) {
    return canSeeAuthor(t.grant, t.createdByOrganisationId) ? ctx.loaders.get(OrganisationLoaders).organisation.load(t.createdByOrganisationId) : null;
  }

  @ResolveField(() => [TaskAssignmentEventType], {
    description:
      'The assignment history (tilldelning), oldest first: made, accepted, declined, reassigned; the first `first` events. Empty for a task made before the history was kept.',
  })
  async assignmentHistory(t: TaskType, @FieldArgs(ListArgs) args: ListArgs, ctx: GqlContext): Promise<TaskAssignmentEventType[]> {
    const { first } = checkedArgs(ListArgs, args);
    const rows = await ctx.loaders.get(TaskLoaders).history(first).load(t.id);
    return rows.map((e) => toAssignmentEventType(e, t));
  }

  @ResolveField(() => Staff, {
    nullable: true,
    description: 'Who completed the task; null when not completed, or when the completing organisation’s information is blocked from you.',
  })
  completedBy(t: TaskType, _args: unknown, ctx: GqlContext) {
    return t.completedByStaffId && canSeeAuthor(t.grant, t.completedByOrganisationId)
      ? ctx.loaders.get(OrganisationLoaders).staff.load(t.completedByStaffId)
      : null;
  }
}

@Resolver(() => TaskAssignmentEventType)
export class TaskAssignmentEventResolver {
  @ResolveField(() => Staff, { nullable: true, description: 'Who did it; null when their organisation’s information is blocked (spärrad) from you.' })
  by(e: TaskAssignmentEventType, _args: unknown, ctx: GqlContext) {
    return canSeeAuthor(e.grant, e.byOrganisationId) ? ctx.loaders.get(OrganisationLoaders).staff.load(e.byStaffId) : null;
  }

  @ResolveField(() => Organisation, { nullable: true, description: 'The organisation they acted for; null when its information is blocked from you.' })
  byOrganisation(e: TaskAssignmentEventType, _args: unknown, ctx: GqlContext) {
    return canSeeAuthor(e.grant, e.byOrganisationId) ? ctx.loaders.get(OrganisationLoaders).organisation.load(e.byOrganisationId) : null;
  }
}

@Resolver(() => TaskAssigneeType)
export class TaskAssigneeResolver {
  @ResolveField(() => Organisation, { description: 'The organisation the task is given to.' })
  organisation(a: TaskAssigneeType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.load(a.organisationId);
  }

  @ResolveField(() => Staff, { nullable: true, description: 'The named staff member, when the task is for a person.' })
  staff(a: TaskAssigneeType, _args: unknown, ctx: GqlContext) {
    return a.staffId ? ctx.loaders.get(OrganisationLoaders).staff.load(a.staffId) : null;
  }
}

/** The patient's open tasks, under the grant the patient was read with (no further audit row). */
@Resolver(() => PatientType)
export class PatientTasksResolver {
  constructor(private readonly clock: Clock) {}

  @ResolveField(() => TaskConnection, {
    description:
      'Open tasks about the patient (not completed or cancelled: OPEN, ACCEPTED or DECLINED), earliest due first (then by id), a page at a time: `first` (1 to 100, default 20), then `after` the endCursor of the page before. openTaskCount says how many there are.',
  })
  async openTasks(v: PatientView, @FieldArgs(PageArgs) args: PageArgs, ctx: GqlContext): Promise<ConnectionShape<TaskType>> {
    const page = checkedArgs(PageArgs, args);
    const actor = actorOf(ctx);
    const first = page.first ?? 20;
    const rows = await ctx.loaders
      .get(TaskLoaders)
      .openByPatient(first + 1, OPEN_TASK_PAGES.after(page.after))
      .load(v.entity.id);
    const today = this.clock.today();
    return OPEN_TASK_PAGES.page(rows, first, (t) => toTaskType(t, v.grant, actor, today));
  }
}
