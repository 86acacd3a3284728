import {
  addDays,
  addSpan,
  endOfStockholmDay,
  firstDayOfMonth,
  lastDayOfMonth,
  lastInstantOfStockholmDay,
  sqlStartOfStockholmDay,
  sqlStockholmDate,
  STOCKHOLM,
  STOCKHOLM_SQL,
  startOfStockholmDay,
  stockholmDate,
  subtractSpan,
} from './calendar';

const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);
const hoursIn = (date: string) => (endOfStockholmDay(date).getTime() - startOfStockholmDay(date).getTime()) / HOUR;

describe('the zone', () => {
  it('is Europe/Stockholm, also as a SQL literal', () => {
    expect(STOCKHOLM).toBe('Europe/Stockholm');
    expect(STOCKHOLM_SQL).toBe(`'Europe/Stockholm'`);
  });
});

describe('stockholmDate', () => {
  it('turns at local midnight: UTC+1 in winter, UTC+2 in summer', () => {
    expect(stockholmDate(at('2026-01-12T22:59:59.999Z'))).toBe('2026-01-12');
    expect(stockholmDate(at('2026-01-12T23:00:00.000Z'))).toBe('2026-01-13');
    expect(stockholmDate(at('2026-06-15T21:59:59.999Z'))).toBe('2026-06-15');
    expect(stockholmDate(at('2026-06-15T22:00:00.000Z'))).toBe('2026-06-16');
  });
  it('on the DST days: midnight before the change keeps the old offset, the one after has the new', () => {
    // 2026-03-29: 02:00 CET becomes 03:00 CEST at 01:00Z. Its midnight is 23:00Z the day before; the next is 22:00Z.
    expect(stockholmDate(at('2026-03-28T22:59:59.999Z'))).toBe('2026-03-28');
    expect(stockholmDate(at('2026-03-28T23:00:00.000Z'))).toBe('2026-03-29');
    expect(stockholmDate(at('2026-03-29T21:59:59.999Z'))).toBe('2026-03-29');
    expect(stockholmDate(at('2026-03-29T22:00:00.000Z'))).toBe('2026-03-30');
    // 2026-10-25: 03:00 CEST becomes 02:00 CET at 01:00Z. Its midnight is 22:00Z the day before; the next is 23:00Z.
    expect(stockholmDate(at('2026-10-24T21:59:59.999Z'))).toBe('2026-10-24');
    expect(stockholmDate(at('2026-10-24T22:00:00.000Z'))).toBe('2026-10-25');
    expect(stockholmDate(at('2026-10-25T22:59:59.999Z'))).toBe('2026-10-25');
    expect(stockholmDate(at('2026-10-25T23:00:00.000Z'))).toBe('2026-10-26');
  });
  it('crosses the year at Stockholm midnight, not UTC midnight', () => {
    expect(stockholmDate(at('2026-12-31T22:59:59.999Z'))).toBe('2026-12-31');
    expect(stockholmDate(at('2026-12-31T23:00:00.000Z'))).toBe('2027-01-01');
    expect(stockholmDate(at('2027-01-01T00:30:00.000Z'))).toBe('2027-01-01');
  });
  it('refuses a Date that is not an instant', () => {
    expect(() => stockholmDate(new Date('nope'))).toThrow(RangeError);
  });
});

describe('the start and end of a Stockholm day', () => {
  it('is local midnight, in winter and in summer', () => {
    expect(startOfStockholmDay('2026-03-03').toISOString()).toBe('2026-03-02T23:00:00.000Z');
    expect(endOfStockholmDay('2026-03-03').toISOString()).toBe('2026-03-03T23:00:00.000Z');
    expect(startOfStockholmDay('2026-06-15').toISOString()).toBe('2026-06-14T22:00:00.000Z');
    expect(endOfStockholmDay('2026-06-15').toISOString()).toBe('2026-06-15T22:00:00.000Z');
  });
  it('makes 2026-03-29 23 hours long and 2026-10-25 25 hours long; the days around them 24', () => {
    expect(startOfStockholmDay('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(endOfStockholmDay('2026-03-29').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(hoursIn('2026-03-29')).toBe(23);
    expect(startOfStockholmDay('2026-10-25').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(endOfStockholmDay('2026-10-25').toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(hoursIn('2026-10-25')).toBe(25);
    for (const d of ['2026-03-28', '2026-03-30', '2026-10-24', '2026-10-26']) expect(hoursIn(d)).toBe(24);
  });
  it('ends where the next day starts, and the last instant of a day is one millisecond before', () => {
    for (const d of ['2026-03-28', '2026-03-29', '2026-10-25', '2026-12-31']) {
      expect(endOfStockholmDay(d).getTime()).toBe(startOfStockholmDay(addDays(d, 1)).getTime());
      expect(lastInstantOfStockholmDay(d).getTime()).toBe(endOfStockholmDay(d).getTime() - 1);
      expect(stockholmDate(lastInstantOfStockholmDay(d))).toBe(d);
      expect(stockholmDate(startOfStockholmDay(d))).toBe(d);
    }
  });
  it('crosses the year', () => {
    expect(startOfStockholmDay('2027-01-01').toISOString()).toBe('2026-12-31T23:00:00.000Z');
    expect(endOfStockholmDay('2026-12-31').toISOString()).toBe('2026-12-31T23:00:00.000Z');
    expect(lastInstantOfStockholmDay('2026-12-31').toISOString()).toBe('2026-12-31T22:59:59.999Z');
  });
  it('refuses what is not a calendar date', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '2026-1-1', '', 'today']) {
      expect(() => startOfStockholmDay(bad)).toThrow(RangeError);
      expect(() => endOfStockholmDay(bad)).toThrow(RangeError);
    }
  });
});

describe('calendar arithmetic on dates', () => {
  it('adds calendar days across month and year ends, leap days and both DST changes', () => {
    expect(addDays('2026-02-27', 3)).toBe('2026-03-02');
    expect(addDays('2028-02-27', 3)).toBe('2028-03-01');
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2027-01-02', -3)).toBe('2026-12-30');
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
    expect(addDays('2026-05-20', 0)).toBe('2026-05-20');
  });
  it('moves by spans of years, months and days, ending on the last day of a shorter month', () => {
    expect(addSpan('2026-01-31', { months: 1 })).toBe('2026-02-28');
    expect(addSpan('2028-01-31', { months: 1 })).toBe('2028-02-29');
    expect(addSpan('2026-11-22', { years: 3 })).toBe('2029-11-22');
    expect(addSpan('2026-12-31', { days: 1 })).toBe('2027-01-01');
    expect(subtractSpan('2026-03-31', { months: 1 })).toBe('2026-02-28');
    expect(subtractSpan('2028-02-29', { years: 1 })).toBe('2027-02-28');
    expect(subtractSpan('2027-01-01', { days: 1 })).toBe('2026-12-31');
    expect(subtractSpan('2026-11-22', { years: 10 })).toBe('2016-11-22');
  });
  it('knows the first and last day of a month', () => {
    expect(firstDayOfMonth('2026-02-17')).toBe('2026-02-01');
    expect(lastDayOfMonth('2026-02-17')).toBe('2026-02-28');
    expect(lastDayOfMonth('2028-02-01')).toBe('2028-02-29');
    expect(lastDayOfMonth('2026-12-01')).toBe('2026-12-31');
    expect(firstDayOfMonth('2027-01-31')).toBe('2027-01-01');
  });
  it('refuses what is not a calendar date', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addSpan('20260101', { days: 1 })).toThrow(RangeError);
    expect(() => lastDayOfMonth('2026-13')).toThrow(RangeError);
  });
});

describe('the same in SQL', () => {
  it('names the zone in the statement', () => {
    expect(sqlStockholmDate('t.at')).toBe(`(t.at AT TIME ZONE 'Europe/Stockholm')::date`);
    expect(sqlStartOfStockholmDay('$1')).toBe(`($1::timestamp AT TIME ZONE 'Europe/Stockholm')`);
  });
});
