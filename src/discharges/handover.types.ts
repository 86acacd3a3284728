import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PatientGrant } from '../access/patient-grant';
import { WithheldReason } from '../patients/patient.types';
import { DeadlineStateEnum, HandoverOccasion } from './discharge.enums';
import { withheldReason } from './discharges.types';
import { Handover, MunicipalityPaymentAgreement } from './handover.entity';

@ObjectType('Handover', {
  description:
    'Överrapportering between municipal home healthcare and the primary care centre, structured as SBAR, from one organisation to one receiver, acknowledged by the receiver. The SBAR text is null for a receiver without consent (or emergency access) and `contentWithheld` says so.',
})
export class HandoverType {
  @Field(() => ID, { description: 'The handover’s id, e.g. for acknowledgeHandover.' })
  id: string;
  @Field(() => HandoverOccasion, { description: 'Why responsibility moves (enrollment, end of enrollment, after discharge, change in condition, other).' })
  occasion: HandoverOccasion;
  @Field({ description: 'When the handover was sent.' })
  sentAt: Date;
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

  entity: Handover;
  grant: PatientGrant;
}

export function handoverView(h: Handover, grant: PatientGrant, state: DeadlineStateEnum): HandoverType {
  const reason = withheldReason(grant, h.senderOrganisationId);
  return {
    id: h.id,
    occasion: h.occasion,
    sentAt: h.sentAt,
    situation: reason ? null : h.situation,
    background: reason ? null : h.background,
    assessment: reason ? null : h.assessment,
    recommendation: reason ? null : h.recommendation,
    contentWithheld: reason !== null,
    withheldReason: reason,
    acknowledgementDueAt: h.acknowledgementDueAt,
    acknowledgedAt: h.acknowledgedAt,
    acknowledgementState: state,
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
