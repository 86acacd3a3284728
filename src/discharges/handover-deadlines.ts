/**
 * Pure rules for a handover's answer (svar på överrapportering): when it is due, and what the
 * paper routine (reservrutin) allows. Nothing here reads a clock: every instant is an argument.
 * Calendar days and wall-clock hours are Europe/Stockholm (src/common/calendar.ts), so the rules
 * hold across the daylight-saving changes.
 */
import { addDays, inStockholm, lastInstantOfStockholmDay, startOfStockholmDay, stockholmDate } from '../common/calendar';
import { HandoverRequestedResponse, HandoverUrgency } from './discharge.enums';

const HOUR_MS = 60 * 60 * 1000;

/** ACUTE (akut): elapsed hours from the time given. */
export const ACUTE_HOURS = 1;
/** TODAY (idag): the wall-clock hour (Stockholm) by which the answer is due the same day … */
export const TODAY_BY_HOUR = 21;
/** … but never fewer than these elapsed hours after the time given (a handover given after 17:00). */
export const TODAY_MIN_HOURS = 4;
/** The paper routine: a handover, acknowledgement or answer entered afterwards was given at most this many hours before it is entered. */
export const GIVEN_AT_MAX_HOURS_BACK = 72;
/** A planned visit lies after the answer and at most this many days after it. */
export const PLANNED_VISIT_MAX_DAYS = 30;

function assertValidDate(field: string, value: Date): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new RangeError(`${field} must be a valid Date`);
}

/** The next weekday (Monday–Friday) after a Stockholm date. Public holidays are not known here and count as weekdays. */
export function nextWeekday(date: string): string {
  let d = addDays(date, 1);
  for (;;) {
    const weekday = inStockholm(startOfStockholmDay(d)).weekday; // 1 = Monday … 7 = Sunday
    if (weekday <= 5) return d;
    d = addDays(d, 1);
  }
}

/**
 * When the receiver's answer is due, from the urgency and the time the handover was given (the send
 * time, or for one entered afterwards the time it was actually given). `null` for INFORMATION_ONLY,
 * which needs acknowledgement only.
 *
 * - ACUTE: 1 elapsed hour after it was given.
 * - TODAY: 21:00 Stockholm time on the day it was given, but never less than 4 elapsed hours after
 *   it was given: given at 17:00 or earlier → 21:00; given at 18:30 → 22:30; given at 23:00 → 03:00
 *   the next day. (21:00 is taken on the day's own clock: summer or winter time as it stands then.)
 * - ROUTINE: the end (23:59:59.999 Stockholm) of the next weekday after the day it was given: given on
 *   a Monday → Tuesday; Friday, Saturday or Sunday → Monday. Public holidays are not excluded.
 */
export function handoverRespondBy(urgency: HandoverUrgency, requested: HandoverRequestedResponse, givenAt: Date): Date | null {
  assertValidDate('givenAt', givenAt);
  if (requested === HandoverRequestedResponse.INFORMATION_ONLY) return null;
  switch (urgency) {
    case HandoverUrgency.ACUTE:
      return new Date(givenAt.getTime() + ACUTE_HOURS * HOUR_MS);
    case HandoverUrgency.TODAY: {
      const evening = inStockholm(startOfStockholmDay(stockholmDate(givenAt)))
        .set({ hour: TODAY_BY_HOUR })
        .toJSDate();
      return new Date(Math.max(evening.getTime(), givenAt.getTime() + TODAY_MIN_HOURS * HOUR_MS));
    }
    case HandoverUrgency.ROUTINE:
      return lastInstantOfStockholmDay(nextWeekday(stockholmDate(givenAt)));
    default:
      throw new RangeError(`unknown urgency ${String(urgency)}`);
  }
}

/**
 * Why a stated "given at" time (paper routine) is not acceptable, or null when it is: not after
 * `now`, not more than 72 hours before it, and not before `notBefore` (the handover itself, for an
 * acknowledgement or an answer).
 */
export function givenAtProblem(givenAt: Date, now: Date, notBefore: Date | null = null): string | null {
  assertValidDate('givenAt', givenAt);
  assertValidDate('now', now);
  if (givenAt.getTime() > now.getTime()) return 'must not be in the future';
  if (givenAt.getTime() < now.getTime() - GIVEN_AT_MAX_HOURS_BACK * HOUR_MS) return `must be at most ${GIVEN_AT_MAX_HOURS_BACK} hours ago`;
  if (notBefore && givenAt.getTime() < notBefore.getTime()) return `must not be before the handover was given (${notBefore.toISOString()})`;
  return null;
}

/** Why a planned visit time is not acceptable, or null: after the answer, at most 30 days after it. */
export function plannedVisitProblem(plannedAt: Date, answeredAt: Date): string | null {
  assertValidDate('plannedVisitAt', plannedAt);
  assertValidDate('answeredAt', answeredAt);
  if (plannedAt.getTime() <= answeredAt.getTime()) return 'must be after the answer is given';
  if (plannedAt.getTime() > answeredAt.getTime() + PLANNED_VISIT_MAX_DAYS * 24 * HOUR_MS)
    return `must be at most ${PLANNED_VISIT_MAX_DAYS} days after the answer`;
  return null;
}
