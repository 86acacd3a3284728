import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDate, IsEnum, IsOptional, ValidateNested } from 'class-validator';
import { LocalDateScalar } from '../../common/scalars';
import { IsId, IsLocalDate, Text, DateWithin, WITHIN } from '../../common/validators';
import { RiskArea, RiskLevel } from '../discharge.enums';
import { MAX_MEDICATION_LINES, MedicationLineInput } from './medication.input';

/** The paper routine (reservrutin): how far back a message or acknowledgement may be entered afterwards. */
export const PAPER_ROUTINE_HOURS = 72;

const GIVEN_AT = `Reservrutin: when the message was actually given, by phone or on paper during downtime, if it is entered afterwards; null or left out when it is given now. Not in the future, at most ${PAPER_ROUTINE_HOURS} hours back, and not before the admission or the process’s latest message (the messages keep the order in which they were given). The law’s deadlines count from this time; the message shows \`enteredAfterwards\` and \`recordedAt\`.`;

@InputType({ description: 'A message with clinical text to the other parties of a discharge process.' })
export class DischargeNoteInput {
  @Field(() => ID, { description: 'The discharge process (`DischargeProcess.id`) your organisation is a party of.' })
  @IsId()
  processId: string;

  @Field(() => Date, {
    nullable: true,
    description: GIVEN_AT,
  })
  @IsOptional()
  @IsDate()
  givenAt?: Date | null;

  @Field({
    description:
      'For a status message: what the hospital needs to know (current efforts, medication, contacts). For an admission notice: the expected needs after discharge.',
  })
  @Text(4000)
  note: string;

  @Field(() => [MedicationLineInput], {
    nullable: true,
    description:
      'Status message only: the medication list at home as the municipality knows it (läkemedelslista, at most 100 lines), each line with its status since the list the municipality last had (a line STOPPED or CHANGED with its reason). Null or left out for none; refused (BAD_USER_INPUT) on an admission notice.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_MEDICATION_LINES)
  @ValidateNested({ each: true })
  @Type(() => MedicationLineInput)
  medications?: MedicationLineInput[] | null;
}

@InputType({ description: 'A ready-for-discharge notice, or its withdrawal.' })
export class ReadyForDischargeInput {
  @Field(() => ID, { description: 'The discharge process (`DischargeProcess.id`) of the patient at your ward.' })
  @IsId()
  processId: string;

  @Field(() => Date, {
    nullable: true,
    description: GIVEN_AT,
  })
  @IsOptional()
  @IsDate()
  givenAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Clinical note; for a withdrawal, why (the patient got worse).' })
  @IsOptional()
  @Text(2000)
  note?: string | null;
}

@InputType({ description: 'Name the patient’s fast vårdkontakt.' })
export class AppointCareContactInput {
  @Field(() => ID, {
    description:
      'The discharge process (`DischargeProcess.id`) in which your unit is the open-care receiver (primary care centre, SSIH or regional mobile team).',
  })
  @IsId()
  processId: string;

  @Field(() => Date, {
    nullable: true,
    description: GIVEN_AT,
  })
  @IsOptional()
  @IsDate()
  givenAt?: Date | null;

  @Field(() => ID, { description: 'A nurse, care coordinator or physician of your unit, the open-care receiver (staff id).' })
  @IsId()
  staffId: string;
}

@InputType({ description: 'Share the planned discharge date.' })
export class PlannedDischargeDateInput {
  @Field(() => ID, { description: 'The discharge process (`DischargeProcess.id`) of the patient at your ward.' })
  @IsId()
  processId: string;

  @Field(() => Date, {
    nullable: true,
    description: GIVEN_AT,
  })
  @IsOptional()
  @IsDate()
  givenAt?: Date | null;

  @Field(() => LocalDateScalar, { description: 'The planned discharge day (planerat utskrivningsdatum, YYYY-MM-DD); not before the admission day.' })
  @IsLocalDate()
  @DateWithin(WITHIN.scheduled)
  plannedDate: string;

  @Field(() => String, {
    nullable: true,
    description: 'Clinical note to the receivers (at most 2000 characters), shown to others only with consent; null or left out for none.',
  })
  @IsOptional()
  @Text(2000)
  note?: string | null;
}

@InputType({ description: 'One risk assessment of the handover.' })
export class RiskAssessmentInput {
  @Field(() => RiskArea, { description: 'Which risk: falls, pressure ulcers or nutrition; each exactly once per handover.' })
  @IsEnum(RiskArea)
  area: RiskArea;

  @Field(() => RiskLevel, { description: 'The outcome, or NOT_ASSESSED.' })
  @IsEnum(RiskLevel)
  level: RiskLevel;

  @Field(() => String, {
    nullable: true,
    description: 'Details, e.g. the scale used (Downton, Norton, MNA) and planned measures (at most 1000 characters); null or left out for none.',
  })
  @IsOptional()
  @Text(1000)
  note?: string | null;
}

@InputType({ description: 'Utskrivningsinformation: the handover content.' })
export class DischargeHandoverInput {
  @Field({ description: 'Reason for admission (orsak till inläggning), at most 2000 characters.' })
  @Text(2000)
  reasonForAdmission: string;

  @Field({ description: 'Who was responsible: the ward and responsible physician(s), at most 500 characters.' })
  @Text(500)
  responsibleClinicians: string;

  @Field({ description: 'Summary of the care given and any complications (vårdförlopp), at most 4000 characters.' })
  @Text(4000)
  careSummary: string;

  @Field({ description: 'Current health and function (hälsotillstånd och funktionsförmåga) at discharge, at most 4000 characters.' })
  @Text(4000)
  currentHealthAndFunction: string;

  @Field(() => [RiskAssessmentInput], { description: 'Exactly one assessment each for falls, pressure ulcers and nutrition (level NOT_ASSESSED allowed).' })
  @IsArray()
  @ArrayMinSize(3)
  @ArrayMaxSize(3)
  @ValidateNested({ each: true })
  @Type(() => RiskAssessmentInput)
  riskAssessments: RiskAssessmentInput[];

  @Field({ description: 'Medication changes during the stay and why (läkemedelsberättelse), at most 4000 characters; say so when there were none.' })
  @Text(4000)
  medicationChanges: string;

  @Field(() => [MedicationLineInput], {
    description:
      'The medication list at discharge (läkemedelslista), at most 100 lines: every medicine the patient is to take, with its status (NEW, CHANGED, UNCHANGED), and every medicine stopped during the stay (STOPPED, utsatt), each CHANGED or STOPPED line with its reason. Empty when the patient takes no medication and none was stopped. Replaces the free-text `currentMedications {name dosage}` of earlier versions.',
  })
  @IsArray()
  @ArrayMaxSize(MAX_MEDICATION_LINES)
  @ValidateNested({ each: true })
  @Type(() => MedicationLineInput)
  medications: MedicationLineInput[];

  @Field({ description: 'Planned follow-up after discharge: who does what, when (at most 2000 characters).' })
  @Text(2000)
  followUp: string;
}

@InputType({ description: 'The discharge notice with its handover.' })
export class DischargeNoticeInput {
  @Field(() => ID, { description: 'The discharge process (`DischargeProcess.id`) of the patient leaving your ward; it must be READY_FOR_DISCHARGE.' })
  @IsId()
  processId: string;

  @Field(() => Date, {
    nullable: true,
    description: GIVEN_AT,
  })
  @IsOptional()
  @IsDate()
  givenAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the patient left; defaults to now. Not in the future, not before the ready-for-discharge notice.' })
  @IsOptional()
  @IsDate()
  @DateWithin(WITHIN.past)
  dischargedAt?: Date | null;

  @Field(() => DischargeHandoverInput, {
    description: 'The utskrivningsinformation sent with the notice to the receiving municipality and the open-care receiver.',
  })
  @ValidateNested()
  @Type(() => DischargeHandoverInput)
  handover: DischargeHandoverInput;
}

@InputType({ description: 'The SIP invitation from the fast vårdkontakt.' })
export class SipInvitationInput {
  @Field(() => ID, {
    description:
      'The discharge process (`DischargeProcess.id`) in which your unit is the open-care receiver (primary care centre, SSIH or regional mobile team).',
  })
  @IsId()
  processId: string;

  @Field(() => Date, {
    nullable: true,
    description: GIVEN_AT,
  })
  @IsOptional()
  @IsDate()
  givenAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Proposed time of the SIP meeting, often in the home.' })
  @IsOptional()
  @IsDate()
  @DateWithin(WITHIN.scheduled)
  proposedMeetingAt?: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'A note to the receivers (at most 2000 characters), shown to others only with consent; null or left out for none.',
  })
  @IsOptional()
  @Text(2000)
  note?: string | null;
}

/** The longest reason for a retraction. */
export const MAX_RETRACTION_REASON = 1000;

@InputType({ description: 'Retract (makulera) a discharge message your organisation sent.' })
export class RetractDischargeMessageInput {
  @Field(() => ID, { description: 'The message (`DischargeMessage.id`) your organisation sent.' })
  @IsId()
  messageId: string;

  @Field({
    description: `Why the message is retracted (required, at most ${MAX_RETRACTION_REASON} characters), e.g. "Skickat för fel patient" or "Fel datum, nytt meddelande skickas". Shown to the receivers like the message’s note.`,
  })
  @Text(MAX_RETRACTION_REASON)
  reason: string;
}
