import {
  STOCKHOLM,
  acknowledgementDeadline,
  admissionNoticeDeadline,
  deadlineState,
  paymentDays,
  PaymentDaysInput,
  sipInvitationDeadline,
  stockholmDate,
} from './deadlines';

/** All expected values below are written by hand as UTC instants. */
const at = (iso: string): Date => new Date(iso);
const iso = (d: Date): string => d.toISOString();

// Calendar notes for 2026: Jan 12 and Jun 15 are Mondays. Stockholm is UTC+1 (CET) in winter and
// UTC+2 (CEST) in summer; DST starts Sun 2026-03-29 (02:00→03:00) and ends Sun 2026-10-25 (03:00→02:00).

describe('stockholmDate', () => {
  it('uses the IANA zone Europe/Stockholm', () => {
    expect(STOCKHOLM).toBe('Europe/Stockholm');
  });
  it('uses UTC+1 in winter around local midnight', () => {
    expect(stockholmDate(at('2026-01-12T22:59:59.999Z'))).toBe('2026-01-12');
    expect(stockholmDate(at('2026-01-12T23:00:00.000Z'))).toBe('2026-01-13');
  });
  it('uses UTC+2 in summer around local midnight', () => {
    expect(stockholmDate(at('2026-06-15T21:59:59.999Z'))).toBe('2026-06-15');
    expect(stockholmDate(at('2026-06-15T22:00:00.000Z'))).toBe('2026-06-16');
  });
  it('rejects an invalid Date', () => {
    expect(() => stockholmDate(new Date('nope'))).toThrow(RangeError);
  });
});

describe('admissionNoticeDeadline', () => {
  const admittedAt = at('2026-01-12T08:00:00.000Z');
  const due = admissionNoticeDeadline(admittedAt);

  it('is exactly 24 hours after admission', () => {
    expect(iso(due)).toBe('2026-01-13T08:00:00.000Z');
  });
  it('counts elapsed hours across the spring DST change (local 13:00 → 14:00)', () => {
    expect(iso(admissionNoticeDeadline(at('2026-03-28T12:00:00.000Z')))).toBe('2026-03-29T12:00:00.000Z');
  });
  it('counts elapsed hours across the autumn DST change (local 14:00 → 13:00)', () => {
    expect(iso(admissionNoticeDeadline(at('2026-10-24T12:00:00.000Z')))).toBe('2026-10-25T12:00:00.000Z');
  });
  it('is MET when sent 23h59 after admission', () => {
    expect(deadlineState(due, at('2026-01-13T07:59:00.000Z'), at('2026-01-20T00:00:00.000Z'))).toBe('MET');
  });
  it('is MET when sent exactly at the deadline', () => {
    expect(deadlineState(due, at('2026-01-13T08:00:00.000Z'), at('2026-01-20T00:00:00.000Z'))).toBe('MET');
  });
  it('is MISSED when sent 24h01 after admission', () => {
    expect(deadlineState(due, at('2026-01-13T08:01:00.000Z'), at('2026-01-20T00:00:00.000Z'))).toBe('MISSED');
  });
  it('is MISSED when sent one millisecond late', () => {
    expect(deadlineState(due, at('2026-01-13T08:00:00.001Z'), at('2026-01-13T08:00:00.001Z'))).toBe('MISSED');
  });
  it('is OPEN when not sent and now is 23h59 after admission', () => {
    expect(deadlineState(due, null, at('2026-01-13T07:59:00.000Z'))).toBe('OPEN');
  });
  it('is OPEN when not sent and now is exactly the deadline', () => {
    expect(deadlineState(due, null, at('2026-01-13T08:00:00.000Z'))).toBe('OPEN');
  });
  it('is OVERDUE when not sent and now is 24h01 after admission', () => {
    expect(deadlineState(due, null, at('2026-01-13T08:01:00.000Z'))).toBe('OVERDUE');
  });
  it('rejects an invalid admission time', () => {
    expect(() => admissionNoticeDeadline(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('deadlineState', () => {
  const due = at('2026-01-13T08:00:00.000Z');
  it('ignores now once done (MET stays MET, MISSED stays MISSED)', () => {
    expect(deadlineState(due, at('2026-01-13T07:00:00.000Z'), at('2026-01-01T00:00:00.000Z'))).toBe('MET');
    expect(deadlineState(due, at('2026-01-13T09:00:00.000Z'), at('2026-01-01T00:00:00.000Z'))).toBe('MISSED');
  });
  it('rejects invalid dates naming the field', () => {
    expect(() => deadlineState(new Date('x'), null, due)).toThrow(/due/);
    expect(() => deadlineState(due, new Date('x'), due)).toThrow(/doneAt/);
    expect(() => deadlineState(due, null, new Date('x'))).toThrow(/now/);
  });
});

describe('sipInvitationDeadline', () => {
  it('winter: Monday 14:00 local → Thursday 23:59:59.999 local', () => {
    expect(iso(sipInvitationDeadline(at('2026-01-12T13:00:00.000Z')))).toBe('2026-01-15T22:59:59.999Z');
  });
  it('winter: Monday 23:30 local (22:30Z) still → Thursday end', () => {
    expect(iso(sipInvitationDeadline(at('2026-01-12T22:30:00.000Z')))).toBe('2026-01-15T22:59:59.999Z');
  });
  it('winter: Monday 23:59:59.999 local → Thursday end', () => {
    expect(iso(sipInvitationDeadline(at('2026-01-12T22:59:59.999Z')))).toBe('2026-01-15T22:59:59.999Z');
  });
  it('winter: Tuesday 00:00 local (Monday 23:00Z) → Friday end', () => {
    expect(iso(sipInvitationDeadline(at('2026-01-12T23:00:00.000Z')))).toBe('2026-01-16T22:59:59.999Z');
  });
  it('winter: Tuesday 00:30 local (Monday 23:30Z) → Friday end', () => {
    expect(iso(sipInvitationDeadline(at('2026-01-12T23:30:00.000Z')))).toBe('2026-01-16T22:59:59.999Z');
  });
  it('summer: Monday 23:30 local (21:30Z) → Thursday end (UTC+2)', () => {
    expect(iso(sipInvitationDeadline(at('2026-06-15T21:30:00.000Z')))).toBe('2026-06-18T21:59:59.999Z');
  });
  it('summer: Tuesday 00:00 local (Monday 22:00Z) → Friday end', () => {
    expect(iso(sipInvitationDeadline(at('2026-06-15T22:00:00.000Z')))).toBe('2026-06-19T21:59:59.999Z');
  });
  it('spring DST: Thursday 10:00 CET → Sunday 2026-03-29 end, now CEST', () => {
    expect(iso(sipInvitationDeadline(at('2026-03-26T09:00:00.000Z')))).toBe('2026-03-29T21:59:59.999Z');
  });
  it('spring DST: Friday 12:00 CET → Monday 2026-03-30 end CEST', () => {
    expect(iso(sipInvitationDeadline(at('2026-03-27T11:00:00.000Z')))).toBe('2026-03-30T21:59:59.999Z');
  });
  it('spring DST: notice on the short day itself (03:30 CEST) → Wednesday end', () => {
    expect(iso(sipInvitationDeadline(at('2026-03-29T01:30:00.000Z')))).toBe('2026-04-01T21:59:59.999Z');
  });
  it('autumn DST: Thursday 10:00 CEST → Sunday 2026-10-25 end, now CET', () => {
    expect(iso(sipInvitationDeadline(at('2026-10-22T08:00:00.000Z')))).toBe('2026-10-25T22:59:59.999Z');
  });
  it('autumn DST: Thursday 00:30 CEST (Wednesday 22:30Z) → Sunday end', () => {
    expect(iso(sipInvitationDeadline(at('2026-10-21T22:30:00.000Z')))).toBe('2026-10-25T22:59:59.999Z');
  });
  it('autumn DST: notice in the repeated hour (first 02:30 CEST) → Wednesday end CET', () => {
    expect(iso(sipInvitationDeadline(at('2026-10-25T00:30:00.000Z')))).toBe('2026-10-28T22:59:59.999Z');
  });
  it('invitation on the third day is MET, on the fourth day MISSED', () => {
    const due = sipInvitationDeadline(at('2026-01-12T13:00:00.000Z'));
    const later = at('2026-02-01T00:00:00.000Z');
    expect(deadlineState(due, at('2026-01-15T22:59:00.000Z'), later)).toBe('MET'); // Thu 23:59
    expect(deadlineState(due, at('2026-01-15T23:01:00.000Z'), later)).toBe('MISSED'); // Fri 00:01
    expect(deadlineState(due, null, at('2026-01-15T22:59:59.999Z'))).toBe('OPEN');
    expect(deadlineState(due, null, at('2026-01-15T23:00:00.000Z'))).toBe('OVERDUE');
  });
  it('rejects an invalid Date', () => {
    expect(() => sipInvitationDeadline(new Date('x'))).toThrow(/readyForDischargeAt/);
  });
});

describe('acknowledgementDeadline', () => {
  it('adds exact hours', () => {
    expect(iso(acknowledgementDeadline(at('2026-01-12T08:00:00.000Z'), 4))).toBe('2026-01-12T12:00:00.000Z');
  });
  it('accepts fractional hours', () => {
    expect(iso(acknowledgementDeadline(at('2026-01-12T08:00:00.000Z'), 1.5))).toBe('2026-01-12T09:30:00.000Z');
  });
  it('counts elapsed hours across the spring DST change', () => {
    expect(iso(acknowledgementDeadline(at('2026-03-28T20:00:00.000Z'), 48))).toBe('2026-03-30T20:00:00.000Z');
  });
  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('rejects hours = %p with RangeError', (hours) => {
    const call = () => acknowledgementDeadline(at('2026-01-12T08:00:00.000Z'), hours);
    expect(call).toThrow(RangeError);
    expect(call).toThrow(/hours/);
  });
  it('rejects an invalid sentAt', () => {
    expect(() => acknowledgementDeadline(new Date('x'), 4)).toThrow(/sentAt/);
  });
});

describe('paymentDays', () => {
  // Notice Monday 2026-01-12 14:00 local (13:00Z): Tue 13 = day 1, Wed 14 = 2, Thu 15 = 3, Fri 16 = 4 …
  const notice = at('2026-01-12T13:00:00.000Z');
  const later = at('2026-12-31T00:00:00.000Z'); // default clock: after every stay below
  const run = (over: Partial<PaymentDaysInput>) =>
    paymentDays({
      periods: [{ readyAt: notice, withdrawnAt: null }],
      dischargedAt: null,
      now: later,
      agreedDays: 3,
      ...over,
    });

  describe('agreedDays 3 (law default)', () => {
    it('discharge on the last free day (Thu, day 3) → nothing payable', () => {
      const none = { days: 0, amount: null, firstPayableDate: null, payableDates: [] };
      expect(run({ dischargedAt: at('2026-01-15T09:00:00.000Z') })).toEqual(none);
    });
    it('discharge the day after (Fri, day 4) → still nothing, the discharge date is not payable', () => {
      expect(run({ dischargedAt: at('2026-01-16T09:00:00.000Z') }).days).toBe(0);
    });
    it('discharge on Sat (day 5) → Friday is payable', () => {
      expect(run({ dischargedAt: at('2026-01-17T09:00:00.000Z'), dailyAmount: 8000 })).toEqual({
        days: 1,
        amount: 8000,
        firstPayableDate: '2026-01-16',
        payableDates: ['2026-01-16'],
      });
    });
    it('discharge on Mon 19 → Fri, Sat, Sun payable, amount = days × dailyAmount', () => {
      expect(run({ dischargedAt: at('2026-01-19T09:00:00.000Z'), dailyAmount: 8000 })).toEqual({
        days: 3,
        amount: 24000,
        firstPayableDate: '2026-01-16',
        payableDates: ['2026-01-16', '2026-01-17', '2026-01-18'],
      });
    });
    it('discharge at 00:30 local Tuesday 20 (Monday 23:30Z) → Monday 19 is payable', () => {
      expect(run({ dischargedAt: at('2026-01-19T23:30:00.000Z') }).payableDates).toEqual(['2026-01-16', '2026-01-17', '2026-01-18', '2026-01-19']);
    });
    it('notice at 23:30 local Monday (22:30Z) still makes Monday day 0', () => {
      const r = run({
        periods: [{ readyAt: at('2026-01-12T22:30:00.000Z'), withdrawnAt: null }],
        dischargedAt: at('2026-01-19T09:00:00.000Z'),
      });
      expect(r.payableDates).toEqual(['2026-01-16', '2026-01-17', '2026-01-18']);
    });
    it('notice at 00:30 local Tuesday (Monday 23:30Z) makes Tuesday day 0', () => {
      const r = run({
        periods: [{ readyAt: at('2026-01-12T23:30:00.000Z'), withdrawnAt: null }],
        dischargedAt: at('2026-01-19T09:00:00.000Z'),
      });
      expect(r.payableDates).toEqual(['2026-01-17', '2026-01-18']);
    });
    it('amount is 0 (not null) when a daily amount is given but nothing is payable', () => {
      expect(run({ dischargedAt: at('2026-01-14T09:00:00.000Z'), dailyAmount: 8000 }).amount).toBe(0);
    });
  });

  describe('agreedDays 0', () => {
    it('discharge the day after the notice → nothing (discharge date not payable)', () => {
      expect(run({ agreedDays: 0, dischargedAt: at('2026-01-13T09:00:00.000Z') }).days).toBe(0);
    });
    it('discharge two days after → the first day after the notice is payable', () => {
      expect(run({ agreedDays: 0, dischargedAt: at('2026-01-14T09:00:00.000Z') }).payableDates).toEqual(['2026-01-13']);
    });
    it('discharge on the notice date → nothing', () => {
      expect(run({ agreedDays: 0, dischargedAt: at('2026-01-12T20:00:00.000Z') }).days).toBe(0);
    });
  });

  describe('agreedDays 5', () => {
    it('discharge on Sun 18 (day 6) → nothing', () => {
      expect(run({ agreedDays: 5, dischargedAt: at('2026-01-18T09:00:00.000Z') }).days).toBe(0);
    });
    it('discharge on Mon 19 (day 7) → Sunday 18 (day 6) payable', () => {
      expect(run({ agreedDays: 5, dischargedAt: at('2026-01-19T09:00:00.000Z') })).toEqual({
        days: 1,
        amount: null,
        firstPayableDate: '2026-01-18',
        payableDates: ['2026-01-18'],
      });
    });
  });

  describe('running clock (not yet discharged)', () => {
    it('counts today once ready time has passed in it', () => {
      // now = Sat 17 11:00 local
      expect(run({ now: at('2026-01-17T10:00:00.000Z') }).payableDates).toEqual(['2026-01-16', '2026-01-17']);
    });
    it('at Thursday 23:59:59.999 local nothing is payable yet', () => {
      expect(run({ now: at('2026-01-15T22:59:59.999Z') }).days).toBe(0);
    });
    it('at exactly Friday 00:00 local nothing is payable yet; one millisecond later Friday is', () => {
      expect(run({ now: at('2026-01-15T23:00:00.000Z') }).days).toBe(0);
      expect(run({ now: at('2026-01-15T23:00:00.001Z') }).payableDates).toEqual(['2026-01-16']);
    });
    it('stops at now when a discharge time lies after now', () => {
      const r = run({ now: at('2026-01-17T10:00:00.000Z'), dischargedAt: at('2026-01-25T10:00:00.000Z') });
      expect(r.payableDates).toEqual(['2026-01-16', '2026-01-17']);
    });
    it('now before the notice → nothing', () => {
      expect(run({ now: at('2026-01-10T10:00:00.000Z') }).days).toBe(0);
    });
  });

  describe('withdrawal and re-issue', () => {
    it('a withdrawal pauses and a re-issued notice restarts the agreed days', () => {
      const r = run({
        periods: [
          // withdrawn Sat 17 10:00 local, re-issued Mon 19 09:00 local
          { readyAt: notice, withdrawnAt: at('2026-01-17T09:00:00.000Z') },
          { readyAt: at('2026-01-19T08:00:00.000Z'), withdrawnAt: null },
        ],
        dischargedAt: at('2026-01-24T10:00:00.000Z'), // Sat 24 11:00 local
        dailyAmount: 100,
      });
      // Period 1: Fri 16 (day 4), Sat 17 (day 5, ready in the morning). Sun 18 not ready.
      // Period 2: Mon 19 day 0, Tue–Thu 20–22 free, Fri 23 payable, Sat 24 is the discharge date.
      expect(r).toEqual({
        days: 3,
        amount: 300,
        firstPayableDate: '2026-01-16',
        payableDates: ['2026-01-16', '2026-01-17', '2026-01-23'],
      });
    });
    it('withdrawn before the free days ran out: the count starts over from the new notice', () => {
      const r = run({
        periods: [
          { readyAt: notice, withdrawnAt: at('2026-01-14T09:00:00.000Z') },
          { readyAt: at('2026-01-15T09:00:00.000Z'), withdrawnAt: null }, // Thu 15 = new day 0
        ],
        dischargedAt: at('2026-01-20T09:00:00.000Z'),
      });
      // Fri 16 .. Sun 18 are days 1–3 of the new notice; Mon 19 is day 4; Tue 20 is the discharge date.
      expect(r.payableDates).toEqual(['2026-01-19']);
    });
    it('withdrawn exactly at local midnight does not reach the next date', () => {
      const periods = [{ readyAt: notice, withdrawnAt: at('2026-01-15T23:00:00.000Z') }]; // Fri 00:00
      expect(run({ periods, dischargedAt: at('2026-01-18T09:00:00.000Z') }).days).toBe(0);
      const oneMsLater = [{ readyAt: notice, withdrawnAt: at('2026-01-15T23:00:00.001Z') }];
      expect(run({ periods: oneMsLater, dischargedAt: at('2026-01-18T09:00:00.000Z') }).payableDates).toEqual(['2026-01-16']);
    });
    it('a date payable under two periods is counted once', () => {
      const r = run({
        agreedDays: 0,
        periods: [
          { readyAt: notice, withdrawnAt: at('2026-01-14T09:00:00.000Z') }, // Wed 10:00 local
          { readyAt: at('2026-01-14T15:00:00.000Z'), withdrawnAt: null }, // Wed 16:00 local
        ],
        dischargedAt: at('2026-01-16T09:00:00.000Z'),
      });
      expect(r.payableDates).toEqual(['2026-01-13', '2026-01-14', '2026-01-15']);
      expect(r.days).toBe(3);
    });
    it('a withdrawn notice that is never re-issued stops payment', () => {
      const periods = [{ readyAt: notice, withdrawnAt: at('2026-01-17T09:00:00.000Z') }];
      expect(run({ periods, dischargedAt: at('2026-01-30T09:00:00.000Z') }).payableDates).toEqual(['2026-01-16', '2026-01-17']);
    });
    it('no notice at all → nothing', () => {
      expect(run({ periods: [], dischargedAt: at('2026-01-30T09:00:00.000Z'), dailyAmount: 5 })).toEqual({
        days: 0,
        amount: 0,
        firstPayableDate: null,
        payableDates: [],
      });
    });
  });

  describe('stays spanning a DST change', () => {
    it('spring: Thu 2026-03-26 notice, discharge Wed 00:30 CEST (Tue 22:30Z)', () => {
      const r = run({
        periods: [{ readyAt: at('2026-03-26T13:00:00.000Z'), withdrawnAt: null }],
        dischargedAt: at('2026-03-31T22:30:00.000Z'),
      });
      // Fri 27 = 1, Sat 28 = 2, Sun 29 (23 h long) = 3, Mon 30 = 4, Tue 31 = 5; Wed 1 April is the discharge date.
      expect(r.payableDates).toEqual(['2026-03-30', '2026-03-31']);
    });
    it('autumn: notice Thu 00:30 CEST (Wed 22:30Z), discharge Wed 00:30 CET (Tue 23:30Z)', () => {
      const r = run({
        periods: [{ readyAt: at('2026-10-21T22:30:00.000Z'), withdrawnAt: null }],
        dischargedAt: at('2026-10-27T23:30:00.000Z'),
      });
      // Thu 22 = 0, Fri 23..Sun 25 (25 h long) free, Mon 26 and Tue 27 payable; Wed 28 is the discharge date.
      expect(r.payableDates).toEqual(['2026-10-26', '2026-10-27']);
    });
  });

  describe('invalid input', () => {
    it.each([-1, 31, 2.5, Number.NaN])('rejects agreedDays = %p', (agreedDays) => {
      expect(() => run({ agreedDays })).toThrow(RangeError);
      expect(() => run({ agreedDays })).toThrow(/agreedDays/);
    });
    it('accepts agreedDays 30', () => {
      expect(run({ agreedDays: 30, dischargedAt: at('2026-01-19T09:00:00.000Z') }).days).toBe(0);
    });
    it('rejects a negative or non-finite dailyAmount', () => {
      expect(() => run({ dailyAmount: -1 })).toThrow(/dailyAmount/);
      expect(() => run({ dailyAmount: Number.POSITIVE_INFINITY })).toThrow(/dailyAmount/);
    });
    it('rejects withdrawnAt before readyAt', () => {
      const periods = [{ readyAt: notice, withdrawnAt: at('2026-01-12T12:00:00.000Z') }];
      expect(() => run({ periods })).toThrow(RangeError);
      expect(() => run({ periods })).toThrow(/periods\[0\]\.withdrawnAt/);
    });
    it('rejects overlapping periods', () => {
      const periods = [
        { readyAt: notice, withdrawnAt: at('2026-01-15T09:00:00.000Z') },
        { readyAt: at('2026-01-14T09:00:00.000Z'), withdrawnAt: null },
      ];
      expect(() => run({ periods })).toThrow(/periods/);
    });
    it('rejects a period following one that was never withdrawn', () => {
      const periods = [
        { readyAt: notice, withdrawnAt: null },
        { readyAt: at('2026-01-20T09:00:00.000Z'), withdrawnAt: null },
      ];
      expect(() => run({ periods })).toThrow(/periods/);
    });
    it('rejects periods out of order', () => {
      const periods = [
        { readyAt: at('2026-01-20T09:00:00.000Z'), withdrawnAt: at('2026-01-21T09:00:00.000Z') },
        { readyAt: notice, withdrawnAt: at('2026-01-13T09:00:00.000Z') },
      ];
      expect(() => run({ periods })).toThrow(/periods/);
    });
    it('rejects a notice after discharge', () => {
      expect(() => run({ dischargedAt: at('2026-01-10T09:00:00.000Z') })).toThrow(/dischargedAt/);
    });
    it('rejects invalid dates naming the field (all errors are RangeError)', () => {
      expect(() => run({ now: new Date('x') })).toThrow(RangeError);
      expect(() => run({ now: new Date('x') })).toThrow(/now/);
      expect(() => run({ dischargedAt: new Date('x') })).toThrow(/dischargedAt/);
      expect(() => run({ periods: [{ readyAt: new Date('x'), withdrawnAt: null }] })).toThrow(/periods\[0\]\.readyAt/);
    });
  });
});
