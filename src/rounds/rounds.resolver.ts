import { Args, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor } from '../common/actor';
import { CurrentActor } from '../common/ctx.decorator';
import { IdArg } from '../common/id.pipe';
import { checkedArgs, Connection, FieldArgs, firstOf, ListArgs } from '../common/pagination';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationLoaders } from '../organisations/organisations.loader';
import { Staff } from '../organisations/staff.entity';
import { AgendaService } from './agenda.service';
import { CancelRoundInput, CompleteRoundInput, CreateRoundInput, RoundsArgs, SuggestedAgendaArgs } from './dto/round.input';
import { RoundLoaders } from './rounds.loader';
import { RoundsService } from './rounds.service';
import { AgendaItemType, AgendaSuggestionType, RoundParticipantType, RoundSummaryType, RoundType } from './rounds.types';
import { actorOf, GqlContext } from '../common/graphql-context';

const RoundConnection = Connection(RoundType, 'Round', 'A page of rounds, by start time.');

@Resolver(() => RoundType)
export class RoundsResolver {
  constructor(
    private readonly roundsService: RoundsService,
    private readonly agendaService: AgendaService,
  ) {}

  @Query(() => RoundType, {
    description: 'One round. A round your organisation neither organises nor takes part in is NOT_FOUND, exactly like one that does not exist.',
  })
  round(@CurrentActor() actor: Actor, @IdArg('id', 'The round (`Round.id`).') id: string) {
    return this.roundsService.get(actor, id);
  }

  @Query(() => RoundConnection, {
    description: 'Rounds your organisation organises or takes part in, by start time; filter by state and by date (from today for the coming ones).',
  })
  rounds(@CurrentActor() actor: Actor, @Args() args: RoundsArgs) {
    return this.roundsService.list(actor, args);
  }

  @Query(() => [AgendaSuggestionType], {
    description:
      'Patients proposed for a planned round’s agenda, each with every reason that holds (newly enrolled since the previous round of the same organisations, overdue tasks, and more as capabilities add them). Only patients the organiser and a participating organisation care for, not already on the agenda, and that you may read.',
  })
  suggestedAgenda(@CurrentActor() actor: Actor, @Args() args: SuggestedAgendaArgs) {
    return this.agendaService.suggest(actor, args.roundId, args.first);
  }

  @Query(() => RoundSummaryType, { description: 'The record of a round: who attended, and per patient the notes, decisions and the tasks they created.' })
  roundSummary(@CurrentActor() actor: Actor, @IdArg('roundId', 'The round (`Round.id`).') roundId: string) {
    return this.agendaService.summary(actor, roundId);
  }

  @Mutation(() => RoundType, {
    description:
      'Plan a round organised by your organisation (a primary care centre or a municipality), with the participating organisations and invited staff.',
  })
  createRound(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'Kind, time, participating organisations and invited staff.' }) input: CreateRoundInput,
  ) {
    return this.roundsService.create(actor, input);
  }

  @Mutation(() => RoundType, { description: 'Start a planned round (PLANNED → IN_PROGRESS); decisions can then be recorded.' })
  startRound(@CurrentActor() actor: Actor, @IdArg('roundId', 'The planned round to start (`Round.id`).') roundId: string) {
    return this.roundsService.start(actor, roundId);
  }

  @Mutation(() => RoundType, { description: 'Complete a round in progress (IN_PROGRESS → COMPLETED), recording who attended.' })
  completeRound(@CurrentActor() actor: Actor, @Args('input', { description: 'The round and the staff who attended.' }) input: CompleteRoundInput) {
    return this.roundsService.complete(actor, input);
  }

  @Mutation(() => RoundType, { description: 'Cancel a planned round with a reason (the organiser only).' })
  cancelRound(@CurrentActor() actor: Actor, @Args('input', { description: 'The round and the reason.' }) input: CancelRoundInput) {
    return this.roundsService.cancel(actor, input);
  }

  @ResolveField(() => Organisation, { description: 'The organiser: a primary care centre or a municipality.' })
  organiser(r: RoundType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.load(r.organiserId);
  }

  @ResolveField(() => [Organisation], { description: 'The other organisations taking part.' })
  async participatingOrganisations(r: RoundType, _args: unknown, ctx: GqlContext) {
    return (await ctx.loaders.get(OrganisationLoaders).organisation.loadMany(r.participatingOrganisationIds)).filter(
      (o): o is Organisation => !!o && !(o instanceof Error),
    );
  }

  @ResolveField(() => [RoundParticipantType], { description: 'Staff taking part, by name; attendance once completed.' })
  participants(r: RoundType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(RoundLoaders).participants.load(r.id);
  }

  @ResolveField(() => [AgendaItemType], {
    description:
      'The patients on the agenda, in agenda order: of the first `first` items, those you may read (fewer when some are not yours to read). Each read is logged.',
  })
  agenda(r: RoundType, @FieldArgs(ListArgs) args: ListArgs, ctx: GqlContext) {
    const { first } = checkedArgs(ListArgs, args);
    const actor = actorOf(ctx);
    return ctx.loaders.get(RoundLoaders).agenda(actor, first).load(r.id);
  }
}

@Resolver(() => RoundParticipantType)
export class RoundParticipantResolver {
  @ResolveField(() => Staff, { description: 'The staff member taking part.' })
  staff(p: RoundParticipantType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).staff.load(p.staffId);
  }

  @ResolveField(() => Organisation, { description: 'The organisation they take part for.' })
  organisation(p: RoundParticipantType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.load(p.organisationId);
  }
}

@Resolver(() => RoundSummaryType)
export class RoundSummaryResolver {
  @ResolveField(() => [AgendaItemType], {
    description: 'The patients discussed that you may read, in agenda order, each with notes, decisions and tasks: the first `first` of them.',
  })
  patients(s: RoundSummaryType, @FieldArgs(ListArgs) args: ListArgs): AgendaItemType[] {
    return firstOf(s.patients, checkedArgs(ListArgs, args).first);
  }

  @ResolveField(() => [Staff], { description: 'Participants who attended (recorded when the round was completed).' })
  async attended(s: RoundSummaryType, _args: unknown, ctx: GqlContext) {
    return (await ctx.loaders.get(OrganisationLoaders).staff.loadMany(s.attendedStaffIds)).filter((x): x is Staff => !!x && !(x instanceof Error));
  }

  @ResolveField(() => [Staff], { description: 'Invited participants who did not attend.' })
  async absent(s: RoundSummaryType, _args: unknown, ctx: GqlContext) {
    return (await ctx.loaders.get(OrganisationLoaders).staff.loadMany(s.absentStaffIds)).filter((x): x is Staff => !!x && !(x instanceof Error));
  }
}
