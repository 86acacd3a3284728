/**
 * Which rungs of a contact ladder apply at an instant: office hours (kontorstid) or out of hours
 * (jourtid), in Sweden's calendar. Pure: the instant is passed in (the service asks its Clock).
 *
 * Office hours are weekdays 08:00–17:00 Europe/Stockholm, except public holidays (helgdagar) and
 * the days Swedish care staffs as holidays though the law does not name them: midsummer eve,
 * Christmas eve and New Year's eve. Every other time is out of hours.
 */
import { DateTime } from 'luxon';
import { inStockholm } from '../common/calendar';
import { ContactHours } from './deterioration-plan.entity';

export const OFFICE_HOURS_START = 8;
export const OFFICE_HOURS_END = 17;

/** OFFICE_HOURS or OUT_OF_HOURS at this instant. */
export function contactHoursAt(at: Date): ContactHours.OFFICE_HOURS | ContactHours.OUT_OF_HOURS {
  const t = inStockholm(at);
  const workday = t.weekday <= 5 && !swedishHolidays(t.year).has(t.toISODate()!);
  return workday && t.hour >= OFFICE_HOURS_START && t.hour < OFFICE_HOURS_END ? ContactHours.OFFICE_HOURS : ContactHours.OUT_OF_HOURS;
}

const holidaysByYear = new Map<number, ReadonlySet<string>>();

/**
 * The weekday-relevant holidays of a year as YYYY-MM-DD: the public holidays (lag 1989:253) that
 * can fall on a weekday, and midsummer, Christmas and New Year's eve.
 */
export function swedishHolidays(year: number): ReadonlySet<string> {
  let set = holidaysByYear.get(year);
  if (set) return set;
  const day = (m: number, d: number) => DateTime.utc(year, m, d);
  const easter = easterSunday(year);
  // Midsummer eve: the Friday from 19 to 25 June.
  const june19 = day(6, 19);
  const midsummerEve = june19.plus({ days: (5 - june19.weekday + 7) % 7 });
  set = new Set(
    [
      day(1, 1), // nyårsdagen
      day(1, 6), // trettondedag jul
      easter.minus({ days: 2 }), // långfredagen
      easter.plus({ days: 1 }), // annandag påsk
      day(5, 1), // första maj
      easter.plus({ days: 39 }), // Kristi himmelsfärds dag
      day(6, 6), // nationaldagen
      midsummerEve, // midsommarafton
      day(12, 24), // julafton
      day(12, 25), // juldagen
      day(12, 26), // annandag jul
      day(12, 31), // nyårsafton
    ].map((d) => d.toISODate()!),
  );
  holidaysByYear.set(year, set);
  return set;
}

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm). */
function easterSunday(year: number): DateTime {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const dayOfMonth = ((h + l - 7 * m + 114) % 31) + 1;
  return DateTime.utc(year, month, dayOfMonth);
}
