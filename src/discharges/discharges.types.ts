import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { canSeeAuthor, canSeeRecordedBy, PatientGrant } from '../access/patient-grant';
import { LocalDateScalar } from '../common/scalars';
import { WithheldReason } from '../patients/patient.types';
import { DischargeHandoverRecord, DischargeMessage, DischargeProcess } from './discharge-process.entity';
import {
  CancellationReason,
  DeadlineKind,
  DeadlineStateEnum,
  DischargeMessageKind,
  DischargeParty,
  DischargeStatus,
  RiskArea,
  RiskLevel,
} from './discharge.enums';
import { isCurrent } from './medication-lines';
import { linesView, MedicationLineType } from './medication.types';

/** Why content recorded by `organisationId` is withheld from the grant's holder, or null when shown. */
export function withheldReason(grant: PatientGrant, organisationId: string): WithheldReason | null {
  if (canSeeRecordedBy(grant, organisationId)) return null;
  return grant.blockedOrganisationIds.includes(organisationId) ? WithheldReason.BLOCKED : WithheldReason.NO_CONSENT;
}

/** The actor's party in a process, if any. */
export function partyOf(p: Pick<DischargeProcess, 'hospitalId' | 'municipalityId' | 'primaryCareId'>, organisationId: string): DischargeParty | null {
  if (p.hospitalId === organisationId) return DischargeParty.HOSPITAL;
  if (p.municipalityId === organisationId) return DischargeParty.MUNICIPALITY;
  if (p.primaryCareId === organisationId) return DischargeParty.PRIMARY_CARE;
  return null;
}

@ObjectType('DischargeRiskAssessment', { description: 'One risk assessment in the discharge handover (falls, pressure ulcers, nutrition).' })
export class RiskAssessmentType {
  @Field(() => RiskArea, { description: 'Which risk: falls (fallrisk), pressure ulcers (trycksår) or nutrition (undernäring).' })
  area: RiskArea;
  @Field(() => RiskLevel, { description: 'The outcome of the assessment, or NOT_ASSESSED.' })
  level: RiskLevel;
  @Field(() => String, { nullable: true, description: 'Details, e.g. the scale used and planned measures.' })
  note: string | null;
}

@ObjectType('DischargeHandover', { description: 'Utskrivningsinformation: the handover sent with the discharge notice to the receiving units.' })
export class DischargeHandoverType {
  @Field({ description: 'Reason for admission (orsak till inläggning).' })
  reasonForAdmission: string;
  @Field({ description: 'Who was responsible: ward and responsible physician(s).' })
  responsibleClinicians: string;
  @Field({ description: 'Summary of the care given and any complications.' })
  careSummary: string;
  @Field({ description: 'Current health and function (hälsotillstånd och funktionsförmåga).' })
  currentHealthAndFunction: string;
  @Field(() => [RiskAssessmentType], { description: 'Risk assessments: falls, pressure ulcers, nutrition.' })
  riskAssessments: RiskAssessmentType[];
  @Field({ description: 'Medication changes during the stay and why (läkemedelsberättelse).' })
  medicationChanges: string;
  @Field(() => [MedicationLineType], {
    description:
      'The medication list at discharge (läkemedelslista), in the order sent: every medicine to be taken with its status (ny, ändrad, oförändrad) and every medicine stopped during the stay (utsatt), each with dose (dosering), route (administrationssätt) and, for changed and stopped ones, the reason. The medication reconciliation names its lines by `lineNumber`.',
  })
  medications: MedicationLineType[];
  @Field(() => [MedicationLineType], {
    description: 'The lines still to be taken: `medications` without the STOPPED (utsatt) ones.',
    deprecationReason: 'Use `medications`, which also holds the stopped lines and each line’s status.',
  })
  currentMedications: MedicationLineType[];
  @Field({ description: 'Planned follow-up after discharge: who does what, when.' })
  followUp: string;
}

/** The handover as shown, its lines numbered. */
export function handoverView(h: DischargeHandoverRecord): DischargeHandoverType {
  const medications = linesView(h.medications);
  return {
    reasonForAdmission: h.reasonForAdmission,
    responsibleClinicians: h.responsibleClinicians,
    careSummary: h.careSummary,
    currentHealthAndFunction: h.currentHealthAndFunction,
    riskAssessments: h.riskAssessments,
    medicationChanges: h.medicationChanges,
    medications,
    currentMedications: medications.filter(isCurrent),
    followUp: h.followUp,
  };
}

@ObjectType('DischargeMessageRetraction', {
  description:
    'The retraction (makulering) of a discharge message by the organisation that sent it: the message stays, shown with who retracted it, when and why, and no longer counts for the process’s status and deadlines.',
})
export class DischargeMessageRetractionType {
  @Field({ description: 'When the message was retracted.' })
  at: Date;
  @Field(() => String, {
    nullable: true,
    description: 'Why it was retracted, as the sender wrote it; null when the sender’s clinical content is withheld from you (as the message’s note).',
  })
  reason: string | null;

  staffId: string;
  /** The sender's authorship may be shown (canSeeAuthor). */
  authorVisible: boolean;
}

@ObjectType('DischargeMessage', {
  description:
    'A message in a discharge process: sender, time, receivers with their acknowledgements. Clinical fields recorded by another organisation are null without consent (or emergency access) and `contentWithheld` is true; kind, times and acknowledgements are always shown.',
})
export class DischargeMessageType {
  @Field(() => ID, { description: 'The message’s id, e.g. for acknowledgeDischargeMessage.' })
  id: string;
  @Field(() => DischargeMessageKind, {
    description:
      'Which message of the process this is (admission notice, ready for discharge, discharge notice, …); says which of the kind-specific fields are set.',
  })
  kind: DischargeMessageKind;
  @Field({
    description:
      'When the message was given (sent): the time the law’s deadlines count from. For a message entered afterwards (reservrutin: given by phone or on paper during downtime) the time stated as given; see `recordedAt`.',
  })
  sentAt: Date;
  @Field({ description: 'When the message was entered into the service: `sentAt`, unless it was entered afterwards.' })
  recordedAt: Date;
  @Field({
    description: 'The message was given by phone or on paper (reservrutin) and entered afterwards, at `recordedAt`; `sentAt` is the time it was given.',
  })
  enteredAfterwards: boolean;
  @Field(() => DischargeMessageRetractionType, {
    nullable: true,
    description:
      'Set when the sending organisation retracted (makulerade) the message: who, when and why. A retracted message no longer counts for the status, deadlines, payment days, planned date or fast vårdkontakt. Null while it stands.',
  })
  retracted: DischargeMessageRetractionType | null;
  @Field({ description: 'When each receiver must have acknowledged the message.' })
  acknowledgementDueAt: Date;
  @Field({ description: 'Clinical content is withheld from you; see `withheldReason`.' })
  contentWithheld: boolean;
  @Field(() => WithheldReason, { nullable: true, description: 'Why the clinical content is withheld, when it is.' })
  withheldReason: WithheldReason | null;
  @Field(() => String, {
    nullable: true,
    description: 'Clinical free text: the status message, the expected needs in the admission notice, the reason for a withdrawal, notes. Null when withheld.',
  })
  note: string | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'For PLANNED_DISCHARGE_DATE: the planned date.' })
  plannedDischargeDate: string | null;
  @Field(() => Date, { nullable: true, description: 'For SIP_INVITATION: the proposed time of the SIP meeting.' })
  proposedMeetingAt: Date | null;
  @Field(() => ID, {
    nullable: true,
    description:
      'For SIP_INVITATION: the id of the SIP it invites to (null for invitations recorded before SIPs were linked). Read the plan through `carePlan`, which applies the SIP’s visibility rule.',
  })
  sipId: string | null;
  @Field(() => ID, {
    nullable: true,
    description:
      'For SIP_INVITATION: the SIP meeting (`CarePlanMeeting.id`) its proposed time became, in the SIP’s `meetings`; null without a proposed time, for invitations recorded before meetings were made from them, and when the sender takes no part in the linked SIP.',
  })
  sipMeetingId: string | null;
  @Field(() => DischargeHandoverType, { nullable: true, description: 'For DISCHARGE_NOTICE: the handover content. Null when withheld.' })
  handover: DischargeHandoverType | null;
  @Field(() => [MedicationLineType], {
    nullable: true,
    description:
      'For STATUS_MESSAGE: the medication list at home as the municipality knows it (läkemedelslista), when it sent one. Null for other kinds, when none was sent, and when withheld.',
  })
  medications: MedicationLineType[] | null;

  processId: string;
  senderOrganisationId: string;
  senderStaffId: string;
  appointedStaffId: string | null;
  grant: PatientGrant;
  /** Deadlines are judged at this instant when the process was cancelled. */
  frozenAt: Date | null;
}

export function messageView(m: DischargeMessage, grant: PatientGrant, frozenAt: Date | null): DischargeMessageType {
  const reason = withheldReason(grant, m.senderOrganisationId);
  return {
    id: m.id,
    kind: m.kind,
    sentAt: m.sentAt,
    recordedAt: m.recordedAt ?? m.sentAt,
    enteredAfterwards: m.recordedAt !== null,
    retracted: m.retractedAt
      ? {
          at: m.retractedAt,
          reason: reason ? null : m.retractionReason,
          staffId: m.retractedByStaffId!,
          authorVisible: canSeeAuthor(grant, m.senderOrganisationId),
        }
      : null,
    acknowledgementDueAt: m.acknowledgementDueAt,
    contentWithheld: reason !== null,
    withheldReason: reason,
    note: reason ? null : m.note,
    plannedDischargeDate: m.plannedDischargeDate,
    proposedMeetingAt: m.proposedMeetingAt,
    sipId: m.sipId,
    sipMeetingId: m.sipMeetingId,
    handover: reason || !m.handover ? null : handoverView(m.handover),
    medications: reason || !m.medications ? null : linesView(m.medications),
    processId: m.processId,
    senderOrganisationId: m.senderOrganisationId,
    senderStaffId: m.senderStaffId,
    appointedStaffId: m.appointedStaffId,
    grant,
    frozenAt,
  };
}

@ObjectType('DischargeMessageReceiver', { description: 'A receiving organisation of a message and its acknowledgement (kvittering).' })
export class DischargeReceiverType {
  @Field(() => Date, {
    nullable: true,
    description:
      'When this receiver acknowledged (kvitterade) the message: for an acknowledgement given by phone and entered afterwards, the time it was given. Null while unacknowledged.',
  })
  acknowledgedAt: Date | null;
  @Field(() => Date, {
    nullable: true,
    description: 'When the acknowledgement was entered into the service: `acknowledgedAt`, unless it was entered afterwards; null while unacknowledged.',
  })
  acknowledgementRecordedAt: Date | null;
  @Field({ description: 'The acknowledgement was given by phone or on paper (reservrutin) and entered afterwards, at `acknowledgementRecordedAt`.' })
  acknowledgementEnteredAfterwards: boolean;
  @Field({
    description:
      'When this receiver must have acknowledged it: the send time plus the acknowledgement hours (ACKNOWLEDGEMENT_HOURS, 24 by default) in force when it was sent.',
  })
  acknowledgementDueAt: Date;
  @Field(() => DeadlineStateEnum, { description: 'The acknowledgement deadline now.' })
  acknowledgementState: DeadlineStateEnum;

  organisationId: string;
  acknowledgedByStaffId: string | null;
}

@ObjectType('DischargeDeadline', {
  description: 'A deadline of the discharge process, with its due time and how it stands now. Shown to every party, with or without consent.',
})
export class DischargeDeadlineType {
  @Field(() => DeadlineKind, { description: 'Which deadline: the admission notice, the SIP invitation, or a receiver’s acknowledgement of a message.' })
  kind: DeadlineKind;
  @Field({ description: 'When it is due (inclusive: done exactly at this instant is on time).' })
  dueAt: Date;
  @Field(() => Date, { nullable: true, description: 'When it was done (message sent or acknowledged).' })
  doneAt: Date | null;
  @Field(() => DeadlineStateEnum, {
    description: 'How it stands now: MET, OPEN, OVERDUE or MISSED (done late). For a cancelled process, as it stood at cancellation.',
  })
  state: DeadlineStateEnum;
  @Field(() => ID, { nullable: true, description: 'For ACKNOWLEDGEMENT: the message to acknowledge.' })
  messageId: string | null;
  @Field({ description: 'The deadline is your organisation’s to meet.' })
  mine: boolean;

  responsibleOrganisationId: string;
}

@ObjectType('PaymentResponsibility', {
  description:
    'The municipality’s payment responsibility (betalningsansvar) for this stay: from the ready-for-discharge notice, after the agreed number of days, each further calendar day (Europe/Stockholm) the patient remains counts. Withdrawal pauses it; a re-issued notice starts the agreed days again.',
})
export class PaymentResponsibilityType {
  @Field(() => Int, { description: 'Days after the notice without payment, as agreed for the municipality when the process opened.' })
  agreedDays: number;
  @Field(() => Int, { nullable: true, description: 'Agreed amount per payable day, whole kronor; null when no amount is agreed.' })
  dailyAmountSek: number | null;
  @Field(() => Int, { description: 'Payable days so far.' })
  days: number;
  @Field(() => Int, { nullable: true, description: 'days × dailyAmountSek; null when no amount is agreed.' })
  amountSek: number | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'The first payable day (YYYY-MM-DD, Europe/Stockholm); null when there is none yet.' })
  firstPayableDate: string | null;
  /** Every payable date, ascending (the `payableDates` field, with `first`). */
  payableDates: string[];
  @Field({ description: 'A ready-for-discharge notice stands and the patient is still in hospital: the count goes on.' })
  running: boolean;
}

@ObjectType('DischargeProcess', {
  description:
    'One hospital stay’s discharge process (utskrivning, lag 2017:612): the hospital ward, the receiving municipality and the open-care receiver (öppenvården: primary care centre, SSIH or regional mobile team), messages, deadlines and payment days. Every party may see that it exists and its deadlines; clinical content crosses organisations only with consent or emergency access.',
})
export class DischargeProcessType {
  @Field(() => ID, { description: 'The process’s id, the `processId` of the discharge messages and mutations.' })
  id: string;
  @Field(() => DischargeStatus, {
    description: 'Where the stay stands: ADMITTED, PLANNING, READY_FOR_DISCHARGE (utskrivningsklar), DISCHARGED, CLOSED or CANCELLED.',
  })
  status: DischargeStatus;
  @Field({ description: 'When the patient was admitted (inskrivning).' })
  admittedAt: Date;
  @Field(() => Date, { nullable: true, description: 'When the patient left hospital.' })
  dischargedAt: Date | null;
  @Field(() => Date, {
    nullable: true,
    description:
      'When the process was closed after discharge; null until then. The care relationships through the process (the ward’s among them) ended with it.',
  })
  closedAt: Date | null;
  @Field(() => Date, {
    nullable: true,
    description: 'When the process was cancelled (ended without a discharge); null unless CANCELLED. Deadlines are judged as they stood at this instant.',
  })
  cancelledAt: Date | null;
  @Field(() => CancellationReason, {
    nullable: true,
    description: 'Why it was cancelled; null unless CANCELLED. Shown to every party (the note may be withheld).',
  })
  cancellationReason: CancellationReason | null;
  @Field(() => String, { nullable: true, description: 'The hospital’s note on a cancellation; null when withheld.' })
  cancellationNote: string | null;
  @Field(() => DischargeParty, {
    nullable: true,
    description: 'Your organisation’s party in the process; null when you only have another care relationship with the patient.',
  })
  myParty: DischargeParty | null;

  entity: DischargeProcess;
  grant: PatientGrant;
}

export function processView(p: DischargeProcess, grant: PatientGrant): DischargeProcessType {
  return {
    id: p.id,
    status: p.status,
    admittedAt: p.admittedAt,
    dischargedAt: p.dischargedAt,
    closedAt: p.closedAt,
    cancelledAt: p.cancelledAt,
    cancellationReason: p.cancellationReason,
    cancellationNote: withheldReason(grant, p.hospitalId) ? null : p.cancellationNote,
    myParty: partyOf(p, grant.actorOrganisationId),
    entity: p,
    grant,
  };
}

@ObjectType('DischargeInboxItem', { description: 'An open discharge process in your organisation’s inbox, with what awaits you.' })
export class DischargeInboxItemType {
  @Field(() => DischargeProcessType, { description: 'The open discharge process your organisation is a party of.' })
  process: DischargeProcessType;
  @Field(() => Int, { description: 'Your organisation’s overdue deadlines in this process.' })
  overdueCount: number;
}
