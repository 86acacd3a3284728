import { DateTime } from 'luxon';

/**
 * The service's calendar: Europe/Stockholm. Rules speak of calendar dates (`YYYY-MM-DD`, a day in
 * Sweden) and of instants (a JavaScript `Date`); this module is the one place that turns one into
 * the other and counts on the calendar, in TypeScript and, for statements, in SQL. Pure functions:
 * "today" is the injected Clock's (`clock.today()`), which asks `stockholmDate` here.
 *
 * Daylight saving: a Stockholm day lasts 24 hours, except the last Sunday of March (23 hours) and
 * of October (25 hours). The clocks change at 01:00 UTC, never at midnight, so every date has a
 * midnight and the day before it ends one millisecond earlier.
 */

/** The time zone of every calendar date in the service (IANA name). */
export const STOCKHOLM = 'Europe/Stockholm';

/** The same zone as a SQL string literal, for `AT TIME ZONE`. */
export const STOCKHOLM_SQL = `'${STOCKHOLM}'`;

/** A distance on the calendar: years, months and days (negative to go back). */
export interface CalendarSpan {
  years?: number;
  months?: number;
  days?: number;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The parts of a real calendar date, or a RangeError naming the value. */
function parts(date: string): [number, number, number] {
  const m = typeof date === 'string' ? DATE_RE.exec(date) : null;
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const check = new Date(Date.UTC(y, mo - 1, d));
    if (check.getUTCFullYear() === y && check.getUTCMonth() === mo - 1 && check.getUTCDate() === d) return [y, mo, d];
  }
  throw new RangeError(`${JSON.stringify(date)} is not a calendar date (YYYY-MM-DD)`);
}

/** A UTC midnight as `YYYY-MM-DD` (years 0–9999). */
function isoDate(utc: Date): string {
  return utc.toISOString().slice(0, 10);
}

/** The Stockholm calendar date of an instant, `YYYY-MM-DD`. A Date that is not a valid instant is a RangeError. */
export function stockholmDate(at: Date): string {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new RangeError('date must be a valid Date');
  return DateTime.fromJSDate(at, { zone: STOCKHOLM }).toISODate()!;
}

/** The instant as Swedish wall-clock time (a luxon DateTime in Europe/Stockholm): its hour, weekday, or a format. */
export function inStockholm(at: Date): DateTime {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new RangeError('date must be a valid Date');
  return DateTime.fromJSDate(at, { zone: STOCKHOLM });
}

/**
 * The calendar date `days` after `date` (before it when negative). Calendar arithmetic, the same in
 * any zone: no time-zone lookup, so a rule may walk day by day (the payment days do).
 */
export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  return isoDate(new Date(Date.UTC(y, m - 1, d + days)));
}

/** `date` moved by a span on the calendar; a month after 31 January is the last of February. */
export function addSpan(date: string, span: CalendarSpan): string {
  parts(date);
  return DateTime.fromISO(date, { zone: 'UTC' }).plus(span).toISODate()!;
}

/** `date` moved back by a span on the calendar; a month before 31 March is the last of February. */
export function subtractSpan(date: string, span: CalendarSpan): string {
  parts(date);
  return DateTime.fromISO(date, { zone: 'UTC' }).minus(span).toISODate()!;
}

/** The first day of the month `date` is in. */
export function firstDayOfMonth(date: string): string {
  const [y, m] = parts(date);
  return isoDate(new Date(Date.UTC(y, m - 1, 1)));
}

/** The last day of the month `date` is in. */
export function lastDayOfMonth(date: string): string {
  const [y, m] = parts(date);
  return isoDate(new Date(Date.UTC(y, m, 0)));
}

/** The instant a Stockholm calendar day begins: its local midnight. */
export function startOfStockholmDay(date: string): Date {
  const [y, m, d] = parts(date);
  return DateTime.fromObject({ year: y, month: m, day: d }, { zone: STOCKHOLM }).toJSDate();
}

/**
 * The instant a Stockholm calendar day ends: the next local midnight, exclusive (the day is the
 * half-open interval from `startOfStockholmDay(date)` to this). "What did the plan say on 3 March"
 * reads just before it.
 */
export function endOfStockholmDay(date: string): Date {
  return startOfStockholmDay(addDays(date, 1));
}

/** The last millisecond of a Stockholm calendar day (23:59:59.999 local): a deadline "by the end of" the day. */
export function lastInstantOfStockholmDay(date: string): Date {
  return new Date(endOfStockholmDay(date).getTime() - 1);
}

// ---- the same in SQL (the statement computes, the zone is this module's) ----

/** SQL: the Stockholm calendar date of an instant expression (`timestamptz`). */
export const sqlStockholmDate = (instant: string): string => `(${instant} AT TIME ZONE ${STOCKHOLM_SQL})::date`;

/** SQL: the instant a Stockholm calendar date expression begins (its local midnight, `timestamptz`). */
export const sqlStartOfStockholmDay = (date: string): string => `(${date}::timestamp AT TIME ZONE ${STOCKHOLM_SQL})`;
