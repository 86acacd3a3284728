import { registerEnumType } from '@nestjs/graphql';

/** Where a SIP is in its life. A revision of an ACTIVE plan keeps the plan ACTIVE, with an open draft. */
export enum CarePlanStatus {
  DRAFT = 'DRAFT',
  ACTIVE = 'ACTIVE',
  CLOSED = 'CLOSED',
  SUPERSEDED = 'SUPERSEDED',
}

/** The plan is no longer open: closed with a reason, or a patient agreement replaced by a SIP. */
export function isEnded(status: CarePlanStatus): boolean {
  return status === CarePlanStatus.CLOSED || status === CarePlanStatus.SUPERSEDED;
}

/** Which kind of plan: a SIP between principals, or a one-organisation documented agreement with the patient. */
export enum PlanType {
  SIP = 'SIP',
  PATIENT_AGREEMENT = 'PATIENT_AGREEMENT',
}

export enum CarePlanActionKind {
  HEALTH_CARE = 'HEALTH_CARE',
  SOCIAL_SERVICE = 'SOCIAL_SERVICE',
  REHABILITATION = 'REHABILITATION',
  NEXT_OF_KIN = 'NEXT_OF_KIN',
  SELF_CARE = 'SELF_CARE',
  OTHER = 'OTHER',
}

export enum CarePlanActionStatus {
  PLANNED = 'PLANNED',
  ONGOING = 'ONGOING',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}

export enum CarePlanParticipantKind {
  ORGANISATION = 'ORGANISATION',
  STAFF = 'STAFF',
  PATIENT = 'PATIENT',
  NEXT_OF_KIN = 'NEXT_OF_KIN',
}

export enum CarePlanCloseReason {
  GOALS_ACHIEVED = 'GOALS_ACHIEVED',
  NO_LONGER_NEEDED = 'NO_LONGER_NEEDED',
  PATIENT_DECLINED = 'PATIENT_DECLINED',
  PATIENT_MOVED = 'PATIENT_MOVED',
  PATIENT_DIED = 'PATIENT_DIED',
  OTHER = 'OTHER',
}

export enum CarePlanMeetingPlace {
  HOME = 'HOME',
  UNIT = 'UNIT',
  VIDEO = 'VIDEO',
}

export enum CarePlanMeetingStatus {
  SCHEDULED = 'SCHEDULED',
  HELD = 'HELD',
  CANCELLED = 'CANCELLED',
}

/** Why a SIP meeting was cancelled or moved (inställt eller flyttat). */
export enum CarePlanMeetingChangeReason {
  PATIENT_REQUEST = 'PATIENT_REQUEST',
  PATIENT_UNWELL = 'PATIENT_UNWELL',
  PATIENT_IN_HOSPITAL = 'PATIENT_IN_HOSPITAL',
  PARTICIPANT_UNAVAILABLE = 'PARTICIPANT_UNAVAILABLE',
  NO_LONGER_NEEDED = 'NO_LONGER_NEEDED',
  OTHER = 'OTHER',
}

/** A person (not an organisation) invited to a SIP meeting. */
export enum CarePlanMeetingPersonKind {
  PATIENT = 'PATIENT',
  NEXT_OF_KIN = 'NEXT_OF_KIN',
}

/** How a person was invited to a SIP meeting (kallelse). */
export enum CarePlanMeetingInvitedVia {
  LETTER = 'LETTER',
  PHONE = 'PHONE',
  MESSAGE_1177 = 'MESSAGE_1177',
  IN_PERSON = 'IN_PERSON',
}

export enum CarePlanItemKind {
  GOAL = 'GOAL',
  ACTION = 'ACTION',
}

export enum CarePlanOutcome {
  ACHIEVED = 'ACHIEVED',
  PARTLY_ACHIEVED = 'PARTLY_ACHIEVED',
  NOT_ACHIEVED = 'NOT_ACHIEVED',
  NOT_RELEVANT = 'NOT_RELEVANT',
}

/** Short patient-reported questions asked at a follow-up, each answered on a 1–5 scale. */
export enum CarePlanExperienceQuestion {
  INVOLVED_IN_PLAN = 'INVOLVED_IN_PLAN',
  KNOWS_WHO_TO_CALL = 'KNOWS_WHO_TO_CALL',
  PLAN_REFLECTS_MY_GOALS = 'PLAN_REFLECTS_MY_GOALS',
  CARE_IS_COORDINATED = 'CARE_IS_COORDINATED',
}

/** What publishing requires; a refused publish names the ones missing. */
export enum CarePlanPublishRequirement {
  SIP_CONSENT = 'SIP_CONSENT',
  TWO_ORGANISATIONS = 'TWO_ORGANISATIONS',
  OVERALL_RESPONSIBILITY = 'OVERALL_RESPONSIBILITY',
  GOAL = 'GOAL',
  ACTION = 'ACTION',
  FUTURE_FOLLOW_UP = 'FUTURE_FOLLOW_UP',
  AGREEMENT_TEXT = 'AGREEMENT_TEXT',
  CARE_CONTACT = 'CARE_CONTACT',
  FUTURE_AGREED_TIME = 'FUTURE_AGREED_TIME',
  DAYTIME_CONTACT = 'DAYTIME_CONTACT',
  OUT_OF_HOURS_CONTACT = 'OUT_OF_HOURS_CONTACT',
}

/** The draft field a publish requirement is about (for naming the missing parts). */
export const PUBLISH_REQUIREMENT_FIELD: Record<CarePlanPublishRequirement, string> = {
  SIP_CONSENT: 'patientId',
  TWO_ORGANISATIONS: 'participants',
  OVERALL_RESPONSIBILITY: 'overallResponsibleOrganisationId',
  GOAL: 'goals',
  ACTION: 'actions',
  FUTURE_FOLLOW_UP: 'nextFollowUpDate',
  AGREEMENT_TEXT: 'agreementText',
  CARE_CONTACT: 'careContactStaffId',
  FUTURE_AGREED_TIME: 'agreedTime',
  DAYTIME_CONTACT: 'daytimeContact',
  OUT_OF_HOURS_CONTACT: 'outOfHoursContact',
};

export const PUBLISH_REQUIREMENT_TEXT: Record<CarePlanPublishRequirement, string> = {
  SIP_CONSENT: 'an active consent to SIP (samtycke till SIP) recorded for the patient',
  TWO_ORGANISATIONS: 'at least two participating organisations',
  OVERALL_RESPONSIBILITY: 'an organisation with overall responsibility (huvudansvar)',
  GOAL: 'at least one goal in the patient’s own words',
  ACTION: 'at least one action (insats)',
  FUTURE_FOLLOW_UP: 'a follow-up date after today',
  AGREEMENT_TEXT: 'patient agreement: the agreement in the patient’s own words (överenskommelsen med patientens ord)',
  CARE_CONTACT: 'patient agreement: a fixed care contact (fast vårdkontakt) working in the publishing organisation',
  FUTURE_AGREED_TIME: 'patient agreement: the next agreed time (överenskommen tid) in the future',
  DAYTIME_CONTACT: 'patient agreement: whom the patient calls in the daytime (name or role, and phone)',
  OUT_OF_HOURS_CONTACT: 'patient agreement: whom the patient calls out of hours, evenings, nights and weekends (name or role, and phone)',
};

export const EXPERIENCE_QUESTION_TEXT: Record<CarePlanExperienceQuestion, string> = {
  INVOLVED_IN_PLAN: '"I was involved in making my plan" (Jag var delaktig när min plan gjordes)',
  KNOWS_WHO_TO_CALL: '"I know who to call" (Jag vet vem jag ska ringa)',
  PLAN_REFLECTS_MY_GOALS: '"The plan is about what matters to me" (Planen handlar om det som är viktigt för mig)',
  CARE_IS_COORDINATED: '"The people who help me work together" (De som hjälper mig samarbetar)',
};

const values = <E extends string>(m: Record<E, string>) =>
  Object.fromEntries(Object.entries(m).map(([k, description]) => [k, { description: description as string }]));

registerEnumType(CarePlanStatus, {
  name: 'CarePlanStatus',
  description: 'Where a care plan (a SIP or a patient agreement) is in its life.',
  valuesMap: values({
    DRAFT: 'Being drafted; never published.',
    ACTIVE: 'Published and in force (a revision may be in progress as a draft).',
    CLOSED: 'Closed with a reason; kept for history.',
    SUPERSEDED: 'A patient agreement replaced by a SIP (ersatt av SIP) when the SIP was first published; its versions are kept for history.',
  }),
});
registerEnumType(PlanType, {
  name: 'CarePlanType',
  description: 'Which kind of care plan, chosen when drafting.',
  valuesMap: values({
    SIP: 'A coordinated individual plan (SIP, samordnad individuell plan): published only with two participating organisations and SIP consent.',
    PATIENT_AGREEMENT:
      'A documented agreement with the patient (dokumenterad överenskommelse, patientkontrakt): one organisation may publish it; it names a fixed care contact (fast vårdkontakt), the next agreed time and whom to call. A SIP can later replace it (replaceAgreementWithSip).',
  }),
});
registerEnumType(CarePlanActionKind, {
  name: 'CarePlanActionKind',
  description: 'What kind of action (insats) a SIP action is.',
  valuesMap: values({
    HEALTH_CARE: 'Health care (hälso- och sjukvård), e.g. home healthcare or the GP.',
    SOCIAL_SERVICE: 'Social services (socialtjänst), e.g. home help (hemtjänst).',
    REHABILITATION: 'Rehabilitation (rehabilitering), e.g. by an occupational therapist or physiotherapist.',
    NEXT_OF_KIN: 'Done by next of kin (närstående); a responsible organisation is optional.',
    SELF_CARE: 'What the patient does themself (egenvård); no responsible organisation or staff member.',
    OTHER: 'Anything else, e.g. by a voluntary organisation.',
  }),
});
registerEnumType(CarePlanActionStatus, {
  name: 'CarePlanActionStatus',
  description: 'State of a SIP action.',
  valuesMap: values({ PLANNED: 'Not started yet.', ONGOING: 'Being carried out.', DONE: 'Finished.', CANCELLED: 'Will not be carried out.' }),
});
registerEnumType(CarePlanParticipantKind, {
  name: 'CarePlanParticipantKind',
  description: 'Who takes part in a SIP.',
  valuesMap: values({
    ORGANISATION: 'A care unit; gives the organisation a care relationship (SIP_PARTICIPANT) with the patient.',
    STAFF: 'A named staff member, representing a participating organisation.',
    PATIENT: 'The patient themself.',
    NEXT_OF_KIN: 'A next of kin (närstående).',
  }),
});
registerEnumType(CarePlanCloseReason, {
  name: 'CarePlanCloseReason',
  description: 'Why a SIP was closed.',
  valuesMap: values({
    GOALS_ACHIEVED: 'The goals are reached; coordination is no longer needed.',
    NO_LONGER_NEEDED: 'Efforts from both principals are no longer needed.',
    PATIENT_DECLINED: 'The patient no longer wants a SIP (withdrew consent).',
    PATIENT_MOVED: 'The patient moved, e.g. to another municipality or to a nursing home.',
    PATIENT_DIED: 'The patient died.',
    OTHER: 'Another reason; say which in the note.',
  }),
});
registerEnumType(CarePlanMeetingPlace, {
  name: 'CarePlanMeetingPlace',
  description: 'Where a SIP meeting is held.',
  valuesMap: values({
    HOME: 'In the patient’s home (the address is not repeated here).',
    UNIT: 'At a care unit; name it in placeDetail.',
    VIDEO: 'By video; the link is placeDetail.',
  }),
});
registerEnumType(CarePlanMeetingStatus, {
  name: 'CarePlanMeetingStatus',
  description: 'State of a SIP meeting.',
  valuesMap: values({
    SCHEDULED: 'Planned; invitations may be acknowledged; it may be moved or cancelled.',
    HELD: 'Held; attendance recorded. A held meeting is never moved or cancelled.',
    CANCELLED: 'Cancelled (inställt) with a reason; kept for history, never held.',
  }),
});
registerEnumType(CarePlanMeetingChangeReason, {
  name: 'CarePlanMeetingChangeReason',
  description: 'Why a SIP meeting was cancelled (inställt) or moved (flyttat).',
  valuesMap: values({
    PATIENT_REQUEST: 'The patient (or their representative) asked for it.',
    PATIENT_UNWELL: 'The patient is too unwell on the day.',
    PATIENT_IN_HOSPITAL: 'The patient has been admitted to hospital (inlagd).',
    PARTICIPANT_UNAVAILABLE: 'A participating organisation or a key person cannot attend.',
    NO_LONGER_NEEDED: 'The meeting is no longer needed (cancelling only, not moving).',
    OTHER: 'Another reason; say which in the note.',
  }),
});
registerEnumType(CarePlanMeetingPersonKind, {
  name: 'CarePlanMeetingPersonKind',
  description: 'Which person is invited to a SIP meeting.',
  valuesMap: values({
    PATIENT: 'The patient themself (at most once per meeting).',
    NEXT_OF_KIN: 'A next of kin (närstående), named with their relation to the patient.',
  }),
});
registerEnumType(CarePlanMeetingInvitedVia, {
  name: 'CarePlanMeetingInvitedVia',
  description: 'How a person was invited (kallad) to a SIP meeting.',
  valuesMap: values({
    LETTER: 'By letter (brev).',
    PHONE: 'By phone (telefon).',
    MESSAGE_1177: 'By a message in 1177 (meddelande via 1177).',
    IN_PERSON: 'In person, e.g. at a home visit.',
  }),
});
registerEnumType(CarePlanItemKind, {
  name: 'CarePlanItemKind',
  description: 'Which part of a SIP a follow-up outcome is about.',
  valuesMap: values({
    GOAL: 'A goal (mål) of the plan; the outcome’s itemId is a CarePlanGoal id.',
    ACTION: 'An action (insats) of the plan; the outcome’s itemId is a CarePlanAction id.',
  }),
});
registerEnumType(CarePlanOutcome, {
  name: 'CarePlanOutcome',
  description: 'How a goal or action turned out at a follow-up.',
  valuesMap: values({
    ACHIEVED: 'Achieved (uppnått), or for an action: done.',
    PARTLY_ACHIEVED: 'Partly achieved (delvis uppnått), or for an action: partly done.',
    NOT_ACHIEVED: 'Not achieved (ej uppnått), or for an action: not done.',
    NOT_RELEVANT: 'No longer relevant (inte längre aktuellt), e.g. the need has changed.',
  }),
});
registerEnumType(CarePlanExperienceQuestion, {
  name: 'CarePlanExperienceQuestion',
  description: 'A short question to the patient about their experience of the SIP, answered on a 1–5 scale (1 = not at all, 5 = completely).',
  valuesMap: values(EXPERIENCE_QUESTION_TEXT),
});
registerEnumType(CarePlanPublishRequirement, {
  name: 'CarePlanPublishRequirement',
  description:
    'A requirement for publishing a care plan (the SIP ones for a SIP, the patient-agreement ones for a patient agreement); a refused publish lists the missing ones in extensions.missing and their fields in extensions.fields.',
  valuesMap: values(PUBLISH_REQUIREMENT_TEXT),
});
