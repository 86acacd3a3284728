import { Args, Mutation, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor } from '../common/actor';
import { CurrentActor } from '../common/ctx.decorator';
import { IdArg } from '../common/id.pipe';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationLoaders } from '../organisations/organisations.loader';
import { Staff } from '../organisations/staff.entity';
import { CarePlanFollowUpService } from './care-plan-follow-up.service';
import {
  CarePlanExperienceAnswerType,
  CarePlanFollowUpOutcomeType,
  CarePlanFollowUpType,
  CarePlanMeetingInvitationType,
  CarePlanMeetingMoveType,
  CarePlanMeetingPersonType,
  CarePlanMeetingType,
} from './care-plan-meeting.types';
import { CarePlanMeetingPersonKind } from './care-plan.enums';
import { CarePlanMeetingsService } from './care-plan-meetings.service';
import { CarePlanLoaders } from './care-plans.loader';
import {
  CancelCarePlanMeetingInput,
  InviteToCarePlanMeetingInput,
  MoveCarePlanMeetingInput,
  RecordCarePlanFollowUpInput,
  RecordCarePlanMeetingHeldInput,
  ScheduleCarePlanMeetingInput,
} from './dto/care-plan-meeting.input';
import { GqlContext } from '../common/graphql-context';

@Resolver(() => CarePlanMeetingType)
export class CarePlanMeetingsResolver {
  constructor(
    private readonly meetings: CarePlanMeetingsService,
    private readonly followUps: CarePlanFollowUpService,
  ) {}

  @Mutation(() => CarePlanMeetingType, {
    description: 'Schedule a SIP meeting (home, unit or video) and invite participating organisations; each acknowledges.',
  })
  scheduleCarePlanMeeting(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The SIP, when and where, and the organisations to invite.' }) input: ScheduleCarePlanMeetingInput,
  ) {
    return this.meetings.schedule(actor, input);
  }

  @Mutation(() => CarePlanMeetingType, { description: 'Acknowledge (kvittera) your organisation’s invitation to a SIP meeting.' })
  acknowledgeCarePlanMeeting(
    @CurrentActor() actor: Actor,
    @IdArg('meetingId', 'The meeting (`CarePlanMeeting.id`) your organisation is invited to.') meetingId: string,
  ) {
    return this.meetings.acknowledge(actor, meetingId);
  }

  @Mutation(() => CarePlanMeetingType, {
    description:
      'Move (flytta) a scheduled SIP meeting to a new time in the future, with a reason; the move is kept in `moves`. The invited organisations acknowledge the new time again (the mover’s own at once). A held or cancelled meeting is not moved.',
  })
  moveCarePlanMeeting(@CurrentActor() actor: Actor, @Args('input', { description: 'The meeting, the new time and why.' }) input: MoveCarePlanMeetingInput) {
    return this.meetings.move(actor, input);
  }

  @Mutation(() => CarePlanMeetingType, {
    description: 'Cancel (ställa in) a scheduled SIP meeting, with a reason; it stays, CANCELLED, for history. A held meeting is not cancelled.',
  })
  cancelCarePlanMeeting(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The meeting and why it is cancelled.' }) input: CancelCarePlanMeetingInput,
  ) {
    return this.meetings.cancel(actor, input);
  }

  @Mutation(() => CarePlanMeetingType, {
    description:
      'Record that the patient or a next of kin (närstående) was invited (kallad) to a scheduled SIP meeting, and how; their attendance is recorded with recordCarePlanMeetingHeld.',
  })
  inviteToCarePlanMeeting(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The meeting, who was invited, how and when.' }) input: InviteToCarePlanMeetingInput,
  ) {
    return this.meetings.invitePerson(actor, input);
  }

  @Mutation(() => CarePlanMeetingType, { description: 'Record that a SIP meeting was held and who attended: organisations, staff, and the invited persons.' })
  recordCarePlanMeetingHeld(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The meeting, when it was held and who attended.' }) input: RecordCarePlanMeetingHeldInput,
  ) {
    return this.meetings.recordHeld(actor, input);
  }

  @Mutation(() => CarePlanFollowUpType, {
    description:
      'Record a follow-up of the SIP in force: outcome per goal and action, optionally the patient’s experience (1–5 answers), and the next follow-up date.',
  })
  recordCarePlanFollowUp(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The SIP, the follow-up date, outcomes, the patient’s answers and the next follow-up date.' })
    input: RecordCarePlanFollowUpInput,
  ) {
    return this.followUps.record(actor, input);
  }

  @ResolveField(() => [CarePlanMeetingInvitationType], { description: 'Invited organisations, with acknowledgement and attendance.' })
  invitations(m: CarePlanMeetingType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(CarePlanLoaders).invitations.load(m.id);
  }

  @ResolveField(() => Organisation, { description: 'The organisation that scheduled the meeting.' })
  scheduledByOrganisation(m: CarePlanMeetingType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.load(m.scheduledByOrganisationId);
  }

  @ResolveField(() => [CarePlanMeetingMoveType], {
    description: 'The moves of the meeting (flyttar), oldest first: each with the time before and after, who, when and why.',
  })
  moves(m: CarePlanMeetingType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(CarePlanLoaders).meetingMoves.load(m.id);
  }

  @ResolveField(() => [CarePlanMeetingPersonType], {
    description:
      'Persons invited (kallade): the patient and next of kin, how and when, and whether they attended. Distinct from the organisations’ `invitations`.',
  })
  async invitedPersons(m: CarePlanMeetingType, _args: unknown, ctx: GqlContext): Promise<CarePlanMeetingPersonType[]> {
    const persons = await ctx.loaders.get(CarePlanLoaders).meetingPersons.load(m.id);
    return persons.map((p) => ({ ...p, name: p.kind === CarePlanMeetingPersonKind.NEXT_OF_KIN && m.identityVisible === true ? p.name : null }));
  }

  @ResolveField(() => Staff, { nullable: true, description: 'CANCELLED: who cancelled the meeting; null otherwise.' })
  cancelledBy(m: CarePlanMeetingType, _args: unknown, ctx: GqlContext) {
    return m.cancelledByStaffId ? ctx.loaders.get(OrganisationLoaders).staff.load(m.cancelledByStaffId) : null;
  }

  @ResolveField(() => Organisation, { nullable: true, description: 'CANCELLED: the organisation that cancelled the meeting; null otherwise.' })
  cancelledByOrganisation(m: CarePlanMeetingType, _args: unknown, ctx: GqlContext) {
    return m.cancelledByOrganisationId ? ctx.loaders.get(OrganisationLoaders).organisation.load(m.cancelledByOrganisationId) : null;
  }

  @ResolveField(() => [Staff], { description: 'Staff members who attended.' })
  async attendingStaff(m: CarePlanMeetingType, _args: unknown, ctx: GqlContext) {
    const staff = await ctx.loaders.get(OrganisationLoaders).staff.loadMany(m.attendingStaffIds);
    return staff.filter((s): s is Staff => !!s && !(s instanceof Error));
  }
}

@Resolver(() => CarePlanMeetingInvitationType)
export class CarePlanMeetingInvitationResolver {
  @ResolveField(() => Organisation, { description: 'The invited organisation.' })
  organisation(i: CarePlanMeetingInvitationType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.load(i.organisationId);
  }

  @ResolveField(() => Staff, { nullable: true, description: 'Who acknowledged.' })
  acknowledgedBy(i: CarePlanMeetingInvitationType, _args: unknown, ctx: GqlContext) {
    return i.acknowledgedByStaffId ? ctx.loaders.get(OrganisationLoaders).staff.load(i.acknowledgedByStaffId) : null;
  }
}

@Resolver(() => CarePlanMeetingMoveType)
export class CarePlanMeetingMoveResolver {
  @ResolveField(() => Staff, { description: 'Who moved the meeting.' })
  movedBy(mv: CarePlanMeetingMoveType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).staff.load(mv.movedByStaffId);
  }

  @ResolveField(() => Organisation, { description: 'The organisation that moved the meeting.' })
  movedByOrganisation(mv: CarePlanMeetingMoveType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.load(mv.movedByOrganisationId);
  }
}

@Resolver(() => CarePlanFollowUpType)
export class CarePlanFollowUpResolver {
  @ResolveField(() => [CarePlanFollowUpOutcomeType], { description: 'Outcome per goal and action.' })
  outcomes(f: CarePlanFollowUpType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(CarePlanLoaders).outcomes.load(f.id);
  }

  @ResolveField(() => [CarePlanExperienceAnswerType], { description: 'The patient’s own experience, as short scored answers.' })
  experience(f: CarePlanFollowUpType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(CarePlanLoaders).experience.load(f.id);
  }

  @ResolveField({ description: 'Held on or before the date that was due (true when no date was due).' })
  onTime(f: CarePlanFollowUpType): boolean {
    return !f.dueDate || f.followUpDate <= f.dueDate;
  }

  @ResolveField(() => Staff, { description: 'Who recorded the follow-up.' })
  recordedBy(f: CarePlanFollowUpType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).staff.load(f.recordedByStaffId);
  }

  @ResolveField(() => Organisation, { description: 'The organisation that recorded it.' })
  recordedByOrganisation(f: CarePlanFollowUpType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.load(f.recordedByOrganisationId);
  }
}
