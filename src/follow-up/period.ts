import { addSpan, firstDayOfMonth, lastDayOfMonth } from '../common/calendar';
import { FieldError } from '../common/errors';

/**
 * The follow-up period, in Europe/Stockholm calendar dates. Pure: today is an argument.
 *
 * - `from` and `to` are both inclusive.
 * - The period may touch at most MAX_MONTHS calendar months, so an answer has at most that many month cells.
 * - `from` may not be after today; a `to` after today is cut to today (the indicators describe what has
 *   happened), and the answer says so (`to` is the date used, `requestedTo` the one asked for).
 * - Months are Stockholm calendar months; a month only partly inside the period covers the days inside it
 *   (its `from`/`to` say which).
 */
export const MAX_MONTHS = 24;

export interface Bucket {
  /** 'PERIOD' for the whole period, otherwise the month as 'YYYY-MM' (the same keys the SQL produces). */
  key: string;
  /** The month as 'YYYY-MM', or null for the whole period. */
  month: string | null;
  from: string;
  to: string;
}

export interface ResolvedPeriod {
  from: string;
  to: string;
  requestedTo: string;
  /** Today, the day the numbers were computed for. */
  asOf: string;
  total: Bucket;
  months: Bucket[];
}

export const PERIOD_KEY = 'PERIOD';

const ym = (d: string) => ({ y: Number(d.slice(0, 4)), m: Number(d.slice(5, 7)) });

/** How many calendar months the dates from..to touch (both inclusive). */
export function monthsTouched(from: string, to: string): number {
  const a = ym(from);
  const b = ym(to);
  return (b.y - a.y) * 12 + (b.m - a.m) + 1;
}

/** The month cells of from..to: every calendar month touched, cut to the period. */
export function monthBuckets(from: string, to: string): Bucket[] {
  const out: Bucket[] = [];
  for (let first = firstDayOfMonth(from); first <= to; first = addSpan(first, { months: 1 })) {
    const last = lastDayOfMonth(first);
    const month = first.slice(0, 7);
    out.push({ key: month, month, from: first < from ? from : first, to: last > to ? to : last });
  }
  return out;
}

/** Validates the period (field errors under `field`) and cuts it to today. */
export function resolvePeriod(input: { from: string; to: string }, today: string, field = 'period'): ResolvedPeriod | FieldError[] {
  const errors: FieldError[] = [];
  if (input.from > today) errors.push({ field: `${field}.from`, message: 'must not be after today' });
  if (input.to < input.from) errors.push({ field: `${field}.to`, message: 'must not be before from' });
  else if (monthsTouched(input.from, input.to) > MAX_MONTHS)
    errors.push({ field: `${field}.to`, message: `must be within ${MAX_MONTHS} calendar months of from` });
  if (errors.length) return errors;
  const to = input.to > today ? today : input.to;
  return {
    from: input.from,
    to,
    requestedTo: input.to,
    asOf: today,
    total: { key: PERIOD_KEY, month: null, from: input.from, to },
    months: monthBuckets(input.from, to),
  };
}
