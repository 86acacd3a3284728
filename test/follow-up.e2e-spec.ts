import { auditMark, auditSince } from './helpers/patients';
import {
  addPatient,
  buildFixture,
  cellInShort as fmt,
  deteriorationPlan,
  enroll,
  Fixture,
  FollowUpCell as Cell,
  followUp,
  parseCsv,
  round,
  sip,
  stay,
  task,
} from './helpers/follow-up';
import { expectError, GqlResult, startTestApp, TestApp } from './helpers/test-app';
import { Clock } from '../src/common/clock';
import { paymentResponsibility } from '../src/discharges/deadline-view';
import { DischargeMessageKind } from '../src/discharges/discharge.enums';
import { runNamed } from '../src/follow-up/sql/common.sql';
import { paymentSql } from '../src/follow-up/sql/discharges.sql';
import { setClock } from './helpers/discharges';

/*
 * The joint follow-up against a hand-built region (test/helpers/follow-up.ts): municipality Aneby (TM)
 * enrolls P1–P6 with centre Åsen (VCA) and P7–P10 with centre Björkö (VCB); municipality Tranås (TM2)
 * enrolls Q1–Q5 with Åsen. The clock stands at 2026-05-20 12:00 Stockholm; the period is Feb–Apr 2026.
 * Every expected number below is worked out by hand in the comments next to the data.
 */

const CELL = `month from to value denominator ratePer100 suppressed distribution`;
const INDICATORS = `query($p: FollowUpPeriodInput!, $m: ID, $c: ID) { r: followUpIndicators(period: $p, municipalityId: $m, primaryCareCentreId: $c) {
  from to requestedTo asOf timeZone suppressionThreshold scope { description municipality { name } primaryCareCentre { name } }
  indicators { code definition { code nameSv nameEn definition unit numerator denominator } total { ${CELL} } months { ${CELL} } } } }`;
const COMPARE = `query($p: FollowUpPeriodInput!) { r: compareFollowUp(period: $p) {
  from to indicators { code }
  municipalities { organisation { id name } values { code definition { nameSv } cell { ${CELL} } } }
  primaryCareCentres { organisation { id name } values { code cell { ${CELL} } } } } }`;
const CSV = `query($p: FollowUpPeriodInput!, $m: ID, $c: ID, $content: FollowUpExport, $dialect: CsvDialect) {
  r: exportFollowUpCsv(period: $p, municipalityId: $m, primaryCareCentreId: $c, content: $content, dialect: $dialect) }`;

const FEB_APR = { from: '2026-02-01', to: '2026-04-30' };

/** indicator code → [period, month 1, month 2, …] in short. */
function table(report: { indicators: Array<{ code: string; total: Cell; months: Cell[] }> }): Record<string, string[]> {
  return Object.fromEntries(report.indicators.map((i) => [i.code, [i.total, ...i.months].map(fmt)]));
}

let t: TestApp;
let f: Fixture;

async function as(staff: Parameters<Fixture['token']>[0], query: string, vars: Record<string, unknown>): Promise<GqlResult> {
  return t.gql(query, vars, await f.token(staff));
}
async function ok(staff: Parameters<Fixture['token']>[0], query: string, vars: Record<string, unknown>) {
  const res = await as(staff, query, vars);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.r;
}

beforeAll(async () => {
  t = await startTestApp();
  f = await buildFixture(t);
  for (const p of ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9', 'P10', 'Q1', 'Q2', 'Q3', 'Q4', 'Q5']) await addPatient(t, f, p);

  // Enrollments (end date = last enrolled day). GP ga and gb stay; gx leaves Åsen 2026-02-15 11:00;
  // gy left Björkö at midnight 2026-01-01 (23:00Z), so not on any day of 2026.
  await enroll(t, f, 'P1', 'TM', 'VCA', 'ga', '2025-06-01');
  await enroll(t, f, 'P2', 'TM', 'VCA', 'ga', '2025-06-01');
  await enroll(t, f, 'P3', 'TM', 'VCA', 'gx', '2025-09-01');
  await enroll(t, f, 'P4', 'TM', 'VCA', 'ga', '2025-10-01', '2026-02-28');
  await enroll(t, f, 'P5', 'TM', 'VCA', 'ga', '2026-01-10');
  await enroll(t, f, 'P6', 'TM', 'VCA', 'ga', '2026-04-01');
  for (const p of ['P7', 'P8', 'P9']) await enroll(t, f, p, 'TM', 'VCB', 'gb', '2025-01-01');
  await enroll(t, f, 'P10', 'TM', 'VCB', 'gy', '2025-01-01');
  for (const q of ['Q1', 'Q2', 'Q3', 'Q4', 'Q5']) await enroll(t, f, q, 'TM2', 'VCA', 'ga', '2025-01-01');

  // SIPs (published = in force from the first publication), follow-ups and the patients' answers.
  const p1 = await sip(t, f, 'P1', { publishedAt: '2025-12-01T09:00:00Z', followUpDue: '2026-06-15' });
  await followUp(t, f, p1, 'P1', { due: '2026-02-15', done: '2026-02-14', next: '2026-04-15', answers: { INVOLVED_IN_PLAN: 4, KNOWS_WHO_TO_CALL: 5 } });
  await followUp(t, f, p1, 'P1', { due: '2026-04-15', done: '2026-04-20', next: '2026-06-15', answers: { INVOLVED_IN_PLAN: 3, KNOWS_WHO_TO_CALL: 5 } });
  await sip(t, f, 'P2', { publishedAt: '2026-03-10T10:00:00Z', followUpDue: '2026-04-10' }); // never followed up: missed in April
  await sip(t, f, 'P3', { publishedAt: '2025-11-01T10:00:00Z', followUpDue: '2026-02-05', closedAt: '2026-02-10T12:00:00Z' }); // missed Feb 5, closed Feb 10
  await sip(t, f, 'P4', { publishedAt: '2026-02-20T09:00:00Z', followUpDue: '2026-03-20' }); // due when P4 is no longer enrolled
  const p5 = await sip(t, f, 'P5', { publishedAt: '2026-01-15T10:00:00Z', followUpDue: '2026-06-01' });
  await followUp(t, f, p5, 'P5', {
    due: '2026-03-01',
    done: '2026-03-01',
    next: '2026-06-01',
    answers: { INVOLVED_IN_PLAN: 2, KNOWS_WHO_TO_CALL: 4, PLAN_REFLECTS_MY_GOALS: 3 },
  });
  const p6 = await sip(t, f, 'P6', { publishedAt: '2026-03-15T10:00:00Z', followUpDue: '2026-07-01' }); // in force before P6 is enrolled (Apr 1)
  await followUp(t, f, p6, 'P6', { due: '2026-04-30', done: '2026-04-28', next: '2026-07-01', answers: { INVOLVED_IN_PLAN: 5, KNOWS_WHO_TO_CALL: 5 } });
  await sip(t, f, 'P7', { publishedAt: '2026-03-31T22:30:00Z', followUpDue: '2026-06-01' }); // 00:30 on April 1 in Stockholm
  await sip(t, f, 'P8', { publishedAt: null }); // a draft is not in force
  const p9 = await sip(t, f, 'P9', { publishedAt: '2026-01-05T10:00:00Z', followUpDue: '2026-07-01' });
  await followUp(t, f, p9, 'P9', {
    due: '2026-04-05',
    done: '2026-04-06',
    next: '2026-07-01',
    answers: { INVOLVED_IN_PLAN: 1, KNOWS_WHO_TO_CALL: 3, CARE_IS_COORDINATED: 4 },
  });
  const p10 = await sip(t, f, 'P10', { publishedAt: '2026-02-01T10:00:00Z', followUpDue: '2026-05-30' });
  await followUp(t, f, p10, 'P10', { due: '2026-03-15', done: '2026-03-10', next: '2026-05-30', answers: { INVOLVED_IN_PLAN: 4, KNOWS_WHO_TO_CALL: 2 } });

  // Deterioration plans.
  await deteriorationPlan(t, f, 'P1', {
    version: 1,
    status: 'SUPERSEDED',
    signedAt: '2025-11-01T10:00:00Z',
    review: '2026-03-31',
    supersededAt: '2026-04-10T08:00:00Z',
  });
  await deteriorationPlan(t, f, 'P1', { version: 2, status: 'ACTIVE', signedAt: '2026-04-10T08:00:00Z', review: '2026-10-01' });
  await deteriorationPlan(t, f, 'P2', { version: 1, status: 'ACTIVE', signedAt: '2026-02-01T10:00:00Z', review: '2026-02-20' });
  await deteriorationPlan(t, f, 'P4', { version: 1, status: 'ACTIVE', signedAt: '2026-01-15T10:00:00Z', review: '2026-06-01' });
  await deteriorationPlan(t, f, 'P5', { version: 1, status: 'DRAFT' });
  await deteriorationPlan(t, f, 'P6', { version: 1, status: 'ACTIVE', signedAt: '2026-04-05T10:00:00Z', review: '2026-04-20' });
  await deteriorationPlan(t, f, 'P7', {
    version: 1,
    status: 'WITHDRAWN',
    signedAt: '2025-12-01T10:00:00Z',
    review: '2026-02-15',
    withdrawnAt: '2026-03-01T12:00:00Z',
  });

  // Hospital stays (agreed free days 3 unless said). Times are UTC; Stockholm is +1, +2 from 2026-03-29 01:00Z.
  // Each discharge expects a medication reconciliation within 24 h (reconciledAt: when the municipality recorded it).
  // D1 P2: admitted 01:30 CET Mar 29, notice 02:15 CEST Mar 30 — 23 h 45 min elapsed across the spring DST change: on time.
  // Reconciled 10 h after the discharge.
  await stay(t, f, 'P2', {
    mun: 'TM',
    pc: 'VCA',
    admittedAt: '2026-03-29T00:30:00Z',
    dischargedAt: '2026-04-08T09:00:00Z',
    reconciledAt: '2026-04-08T19:00:00Z',
    messages: [
      ['ADMISSION_NOTICE', '2026-03-30T00:15:00Z'],
      ['READY_FOR_DISCHARGE', '2026-04-01T08:00:00Z'],
      ['SIP_INVITATION', '2026-04-04T21:30:00Z'],
    ],
  });
  // D5 P2: readmitted 12 days after D1; notice after 25 h: late.
  await stay(t, f, 'P2', { mun: 'TM', pc: 'VCA', admittedAt: '2026-04-20T10:00:00Z', messages: [['ADMISSION_NOTICE', '2026-04-21T11:00:00Z']] });
  // D2 P4: ready Feb 12, withdrawn Feb 14, ready again Feb 20; invitation Feb 25 (due Feb 23): late; discharged Feb 27,
  // reconciled exactly 24 h later: on time.
  await stay(t, f, 'P4', {
    mun: 'TM',
    pc: 'VCA',
    admittedAt: '2026-02-10T08:00:00Z',
    dischargedAt: '2026-02-27T10:00:00Z',
    reconciledAt: '2026-02-28T10:00:00Z',
    messages: [
      ['ADMISSION_NOTICE', '2026-02-10T15:00:00Z'],
      ['READY_FOR_DISCHARGE', '2026-02-12T10:00:00Z'],
      ['READY_FOR_DISCHARGE_WITHDRAWN', '2026-02-14T10:00:00Z'],
      ['READY_FOR_DISCHARGE', '2026-02-20T10:00:00Z'],
      ['SIP_INVITATION', '2026-02-25T10:00:00Z'],
    ],
  });
  // D9 P5: no notice, cancelled after the 24 h passed: missed. D8 P1: cancelled before its 24 h passed: left out.
  await stay(t, f, 'P5', { mun: 'TM', pc: 'VCA', admittedAt: '2026-03-01T10:00:00Z', cancelledAt: '2026-03-03T10:00:00Z' });
  await stay(t, f, 'P1', { mun: 'TM', pc: 'VCA', admittedAt: '2026-04-29T20:00:00Z', cancelledAt: '2026-04-30T10:00:00Z' });
  // D3 P7: admitted 00:30 on April 1 in Stockholm (an April admission), notice late; never invited to SIP (due Apr 6): missed.
  // Reconciled 25 h after the discharge: late.
  await stay(t, f, 'P7', {
    mun: 'TM',
    pc: 'VCB',
    admittedAt: '2026-03-31T22:30:00Z',
    dischargedAt: '2026-04-10T12:00:00Z',
    reconciledAt: '2026-04-11T13:00:00Z',
    messages: [
      ['ADMISSION_NOTICE', '2026-04-02T08:00:00Z'],
      ['READY_FOR_DISCHARGE', '2026-04-03T09:00:00Z'],
    ],
  });
  // D6 P7: admitted May 10 = D3's discharge day + 30: a readmission within 30 days (May itself is outside the period).
  await stay(t, f, 'P7', { mun: 'TM', pc: 'VCB', admittedAt: '2026-05-10T10:00:00Z' });
  // D4 P8: January admission, ready Jan 28, agreed free days 0, discharged Feb 3 (payable Jan 29–Feb 2); never reconciled.
  await stay(t, f, 'P8', {
    mun: 'TM',
    pc: 'VCB',
    admittedAt: '2026-01-20T10:00:00Z',
    agreedDays: 0,
    dischargedAt: '2026-02-03T10:00:00Z',
    messages: [
      ['ADMISSION_NOTICE', '2026-01-20T12:00:00Z'],
      ['READY_FOR_DISCHARGE', '2026-01-28T10:00:00Z'],
      ['SIP_INVITATION', '2026-01-30T10:00:00Z'],
    ],
  });
  // D7 P8: admitted Mar 6 = D4's discharge day + 31: not a readmission within 30 days.
  await stay(t, f, 'P8', {
    mun: 'TM',
    pc: 'VCB',
    admittedAt: '2026-03-06T10:00:00Z',
    cancelledAt: '2026-03-08T10:00:00Z',
    messages: [['ADMISSION_NOTICE', '2026-03-06T12:00:00Z']],
  });
  // D10 P9: still in hospital, ready since Apr 14: payable from Apr 18 until now.
  await stay(t, f, 'P9', {
    mun: 'TM',
    pc: 'VCB',
    admittedAt: '2026-04-12T08:00:00Z',
    messages: [
      ['ADMISSION_NOTICE', '2026-04-12T09:00:00Z'],
      ['READY_FOR_DISCHARGE', '2026-04-14T08:00:00Z'],
      ['SIP_INVITATION', '2026-04-15T08:00:00Z'],
    ],
  });
  // D11 P10: ready on the DST day (Mar 29), invited Apr 1 23:59 CEST — the last minute of the third day: on time; discharged Apr 2,
  // reconciled a minute inside 24 h.
  await stay(t, f, 'P10', {
    mun: 'TM',
    pc: 'VCB',
    admittedAt: '2026-03-27T10:00:00Z',
    dischargedAt: '2026-04-02T10:00:00Z',
    reconciledAt: '2026-04-03T09:59:00Z',
    messages: [
      ['ADMISSION_NOTICE', '2026-03-27T12:00:00Z'],
      ['READY_FOR_DISCHARGE', '2026-03-29T08:00:00Z'],
      ['SIP_INVITATION', '2026-04-01T21:59:00Z'],
    ],
  });

  // January stays at the edge of the payment rule (Tranås × Björkö; nothing in Feb–Apr): ready Jan 10, 3 free days.
  // Q1 discharged on day 5: Jan 14 payable; Q2 on day 4: none; Q3 withdrawn Jan 11, ready again Jan 12, out Jan 17: Jan 16.
  await stay(t, f, 'Q1', {
    mun: 'TM2',
    pc: 'VCB',
    admittedAt: '2026-01-05T08:00:00Z',
    dischargedAt: '2026-01-15T09:00:00Z',
    messages: [
      ['ADMISSION_NOTICE', '2026-01-05T09:00:00Z'],
      ['READY_FOR_DISCHARGE', '2026-01-10T10:00:00Z'],
    ],
  });
  await stay(t, f, 'Q2', {
    mun: 'TM2',
    pc: 'VCB',
    admittedAt: '2026-01-05T08:00:00Z',
    dischargedAt: '2026-01-14T09:00:00Z',
    messages: [
      ['ADMISSION_NOTICE', '2026-01-05T09:00:00Z'],
      ['READY_FOR_DISCHARGE', '2026-01-10T10:00:00Z'],
    ],
  });
  await stay(t, f, 'Q3', {
    mun: 'TM2',
    pc: 'VCB',
    admittedAt: '2026-01-05T08:00:00Z',
    dischargedAt: '2026-01-17T09:00:00Z',
    messages: [
      ['ADMISSION_NOTICE', '2026-01-05T09:00:00Z'],
      ['READY_FOR_DISCHARGE', '2026-01-10T10:00:00Z'],
      ['READY_FOR_DISCHARGE_WITHDRAWN', '2026-01-11T10:00:00Z'],
      ['READY_FOR_DISCHARGE', '2026-01-12T10:00:00Z'],
    ],
  });

  // Rounds. R2 starts 00:30 on February 1 in Stockholm.
  await round(t, f, 'VCA', ['TM'], '2026-02-10T08:00:00Z', 'COMPLETED'); // R1
  await round(t, f, 'TM', ['VCB'], '2026-01-31T23:30:00Z', 'COMPLETED'); // R2
  await round(t, f, 'VCA', ['TM'], '2026-03-10T08:00:00Z', 'COMPLETED'); // R3
  await round(t, f, 'VCA', ['TM'], '2026-03-24T08:00:00Z', 'CANCELLED'); // R4
  await round(t, f, 'TM', ['VCA'], '2026-04-14T08:00:00Z', 'COMPLETED'); // R5
  await round(t, f, 'TM2', ['VCA'], '2026-04-15T08:00:00Z', 'COMPLETED'); // R6
  await round(t, f, 'VCA', ['TM'], '2026-04-28T08:00:00Z', 'PLANNED'); // R7
  await round(t, f, 'TM2', ['VCA'], '2026-10-31T22:30:00Z', 'COMPLETED'); // R8: 23:30 Oct 31 CET — October
  await round(t, f, 'TM2', ['VCA'], '2026-10-31T23:30:00Z', 'COMPLETED'); // R9: 00:30 Nov 1 CET — November

  // Tasks.
  await task(t, f, 'P1', '2026-02-10', { completedAt: '2026-02-10T22:30:00Z' }); // T1: 23:30 Feb 10: on time
  await task(t, f, 'P1', '2026-03-31', { completedAt: '2026-03-31T22:30:00Z' }); // T2: 00:30 Apr 1: late
  await task(t, f, 'P2', '2026-04-15'); // T3: open past its date: missed
  await task(t, f, 'P5', '2026-03-05', { completedAt: '2026-03-04T10:00:00Z' }); // T4
  await task(t, f, 'P7', '2026-03-10', { completedAt: '2026-03-10T15:00:00Z' }); // T5
  await task(t, f, 'P9', '2026-03-20', { cancelled: true }); // T6: cancelled: left out
  await task(t, f, 'P8', '2026-05-25'); // T7: after the period
  await task(t, f, 'P10', '2026-04-30', { completedAt: '2026-05-02T10:00:00Z' }); // T8: late
  await task(t, f, 'P4', '2026-03-10', { completedAt: '2026-03-09T10:00:00Z' }); // T9: P4 not enrolled on Mar 10: left out
  await task(t, f, 'P3', '2026-02-20', { completedAt: '2026-02-19T10:00:00Z' }); // T10
  await task(t, f, 'P6', '2026-05-19'); // T11: after the period
  // Tranås: Feb Q1–Q5 on time (5/5); Mar Q1 missed (0/1, one patient); Apr Q1–Q3 on time, Q4 Q5 late (3/5).
  for (const q of ['Q1', 'Q2', 'Q3', 'Q4', 'Q5']) await task(t, f, q, '2026-02-10', { completedAt: '2026-02-09T10:00:00Z' });
  await task(t, f, 'Q1', '2026-03-10');
  for (const q of ['Q1', 'Q2', 'Q3']) await task(t, f, q, '2026-04-10', { completedAt: '2026-04-10T10:00:00Z' });
  for (const q of ['Q4', 'Q5']) await task(t, f, q, '2026-04-10', { completedAt: '2026-04-12T10:00:00Z' });
});
afterAll(() => t.close());
beforeEach(() => setClock(t, '2026-05-20T10:00:00Z'));
afterEach(() => t.app.get(Clock).set(null));

describe('indicators of a municipality, by hand', () => {
  it('computes every indicator for the period and each month, suppressing cells of 1–4 patients', async () => {
    const r = await ok('mgrTM', INDICATORS, { p: FEB_APR });
    expect(r).toMatchObject({
      from: '2026-02-01',
      to: '2026-04-30',
      requestedTo: '2026-04-30',
      asOf: '2026-05-20',
      timeZone: 'Europe/Stockholm',
      suppressionThreshold: 5,
    });
    expect(r.scope).toEqual({
      description: 'Hemsjukvården Aneby (test): alla inskrivna patienter',
      municipality: { name: 'Hemsjukvården Aneby (test)' },
      primaryCareCentre: null,
    });
    expect(r.indicators[0].months.map((m: Cell & { from: string; to: string }) => [m.month, m.from, m.to])).toEqual([
      ['2026-02', '2026-02-01', '2026-02-28'],
      ['2026-03', '2026-03-01', '2026-03-31'],
      ['2026-04', '2026-04-01', '2026-04-30'],
    ]);
    //                                              period        Feb            Mar            Apr
    expect(table(r)).toEqual({
      // P1–P10; P4 ends Feb 28, P6 starts Apr 1: Feb 9, Mar 8, Apr 9.
      ENROLLED: ['10', '9', '8', '9'],
      // Feb P1 P3(closed Feb 10) P4(from Feb 20) P5 P9 P10; Mar P1 P2(Mar 10) P5 P9 P10;
      // Apr + P6 (enrolled Apr 1, SIP since Mar 15) + P7 (published 00:30 Apr 1 local); P8 only a draft.
      ACTIVE_SIP: ['9/10 90', '6/9 66.7', '5/8 62.5', '7/9 77.8'],
      // Due: Feb P1 ok, P3 missed; Mar P5 ok (on the day), P10 ok; Apr P1 late, P2 missed, P6 ok, P9 late.
      // P4's Mar 20 is left out (not enrolled). Each month ≤ 4 patients; period 4 of 8 for 7 patients.
      SIP_FOLLOW_UP_ON_TIME: ['4/8 50', 'S', 'S', 'S'],
      // Feb P1 P2 P4 P7(withdrawn Mar 1); Mar P1 P2 P7; Apr P1 P2 P6; P5 only a draft.
      DETERIORATION_PLAN_ACTIVE: ['5/10 50', '4/9 44.4', '3/8 37.5', '3/9 33.3'],
      // P2 (review Feb 20) Feb–Apr; P7 (Feb 15) Feb–Mar 1; P1 v1 (Mar 31) in force until Apr 10: Apr only; P6 (Apr 20) Apr.
      DETERIORATION_PLAN_REVIEW_OVERDUE: ['4/10 40', '2/9 22.2', '2/8 25', '3/9 33.3'],
      // P3's GP left Feb 15 (Feb yes, later no); P10's GP left before 2026.
      NAMED_GP: ['9/10 90', '8/9 88.9', '6/8 75', '7/9 77.8'],
      // No named contact changed (test/continuity.e2e-spec.ts has the numbers): zero per 100 enrolled.
      NAMED_CONTACT_CHANGES: ['0/10 0', '0/9 0', '0/8 0', '0/9 0'],
      // Only P6 started in the period (Apr 1), without a joint home visit: one patient, suppressed.
      JOINT_HOME_VISIT_AT_ENROLLMENT: ['S', '0/0', '0/0', 'S'],
      // Decided: Feb D2 ok; Mar D1 ok (23 h 45 across DST), D7 ok, D9 missed, D11 ok; Apr D3 late (00:30 Apr 1), D5 late, D10 ok.
      // D8 cancelled before its deadline: left out. Period 5 of 8 for 7 patients; months ≤ 4 patients.
      ADMISSION_NOTICE_24H: ['5/8 62.5', 'S', 'S', 'S'],
      // By the standing notice's day: Feb D2 late; Mar D11 ok; Apr D1 ok, D3 missed, D10 ok: 3 of 5, 5 patients.
      SIP_INVITATION_3_DAYS: ['3/5 60', 'S', 'S', 'S'],
      // Discharges: Feb D4 6 d, D2 7 d; Apr D11 4 d, D1 7 d, D3 7 d: median of 4 6 7 7 7 = 7 (5 discharges).
      READY_TO_DISCHARGE_DAYS: ['7/5', 'S', 'null/0', 'S'],
      // Feb D2 24–26 + D4 Feb 1–2 = 5 (2 patients); Mar 0; Apr D1 5–7 + D3 7–9 + D10 18–30 = 19 (3 patients).
      // Period 24 days for 5 patients, per 100 of 10 enrolled = 240.
      PAYMENT_DAYS: ['24/10 240', 'S', '0/8 0', 'S'],
      // D1 (D5 after 12 days) and D3 (D6 on day 30) readmitted; D4 (D7 on day 31), D2, D11 not.
      READMISSION_30_DAYS: ['2/5 40', 'S', '0/0', 'S'],
      // Reconciled within 24 h of discharge: Feb D2 (exactly 24 h) ok, D4 missed; Apr D1 ok, D3 late (25 h), D11 ok.
      MEDICATION_RECONCILIATION_24H: ['3/5 60', 'S', '0/0', 'S'],
      // Every message of the stays above is entered as it was given (no recorded_at): 0 of the 23 given
      // in the period, for 5 or more patients; each month rests on 1–4 patients.
      DISCHARGE_MESSAGES_ENTERED_AFTERWARDS: ['0/23 0', 'S', 'S', 'S'],
      // Feb R1 + R2 (00:30 Feb 1 local); Mar R3 (R4 cancelled); Apr R5 (R6 without TM, R7 not held).
      ROUNDS_HELD: ['4/10 40', '2/9 22.2', '1/8 12.5', '1/9 11.1'],
      // Feb T1 ok (23:30 on the day), T10 ok; Mar T2 late (00:30 next day), T4 ok, T5 ok; Apr T3 missed, T8 late.
      TASKS_ON_TIME: ['4/7 57.1', 'S', 'S', 'S'],
      // No handovers in this region (test/handover-answers.e2e-spec.ts computes them).
      HANDOVER_ANSWERED_IN_TIME: ['0/0', '0/0', '0/0', '0/0'],
      HANDOVER_ENTERED_AFTERWARDS: ['0/0', '0/0', '0/0', '0/0'],
      // No deterioration episodes in this region: none handled at home.
      DETERIORATION_HANDLED_AT_HOME: ['0/10 0', '0/9 0', '0/8 0', '0/9 0'],
      // Answers 4 3 (P1), 2 (P5), 5 (P6), 1 (P9), 4 (P10): 19 / 6 = 3.17, 5 patients.
      EXPERIENCE_INVOLVED_IN_PLAN: ['3.17 n6 [1,1,1,2,1]', 'S', 'S', 'S'],
      // 5 5 (P1), 4 (P5), 5 (P6), 3 (P9), 2 (P10): 24 / 6 = 4.
      EXPERIENCE_KNOWS_WHO_TO_CALL: ['4 n6 [0,1,1,1,3]', 'S', 'S', 'S'],
      // One answer each: suppressed; no answers in a month: shown as none.
      EXPERIENCE_PLAN_REFLECTS_MY_GOALS: ['S', 'null n0 [0,0,0,0,0]', 'S', 'null n0 [0,0,0,0,0]'],
      EXPERIENCE_CARE_IS_COORDINATED: ['S', 'null n0 [0,0,0,0,0]', 'null n0 [0,0,0,0,0]', 'S'],
    });
  });

  it('returns each indicator’s definition, and nothing that names a patient', async () => {
    const r = await ok('masTM', INDICATORS, { p: FEB_APR });
    const enrolled = r.indicators.find((i: { code: string }) => i.code === 'ENROLLED').definition;
    expect(enrolled).toMatchObject({ code: 'ENROLLED', nameSv: 'Inskrivna patienter', nameEn: 'Enrolled patients', unit: 'patients', denominator: null });
    expect(enrolled.definition).toMatch(/active on at least one day of the period or month/);
    expect(r.indicators.every((i: { definition: { definition: string } }) => i.definition.definition.length > 80)).toBe(true);
    const text = JSON.stringify(r);
    for (const id of Object.values(f.patient)) expect(text).not.toContain(id);
    expect(text).not.toMatch(/Testsson|19400101/);
  });
});

describe('suppression at 4 and 5 patients', () => {
  it('shows 5 enrolled and suppresses 4, month by month, for the patients a centre shares with a municipality', async () => {
    // Åsen × Aneby: Feb P1–P5 (5), Mar P1 P2 P3 P5 (4: P4 ended, P6 not yet), Apr + P6 (5); period 6.
    const r = await ok('mgrVCA', INDICATORS, { p: FEB_APR, m: f.org.TM });
    expect(r.scope.description).toBe('Hemsjukvården Aneby (test) och Vårdcentralen Åsen (test): gemensamma patienter');
    const t1 = table(r);
    expect(t1.ENROLLED).toEqual(['6', '5', 'S', '5']);
    // The share follows its denominator: Mar suppressed with it. Feb P1 P3 P4 P5 = 4 of 5; Apr P1 P2 P5 P6 = 4 of 5.
    expect(t1.ACTIVE_SIP).toEqual(['6/6 100', '4/5 80', 'S', '4/5 80']);
    const mar = r.indicators[0].months[1];
    expect(mar).toEqual({
      month: '2026-03',
      from: '2026-03-01',
      to: '2026-03-31',
      value: null,
      denominator: null,
      ratePer100: null,
      suppressed: true,
      distribution: null,
    });
  });

  it('suppresses a scope of 4 enrolled everywhere and shows one of 5, with zeros shown as zeros', async () => {
    const four = table(await ok('mgrTM', INDICATORS, { p: FEB_APR, c: f.org.VCB }));
    expect(four.ENROLLED).toEqual(['S', 'S', 'S', 'S']);
    expect(four.ROUNDS_HELD).toEqual(['S', 'S', 'S', 'S']); // R2 is theirs, but normalised by 4 enrolled
    expect(four.ADMISSION_NOTICE_24H[0]).toBe('S'); // D3 D7 D10 D11: 4 patients
    const five = table(await ok('mgrTM2', INDICATORS, { p: FEB_APR }));
    expect(five.ENROLLED).toEqual(['5', '5', '5', '5']);
    expect(five.ACTIVE_SIP).toEqual(['0/5 0', '0/5 0', '0/5 0', '0/5 0']);
    expect(five.ROUNDS_HELD).toEqual(['1/5 20', '0/5 0', '0/5 0', '1/5 20']); // R6
    expect(five.ADMISSION_NOTICE_24H).toEqual(['0/0', '0/0', '0/0', '0/0']);
    expect(five.MEDICATION_RECONCILIATION_24H).toEqual(['0/0', '0/0', '0/0', '0/0']); // Q1–Q3 went home in January
    // 8 of 11 for 5 patients; March (one patient) suppressed, and February with it — else March = period − Feb − Apr.
    expect(five.TASKS_ON_TIME).toEqual(['8/11 72.7', 'S', 'S', '3/5 60']);
  });
});

describe('Stockholm calendar', () => {
  it('puts 2026-10-31T22:30Z in October and 23:30Z in November (after the autumn DST change), and cuts a period to today', async () => {
    setClock(t, '2026-11-20T10:00:00Z');
    const r = await ok('mgrTM2', INDICATORS, { p: { from: '2026-10-01', to: '2026-12-31' } });
    expect(r).toMatchObject({ from: '2026-10-01', to: '2026-11-20', requestedTo: '2026-12-31', asOf: '2026-11-20' });
    expect(table(r).ROUNDS_HELD).toEqual(['2/5 40', '1/5 20', '1/5 20']);
    expect(r.indicators[0].months.map((m: { month: string; to: string }) => [m.month, m.to])).toEqual([
      ['2026-10', '2026-10-31'],
      ['2026-11', '2026-11-20'],
    ]);
  });
});

describe('comparisons', () => {
  it('puts every municipality and centre side by side, with the same numbers as their own view', async () => {
    const own = await ok('mgrTM', INDICATORS, { p: FEB_APR });
    const c = await ok('mgrHOSP', COMPARE, { p: FEB_APR });
    expect(c.indicators.map((i: { code: string }) => i.code)).toEqual(own.indicators.map((i: { code: string }) => i.code));
    const row = (list: Array<{ organisation: { id: string } }>, id: string) =>
      list.find((x) => x.organisation.id === id) as never as { values: Array<{ code: string; cell: Cell }> };
    const short = (r: { values: Array<{ code: string; cell: Cell }> }) => Object.fromEntries(r.values.map((v) => [v.code, fmt(v.cell)]));
    const tm = row(c.municipalities, f.org.TM);
    expect(tm.values.map((v) => v.cell)).toEqual(own.indicators.map((i: { total: Cell }) => i.total));
    expect(short(row(c.municipalities, f.org.TM2))).toMatchObject({ ENROLLED: '5', ROUNDS_HELD: '1/5 20', ACTIVE_SIP: '0/5 0' });
    // Åsen: P1–P6 and Q1–Q5; SIPs P1–P6; rounds R1 R3 R5 R6 per 100 of 11.
    expect(short(row(c.primaryCareCentres, f.org.VCA))).toMatchObject({ ENROLLED: '11', ACTIVE_SIP: '6/11 54.5', ROUNDS_HELD: '4/11 36.4' });
    expect(short(row(c.primaryCareCentres, f.org.VCB))).toMatchObject({ ENROLLED: 'S', ACTIVE_SIP: 'S', ROUNDS_HELD: 'S' });
    // The demo units are there too, and no hospital ward.
    expect(c.municipalities.map((m: { organisation: { name: string } }) => m.organisation.name)).toEqual(
      expect.arrayContaining(['Hemsjukvården Jönköping (demo)', 'Hemsjukvården Aneby (test)']),
    );
    expect(c.primaryCareCentres.some((m: { organisation: { name: string } }) => /Testavdelning/.test(m.organisation.name))).toBe(false);
  });

  it('costs the same number of SQL statements whatever the period, the scope or the number of organisations', async () => {
    const counts = [
      (await as('mgrTM', INDICATORS, { p: FEB_APR })).extensions?.sqlStatements,
      (await as('mgrTM', INDICATORS, { p: { from: '2024-06-01', to: '2026-05-20' } })).extensions?.sqlStatements,
      (await as('mgrVCA', INDICATORS, { p: FEB_APR, m: f.org.TM })).extensions?.sqlStatements,
      (await as('mgrTM', COMPARE, { p: FEB_APR })).extensions?.sqlStatements,
    ];
    // actor check 1, organisations 1, START TRANSACTION + isolation 2, the settings (jit, the limit, the tag) 1, nine indicator statements, audit 1, COMMIT 1
    expect(counts).toEqual([16, 16, 16, 16]);
  });
});

describe('payment days', () => {
  it('leaves out, before computing, only stays that cannot have a payable day', async () => {
    const now = new Date('2026-05-20T10:00:00Z');
    const q = {
      from: '2025-12-01',
      to: '2026-05-20',
      months: false,
      municipalityId: null,
      primaryCareId: null,
      teamId: null,
      compare: true,
      now,
      today: '2026-05-20',
    };
    const kept = new Set((await runNamed<{ id: string }>(t.ds.manager, paymentSql(), q)).map((r) => r.id));
    const all = await t.sql<{
      id: string;
      agreed_days: number;
      discharged_at: Date | null;
      cancelled_at: Date | null;
      kinds: DischargeMessageKind[];
      sent: Date[];
    }>(
      `SELECT dp.id, dp.agreed_days, dp.discharged_at, dp.cancelled_at, array_agg(m.kind::text ORDER BY m.sent_at, m.seq) AS kinds, array_agg(m.sent_at ORDER BY m.sent_at, m.seq) AS sent
         FROM discharge_process dp JOIN discharge_message m ON m.process_id = dp.id GROUP BY dp.id`,
    );
    const payable = all.filter((r) => {
      const messages = r.kinds.map((kind, i) => ({ kind, sentAt: new Date(r.sent[i]) }));
      const days = paymentResponsibility(
        { messages, dischargedAt: r.discharged_at, cancelledAt: r.cancelled_at },
        { agreedDays: r.agreed_days, dailyAmountSek: null },
        now,
      ).payableDates;
      return days.some((d) => d >= q.from && d <= q.to);
    });
    // D1 D2 D3 D4 D10, Q1 Q3 and the demo stay with payment days running; Q2 and D11 (discharged on the first payable day) have none.
    expect(payable.length).toBeGreaterThanOrEqual(7);
    expect(payable.filter((r) => !kept.has(r.id))).toEqual([]);
    const stayOf = async (p: string) => (await t.sql('SELECT id FROM discharge_process WHERE patient_id = $1', [f.patient[p]]))[0].id as string;
    expect([kept.has(await stayOf('Q1')), kept.has(await stayOf('Q2')), kept.has(await stayOf('Q3'))]).toEqual([true, false, true]);
    expect(kept.size).toBeLessThan(all.filter((r) => r.kinds.includes(DischargeMessageKind.READY_FOR_DISCHARGE)).length);
  });
});

describe('CSV export', () => {
  it('exports the same numbers, quoted, UTF-8 with Swedish letters, suppressed cells empty', async () => {
    const csv: string = await ok('mgrTM', CSV, { p: FEB_APR });
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual([
      'scope_kind',
      'scope',
      'period_from',
      'period_to',
      'month',
      'indicator_code',
      'indicator_name',
      'unit',
      'value',
      'denominator',
      'rate_per_100',
      'suppressed',
    ]);
    // 24 indicators × 4 cells, and 5 score rows for each of the 4 answer indicators × 4 cells.
    expect(rows).toHaveLength(1 + 24 * 4 + 4 * 5 * 4);
    const find = (code: string, month: string) => rows.find((r) => r[5] === code && r[4] === month)!;
    expect(find('ENROLLED', '')).toEqual([
      'MUNICIPALITY',
      'Hemsjukvården Aneby (test): alla inskrivna patienter',
      '2026-02-01',
      '2026-04-30',
      '',
      'ENROLLED',
      'Inskrivna patienter',
      'patients',
      '10',
      '',
      '',
      'false',
    ]);
    expect(find('NAMED_GP', '2026-03').slice(6)).toEqual(['Andel med fast läkarkontakt', 'patients', '6', '8', '75', 'false']);
    expect(find('ADMISSION_NOTICE_24H', '2026-02').slice(8)).toEqual(['', '', '', 'true']);
    expect(find('EXPERIENCE_INVOLVED_IN_PLAN.SCORE_4', '').slice(6)).toEqual([
      'Patientens svar: delaktig i planen – svar 4',
      'answers',
      '2',
      '6',
      '33.3',
      'false',
    ]);
    expect(find('READY_TO_DISCHARGE_DAYS', '2026-03').slice(8)).toEqual(['', '0', '', 'false']);
  });

  it('exports the comparison, quoting a name with a comma and quotes, and the Swedish spreadsheet dialect', async () => {
    const csv: string = await ok('masTM', CSV, { p: FEB_APR, content: 'COMPARISON', dialect: 'EXCEL_SV' });
    expect(csv).toContain('"Hemsjukvården Tranås, ""test"""');
    const rows = parseCsv(csv, ';');
    const tm2 = rows.filter((r) => r[1] === 'Hemsjukvården Tranås, "test"');
    expect(tm2.find((r) => r[5] === 'ROUNDS_HELD')).toEqual([
      'MUNICIPALITY',
      'Hemsjukvården Tranås, "test"',
      '2026-02-01',
      '2026-04-30',
      '',
      'ROUNDS_HELD',
      'Genomförda ronder',
      'rounds',
      '1',
      '5',
      '20',
      'false',
    ]);
    const tm = rows.filter((r) => r[1] === 'Hemsjukvården Aneby (test)');
    expect(tm.find((r) => r[5] === 'ACTIVE_SIP')!.slice(8)).toEqual(['9', '10', '90', 'false']);
    expect(tm.find((r) => r[5] === 'EXPERIENCE_INVOLVED_IN_PLAN')!.slice(8)).toEqual(['3,17', '6', '', 'false']);
    expect(rows.filter((r) => r[0] === 'PRIMARY_CARE' && r[1] === 'Vårdcentralen Åsen (test)')).toHaveLength(24 + 4 * 5);
  });
});

describe('access', () => {
  it('writes one audit row per call, without a patient, with the scope and period', async () => {
    const mark = await auditMark(t);
    await ok('mgrTM', INDICATORS, { p: FEB_APR, c: f.org.VCA });
    await ok('mgrTM', COMPARE, { p: FEB_APR });
    await ok('masTM', CSV, { p: FEB_APR, content: 'COMPARISON' });
    const rows = await auditSince(t, mark);
    expect(rows.map((r) => [r.operation, r.outcome, r.patient_id, r.details])).toEqual([
      [
        'followUpIndicators',
        'ALLOWED',
        null,
        { scope: { municipalityId: f.org.TM, primaryCareCentreId: f.org.VCA }, period: { from: '2026-02-01', to: '2026-04-30' } },
      ],
      ['compareFollowUp', 'ALLOWED', null, { scope: 'all-organisations', period: { from: '2026-02-01', to: '2026-04-30' } }],
      [
        'exportFollowUpCsv',
        'ALLOWED',
        null,
        { scope: 'all-organisations', period: { from: '2026-02-01', to: '2026-04-30' }, content: 'COMPARISON', dialect: 'RFC4180' },
      ],
    ]);
    const [purpose] = await t.sql(`SELECT DISTINCT purpose FROM audit_log WHERE id > $1`, [mark]);
    expect(purpose.purpose).toBe('joint follow-up');
  });

  it('refuses roles that do not follow up results, for every operation, and logs the refusal', async () => {
    for (const staff of ['nurseTM', 'ga', 'adminTM', 'coordTM', 'dischargeHOSP'] as const) {
      const mark = await auditMark(t);
      for (const [query, vars] of [
        [INDICATORS, { p: FEB_APR }],
        [COMPARE, { p: FEB_APR }],
        [CSV, { p: FEB_APR }],
      ] as const) {
        const res = await as(staff, query, vars);
        expect(res.data).toBeNull();
        expectError(res, 'FORBIDDEN');
      }
      const rows = await auditSince(t, mark);
      expect(rows.map((r) => [r.operation, r.outcome, r.details?.reason])).toEqual([
        ['followUpIndicators', 'REFUSED', 'role'],
        ['compareFollowUp', 'REFUSED', 'role'],
        ['exportFollowUpCsv', 'REFUSED', 'role'],
      ]);
    }
  });

  it('refuses another organisation’s own scope and hospital units’ scope, but lets them compare', async () => {
    const mark = await auditMark(t);
    expectError(await as('mgrTM', INDICATORS, { p: FEB_APR, m: f.org.TM2 }), 'FORBIDDEN');
    expectError(await as('mgrVCA', INDICATORS, { p: FEB_APR, c: f.org.VCB }), 'FORBIDDEN');
    expectError(await as('mgrHOSP', INDICATORS, { p: FEB_APR }), 'FORBIDDEN');
    expectError(await as('mgrHOSP', CSV, { p: FEB_APR }), 'FORBIDDEN');
    expect((await as('mgrHOSP', CSV, { p: FEB_APR, content: 'COMPARISON' })).errors).toBeUndefined();
    const rows = await auditSince(t, mark);
    expect(rows.map((r) => [r.operation, r.outcome, r.patient_id, r.details?.reason ?? null])).toEqual([
      ['followUpIndicators', 'REFUSED', null, 'other-municipality'],
      ['followUpIndicators', 'REFUSED', null, 'other-primary-care-centre'],
      ['followUpIndicators', 'REFUSED', null, 'not-a-party'],
      ['exportFollowUpCsv', 'REFUSED', null, 'not-a-party'],
      ['exportFollowUpCsv', 'ALLOWED', null, null],
    ]);
  });

  it('refuses a bad period or scope naming the field', async () => {
    const fields = async (vars: Record<string, unknown>, query = INDICATORS) => expectError(await as('mgrTM', query, vars), 'BAD_USER_INPUT').extensions.fields;
    expect(await fields({ p: { from: '2026-04-01', to: '2026-03-31' } })).toEqual([{ field: 'period.to', message: 'must not be before from' }]);
    expect(await fields({ p: { from: '2024-05-01', to: '2026-05-01' } })).toEqual([
      { field: 'period.to', message: 'must be within 24 calendar months of from' },
    ]);
    expect(await fields({ p: { from: '2026-05-21', to: '2026-05-31' } })).toEqual([{ field: 'period.from', message: 'must not be after today' }]);
    // A date that does not exist is refused by the LocalDate scalar, named by the variable's path.
    expect(await fields({ p: { from: '2026-02-30', to: '2026-03-31' } })).toEqual([{ field: 'p.from', message: expect.stringMatching(/real calendar date/) }]);
    expect(await fields({ p: FEB_APR, c: f.org.TM2 })).toEqual([{ field: 'primaryCareCentreId', message: 'must be a primary care centre (vårdcentral)' }]);
    expect(await fields({ p: FEB_APR, m: 'nope' })).toEqual([{ field: 'municipalityId', message: 'must be an id returned by the API' }]);
    expect(await fields({ p: FEB_APR, c: f.org.VCA, content: 'COMPARISON' }, CSV)).toEqual([
      { field: 'primaryCareCentreId', message: 'is only for content INDICATORS; the comparison holds every organisation' },
    ]);
  });
});
