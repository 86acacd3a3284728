import { Args, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor } from '../common/actor';
import { CurrentActor } from '../common/ctx.decorator';
import { GqlContext } from '../common/graphql-context';
import { IdArg } from '../common/id.pipe';
import { Connection, PageArgs } from '../common/pagination';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationLoaders } from '../organisations/organisations.loader';
import { Staff } from '../organisations/staff.entity';
import { PatientLoaders } from '../patients/patients.loader';
import { DeteriorationEpisode } from './deterioration-episode.entity';
import { DeteriorationEpisodeType, DeteriorationHandoverDraftType, EpisodeContactType, toContactType } from './deterioration-episode.types';
import { DeteriorationEpisodesService } from './deterioration-episodes.service';
import { RecordDeteriorationEpisodeInput } from './dto/episode.input';
import { episodeHandoverDraft } from './episode-handover';

const DeteriorationEpisodeConnection = Connection(DeteriorationEpisodeType, 'DeteriorationEpisode', 'A page of deterioration episodes, newest first.');

@Resolver(() => DeteriorationEpisodeType)
export class DeteriorationEpisodesResolver {
  constructor(private readonly service: DeteriorationEpisodesService) {}

  @Mutation(() => DeteriorationEpisodeType, {
    description:
      'Record a deterioration episode (försämringsepisod) for a patient cared for at home: when it happened (not in the future, at most 7 days ago), the observations, what was done, who was contacted and the outcome. The plan steps matched are evaluated by the service against the active signed plan you may see, as evaluateDeterioration does, and kept as a snapshot; without such a plan the episode is recorded with none. ADMITTED (inlagd) flags that plan for review (`DeteriorationPlan.reviewRequested`). Emergency access cannot record.',
  })
  recordDeteriorationEpisode(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The patient, when, the observations, what was done, who was contacted and the outcome.' })
    input: RecordDeteriorationEpisodeInput,
  ) {
    return this.service.record(actor, input);
  }

  @Query(() => DeteriorationEpisodeConnection, {
    description: 'The patient’s deterioration episodes you may see (your organisation’s; another’s with consent and no block), newest first.',
  })
  deteriorationEpisodes(
    @CurrentActor() actor: Actor,
    @IdArg('patientId', 'The patient (`Patient.id`) whose episodes to list.') patientId: string,
    @Args() page: PageArgs,
  ) {
    return this.service.list(actor, patientId, page);
  }

  @Query(() => DeteriorationEpisodeType, {
    description: 'One deterioration episode, with the handover it prefills (`handoverDraft`). NOT_FOUND when it does not exist or you may not see it.',
  })
  deteriorationEpisode(@CurrentActor() actor: Actor, @IdArg('id', 'The episode (`DeteriorationEpisode.id`).') id: string) {
    return this.service.byId(actor, id);
  }

  @ResolveField(() => [EpisodeContactType], { description: 'Who was contacted, in the order given; empty when nobody was.' })
  contacts(e: DeteriorationEpisode): EpisodeContactType[] {
    return e.contacts.map(toContactType);
  }

  @ResolveField(() => Organisation, { description: 'The organisation whose documentation this is: the recorder’s.' })
  recordedBy(e: DeteriorationEpisode, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.load(e.recordedByOrganisationId);
  }

  @ResolveField(() => Staff, { nullable: true, description: 'Who recorded the episode.' })
  recordedByStaff(e: DeteriorationEpisode, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).staff.load(e.recordedByStaffId);
  }

  @ResolveField(() => DeteriorationHandoverDraftType, {
    description:
      'A handover (SBAR) to the fast läkarkontakt prefilled from this episode, to edit and send with sendHandover; the receiver is the primary care centre of the patient’s active enrollment (null receiver when not enrolled).',
  })
  async handoverDraft(e: DeteriorationEpisode, _args: unknown, ctx: GqlContext): Promise<DeteriorationHandoverDraftType> {
    const enrollment = await ctx.loaders.get(PatientLoaders).activeEnrollment.load(e.patientId);
    return episodeHandoverDraft(e, enrollment);
  }
}

@Resolver(() => DeteriorationHandoverDraftType)
export class DeteriorationHandoverDraftResolver {
  @ResolveField(() => Organisation, { nullable: true, description: 'The receiving primary care centre (vårdcentral); null when the patient is not enrolled.' })
  receiverOrganisation(d: DeteriorationHandoverDraftType, _args: unknown, ctx: GqlContext) {
    return d.receiverOrganisationId ? ctx.loaders.get(OrganisationLoaders).organisation.load(d.receiverOrganisationId) : null;
  }

  @ResolveField(() => Staff, {
    nullable: true,
    description: 'The patient’s named physician there (fast läkarkontakt), the handover’s reader; null when the patient is not enrolled.',
  })
  receiverPhysician(d: DeteriorationHandoverDraftType, _args: unknown, ctx: GqlContext) {
    return d.receiverPhysicianId ? ctx.loaders.get(OrganisationLoaders).staff.load(d.receiverPhysicianId) : null;
  }
}
