import {
  addPatient,
  buildFixture,
  cellInShort as fmt,
  deteriorationPlan,
  enroll,
  Fixture,
  FollowUpCell as Cell,
  followUp,
  sip,
  task,
} from './helpers/follow-up';
import { startTestApp, TestApp } from './helpers/test-app';
import { Clock } from '../src/common/clock';
import { setClock } from './helpers/discharges';

/*
 * The joint follow-up for patients enrolled twice in the same scope (test/helpers/follow-up.ts):
 * R1–R5 were enrolled in Aneby (TM) with Åsen (VCA) until 2026-03-10, and enrolled again from that
 * same day, so on 2026-03-10 two enrollments of each cover them. Each patient, state and event counts
 * once per cell and organisation, never once per enrollment. The clock stands at 2026-05-20.
 */

const CELL = `value denominator ratePer100 suppressed distribution`;
const INDICATORS = `query($p: FollowUpPeriodInput!, $m: ID) { r: followUpIndicators(period: $p, municipalityId: $m) {
  indicators { code total { ${CELL} } months { ${CELL} } } } }`;
const COMPARE = `query($p: FollowUpPeriodInput!) { r: compareFollowUp(period: $p) {
  municipalities { organisation { id } values { code cell { ${CELL} } } }
  primaryCareCentres { organisation { id } values { code cell { ${CELL} } } } } }`;

let t: TestApp;
let f: Fixture;

async function ok(staff: Parameters<Fixture['token']>[0], query: string, vars: Record<string, unknown>) {
  const res = await t.gql(query, vars, await f.token(staff));
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.r;
}

beforeAll(async () => {
  t = await startTestApp();
  f = await buildFixture(t);
  const scores = [4, 4, 4, 5, 3];
  for (const [i, p] of ['R1', 'R2', 'R3', 'R4', 'R5'].entries()) {
    await addPatient(t, f, p);
    await enroll(t, f, p, 'TM', 'VCA', 'ga', '2025-06-01', '2026-03-10');
    await enroll(t, f, p, 'TM', 'VCA', 'ga', '2026-03-10');
    const plan = await sip(t, f, p, { publishedAt: '2026-01-15T10:00:00Z', followUpDue: '2026-09-10' });
    // Due and done on the day both enrollments cover, answered then; a task due and done that day too.
    await followUp(t, f, plan, p, { due: '2026-03-10', done: '2026-03-10', next: '2026-09-10', answers: { INVOLVED_IN_PLAN: scores[i] } });
    await task(t, f, p, '2026-03-10', { completedAt: '2026-03-10T09:00:00Z' });
    await deteriorationPlan(t, f, p, { version: 1, status: 'ACTIVE', signedAt: '2026-01-20T10:00:00Z', review: '2026-02-15' });
  }
});
afterAll(() => t.close());
beforeEach(() => setClock(t, '2026-05-20T10:00:00Z'));
afterEach(() => t.app.get(Clock).set(null));

const FEB_APR = { from: '2026-02-01', to: '2026-04-30' };

describe('patients enrolled twice on the same day', () => {
  it('count once per cell in their own scope and in the scope shared with their centre', async () => {
    for (const [staff, m] of [
      ['mgrTM', undefined],
      ['mgrVCA', 'TM'],
    ] as const) {
      const r = await ok(staff, INDICATORS, { p: FEB_APR, m: m && f.org[m] });
      const table = Object.fromEntries(r.indicators.map((i: { code: string; total: Cell; months: Cell[] }) => [i.code, [i.total, ...i.months].map(fmt)]));
      //                                                   period        Feb           Mar           Apr
      expect(table).toMatchObject({
        ENROLLED: ['5', '5', '5', '5'],
        ACTIVE_SIP: ['5/5 100', '5/5 100', '5/5 100', '5/5 100'],
        DETERIORATION_PLAN_ACTIVE: ['5/5 100', '5/5 100', '5/5 100', '5/5 100'],
        // Review date Feb 15: past it from Feb 16.
        DETERIORATION_PLAN_REVIEW_OVERDUE: ['5/5 100', '5/5 100', '5/5 100', '5/5 100'],
        NAMED_GP: ['5/5 100', '5/5 100', '5/5 100', '5/5 100'],
        // Five follow-ups and five tasks on Mar 10, each counted once although two enrollments cover the day.
        SIP_FOLLOW_UP_ON_TIME: ['5/5 100', '0/0', '5/5 100', '0/0'],
        TASKS_ON_TIME: ['5/5 100', '0/0', '5/5 100', '0/0'],
        // Scores 4 4 4 5 3: 20 / 5 = 4.
        EXPERIENCE_INVOLVED_IN_PLAN: ['4 n5 [0,0,1,3,1]', 'null n0 [0,0,0,0,0]', '4 n5 [0,0,1,3,1]', 'null n0 [0,0,0,0,0]'],
        ROUNDS_HELD: ['0/5 0', '0/5 0', '0/5 0', '0/5 0'],
      });
    }
  });

  it('count once for their municipality and once for their centre in the comparison', async () => {
    const c = await ok('mgrHOSP', COMPARE, { p: FEB_APR });
    const row = (list: Array<{ organisation: { id: string }; values: Array<{ code: string; cell: Cell }> }>, id: string) =>
      Object.fromEntries(list.find((x) => x.organisation.id === id)!.values.map((v) => [v.code, fmt(v.cell)]));
    const expected = {
      ENROLLED: '5',
      ACTIVE_SIP: '5/5 100',
      DETERIORATION_PLAN_REVIEW_OVERDUE: '5/5 100',
      NAMED_GP: '5/5 100',
      SIP_FOLLOW_UP_ON_TIME: '5/5 100',
      TASKS_ON_TIME: '5/5 100',
      EXPERIENCE_INVOLVED_IN_PLAN: '4 n5 [0,0,1,3,1]',
    };
    expect(row(c.municipalities, f.org.TM)).toMatchObject(expected);
    expect(row(c.primaryCareCentres, f.org.VCA)).toMatchObject(expected);
  });
});
