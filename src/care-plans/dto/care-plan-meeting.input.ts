import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsEnum, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { LocalDateScalar } from '../../common/scalars';
import { IsId, IsLocalDate, Text, DateWithin, IsInstant, WITHIN } from '../../common/validators';
import { CarePlanExperienceQuestion, CarePlanMeetingPlace, CarePlanOutcome } from '../care-plan.enums';

@InputType({ description: 'Schedule a SIP meeting and invite participating organisations.' })
export class ScheduleCarePlanMeetingInput {
  @Field(() => ID, { description: 'The SIP (`CarePlan.id`); it must not be closed.' })
  @IsId()
  carePlanId: string;

  @Field({ description: 'Start, ISO 8601 with offset, in the future.' })
  @IsInstant()
  @DateWithin(WITHIN.scheduled)
  startsAt: string;

  @Field(() => CarePlanMeetingPlace, {
    description: 'Where: HOME (placeDetail empty), UNIT (placeDetail names the unit) or VIDEO (placeDetail is an https link).',
  })
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
  @Field(() => ID, { description: 'The scheduled meeting (`CarePlanMeeting.id`).' })
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

  @Field({ description: 'Whether the patient took part.' })
  @IsBoolean()
  patientAttended: boolean;

  @Field({ description: 'Whether a next of kin (närstående) took part.' })
  @IsBoolean()
  nextOfKinAttended: boolean;
}

@InputType({ description: 'How one goal or action of the version in force turned out.' })
export class CarePlanOutcomeInput {
  @Field(() => ID, { description: 'The id of a goal or an action of the version in force.' })
  @IsId()
  itemId: string;

  @Field(() => CarePlanOutcome, { description: 'How it turned out.' })
  @IsEnum(CarePlanOutcome)
  outcome: CarePlanOutcome;

  @Field(() => String, { nullable: true, description: 'A comment on the outcome (at most 1000 characters); null or left out for none.' })
  @IsOptional()
  @Text(1000)
  comment?: string | null;
}

@InputType({ description: 'The patient’s answer to one short experience question, 1 (not at all) to 5 (completely).' })
export class CarePlanExperienceAnswerInput {
  @Field(() => CarePlanExperienceQuestion, { description: 'Which question; each at most once per follow-up.' })
  @IsEnum(CarePlanExperienceQuestion)
  question: CarePlanExperienceQuestion;

  @Field(() => Int, { description: 'The patient’s answer: 1 (not at all) to 5 (completely).' })
  @IsInt()
  @Min(1)
  @Max(5)
  score: number;
}

@InputType({ description: 'A follow-up (uppföljning) of the SIP in force.' })
export class RecordCarePlanFollowUpInput {
  @Field(() => ID, { description: 'The active (published) SIP followed up (`CarePlan.id`).' })
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

  @Field(() => String, { nullable: true, description: 'A summary of the follow-up in words (at most 2000 characters); null or left out for none.' })
  @IsOptional()
  @Text(2000)
  summary?: string | null;

  @Field(() => [CarePlanOutcomeInput], {
    defaultValue: [],
    description: 'Outcome per goal and action of the version in force (at most 80, each item once); goals and actions left out get none.',
  })
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
