import { Inject, Injectable } from '@nestjs/common';
import { PatientGate, RecordScope } from '../access/patient-gate';
import { Role } from '../common/roles';
import { Actor } from '../common/actor';
import { stockholmDate } from '../common/calendar';
import { Clock } from '../common/clock';
import { badInput, forbidden, conflict } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/config';
import { CarePlan } from '../care-plans/care-plan.entity';
import { CarePlansService } from '../care-plans/care-plans.service';
import { CarePlanMeetingsService } from '../care-plans/care-plan-meetings.service';
import { EventBus } from '../events/event-bus';
import { InboxEventKind } from '../events/inbox-event';
import { Organisation } from '../organisations/organisation.entity';
import { In, IsNull } from 'typeorm';
import { DischargeHandoverRecord, DischargeMessage, DischargeMessageReceiver, DischargeProcess } from './discharge-process.entity';
import { dischargesPolicy } from './discharges.policy';
import { MedicationReconciliation } from './medication-reconciliation.entity';
import { requireParty, requireTransition } from './process-rules';
import { DISCHARGE_MESSAGE_RECORD, DISCHARGE_MESSAGE_SENT_RECORD, DISCHARGE_PROCESS_RECORD } from './discharges.records';
import { DischargeMessageKind as K, DischargeStatus, RiskArea } from './discharge.enums';
import { acknowledgementDeadline } from './deadlines';
import { storeDeadlines } from './deadline-store';
import { DischargeMessageType, DischargeProcessType, messageView, processView } from './discharges.types';
import {
  AppointCareContactInput,
  DischargeHandoverInput,
  DischargeNoteInput,
  DischargeNoticeInput,
  PAPER_ROUTINE_HOURS,
  PlannedDischargeDateInput,
  ReadyForDischargeInput,
  RetractDischargeMessageInput,
  SipInvitationInput,
} from './dto/message.input';
import { ACTION_RULES, partyFor } from './state-machine';
import { medicationLineErrors, toLineRecords } from './medication-lines';

type ProcessScope = RecordScope<DischargeProcess>;

type MessageFields = Partial<
  Pick<DischargeMessage, 'note' | 'plannedDischargeDate' | 'appointedStaffId' | 'sipId' | 'sipMeetingId' | 'proposedMeetingAt' | 'handover' | 'medications'>
>;

/** The instants a rule may need: the clock's now, and when the message was given (now, unless entered afterwards). */
interface SendTimes {
  now: Date;
  given: Date;
}

interface SendSpec {
  kind: K;
  /** When the message was given, if entered afterwards (reservrutin). */
  givenAt?: Date | null;
  operation: string;
  /** What the sending party does, for the FORBIDDEN message ("Only the hospital ward … sends …"). */
  does: string;
  fields: MessageFields;
  /** Rules that need the locked process; throw to refuse. */
  check?: (s: ProcessScope, at: SendTimes) => Promise<void> | void;
  /** Work of other capabilities in the same transaction, after the checks; returns more fields for the message. */
  link?: (s: ProcessScope) => Promise<MessageFields>;
  /** Changes to the process besides its status. */
  apply?: (p: DischargeProcess, at: SendTimes) => void;
}

/** Roles that may be named fast vårdkontakt at the primary care centre. */
const CARE_CONTACT_ROLES = [Role.NURSE, Role.CARE_COORDINATOR, Role.PHYSICIAN];

/**
 * The messages of a discharge process. Each goes from one party to the two others, who acknowledge
 * it; each is allowed only in the statuses the state machine names and only for its party; each
 * recomputes the process's deadlines in the same transaction, and is announced to its receiving
 * organisations (DISCHARGE_MESSAGE) after the commit.
 */
@Injectable()
export class DischargeMessagesService {
  constructor(
    private readonly gate: PatientGate,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly carePlans: CarePlansService,
    private readonly events: EventBus,
    private readonly sipMeetings: CarePlanMeetingsService,
  ) {}

  /** The status message, with the medication list at home when the municipality gives one. */
  sendStatusMessage(actor: Actor, input: DischargeNoteInput) {
    const errors = input.medications ? medicationLineErrors(input.medications, 'input.medications') : [];
    if (errors.length) throw badInput(errors);
    return this.send(actor, input.processId, {
      kind: K.STATUS_MESSAGE,
      givenAt: input.givenAt,
      operation: 'sendStatusMessage',
      does: 'sends the status message',
      fields: { note: input.note, medications: input.medications ? toLineRecords(input.medications) : null },
    });
  }

  sendAdmissionNotice(actor: Actor, input: DischargeNoteInput) {
    if (input.medications)
      throw badInput('input.medications', 'is for the status message only; the hospital sends its medication list with the discharge notice');
    return this.send(actor, input.processId, {
      kind: K.ADMISSION_NOTICE,
      givenAt: input.givenAt,
      operation: 'sendAdmissionNotice',
      does: 'sends the admission notice',
      fields: { note: input.note },
    });
  }

  appointCareContact(actor: Actor, input: AppointCareContactInput) {
    return this.send(actor, input.processId, {
      kind: K.CARE_CONTACT_APPOINTED,
      givenAt: input.givenAt,
      operation: 'appointCareContact',
      does: 'names the fast vårdkontakt',
      fields: { appointedStaffId: input.staffId },
      check: async (s, { given }) => {
        const rows = await s.tx.referenceQuery(
          `SELECT 1 FROM assignment WHERE staff_id = $1 AND organisation_id = $2 AND role::text = ANY($3)
             AND valid_from <= $4 AND (ended_at IS NULL OR ended_at > $4) LIMIT 1`,
          [input.staffId, s.record.primaryCareId, CARE_CONTACT_ROLES, given],
        );
        if (!rows.length) throw badInput('input.staffId', 'must be a nurse, care coordinator or physician of your unit (the open-care receiver)');
      },
    });
  }

  sharePlannedDischargeDate(actor: Actor, input: PlannedDischargeDateInput) {
    return this.send(actor, input.processId, {
      kind: K.PLANNED_DISCHARGE_DATE,
      givenAt: input.givenAt,
      operation: 'sharePlannedDischargeDate',
      does: 'shares the planned discharge date',
      fields: { plannedDischargeDate: input.plannedDate, note: input.note ?? null },
      check: (s) => {
        if (input.plannedDate < stockholmDate(s.record.admittedAt)) throw badInput('input.plannedDate', 'cannot be before the admission date');
      },
    });
  }

  issueReadyForDischarge(actor: Actor, input: ReadyForDischargeInput) {
    return this.send(actor, input.processId, {
      kind: K.READY_FOR_DISCHARGE,
      givenAt: input.givenAt,
      operation: 'issueReadyForDischarge',
      does: 'issues the ready-for-discharge notice',
      fields: { note: input.note ?? null },
    });
  }

  withdrawReadyForDischarge(actor: Actor, input: ReadyForDischargeInput) {
    if (!input.note) throw badInput('input.note', 'is required: say why the notice is withdrawn');
    return this.send(actor, input.processId, {
      kind: K.READY_FOR_DISCHARGE_WITHDRAWN,
      givenAt: input.givenAt,
      operation: 'withdrawReadyForDischarge',
      does: 'withdraws the ready-for-discharge notice',
      fields: { note: input.note },
    });
  }

  sendDischargeNotice(actor: Actor, input: DischargeNoticeInput) {
    const handover = toHandoverRecord(input.handover);
    let dischargedAt: Date;
    return this.send(actor, input.processId, {
      kind: K.DISCHARGE_NOTICE,
      givenAt: input.givenAt,
      operation: 'sendDischargeNotice',
      does: 'sends the discharge notice',
      fields: { handover },
      check: async (s, { now, given }) => {
        dischargedAt = input.dischargedAt ?? given;
        if (dischargedAt.getTime() > now.getTime()) throw badInput('input.dischargedAt', 'cannot be in the future');
        const ready = await s.tx
          .repo(DischargeMessage)
          .findOne({ where: { processId: s.record.id, kind: K.READY_FOR_DISCHARGE, retractedAt: IsNull() }, order: { sentAt: 'DESC', seq: 'DESC' } });
        if (ready && dischargedAt.getTime() < ready.sentAt.getTime()) throw badInput('input.dischargedAt', 'cannot be before the ready-for-discharge notice');
      },
      apply: (p) => {
        p.dischargedAt = dischargedAt;
        // From now on the receiving municipality has 24 hours for the medication reconciliation.
        p.medicationReconciliationExpected = true;
      },
    });
  }

  /**
   * The invitation starts a SIP draft with the two receivers (the open-care receiver sending it —
   * a primary care centre, SSIH or a regional mobile team — and the municipality) taking part, or links the patient's open SIP as it is; in the same
   * transaction, so that there is never an invitation without its SIP or the other way round. The
   * reason names the ward, never staff's free text. A new draft is announced after the commit.
   * A proposed time becomes a SCHEDULED meeting of that SIP in the same transaction (see
   * CarePlanMeetingsService.scheduleForInvitation), and the message names it (`sipMeetingId`).
   */
  async sendSipInvitation(actor: Actor, input: SipInvitationInput): Promise<DischargeProcessType> {
    let started: CarePlan | null = null;
    const view = await this.send(actor, input.processId, {
      kind: K.SIP_INVITATION,
      givenAt: input.givenAt,
      operation: 'sendSipInvitation',
      does: 'sends the SIP invitation',
      fields: { proposedMeetingAt: input.proposedMeetingAt ?? null, note: input.note ?? null },
      check: (_s, { given }) => {
        if (input.proposedMeetingAt && input.proposedMeetingAt.getTime() < given.getTime()) throw badInput('input.proposedMeetingAt', 'cannot be in the past');
      },
      link: async (s) => {
        const ward = await s.tx.reference(Organisation).findOneByOrFail({ id: s.record.hospitalId });
        const { plan, created } = await this.carePlans.openOrStartInTransaction(s, {
          reason: sipReason(ward.name),
          organisationIds: [s.record.primaryCareId, s.record.municipalityId],
        });
        if (created) started = plan;
        // SIP meeting: the proposed time becomes a scheduled meeting of the SIP.
        const meeting = input.proposedMeetingAt
          ? await this.sipMeetings.scheduleForInvitation(s, plan, input.proposedMeetingAt, [s.record.primaryCareId, s.record.municipalityId])
          : null;
        return { sipId: plan.id, sipMeetingId: meeting?.id ?? null };
      },
    });
    if (started) await this.carePlans.announceChanged(started);
    return view;
  }

  /**
   * A receiving organisation acknowledges (kvitterar) a message, once. Given by phone and entered
   * afterwards (`givenAt`, reservrutin), the acknowledgement counts from the time given.
   */
  async acknowledge(actor: Actor, messageId: string, givenAt?: Date | null): Promise<DischargeMessageType> {
    const now = this.clock.now();
    const given = paperRoutineTime(givenAt, now, 'givenAt');
    return this.gate.record(actor, DISCHARGE_MESSAGE_RECORD, messageId, { operation: 'acknowledgeDischargeMessage' }, async (s) => {
      const process = await s.tx.repo(DischargeProcess).findOneOrFail({ where: { id: s.record.processId }, lock: { mode: 'pessimistic_write' } });
      const repo = s.tx.children(DischargeMessageReceiver, 'messageId', messageId);
      const receiver = await repo.findOne({ where: { organisationId: actor.organisationId }, lock: { mode: 'pessimistic_write' } });
      if (!receiver) throw forbidden('Your organisation is not a receiver of this message');
      if (receiver.acknowledgedAt)
        throw conflict('Your organisation has already acknowledged this message', { acknowledgedAt: receiver.acknowledgedAt.toISOString() });
      if (s.record.retractedAt)
        throw conflict('The message was retracted by its sender; there is nothing to acknowledge', { retractedAt: s.record.retractedAt.toISOString() });
      if (given.getTime() < s.record.sentAt.getTime()) throw badInput('givenAt', `cannot be before the message was given (${s.record.sentAt.toISOString()})`);
      receiver.acknowledgedAt = given;
      receiver.acknowledgementRecordedAt = given.getTime() < now.getTime() ? now : null;
      receiver.acknowledgedByStaffId = actor.staffId;
      await repo.save(receiver);
      await storeDeadlines(s.tx, process);
      return messageView(s.record, s.grant, process.cancelledAt);
    });
  }

  /**
   * The sending organisation retracts (makulerar) a message it sent, with a reason. The message
   * stays, marked retracted (who, when, why), and no longer counts for the process's state and
   * deadlines. Only the latest standing message of its kind, only while the process is open, and a
   * message that moved the process (admission notice, ready notice, its withdrawal, discharge notice)
   * only while nothing later depends on it: the process then steps back to the status before it.
   * The receivers are told (DISCHARGE_MESSAGE_RETRACTED) after the commit.
   */
  async retract(actor: Actor, input: RetractDischargeMessageInput): Promise<DischargeMessageType> {
    const { view, receivers, patientId } = await this.gate.record(
      actor,
      // Only the sender sees the message here: to anyone else it answers as one that does not exist.
      DISCHARGE_MESSAGE_SENT_RECORD,
      input.messageId,
      { operation: 'retractDischargeMessage' },
      async (s) => {
        const m = s.record;
        const roles: readonly Role[] = dischargesPolicy.operations[SEND_OPERATION[m.kind]].roles;
        if (!roles.includes(actor.role)) throw forbidden(`Only ${roles.join(', ')} may retract a message of kind ${m.kind}, as for sending one`);
        if (m.retractedAt) throw conflict('The message is already retracted', { retractedAt: m.retractedAt.toISOString() });
        const process = await s.tx.repo(DischargeProcess).findOneOrFail({ where: { id: m.processId }, lock: { mode: 'pessimistic_write' } });
        if (process.status === DischargeStatus.CLOSED || process.status === DischargeStatus.CANCELLED)
          throw conflict(`A message cannot be retracted once the discharge process is ${process.status}`, { currentStatus: process.status });
        const standing = await s.tx
          .repo(DischargeMessage)
          .find({ where: { processId: m.processId, retractedAt: IsNull() }, order: { sentAt: 'ASC', seq: 'ASC' } });
        const later = standing.slice(standing.findIndex((x) => x.id === m.id) + 1);
        const newer = later.find((x) => x.kind === m.kind);
        if (newer) throw conflict(`Only the latest ${m.kind} of the process can be retracted; a later one replaces this one`, { laterMessageId: newer.id });
        const rule = ACTION_RULES[m.kind];
        if (rule.to) {
          // The message moved the process from the one status its rule allows to rule.to.
          const before = rule.from[0];
          const dependents = later.filter((x) => !ACTION_RULES[x.kind].from.includes(before));
          if (process.status !== rule.to || dependents.length)
            throw conflict(
              `Later messages of the process depend on this ${m.kind} (the process is ${process.status}${dependents.length ? `; ${dependents.map((d) => d.kind).join(', ')} came after it` : ''}); retract them first`,
              { currentStatus: process.status, dependentMessageIds: dependents.map((d) => d.id) },
            );
          if (m.kind === K.DISCHARGE_NOTICE) await this.requireDischargeRetractable(s, process);
          process.status = before;
        }
        m.retractedAt = this.clock.now();
        m.retractedByStaffId = actor.staffId;
        m.retractionReason = input.reason;
        await s.tx
          .repo(DischargeMessage)
          .update({ id: m.id }, { retractedAt: m.retractedAt, retractedByStaffId: m.retractedByStaffId, retractionReason: m.retractionReason });
        await s.tx.repo(DischargeProcess).save(process);
        await storeDeadlines(s.tx, process);
        // The meeting the invitation proposed goes with it, unless it was moved since (agreed on afresh).
        if (m.kind === K.SIP_INVITATION && m.sipMeetingId) await this.sipMeetings.cancelForRetractedInvitation(s, m.sipMeetingId);
        const receivers = await s.tx.children(DischargeMessageReceiver, 'messageId', m.id).findBy({});
        return { view: messageView(m, s.grant, process.cancelledAt), receivers: receivers.map((r) => r.organisationId), patientId: m.patientId };
      },
    );
    // After the commit: ids and addressing only, never the reason.
    await this.events.publish({ kind: InboxEventKind.DISCHARGE_MESSAGE_RETRACTED, patientId, entityId: input.messageId, organisationIds: receivers });
    return view;
  }

  /**
   * A discharge notice can be taken back only while nothing was done on it: no medication
   * reconciliation recorded against it, and the patient not in hospital again in a newer stay.
   * The process is back in READY_FOR_DISCHARGE without a discharge time.
   */
  private async requireDischargeRetractable(s: RecordScope<DischargeMessage>, process: DischargeProcess): Promise<void> {
    if (await s.tx.repo(MedicationReconciliation).existsBy({ processId: process.id }))
      throw conflict('The medication reconciliation was recorded against this discharge notice; it cannot be retracted', { currentStatus: process.status });
    const again = await s.tx.repo(DischargeProcess).findOneBy({ status: In(IN_HOSPITAL) });
    if (again) throw conflict('The patient has a newer hospital stay; the discharge notice of this one cannot be retracted', { currentStatus: process.status });
    process.dischargedAt = null;
    process.medicationReconciliationExpected = false;
  }

  private async send(actor: Actor, processId: string, spec: SendSpec): Promise<DischargeProcessType> {
    // The paper routine's window is about the input alone: checked before anything about the patient.
    const now = this.clock.now();
    const given = paperRoutineTime(spec.givenAt, now, 'input.givenAt');
    const { view, message, receivers } = await this.gate.record(
      actor,
      DISCHARGE_PROCESS_RECORD,
      processId,
      { operation: spec.operation, details: { kind: spec.kind } },
      async (s) => {
        requireParty(s.record, actor.organisationId, partyFor(spec.kind), spec.does);
        const next = requireTransition(s.record, spec.kind, spec.operation);
        if (spec.givenAt) await requireInOrder(s, given, 'input.givenAt');
        await spec.check?.(s, { now, given });
        const linked = (await spec.link?.(s)) ?? {};
        const repo = s.tx.repo(DischargeMessage);
        const message = await repo.save(
          repo.create({
            processId,
            kind: spec.kind,
            senderOrganisationId: actor.organisationId,
            senderStaffId: actor.staffId,
            sentAt: given,
            recordedAt: given.getTime() < now.getTime() ? now : null,
            acknowledgementDueAt: acknowledgementDeadline(given, this.config.acknowledgementHours),
            note: null,
            plannedDischargeDate: null,
            appointedStaffId: null,
            sipId: null,
            sipMeetingId: null,
            proposedMeetingAt: null,
            handover: null,
            medications: null,
            retractedAt: null,
            retractedByStaffId: null,
            retractionReason: null,
            ...spec.fields,
            ...linked,
          }),
        );
        const receivers = [s.record.hospitalId, s.record.municipalityId, s.record.primaryCareId].filter((o) => o !== actor.organisationId);
        await s.tx
          .children(DischargeMessageReceiver, 'messageId', message.id)
          .insert(receivers.map((organisationId) => ({ messageId: message.id, processId, organisationId })));
        s.record.status = next;
        spec.apply?.(s.record, { now, given });
        await s.tx.repo(DischargeProcess).save(s.record);
        await storeDeadlines(s.tx, s.record);
        return { view: processView(s.record, s.grant), message, receivers };
      },
    );
    // After the commit: ids and addressing only, never the note or the handover.
    await this.events.publish({ kind: InboxEventKind.DISCHARGE_MESSAGE, patientId: message.patientId, entityId: message.id, organisationIds: receivers });
    return view;
  }
}

/** The operation that sends each kind of message: its roles are the roles that may retract one. */
const SEND_OPERATION: Record<K, string> = {
  [K.STATUS_MESSAGE]: 'sendStatusMessage',
  [K.ADMISSION_NOTICE]: 'sendAdmissionNotice',
  [K.CARE_CONTACT_APPOINTED]: 'appointCareContact',
  [K.PLANNED_DISCHARGE_DATE]: 'sharePlannedDischargeDate',
  [K.READY_FOR_DISCHARGE]: 'issueReadyForDischarge',
  [K.READY_FOR_DISCHARGE_WITHDRAWN]: 'withdrawReadyForDischarge',
  [K.DISCHARGE_NOTICE]: 'sendDischargeNotice',
  [K.SIP_INVITATION]: 'sendSipInvitation',
};

/** The statuses in which the patient is in hospital (one such stay per patient: uq_discharge_in_hospital). */
const IN_HOSPITAL = [DischargeStatus.ADMITTED, DischargeStatus.PLANNING, DischargeStatus.READY_FOR_DISCHARGE];

/**
 * The paper routine (reservrutin): the time a message or acknowledgement was given, when it is
 * entered afterwards, checked against its window — not in the future, at most PAPER_ROUTINE_HOURS
 * before it is entered (at exactly that many hours it is still accepted). Without one: now.
 */
export function paperRoutineTime(givenAt: Date | null | undefined, now: Date, field: string): Date {
  if (!givenAt) return now;
  if (givenAt.getTime() > now.getTime()) throw badInput(field, 'cannot be in the future');
  if (now.getTime() - givenAt.getTime() > PAPER_ROUTINE_HOURS * 3_600_000)
    throw badInput(field, `cannot be more than ${PAPER_ROUTINE_HOURS} hours before it is entered (reservrutin)`);
  return givenAt;
}

/**
 * A message entered afterwards keeps the process's order: given no earlier than the admission and
 * the latest standing message of the process (the state machine judged it in the status it has now).
 */
async function requireInOrder(s: ProcessScope, given: Date, field: string): Promise<void> {
  const latest = await s.tx
    .repo(DischargeMessage)
    .findOne({ where: { processId: s.record.id, retractedAt: IsNull() }, order: { sentAt: 'DESC', seq: 'DESC' } });
  if (given.getTime() < s.record.admittedAt.getTime()) throw badInput(field, `cannot be before the admission (${s.record.admittedAt.toISOString()})`);
  if (latest && given.getTime() < latest.sentAt.getTime())
    throw badInput(field, `cannot be before the process’s latest message (${latest.kind}, given ${latest.sentAt.toISOString()})`);
}

/** The reason of a SIP draft started by a discharge's invitation: the ward's name, no free text. */
export function sipReason(wardName: string): string {
  return `Utskrivning från ${wardName}: insatser behövs från både region och kommun.`;
}

/**
 * Validates what class-validator cannot say alone (one assessment per area; each medication line
 * names a product or substance, a changed or stopped line its reason) and copies to the stored shape.
 */
export function toHandoverRecord(h: DischargeHandoverInput): DischargeHandoverRecord {
  const areas = h.riskAssessments.map((r) => r.area);
  const missing = Object.values(RiskArea).filter((a) => !areas.includes(a));
  const errors = medicationLineErrors(h.medications, 'input.handover.medications');
  if (missing.length)
    errors.unshift({
      field: 'input.handover.riskAssessments',
      message: `must hold one assessment each for falls, pressure ulcers and nutrition; missing ${missing.join(', ')}`,
    });
  if (errors.length) throw badInput(errors);
  return {
    reasonForAdmission: h.reasonForAdmission,
    responsibleClinicians: h.responsibleClinicians,
    careSummary: h.careSummary,
    currentHealthAndFunction: h.currentHealthAndFunction,
    riskAssessments: Object.values(RiskArea).map((area) => {
      const r = h.riskAssessments.find((x) => x.area === area)!;
      return { area, level: r.level, note: r.note ?? null };
    }),
    medicationChanges: h.medicationChanges,
    medications: toLineRecords(h.medications),
    followUp: h.followUp,
  };
}
