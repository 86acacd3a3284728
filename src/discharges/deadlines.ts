/**
 * Pure deadline rules for the hospital discharge process (utskrivning, law 2017:612).
 *
 * Every function takes its instants as arguments (time is injected, ARCHITECTURE rule 6):
 * nothing here reads the system clock. Instants are JavaScript `Date`s (UTC instants);
 * whenever a rule speaks of *calendar days* they are days in Europe/Stockholm, counted by the
 * service's calendar (src/common/calendar.ts), which handles the daylight-saving changes (last
 * Sunday of March and of October).
 */
import { addDays, lastInstantOfStockholmDay, stockholmDate } from '../common/calendar';

/** The time zone in which calendar days are counted, and the calendar date of an instant in it. */
export { STOCKHOLM, stockholmDate } from '../common/calendar';

/** State of one deadline at an instant `now`. */
export type DeadlineState = 'MET' | 'OPEN' | 'OVERDUE' | 'MISSED';

/** One period during which the patient is judged ready for discharge (utskrivningsklar). */
export interface ReadyPeriod {
  /** When the ready-for-discharge notice (underrättelse om utskrivningsklar) was sent. */
  readyAt: Date;
  /** When the notice was withdrawn (patient got worse); `null` while it still stands. */
  withdrawnAt: Date | null;
}

export interface PaymentDaysInput {
  /** Ready periods in chronological order, not overlapping. */
  periods: ReadyPeriod[];
  /** When the patient left hospital; `null` while still admitted. */
  dischargedAt: Date | null;
  /** The injected clock: counting stops at min(dischargedAt, now). */
  now: Date;
  /** Locally agreed number of free ready days (law default 3); integer 0..30. */
  agreedDays: number;
  /** Amount per payable day (e.g. SEK); when omitted `amount` is `null`. */
  dailyAmount?: number;
}

export interface PaymentDaysResult {
  /** Number of payable calendar days. */
  days: number;
  /** `days × dailyAmount`, or `null` when no daily amount was given. */
  amount: number | null;
  /** The first payable Stockholm date ('YYYY-MM-DD'), or `null` when none. */
  firstPayableDate: string | null;
  /** All payable Stockholm dates ('YYYY-MM-DD'), ascending, each once. */
  payableDates: string[];
}

const HOUR_MS = 60 * 60 * 1000;
const MAX_AGREED_DAYS = 30;

function assertValidDate(field: string, value: Date): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new RangeError(`${field} must be a valid Date`);
  }
}

/**
 * Deadline for the admission notice (inskrivningsmeddelande): 24 elapsed hours after
 * admission. Exact hours, not calendar: across a DST change the local wall-clock time of the
 * deadline differs from the admission's by one hour.
 */
export function admissionNoticeDeadline(admittedAt: Date): Date {
  assertValidDate('admittedAt', admittedAt);
  return new Date(admittedAt.getTime() + 24 * HOUR_MS);
}

/**
 * Deadline for the medication reconciliation (läkemedelsavstämning) by the receiving municipality:
 * 24 elapsed hours after the discharge, the instant the patient left hospital (the process's
 * `dischargedAt`, which the discharge notice records). Exact hours like the admission notice, not
 * "the next day": across a DST change the deadline's local wall-clock time differs from the
 * discharge's by one hour (23 or 25 hours of the calendar day would be unfair to one side).
 */
export function medicationReconciliationDeadline(dischargedAt: Date): Date {
  assertValidDate('dischargedAt', dischargedAt);
  return new Date(dischargedAt.getTime() + 24 * HOUR_MS);
}

/**
 * Classifies a deadline at the instant `now`.
 *
 * - `MET`: done at or before `due` (done exactly at `due` is MET — the deadline is inclusive).
 * - `MISSED`: done, but after `due` (late).
 * - `OPEN`: not done and `now <= due` (exactly at `due` there is still time).
 * - `OVERDUE`: not done and `now > due`.
 *
 * When `doneAt` is given, `now` does not affect the result.
 */
export function deadlineState(due: Date, doneAt: Date | null, now: Date): DeadlineState {
  assertValidDate('due', due);
  assertValidDate('now', now);
  if (doneAt !== null) {
    assertValidDate('doneAt', doneAt);
    return doneAt.getTime() <= due.getTime() ? 'MET' : 'MISSED';
  }
  return now.getTime() <= due.getTime() ? 'OPEN' : 'OVERDUE';
}

/**
 * Deadline for the SIP invitation: the end (23:59:59.999 local) of the third calendar day
 * after the day of the ready-for-discharge notice, in Europe/Stockholm. The time of day of the
 * notice does not matter: a notice Monday 00:01 or Monday 23:30 is due Thursday 23:59:59.999.
 * Days are local calendar days, so a DST change in between neither adds nor removes a day.
 */
export function sipInvitationDeadline(readyForDischargeAt: Date): Date {
  assertValidDate('readyForDischargeAt', readyForDischargeAt);
  return lastInstantOfStockholmDay(addDays(stockholmDate(readyForDischargeAt), 3));
}

/**
 * The SIP invitation deadline of a stay with (possibly withdrawn and re-issued) ready-for-discharge
 * notices, or `null` when none applies.
 *
 * - The invitation is due by `sipInvitationDeadline` of the notice that stands: the latest notice
 *   issued at or before the invitation (`invitedAt`), or, while not yet invited, the latest notice.
 * - A notice withdrawn (the patient got worse) before its SIP deadline suspends it: `null` until
 *   a notice is re-issued, which opens a new three-day window. A notice withdrawn only after its
 *   deadline passed keeps that deadline (it was already overdue).
 * - An invitation sent before any notice (or during a withdrawal) is judged against the latest
 *   notice before it, or the first notice when there was none before it.
 *
 * `periods` are in chronological order, as for `paymentDays`.
 */
export function sipInvitationDue(periods: readonly ReadyPeriod[], invitedAt: Date | null): Date | null {
  if (periods.length === 0) {
    return null;
  }
  if (invitedAt !== null) {
    assertValidDate('invitedAt', invitedAt);
    const before = periods.filter((p) => p.readyAt.getTime() <= invitedAt.getTime());
    const standing = before.length > 0 ? before[before.length - 1] : periods[0];
    return sipInvitationDeadline(standing.readyAt);
  }
  const latest = periods[periods.length - 1];
  const due = sipInvitationDeadline(latest.readyAt);
  if (latest.withdrawnAt !== null && latest.withdrawnAt.getTime() <= due.getTime()) {
    return null;
  }
  return due;
}

/**
 * Deadline for a receiver's acknowledgement (kvittering): `hours` elapsed hours after
 * `sentAt`. `hours` must be a positive finite number (fractions allowed, e.g. 1.5).
 */
export function acknowledgementDeadline(sentAt: Date, hours: number): Date {
  assertValidDate('sentAt', sentAt);
  if (typeof hours !== 'number' || !Number.isFinite(hours) || hours <= 0) {
    throw new RangeError(`hours must be a positive finite number, got ${String(hours)}`);
  }
  return new Date(sentAt.getTime() + hours * HOUR_MS);
}

function validatePaymentInput(input: PaymentDaysInput): void {
  const { periods, dischargedAt, now, agreedDays, dailyAmount } = input;
  if (!Number.isInteger(agreedDays) || agreedDays < 0 || agreedDays > MAX_AGREED_DAYS) {
    throw new RangeError(`agreedDays must be an integer from 0 to ${MAX_AGREED_DAYS}, got ${String(agreedDays)}`);
  }
  if (dailyAmount !== undefined && (!Number.isFinite(dailyAmount) || dailyAmount < 0)) {
    throw new RangeError(`dailyAmount must be a finite number >= 0, got ${String(dailyAmount)}`);
  }
  assertValidDate('now', now);
  if (dischargedAt !== null) {
    assertValidDate('dischargedAt', dischargedAt);
  }
  if (!Array.isArray(periods)) {
    throw new RangeError('periods must be an array');
  }
  periods.forEach((p, i) => {
    assertValidDate(`periods[${i}].readyAt`, p.readyAt);
    if (p.withdrawnAt !== null) {
      assertValidDate(`periods[${i}].withdrawnAt`, p.withdrawnAt);
      if (p.withdrawnAt.getTime() < p.readyAt.getTime()) {
        throw new RangeError(`periods[${i}].withdrawnAt must not be before periods[${i}].readyAt`);
      }
    }
    if (dischargedAt !== null && p.readyAt.getTime() > dischargedAt.getTime()) {
      throw new RangeError(`periods[${i}].readyAt must not be after dischargedAt`);
    }
    if (i > 0) {
      const prev = periods[i - 1];
      if (prev.withdrawnAt === null) {
        throw new RangeError(`periods must not overlap: periods[${i - 1}] is not withdrawn but periods[${i}] follows it`);
      }
      if (p.readyAt.getTime() < prev.withdrawnAt.getTime()) {
        throw new RangeError(`periods must be ordered and not overlap: periods[${i}].readyAt is before periods[${i - 1}].withdrawnAt`);
      }
    }
  });
}

/**
 * Payable days of the municipality's payment responsibility (betalningsansvar).
 *
 * Rule:
 * - The patient is ready for discharge during each period `[readyAt, withdrawnAt)`; a
 *   withdrawal (the patient got worse) pauses readiness, a re-issued notice starts a new period.
 * - Per period, Stockholm calendar dates are numbered from the notice: the notice's own date is
 *   day 0 (never counted), the following dates are days 1, 2, 3 … The municipality pays for each
 *   ready day numbered above `agreedDays` (agreedDays 0: from day 1; law default 3: from day 4).
 * - Chosen: a re-issued notice restarts the count — its date is a new day 0 and the agreed free
 *   days run again. A date payable under more than one period is counted once.
 * - A date is counted when the patient was ready at some instant inside it (half-open: a period
 *   withdrawn at exactly local midnight does not reach the new date) and the patient was still
 *   in hospital: the discharge date itself is never payable, nor any later date.
 * - Counting stops at min(dischargedAt, now): with a running clock the current date counts as
 *   soon as any ready time has passed in it.
 *
 * Throws RangeError naming the field when agreedDays is not an integer 0..30, dailyAmount is
 * negative or not finite, a date is invalid, a withdrawnAt is before its readyAt, periods are out
 * of order or overlap (only the last period may be un-withdrawn), or a readyAt is after
 * dischargedAt.
 */
export function paymentDays(input: PaymentDaysInput): PaymentDaysResult {
  validatePaymentInput(input);
  const { periods, dischargedAt, now, agreedDays, dailyAmount } = input;

  const stopMs = Math.min(now.getTime(), dischargedAt?.getTime() ?? Number.POSITIVE_INFINITY);
  const dischargeDate = dischargedAt === null ? null : stockholmDate(dischargedAt);
  const payable = new Set<string>();

  for (const period of periods) {
    const startMs = period.readyAt.getTime();
    const endMs = Math.min(stopMs, period.withdrawnAt?.getTime() ?? Number.POSITIVE_INFINITY);
    if (endMs <= startMs) {
      continue; // never ready before the clock stopped
    }
    // The last date holding any ready instant of [startMs, endMs).
    const lastReadyDate = stockholmDate(new Date(endMs - 1));
    const noticeDate = stockholmDate(period.readyAt);
    for (let day = agreedDays + 1; ; day++) {
      const date = addDays(noticeDate, day);
      if (date > lastReadyDate) {
        break;
      }
      if (dischargeDate !== null && date >= dischargeDate) {
        break;
      }
      payable.add(date);
    }
  }

  const payableDates = [...payable].sort();
  const days = payableDates.length;
  return {
    days,
    amount: dailyAmount === undefined ? null : days * dailyAmount,
    firstPayableDate: payableDates.length > 0 ? payableDates[0] : null,
    payableDates,
  };
}
