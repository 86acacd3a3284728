import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsEnum, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { LocalDateScalar } from '../../common/scalars';
import { IsId, IsLocalDate, Text, DateWithin, IsInstant, WITHIN } from '../../common/validators';
import { CarePlanExperienceQuestion, CarePlanMeetingPlace, CarePlanOutcome } from '../care-plan.enums';

@InputType({ description: 'Schedule a SIP meeting and invite participating organisations.' })
export class ScheduleCarePlanMeetingInput {
  @Field(() => ID)
  @IsId()
  carePlanId: string;

  @Field({ description: 'Start, ISO 8601 with offset, in the future.' })
  @IsInstant()
  @DateWithin(WITHIN.scheduled)
  startsAt: string;

  @Field(() => CarePlanMeetingPlace)
  @IsEnum(CarePlanMeetingPlace)
  place: CarePlanMeetingPlace;

  @Field(() => String, { nullable: true, description: 'UNIT: the unit and room; VIDEO: the https link. Not used for HOME.' })
  @IsOptional()
  @Text(500)
  placeDetail?: string | null;

  @Field(() => [ID], { description: 'Participating organisations to invite.' })
  @IsArray()
  @ArrayMinSize(1, { message: 'must invite at least one organisation' })
  @ArrayMaxSize(20)
  @IsId(true)
  invitedOrganisationIds: string[];
}

@InputType({ description: 'Record that a SIP meeting was held, and who attended.' })
export class RecordCarePlanMeetingHeldInput {
  @Field(() => ID)
  @IsId()
  meetingId: string;

  @Field({ nullable: true, description: 'When it was held (default: the scheduled start), ISO 8601 with offset, not in the future.' })
  @IsOptional()
  @IsInstant()
  @DateWithin(WITHIN.past)
  heldAt?: string;

  @Field(() => [ID], { description: 'Invited organisations that attended; the others are recorded as absent.' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsId(true)
  attendedOrganisationIds: string[];

  @Field(() => [ID], { defaultValue: [], description: 'Staff members who attended.' })
  @IsArray()
  @ArrayMaxSize(40)
  @IsId(true)
  attendingStaffIds: string[];

  @Field()
  @IsBoolean()
  patientAttended: boolean;

  @Field()
  @IsBoolean()
  nextOfKinAttended: boolean;
}

@InputType({ description: 'How one goal or action of the version in force turned out.' })
export class CarePlanOutcomeInput {
  @Field(() => ID, { description: 'The id of a goal or an action of the version in force.' })
  @IsId()
  itemId: string;

  @Field(() => CarePlanOutcome)
  @IsEnum(CarePlanOutcome)
  outcome: CarePlanOutcome;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Text(1000)
  comment?: string | null;
}

@InputType({ description: 'The patient’s answer to one short experience question, 1 (not at all) to 5 (completely).' })
export class CarePlanExperienceAnswerInput {
  @Field(() => CarePlanExperienceQuestion)
  @IsEnum(CarePlanExperienceQuestion)
  question: CarePlanExperienceQuestion;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(5)
  score: number;
}

@InputType({ description: 'A follow-up (uppföljning) of the SIP in force.' })
export class RecordCarePlanFollowUpInput {
  @Field(() => ID)
  @IsId()
  carePlanId: string;

  @Field(() => LocalDateScalar, { description: 'When the follow-up was held; not in the future.' })
  @IsLocalDate()
  @DateWithin(WITHIN.past)
  followUpDate: string;

  @Field(() => LocalDateScalar, { description: 'The next follow-up; after today.' })
  @IsLocalDate()
  @DateWithin(WITHIN.scheduled)
  nextFollowUpDate: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Text(2000)
  summary?: string | null;

  @Field(() => [CarePlanOutcomeInput], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(80)
  @ValidateNested({ each: true })
  @Type(() => CarePlanOutcomeInput)
  outcomes: CarePlanOutcomeInput[];

  @Field(() => [CarePlanExperienceAnswerInput], { defaultValue: [], description: 'Optional: the patient’s own experience, short answers.' })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CarePlanExperienceAnswerInput)
  experience: CarePlanExperienceAnswerInput[];
}
