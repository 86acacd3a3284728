import { PlanType } from '../care-plans/care-plan.enums';
import { CarePlanCallContactType } from '../care-plans/care-plan.types';
import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { AuditOutcome } from '../audit/audit-log.entity';
import { LocalDateScalar } from '../common/scalars';
import { CarePlanActionStatus, CarePlanMeetingChangeReason, CarePlanMeetingPlace, CarePlanMeetingStatus } from '../care-plans/care-plan.enums';
import { ContactHours } from '../deterioration-plans/deterioration-plan.entity';
import { ContactType } from '../deterioration-plans/deterioration-plan.types';
import { CarePlanProposalStatus } from './care-plan-proposal.entity';
import { RepresentativeKind } from './patient-representative.entity';

registerEnumType(RepresentativeKind, {
  name: 'RepresentativeKind',
  description: 'The authority a representative holds to act for a patient.',
  valuesMap: {
    OMBUD: { description: 'Ombud: given power of attorney (fullmakt) by the patient.' },
    GOD_MAN: { description: 'God man: appointed by the district court to help the patient, with the patient’s consent.' },
    FORVALTARE: { description: 'Förvaltare: appointed by the district court to act for the patient in the matters the decision names.' },
  },
});

registerEnumType(CarePlanProposalStatus, {
  name: 'CarePlanProposalStatus',
  description: 'What became of a patient’s proposal to their SIP.',
  valuesMap: {
    PROPOSED: { description: 'Sent, waiting for an organisation taking part in the SIP.' },
    ACCEPTED: { description: 'Taken into the SIP’s draft (and what matters to me, when proposed); it applies once the draft is published.' },
    DECLINED: { description: 'Declined, with a reason.' },
  },
});

export enum LogActorKind {
  STAFF = 'STAFF',
  PATIENT = 'PATIENT',
  REPRESENTATIVE = 'REPRESENTATIVE',
  SERVICE = 'SERVICE',
}
registerEnumType(LogActorKind, {
  name: 'LogActorKind',
  description: 'Who made a logged access in a patient’s own log extract.',
  valuesMap: {
    STAFF: { description: 'Staff of a care unit (the unit is named).' },
    PATIENT: { description: 'You, signed in to your own view.' },
    REPRESENTATIVE: { description: 'Your recorded representative (ombud, god man, förvaltare), signed in to act for you.' },
    SERVICE: { description: 'The service itself for a care unit: the reserve printout made for the unit (reservrutin).' },
  },
});

@ObjectType('MyCarePlanGoal', { description: 'A goal of your SIP (mål), as published.' })
export class MyCarePlanGoalType {
  @Field({ description: 'The goal, in the plan’s words.' })
  text: string;
}

@ObjectType('MyCarePlanAction', { description: 'An action of your SIP (insats): what is done, and who does it.' })
export class MyCarePlanActionType {
  @Field({ description: 'What is done.' })
  description: string;
  @Field(() => String, { nullable: true, description: 'The unit responsible, e.g. "Hemsjukvården Sjöbacken"; null when a person does it (see performedBy).' })
  responsibleUnit: string | null;
  @Field(() => String, { nullable: true, description: 'The named staff member responsible, when the plan names one.' })
  responsiblePerson: string | null;
  @Field(() => String, { nullable: true, description: 'Who does it when not a unit, e.g. yourself or a next of kin ("Dottern Anna").' })
  performedBy: string | null;
  @Field(() => LocalDateScalar, { description: 'From (YYYY-MM-DD).' })
  startDate: string;
  @Field(() => LocalDateScalar, { nullable: true, description: 'Until (YYYY-MM-DD); null for until further notice.' })
  endDate: string | null;
  @Field(() => CarePlanActionStatus, { description: 'Planned, ongoing, done or cancelled.' })
  status: CarePlanActionStatus;
}

@ObjectType('MyCarePlan', {
  description:
    'Your plan as published — a SIP (samordnad individuell plan) or an agreement made with one unit (dokumenterad överenskommelse, patientkontrakt): the version in force, never a draft being worked on.',
})
export class MyCarePlanType {
  @Field(() => PlanType, { description: 'A SIP, or an agreement with one unit (patientkontrakt).' })
  planType: PlanType;
  @Field(() => String, { nullable: true, description: 'The agreement in your own words (patientkontrakt); null for a SIP.' })
  agreementText: string | null;
  @Field(() => Date, { nullable: true, description: 'The next time agreed with you (överenskommen tid); null when none was set.' })
  agreedTime: Date | null;
  @Field(() => CarePlanCallContactType, { nullable: true, description: 'Whom you call in the daytime, as the agreement says; null when not set.' })
  daytimeContact: CarePlanCallContactType | null;
  @Field(() => CarePlanCallContactType, {
    nullable: true,
    description: 'Whom you call evenings, nights and weekends, as the agreement says; null when not set.',
  })
  outOfHoursContact: CarePlanCallContactType | null;
  @Field(() => ID, { description: 'The SIP; name it when proposing a change (proposeCarePlanChange).' })
  carePlanId: string;
  @Field(() => Int, { description: 'The number of the version in force: 1, 2, 3…' })
  versionNumber: number;
  @Field({ description: 'When this version was published.' })
  publishedAt: Date;
  @Field({ description: 'Why the plan is needed.' })
  reason: string;
  @Field(() => [MyCarePlanGoalType], { description: 'The goals (mål), in the plan’s order.' })
  goals: MyCarePlanGoalType[];
  @Field(() => [MyCarePlanActionType], { description: 'The actions (insatser): who does what.' })
  actions: MyCarePlanActionType[];
  @Field(() => String, { nullable: true, description: 'The unit with overall responsibility for the plan (huvudansvar).' })
  responsibleUnit: string | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'When the plan is next followed up (YYYY-MM-DD).' })
  nextFollowUp: string | null;
}

@ObjectType('MyNamedContact', { description: 'A named contact of your care.' })
export class MyNamedContactType {
  @Field({ description: 'Their name, as registered.' })
  name: string;
  @Field({ description: 'Profession, e.g. "Sjuksköterska", "Distriktsläkare".' })
  title: string;
  @Field({ description: 'The unit they work at.' })
  unit: string;
  @Field(() => String, { nullable: true, description: 'Work phone; null when none is registered.' })
  phone: string | null;
}

@ObjectType('MyContacts', { description: 'Whom to call now: your named contacts, and the contact ladder of your deterioration plan for this hour.' })
export class MyContactsType {
  @Field(() => MyNamedContactType, { nullable: true, description: 'Your fast vårdkontakt (named nurse) in home healthcare; null when not enrolled.' })
  careContact: MyNamedContactType | null;
  @Field(() => MyNamedContactType, { nullable: true, description: 'Your fast läkarkontakt (named physician); null when not enrolled.' })
  physicianContact: MyNamedContactType | null;
  @Field(() => ContactHours, { description: 'Office hours (kontorstid) or out of hours (jourtid), now.' })
  contactHours: ContactHours;
  @Field(() => [ContactType], {
    description:
      'Whom to call if you get worse, in order, for this hour: from your signed deterioration plan (handlingsplan vid försämring); empty without one.',
  })
  contactLadder: ContactType[];
}

@ObjectType('MyCare', { description: 'Your own view of your care (for you, or your representative).' })
export class MyCareType {
  @Field({ description: 'Your given name.' })
  givenName: string;
  @Field({ description: 'Your family name.' })
  familyName: string;
  @Field(() => String, { nullable: true, description: 'What matters to you (vad är viktigt för mig), as recorded.' })
  whatMattersToMe: string | null;
  @Field(() => MyCarePlanType, { nullable: true, description: 'Your SIP as published; null when none is in force.' })
  carePlan: MyCarePlanType | null;
  @Field(() => MyContactsType, { description: 'Whom to call now.' })
  contacts: MyContactsType;
  @Field(() => RepresentativeKind, {
    nullable: true,
    description: 'When signed in as a representative: your authority (ombud, god man, förvaltare); null for the patient.',
  })
  actingAs: RepresentativeKind | null;
}

@ObjectType('MyCarePlanMeeting', { description: 'A meeting about your SIP (SIP-möte).' })
export class MyCarePlanMeetingType {
  @Field(() => ID, { description: 'The meeting.' })
  id: string;
  @Field({ description: 'When it starts (its current time, when it was moved).' })
  startsAt: Date;
  @Field(() => CarePlanMeetingPlace, { description: 'Where: at home, at a unit, or by video.' })
  place: CarePlanMeetingPlace;
  @Field(() => String, { nullable: true, description: 'Which unit and room, or the video link.' })
  placeDetail: string | null;
  @Field(() => CarePlanMeetingStatus, { description: 'Scheduled, held or cancelled.' })
  status: CarePlanMeetingStatus;
  @Field({ description: 'The meeting was moved from an earlier agreed time.' })
  moved: boolean;
  @Field(() => CarePlanMeetingChangeReason, { nullable: true, description: 'Why it was cancelled; null unless cancelled.' })
  cancelReason: CarePlanMeetingChangeReason | null;
}

@ObjectType('MyTask', { description: 'Something to be done in your SIP, and who does it (an open task).' })
export class MyTaskType {
  @Field({ description: 'What is to be done.' })
  title: string;
  @Field(() => LocalDateScalar, { description: 'By when (YYYY-MM-DD).' })
  dueDate: string;
  @Field({ description: 'The unit that does it.' })
  unit: string;
  @Field(() => String, { nullable: true, description: 'The role there (e.g. NURSE) when no person is named; null when a person is.' })
  role: string | null;
  @Field({ description: 'The unit has accepted the task.' })
  accepted: boolean;
}

@ObjectType('MyLogEntry', { description: 'One access to your data, or an attempt (loggutdrag): who, which unit, when.' })
export class MyLogEntryType {
  @Field({ description: 'When.' })
  at: Date;
  @Field(() => LogActorKind, { description: 'Staff, you, your representative, or the service for a unit.' })
  who: LogActorKind;
  @Field(() => String, { nullable: true, description: 'The care unit, for staff and the service; null for you or your representative.' })
  unit: string | null;
  @Field(() => String, { nullable: true, description: 'The staff member’s role (e.g. NURSE); null for you or your representative.' })
  role: string | null;
  @Field({ description: 'What was done, e.g. patient, myCare, updateCarePlanDraft.' })
  operation: string;
  @Field({ description: 'Made under emergency access (nödåtkomst), or an urgent read by ambulance or out-of-hours staff.' })
  emergency: boolean;
  @Field(() => AuditOutcome, { description: 'Whether it was allowed, refused or failed.' })
  outcome: AuditOutcome;
}

@ObjectType('CarePlanProposal', {
  description: 'A change the patient (or their representative) proposed to the goals of their SIP or to what matters to them.',
})
export class CarePlanProposalType {
  @Field(() => ID, { description: 'The proposal.' })
  id: string;
  @Field(() => ID, { description: 'The patient.' })
  patientId: string;
  @Field(() => ID, { description: 'The SIP it is for.' })
  carePlanId: string;
  @Field(() => [String], { description: 'New goals in the patient’s words (at most 10); empty when only what matters to me is proposed.' })
  goals: string[];
  @Field(() => String, { nullable: true, description: 'New words for what matters to me (vad är viktigt för mig); null when not proposed.' })
  whatMattersToMe: string | null;
  @Field({ description: 'The patient’s message with the proposal.' })
  message: string;
  @Field(() => CarePlanProposalStatus, { description: 'Proposed, accepted or declined.' })
  status: CarePlanProposalStatus;
  @Field({ description: 'When it was proposed.' })
  proposedAt: Date;
  @Field({ description: 'Proposed by a representative (ombud, god man, förvaltare) rather than the patient themself.' })
  byRepresentative: boolean;
  @Field(() => Date, { nullable: true, description: 'When it was accepted or declined.' })
  decidedAt: Date | null;
  @Field(() => String, { nullable: true, description: 'The unit that accepted or declined it.' })
  decidedByUnit: string | null;
  @Field(() => String, { nullable: true, description: 'Why it was declined.' })
  declineReason: string | null;
}

@ObjectType('PatientRepresentative', { description: 'A representative recorded for a patient (ombud, god man, förvaltare).' })
export class PatientRepresentativeType {
  @Field(() => ID, { description: 'The representation.' })
  id: string;
  @Field(() => ID, { description: 'The patient represented.' })
  patientId: string;
  @Field({ description: 'The representative’s name.' })
  name: string;
  @Field(() => RepresentativeKind, { description: 'Ombud, god man or förvaltare.' })
  kind: RepresentativeKind;
  @Field(() => LocalDateScalar, { description: 'First day of the authority (YYYY-MM-DD).' })
  validFrom: string;
  @Field(() => LocalDateScalar, { nullable: true, description: 'Last day (YYYY-MM-DD, inclusive); null until ended.' })
  validTo: string | null;
  @Field({ description: 'The authority holds today (within its period, not ended).' })
  current: boolean;
  @Field({ description: 'When it was recorded.' })
  recordedAt: Date;
  @Field(() => String, { nullable: true, description: 'Why it was ended; null while it holds.' })
  endReason: string | null;
}
