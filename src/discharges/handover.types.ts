import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PatientGrant } from '../access/patient-grant';
import { WithheldReason } from '../patients/patient.types';
import { DeadlineStateEnum, HandoverAnswerOutcome, HandoverOccasion, HandoverRequestedResponse, HandoverUrgency } from './discharge.enums';
import { withheldReason } from './discharges.types';
import { Handover, MunicipalityPaymentAgreement } from './handover.entity';

@ObjectType('HandoverAnswer', {
  description:
    'The receiving organisation’s answer to a handover’s request (svar på överrapportering). The outcome and times are shown to both parties; the text is the receiver’s record, null for the sender without consent (or emergency access), and `contentWithheld` says so.',
})
export class HandoverAnswerType {
  @Field(() => HandoverAnswerOutcome, { description: 'How the receiver answered.' })
  outcome: HandoverAnswerOutcome;
  @Field(() => String, {
    nullable: true,
    description: 'The advice, the assessment, the plan for the visit or the reason for declining; null when withheld from you.',
  })
  text: string | null;
  @Field({ description: 'The answer’s text is withheld from you; see `withheldReason`.' })
  contentWithheld: boolean;
  @Field(() => WithheldReason, { nullable: true, description: 'Why the text is withheld from you (no consent, or blocked); null when you see it.' })
  withheldReason: WithheldReason | null;
  @Field(() => Date, { nullable: true, description: 'For VISIT_PLANNED: when the visit is planned; null otherwise.' })
  plannedVisitAt: Date | null;
  @Field({
    description:
      'When the answer was given: the time stated for one entered afterwards (paper routine), else when it was recorded. Judged against `respondBy`.',
  })
  answeredAt: Date;
  @Field({ description: 'When the answer was entered in the service.' })
  recordedAt: Date;
  @Field({ description: 'Given by phone or on paper and entered afterwards (reservrutin) with the time it was given.' })
  enteredAfterwards: boolean;
}

@ObjectType('Handover', {
  description:
    'Överrapportering between organisations of the patient’s care team (municipal home healthcare, primary care, a mobile team, SSIH), structured as SBAR, from one organisation to one receiver: acknowledged by the receiver and, unless it is information only, answered by `respondBy`. The SBAR text is null for a receiver without consent (or emergency access) and `contentWithheld` says so.',
})
export class HandoverType {
  @Field(() => ID, { description: 'The handover’s id, e.g. for acknowledgeHandover.' })
  id: string;
  @Field(() => HandoverOccasion, { description: 'Why responsibility moves (enrollment, end of enrollment, after discharge, change in condition, other).' })
  occasion: HandoverOccasion;
  @Field({
    description:
      'When the handover was given: the send time, or for one entered afterwards (paper routine) the time it was actually given. Deadlines count from it.',
  })
  sentAt: Date;
  @Field({ description: 'When the handover was entered in the service; later than `sentAt` when it was entered afterwards.' })
  recordedAt: Date;
  @Field({ description: 'Given by phone or on paper and entered afterwards (reservrutin) with the time it was given.' })
  enteredAfterwards: boolean;
  @Field(() => HandoverUrgency, { description: 'How soon the sender needs an answer (akut, idag, rutin).' })
  urgency: HandoverUrgency;
  @Field(() => HandoverRequestedResponse, { description: 'What the sender asks for; INFORMATION_ONLY needs acknowledgement only.' })
  requestedResponse: HandoverRequestedResponse;
  @Field(() => Date, {
    nullable: true,
    description:
      'When the receiver’s answer is due, from the urgency and `sentAt` (ACUTE 1 hour; TODAY 21:00 Stockholm time, at least 4 hours; ROUTINE end of the next weekday); null for INFORMATION_ONLY.',
  })
  respondBy: Date | null;
  @Field(() => DeadlineStateEnum, { nullable: true, description: 'The answer deadline now (MET, OPEN, OVERDUE, MISSED); null for INFORMATION_ONLY.' })
  responseState: DeadlineStateEnum | null;
  @Field({ description: 'A response was requested and none is given yet.' })
  awaitingAnswer: boolean;
  @Field(() => HandoverAnswerType, { nullable: true, description: 'The receiver’s answer; null while unanswered (and always for INFORMATION_ONLY).' })
  answer: HandoverAnswerType | null;
  @Field(() => String, { nullable: true, description: 'S — situation: what is happening now.' })
  situation: string | null;
  @Field(() => String, { nullable: true, description: 'B — background: relevant history, diagnoses, treatment.' })
  background: string | null;
  @Field(() => String, { nullable: true, description: 'A — assessment: the sender’s judgement of the problem.' })
  assessment: string | null;
  @Field(() => String, { nullable: true, description: 'R — recommendation: what the receiver should do, and when.' })
  recommendation: string | null;
  @Field({ description: 'The SBAR content is withheld from you; see `withheldReason`.' })
  contentWithheld: boolean;
  @Field(() => WithheldReason, { nullable: true, description: 'Why the SBAR text is withheld from you (no consent, or blocked); null when you see it.' })
  withheldReason: WithheldReason | null;
  @Field({
    description:
      'When the receiver must have acknowledged it: the send time plus the acknowledgement hours (ACKNOWLEDGEMENT_HOURS, 24 by default) in force when it was sent.',
  })
  acknowledgementDueAt: Date;
  @Field(() => Date, { nullable: true, description: 'When the receiving organisation acknowledged (kvitterade) it; null while unacknowledged.' })
  acknowledgedAt: Date | null;
  @Field(() => DeadlineStateEnum, { description: 'The acknowledgement deadline now.' })
  acknowledgementState: DeadlineStateEnum;
  @Field(() => Date, { nullable: true, description: 'When the acknowledgement was entered in the service; null while unacknowledged.' })
  acknowledgementRecordedAt: Date | null;
  @Field({ description: 'The acknowledgement was given by phone or on paper and entered afterwards (reservrutin).' })
  acknowledgementEnteredAfterwards: boolean;

  entity: Handover;
  grant: PatientGrant;
}

/** The answer as the grant may see it (its text is the receiver's record). */
function answerView(h: Handover, grant: PatientGrant): HandoverAnswerType | null {
  if (!h.answerOutcome || !h.answeredAt) return null;
  const reason = withheldReason(grant, h.receiverOrganisationId);
  return {
    outcome: h.answerOutcome,
    text: reason ? null : h.answerText,
    contentWithheld: reason !== null,
    withheldReason: reason,
    plannedVisitAt: h.plannedVisitAt,
    answeredAt: h.answeredAt,
    recordedAt: h.answerRecordedAt ?? h.answeredAt,
    enteredAfterwards: h.answerEnteredAfterwards,
  };
}

export function handoverView(h: Handover, grant: PatientGrant, state: DeadlineStateEnum, responseState: DeadlineStateEnum | null): HandoverType {
  const reason = withheldReason(grant, h.senderOrganisationId);
  return {
    id: h.id,
    occasion: h.occasion,
    sentAt: h.sentAt,
    recordedAt: h.recordedAt ?? h.sentAt,
    enteredAfterwards: h.enteredAfterwards,
    urgency: h.urgency,
    requestedResponse: h.requestedResponse,
    respondBy: h.respondBy,
    responseState,
    awaitingAnswer: h.respondBy !== null && h.answeredAt === null,
    answer: answerView(h, grant),
    situation: reason ? null : h.situation,
    background: reason ? null : h.background,
    assessment: reason ? null : h.assessment,
    recommendation: reason ? null : h.recommendation,
    contentWithheld: reason !== null,
    withheldReason: reason,
    acknowledgementDueAt: h.acknowledgementDueAt,
    acknowledgedAt: h.acknowledgedAt,
    acknowledgementState: state,
    acknowledgementRecordedAt: h.acknowledgementRecordedAt ?? h.acknowledgedAt,
    acknowledgementEnteredAfterwards: h.acknowledgementEnteredAfterwards,
    entity: h,
    grant,
  };
}

@ObjectType('PaymentAgreement', {
  description:
    'A municipality’s locally agreed terms of payment responsibility for patients ready for discharge: free days after the notice (law default 3) and the amount per further day. Applies to discharge processes opened after it was set.',
})
export class PaymentAgreementType {
  @Field(() => ID, { description: 'The municipality the agreement is for (`Organisation.id`).' })
  municipalityId: string;
  @Field(() => Int, { description: 'Days after the ready-for-discharge notice before payment starts.' })
  agreedDays: number;
  @Field(() => Int, { nullable: true, description: 'Whole kronor per payable day; null when not agreed.' })
  dailyAmountSek: number | null;
  @Field({ description: 'True when no agreement is recorded and the law’s default of 3 days applies.' })
  isDefault: boolean;
  @Field(() => Date, { nullable: true, description: 'When the agreement was last set; null when none is recorded (the law’s default applies).' })
  updatedAt: Date | null;
}

export const DEFAULT_AGREED_DAYS = 3;

export function agreementView(municipalityId: string, a: MunicipalityPaymentAgreement | null): PaymentAgreementType {
  return a
    ? { municipalityId, agreedDays: a.agreedDays, dailyAmountSek: a.dailyAmountSek, isDefault: false, updatedAt: a.updatedAt }
    : { municipalityId, agreedDays: DEFAULT_AGREED_DAYS, dailyAmountSek: null, isDefault: true, updatedAt: null };
}
