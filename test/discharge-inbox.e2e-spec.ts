import { DEMO_ORGS } from '../src/demo/region';
import { loadDemoData } from '../src/demo/load';
import { as, attempt, freshPersonnummer, patientIdOf, personnummerOf, Q, setClock } from './helpers/discharges';
import { expectError, startTestApp, TestApp } from './helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const HABO = DEMO_ORGS.habo.hsaId;
const EKDALEN = DEMO_ORGS.vcEkdalen.hsaId;
const ids = (inbox: any) => inbox.edges.map((e: any) => e.node.process.id);

describe('the demo data', () => {
  it('has Sven admitted with the primary care centre’s acknowledgement overdue, first in its inbox', async () => {
    setClock(t, '2026-11-22T12:00:00Z');
    const inbox = await as(t, 'johanCoordinator', undefined, Q.inbox, {});
    const first = inbox.edges[0].node;
    expect(first).toMatchObject({ overdueCount: 1, process: { status: 'PLANNING', patient: { givenName: 'Sven' } } });
    expect(first.awaitingUs).toEqual([{ kind: 'ACKNOWLEDGEMENT', state: 'OVERDUE', dueAt: '2026-11-21T15:10:00.000Z', messageId: expect.any(String) }]);
    // Sven has given no consent: the centre sees the notice and its deadline, not its content.
    expect(first.unacknowledgedMessages).toEqual([
      expect.objectContaining({ kind: 'ADMISSION_NOTICE', contentWithheld: true, note: null, senderOrganisation: { hsaId: DEMO_ORGS.wardMedicine.hsaId } }),
    ]);
  });

  it('has Gunnar ready for discharge, after a withdrawal, with payment days running', async () => {
    const list = await as(t, 'karinNurse', undefined, Q.list, { patientId: await patientIdOf(t, 'gunnar') });
    const p = list.edges[0].node;
    expect(p.status).toBe('READY_FOR_DISCHARGE');
    expect(p.messages.map((m: any) => m.kind)).toContain('READY_FOR_DISCHARGE_WITHDRAWN');
    expect(p.paymentResponsibility).toEqual({
      agreedDays: 3,
      dailyAmountSek: 8940,
      days: 3,
      amountSek: 26820,
      firstPayableDate: '2026-11-20',
      payableDates: ['2026-11-20', '2026-11-21', '2026-11-22'],
      running: true,
    });
    expect(p.deadlines.find((d: any) => d.kind === 'SIP_INVITATION')).toMatchObject({ state: 'MET', dueAt: '2026-11-19T22:59:59.999Z' });
    expect(p.careContact).toEqual({ name: 'Johan Berglund' });
  });

  it('has Esther’s last stay discharged with handover and SIP invitation, every deadline met, closed', async () => {
    const list = await as(t, 'annaNurse', undefined, Q.list, { patientId: await patientIdOf(t, 'esther') });
    const p = list.edges[0].node;
    expect(p).toMatchObject({ status: 'CLOSED', dischargedAt: '2026-10-09T09:30:00.000Z', paymentResponsibility: { days: 0, running: false } });
    const notice = p.messages.find((m: any) => m.kind === 'DISCHARGE_NOTICE');
    expect(notice.handover.currentMedications).toHaveLength(5);
    const [sip] = await t.sql(`SELECT id FROM care_plan WHERE patient_id = $1`, [await patientIdOf(t, 'esther')]);
    expect(p.messages.find((m: any) => m.kind === 'SIP_INVITATION')).toMatchObject({
      sipId: sip.id,
      carePlan: { id: sip.id, status: 'ACTIVE' },
      proposedMeetingAt: '2026-10-13T08:00:00.000Z',
    });
    expect(new Set(p.deadlines.map((d: any) => d.state))).toEqual(new Set(['MET']));
  });

  it('loads idempotently', async () => {
    const count = async () =>
      (await t.sql(`SELECT (SELECT count(*) FROM discharge_process) + (SELECT count(*) FROM discharge_message) + (SELECT count(*) FROM handover) AS n`))[0].n;
    const before = await count();
    expect(await loadDemoData(t.ds)).toBe(false);
    expect(await count()).toBe(before);
  });
});

describe('dischargeInbox', () => {
  const T = Date.parse('2026-12-07T08:00:00Z');
  const at = (hours: number) => new Date(T + hours * 3_600_000).toISOString();
  let p1: string; // Margit, M1: admission notice at T, Habo must acknowledge by T+24h
  let p2: string; // Elsa, G2: admission notice at T+2h, Habo by T+26h
  let p3: string; // Astrid, G2: nothing for Habo yet
  let notice1: string;

  beforeAll(async () => {
    setClock(t, at(0));
    p1 = (await as(t, 'toveDischarge', 'wardMedicine', Q.open, { i: { personnummer: personnummerOf('margit'), admittedAt: at(-1) } })).id;
    const sent = await as(t, 'toveDischarge', 'wardMedicine', Q.admission, { i: { processId: p1, note: 'Förmaksflimmer, behov av hemsjukvård.' } });
    notice1 = sent.messages[0].id;
    p2 = (await as(t, 'toveDischarge', 'wardGeriatrics', Q.open, { i: { personnummer: personnummerOf('elsa'), admittedAt: at(-1) } })).id;
    setClock(t, at(2));
    await as(t, 'toveDischarge', 'wardGeriatrics', Q.admission, { i: { processId: p2, note: 'Höftfraktur, opererad.' } });
    p3 = (
      await as(t, 'toveDischarge', 'wardGeriatrics', Q.open, {
        i: {
          personnummer: personnummerOf('astrid'),
          admittedAt: at(1.5),
          municipalityId: await t.orgId('habo'),
          primaryCareCentreId: await t.orgId('vcEkdalen'),
        },
      })
    ).id;
  });

  it('lists our overdue first, then our open deadlines, then the rest', async () => {
    setClock(t, at(25));
    const inbox = await as(t, 'linneaNurse', undefined, Q.inbox, {});
    expect(ids(inbox)).toEqual([p1, p2, p3]);
    const [i1, i2, i3] = inbox.edges.map((e: any) => e.node);
    expect(i1.overdueCount).toBe(1);
    expect(i1.awaitingUs).toEqual([{ kind: 'ACKNOWLEDGEMENT', state: 'OVERDUE', dueAt: at(24), messageId: notice1 }]);
    expect(i1.unacknowledgedMessages).toEqual([
      expect.objectContaining({ id: notice1, contentWithheld: false, note: 'Förmaksflimmer, behov av hemsjukvård.' }),
    ]);
    expect(i2).toMatchObject({ overdueCount: 0, awaitingUs: [{ kind: 'ACKNOWLEDGEMENT', state: 'OPEN', dueAt: at(26) }] });
    // Elsa has not consented: Habo sees the notice is waiting, not what it says.
    expect(i2.unacknowledgedMessages).toEqual([expect.objectContaining({ kind: 'ADMISSION_NOTICE', contentWithheld: true, note: null })]);
    expect(i3).toMatchObject({ overdueCount: 0, awaitingUs: [], unacknowledgedMessages: [] });
  });

  it('pages with a cursor in the same order', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 3; page++) {
      const r = await as(t, 'linneaNurse', undefined, Q.inbox, { first: 1, after });
      seen.push(...ids(r));
      after = r.pageInfo.endCursor;
      expect(r.pageInfo.hasNextPage).toBe(page < 2);
    }
    expect(seen).toEqual([p1, p2, p3]);
    expectError(await attempt(t, 'linneaNurse', undefined, Q.inbox, { after: 'garbage' }), 'BAD_USER_INPUT');
    expectError(await attempt(t, 'linneaNurse', undefined, Q.inbox, { first: 500 }), 'BAD_USER_INPUT');
  });

  it('a late acknowledgement is MISSED and the process moves down; another receiver’s stays OVERDUE', async () => {
    const ack = await as(t, 'linneaNurse', undefined, Q.ack, { id: notice1 });
    const state = (org: string) => ack.receivers.find((r: any) => r.organisation.hsaId === org).acknowledgementState;
    expect(state(HABO)).toBe('MISSED');
    expect(state(EKDALEN)).toBe('OVERDUE');
    const inbox = await as(t, 'linneaNurse', undefined, Q.inbox, {});
    expect(ids(inbox)).toEqual([p2, p1, p3]); // nothing awaits Habo in p1 and p3 now: earliest admission first
    // Ekdalen still owes p1 its acknowledgement.
    expect(ids(await as(t, 'nilsGp', undefined, Q.inbox, {}))[0]).toBe(p1);
  });

  it('an acknowledgement in time is MET', async () => {
    const p = await as(t, 'linneaNurse', undefined, Q.get, { id: p2 });
    const ack = await as(t, 'linneaNurse', undefined, Q.ack, { id: p.messages[0].id });
    expect(ack.receivers.find((r: any) => r.organisation.hsaId === HABO)).toMatchObject({
      acknowledgementState: 'MET',
      acknowledgedBy: { name: 'Linnea Falk' },
    });
  });

  it('shows the hospital its own overdue admission notice first', async () => {
    setClock(t, at(26)); // p3 admitted at T+1.5h: notice due T+25.5h
    const inbox = await as(t, 'gustavPhysician', undefined, Q.inbox, {});
    expect(ids(inbox)[0]).toBe(p3);
    expect(inbox.edges[0].node).toMatchObject({
      overdueCount: 1,
      awaitingUs: [{ kind: 'ADMISSION_NOTICE', state: 'OVERDUE', dueAt: at(25.5), messageId: null }],
    });
    expect(ids(inbox)).toContain(p2);
  });

  it('writes one audit row per patient listed', async () => {
    const before = (await t.sql(`SELECT count(*)::int AS n FROM audit_log WHERE operation = 'dischargeInbox'`))[0].n;
    await as(t, 'linneaNurse', undefined, Q.inbox, {});
    const rows = await t.sql(`SELECT patient_id FROM audit_log WHERE operation = 'dischargeInbox' ORDER BY id DESC LIMIT 3`);
    expect((await t.sql(`SELECT count(*)::int AS n FROM audit_log WHERE operation = 'dischargeInbox'`))[0].n - before).toBe(3);
    expect(rows.map((r: any) => r.patient_id).sort()).toEqual(
      [await patientIdOf(t, 'margit'), await patientIdOf(t, 'elsa'), await patientIdOf(t, 'astrid')].sort(),
    );
  });

  it('costs the same number of SQL statements for 2 and for 13 processes (no N+1)', async () => {
    const habo = await t.orgId('habo');
    const ekdalen = await t.orgId('vcEkdalen');
    for (let i = 0; i < 10; i++) {
      const personnummer = freshPersonnummer(i);
      await as(t, 'emmaNurse', undefined, `mutation($i: RegisterPatientInput!) { r: registerPatient(input: $i) { patientId } }`, {
        i: { personnummer, purpose: 'HOSPITAL_STAY', givenName: `Test${i}`, familyName: 'Patient' },
      });
      const p = await as(t, 'emmaNurse', undefined, Q.open, { i: { personnummer, admittedAt: at(20), municipalityId: habo, primaryCareCentreId: ekdalen } });
      await as(t, 'emmaNurse', undefined, Q.admission, { i: { processId: p.id, note: `Notis ${i}` } });
    }
    const token = await t.token('linneaNurse');
    const small = await t.gql(Q.inbox, { first: 2 }, token);
    const large = await t.gql(Q.inbox, { first: 13 }, token);
    expect(small.errors).toBeUndefined();
    expect(large.data.r.edges).toHaveLength(13);
    expect(small.extensions?.sqlStatements).toBeGreaterThan(0);
    expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
    // And a process with all its messages, receivers and deadlines costs a fixed amount too.
    const detail = await t.gql(Q.get, { id: p1 }, token);
    expect(detail.errors).toBeUndefined();
    expect(detail.extensions?.sqlStatements).toBeLessThanOrEqual(15);
  });
});
