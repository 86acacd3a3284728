/**
 * Builds a process's deadlines and payment responsibility from its facts (admission time, parties,
 * messages with their acknowledgements), using the pure rules of deadlines.ts. Pure: the instant
 * `now` is always an argument; nothing here reads a clock or the database.
 */
import { DeadlineKind, DischargeMessageKind } from './discharge.enums';
import {
  admissionNoticeDeadline,
  deadlineState,
  DeadlineState,
  medicationReconciliationDeadline,
  paymentDays,
  PaymentDaysResult,
  ReadyPeriod,
  sipInvitationDue,
} from './deadlines';

export interface MessageFacts {
  id: string;
  kind: DischargeMessageKind;
  sentAt: Date;
  acknowledgementDueAt: Date;
  receivers: ReadonlyArray<{ organisationId: string; acknowledgedAt: Date | null }>;
}

export interface ProcessFacts {
  admittedAt: Date;
  hospitalId: string;
  municipalityId: string;
  primaryCareId: string;
  /** When the patient left hospital (set by the discharge notice); null before. */
  dischargedAt: Date | null;
  messages: readonly MessageFacts[];
  /**
   * The medication reconciliation: whether one is expected for this discharge (discharges notified
   * since reconciliations are recorded here) and when it was recorded (null: not yet).
   */
  medicationReconciliation: { expected: boolean; recordedAt: Date | null };
}

export interface DeadlineFacts {
  kind: DeadlineKind;
  /** The message to acknowledge, for ACKNOWLEDGEMENT. */
  messageId: string | null;
  /** The organisation that must act. */
  responsibleOrganisationId: string;
  dueAt: Date;
  doneAt: Date | null;
}

/** Messages in time order; a stable sort, so messages sent at the same instant keep the order given. */
const bySentAt = <T extends { sentAt: Date }>(messages: readonly T[]): T[] => [...messages].sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());

/**
 * The ready-for-discharge periods: each READY_FOR_DISCHARGE notice opens one, the next
 * READY_FOR_DISCHARGE_WITHDRAWN closes it. A notice while one stands, or a withdrawal with none
 * standing, is ignored (the state machine never lets them happen).
 */
export function readyPeriods(messages: ReadonlyArray<Pick<MessageFacts, 'kind' | 'sentAt'>>): ReadyPeriod[] {
  const periods: ReadyPeriod[] = [];
  for (const m of bySentAt(messages)) {
    const last = periods[periods.length - 1];
    const standing = last !== undefined && last.withdrawnAt === null;
    if (m.kind === DischargeMessageKind.READY_FOR_DISCHARGE && !standing) {
      periods.push({ readyAt: m.sentAt, withdrawnAt: null });
    } else if (m.kind === DischargeMessageKind.READY_FOR_DISCHARGE_WITHDRAWN && standing) {
      last.withdrawnAt = m.sentAt;
    }
  }
  return periods;
}

/**
 * Every deadline of the process: the admission notice (hospital), the SIP invitation (the
 * open-care receiver — primary care, SSIH or a regional mobile team — once a ready notice makes one due), one acknowledgement per message and receiver, and,
 * once the patient is discharged, the medication reconciliation (municipality) when one is expected.
 */
export function buildDeadlines(f: ProcessFacts): DeadlineFacts[] {
  const messages = bySentAt(f.messages);
  const firstOf = (kind: DischargeMessageKind) => messages.find((m) => m.kind === kind) ?? null;
  const out: DeadlineFacts[] = [];

  out.push({
    kind: DeadlineKind.ADMISSION_NOTICE,
    messageId: null,
    responsibleOrganisationId: f.hospitalId,
    dueAt: admissionNoticeDeadline(f.admittedAt),
    doneAt: firstOf(DischargeMessageKind.ADMISSION_NOTICE)?.sentAt ?? null,
  });

  const invitedAt = firstOf(DischargeMessageKind.SIP_INVITATION)?.sentAt ?? null;
  const sipDue = sipInvitationDue(readyPeriods(messages), invitedAt);
  if (sipDue) {
    out.push({ kind: DeadlineKind.SIP_INVITATION, messageId: null, responsibleOrganisationId: f.primaryCareId, dueAt: sipDue, doneAt: invitedAt });
  }

  for (const m of messages) {
    for (const r of m.receivers) {
      out.push({
        kind: DeadlineKind.ACKNOWLEDGEMENT,
        messageId: m.id,
        responsibleOrganisationId: r.organisationId,
        dueAt: m.acknowledgementDueAt,
        doneAt: r.acknowledgedAt,
      });
    }
  }

  if (f.dischargedAt && f.medicationReconciliation.expected) {
    out.push({
      kind: DeadlineKind.MEDICATION_RECONCILIATION,
      messageId: null,
      responsibleOrganisationId: f.municipalityId,
      dueAt: medicationReconciliationDeadline(f.dischargedAt),
      doneAt: f.medicationReconciliation.recordedAt,
    });
  }
  return out;
}

/**
 * The state of a deadline at `now`. For a cancelled process the deadlines are judged as they
 * stood when it was cancelled (`frozenAt`): nothing becomes overdue after the stay ended.
 */
export function deadlineStateAt(d: Pick<DeadlineFacts, 'dueAt' | 'doneAt'>, now: Date, frozenAt: Date | null = null): DeadlineState {
  const at = frozenAt !== null && frozenAt.getTime() < now.getTime() ? frozenAt : now;
  return deadlineState(d.dueAt, d.doneAt, at);
}

/** The order in which deadlines are shown: overdue first, then open, by due time; done ones last. */
export function sortDeadlines<T extends Pick<DeadlineFacts, 'dueAt' | 'doneAt'>>(ds: readonly T[], now: Date, frozenAt: Date | null = null): T[] {
  const rank: Record<DeadlineState, number> = { OVERDUE: 0, OPEN: 1, MISSED: 2, MET: 2 };
  return [...ds].sort((a, b) => rank[deadlineStateAt(a, now, frozenAt)] - rank[deadlineStateAt(b, now, frozenAt)] || a.dueAt.getTime() - b.dueAt.getTime());
}

export interface PaymentTerms {
  agreedDays: number;
  dailyAmountSek: number | null;
}

export interface PaymentResponsibility extends PaymentDaysResult {
  agreedDays: number;
  dailyAmountSek: number | null;
  /** A ready notice stands and the patient is still in hospital: the count goes on. */
  running: boolean;
}

/**
 * The municipality's payment responsibility for one stay: counted from the ready notices until the
 * patient left hospital (or the process was cancelled), paused by withdrawals.
 */
export function paymentResponsibility(
  f: { messages: ReadonlyArray<Pick<MessageFacts, 'kind' | 'sentAt'>>; dischargedAt: Date | null; cancelledAt: Date | null },
  terms: PaymentTerms,
  now: Date,
): PaymentResponsibility {
  const periods = readyPeriods(f.messages);
  const stop = f.dischargedAt ?? f.cancelledAt;
  const result = paymentDays({ periods, dischargedAt: stop, now, agreedDays: terms.agreedDays, dailyAmount: terms.dailyAmountSek ?? undefined });
  const last = periods[periods.length - 1];
  return {
    ...result,
    agreedDays: terms.agreedDays,
    dailyAmountSek: terms.dailyAmountSek,
    running: stop === null && last !== undefined && last.withdrawnAt === null,
  };
}
