import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDate, IsEnum, IsOptional, ValidateNested } from 'class-validator';
import { LocalDateScalar } from '../../common/scalars';
import { IsId, IsLocalDate, Text, DateWithin, WITHIN } from '../../common/validators';
import { RiskArea, RiskLevel } from '../discharge.enums';

@InputType({ description: 'A message with clinical text to the other parties of a discharge process.' })
export class DischargeNoteInput {
  @Field(() => ID)
  @IsId()
  processId: string;

  @Field({ description: 'For a status message: what the hospital needs to know (current efforts, medication, contacts). For an admission notice: the expected needs after discharge.' })
  @Text(4000)
  note: string;
}

@InputType({ description: 'A ready-for-discharge notice, or its withdrawal.' })
export class ReadyForDischargeInput {
  @Field(() => ID)
  @IsId()
  processId: string;

  @Field(() => String, { nullable: true, description: 'Clinical note; for a withdrawal, why (the patient got worse).' })
  @IsOptional()
  @Text(2000)
  note?: string | null;
}

@InputType({ description: 'Name the patient’s fast vårdkontakt.' })
export class AppointCareContactInput {
  @Field(() => ID)
  @IsId()
  processId: string;

  @Field(() => ID, { description: 'A nurse, care coordinator or physician of your primary care centre (staff id).' })
  @IsId()
  staffId: string;
}

@InputType({ description: 'Share the planned discharge date.' })
export class PlannedDischargeDateInput {
  @Field(() => ID)
  @IsId()
  processId: string;

  @Field(() => LocalDateScalar)
  @IsLocalDate()
  @DateWithin(WITHIN.scheduled)
  plannedDate: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Text(2000)
  note?: string | null;
}

@InputType({ description: 'One risk assessment of the handover.' })
export class RiskAssessmentInput {
  @Field(() => RiskArea)
  @IsEnum(RiskArea)
  area: RiskArea;

  @Field(() => RiskLevel)
  @IsEnum(RiskLevel)
  level: RiskLevel;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Text(1000)
  note?: string | null;
}

@InputType({ description: 'One line of the updated medication list.' })
export class MedicationLineInput {
  @Field()
  @Text(200)
  name: string;

  @Field()
  @Text(200)
  dosage: string;
}

@InputType({ description: 'Utskrivningsinformation: the handover content.' })
export class DischargeHandoverInput {
  @Field()
  @Text(2000)
  reasonForAdmission: string;

  @Field()
  @Text(500)
  responsibleClinicians: string;

  @Field()
  @Text(4000)
  careSummary: string;

  @Field()
  @Text(4000)
  currentHealthAndFunction: string;

  @Field(() => [RiskAssessmentInput], { description: 'Exactly one assessment each for falls, pressure ulcers and nutrition (level NOT_ASSESSED allowed).' })
  @IsArray()
  @ArrayMinSize(3)
  @ArrayMaxSize(3)
  @ValidateNested({ each: true })
  @Type(() => RiskAssessmentInput)
  riskAssessments: RiskAssessmentInput[];

  @Field()
  @Text(4000)
  medicationChanges: string;

  @Field(() => [MedicationLineInput], { description: 'The updated medication list; empty when the patient takes no medication.' })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MedicationLineInput)
  currentMedications: MedicationLineInput[];

  @Field()
  @Text(2000)
  followUp: string;
}

@InputType({ description: 'The discharge notice with its handover.' })
export class DischargeNoticeInput {
  @Field(() => ID)
  @IsId()
  processId: string;

  @Field(() => Date, { nullable: true, description: 'When the patient left; defaults to now. Not in the future, not before the ready-for-discharge notice.' })
  @IsOptional()
  @IsDate()
  @DateWithin(WITHIN.past)
  dischargedAt?: Date | null;

  @Field(() => DischargeHandoverInput)
  @ValidateNested()
  @Type(() => DischargeHandoverInput)
  handover: DischargeHandoverInput;
}

@InputType({ description: 'The SIP invitation from the fast vårdkontakt.' })
export class SipInvitationInput {
  @Field(() => ID)
  @IsId()
  processId: string;

  @Field(() => Date, { nullable: true, description: 'Proposed time of the SIP meeting, often in the home.' })
  @IsOptional()
  @IsDate()
  @DateWithin(WITHIN.scheduled)
  proposedMeetingAt?: Date | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Text(2000)
  note?: string | null;
}
