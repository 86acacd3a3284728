import { deadlineState } from './deadlines';
import { HandoverRequestedResponse as R, HandoverUrgency as U } from './discharge.enums';
import { givenAtProblem, handoverRespondBy, nextWeekday, plannedVisitProblem } from './handover-deadlines';

/*
 * Expected values written by hand as UTC instants. Stockholm is UTC+1 in winter, UTC+2 in summer;
 * DST starts Sun 2026-03-29 and ends Sun 2026-10-25 (01:00 UTC both). 2026-12-07 is a Monday.
 */
const at = (iso: string) => new Date(iso);
const due = (u: U, given: string, r: R = R.PHONE_ASSESSMENT) => handoverRespondBy(u, r, at(given))?.toISOString() ?? null;

describe('handoverRespondBy', () => {
  it('information only needs no answer, whatever the urgency', () => {
    for (const u of [U.ACUTE, U.TODAY, U.ROUTINE]) expect(due(u, '2026-12-07T09:00:00Z', R.INFORMATION_ONLY)).toBeNull();
  });

  it('ACUTE: one elapsed hour, also across the autumn change (02:30 CEST → 02:30 CET)', () => {
    expect(due(U.ACUTE, '2026-12-07T09:00:00Z')).toBe('2026-12-07T10:00:00.000Z');
    expect(due(U.ACUTE, '2026-10-25T00:30:00Z', R.HOME_VISIT)).toBe('2026-10-25T01:30:00.000Z');
    expect(due(U.ACUTE, '2026-03-29T00:30:00Z', R.MEDICATION_REVIEW)).toBe('2026-03-29T01:30:00.000Z'); // 01:30 CET → 03:30 CEST
  });

  it('TODAY: 21:00 local the same day, or 4 hours after a late handover', () => {
    expect(due(U.TODAY, '2026-12-07T07:00:00Z')).toBe('2026-12-07T20:00:00.000Z'); // 08:00 → 21:00 CET
    expect(due(U.TODAY, '2026-12-07T15:59:59Z')).toBe('2026-12-07T20:00:00.000Z'); // 16:59:59 → 21:00
    expect(due(U.TODAY, '2026-12-07T16:00:00Z')).toBe('2026-12-07T20:00:00.000Z'); // 17:00 exactly: both rules agree
    expect(due(U.TODAY, '2026-12-07T16:00:01Z')).toBe('2026-12-07T20:00:01.000Z'); // 17:00:01 → 4 hours
    expect(due(U.TODAY, '2026-12-07T22:30:00Z')).toBe('2026-12-08T02:30:00.000Z'); // 23:30 → 03:30 the next day
    expect(due(U.TODAY, '2026-12-07T23:00:00Z')).toBe('2026-12-08T20:00:00.000Z'); // 00:00 Tue → 21:00 Tue
  });

  it('TODAY across the DST changes: 21:00 on the day’s own clock', () => {
    expect(due(U.TODAY, '2026-03-29T08:00:00Z')).toBe('2026-03-29T19:00:00.000Z'); // spring: 21:00 CEST
    expect(due(U.TODAY, '2026-03-28T08:00:00Z')).toBe('2026-03-28T20:00:00.000Z'); // the day before: 21:00 CET
    expect(due(U.TODAY, '2026-10-25T00:30:00Z')).toBe('2026-10-25T20:00:00.000Z'); // autumn: given 02:30 CEST, due 21:00 CET
    expect(due(U.TODAY, '2026-10-24T21:30:00Z')).toBe('2026-10-25T01:30:00.000Z'); // Sat 23:30 CEST + 4 h = Sun 02:30 CET
  });

  it('ROUTINE: the end of the next weekday', () => {
    expect(due(U.ROUTINE, '2026-12-07T10:00:00Z')).toBe('2026-12-08T22:59:59.999Z'); // Mon → Tue
    expect(due(U.ROUTINE, '2026-12-10T22:59:00Z')).toBe('2026-12-11T22:59:59.999Z'); // Thu 23:59 → Fri
    expect(due(U.ROUTINE, '2026-12-11T08:00:00Z')).toBe('2026-12-14T22:59:59.999Z'); // Fri → Mon
    expect(due(U.ROUTINE, '2026-12-12T12:00:00Z')).toBe('2026-12-14T22:59:59.999Z'); // Sat → Mon
    expect(due(U.ROUTINE, '2026-12-13T22:59:59Z')).toBe('2026-12-14T22:59:59.999Z'); // Sun 23:59:59 → Mon
    expect(due(U.ROUTINE, '2026-12-13T23:00:00Z')).toBe('2026-12-15T22:59:59.999Z'); // Mon 00:00 → Tue
  });

  it('ROUTINE across the DST changes: the local end of the day', () => {
    expect(due(U.ROUTINE, '2026-03-27T10:00:00Z')).toBe('2026-03-30T21:59:59.999Z'); // Fri → Mon, now CEST
    expect(due(U.ROUTINE, '2026-10-23T10:00:00Z')).toBe('2026-10-26T22:59:59.999Z'); // Fri → Mon, now CET
    expect(due(U.ROUTINE, '2026-10-24T21:30:00Z')).toBe('2026-10-26T22:59:59.999Z'); // Sat 23:30 CEST → Mon
  });

  it('answered exactly at respondBy is MET, a millisecond later MISSED', () => {
    const by = handoverRespondBy(U.ACUTE, R.PHONE_ASSESSMENT, at('2026-12-07T09:00:00Z'))!;
    expect(deadlineState(by, by, at('2027-01-01T00:00:00Z'))).toBe('MET');
    expect(deadlineState(by, new Date(by.getTime() + 1), at('2027-01-01T00:00:00Z'))).toBe('MISSED');
    expect(deadlineState(by, null, by)).toBe('OPEN');
    expect(deadlineState(by, null, new Date(by.getTime() + 1))).toBe('OVERDUE');
  });

  it('refuses an invalid instant', () => {
    expect(() => handoverRespondBy(U.ACUTE, R.HOME_VISIT, new Date('x'))).toThrow(RangeError);
  });
});

describe('nextWeekday', () => {
  it('skips Saturday and Sunday', () => {
    expect(['2026-12-07', '2026-12-11', '2026-12-12', '2026-12-13'].map(nextWeekday)).toEqual(['2026-12-08', '2026-12-14', '2026-12-14', '2026-12-14']);
  });
});

describe('givenAtProblem (paper routine)', () => {
  const now = at('2026-12-07T12:00:00Z');
  it('accepts now and exactly 72 hours back; refuses the future, 72 h + 1 ms, and before the handover', () => {
    expect(givenAtProblem(now, now)).toBeNull();
    expect(givenAtProblem(at('2026-12-04T12:00:00Z'), now)).toBeNull();
    expect(givenAtProblem(at('2026-12-07T12:00:00.001Z'), now)).toBe('must not be in the future');
    expect(givenAtProblem(at('2026-12-04T11:59:59.999Z'), now)).toBe('must be at most 72 hours ago');
    expect(givenAtProblem(at('2026-12-07T09:00:00Z'), now, at('2026-12-07T10:00:00Z'))).toMatch(/^must not be before the handover was given/);
  });
});

describe('plannedVisitProblem', () => {
  const answered = at('2026-12-07T12:00:00Z');
  it('must lie after the answer and at most 30 days after it', () => {
    expect(plannedVisitProblem(answered, answered)).toBe('must be after the answer is given');
    expect(plannedVisitProblem(at('2026-12-07T12:00:01Z'), answered)).toBeNull();
    expect(plannedVisitProblem(at('2027-01-06T12:00:00Z'), answered)).toBeNull();
    expect(plannedVisitProblem(at('2027-01-06T12:00:01Z'), answered)).toBe('must be at most 30 days after the answer');
  });
});
