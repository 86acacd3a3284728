import {
  acknowledgementDeadline,
  admissionNoticeDeadline,
  deadlineState,
  medicationReconciliationDeadline,
  paymentDays,
  sipInvitationDue,
  stockholmDate,
} from './deadlines';

/**
 * Boundary tests added with the discharge capability: times around local midnight and across the
 * daylight-saving changes, and the SIP deadline under withdrawn and re-issued ready notices.
 * Expected values are written by hand as UTC instants. Stockholm is UTC+1 in winter, UTC+2 in
 * summer; DST starts Sun 2026-03-29 and ends Sun 2026-10-25.
 */
const at = (iso: string): Date => new Date(iso);
const iso = (d: Date): string => d.toISOString();

describe('admission notice around local midnight and across a DST change', () => {
  it('admitted 23:30 local (22:30Z winter): due 23:30 local the next day; 23h59 MET, 24h01 MISSED', () => {
    const due = admissionNoticeDeadline(at('2026-01-12T22:30:00.000Z'));
    expect(iso(due)).toBe('2026-01-13T22:30:00.000Z');
    expect(deadlineState(due, at('2026-01-13T22:29:00.000Z'), due)).toBe('MET');
    expect(deadlineState(due, at('2026-01-13T22:31:00.000Z'), due)).toBe('MISSED');
  });
  it('spring DST: admitted Sat 23:30 CET, due Mon 00:30 CEST wall clock; 23h59 OPEN, 24h01 OVERDUE', () => {
    const admitted = at('2026-03-28T22:30:00.000Z'); // Sat 23:30 CET
    const due = admissionNoticeDeadline(admitted);
    expect(iso(due)).toBe('2026-03-29T22:30:00.000Z'); // Mon 00:30 CEST
    expect(stockholmDate(due)).toBe('2026-03-30');
    expect(deadlineState(due, null, at('2026-03-29T22:29:00.000Z'))).toBe('OPEN');
    expect(deadlineState(due, null, at('2026-03-29T22:31:00.000Z'))).toBe('OVERDUE');
  });
  it('autumn DST: admitted Sat 23:30 CEST, due Sun 22:30 CET wall clock (24 elapsed hours, one of them repeated)', () => {
    const due = admissionNoticeDeadline(at('2026-10-24T21:30:00.000Z')); // Sat 23:30 CEST
    expect(iso(due)).toBe('2026-10-25T21:30:00.000Z'); // Sun 22:30 CET
    expect(stockholmDate(due)).toBe('2026-10-25');
    expect(deadlineState(due, at('2026-10-25T21:29:00.000Z'), due)).toBe('MET');
    expect(deadlineState(due, at('2026-10-25T21:31:00.000Z'), due)).toBe('MISSED');
  });
});

describe('medication reconciliation: 24 elapsed hours from the discharge, to the second, across both DST changes', () => {
  const second = (d: Date, n = 1) => new Date(d.getTime() + n * 1000);
  it('discharged Tue 10:00 CET (09:00Z): due Wed 10:00 CET; recorded exactly then MET, one second later MISSED', () => {
    const due = medicationReconciliationDeadline(at('2026-12-15T09:00:00.000Z'));
    expect(iso(due)).toBe('2026-12-16T09:00:00.000Z');
    expect(deadlineState(due, due, at('2027-01-01T00:00:00.000Z'))).toBe('MET');
    expect(deadlineState(due, second(due), at('2027-01-01T00:00:00.000Z'))).toBe('MISSED');
    expect(deadlineState(due, null, due)).toBe('OPEN');
    expect(deadlineState(due, null, second(due))).toBe('OVERDUE');
  });
  it('autumn DST (Sun 2026-10-25, 03:00 CEST → 02:00 CET): discharged Sat 14:00 CEST, due Sun 13:00 CET wall clock', () => {
    const discharged = at('2026-10-24T12:00:00.000Z'); // Sat 14:00 CEST
    const due = medicationReconciliationDeadline(discharged);
    expect(iso(due)).toBe('2026-10-25T12:00:00.000Z'); // Sun 13:00 CET: 24 hours, one of them lived twice
    expect(stockholmDate(due)).toBe('2026-10-25');
    expect(deadlineState(due, at('2026-10-25T12:00:00.000Z'), due)).toBe('MET');
    expect(deadlineState(due, at('2026-10-25T12:00:01.000Z'), due)).toBe('MISSED');
    // 14:00 local on Sunday, the same wall-clock time as the discharge, is already 25 hours later.
    expect(deadlineState(due, at('2026-10-25T13:00:00.000Z'), due)).toBe('MISSED');
    expect(deadlineState(due, null, at('2026-10-25T12:00:00.000Z'))).toBe('OPEN');
    expect(deadlineState(due, null, at('2026-10-25T12:00:01.000Z'))).toBe('OVERDUE');
  });
  it('spring DST (Sun 2027-03-28, 02:00 CET → 03:00 CEST): discharged Sat 14:00 CET, due Sun 15:00 CEST wall clock', () => {
    const discharged = at('2027-03-27T13:00:00.000Z'); // Sat 14:00 CET
    const due = medicationReconciliationDeadline(discharged);
    expect(iso(due)).toBe('2027-03-28T13:00:00.000Z'); // Sun 15:00 CEST: 24 hours on a 23-hour day
    expect(stockholmDate(due)).toBe('2027-03-28');
    // 14:00 local on Sunday is only 23 hours after the discharge: in time.
    expect(deadlineState(due, at('2027-03-28T12:00:00.000Z'), due)).toBe('MET');
    expect(deadlineState(due, at('2027-03-28T13:00:00.000Z'), due)).toBe('MET');
    expect(deadlineState(due, at('2027-03-28T13:00:01.000Z'), due)).toBe('MISSED');
    expect(deadlineState(due, null, at('2027-03-28T13:00:00.000Z'))).toBe('OPEN');
    expect(deadlineState(due, null, at('2027-03-28T13:00:01.000Z'))).toBe('OVERDUE');
  });
  it('discharged in the repeated hour of the autumn change (02:30 CEST, then 02:30 CET): each is due 24 hours after its own instant', () => {
    expect(iso(medicationReconciliationDeadline(at('2026-10-25T00:30:00.000Z')))).toBe('2026-10-26T00:30:00.000Z'); // 02:30 CEST → Mon 01:30 CET
    expect(iso(medicationReconciliationDeadline(at('2026-10-25T01:30:00.000Z')))).toBe('2026-10-26T01:30:00.000Z'); // 02:30 CET → Mon 02:30 CET
  });
  it('refuses an invalid instant', () => {
    expect(() => medicationReconciliationDeadline(new Date('x'))).toThrow(RangeError);
  });
});

describe('acknowledgement deadline boundaries', () => {
  const due = acknowledgementDeadline(at('2026-01-12T22:30:00.000Z'), 24); // sent 23:30 local
  it('acknowledged one minute before / after the due time', () => {
    expect(deadlineState(due, at('2026-01-13T22:29:00.000Z'), due)).toBe('MET');
    expect(deadlineState(due, at('2026-01-13T22:31:00.000Z'), due)).toBe('MISSED');
  });
  it('unacknowledged: OPEN at the due time, OVERDUE one minute later', () => {
    expect(deadlineState(due, null, at('2026-01-13T22:30:00.000Z'))).toBe('OPEN');
    expect(deadlineState(due, null, at('2026-01-13T22:31:00.000Z'))).toBe('OVERDUE');
  });
  it('autumn DST: 24 hours from Sat 12:00 CEST end Sun 11:00 CET wall clock', () => {
    expect(iso(acknowledgementDeadline(at('2026-10-24T10:00:00.000Z'), 24))).toBe('2026-10-25T10:00:00.000Z');
  });
});

describe('sipInvitationDue (withdrawal and re-issue of the ready notice)', () => {
  // Notice Mon 2026-01-12 14:00 local → due Thu 15 23:59:59.999 local (22:59:59.999Z).
  const notice = at('2026-01-12T13:00:00.000Z');
  const thursdayEnd = '2026-01-15T22:59:59.999Z';

  it('no notice → no deadline', () => {
    expect(sipInvitationDue([], null)).toBeNull();
    expect(sipInvitationDue([], at('2026-01-13T10:00:00.000Z'))).toBeNull();
  });
  it('one standing notice → end of the third day after it', () => {
    expect(iso(sipInvitationDue([{ readyAt: notice, withdrawnAt: null }], null)!)).toBe(thursdayEnd);
  });
  it('invitation on the third day MET, on the fourth day MISSED', () => {
    const periods = [{ readyAt: notice, withdrawnAt: null }];
    const third = at('2026-01-15T22:59:00.000Z');
    const fourth = at('2026-01-15T23:01:00.000Z');
    expect(deadlineState(sipInvitationDue(periods, third)!, third, third)).toBe('MET');
    expect(deadlineState(sipInvitationDue(periods, fourth)!, fourth, fourth)).toBe('MISSED');
  });
  it('a notice withdrawn before its deadline suspends it', () => {
    expect(sipInvitationDue([{ readyAt: notice, withdrawnAt: at('2026-01-14T09:00:00.000Z') }], null)).toBeNull();
  });
  it('withdrawn exactly at the deadline still suspends; one millisecond after keeps it (already overdue)', () => {
    expect(sipInvitationDue([{ readyAt: notice, withdrawnAt: at(thursdayEnd) }], null)).toBeNull();
    expect(iso(sipInvitationDue([{ readyAt: notice, withdrawnAt: at('2026-01-15T23:00:00.000Z') }], null)!)).toBe(thursdayEnd);
  });
  it('a re-issued notice opens a new three-day window', () => {
    const periods = [
      { readyAt: notice, withdrawnAt: at('2026-01-13T09:00:00.000Z') },
      { readyAt: at('2026-01-19T08:00:00.000Z'), withdrawnAt: null }, // Mon 19 09:00 local
    ];
    expect(iso(sipInvitationDue(periods, null)!)).toBe('2026-01-22T22:59:59.999Z'); // Thu 22 end
  });
  it('an invitation is judged against the latest notice issued before it', () => {
    const periods = [
      { readyAt: notice, withdrawnAt: at('2026-01-13T09:00:00.000Z') },
      { readyAt: at('2026-01-19T08:00:00.000Z'), withdrawnAt: null },
    ];
    expect(iso(sipInvitationDue(periods, at('2026-01-12T15:00:00.000Z'))!)).toBe(thursdayEnd);
    expect(iso(sipInvitationDue(periods, at('2026-01-20T10:00:00.000Z'))!)).toBe('2026-01-22T22:59:59.999Z');
    // sent during the withdrawal gap: the withdrawn notice is the latest before it
    expect(iso(sipInvitationDue(periods, at('2026-01-16T10:00:00.000Z'))!)).toBe(thursdayEnd);
  });
  it('an invitation before any notice is judged against the first notice', () => {
    expect(iso(sipInvitationDue([{ readyAt: notice, withdrawnAt: null }], at('2026-01-11T10:00:00.000Z'))!)).toBe(thursdayEnd);
  });
  it('re-issued across the autumn DST change: Thu 22 Oct notice → Sun 25 end CET', () => {
    const periods = [
      { readyAt: at('2026-10-19T08:00:00.000Z'), withdrawnAt: at('2026-10-20T08:00:00.000Z') },
      { readyAt: at('2026-10-22T08:00:00.000Z'), withdrawnAt: null },
    ];
    expect(iso(sipInvitationDue(periods, null)!)).toBe('2026-10-25T22:59:59.999Z');
  });
  it('rejects an invalid invitedAt', () => {
    expect(() => sipInvitationDue([{ readyAt: notice, withdrawnAt: null }], new Date('x'))).toThrow(/invitedAt/);
  });
});

describe('paymentDays: agreed days 0, 3 and 5 across the spring DST change', () => {
  // Notice Thu 2026-03-26 14:00 CET; Sun 29 is 23 hours long. Discharge Thu 2 April 10:00 CEST.
  const base = {
    periods: [{ readyAt: at('2026-03-26T13:00:00.000Z'), withdrawnAt: null }],
    dischargedAt: at('2026-04-02T08:00:00.000Z'),
    now: at('2026-12-31T00:00:00.000Z'),
  };
  it.each([
    [0, ['2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31', '2026-04-01']],
    [3, ['2026-03-30', '2026-03-31', '2026-04-01']],
    [5, ['2026-04-01']],
  ])('agreedDays %i', (agreedDays, dates) => {
    expect(paymentDays({ ...base, agreedDays }).payableDates).toEqual(dates);
  });
  it('running clock at the fourth day’s local midnight (Mon 30 00:00 CEST = Sun 22:00Z)', () => {
    const run = (now: string) => paymentDays({ ...base, dischargedAt: null, now: at(now), agreedDays: 3 }).days;
    expect(run('2026-03-29T22:00:00.000Z')).toBe(0);
    expect(run('2026-03-29T22:00:00.001Z')).toBe(1);
  });
});

describe('paymentDays: the days counted across a month end, a year end and a leap day', () => {
  it('numbers the days from the notice’s Stockholm date, whatever month or year they fall in', () => {
    // Notice Tue 2027-12-28 23:30 CET (22:30Z); three free days; discharged Tue 2028-01-04 10:00 CET.
    const overYearEnd = paymentDays({
      periods: [{ readyAt: at('2027-12-28T22:30:00.000Z'), withdrawnAt: null }],
      dischargedAt: at('2028-01-04T09:00:00.000Z'),
      now: at('2028-06-01T00:00:00.000Z'),
      agreedDays: 3,
    });
    expect(overYearEnd.payableDates).toEqual(['2028-01-01', '2028-01-02', '2028-01-03']);
    // Notice Sat 2028-02-26 00:30 CET (Fri 23:30Z): day 0 is the 26th; 29 February is a day of its own.
    const overLeapDay = paymentDays({
      periods: [{ readyAt: at('2028-02-25T23:30:00.000Z'), withdrawnAt: null }],
      dischargedAt: at('2028-03-03T09:00:00.000Z'),
      now: at('2028-06-01T00:00:00.000Z'),
      agreedDays: 2,
    });
    expect(overLeapDay.payableDates).toEqual(['2028-02-29', '2028-03-01', '2028-03-02']);
  });
});
