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
import { DischargeHandoverRecord, DischargeMessage, DischargeMessageReceiver, DischargeProcess } from './discharge-process.entity';
import { requireParty, requireTransition } from './process-rules';
import { DISCHARGE_MESSAGE_RECORD, DISCHARGE_PROCESS_RECORD } from './discharges.records';
import { DischargeMessageKind as K, RiskArea } from './discharge.enums';
import { acknowledgementDeadline } from './deadlines';
import { storeDeadlines } from './deadline-store';
import { DischargeMessageType, DischargeProcessType, messageView, processView } from './discharges.types';
import {
  AppointCareContactInput,
  DischargeHandoverInput,
  DischargeNoteInput,
  DischargeNoticeInput,
  PlannedDischargeDateInput,
  ReadyForDischargeInput,
  SipInvitationInput,
} from './dto/message.input';
import { partyFor } from './state-machine';
import { medicationLineErrors, toLineRecords } from './medication-lines';

type ProcessScope = RecordScope<DischargeProcess>;

type MessageFields = Partial<
  Pick<DischargeMessage, 'note' | 'plannedDischargeDate' | 'appointedStaffId' | 'sipId' | 'sipMeetingId' | 'proposedMeetingAt' | 'handover' | 'medications'>
>;

interface SendSpec {
  kind: K;
  operation: string;
  /** What the sending party does, for the FORBIDDEN message ("Only the hospital ward … sends …"). */
  does: string;
  fields: MessageFields;
  /** Rules that need the locked process; throw to refuse. */
  check?: (s: ProcessScope, now: Date) => Promise<void> | void;
  /** Work of other capabilities in the same transaction, after the checks; returns more fields for the message. */
  link?: (s: ProcessScope) => Promise<MessageFields>;
  /** Changes to the process besides its status. */
  apply?: (p: DischargeProcess, now: Date) => void;
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
      operation: 'sendAdmissionNotice',
      does: 'sends the admission notice',
      fields: { note: input.note },
    });
  }

  appointCareContact(actor: Actor, input: AppointCareContactInput) {
    return this.send(actor, input.processId, {
      kind: K.CARE_CONTACT_APPOINTED,
      operation: 'appointCareContact',
      does: 'names the fast vårdkontakt',
      fields: { appointedStaffId: input.staffId },
      check: async (s, now) => {
        const rows = await s.tx.referenceQuery(
          `SELECT 1 FROM assignment WHERE staff_id = $1 AND organisation_id = $2 AND role::text = ANY($3)
             AND valid_from <= $4 AND (ended_at IS NULL OR ended_at > $4) LIMIT 1`,
          [input.staffId, s.record.primaryCareId, CARE_CONTACT_ROLES, now],
        );
        if (!rows.length) throw badInput('input.staffId', 'must be a nurse, care coordinator or physician of your primary care centre');
      },
    });
  }

  sharePlannedDischargeDate(actor: Actor, input: PlannedDischargeDateInput) {
    return this.send(actor, input.processId, {
      kind: K.PLANNED_DISCHARGE_DATE,
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
      operation: 'issueReadyForDischarge',
      does: 'issues the ready-for-discharge notice',
      fields: { note: input.note ?? null },
    });
  }

  withdrawReadyForDischarge(actor: Actor, input: ReadyForDischargeInput) {
    if (!input.note) throw badInput('input.note', 'is required: say why the notice is withdrawn');
    return this.send(actor, input.processId, {
      kind: K.READY_FOR_DISCHARGE_WITHDRAWN,
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
      operation: 'sendDischargeNotice',
      does: 'sends the discharge notice',
      fields: { handover },
      check: async (s, now) => {
        dischargedAt = input.dischargedAt ?? now;
        if (dischargedAt.getTime() > now.getTime()) throw badInput('input.dischargedAt', 'cannot be in the future');
        const ready = await s.tx
          .repo(DischargeMessage)
          .findOne({ where: { processId: s.record.id, kind: K.READY_FOR_DISCHARGE }, order: { sentAt: 'DESC', seq: 'DESC' } });
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
   * The invitation starts a SIP draft with the two receivers (the primary care centre sending it
   * and the municipality) taking part, or links the patient's open SIP as it is; in the same
   * transaction, so that there is never an invitation without its SIP or the other way round. The
   * reason names the ward, never staff's free text. A new draft is announced after the commit.
   * A proposed time becomes a SCHEDULED meeting of that SIP in the same transaction (see
   * CarePlanMeetingsService.scheduleForInvitation), and the message names it (`sipMeetingId`).
   */
  async sendSipInvitation(actor: Actor, input: SipInvitationInput): Promise<DischargeProcessType> {
    let started: CarePlan | null = null;
    const view = await this.send(actor, input.processId, {
      kind: K.SIP_INVITATION,
      operation: 'sendSipInvitation',
      does: 'sends the SIP invitation',
      fields: { proposedMeetingAt: input.proposedMeetingAt ?? null, note: input.note ?? null },
      check: (_s, now) => {
        if (input.proposedMeetingAt && input.proposedMeetingAt.getTime() < now.getTime()) throw badInput('input.proposedMeetingAt', 'cannot be in the past');
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

  /** A receiving organisation acknowledges (kvitterar) a message, once. */
  async acknowledge(actor: Actor, messageId: string): Promise<DischargeMessageType> {
    return this.gate.record(actor, DISCHARGE_MESSAGE_RECORD, messageId, { operation: 'acknowledgeDischargeMessage' }, async (s) => {
      const process = await s.tx.repo(DischargeProcess).findOneOrFail({ where: { id: s.record.processId }, lock: { mode: 'pessimistic_write' } });
      const repo = s.tx.children(DischargeMessageReceiver, 'messageId', messageId);
      const receiver = await repo.findOne({ where: { organisationId: actor.organisationId }, lock: { mode: 'pessimistic_write' } });
      if (!receiver) throw forbidden('Your organisation is not a receiver of this message');
      if (receiver.acknowledgedAt)
        throw conflict('Your organisation has already acknowledged this message', { acknowledgedAt: receiver.acknowledgedAt.toISOString() });
      receiver.acknowledgedAt = this.clock.now();
      receiver.acknowledgedByStaffId = actor.staffId;
      await repo.save(receiver);
      await storeDeadlines(s.tx, process);
      return messageView(s.record, s.grant, process.cancelledAt);
    });
  }

  private async send(actor: Actor, processId: string, spec: SendSpec): Promise<DischargeProcessType> {
    const { view, message, receivers } = await this.gate.record(
      actor,
      DISCHARGE_PROCESS_RECORD,
      processId,
      { operation: spec.operation, details: { kind: spec.kind } },
      async (s) => {
        requireParty(s.record, actor.organisationId, partyFor(spec.kind), spec.does);
        const next = requireTransition(s.record, spec.kind, spec.operation);
        const now = this.clock.now();
        await spec.check?.(s, now);
        const linked = (await spec.link?.(s)) ?? {};
        const repo = s.tx.repo(DischargeMessage);
        const message = await repo.save(
          repo.create({
            processId,
            kind: spec.kind,
            senderOrganisationId: actor.organisationId,
            senderStaffId: actor.staffId,
            sentAt: now,
            acknowledgementDueAt: acknowledgementDeadline(now, this.config.acknowledgementHours),
            note: null,
            plannedDischargeDate: null,
            appointedStaffId: null,
            sipId: null,
            sipMeetingId: null,
            proposedMeetingAt: null,
            handover: null,
            medications: null,
            ...spec.fields,
            ...linked,
          }),
        );
        const receivers = [s.record.hospitalId, s.record.municipalityId, s.record.primaryCareId].filter((o) => o !== actor.organisationId);
        await s.tx
          .children(DischargeMessageReceiver, 'messageId', message.id)
          .insert(receivers.map((organisationId) => ({ messageId: message.id, processId, organisationId })));
        s.record.status = next;
        spec.apply?.(s.record, now);
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
