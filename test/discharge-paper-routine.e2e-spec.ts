import { DEMO_ORGS } from '../src/demo/region';
import { EventBus } from '../src/events/event-bus';
import { as, attempt, HANDOVER_CONTENT, patientIdOf, personnummerOf, setClock } from './helpers/discharges';
import { expectError, startTestApp, TestApp } from './helpers/test-app';

/**
 * The paper routine (reservrutin) and retraction (makulering) of discharge messages: a message or
 * acknowledgement given by phone or on paper is entered afterwards with the time it was given,
 * within 72 hours and in the process's order, and the law's deadlines count from that time; the
 * sending organisation retracts a message with a reason, the message stays, marked, and no longer
 * counts for the process.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const JKPG = DEMO_ORGS.jonkoping.hsaId;

const MESSAGE = `id kind sentAt recordedAt enteredAfterwards acknowledgementDueAt note
  retracted { at reason by { name } }
  receivers { organisation { hsaId } acknowledgedAt acknowledgementRecordedAt acknowledgementEnteredAfterwards acknowledgementState }`;
const PROCESS = `id status dischargedAt plannedDischargeDate messages { ${MESSAGE} }
  deadlines { kind dueAt doneAt state messageId responsibleOrganisation { hsaId } }
  paymentResponsibility { running }`;
const OPEN = `mutation($i: OpenDischargeProcessInput!) { r: openDischargeProcess(input: $i) { id } }`;
const ADMISSION = `mutation($i: DischargeNoteInput!) { r: sendAdmissionNotice(input: $i) { ${PROCESS} } }`;
const STATUS = `mutation($i: DischargeNoteInput!) { r: sendStatusMessage(input: $i) { ${PROCESS} } }`;
const PLANNED = `mutation($i: PlannedDischargeDateInput!) { r: sharePlannedDischargeDate(input: $i) { ${PROCESS} } }`;
const READY = `mutation($i: ReadyForDischargeInput!) { r: issueReadyForDischarge(input: $i) { ${PROCESS} } }`;
const DISCHARGE = `mutation($i: DischargeNoticeInput!) { r: sendDischargeNotice(input: $i) { ${PROCESS} } }`;
const RECONCILE = `mutation($input: RecordMedicationReconciliationInput!) { r: recordMedicationReconciliation(input: $input) { id } }`;
const CLOSE = `mutation($id: ID!) { r: closeDischargeProcess(processId: $id) { id status } }`;
const GET = `query($id: ID!) { r: dischargeProcess(id: $id) { ${PROCESS} } }`;
const ACK = `mutation($id: ID!, $givenAt: DateTime) { r: acknowledgeDischargeMessage(messageId: $id, givenAt: $givenAt) { ${MESSAGE} } }`;
const RETRACT = `mutation($i: RetractDischargeMessageInput!) { r: retractDischargeMessage(input: $i) { ${MESSAGE} } }`;
const LIST = `query($patientId: ID!) { r: dischargeProcesses(patientId: $patientId, first: 5) { edges { node { id messages { id kind sentAt recordedAt enteredAfterwards retracted { at } } } } } }`;
const INBOX = `query { r: dischargeInbox(first: 50) { edges { node { process { id } unacknowledgedMessages { id kind enteredAfterwards recordedAt sentAt } } } } }`;
const INDICATORS = `query($p: FollowUpPeriodInput!) { r: followUpIndicators(period: $p) {
  indicators { code definition { nameSv definition unit numerator denominator } total { value denominator ratePer100 suppressed } months { month value denominator suppressed } } } }`;

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const fieldsOf = (res: any) => expectError(res, 'BAD_USER_INPUT').extensions.fields;
const deadline = (p: any, kind: string, org?: string) => p.deadlines.find((d: any) => d.kind === kind && (!org || d.responsibleOrganisation.hsaId === org));
const messageOf = (p: any, kind: string) => p.messages.filter((m: any) => m.kind === kind).at(-1);
const messageCount = async (processId: string) => (await t.sql(`SELECT count(*)::int AS n FROM discharge_message WHERE process_id = $1`, [processId]))[0].n;

/** What the next requests announce on the event bus (kinds and addressing; no payload beyond ids). */
function watchEvents() {
  const spy = vi.spyOn(t.app.get(EventBus), 'publish');
  return () => {
    const calls = spy.mock.calls.map(([e]) => e);
    spy.mockRestore();
    return calls;
  };
}

describe('the paper routine: given by phone or on paper, entered afterwards', () => {
  let id: string;

  beforeAll(async () => {
    setClock(t, '2026-12-07T08:00:00Z');
    id = (await as(t, 'toveDischarge', 'wardMedicine', OPEN, { i: { personnummer: personnummerOf('esther'), admittedAt: '2026-12-07T07:00:00Z' } })).id;
  });

  it('refuses a time in the future, before the admission or over 72 hours back, naming the field; nothing is written', async () => {
    setClock(t, '2026-12-08T09:00:00Z'); // the admission notice is due 2026-12-08T07:00Z
    const now = Date.parse('2026-12-08T09:00:00Z');
    const send = (givenAt: string) => attempt(t, 'toveDischarge', 'wardMedicine', ADMISSION, { i: { processId: id, note: 'Pneumoni.', givenAt } });
    expect(fieldsOf(await send(iso(now + 1)))).toEqual([{ field: 'input.givenAt', message: 'cannot be in the future' }]);
    expect(fieldsOf(await send(iso(now - 72 * HOUR - 1)))).toEqual([
      { field: 'input.givenAt', message: 'cannot be more than 72 hours before it is entered (reservrutin)' },
    ]);
    expect(fieldsOf(await send('2026-12-07T06:59:59.999Z'))).toEqual([
      { field: 'input.givenAt', message: 'cannot be before the admission (2026-12-07T07:00:00.000Z)' },
    ]);
    expect(await messageCount(id)).toBe(0);
    expect((await t.sql(`SELECT status FROM discharge_process WHERE id = $1`, [id]))[0].status).toBe('ADMITTED');
  });

  it('counts the deadline from the time given: typed in after the deadline, given before it, is on time', async () => {
    const p = await as(t, 'toveDischarge', 'wardMedicine', ADMISSION, { i: { processId: id, note: 'Pneumoni.', givenAt: '2026-12-08T06:30:00Z' } });
    expect(p.status).toBe('PLANNING');
    expect(deadline(p, 'ADMISSION_NOTICE')).toMatchObject({ state: 'MET', doneAt: '2026-12-08T06:30:00.000Z', dueAt: '2026-12-08T07:00:00.000Z' });
    expect(messageOf(p, 'ADMISSION_NOTICE')).toMatchObject({
      sentAt: '2026-12-08T06:30:00.000Z',
      recordedAt: '2026-12-08T09:00:00.000Z',
      enteredAfterwards: true,
      // The receivers' acknowledgements are due 24 hours after the time given, not after the entry.
      acknowledgementDueAt: '2026-12-09T06:30:00.000Z',
      retracted: null,
    });
    const [row] = await t.sql(`SELECT sent_at, recorded_at FROM discharge_message WHERE process_id = $1`, [id]);
    expect(row).toEqual({ sent_at: new Date('2026-12-08T06:30:00Z'), recorded_at: new Date('2026-12-08T09:00:00Z') });
  });

  it('a message given now is not flagged: its entry time is its send time', async () => {
    setClock(t, '2026-12-08T09:30:00Z');
    const p = await as(t, 'annaNurse', undefined, STATUS, { i: { processId: id, note: 'Hemsjukvård, dosett.' } });
    expect(messageOf(p, 'STATUS_MESSAGE')).toMatchObject({
      sentAt: '2026-12-08T09:30:00.000Z',
      recordedAt: '2026-12-08T09:30:00.000Z',
      enteredAfterwards: false,
    });
  });

  it('keeps the process’s order: a message cannot be given before the latest one', async () => {
    const res = await attempt(t, 'toveDischarge', 'wardMedicine', PLANNED, {
      i: { processId: id, plannedDate: '2026-12-12', givenAt: '2026-12-08T09:00:00Z' },
    });
    expect(fieldsOf(res)).toEqual([
      { field: 'input.givenAt', message: 'cannot be before the process’s latest message (STATUS_MESSAGE, given 2026-12-08T09:30:00.000Z)' },
    ]);
    expect(await messageCount(id)).toBe(2);
  });

  it('an acknowledgement given by phone is entered afterwards with its time, not before the message', async () => {
    setClock(t, '2026-12-09T10:00:00Z'); // after the acknowledgement deadline (06:30)
    const notice = messageOf(await as(t, 'annaNurse', undefined, GET, { id }), 'ADMISSION_NOTICE');
    expect(fieldsOf(await attempt(t, 'annaNurse', undefined, ACK, { id: notice.id, givenAt: '2026-12-08T06:29:59.999Z' }))).toEqual([
      { field: 'givenAt', message: 'cannot be before the message was given (2026-12-08T06:30:00.000Z)' },
    ]);
    expect(fieldsOf(await attempt(t, 'annaNurse', undefined, ACK, { id: notice.id, givenAt: '2026-12-09T10:00:00.001Z' }))).toEqual([
      { field: 'givenAt', message: 'cannot be in the future' },
    ]);
    const acked = await as(t, 'annaNurse', undefined, ACK, { id: notice.id, givenAt: '2026-12-08T07:00:00Z' });
    expect(acked.receivers.find((r: any) => r.organisation.hsaId === JKPG)).toEqual({
      organisation: { hsaId: JKPG },
      acknowledgedAt: '2026-12-08T07:00:00.000Z',
      acknowledgementRecordedAt: '2026-12-09T10:00:00.000Z',
      acknowledgementEnteredAfterwards: true,
      acknowledgementState: 'MET',
    });
    const p = await as(t, 'annaNurse', undefined, GET, { id });
    expect(p.deadlines.find((d: any) => d.kind === 'ACKNOWLEDGEMENT' && d.messageId === notice.id && d.responsibleOrganisation.hsaId === JKPG)).toMatchObject({
      state: 'MET',
      doneAt: '2026-12-08T07:00:00.000Z',
    });
  });

  it('flags the entries in the lists: the patient’s processes and the receivers’ inbox', async () => {
    const list = await as(t, 'annaNurse', undefined, LIST, { patientId: await patientIdOf(t, 'esther') });
    const mine = list.edges.find((e: any) => e.node.id === id).node.messages;
    expect(mine.map((m: any) => [m.kind, m.enteredAfterwards, m.recordedAt])).toEqual([
      ['ADMISSION_NOTICE', true, '2026-12-08T09:00:00.000Z'],
      ['STATUS_MESSAGE', false, '2026-12-08T09:30:00.000Z'],
    ]);
    // Sjöbacken has not acknowledged the admission notice: its inbox shows it, flagged.
    const inbox = await as(t, 'johanCoordinator', undefined, INBOX, {});
    const item = inbox.edges.find((e: any) => e.node.process.id === id).node;
    expect(item.unacknowledgedMessages).toEqual([
      { id: expect.any(String), kind: 'ADMISSION_NOTICE', enteredAfterwards: true, recordedAt: '2026-12-08T09:00:00.000Z', sentAt: '2026-12-08T06:30:00.000Z' },
      { id: expect.any(String), kind: 'STATUS_MESSAGE', enteredAfterwards: false, recordedAt: '2026-12-08T09:30:00.000Z', sentAt: '2026-12-08T09:30:00.000Z' },
    ]);
  });
});

describe('the paper routine’s 72 hours', () => {
  let id: string;

  beforeAll(async () => {
    setClock(t, '2026-12-01T08:00:00Z');
    id = (await as(t, 'toveDischarge', 'wardMedicine', OPEN, { i: { personnummer: personnummerOf('ingrid'), admittedAt: '2026-12-01T07:00:00Z' } })).id;
  });

  it('accepts a time exactly 72 hours back and refuses one a millisecond earlier', async () => {
    setClock(t, '2026-12-04T10:00:00Z');
    const now = Date.parse('2026-12-04T10:00:00Z');
    const status = (givenAt: string) => attempt(t, 'annaNurse', undefined, STATUS, { i: { processId: id, note: 'Ringde avdelningen.', givenAt } });
    expect(fieldsOf(await status(iso(now - 72 * HOUR - 1)))).toEqual([
      { field: 'input.givenAt', message: 'cannot be more than 72 hours before it is entered (reservrutin)' },
    ]);
    expect(await messageCount(id)).toBe(0);
    const ok = await status(iso(now - 72 * HOUR));
    expect(ok.errors).toBeUndefined();
    expect(messageOf(ok.data.r, 'STATUS_MESSAGE')).toMatchObject({
      sentAt: '2026-12-01T10:00:00.000Z',
      recordedAt: '2026-12-04T10:00:00.000Z',
      enteredAfterwards: true,
      acknowledgementDueAt: '2026-12-02T10:00:00.000Z',
    });
  });

  it('a late admission notice entered with its real, late time is MISSED', async () => {
    const p = await as(t, 'toveDischarge', 'wardMedicine', ADMISSION, { i: { processId: id, note: 'Fall.', givenAt: '2026-12-02T07:00:00.001Z' } });
    expect(deadline(p, 'ADMISSION_NOTICE')).toMatchObject({ state: 'MISSED', doneAt: '2026-12-02T07:00:00.001Z' });
  });
});

describe('retraction (makulering) by the sending organisation', () => {
  let id: string;
  let planned: string;

  beforeAll(async () => {
    setClock(t, '2026-12-14T08:00:00Z');
    id = (await as(t, 'toveDischarge', 'wardMedicine', OPEN, { i: { personnummer: personnummerOf('karl'), admittedAt: '2026-12-14T07:00:00Z' } })).id;
    await as(t, 'toveDischarge', 'wardMedicine', ADMISSION, { i: { processId: id, note: 'Hjärtsvikt.' } });
    setClock(t, '2026-12-14T09:00:00Z');
    const p = await as(t, 'toveDischarge', 'wardMedicine', PLANNED, { i: { processId: id, plannedDate: '2026-12-18' } });
    planned = messageOf(p, 'PLANNED_DISCHARGE_DATE').id;
  });

  const retract = (who: any, org: any, messageId: string, reason: unknown) => attempt(t, who, org, RETRACT, { i: { messageId, reason } });
  const row = async (messageId: string) =>
    (await t.sql(`SELECT retracted_at, retracted_by_staff_id, retraction_reason FROM discharge_message WHERE id = $1`, [messageId]))[0];

  it('is refused as absence to the receivers and to other organisations, audited', async () => {
    for (const [who, org] of [
      ['annaNurse', undefined], // a receiver
      ['ullaNurse', undefined], // the other receiver
      ['linneaNurse', undefined], // another municipality
    ] as const) {
      const res = await retract(who, org, planned, 'Fel datum.');
      expect(expectError(res, 'NOT_FOUND').message).toBe('Discharge message not found');
    }
    expect(await row(planned)).toEqual({ retracted_at: null, retracted_by_staff_id: null, retraction_reason: null });
    const audit = await t.sql(`SELECT outcome, count(*)::int AS n FROM audit_log WHERE operation = 'retractDischargeMessage' GROUP BY outcome`);
    expect(audit).toEqual([{ outcome: 'REFUSED', n: 3 }]);
  });

  it('needs a reason of at most 1000 characters, naming the field', async () => {
    expect(fieldsOf(await retract('toveDischarge', 'wardMedicine', planned, '   '))).toEqual([{ field: 'input.reason', message: 'must not be empty' }]);
    expect(fieldsOf(await retract('toveDischarge', 'wardMedicine', planned, 'x'.repeat(1001)))).toEqual([
      { field: 'input.reason', message: 'must be at most 1000 characters' },
    ]);
    const missing = await t.gql(
      `mutation($id: ID!) { r: retractDischargeMessage(input: { messageId: $id }) { id } }`,
      { id: planned },
      await t.token('toveDischarge', 'wardMedicine'),
    );
    expect(missing.errors?.[0].message).toMatch(/reason/);
    expect(await row(planned)).toEqual({ retracted_at: null, retracted_by_staff_id: null, retraction_reason: null });
  });

  it('refuses a message that a later one depends on: the admission notice while planning has gone on; nothing changes', async () => {
    const p = await as(t, 'toveDischarge', 'wardMedicine', GET, { id });
    const admission = messageOf(p, 'ADMISSION_NOTICE');
    const res = await retract('toveDischarge', 'wardMedicine', admission.id, 'Fel patient.');
    const err = expectError(res, 'CONFLICT');
    expect(err.message).toMatch(/Later messages of the process depend on this ADMISSION_NOTICE.*PLANNED_DISCHARGE_DATE came after it/);
    expect(err.extensions).toMatchObject({ currentStatus: 'PLANNING', dependentMessageIds: [planned] });
    expect(await row(admission.id)).toEqual({ retracted_at: null, retracted_by_staff_id: null, retraction_reason: null });
    expect((await as(t, 'toveDischarge', 'wardMedicine', GET, { id })).status).toBe('PLANNING');
  });

  it('refuses an older message of a kind when a later one replaces it', async () => {
    setClock(t, '2026-12-14T09:30:00Z');
    const p = await as(t, 'toveDischarge', 'wardMedicine', PLANNED, { i: { processId: id, plannedDate: '2026-12-19' } });
    const newer = messageOf(p, 'PLANNED_DISCHARGE_DATE').id;
    const err = expectError(await retract('toveDischarge', 'wardMedicine', planned, 'Fel datum.'), 'CONFLICT');
    expect(err.message).toMatch(/Only the latest PLANNED_DISCHARGE_DATE/);
    expect(err.extensions.laterMessageId).toBe(newer);
    // The newer one is retracted first; then the older one may be.
    setClock(t, '2026-12-14T10:00:00Z');
    await as(t, 'toveDischarge', 'wardMedicine', RETRACT, { i: { messageId: newer, reason: 'Dubblett.' } });
    expect((await as(t, 'toveDischarge', 'wardMedicine', GET, { id })).plannedDischargeDate).toBe('2026-12-18');
  });

  it('the sender retracts with a reason: the message stays, marked, the receivers are told and see it', async () => {
    setClock(t, '2026-12-14T11:00:00Z');
    const events = watchEvents();
    const m = await as(t, 'emmaNurse', undefined, RETRACT, { i: { messageId: planned, reason: '  Datumet gällde en annan patient.  ' } });
    const published = events();
    expect(m).toMatchObject({
      id: planned,
      kind: 'PLANNED_DISCHARGE_DATE',
      retracted: { at: '2026-12-14T11:00:00.000Z', reason: 'Datumet gällde en annan patient.', by: { name: 'Emma Sundin' } },
    });
    expect(published).toEqual([
      {
        kind: 'DISCHARGE_MESSAGE_RETRACTED',
        patientId: await patientIdOf(t, 'karl'),
        entityId: planned,
        organisationIds: expect.arrayContaining([await t.orgId('jonkoping'), await t.orgId('vcEkdalen')]),
      },
    ]);
    expect((published[0] as any).organisationIds).toHaveLength(2);
    // The receiver sees the retraction on the message; the planned date no longer stands.
    const seen = await as(t, 'annaNurse', undefined, GET, { id });
    expect(seen.plannedDischargeDate).toBeNull();
    expect(seen.messages.find((x: any) => x.id === planned)).toMatchObject({
      retracted: { at: '2026-12-14T11:00:00.000Z', reason: 'Datumet gällde en annan patient.', by: { name: 'Emma Sundin' } },
    });
    // No acknowledgement is awaited for a retracted message, and none can be given.
    expect(seen.deadlines.filter((d: any) => d.messageId === planned)).toEqual([]);
    expect(expectError(await attempt(t, 'annaNurse', undefined, ACK, { id: planned }), 'CONFLICT').message).toMatch(/retracted/);
  });

  it('a second retraction is refused', async () => {
    const err = expectError(await retract('toveDischarge', 'wardMedicine', planned, 'Igen.'), 'CONFLICT');
    expect(err.message).toBe('The message is already retracted');
    expect((await row(planned)).retraction_reason).toBe('Datumet gällde en annan patient.');
  });

  it('the admission notice, once nothing depends on it: the process is back in ADMITTED and its deadline open again', async () => {
    const admission = messageOf(await as(t, 'toveDischarge', 'wardMedicine', GET, { id }), 'ADMISSION_NOTICE');
    const m = await as(t, 'toveDischarge', 'wardMedicine', RETRACT, { i: { messageId: admission.id, reason: 'Skickat för tidigt.' } });
    expect(m.retracted.reason).toBe('Skickat för tidigt.');
    const p = await as(t, 'toveDischarge', 'wardMedicine', GET, { id });
    expect(p.status).toBe('ADMITTED');
    expect(deadline(p, 'ADMISSION_NOTICE')).toMatchObject({ doneAt: null, state: 'OPEN', dueAt: '2026-12-15T07:00:00.000Z' });
    expect(p.deadlines.filter((d: any) => d.kind === 'ACKNOWLEDGEMENT')).toEqual([]);
  });

  it('a ready-for-discharge notice: only the roles that send it retract it; then the clock stops and the SIP deadline goes', async () => {
    setClock(t, '2026-12-14T12:00:00Z');
    await as(t, 'toveDischarge', 'wardMedicine', ADMISSION, { i: { processId: id, note: 'Hjärtsvikt, nytt meddelande.' } });
    const p = await as(t, 'aliPhysician', undefined, READY, { i: { processId: id } });
    expect(p.status).toBe('READY_FOR_DISCHARGE');
    expect(deadline(p, 'SIP_INVITATION')).toBeDefined();
    const ready = messageOf(p, 'READY_FOR_DISCHARGE').id;
    expectError(await retract('emmaNurse', undefined, ready, 'Fel.'), 'FORBIDDEN');
    expect((await row(ready)).retracted_at).toBeNull();
    const m = await as(t, 'aliPhysician', undefined, RETRACT, { i: { messageId: ready, reason: 'Bedömningen gällde en annan patient.' } });
    expect(m.retracted.by).toEqual({ name: 'Ali Karimi' });
    const after = await as(t, 'aliPhysician', undefined, GET, { id });
    expect(after.status).toBe('PLANNING');
    expect(deadline(after, 'SIP_INVITATION')).toBeUndefined();
    expect(after.paymentResponsibility.running).toBe(false);
  });

  it('is audited with the patient', async () => {
    const karl = await patientIdOf(t, 'karl');
    const rows = await t.sql(`SELECT outcome, patient_id FROM audit_log WHERE operation = 'retractDischargeMessage' ORDER BY id`);
    expect(rows.every((r: any) => r.patient_id === karl)).toBe(true);
    expect(rows.map((r: any) => r.outcome)).toEqual([
      'REFUSED',
      'REFUSED',
      'REFUSED',
      'FAILED', // depends
      'FAILED', // replaced
      'ALLOWED',
      'ALLOWED',
      'FAILED', // second retraction
      'ALLOWED',
      'REFUSED', // a nurse and the ready notice
      'ALLOWED',
    ]);
  });
});

describe('joint follow-up: discharge messages entered afterwards', () => {
  it('counts per period the messages given in it and those entered afterwards, leaving out retracted ones', async () => {
    setClock(t, '2026-12-15T08:00:00Z');
    // Two more patients, so that five stand behind the count (no suppression): a new stay, and
    // Gunnar's stay of the demo (ready for discharge since November) with a status message by phone.
    const pid = (await as(t, 'toveDischarge', 'wardMedicine', OPEN, { i: { personnummer: personnummerOf('protected'), admittedAt: '2026-12-15T07:00:00Z' } }))
      .id;
    await as(t, 'toveDischarge', 'wardMedicine', ADMISSION, { i: { processId: pid, note: 'Inskrivning.', givenAt: '2026-12-15T07:30:00Z' } });
    const [gunnarStay] = await t.sql(`SELECT id FROM discharge_process WHERE patient_id = $1 AND status = 'READY_FOR_DISCHARGE'`, [
      await patientIdOf(t, 'gunnar'),
    ]);
    await as(t, 'annaNurse', undefined, STATUS, { i: { processId: gunnarStay.id, note: 'Ringt avdelningen.', givenAt: '2026-12-14T16:00:00Z' } });
    // What the lists show: every message of the period not retracted, and the flagged ones.
    let given = 0;
    let afterwards = 0;
    for (const key of ['esther', 'ingrid', 'gunnar', 'karl', 'protected']) {
      const list = await as(t, 'annaNurse', undefined, LIST, { patientId: await patientIdOf(t, key) });
      for (const e of list.edges)
        for (const m of e.node.messages)
          if (m.sentAt >= '2026-12-01' && !m.retracted) {
            given++;
            if (m.enteredAfterwards) afterwards++;
          }
    }
    // Esther: admission notice (afterwards), status; Ingrid: status (afterwards), admission (afterwards);
    // Karl: the second admission notice stands, the four others are retracted;
    // the protected patient's admission notice and Gunnar's status message: afterwards.
    expect([given, afterwards]).toEqual([7, 5]);
    const r = await as(t, 'evaManager', undefined, INDICATORS, { p: { from: '2026-12-01', to: '2026-12-31' } });
    const ind = r.indicators.find((i: any) => i.code === 'DISCHARGE_MESSAGES_ENTERED_AFTERWARDS');
    expect(ind.total).toEqual({ value: afterwards, denominator: given, ratePer100: 71.4, suppressed: false });
    expect(ind.months).toEqual([{ month: '2026-12', value: afterwards, denominator: given, suppressed: false }]);
    expect(ind.definition).toMatchObject({ unit: 'messages', numerator: 'messages entered afterwards', denominator: 'messages given' });
    expect(ind.definition.definition).toMatch(/reservrutin/);
    // November holds only the demo's messages, all entered as they were given.
    const nov = await as(t, 'evaManager', undefined, INDICATORS, { p: { from: '2026-11-01', to: '2026-11-30' } });
    const novCell = nov.indicators.find((i: any) => i.code === 'DISCHARGE_MESSAGES_ENTERED_AFTERWARDS').total;
    expect(novCell.suppressed || novCell.value === 0).toBe(true);
  });
});

describe('retracting a discharge notice', () => {
  let id: string;
  const notice = async () => messageOf(await as(t, 'toveDischarge', 'wardMedicine', GET, { id }), 'DISCHARGE_NOTICE').id;

  beforeAll(async () => {
    // Ingrid's stay (above): planning since the admission notice given on 2 December.
    [{ id }] = await t.sql(`SELECT id FROM discharge_process WHERE patient_id = $1 AND status = 'PLANNING'`, [await patientIdOf(t, 'ingrid')]);
    setClock(t, '2026-12-16T08:00:00Z');
    await as(t, 'aliPhysician', undefined, READY, { i: { processId: id } });
    setClock(t, '2026-12-16T09:00:00Z');
    const p = await as(t, 'emmaNurse', undefined, DISCHARGE, { i: { processId: id, handover: HANDOVER_CONTENT } });
    expect(p).toMatchObject({ status: 'DISCHARGED', dischargedAt: '2026-12-16T09:00:00.000Z', paymentResponsibility: { running: false } });
    expect(deadline(p, 'MEDICATION_RECONCILIATION')).toMatchObject({ dueAt: '2026-12-17T09:00:00.000Z' });
  });

  it('puts the patient back in READY_FOR_DISCHARGE without a discharge time or a reconciliation deadline', async () => {
    setClock(t, '2026-12-16T09:10:00Z');
    await as(t, 'toveDischarge', 'wardMedicine', RETRACT, { i: { messageId: await notice(), reason: 'Patienten blev kvar, transporten uteblev.' } });
    const p = await as(t, 'annaNurse', undefined, GET, { id });
    expect(p).toMatchObject({ status: 'READY_FOR_DISCHARGE', dischargedAt: null, paymentResponsibility: { running: true } });
    expect(deadline(p, 'MEDICATION_RECONCILIATION')).toBeUndefined();
    expect((await t.sql(`SELECT medication_reconciliation_expected AS e FROM discharge_process WHERE id = $1`, [id]))[0].e).toBe(false);
  });

  it('a new notice (here entered afterwards: the patient left at the time given) discharges again', async () => {
    setClock(t, '2026-12-16T10:00:00Z');
    const p = await as(t, 'emmaNurse', undefined, DISCHARGE, { i: { processId: id, handover: HANDOVER_CONTENT, givenAt: '2026-12-16T09:30:00Z' } });
    expect(p).toMatchObject({ status: 'DISCHARGED', dischargedAt: '2026-12-16T09:30:00.000Z' });
    expect(deadline(p, 'MEDICATION_RECONCILIATION')).toMatchObject({ dueAt: '2026-12-17T09:30:00.000Z', state: 'OPEN' });
  });

  it('is refused once the medication reconciliation was recorded against it, and in a closed process', async () => {
    await as(t, 'annaNurse', undefined, RECONCILE, { input: { processId: id, matches: true, discrepancies: [] } });
    const latest = await notice();
    expect(expectError(await attempt(t, 'toveDischarge', 'wardMedicine', RETRACT, { i: { messageId: latest, reason: 'Fel.' } }), 'CONFLICT').message).toMatch(
      /medication reconciliation was recorded/,
    );
    expect((await t.sql(`SELECT status, discharged_at FROM discharge_process WHERE id = $1`, [id]))[0]).toEqual({
      status: 'DISCHARGED',
      discharged_at: new Date('2026-12-16T09:30:00Z'),
    });
    await as(t, 'jonasDischarge', undefined, CLOSE, { id });
    const status = (await as(t, 'annaNurse', undefined, GET, { id })).messages.find((m: any) => m.kind === 'STATUS_MESSAGE').id;
    const err = expectError(await attempt(t, 'annaNurse', undefined, RETRACT, { i: { messageId: status, reason: 'Fel.' } }), 'CONFLICT');
    expect(err.extensions.currentStatus).toBe('CLOSED');
  });
});

describe('nothing half-written', () => {
  it('a refused retraction and a refused entry leave every row as it was', async () => {
    const before = await t.sql(`SELECT id, retracted_at, recorded_at, sent_at FROM discharge_message ORDER BY id`);
    const deadlines = await t.sql(`SELECT count(*)::int AS n FROM discharge_deadline`);
    const esther = (await as(t, 'annaNurse', undefined, LIST, { patientId: await patientIdOf(t, 'esther') })).edges.find((e: any) =>
      e.node.messages.some((m: any) => m.sentAt >= '2026-12-01'),
    ).node;
    const status = esther.messages.find((m: any) => m.kind === 'STATUS_MESSAGE');
    // The ward, a receiver, may not retract the municipality's status message; a status message
    // given a week ago is past the paper routine's 72 hours.
    expectError(await attempt(t, 'toveDischarge', 'wardMedicine', RETRACT, { i: { messageId: status.id, reason: 'Fel.' } }), 'NOT_FOUND');
    expectError(
      await attempt(t, 'annaNurse', undefined, STATUS, { i: { processId: esther.id, note: 'Igen.', givenAt: '2026-12-08T09:29:00Z' } }),
      'BAD_USER_INPUT',
    );
    expect(await t.sql(`SELECT id, retracted_at, recorded_at, sent_at FROM discharge_message ORDER BY id`)).toEqual(before);
    expect(await t.sql(`SELECT count(*)::int AS n FROM discharge_deadline`)).toEqual(deadlines);
  });
});
