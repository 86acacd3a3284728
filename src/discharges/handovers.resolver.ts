import { Args, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { canSeeAuthor } from '../access/patient-grant';
import { Actor } from '../common/actor';
import { CurrentActor } from '../common/ctx.decorator';
import { IdArg } from '../common/id.pipe';
import { Connection } from '../common/pagination';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationLoaders } from '../organisations/organisations.loader';
import { Staff } from '../organisations/staff.entity';
import { PatientType, PatientView } from '../patients/patient.types';
import { DischargeLoaders } from './discharges.loader';
import { AnswerHandoverInput, GIVEN_AT_TEXT, HandoverInboxArgs, HandoversArgs, SendHandoverInput } from './dto/handover.input';
import { SetPaymentAgreementInput } from './dto/process.input';
import { HandoversService } from './handovers.service';
import { HandoverType, PaymentAgreementType } from './handover.types';
import { PaymentAgreementService } from './payment-agreement.service';
import { GqlContext } from '../common/graphql-context';

const HandoverConnection = Connection(HandoverType, 'Handover', 'A page of handovers.');

@Resolver(() => HandoverType)
export class HandoversResolver {
  constructor(private readonly service: HandoversService) {}

  @Mutation(() => HandoverType, {
    description:
      'Send a handover (överrapportering, SBAR) about a patient to another organisation of the patient’s care team: a municipality’s home healthcare unit, a primary care centre, a mobile team or SSIH, which must have a care relationship with the patient. Say how urgent it is and what you ask for; the answer is due by `respondBy`. `givenAt` enters one given by phone or on paper afterwards (paper routine).',
  })
  sendHandover(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The patient, the receiver, the occasion and the SBAR text.' }) input: SendHandoverInput,
  ) {
    return this.service.send(actor, input);
  }

  @Mutation(() => HandoverType, { description: 'Acknowledge (kvittera) a handover your organisation received. CONFLICT when it is already acknowledged.' })
  acknowledgeHandover(
    @CurrentActor() actor: Actor,
    @IdArg('handoverId', 'The handover (`Handover.id`) your organisation received.') handoverId: string,
    @Args('givenAt', { type: () => Date, nullable: true, description: `${GIVEN_AT_TEXT} Not before the handover was given.` }) givenAt?: Date | null,
  ) {
    return this.service.acknowledge(actor, handoverId, givenAt ?? null);
  }

  @Mutation(() => HandoverType, {
    description:
      'Answer (besvara) a handover your organisation received that asks for a response: advice given, assessed by phone, a visit planned, or declined with a reason. Once only (CONFLICT after); not for INFORMATION_ONLY (PRECONDITION_FAILED). Acknowledges it too when not yet acknowledged.',
  })
  answerHandover(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The handover, the outcome, its text and, for a planned visit, its time.' }) input: AnswerHandoverInput,
  ) {
    return this.service.answer(actor, input);
  }

  @Query(() => HandoverType, { description: 'One handover your organisation sent or received; any other is NOT_FOUND.' })
  handover(@CurrentActor() actor: Actor, @IdArg('id', 'The handover (`Handover.id`).') id: string) {
    return this.service.get(actor, id);
  }

  @Query(() => HandoverConnection, { description: 'A patient’s handovers sent or received by your organisation, newest first.' })
  handovers(@CurrentActor() actor: Actor, @Args() args: HandoversArgs) {
    return this.service.listForPatient(actor, args);
  }

  @Query(() => HandoverConnection, {
    description:
      'Handovers to your organisation: requests awaiting your answer first, by `respondBy` (so the overdue first); then unacknowledged ones by acknowledgement due time; then, with `includeAcknowledged`, those awaiting nothing more.',
  })
  handoverInbox(@CurrentActor() actor: Actor, @Args() args: HandoverInboxArgs) {
    return this.service.inbox(actor, args);
  }

  @ResolveField(() => PatientType, { description: 'The patient, as your organisation may see them.' })
  async patient(h: HandoverType, _args: unknown, ctx: GqlContext) {
    return new PatientView((await ctx.loaders.get(DischargeLoaders).patient.load(h.entity.patientId))!, h.grant);
  }

  @ResolveField(() => Organisation, {
    nullable: true,
    description: 'The sending organisation; null when the patient has blocked (spärrat) its information from you.',
  })
  senderOrganisation(h: HandoverType, _args: unknown, ctx: GqlContext) {
    return canSeeAuthor(h.grant, h.entity.senderOrganisationId) ? ctx.loaders.get(OrganisationLoaders).organisation.load(h.entity.senderOrganisationId) : null;
  }

  @ResolveField(() => Staff, { nullable: true, description: 'Who sent it; null when the sender’s information is blocked from you.' })
  senderStaff(h: HandoverType, _args: unknown, ctx: GqlContext) {
    return canSeeAuthor(h.grant, h.entity.senderOrganisationId) ? ctx.loaders.get(OrganisationLoaders).staff.load(h.entity.senderStaffId) : null;
  }

  @ResolveField(() => Organisation, { description: 'The receiving organisation.' })
  receiverOrganisation(h: HandoverType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.load(h.entity.receiverOrganisationId);
  }

  @ResolveField(() => Staff, { nullable: true, description: 'Who acknowledged it for the receiver.' })
  acknowledgedBy(h: HandoverType, _args: unknown, ctx: GqlContext) {
    return h.entity.acknowledgedByStaffId ? ctx.loaders.get(OrganisationLoaders).staff.load(h.entity.acknowledgedByStaffId) : null;
  }

  @ResolveField(() => Staff, {
    nullable: true,
    description: 'Who answered it for the receiver; null while unanswered, or when the receiver’s information is blocked from you.',
  })
  answeredBy(h: HandoverType, _args: unknown, ctx: GqlContext) {
    return h.entity.answeredByStaffId && canSeeAuthor(h.grant, h.entity.receiverOrganisationId)
      ? ctx.loaders.get(OrganisationLoaders).staff.load(h.entity.answeredByStaffId)
      : null;
  }
}

@Resolver(() => PaymentAgreementType)
export class PaymentAgreementResolver {
  constructor(private readonly agreements: PaymentAgreementService) {}

  @Query(() => PaymentAgreementType, { description: 'A municipality’s payment agreement; the law’s default (3 days, no amount) when none is recorded.' })
  paymentAgreement(@IdArg('municipalityId', 'The municipality (`Organisation.id` of a MUNICIPALITY unit).') municipalityId: string) {
    return this.agreements.get(municipalityId);
  }

  @Mutation(() => PaymentAgreementType, { description: 'Set your municipality’s payment agreement (ADMIN). Applies to discharge processes opened afterwards.' })
  setPaymentAgreement(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The agreed days and the amount per payable day.' }) input: SetPaymentAgreementInput,
  ) {
    return this.agreements.set(actor, input);
  }

  @ResolveField(() => Organisation, { description: 'The municipality the agreement is for.' })
  municipality(a: PaymentAgreementType, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(OrganisationLoaders).organisation.load(a.municipalityId);
  }
}
