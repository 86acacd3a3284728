import { DeadlineKind, DischargeMessageKind as K } from './discharge.enums';
import { buildDeadlines, deadlineStateAt, MessageFacts, paymentResponsibility, ProcessFacts, readyPeriods, sortDeadlines } from './deadline-view';

const at = (iso: string) => new Date(iso);
const H = 'hospital';
const M = 'municipality';
const P = 'primary-care';

let n = 0;
function msg(kind: K, sentAt: string, receivers: Array<[string, string | null]> = [], ackHours = 24): MessageFacts {
  const sent = at(sentAt);
  return {
    id: `m${++n}`,
    kind,
    sentAt: sent,
    acknowledgementDueAt: new Date(sent.getTime() + ackHours * 3_600_000),
    receivers: receivers.map(([organisationId, ack]) => ({ organisationId, acknowledgedAt: ack ? at(ack) : null })),
  };
}

// Admitted Mon 2026-01-12 09:00 local (08:00Z).
const admittedAt = at('2026-01-12T08:00:00.000Z');
const facts = (messages: MessageFacts[], discharge: { at: string; expected?: boolean; recordedAt?: string } | null = null): ProcessFacts => ({
  admittedAt,
  hospitalId: H,
  municipalityId: M,
  primaryCareId: P,
  dischargedAt: discharge ? at(discharge.at) : null,
  messages,
  medicationReconciliation: { expected: discharge?.expected ?? true, recordedAt: discharge?.recordedAt ? at(discharge.recordedAt) : null },
});

describe('readyPeriods', () => {
  it('pairs each notice with the withdrawal after it, in time order whatever the input order', () => {
    const ready1 = msg(K.READY_FOR_DISCHARGE, '2026-01-13T10:00:00.000Z');
    const withdrawn = msg(K.READY_FOR_DISCHARGE_WITHDRAWN, '2026-01-14T10:00:00.000Z');
    const ready2 = msg(K.READY_FOR_DISCHARGE, '2026-01-16T10:00:00.000Z');
    expect(readyPeriods([ready2, withdrawn, ready1])).toEqual([
      { readyAt: ready1.sentAt, withdrawnAt: withdrawn.sentAt },
      { readyAt: ready2.sentAt, withdrawnAt: null },
    ]);
  });
  it('ignores a second notice while one stands and a withdrawal with none standing', () => {
    expect(
      readyPeriods([
        msg(K.READY_FOR_DISCHARGE_WITHDRAWN, '2026-01-13T09:00:00.000Z'),
        msg(K.READY_FOR_DISCHARGE, '2026-01-13T10:00:00.000Z'),
        msg(K.READY_FOR_DISCHARGE, '2026-01-13T11:00:00.000Z'),
      ]),
    ).toEqual([{ readyAt: at('2026-01-13T10:00:00.000Z'), withdrawnAt: null }]);
  });
});

describe('buildDeadlines', () => {
  it('a fresh process has only the admission notice deadline, 24 h after admission, for the hospital', () => {
    expect(buildDeadlines(facts([]))).toEqual([
      { kind: DeadlineKind.ADMISSION_NOTICE, messageId: null, responsibleOrganisationId: H, dueAt: at('2026-01-13T08:00:00.000Z'), doneAt: null },
    ]);
  });

  it('the admission notice 23h59 after admission is MET, 24h01 MISSED', () => {
    const met = buildDeadlines(facts([msg(K.ADMISSION_NOTICE, '2026-01-13T07:59:00.000Z', [[M, null]])]))[0];
    const missed = buildDeadlines(facts([msg(K.ADMISSION_NOTICE, '2026-01-13T08:01:00.000Z', [[M, null]])]))[0];
    const later = at('2026-02-01T00:00:00.000Z');
    expect(deadlineStateAt(met, later)).toBe('MET');
    expect(deadlineStateAt(missed, later)).toBe('MISSED');
  });

  it('one acknowledgement deadline per message and receiver, done when acknowledged', () => {
    const notice = msg(
      K.ADMISSION_NOTICE,
      '2026-01-12T12:00:00.000Z',
      [
        [M, '2026-01-12T13:00:00.000Z'],
        [P, null],
      ],
      8,
    );
    const acks = buildDeadlines(facts([notice])).filter((d) => d.kind === DeadlineKind.ACKNOWLEDGEMENT);
    expect(acks).toEqual([
      {
        kind: DeadlineKind.ACKNOWLEDGEMENT,
        messageId: notice.id,
        responsibleOrganisationId: M,
        dueAt: at('2026-01-12T20:00:00.000Z'),
        doneAt: at('2026-01-12T13:00:00.000Z'),
      },
      { kind: DeadlineKind.ACKNOWLEDGEMENT, messageId: notice.id, responsibleOrganisationId: P, dueAt: at('2026-01-12T20:00:00.000Z'), doneAt: null },
    ]);
    expect(deadlineStateAt(acks[1], at('2026-01-12T20:00:00.000Z'))).toBe('OPEN');
    expect(deadlineStateAt(acks[1], at('2026-01-12T20:01:00.000Z'))).toBe('OVERDUE');
  });

  it('the SIP invitation is due from the ready notice, for the primary care centre', () => {
    const ds = buildDeadlines(facts([msg(K.ADMISSION_NOTICE, '2026-01-12T12:00:00.000Z'), msg(K.READY_FOR_DISCHARGE, '2026-01-14T13:00:00.000Z')]));
    const sip = ds.find((d) => d.kind === DeadlineKind.SIP_INVITATION)!;
    expect(sip).toEqual({
      kind: DeadlineKind.SIP_INVITATION,
      messageId: null,
      responsibleOrganisationId: P,
      dueAt: at('2026-01-17T22:59:59.999Z'),
      doneAt: null,
    });
    expect(deadlineStateAt(sip, at('2026-01-17T22:59:59.999Z'))).toBe('OPEN'); // Sat 23:59:59.999, day 3
    expect(deadlineStateAt(sip, at('2026-01-17T23:00:00.000Z'))).toBe('OVERDUE'); // Sun 00:00, day 4
  });

  it('a withdrawal before the SIP deadline removes it; the re-issued notice brings a new one; the invitation meets it', () => {
    const base = [
      msg(K.ADMISSION_NOTICE, '2026-01-12T12:00:00.000Z'),
      msg(K.READY_FOR_DISCHARGE, '2026-01-14T13:00:00.000Z'),
      msg(K.READY_FOR_DISCHARGE_WITHDRAWN, '2026-01-15T07:00:00.000Z'),
    ];
    expect(buildDeadlines(facts(base)).some((d) => d.kind === DeadlineKind.SIP_INVITATION)).toBe(false);
    const reissued = [...base, msg(K.READY_FOR_DISCHARGE, '2026-01-19T09:00:00.000Z')];
    expect(buildDeadlines(facts(reissued)).find((d) => d.kind === DeadlineKind.SIP_INVITATION)!.dueAt).toEqual(at('2026-01-22T22:59:59.999Z'));
    const invited = [...reissued, msg(K.SIP_INVITATION, '2026-01-22T21:00:00.000Z')];
    const sip = buildDeadlines(facts(invited)).find((d) => d.kind === DeadlineKind.SIP_INVITATION)!;
    expect(sip.doneAt).toEqual(at('2026-01-22T21:00:00.000Z'));
    expect(deadlineStateAt(sip, at('2026-03-01T00:00:00.000Z'))).toBe('MET');
  });

  it('counts the first SIP invitation, not a later one', () => {
    const ds = buildDeadlines(
      facts([
        msg(K.READY_FOR_DISCHARGE, '2026-01-14T13:00:00.000Z'),
        msg(K.SIP_INVITATION, '2026-01-19T09:00:00.000Z'),
        msg(K.SIP_INVITATION, '2026-01-15T09:00:00.000Z'),
      ]),
    );
    expect(ds.find((d) => d.kind === DeadlineKind.SIP_INVITATION)!.doneAt).toEqual(at('2026-01-15T09:00:00.000Z'));
  });
});

describe('buildDeadlines: the medication reconciliation', () => {
  const reconciliation = (f: ProcessFacts) => buildDeadlines(f).filter((d) => d.kind === DeadlineKind.MEDICATION_RECONCILIATION);
  it('none before the discharge', () => {
    expect(reconciliation(facts([msg(K.READY_FOR_DISCHARGE, '2026-01-14T13:00:00.000Z')]))).toEqual([]);
  });
  it('once discharged: 24 elapsed hours after the discharge, for the municipality', () => {
    expect(reconciliation(facts([], { at: '2026-01-16T10:00:00.000Z' }))).toEqual([
      { kind: DeadlineKind.MEDICATION_RECONCILIATION, messageId: null, responsibleOrganisationId: M, dueAt: at('2026-01-17T10:00:00.000Z'), doneAt: null },
    ]);
  });
  it('done when the reconciliation was recorded: at the due instant MET, a second later MISSED', () => {
    const [met] = reconciliation(facts([], { at: '2026-01-16T10:00:00.000Z', recordedAt: '2026-01-17T10:00:00.000Z' }));
    const [missed] = reconciliation(facts([], { at: '2026-01-16T10:00:00.000Z', recordedAt: '2026-01-17T10:00:01.000Z' }));
    const later = at('2026-02-01T00:00:00.000Z');
    expect(met.doneAt).toEqual(at('2026-01-17T10:00:00.000Z'));
    expect(deadlineStateAt(met, later)).toBe('MET');
    expect(deadlineStateAt(missed, later)).toBe('MISSED');
  });
  it('none for a discharge notified before reconciliations were recorded here (not expected)', () => {
    expect(reconciliation(facts([], { at: '2026-01-16T10:00:00.000Z', expected: false, recordedAt: '2026-01-16T12:00:00.000Z' }))).toEqual([]);
  });
});

describe('deadlineStateAt for a cancelled process', () => {
  const d = { dueAt: at('2026-01-13T08:00:00.000Z'), doneAt: null };
  it('is judged at cancellation: open then stays open', () => {
    expect(deadlineStateAt(d, at('2026-02-01T00:00:00.000Z'), at('2026-01-12T20:00:00.000Z'))).toBe('OPEN');
  });
  it('overdue at cancellation stays overdue', () => {
    expect(deadlineStateAt(d, at('2026-02-01T00:00:00.000Z'), at('2026-01-13T09:00:00.000Z'))).toBe('OVERDUE');
  });
  it('a cancellation time after now does not matter', () => {
    expect(deadlineStateAt(d, at('2026-01-13T07:00:00.000Z'), at('2026-01-14T00:00:00.000Z'))).toBe('OPEN');
  });
});

describe('sortDeadlines', () => {
  it('puts overdue first, then open, each by due time, then done ones', () => {
    const now = at('2026-01-13T12:00:00.000Z');
    const overdueLate = { id: 'a', dueAt: at('2026-01-13T11:00:00.000Z'), doneAt: null };
    const overdueEarly = { id: 'b', dueAt: at('2026-01-13T09:00:00.000Z'), doneAt: null };
    const open = { id: 'c', dueAt: at('2026-01-13T13:00:00.000Z'), doneAt: null };
    const met = { id: 'd', dueAt: at('2026-01-13T08:00:00.000Z'), doneAt: at('2026-01-13T07:00:00.000Z') };
    expect(sortDeadlines([met, open, overdueLate, overdueEarly], now).map((x) => x.id)).toEqual(['b', 'a', 'c', 'd']);
  });
});

describe('paymentResponsibility', () => {
  // Notice Mon 2026-01-12 14:00 local: Fri 16 is day 4.
  const ready = msg(K.READY_FOR_DISCHARGE, '2026-01-12T13:00:00.000Z');
  const terms = { agreedDays: 3, dailyAmountSek: 9000 };

  it('runs while the notice stands and the patient is in hospital', () => {
    const r = paymentResponsibility({ messages: [ready], dischargedAt: null, cancelledAt: null }, terms, at('2026-01-17T10:00:00.000Z'));
    expect(r).toMatchObject({ days: 2, amount: 18000, firstPayableDate: '2026-01-16', running: true, agreedDays: 3, dailyAmountSek: 9000 });
  });
  it('stops at discharge', () => {
    const r = paymentResponsibility(
      { messages: [ready], dischargedAt: at('2026-01-17T09:00:00.000Z'), cancelledAt: null },
      terms,
      at('2026-02-01T00:00:00.000Z'),
    );
    expect(r).toMatchObject({ days: 1, payableDates: ['2026-01-16'], running: false });
  });
  it('stops at cancellation (e.g. the patient died)', () => {
    const r = paymentResponsibility(
      { messages: [ready], dischargedAt: null, cancelledAt: at('2026-01-18T09:00:00.000Z') },
      terms,
      at('2026-02-01T00:00:00.000Z'),
    );
    expect(r).toMatchObject({ days: 2, running: false });
  });
  it('is paused by a withdrawal and restarted by a re-issued notice', () => {
    const messages = [ready, msg(K.READY_FOR_DISCHARGE_WITHDRAWN, '2026-01-17T09:00:00.000Z'), msg(K.READY_FOR_DISCHARGE, '2026-01-19T08:00:00.000Z')];
    const paused = paymentResponsibility({ messages: messages.slice(0, 2), dischargedAt: null, cancelledAt: null }, terms, at('2026-01-21T10:00:00.000Z'));
    expect(paused).toMatchObject({ payableDates: ['2026-01-16', '2026-01-17'], running: false });
    const again = paymentResponsibility({ messages, dischargedAt: null, cancelledAt: null }, terms, at('2026-01-23T10:00:00.000Z'));
    expect(again).toMatchObject({ payableDates: ['2026-01-16', '2026-01-17', '2026-01-23'], running: true, amount: 27000 });
  });
  it('without a daily amount the amount is null', () => {
    expect(
      paymentResponsibility(
        { messages: [ready], dischargedAt: null, cancelledAt: null },
        { agreedDays: 0, dailyAmountSek: null },
        at('2026-01-14T10:00:00.000Z'),
      ),
    ).toMatchObject({
      days: 2,
      amount: null,
    });
  });
});
