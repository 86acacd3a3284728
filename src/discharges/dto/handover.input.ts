import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsDate, IsEnum, IsOptional } from 'class-validator';
import { PageArgs } from '../../common/pagination';
import { DateWithin, IsId, Text, WITHIN } from '../../common/validators';
import { HandoverAnswerOutcome, HandoverOccasion, HandoverRequestedResponse, HandoverUrgency } from '../discharge.enums';

/** The paper routine's words for a `givenAt` field (the window is checked by the service: handover-deadlines.ts). */
export const GIVEN_AT_TEXT =
  'Paper routine (reservrutin): the time it was actually given, by phone or on paper while the service could not be used, when you enter it afterwards. Not in the future and at most 72 hours ago; deadlines count from it, the time of entry is kept beside it and the entry is flagged `enteredAfterwards`. Left out: now.';

@InputType({ description: 'A handover (överrapportering) in SBAR form to one organisation.' })
export class SendHandoverInput {
  @Field(() => ID, { description: 'The patient the handover is about (`Patient.id`).' })
  @IsId()
  patientId: string;

  @Field(() => ID, {
    description:
      'The receiving organisation (`Organisation.id`): another municipality home healthcare unit, primary care centre, mobile team or SSIH that has a care relationship with the patient (is part of the care team).',
  })
  @IsId()
  receiverOrganisationId: string;

  @Field(() => HandoverUrgency, {
    defaultValue: HandoverUrgency.ROUTINE,
    description: 'How soon you need an answer (brådskandegrad: akut, idag, rutin); with the time given it sets `respondBy`. Default ROUTINE.',
  })
  @IsEnum(HandoverUrgency)
  urgency: HandoverUrgency = HandoverUrgency.ROUTINE;

  @Field(() => HandoverRequestedResponse, {
    defaultValue: HandoverRequestedResponse.INFORMATION_ONLY,
    description:
      'What you ask the receiver for (telefonbedömning, hembesök, läkemedelsgenomgång); INFORMATION_ONLY (för kännedom, the default) needs acknowledgement only, no answer.',
  })
  @IsEnum(HandoverRequestedResponse)
  requestedResponse: HandoverRequestedResponse = HandoverRequestedResponse.INFORMATION_ONLY;

  @Field(() => Date, { nullable: true, description: GIVEN_AT_TEXT })
  @IsOptional()
  @IsDate()
  @DateWithin(WITHIN.past)
  givenAt?: Date | null;

  @Field(() => HandoverOccasion, {
    description: 'Why responsibility moves: enrollment, end of enrollment, after a discharge, a change in condition, or other.',
  })
  @IsEnum(HandoverOccasion)
  occasion: HandoverOccasion;

  @Field({ description: 'S — situation: what is happening now (at most 4000 characters).' })
  @Text(4000)
  situation: string;

  @Field({ description: 'B — background: relevant history, diagnoses, treatment (at most 4000 characters).' })
  @Text(4000)
  background: string;

  @Field({ description: 'A — assessment: your judgement of the problem (at most 4000 characters).' })
  @Text(4000)
  assessment: string;

  @Field({ description: 'R — recommendation: what the receiver should do, and when (at most 4000 characters).' })
  @Text(4000)
  recommendation: string;
}

@InputType({ description: 'The receiving organisation’s answer to a handover’s request (svar på överrapportering).' })
export class AnswerHandoverInput {
  @Field(() => ID, {
    description: 'The handover (`Handover.id`) your organisation received; it must request a response (not INFORMATION_ONLY) and be unanswered.',
  })
  @IsId()
  handoverId: string;

  @Field(() => HandoverAnswerOutcome, { description: 'How you answer: advice given, assessed by phone, a visit planned, or declined.' })
  @IsEnum(HandoverAnswerOutcome)
  outcome: HandoverAnswerOutcome;

  @Field({
    description:
      'The advice, the assessment, who comes and what is done until the visit, or — for DECLINED — the reason (at most 4000 characters; required). Shown to the sender under the consent rule.',
  })
  @Text(4000)
  text: string;

  @Field(() => Date, {
    nullable: true,
    description: 'For VISIT_PLANNED (required there, refused otherwise): when the visit is planned; after the answer and at most 30 days after it.',
  })
  @IsOptional()
  @IsDate()
  @DateWithin(WITHIN.scheduled)
  plannedVisitAt?: Date | null;

  @Field(() => Date, { nullable: true, description: `${GIVEN_AT_TEXT} Not before the handover was given.` })
  @IsOptional()
  @IsDate()
  @DateWithin(WITHIN.past)
  givenAt?: Date | null;
}

@ArgsType()
export class HandoverInboxArgs extends PageArgs {
  @Field({
    defaultValue: false,
    description: 'Also list handovers that await nothing more from you — acknowledged, and answered when a response was requested — after those that do.',
  })
  @IsBoolean()
  includeAcknowledged: boolean = false;
}

@ArgsType()
export class HandoversArgs extends PageArgs {
  @Field(() => ID, { description: 'The patient (`Patient.id`) whose handovers to list.' })
  @IsId()
  patientId: string;
}
