import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsEnum, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { LocalDateScalar } from '../../common/scalars';
import { IsId, IsLocalDate, Text, DateWithin, IsInstant, WITHIN } from '../../common/validators';
import {
  CarePlanExperienceQuestion,
  CarePlanMeetingChangeReason,
  CarePlanMeetingInvitedVia,
  CarePlanMeetingPersonKind,
  CarePlanMeetingPlace,
  CarePlanOutcome,
} from '../care-plan.enums';

/** Persons (the patient and next of kin) invited to one meeting, at most. */
export const MAX_MEETING_PERSONS = 8;
/** Moves of one meeting, at most; after that, cancel it and schedule a new one. */
export const MAX_MEETING_MOVES = 10;

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

  @Field(() => [ID], {
    defaultValue: [],
    description: `Invited persons (\`CarePlanMeetingPerson.id\`: the patient, next of kin) who attended; the other invited persons are recorded as absent. At most ${MAX_MEETING_PERSONS}.`,
  })
  @IsArray()
  @ArrayMaxSize(MAX_MEETING_PERSONS)
  @IsId(true)
  attendedPersonIds: string[];

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Whether the patient took part. When the patient was invited (invitedPersons) it may be left out and follows from attendedPersonIds, and if given must agree with it; otherwise it is required.',
  })
  @IsOptional()
  @IsBoolean()
  patientAttended?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Whether a next of kin (närstående) took part. When a next of kin was invited it may be left out and follows from attendedPersonIds; it cannot be false when an invited next of kin is among them. Otherwise it is required.',
  })
  @IsOptional()
  @IsBoolean()
  nextOfKinAttended?: boolean | null;
}

@InputType({ description: 'Cancel (ställa in) a scheduled SIP meeting, with a reason.' })
export class CancelCarePlanMeetingInput {
  @Field(() => ID, { description: 'The scheduled meeting (`CarePlanMeeting.id`).' })
  @IsId()
  meetingId: string;

  @Field(() => CarePlanMeetingChangeReason, { description: 'Why the meeting is cancelled.' })
  @IsEnum(CarePlanMeetingChangeReason)
  reason: CarePlanMeetingChangeReason;

  @Field(() => String, { nullable: true, description: 'More about why (at most 500 characters); required when the reason is OTHER.' })
  @IsOptional()
  @Text(500)
  note?: string | null;
}

@InputType({ description: 'Move (flytta) a scheduled SIP meeting to another time, with a reason; the move is kept in the meeting’s history.' })
export class MoveCarePlanMeetingInput {
  @Field(() => ID, { description: 'The scheduled meeting (`CarePlanMeeting.id`).' })
  @IsId()
  meetingId: string;

  @Field({ description: 'The new start, ISO 8601 with offset: in the future, at most three years ahead, and not the current time.' })
  @IsInstant()
  @DateWithin(WITHIN.scheduled)
  startsAt: string;

  @Field(() => CarePlanMeetingChangeReason, { description: 'Why the meeting is moved (not NO_LONGER_NEEDED: cancel it instead).' })
  @IsEnum(CarePlanMeetingChangeReason)
  reason: CarePlanMeetingChangeReason;

  @Field(() => String, { nullable: true, description: 'More about why (at most 500 characters); required when the reason is OTHER.' })
  @IsOptional()
  @Text(500)
  note?: string | null;
}

@InputType({ description: 'Record that the patient or a next of kin (närstående) was invited (kallad) to a scheduled SIP meeting, and how.' })
export class InviteToCarePlanMeetingInput {
  @Field(() => ID, { description: 'The scheduled meeting (`CarePlanMeeting.id`).' })
  @IsId()
  meetingId: string;

  @Field(() => CarePlanMeetingPersonKind, { description: 'The patient (at most once per meeting) or a next of kin.' })
  @IsEnum(CarePlanMeetingPersonKind)
  kind: CarePlanMeetingPersonKind;

  @Field(() => String, { nullable: true, description: 'NEXT_OF_KIN: the name (at most 200 characters), required. Not given for the patient.' })
  @IsOptional()
  @Text(200)
  name?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'NEXT_OF_KIN: relation to the patient, e.g. dotter (at most 100 characters), required. Not given for the patient.',
  })
  @IsOptional()
  @Text(100)
  relation?: string | null;

  @Field(() => CarePlanMeetingInvitedVia, { description: 'How the person was invited: letter, phone, a 1177 message or in person.' })
  @IsEnum(CarePlanMeetingInvitedVia)
  invitedVia: CarePlanMeetingInvitedVia;

  @Field({ nullable: true, description: 'When the person was invited, ISO 8601 with offset, not in the future (default: now).' })
  @IsOptional()
  @IsInstant()
  @DateWithin(WITHIN.past)
  invitedAt?: string;
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
