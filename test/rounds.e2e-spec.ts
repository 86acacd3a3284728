import { DemoOrgKey } from '../src/demo/region';
import { loadDemoData } from '../src/demo/load';
import { DEMO_ROUND_IDS } from '../src/demo/rounds';
import { auditMark, auditSince, patientId } from './helpers/patients';
import {
  ADD_ITEM,
  CANCEL_ROUND,
  COMPLETE_ROUND,
  CREATE_ROUND,
  orgIds,
  pinClock,
  planRound,
  READ_ROUND,
  staffIds,
  START_ROUND,
  SUGGEST,
  SUMMARY,
} from './helpers/rounds';
import { expectError, startTestApp, TestApp } from './helpers/test-app';

let t: TestApp;
let org: Record<DemoOrgKey, string>;
let staff: Record<'erikGp' | 'annaNurse' | 'omarRehab' | 'sofiaNurse' | 'linneaNurse' | 'mariaCoordinator', string>;
const MISSING = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  t = await startTestApp();
  pinClock(t);
  org = await orgIds(t);
  staff = await staffIds(t, ['erikGp', 'annaNurse', 'omarRehab', 'sofiaNurse', 'linneaNurse', 'mariaCoordinator']);
});
afterAll(() => t.close());

const errorShape = (res: { data?: unknown; errors?: Array<{ message: string; extensions: { code: string } }> }) => ({
  data: res.data,
  errors: res.errors?.map((e) => ({ message: e.message, code: e.extensions.code })),
});

describe('planning a round', () => {
  it('a primary care centre plans a round with the municipality; staff of both read it; it is logged', async () => {
    const mark = await auditMark(t);
    const res = await t.gql(
      CREATE_ROUND,
      {
        i: {
          title: 'Veckorond v48',
          kind: 'REGULAR',
          startsAt: '2026-11-23T08:00:00Z',
          endsAt: '2026-11-23T09:30:00Z',
          participatingOrganisationIds: [org.jonkoping],
          participantStaffIds: [staff.erikGp, staff.annaNurse, staff.omarRehab],
        },
      },
      await t.token('erikGp'),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.createRound).toMatchObject({
      title: 'Veckorond v48',
      kind: 'REGULAR',
      status: 'PLANNED',
      videoLink: null,
      organiser: { name: 'Vårdcentralen Sjöbacken (demo)' },
      participatingOrganisations: [{ name: 'Hemsjukvården Jönköping (demo)' }],
      participants: [
        { staff: { name: 'Anna Nilsson' }, organisation: { name: 'Hemsjukvården Jönköping (demo)' }, attended: null },
        { staff: { name: 'Erik Sjöberg' }, organisation: { name: 'Vårdcentralen Sjöbacken (demo)' }, attended: null },
        { staff: { name: 'Omar Haddad' }, organisation: { name: 'Hemsjukvården Jönköping (demo)' }, attended: null },
      ],
    });
    const id = res.data.createRound.id;
    for (const who of ['annaNurse', 'omarRehab', 'sofiaNurse'] as const) {
      const read = await t.gql(READ_ROUND, { id }, await t.token(who));
      expect(read.errors).toBeUndefined();
      expect(read.data.round.id).toBe(id);
    }
    const rows = await auditSince(t, mark);
    expect(rows[0]).toMatchObject({ operation: 'createRound', outcome: 'ALLOWED', patient_id: null, details: { roundId: id } });
  });

  it('a municipality plans a video round (distansrond) with a link', async () => {
    const res = await t.gql(
      CREATE_ROUND,
      { i: { kind: 'VIDEO', videoLink: 'https://video.example.org/r/1', startsAt: '2026-11-24T13:00:00Z', participatingOrganisationIds: [org.vcSjobacken] } },
      await t.token('annaNurse'),
    );
    expect(res.data.createRound).toMatchObject({
      kind: 'VIDEO',
      videoLink: 'https://video.example.org/r/1',
      organiser: { name: 'Hemsjukvården Jönköping (demo)' },
      participants: [],
    });
  });

  it('refuses a hospital as organiser, and roles that do not plan rounds', async () => {
    const input = { i: { kind: 'REGULAR', startsAt: '2026-11-23T08:00:00Z', participatingOrganisationIds: [org.jonkoping] } };
    expect(expectError(await t.gql(CREATE_ROUND, input, await t.token('emmaNurse')), 'FORBIDDEN').message).toMatch(/primary care centre or a municipality/);
    for (const who of ['omarRehab', 'saraSocial', 'evaManager', 'perAdmin'] as const)
      expectError(await t.gql(CREATE_ROUND, input, await t.token(who)), 'FORBIDDEN');
  });

  it('refuses bad input with field errors and writes nothing', async () => {
    const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM round`);
    const token = await t.token('erikGp');
    const base = { kind: 'REGULAR', startsAt: '2026-11-23T08:00:00Z', participatingOrganisationIds: [org.jonkoping] };
    const fieldsOf = async (i: Record<string, unknown>) =>
      expectError(await t.gql(CREATE_ROUND, { i: { ...base, ...i } }, token), 'BAD_USER_INPUT')
        .extensions.fields!.map((f) => f.field)
        .sort();
    expect(await fieldsOf({ kind: 'VIDEO' })).toEqual(['input.videoLink']);
    expect(await fieldsOf({ videoLink: 'https://x.example.org' })).toEqual(['input.videoLink']);
    expect(await fieldsOf({ kind: 'VIDEO', videoLink: 'http://insecure.example.org' })).toEqual(['input.videoLink']);
    expect(await fieldsOf({ endsAt: '2026-11-23T07:00:00Z', participatingOrganisationIds: [org.vcSjobacken] })).toEqual([
      'input.endsAt',
      'input.participatingOrganisationIds',
    ]);
    expect(await fieldsOf({ participatingOrganisationIds: [] })).toEqual(['input.participatingOrganisationIds']);
    expect(await fieldsOf({ participatingOrganisationIds: [MISSING] })).toEqual(['input.participatingOrganisationIds']);
    expect(await fieldsOf({ participantStaffIds: [staff.linneaNurse] })).toEqual(['input.participantStaffIds']);
    expect(await fieldsOf({ participantStaffIds: ['not-an-id'] })).toEqual(['input.participantStaffIds']);
    expect((await t.sql(`SELECT count(*)::int AS n FROM round`))[0].n).toBe(n);
  });
});

describe('who may see a round', () => {
  let roundId: string;
  beforeAll(async () => {
    roundId = await planRound(t, 'erikGp', { participatingOrganisationIds: [org.jonkoping] });
  });

  it('answers a staff member of a non-participating organisation exactly as for a round that does not exist, and logs the refusal', async () => {
    const habo = await t.token('linneaNurse');
    const missing = errorShape(await t.gql(READ_ROUND, { id: MISSING }, habo));
    expect(missing.errors).toEqual([{ message: 'Round not found', code: 'NOT_FOUND' }]);
    const mark = await auditMark(t);
    for (const token of [habo, await t.token('nilsGp'), await t.token('emmaNurse')]) {
      expect(errorShape(await t.gql(READ_ROUND, { id: roundId }, token))).toEqual(missing);
    }
    const rows = await auditSince(t, mark);
    expect(rows.map((r) => [r.operation, r.outcome, r.patient_id, r.details?.roundId, r.details?.reason])).toEqual([
      ['round', 'REFUSED', null, roundId, 'not-a-round-organisation'],
      ['round', 'REFUSED', null, roundId, 'not-a-round-organisation'],
      ['round', 'REFUSED', null, roundId, 'not-a-round-organisation'],
    ]);
    expect(rows.map((r) => r.organisation_id)).toEqual([org.habo, org.vcEkdalen, org.wardMedicine]);
  });

  it('refuses the outsider every operation on the round, changing nothing', async () => {
    const habo = await t.token('linneaNurse');
    const esther = await patientId(t, 'esther');
    expectError(await t.gql(START_ROUND, { id: roundId }, habo), 'NOT_FOUND');
    expectError(await t.gql(CANCEL_ROUND, { i: { roundId, reason: 'x' } }, habo), 'NOT_FOUND');
    expectError(await t.gql(SUGGEST, { id: roundId }, habo), 'NOT_FOUND');
    expectError(await t.gql(SUMMARY, { id: roundId }, habo), 'NOT_FOUND');
    expectError(await t.gql(ADD_ITEM, { i: { roundId, patientId: esther } }, habo), 'NOT_FOUND');
    expect((await t.sql(`SELECT status FROM round WHERE id = $1`, [roundId]))[0].status).toBe('PLANNED');
    const list = await t.gql(`{ rounds(first: 50) { edges { node { id } } } }`, {}, habo);
    expect(list.data.rounds.edges).toEqual([]);
  });

  it('refuses roles that take no part in care with FORBIDDEN', async () => {
    for (const who of ['evaManager', 'birgittaMas', 'perAdmin'] as const)
      expectError(await t.gql(READ_ROUND, { id: roundId }, await t.token(who)), 'FORBIDDEN');
  });

  it('lists the rounds of my organisation by start time, filtered by state and date', async () => {
    const token = await t.token('annaNurse');
    const all = await t.gql(`{ rounds(first: 100) { edges { node { id startsAt status } } } }`, {}, token);
    const starts = all.data.rounds.edges.map((e: any) => e.node.startsAt);
    expect(starts).toEqual([...starts].sort());
    expect(all.data.rounds.edges.map((e: any) => e.node.id)).toEqual(expect.arrayContaining([DEMO_ROUND_IDS.lastWeek, DEMO_ROUND_IDS.nextWeek, roundId]));
    const coming = await t.gql(
      `query($from: LocalDate) { rounds(from: $from, status: PLANNED, first: 2) { edges { node { id startsAt status } } pageInfo { hasNextPage endCursor } } }`,
      { from: '2026-11-22' },
      token,
    );
    expect(coming.data.rounds.edges.every((e: any) => e.node.status === 'PLANNED' && e.node.startsAt >= '2026-11-22')).toBe(true);
    expect(coming.data.rounds.edges.map((e: any) => e.node.id)).not.toContain(DEMO_ROUND_IDS.lastWeek);
    const page2 = await t.gql(
      `query($a: String) { rounds(from: "2026-11-22", status: PLANNED, first: 100, after: $a) { edges { node { id } } } }`,
      { a: coming.data.rounds.pageInfo.endCursor },
      token,
    );
    expect(page2.data.rounds.edges.map((e: any) => e.node.id)).not.toContain(coming.data.rounds.edges[0].node.id);
  });
});

describe('the round lifecycle', () => {
  it('PLANNED → IN_PROGRESS → COMPLETED, recording who attended; each step once', async () => {
    const id = await planRound(t, 'erikGp', {
      participatingOrganisationIds: [org.jonkoping],
      participantStaffIds: [staff.erikGp, staff.annaNurse, staff.omarRehab],
    });
    const anna = await t.token('annaNurse');
    expectError(await t.gql(COMPLETE_ROUND, { i: { roundId: id, attendedStaffIds: [staff.erikGp] } }, anna), 'PRECONDITION_FAILED');
    const started = await t.gql(START_ROUND, { id }, anna);
    expect(started.data.startRound).toMatchObject({ status: 'IN_PROGRESS', startedAt: '2026-11-22T10:00:00.000Z' });
    const again = expectError(await t.gql(START_ROUND, { id }, anna), 'CONFLICT');
    expect(again.extensions.status).toBe('IN_PROGRESS');
    expectError(await t.gql(CANCEL_ROUND, { i: { roundId: id, reason: 'x' } }, await t.token('erikGp')), 'CONFLICT');
    // Attendees must belong to the round's organisations.
    const bad = await t.gql(COMPLETE_ROUND, { i: { roundId: id, attendedStaffIds: [staff.erikGp, staff.linneaNurse] } }, anna);
    expect(expectError(bad, 'BAD_USER_INPUT').extensions.fields).toEqual([{ field: 'input.attendedStaffIds', message: expect.any(String) }]);
    // Omar was invited but did not come; Sofia came without an invitation.
    const done = await t.gql(
      COMPLETE_ROUND,
      { i: { roundId: id, attendedStaffIds: [staff.erikGp, staff.annaNurse, staff.sofiaNurse] } },
      await t.token('erikGp'),
    );
    expect(done.errors).toBeUndefined();
    expect(done.data.completeRound).toMatchObject({
      status: 'COMPLETED',
      participants: [
        { staff: { name: 'Anna Nilsson' }, attended: true },
        { staff: { name: 'Erik Sjöberg' }, attended: true },
        { staff: { name: 'Omar Haddad' }, attended: false },
        { staff: { name: 'Sofia Wikström' }, attended: true },
      ],
    });
    expectError(await t.gql(COMPLETE_ROUND, { i: { roundId: id, attendedStaffIds: [staff.erikGp] } }, anna), 'CONFLICT');
    const summary = await t.gql(SUMMARY, { id }, anna);
    expect(summary.data.roundSummary).toMatchObject({
      round: { status: 'COMPLETED' },
      attended: [{ name: 'Anna Nilsson' }, { name: 'Erik Sjöberg' }, { name: 'Sofia Wikström' }],
      absent: [{ name: 'Omar Haddad' }],
      patients: [],
    });
    const rows = await t.sql(
      `SELECT operation, outcome, details->>'status' AS status FROM audit_log WHERE details->>'roundId' = $1 AND operation IN ('startRound', 'completeRound') ORDER BY id`,
      [id],
    );
    expect(rows).toEqual([
      { operation: 'completeRound', outcome: 'FAILED', status: null },
      { operation: 'startRound', outcome: 'ALLOWED', status: 'IN_PROGRESS' },
      { operation: 'startRound', outcome: 'FAILED', status: null },
      { operation: 'completeRound', outcome: 'FAILED', status: null },
      { operation: 'completeRound', outcome: 'ALLOWED', status: 'COMPLETED' },
      { operation: 'completeRound', outcome: 'FAILED', status: null },
    ]);
  });

  it('PLANNED → CANCELLED by the organiser only, with a reason; a cancelled round cannot start', async () => {
    const id = await planRound(t, 'erikGp', { participatingOrganisationIds: [org.jonkoping] });
    expect(expectError(await t.gql(CANCEL_ROUND, { i: { roundId: id, reason: 'Läkaren sjuk' } }, await t.token('annaNurse')), 'FORBIDDEN').message).toMatch(
      /organiser/,
    );
    expect(expectError(await t.gql(CANCEL_ROUND, { i: { roundId: id, reason: ' ' } }, await t.token('erikGp')), 'BAD_USER_INPUT').extensions.fields).toEqual([
      { field: 'input.reason', message: 'must not be empty' },
    ]);
    const res = await t.gql(CANCEL_ROUND, { i: { roundId: id, reason: 'Läkaren sjuk, ny tid bokas' } }, await t.token('fatimaGp'));
    expect(res.data.cancelRound).toEqual({ id, status: 'CANCELLED', cancellationReason: 'Läkaren sjuk, ny tid bokas' });
    expectError(await t.gql(START_ROUND, { id }, await t.token('erikGp')), 'CONFLICT');
    expectError(await t.gql(SUGGEST, { id }, await t.token('erikGp')), 'CONFLICT');
  });

  it('completes only once when two complete at the same time', async () => {
    const id = await planRound(t, 'erikGp', { participatingOrganisationIds: [org.jonkoping] });
    await t.gql(START_ROUND, { id }, await t.token('erikGp'));
    const results = await Promise.all(
      (['erikGp', 'annaNurse'] as const).map(async (who) =>
        t.gql(COMPLETE_ROUND, { i: { roundId: id, attendedStaffIds: [staff.erikGp, staff.annaNurse] } }, await t.token(who)),
      ),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expectError(
      results.find((r) => r.errors)!,
      'CONFLICT',
    );
    expect((await t.sql(`SELECT count(*)::int AS n FROM round_participant WHERE round_id = $1`, [id]))[0].n).toBe(2);
  });
});

describe('the demo rounds', () => {
  it('last week’s completed round discussed Esther with a task to update her SIP; next week’s is planned', async () => {
    const token = await t.token('mariaCoordinator');
    const last = await t.gql(SUMMARY, { id: DEMO_ROUND_IDS.lastWeek }, token);
    expect(last.errors).toBeUndefined();
    expect(last.data.roundSummary.round.status).toBe('COMPLETED');
    const esther = last.data.roundSummary.patients.find((p: any) => p.patient.givenName === 'Esther');
    expect(esther.decisions[0].task.title).toMatch(/SIP/);
    expect(esther.tasks).toEqual([
      {
        title: expect.stringMatching(/Uppdatera Esthers SIP/),
        status: 'OPEN',
        assignee: { role: 'CARE_COORDINATOR', organisation: { name: 'Hemsjukvården Jönköping (demo)' } },
      },
    ]);
    const next = await t.gql(READ_ROUND, { id: DEMO_ROUND_IDS.nextWeek }, token);
    expect(next.data.round).toMatchObject({ status: 'PLANNED', kind: 'VIDEO', startsAt: '2026-11-30T08:00:00.000Z' });
  });

  it('loads only once: seeding again changes nothing', async () => {
    const count = async () =>
      (
        await t.sql(`SELECT (SELECT count(*) FROM round WHERE id = ANY ($1))::int AS rounds, (SELECT count(*) FROM task WHERE id = $2)::int AS tasks`, [
          [DEMO_ROUND_IDS.lastWeek, DEMO_ROUND_IDS.nextWeek],
          DEMO_ROUND_IDS.estherSipTask,
        ])
      )[0];
    expect(await count()).toEqual({ rounds: 2, tasks: 1 });
    expect(await loadDemoData(t.ds)).toBe(false);
    expect(await count()).toEqual({ rounds: 2, tasks: 1 });
  });
});
