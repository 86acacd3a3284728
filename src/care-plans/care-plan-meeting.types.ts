import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { LocalDateScalar } from '../common/scalars';
import { CarePlanExperienceQuestion, CarePlanItemKind, CarePlanMeetingPlace, CarePlanMeetingStatus, CarePlanOutcome } from './care-plan.enums';

@ObjectType('CarePlanMeeting', { description: 'A SIP meeting (SIP-möte): when, where (home, unit or video), the invited organisations and who attended.' })
export class CarePlanMeetingType {
  @Field(() => ID)
  id: string;
  @Field(() => ID)
  carePlanId: string;
  @Field()
  startsAt: Date;
  @Field(() => CarePlanMeetingPlace)
  place: CarePlanMeetingPlace;
  @Field(() => String, { nullable: true, description: 'UNIT: the unit and room; VIDEO: the link.' })
  placeDetail: string | null;
  @Field(() => CarePlanMeetingStatus)
  status: CarePlanMeetingStatus;
  @Field()
  scheduledAt: Date;
  scheduledByOrganisationId: string;
  @Field(() => Date, { nullable: true })
  heldAt: Date | null;
  @Field(() => Boolean, { nullable: true })
  patientAttended: boolean | null;
  @Field(() => Boolean, { nullable: true })
  nextOfKinAttended: boolean | null;
  attendingStaffIds: string[];
}

@ObjectType('CarePlanMeetingInvitation', { description: 'An organisation invited to a SIP meeting, its acknowledgement (kvittens) and attendance.' })
export class CarePlanMeetingInvitationType {
  @Field(() => ID)
  id: string;
  organisationId: string;
  @Field()
  invitedAt: Date;
  @Field(() => Date, { nullable: true, description: 'When the organisation acknowledged; null while unacknowledged.' })
  acknowledgedAt: Date | null;
  acknowledgedByStaffId: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Attended the meeting; null until the meeting is recorded as held.' })
  attended: boolean | null;
}

@ObjectType('CarePlanFollowUpOutcome', { description: 'How one goal or action turned out at a follow-up.' })
export class CarePlanFollowUpOutcomeType {
  @Field(() => CarePlanItemKind)
  itemKind: CarePlanItemKind;
  @Field(() => ID, { description: 'The goal’s or action’s id in the version followed up.' })
  itemId: string;
  @Field(() => CarePlanOutcome)
  outcome: CarePlanOutcome;
  @Field(() => String, { nullable: true })
  comment: string | null;
}

@ObjectType('CarePlanExperienceAnswer', { description: 'The patient’s answer to one short experience question, 1 (not at all) to 5 (completely).' })
export class CarePlanExperienceAnswerType {
  @Field(() => CarePlanExperienceQuestion)
  question: CarePlanExperienceQuestion;
  @Field(() => Int)
  score: number;
}

@ObjectType('CarePlanFollowUp', { description: 'A follow-up (uppföljning) of a SIP: outcomes per goal and action, the patient’s experience, and the next follow-up date.' })
export class CarePlanFollowUpType {
  @Field(() => ID)
  id: string;
  @Field(() => Int, { description: 'The published version followed up.' })
  versionNumber: number;
  @Field(() => LocalDateScalar)
  followUpDate: string;
  @Field(() => LocalDateScalar, { nullable: true, description: 'The follow-up date that was in force.' })
  dueDate: string | null;
  @Field(() => LocalDateScalar)
  nextFollowUpDate: string;
  @Field(() => String, { nullable: true })
  summary: string | null;
  @Field()
  recordedAt: Date;
  recordedByStaffId: string;
  recordedByOrganisationId: string;
}
