import { ContactHours } from './deterioration-plan.entity';
import { contactHoursAt, swedishHolidays } from './contact-hours';

const { OFFICE_HOURS, OUT_OF_HOURS } = ContactHours;
const at = (iso: string) => contactHoursAt(new Date(iso));

describe('contactHoursAt', () => {
  it('is office hours on a weekday from 08:00 to 17:00 Stockholm time, out of hours otherwise', () => {
    // Friday 20 November 2026 (CET, UTC+1)
    expect(at('2026-11-20T06:59:59Z')).toBe(OUT_OF_HOURS); // 07:59
    expect(at('2026-11-20T07:00:00Z')).toBe(OFFICE_HOURS); // 08:00
    expect(at('2026-11-20T15:59:59Z')).toBe(OFFICE_HOURS); // 16:59
    expect(at('2026-11-20T16:00:00Z')).toBe(OUT_OF_HOURS); // 17:00
    expect(at('2026-11-20T02:00:00Z')).toBe(OUT_OF_HOURS); // 03:00, the 3 a.m. read
    expect(at('2026-11-21T10:00:00Z')).toBe(OUT_OF_HOURS); // Saturday
    expect(at('2026-11-22T10:00:00Z')).toBe(OUT_OF_HOURS); // Sunday
    // Summer time (CEST, UTC+2): 08:00 is 06:00Z
    expect(at('2026-06-15T06:00:00Z')).toBe(OFFICE_HOURS);
    expect(at('2026-06-15T05:59:00Z')).toBe(OUT_OF_HOURS);
  });

  it('keeps holidays and the eves care staffs as holidays out of hours', () => {
    for (const day of [
      '2026-01-01',
      '2026-01-06',
      '2026-04-03',
      '2026-04-06',
      '2026-05-01',
      '2026-05-14',
      '2026-06-19',
      '2026-12-24',
      '2026-12-25',
      '2026-12-31',
      '2027-03-26',
      '2027-03-29',
      '2027-05-06',
      '2027-06-25',
    ]) {
      expect([day, contactHoursAt(new Date(`${day}T10:00:00Z`))]).toEqual([day, OUT_OF_HOURS]);
    }
    expect(swedishHolidays(2026).has('2026-06-19')).toBe(true); // midsommarafton 2026
    expect(swedishHolidays(2026).has('2026-04-03')).toBe(true); // långfredagen 2026 (Easter 5 April)
    expect(at('2026-12-23T10:00:00Z')).toBe(OFFICE_HOURS);
  });
});
