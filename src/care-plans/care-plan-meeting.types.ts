import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { LocalDateScalar } from '../common/scalars';
import {
  CarePlanExperienceQuestion,
  CarePlanItemKind,
  CarePlanMeetingChangeReason,
  CarePlanMeetingInvitedVia,
  CarePlanMeetingPersonKind,
  CarePlanMeetingPlace,
  CarePlanMeetingStatus,
  CarePlanOutcome,
} from './care-plan.enums';

@ObjectType('CarePlanMeeting', { description: 'A SIP meeting (SIP-möte): when, where (home, unit or video), the invited organisations and who attended.' })
export class CarePlanMeetingType {
  @Field(() => ID, { description: 'The meeting’s id, e.g. for acknowledgeCarePlanMeeting and recordCarePlanMeetingHeld.' })
  id: string;
  @Field(() => ID, { description: 'The SIP the meeting is about (`CarePlan.id`).' })
  carePlanId: string;
  @Field({ description: 'When the meeting is planned to start: the latest time when it has been moved (see `moves`).' })
  startsAt: Date;
  @Field(() => CarePlanMeetingPlace, { description: 'Where: in the patient’s home, at a care unit (see placeDetail) or by video (placeDetail is the link).' })
  place: CarePlanMeetingPlace;
  @Field(() => String, { nullable: true, description: 'UNIT: the unit and room; VIDEO: the link.' })
  placeDetail: string | null;
  @Field(() => CarePlanMeetingStatus, { description: 'SCHEDULED until recorded as held (HELD) or cancelled (CANCELLED).' })
  status: CarePlanMeetingStatus;
  @Field({ description: 'When the meeting was scheduled (the invitations were sent).' })
  scheduledAt: Date;
  scheduledByOrganisationId: string;
  @Field(() => Date, { nullable: true, description: 'When the meeting was held, as recorded; null while SCHEDULED.' })
  heldAt: Date | null;
  @Field(() => Boolean, { nullable: true, description: 'Whether the patient took part; null until the meeting is recorded as held.' })
  patientAttended: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Whether a next of kin (närstående) took part; null until the meeting is recorded as held.' })
  nextOfKinAttended: boolean | null;
  attendingStaffIds: string[];
  @Field(() => Date, { nullable: true, description: 'CANCELLED: when the meeting was cancelled (inställt); null otherwise.' })
  cancelledAt: Date | null;
  @Field(() => CarePlanMeetingChangeReason, { nullable: true, description: 'CANCELLED: why; null otherwise.' })
  cancelReason: CarePlanMeetingChangeReason | null;
  @Field(() => String, { nullable: true, description: 'CANCELLED: more about why, as written; null when none.' })
  cancelNote: string | null;
  cancelledByStaffId: string | null;
  cancelledByOrganisationId: string | null;
  /** Next of kin's names may be shown (the plan's identity rule for the reader); not a field. */
  identityVisible?: boolean;
}

@ObjectType('CarePlanMeetingMove', { description: 'One move (flytt) of a SIP meeting to another time: the time before and after, who, when and why.' })
export class CarePlanMeetingMoveType {
  @Field(() => ID, { description: 'The move’s id.' })
  id: string;
  @Field({ description: 'The start before the move.' })
  previousStartsAt: Date;
  @Field({ description: 'The start after the move.' })
  startsAt: Date;
  @Field(() => CarePlanMeetingChangeReason, { description: 'Why the meeting was moved.' })
  reason: CarePlanMeetingChangeReason;
  @Field(() => String, { nullable: true, description: 'More about why, as written; null when none.' })
  note: string | null;
  @Field({ description: 'When the meeting was moved.' })
  movedAt: Date;
  movedByStaffId: string;
  movedByOrganisationId: string;
}

@ObjectType('CarePlanMeetingPerson', {
  description: 'A person invited (kallad) to a SIP meeting: the patient or a next of kin (närstående), how and when, and whether they attended.',
})
export class CarePlanMeetingPersonType {
  @Field(() => ID, { description: 'The person’s invitation id, e.g. for recordCarePlanMeetingHeld’s attendedPersonIds.' })
  id: string;
  @Field(() => CarePlanMeetingPersonKind, { description: 'The patient or a next of kin.' })
  kind: CarePlanMeetingPersonKind;
  @Field(() => String, {
    nullable: true,
    description: 'NEXT_OF_KIN: the name; null for the patient, and under protected identity without a direct care relationship.',
  })
  name: string | null;
  @Field(() => String, { nullable: true, description: 'NEXT_OF_KIN: relation to the patient, e.g. dotter; null for the patient.' })
  relation: string | null;
  @Field(() => CarePlanMeetingInvitedVia, { description: 'How the person was invited: letter, phone, a 1177 message or in person.' })
  invitedVia: CarePlanMeetingInvitedVia;
  @Field({ description: 'When the person was invited.' })
  invitedAt: Date;
  @Field(() => Boolean, { nullable: true, description: 'Attended the meeting; null until the meeting is recorded as held.' })
  attended: boolean | null;
}

@ObjectType('CarePlanMeetingInvitation', { description: 'An organisation invited to a SIP meeting, its acknowledgement (kvittens) and attendance.' })
export class CarePlanMeetingInvitationType {
  @Field(() => ID, { description: 'The invitation’s id.' })
  id: string;
  organisationId: string;
  @Field({ description: 'When the organisation was invited (when the meeting was scheduled).' })
  invitedAt: Date;
  @Field(() => Date, { nullable: true, description: 'When the organisation acknowledged; null while unacknowledged.' })
  acknowledgedAt: Date | null;
  acknowledgedByStaffId: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Attended the meeting; null until the meeting is recorded as held.' })
  attended: boolean | null;
}

@ObjectType('CarePlanFollowUpOutcome', { description: 'How one goal or action turned out at a follow-up.' })
export class CarePlanFollowUpOutcomeType {
  @Field(() => CarePlanItemKind, { description: 'Whether the outcome is about a goal (mål) or an action (insats).' })
  itemKind: CarePlanItemKind;
  @Field(() => ID, { description: 'The goal’s or action’s id in the version followed up.' })
  itemId: string;
  @Field(() => CarePlanOutcome, { description: 'How it turned out: achieved, partly achieved, not achieved, or no longer relevant.' })
  outcome: CarePlanOutcome;
  @Field(() => String, { nullable: true, description: 'A comment on the outcome, as written at the follow-up; null when none.' })
  comment: string | null;
}

@ObjectType('CarePlanExperienceAnswer', { description: 'The patient’s answer to one short experience question, 1 (not at all) to 5 (completely).' })
export class CarePlanExperienceAnswerType {
  @Field(() => CarePlanExperienceQuestion, { description: 'Which question was answered.' })
  question: CarePlanExperienceQuestion;
  @Field(() => Int, { description: 'The patient’s answer: 1 (not at all) to 5 (completely).' })
  score: number;
}

@ObjectType('CarePlanFollowUp', {
  description: 'A follow-up (uppföljning) of a SIP: outcomes per goal and action, the patient’s experience, and the next follow-up date.',
})
export class CarePlanFollowUpType {
  @Field(() => ID, { description: 'The follow-up’s id.' })
  id: string;
  @Field(() => Int, { description: 'The published version followed up.' })
  versionNumber: number;
  @Field(() => LocalDateScalar, { description: 'The day the follow-up (uppföljning) was held (YYYY-MM-DD).' })
  followUpDate: string;
  @Field(() => LocalDateScalar, { nullable: true, description: 'The follow-up date that was in force.' })
  dueDate: string | null;
  @Field(() => LocalDateScalar, { description: 'The next follow-up date it set (YYYY-MM-DD); it became the plan’s nextFollowUpDate.' })
  nextFollowUpDate: string;
  @Field(() => String, { nullable: true, description: 'A summary of the follow-up in words; null when none was written.' })
  summary: string | null;
  @Field({ description: 'When the follow-up was recorded in this service.' })
  recordedAt: Date;
  recordedByStaffId: string;
  recordedByOrganisationId: string;
}
