import { Args, Mutation, ResolveField, Resolver } from '@nestjs/graphql';
import { canSeeAuthor } from '../access/patient-grant';
import { Actor } from '../common/actor';
import { planAccess } from '../care-plans/care-plan-rules';
import { CarePlanType, toPlanType } from '../care-plans/care-plan.types';
import { CarePlanLoaders } from '../care-plans/care-plans.loader';
import { Clock } from '../common/clock';
import { CurrentActor } from '../common/ctx.decorator';
import { IdArg } from '../common/id.pipe';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationLoaders } from '../organisations/organisations.loader';
import { Staff } from '../organisations/staff.entity';
import { DeadlineStateEnum } from './discharge.enums';
import { deadlineStateAt } from './deadline-view';
import { DischargeLoaders } from './discharges.loader';
import { DischargeMessageRetractionType, DischargeMessageType, DischargeProcessType, DischargeReceiverType } from './discharges.types';
import {
  AppointCareContactInput,
  DischargeNoteInput,
  DischargeNoticeInput,
  PAPER_ROUTINE_HOURS,
  PlannedDischargeDateInput,
  ReadyForDischargeInput,
  RetractDischargeMessageInput,
  SipInvitationInput,
} from './dto/message.input';
import { DischargeMessagesService } from './messages.service';
import { GqlContext } from '../common/graphql-context';

const STATE = 'PRECONDITION_FAILED, naming the current status, when the process is in another status';

@Resolver(() => DischargeMessageType)
export class DischargeMessagesResolver {
  constructor(
    private readonly messages: DischargeMessagesService,
    private readonly clock: Clock,
  ) {}

  @Mutation(() => DischargeProcessType, {
    description: `The municipality sends its status message (statusmeddelande) about its admitted patient to the hospital. ${STATE}.`,
  })
  sendStatusMessage(@CurrentActor() actor: Actor, @Args('input', { description: 'The process and the status message text.' }) input: DischargeNoteInput) {
    return this.messages.sendStatusMessage(actor, input);
  }

  @Mutation(() => DischargeProcessType, {
    description: `The hospital sends the admission notice (inskrivningsmeddelande), due within 24 hours of admission; planning starts. Only in ADMITTED; ${STATE}.`,
  })
  sendAdmissionNotice(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The process and the expected needs after discharge.' }) input: DischargeNoteInput,
  ) {
    return this.messages.sendAdmissionNotice(actor, input);
  }

  @Mutation(() => DischargeProcessType, {
    description: `The open-care receiver (öppenvården: primary care centre, SSIH or regional mobile team) names the patient’s fast vårdkontakt. ${STATE}.`,
  })
  appointCareContact(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The process and the staff member who becomes fast vårdkontakt.' }) input: AppointCareContactInput,
  ) {
    return this.messages.appointCareContact(actor, input);
  }

  @Mutation(() => DischargeProcessType, { description: `The hospital shares the planned discharge date. ${STATE}.` })
  sharePlannedDischargeDate(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The process, the planned date and an optional note.' }) input: PlannedDischargeDateInput,
  ) {
    return this.messages.sharePlannedDischargeDate(actor, input);
  }

  @Mutation(() => DischargeProcessType, {
    description: `The treating physician notifies that the patient is ready for discharge (utskrivningsklar): starts the 3-day SIP window and the payment clock. Physicians only. Only in PLANNING; ${STATE}.`,
  })
  issueReadyForDischarge(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The process and an optional clinical note.' }) input: ReadyForDischargeInput,
  ) {
    return this.messages.issueReadyForDischarge(actor, input);
  }

  @Mutation(() => DischargeProcessType, {
    description: `Withdraw the ready-for-discharge notice because the patient got worse; the payment clock stops and the process is back in PLANNING. Physicians only; the note (why) is required. ${STATE}.`,
  })
  withdrawReadyForDischarge(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The process and the note saying why (required).' }) input: ReadyForDischargeInput,
  ) {
    return this.messages.withdrawReadyForDischarge(actor, input);
  }

  @Mutation(() => DischargeProcessType, {
    description: `The patient leaves hospital: the discharge notice with the handover (utskrivningsinformation). Only in READY_FOR_DISCHARGE; ${STATE}.`,
  })
  sendDischargeNotice(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The process, when the patient left, and the handover (utskrivningsinformation).' }) input: DischargeNoticeInput,
  ) {
    return this.messages.sendDischargeNotice(actor, input);
  }

  @Mutation(() => DischargeProcessType, {
    description: `The fast vårdkontakt at the open-care receiver (öppenvården: primary care centre, SSIH or regional mobile team) invites to a SIP, due no later than 3 days after the ready-for-discharge notice. In the same transaction the invitation starts a SIP draft with the open-care receiver and the municipality taking part (reason: the ward the patient leaves), or links the patient’s open SIP unchanged; the message’s \`carePlan\` names it. ${STATE}.`,
  })
  sendSipInvitation(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The process, the proposed meeting time and an optional note.' }) input: SipInvitationInput,
  ) {
    return this.messages.sendSipInvitation(actor, input);
  }

  @Mutation(() => DischargeMessageType, {
    description: 'Acknowledge (kvittera) a message on behalf of your receiving organisation. CONFLICT when your organisation has already acknowledged it.',
  })
  acknowledgeDischargeMessage(
    @CurrentActor() actor: Actor,
    @IdArg('messageId', 'The message (`DischargeMessage.id`) your organisation received.') messageId: string,
    @Args('givenAt', {
      type: () => Date,
      nullable: true,
      description: `Reservrutin: when the acknowledgement was actually given, by phone or on paper, if it is entered afterwards; null or left out when it is given now. Not in the future, at most ${PAPER_ROUTINE_HOURS} hours back, not before the message was given. The acknowledgement deadline is judged by this time.`,
    })
    givenAt: Date | null,
  ) {
    return this.messages.acknowledge(actor, messageId, givenAt);
  }

  @Mutation(() => DischargeMessageType, {
    description:
      'The organisation that sent a discharge message retracts (makulerar) it, with a reason: the message stays, marked `retracted` (who, when, why), and no longer counts for the process’s status, deadlines and payment days; its receivers get a DISCHARGE_MESSAGE_RETRACTED inbox event. Only the latest standing message of its kind, while the process is open; a message that moved the process (admission notice, ready for discharge, its withdrawal, discharge notice) only while no later message depends on it, and the process steps back to the status before it (a discharge notice: not after the medication reconciliation). The roles that send the kind may retract it. A message your organisation did not send is NOT_FOUND, as one that does not exist; CONFLICT when already retracted, replaced by a later one of its kind, depended on, or the process is closed or cancelled.',
  })
  retractDischargeMessage(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The message and why it is retracted.' }) input: RetractDischargeMessageInput,
  ) {
    return this.messages.retract(actor, input);
  }

  @ResolveField(() => Organisation, {
    nullable: true,
    description: 'The sending organisation; null when the patient has blocked (spärrat) its information from you, which never says where.',
  })
  senderOrganisation(m: DischargeMessageType, _args: unknown, ctx: GqlContext) {
    return canSeeAuthor(m.grant, m.senderOrganisationId) ? ctx.loaders.get(OrganisationLoaders).organisation.load(m.senderOrganisationId) : null;
  }

  @ResolveField(() => Staff, { nullable: true, description: 'The staff member who sent it; null when the sender’s information is blocked from you.' })
  senderStaff(m: DischargeMessageType, _args: unknown, ctx: GqlContext) {
    return canSeeAuthor(m.grant, m.senderOrganisationId) ? ctx.loaders.get(OrganisationLoaders).staff.load(m.senderStaffId) : null;
  }

  @ResolveField(() => Staff, { nullable: true, description: 'For CARE_CONTACT_APPOINTED: the fast vårdkontakt named.' })
  appointedCareContact(m: DischargeMessageType, _args: unknown, ctx: GqlContext) {
    return m.appointedStaffId ? ctx.loaders.get(OrganisationLoaders).staff.load(m.appointedStaffId) : null;
  }

  @ResolveField(() => CarePlanType, {
    nullable: true,
    description:
      'For SIP_INVITATION: the SIP it invites to, under the SIP’s own visibility rule (participants; others with a care relationship only with consent and no block). Null for other kinds, and when you may not see the plan.',
  })
  async carePlan(m: DischargeMessageType, _args: unknown, ctx: GqlContext): Promise<CarePlanType | null> {
    if (!m.sipId) return null;
    const plan = await ctx.loaders.get(CarePlanLoaders).plan.load(m.sipId);
    if (!plan || plan.patientId !== m.grant.patientId) return null;
    const access = planAccess(m.grant, plan);
    return access.read ? toPlanType(plan, access) : null;
  }

  @ResolveField(() => [DischargeReceiverType], { description: 'The receiving organisations and their acknowledgements.' })
  async receivers(m: DischargeMessageType, _args: unknown, ctx: GqlContext): Promise<DischargeReceiverType[]> {
    const now = this.clock.now();
    return (await ctx.loaders.get(DischargeLoaders).receiversOfMessage.load(m.id)).map((r) => ({
      acknowledgedAt: r.acknowledgedAt,
      acknowledgementRecordedAt: r.acknowledgementRecordedAt ?? r.acknowledgedAt,
      acknowledgementEnteredAfterwards: r.acknowledgementRecordedAt !== null,
      acknowledgementDueAt: m.acknowledgementDueAt,
      acknowledgementState: deadlineStateAt({ dueAt: m.acknowledgementDueAt, doneAt: r.acknowledgedAt }, now, m.frozenAt) as DeadlineStateEnum,
      organisationId: r.organisationId,
      acknowledgedByStaffId: r.acknowledgedByStaffId,
    }));
  }
}

@Resolver(() => DischargeReceiverType)
export class DischargeReceiverResolver {
  @ResolveField(() => Organisation, { description: 'The receiving organisation.' })
  organisation(r: DischargeReceiverType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.load(r.organisationId);
  }

  @ResolveField(() => Staff, { nullable: true, description: 'Who acknowledged it.' })
  acknowledgedBy(r: DischargeReceiverType, _args: unknown, ctx: GqlContext) {
    return r.acknowledgedByStaffId ? ctx.loaders.get(OrganisationLoaders).staff.load(r.acknowledgedByStaffId) : null;
  }
}

@Resolver(() => DischargeMessageRetractionType)
export class DischargeMessageRetractionResolver {
  @ResolveField(() => Staff, {
    nullable: true,
    description: 'Who retracted it (staff of the sending organisation); null when the sender’s information is blocked from you.',
  })
  by(r: DischargeMessageRetractionType, _args: unknown, ctx: GqlContext) {
    return r.authorVisible ? ctx.loaders.get(OrganisationLoaders).staff.load(r.staffId) : null;
  }
}
