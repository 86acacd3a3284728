import { canSeeAuthor } from '../access/patient-grant';
import { Args, ID, Mutation, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { CurrentActor } from '../common/ctx.decorator';
import { IdArg } from '../common/id.pipe';
import { checkedArgs, FieldArgs, firstOf, ListArgs } from '../common/pagination';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationLoaders } from '../organisations/organisations.loader';
import { Staff } from '../organisations/staff.entity';
import { PatientType, PatientView } from '../patients/patient.types';
import { TaskLoaders } from '../tasks/tasks.loader';
import { TaskType, toTaskType } from '../tasks/task.types';
import { AgendaService } from './agenda.service';
import { AddAgendaItemInput, RecordDecisionInput, UpdateAgendaNotesInput } from './dto/agenda.input';
import { RoundLoaders } from './rounds.loader';
import { AgendaItemType, RoundDecisionType, toDecisionType } from './rounds.types';
import { actorOf, GqlContext } from '../common/graphql-context';

@Resolver(() => AgendaItemType)
export class AgendaResolver {
  constructor(
    private readonly agenda: AgendaService,
    private readonly clock: Clock,
  ) {}

  @Mutation(() => AgendaItemType, {
    description:
      'Put a patient on a round’s agenda, accepting a suggestion or by hand; the reasons that hold now are recorded. PRECONDITION_FAILED unless the organiser and a participating organisation have a care relationship with the patient; CONFLICT when already on the agenda.',
  })
  addAgendaItem(@CurrentActor() actor: Actor, @Args('input', { description: 'The round and the patient.' }) input: AddAgendaItemInput) {
    return this.agenda.addItem(actor, input);
  }

  @Mutation(() => ID, {
    description: 'Take a patient off the agenda of a round not yet completed (not once decisions are recorded). Returns the removed item’s id.',
  })
  removeAgendaItem(@CurrentActor() actor: Actor, @IdArg('itemId', 'The agenda item to remove (`AgendaItem.id`).') itemId: string) {
    return this.agenda.removeItem(actor, itemId);
  }

  @Mutation(() => AgendaItemType, {
    description:
      'Replace the notes of an agenda item. Pass the notesVersion you read as expectedVersion: CONFLICT (with currentVersion) when someone saved in between.',
  })
  updateAgendaNotes(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The item, the whole new notes text and the notesVersion you read.' }) input: UpdateAgendaNotesInput,
  ) {
    return this.agenda.updateNotes(actor, input);
  }

  @Mutation(() => RoundDecisionType, {
    description: 'Record a decision about the patient of an agenda item during the round, optionally creating a task; the assignee is notified in their inbox.',
  })
  recordDecision(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The item, what was decided and, optionally, the task it creates.' }) input: RecordDecisionInput,
  ) {
    return this.agenda.recordDecision(actor, input);
  }

  @ResolveField(() => PatientType, { description: 'The patient on the agenda, as you may see them.' })
  async patient(i: AgendaItemType, _args: unknown, ctx: GqlContext) {
    return new PatientView((await ctx.loaders.get(TaskLoaders).patient.load(i.patientId))!, i.grant);
  }

  @ResolveField(() => Staff, { description: 'Who put the patient on the agenda.' })
  addedBy(i: AgendaItemType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).staff.load(i.addedByStaffId);
  }

  @ResolveField(() => Staff, {
    nullable: true,
    description: 'Who saved the current notes; null when the notes are withheld as blocked (spärrade), which never says where.',
  })
  notesUpdatedBy(i: AgendaItemType, _args: unknown, ctx: GqlContext) {
    if (!i.notesUpdatedByStaffId || !canSeeAuthor(i.grant, i.notesRecordedByOrganisationId)) return null;
    return ctx.loaders.get(OrganisationLoaders).staff.load(i.notesUpdatedByStaffId);
  }

  @ResolveField(() => [RoundDecisionType], { description: 'Decisions about the patient in this round, oldest first: the first `first` of them.' })
  async decisions(i: AgendaItemType, @FieldArgs(ListArgs) args: ListArgs, ctx: GqlContext) {
    const { first } = checkedArgs(ListArgs, args);
    return firstOf(await ctx.loaders.get(RoundLoaders).decisionsByItem.load(i.id), first).map((d) => toDecisionType(d, i.grant));
  }

  @ResolveField(() => [TaskType], {
    description: 'Tasks the decisions about the patient in this round created, in the order of the decisions: the first `first` of them.',
  })
  async tasks(i: AgendaItemType, @FieldArgs(ListArgs) args: ListArgs, ctx: GqlContext) {
    const { first } = checkedArgs(ListArgs, args);
    const actor = actorOf(ctx);
    const ids = firstOf(
      (await ctx.loaders.get(RoundLoaders).decisionsByItem.load(i.id)).flatMap((d) => (d.taskId ? [d.taskId] : [])),
      first,
    );
    const today = this.clock.today();
    const tasks = await ctx.loaders.get(TaskLoaders).byId.loadMany(ids);
    return tasks.flatMap((t) => (t && !(t instanceof Error) ? [toTaskType(t, i.grant, actor, today)] : []));
  }
}

@Resolver(() => RoundDecisionType)
export class RoundDecisionResolver {
  constructor(private readonly clock: Clock) {}

  @ResolveField(() => Staff, {
    nullable: true,
    description: 'Who recorded the decision; null when the deciding organisation’s information is blocked from you.',
  })
  decidedBy(d: RoundDecisionType, _args: unknown, ctx: GqlContext) {
    return canSeeAuthor(d.grant, d.decidedByOrganisationId) ? ctx.loaders.get(OrganisationLoaders).staff.load(d.decidedByStaffId) : null;
  }

  @ResolveField(() => Organisation, {
    nullable: true,
    description: 'The organisation that recorded the decision; null when its information is blocked (spärrad) from you.',
  })
  decidedByOrganisation(d: RoundDecisionType, _args: unknown, ctx: GqlContext) {
    return canSeeAuthor(d.grant, d.decidedByOrganisationId) ? ctx.loaders.get(OrganisationLoaders).organisation.load(d.decidedByOrganisationId) : null;
  }

  @ResolveField(() => TaskType, { nullable: true, description: 'The task the decision created, if any.' })
  async task(d: RoundDecisionType, _args: unknown, ctx: GqlContext) {
    const actor = actorOf(ctx);
    if (!d.taskId) return null;
    const t = await ctx.loaders.get(TaskLoaders).byId.load(d.taskId);
    return t ? toTaskType(t, d.grant, actor, this.clock.today()) : null;
  }
}

/** Where a task came from: the round decision, under the grant the task was read with. */
@Resolver(() => TaskType)
export class TaskDecisionResolver {
  @ResolveField(() => RoundDecisionType, { nullable: true, description: 'The round decision that created the task, if any.' })
  async decision(t: TaskType, _args: unknown, ctx: GqlContext) {
    const d = await ctx.loaders.get(RoundLoaders).decisionByTask.load(t.id);
    return d ? toDecisionType(d, t.grant) : null;
  }
}
