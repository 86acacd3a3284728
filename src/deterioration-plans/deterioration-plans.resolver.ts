import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { CurrentActor } from '../common/ctx.decorator';
import { badInput } from '../common/errors';
import { IdArg } from '../common/id.pipe';
import { Connection, PageArgs } from '../common/pagination';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationLoaders } from '../organisations/organisations.loader';
import { Staff } from '../organisations/staff.entity';
import { ContactHours, DeteriorationPlan, DeteriorationPlanStatus } from './deterioration-plan.entity';
import { ContactType, DeteriorationEvaluationType, DeteriorationPlanType, ObservedValueType, TriggerType } from './deterioration-plan.types';
import { DeteriorationPlanReadsService } from './deterioration-plan-reads.service';
import { DeteriorationPlansService } from './deterioration-plans.service';
import {
  DraftDeteriorationPlanInput,
  DueForReviewArgs,
  ObservationInput,
  SignDeteriorationPlanInput,
  UpdateDeteriorationPlanDraftInput,
  WithdrawDeteriorationPlanInput,
} from './dto/plan.input';
import { isDueForReview, ladderFor } from './plan-content';
import { describeTrigger, OBSERVATION_UNITS, Trigger } from './triggers';
import { GqlContext } from '../common/graphql-context';

const DeteriorationPlanConnection = Connection(DeteriorationPlanType, 'DeteriorationPlan', 'A page of deterioration plan versions.');
const MAX_OBSERVATIONS = 30;

@Resolver(() => DeteriorationPlanType)
export class DeteriorationPlansResolver {
  constructor(
    private readonly reads: DeteriorationPlanReadsService,
    private readonly service: DeteriorationPlansService,
    private readonly clock: Clock,
  ) {}

  @Query(() => DeteriorationPlanType, {
    nullable: true,
    description:
      'The 3 a.m. read: the patient’s active (signed) deterioration plan with limitations, steps and contact ladder, in one request. Null when there is no active plan you may see (another organisation’s plan needs the patient’s consent). Check `dueForReview`.',
  })
  activeDeteriorationPlan(@CurrentActor() actor: Actor, @IdArg('patientId', 'The patient (`Patient.id`).') patientId: string) {
    return this.reads.active(actor, patientId);
  }

  @Query(() => DeteriorationPlanType, {
    description: 'One version of a deterioration plan, drafts included. NOT_FOUND when it does not exist or you may not see it.',
  })
  deteriorationPlan(@CurrentActor() actor: Actor, @IdArg('id', 'The plan version (`DeteriorationPlan.id`).') id: string) {
    return this.reads.byId(actor, id);
  }

  @Query(() => DeteriorationPlanConnection, { description: 'The patient’s plan history: every version you may see, newest first.' })
  deteriorationPlanHistory(
    @CurrentActor() actor: Actor,
    @IdArg('patientId', 'The patient (`Patient.id`) whose versions to list.') patientId: string,
    @Args() page: PageArgs,
  ) {
    return this.reads.history(actor, patientId, page);
  }

  @Query(() => DeteriorationPlanConnection, {
    description:
      'Active plans due for review (review date reached, or within `withinDays`, or a review requested after an admission: `reviewRequested`) of the patients your organisation has a care relationship with, by review date.',
  })
  deteriorationPlansDueForReview(@CurrentActor() actor: Actor, @Args() args: DueForReviewArgs) {
    return this.reads.dueForReview(actor, args);
  }

  @Query(() => DeteriorationEvaluationType, {
    description:
      'Given observations just measured (e.g. respiratory rate 28, saturation 91), which steps of the active plan are triggered, in plan order, with their actions. Deterministic; nothing is stored but the access log.',
  })
  evaluateDeterioration(
    @CurrentActor() actor: Actor,
    @IdArg('patientId', 'The patient (`Patient.id`) whose active plan to evaluate.') patientId: string,
    @Args('observations', {
      type: () => [ObservationInput],
      description: `The observations, at most ${MAX_OBSERVATIONS}; one per kind (weight change once per period).`,
    })
    observations: ObservationInput[],
  ) {
    if (observations.length > MAX_OBSERVATIONS) throw badInput('observations', `must hold at most ${MAX_OBSERVATIONS} observations`);
    return this.reads.evaluate(actor, patientId, observations);
  }

  @Mutation(() => DeteriorationPlanType, { description: 'Start a new draft of the patient’s deterioration plan. CONFLICT when a draft is already open.' })
  draftDeteriorationPlan(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The patient and whatever content is known yet.' }) input: DraftDeteriorationPlanInput,
  ) {
    return this.service.draft(actor, input);
  }

  @Mutation(() => DeteriorationPlanType, {
    description: 'Revise: a new draft copied from the active plan, to edit and sign. CONFLICT when a draft is already open.',
  })
  reviseDeteriorationPlan(
    @CurrentActor() actor: Actor,
    @IdArg('patientId', 'The patient (`Patient.id`) whose active plan to copy into a new draft.') patientId: string,
  ) {
    return this.service.revise(actor, patientId);
  }

  @Mutation(() => DeteriorationPlanType, {
    description: 'Edit a draft. CONFLICT when expectedVersion is stale; PRECONDITION_FAILED for a signed version, which never changes.',
  })
  updateDeteriorationPlanDraft(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The draft, the version you read, and the content to change.' }) input: UpdateDeteriorationPlanDraftInput,
  ) {
    return this.service.updateDraft(actor, input);
  }

  @Mutation(() => DeteriorationPlanType, {
    description:
      'PHYSICIAN: sign a draft. It becomes the active plan and the previous active version is superseded. PRECONDITION_FAILED (with `fields`) while the draft is incomplete.',
  })
  signDeteriorationPlan(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The draft and the version you read.' }) input: SignDeteriorationPlanInput,
  ) {
    return this.service.sign(actor, input);
  }

  @Mutation(() => DeteriorationPlanType, { description: 'Withdraw a plan with a reason: an active plan (physician only), or a draft that will not be signed.' })
  withdrawDeteriorationPlan(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The version, the version number you read, and why.' }) input: WithdrawDeteriorationPlanInput,
  ) {
    return this.service.withdraw(actor, input);
  }

  @ResolveField(() => Boolean, {
    description: 'True when this is the active plan and its review date has come (Swedish calendar date). The plan still applies; have it reviewed.',
  })
  dueForReview(p: DeteriorationPlan): boolean {
    return isDueForReview(p, this.clock.today());
  }

  @ResolveField(() => Boolean, {
    description:
      'True when this is the active plan and a review was asked for (`reviewRequestedAt`), e.g. after a deterioration episode that ended in admission. Cleared by signing a new version.',
  })
  reviewRequested(p: DeteriorationPlan): boolean {
    return p.status === DeteriorationPlanStatus.ACTIVE && p.reviewRequestedAt != null;
  }

  @ResolveField(() => [ContactType], {
    description: 'The contact ladder in the order to call. Given `hours`, only the rungs for that time and those for all hours.',
  })
  contactLadder(
    @Parent() p: DeteriorationPlan,
    @Args('hours', {
      type: () => ContactHours,
      nullable: true,
      description: 'OFFICE_HOURS or OUT_OF_HOURS: only the rungs for that time and those for ALL_HOURS. Leave out (or ALL_HOURS) for the whole ladder.',
    })
    hours?: ContactHours | null,
  ) {
    return ladderFor(p.contacts, hours);
  }

  @ResolveField(() => Organisation, { description: 'The organisation whose documentation this is: the one that drafted it.' })
  recordedBy(p: DeteriorationPlan, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.load(p.recordedByOrganisationId);
  }

  @ResolveField(() => Staff, { nullable: true, description: 'Who started the draft.' })
  draftedBy(p: DeteriorationPlan, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).staff.load(p.draftedByStaffId);
  }

  @ResolveField(() => Staff, { nullable: true, description: 'The physician who signed this version.' })
  signedBy(p: DeteriorationPlan, _args: unknown, ctx: GqlContext) {
    return p.signedByStaffId ? ctx.loaders.get(OrganisationLoaders).staff.load(p.signedByStaffId) : null;
  }

  @ResolveField(() => Organisation, { nullable: true, description: 'The organisation the signing physician acted for.' })
  signedByOrganisation(p: DeteriorationPlan, _args: unknown, ctx: GqlContext) {
    return p.signedByOrganisationId ? ctx.loaders.get(OrganisationLoaders).organisation.load(p.signedByOrganisationId) : null;
  }
}

@Resolver(() => TriggerType)
export class DeteriorationTriggerResolver {
  @ResolveField(() => String, { description: 'The trigger in words, e.g. "Respiratory rate > 25 /min", "Weight change ≥ 2 kg over 3 days".' })
  description(t: Trigger): string {
    return describeTrigger(t);
  }

  @ResolveField(() => String, { nullable: true, description: 'MEASURED: the unit of the threshold, e.g. "/min", "%", "kg"; empty for scores such as NEWS2.' })
  unit(t: Trigger): string | null {
    return t.kind === 'MEASURED' ? OBSERVATION_UNITS[t.observation] : null;
  }
}

@Resolver(() => ObservedValueType)
export class ObservedValueResolver {
  @ResolveField(() => String, { description: 'The unit of the value; empty for scores.' })
  unit(o: ObservedValueType): string {
    return OBSERVATION_UNITS[o.kind];
  }
}
