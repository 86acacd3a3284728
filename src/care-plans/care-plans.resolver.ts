import { Args, Int, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { CurrentActor } from '../common/ctx.decorator';
import { IdArg } from '../common/id.pipe';
import { checkedArgs, Connection, FieldArgs, firstOf, ListArgs } from '../common/pagination';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationLoaders } from '../organisations/organisations.loader';
import { CarePlanPublishRequirement } from './care-plan.enums';
import { CarePlanFollowUpType, CarePlanMeetingType } from './care-plan-meeting.types';
import { CarePlanQueriesService } from './care-plan-queries.service';
import { publishBlockers } from './care-plan-snapshot';
import { draftAgreement } from './care-plan-store';
import { CarePlanContentType, CarePlanContentView, CarePlanDiffType, CarePlanType, CarePlanVersionType, toVersionType } from './care-plan.types';
import { CarePlanLoaders } from './care-plans.loader';
import { CarePlansService } from './care-plans.service';
import {
  CarePlanDiffArgs,
  CarePlanInForceArgs,
  CarePlanLifecycleInput,
  CarePlansArgs,
  CloseCarePlanInput,
  CreateCarePlanInput,
  DueForFollowUpArgs,
  ReplaceAgreementWithSipInput,
  UpdateCarePlanDraftInput,
} from './dto/care-plan.input';
import { GqlContext } from '../common/graphql-context';

const CarePlanConnection = Connection(CarePlanType, 'CarePlan', 'A page of coordinated individual plans (SIP).');

@Resolver(() => CarePlanType)
export class CarePlansResolver {
  constructor(
    private readonly plans: CarePlansService,
    private readonly queries: CarePlanQueriesService,
    private readonly clock: Clock,
  ) {}

  @Query(() => CarePlanType, { description: 'One SIP. A plan you may not read is NOT_FOUND, exactly like one that does not exist.' })
  carePlan(@CurrentActor() actor: Actor, @IdArg('id', 'The SIP (`CarePlan.id`).') id: string) {
    return this.queries.get(actor, id);
  }

  @Query(() => CarePlanConnection, { description: 'The patient’s SIPs, newest first (at most one is open; closed ones are kept).' })
  carePlans(@CurrentActor() actor: Actor, @Args() args: CarePlansArgs) {
    return this.queries.listForPatient(actor, args);
  }

  @Query(() => CarePlanVersionType, { description: 'One published version of a SIP, by number.' })
  carePlanVersion(
    @CurrentActor() actor: Actor,
    @IdArg('carePlanId', 'The SIP (`CarePlan.id`).') carePlanId: string,
    @Args('number', { type: () => Int, description: 'The version number, 1 to the plan’s publishedVersionNumber.' }) number: number,
  ) {
    return this.queries.version(actor, carePlanId, number);
  }

  @Query(() => CarePlanVersionType, {
    nullable: true,
    description:
      '"What did the plan say on 3 March?": the version in force at an instant (at) or at the end of a Swedish calendar day (date). Null when none was in force.',
  })
  carePlanInForce(@CurrentActor() actor: Actor, @Args() args: CarePlanInForceArgs) {
    return this.queries.inForce(actor, args);
  }

  @Query(() => CarePlanDiffType, {
    description: 'Which goals, needs, actions and participants were added, changed or removed between two versions (toVersion null: the open draft).',
  })
  carePlanDiff(@CurrentActor() actor: Actor, @Args() args: CarePlanDiffArgs) {
    return this.queries.diff(actor, args);
  }

  @Query(() => CarePlanConnection, { description: 'Active SIPs your organisation takes part in that are due for follow-up within withinDays, overdue first.' })
  carePlansDueForFollowUp(@CurrentActor() actor: Actor, @Args() args: DueForFollowUpArgs) {
    return this.queries.dueForFollowUp(actor, args);
  }

  @Mutation(() => CarePlanType, {
    description:
      'Start a SIP for a patient your organisation has a care relationship with. Your organisation becomes a participant. CONFLICT when the patient already has an open SIP.',
  })
  createCarePlan(@CurrentActor() actor: Actor, @Args('input', { description: 'The patient and why a SIP is needed.' }) input: CreateCarePlanInput) {
    return this.plans.create(actor, input);
  }

  @Mutation(() => CarePlanType, {
    description: 'Change the open draft (participants only). CONFLICT with extensions.currentVersion when expectedVersion is stale; nothing is written then.',
  })
  updateCarePlanDraft(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The plan, the version you read, and what to change.' }) input: UpdateCarePlanDraftInput,
  ) {
    return this.plans.updateDraft(actor, input);
  }

  @Mutation(() => CarePlanType, {
    description:
      'Publish the draft as the next version (an immutable snapshot). PRECONDITION_FAILED with extensions.missing lists what is missing: SIP consent, two organisations, overall responsibility, a goal, an action, a future follow-up date.',
  })
  publishCarePlan(@CurrentActor() actor: Actor, @Args('input', { description: 'The plan and the version you read.' }) input: CarePlanLifecycleInput) {
    return this.plans.publish(actor, input);
  }

  @Mutation(() => CarePlanType, {
    description: 'Start a revision of an active SIP: a new draft from the version in force, published later as the next version.',
  })
  reviseCarePlan(@CurrentActor() actor: Actor, @Args('input', { description: 'The active plan and the version you read.' }) input: CarePlanLifecycleInput) {
    return this.plans.revise(actor, input);
  }

  @Mutation(() => CarePlanType, { description: 'Throw away the revision in progress; the version in force stays.' })
  discardCarePlanRevision(@CurrentActor() actor: Actor, @Args('input', { description: 'The plan and the version you read.' }) input: CarePlanLifecycleInput) {
    return this.plans.discardRevision(actor, input);
  }

  @Mutation(() => CarePlanType, {
    description:
      'Replace an active patient agreement with a SIP: returns the new SIP draft, started from the agreement’s version in force. The agreement stays in force until the SIP is first published; then it is SUPERSEDED (linked to the SIP, its versions and diffs kept). CONFLICT when the patient already has an open SIP.',
  })
  replaceAgreementWithSip(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The patient agreement, the version you read, and why a SIP is needed.' }) input: ReplaceAgreementWithSipInput,
  ) {
    return this.plans.replaceAgreementWithSip(actor, input);
  }

  @Mutation(() => CarePlanType, { description: 'Close a SIP with a reason. Its versions stay readable.' })
  closeCarePlan(@CurrentActor() actor: Actor, @Args('input', { description: 'The plan, the version you read, and the reason.' }) input: CloseCarePlanInput) {
    return this.plans.close(actor, input);
  }

  // ---- fields of a plan the request was allowed to read ----

  @ResolveField(() => CarePlanContentType, {
    nullable: true,
    description: 'The open draft; null when there is none (published and not being revised, or closed).',
  })
  draft(p: CarePlanType) {
    return p.entity.draftOpen ? new CarePlanContentView(p.access.identityVisible, null, p.entity) : null;
  }

  @ResolveField(() => CarePlanVersionType, { nullable: true, description: 'The published version in force; null until first published.' })
  async currentVersion(p: CarePlanType, _args: unknown, ctx: GqlContext) {
    if (p.entity.publishedVersionNumber === null) return null;
    const v = (await ctx.loaders.get(CarePlanLoaders).versions.load(p.id)).find((x) => x.number === p.entity.publishedVersionNumber);
    return v ? toVersionType(v, p.access.identityVisible) : null;
  }

  @ResolveField(() => [CarePlanVersionType], {
    description:
      'Published versions, newest first: the first `first` of them. Versions are numbered 1 to publishedVersionNumber; carePlanVersion reads any one by number.',
  })
  async versions(p: CarePlanType, @FieldArgs(ListArgs) args: ListArgs, ctx: GqlContext) {
    const { first } = checkedArgs(ListArgs, args);
    return firstOf(await ctx.loaders.get(CarePlanLoaders).versions.load(p.id), first).map((v) => toVersionType(v, p.access.identityVisible));
  }

  @ResolveField(() => [Organisation], { description: 'The organisations taking part (draft and version in force).' })
  async participatingOrganisations(p: CarePlanType, _args: unknown, ctx: GqlContext) {
    const orgs = await ctx.loaders.get(OrganisationLoaders).organisation.loadMany(p.entity.participantOrganisationIds);
    return orgs.filter((o): o is Organisation => !!o && !(o instanceof Error));
  }

  @ResolveField(() => Organisation, { description: 'The organisation that started the plan.' })
  createdByOrganisation(p: CarePlanType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.load(p.entity.createdByOrganisationId);
  }

  @ResolveField({ description: 'The follow-up date in force has passed (Swedish calendar date).' })
  followUpOverdue(p: CarePlanType): boolean {
    return p.status === 'ACTIVE' && !!p.nextFollowUpDate && p.nextFollowUpDate < this.clock.today();
  }

  @ResolveField(() => [CarePlanPublishRequirement], {
    nullable: true,
    description: 'What the open draft still lacks for publishing; empty when it can be published, null without a draft.',
  })
  async publishBlockers(p: CarePlanType, _args: unknown, ctx: GqlContext) {
    if (!p.entity.draftOpen) return null;
    const loaders = ctx.loaders.get(CarePlanLoaders);
    const [goals, actions, participants, sipConsent] = await Promise.all([
      loaders.goals.load(p.id),
      loaders.actions.load(p.id),
      loaders.participants.load(p.id),
      loaders.sipConsent.load(p.patientId),
    ]);
    const e = p.entity;
    const draft = {
      reason: e.reason,
      goals,
      needs: [],
      actions,
      participants,
      overallResponsibleOrganisationId: e.overallResponsibleOrganisationId,
      coordinatorStaffId: e.coordinatorStaffId,
      nextFollowUpDate: e.draftNextFollowUpDate,
      ...draftAgreement(e),
    };
    // A patient agreement's care contact is checked against the publishing organisation only when publishing.
    return publishBlockers(draft, { sipConsent, today: this.clock.today(), now: this.clock.now() });
  }

  @ResolveField(() => [CarePlanMeetingType], { description: 'SIP meetings, latest first: the first `first` of them.' })
  async meetings(p: CarePlanType, @FieldArgs(ListArgs) args: ListArgs, ctx: GqlContext) {
    const { first } = checkedArgs(ListArgs, args);
    const identityVisible = p.access.identityVisible;
    return firstOf(await ctx.loaders.get(CarePlanLoaders).meetings.load(p.id), first).map((m) => ({ ...m, identityVisible }));
  }

  @ResolveField(() => [CarePlanFollowUpType], { description: 'Recorded follow-ups, latest first: the first `first` of them.' })
  async followUps(p: CarePlanType, @FieldArgs(ListArgs) args: ListArgs, ctx: GqlContext) {
    const { first } = checkedArgs(ListArgs, args);
    return firstOf(await ctx.loaders.get(CarePlanLoaders).followUps.load(p.id), first);
  }
}
