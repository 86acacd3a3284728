import { Clock } from '../src/common/clock';
import { DEMO_ORGS, DemoOrgKey } from '../src/demo/region';
import { loadDemoData } from '../src/demo/load';
import { completeDraft, GET, orgIds, patientId, PUBLISH, REVISE, UPDATE, CREATE } from './helpers/care-plans';
import { expectError, startTestApp, TestApp } from './helpers/test-app';

let t: TestApp;
let org: Record<DemoOrgKey, string>;
let tok: Record<'anna' | 'maria' | 'erik' | 'johan' | 'linnea' | 'ulla' | 'eva', string>;
let esther: string;
let plan: { id: string; version: number };

const TODAY = new Date('2026-12-01T09:00:00Z');
const hsa = (k: DemoOrgKey) => DEMO_ORGS[k].hsaId;
const setClock = (iso: string) => t.app.get(Clock).set(new Date(iso));
const byOrg = <T extends { organisation: { hsaId: string } }>(xs: T[]) => [...xs].sort((a, b) => a.organisation.hsaId.localeCompare(b.organisation.hsaId));

beforeAll(async () => {
  t = await startTestApp();
  t.app.get(Clock).set(TODAY);
  org = await orgIds(t);
  tok = {
    anna: await t.token('annaNurse'),
    maria: await t.token('mariaCoordinator', 'jonkoping', 'CARE_COORDINATOR'),
    erik: await t.token('erikGp'),
    johan: await t.token('johanCoordinator'),
    linnea: await t.token('linneaNurse'),
    ulla: await t.token('ullaNurse'),
    eva: await t.token('evaManager'),
  };
  esther = await patientId(t, 'esther');
  [plan] = await t.sql(`SELECT id, version FROM care_plan WHERE patient_id = $1`, [esther]);
});
afterAll(() => t.close());

async function ok<T = any>(query: string, vars: Record<string, unknown>, token: string): Promise<T> {
  const res = await t.gql(query, vars, token);
  expect(res.errors).toBeUndefined();
  return res.data;
}

describe('Esther’s demo SIP', () => {
  it('is active between Jönköping municipality and Vårdcentralen Sjöbacken, with goals in her words and a follow-up date', async () => {
    const p = (await ok(GET, { id: plan.id }, tok.anna)).carePlan;
    expect(p).toMatchObject({ status: 'ACTIVE', publishedVersionNumber: 2, hasOpenDraft: false, nextFollowUpDate: '2027-01-19', followUpOverdue: false });
    expect(p.participatingOrganisations.map((o: any) => o.hsaId).sort()).toEqual([hsa('jonkoping'), hsa('vcSjobacken')].sort());
    const c = p.currentVersion.content;
    expect(c.goals.map((g: any) => g.text)).toContain('Jag vill bo kvar hemma med min katt Sigge.');
    expect(c.actions.map((a: any) => a.kind)).toEqual(['HEALTH_CARE', 'HEALTH_CARE', 'SOCIAL_SERVICE', 'NEXT_OF_KIN', 'REHABILITATION']);
    expect(c.actions.find((a: any) => a.kind === 'SOCIAL_SERVICE').description).toMatch(/^Hemtjänst/);
    expect(c).toMatchObject({ overallResponsibleOrganisation: { hsaId: hsa('jonkoping') }, coordinator: { name: 'Maria Lind' } });
    expect(c.participants.filter((x: any) => x.kind === 'PATIENT' || x.kind === 'NEXT_OF_KIN').map((x: any) => [x.kind, x.name, x.attended])).toEqual([
      ['PATIENT', null, true],
      ['NEXT_OF_KIN', 'Karin Johansson', true],
    ]);
  });

  it('is loaded once: loading the demo again changes nothing', async () => {
    const before = await t.sql(`SELECT (SELECT count(*) FROM care_plan)::int AS plans, (SELECT count(*) FROM care_plan_version)::int AS versions`);
    expect(await loadDemoData(t.ds)).toBe(false);
    expect(await t.sql(`SELECT (SELECT count(*) FROM care_plan)::int AS plans, (SELECT count(*) FROM care_plan_version)::int AS versions`)).toEqual(before);
  });
});

describe('versions', () => {
  const IN_FORCE = `query($id: ID!, $at: String, $date: LocalDate) { carePlanInForce(carePlanId: $id, at: $at, date: $date) { number publishedAt publishedBy { name } content { goals { text } actions { kind } } } }`;

  it('answers "what did the plan say on 3 March?" with the version in force then', async () => {
    const march = (await ok(IN_FORCE, { id: plan.id, date: '2026-03-03' }, tok.erik)).carePlanInForce;
    expect(march).toMatchObject({ number: 1, publishedAt: '2026-02-12T14:00:00.000Z', publishedBy: { name: 'Maria Lind' } });
    expect(march.content.goals.map((g: any) => g.text)).toContain('Jag vill orka gå till brevlådan själv.');
    expect(march.content.actions.map((a: any) => a.kind)).not.toContain('REHABILITATION');
    expect((await ok(IN_FORCE, { id: plan.id, at: '2026-09-15T11:59:59Z' }, tok.erik)).carePlanInForce.number).toBe(1);
    expect((await ok(IN_FORCE, { id: plan.id, at: '2026-09-15T14:00:00+02:00' }, tok.erik)).carePlanInForce.number).toBe(2);
    expect((await ok(IN_FORCE, { id: plan.id, date: '2026-09-15' }, tok.erik)).carePlanInForce.number).toBe(2);
    expect((await ok(IN_FORCE, { id: plan.id, date: '2026-02-11' }, tok.erik)).carePlanInForce).toBeNull();
    expectError(await t.gql(IN_FORCE, { id: plan.id }, tok.erik), 'BAD_USER_INPUT');
    expectError(await t.gql(IN_FORCE, { id: plan.id, at: '2026-03-03T10:00:00Z', date: '2026-03-03' }, tok.erik), 'BAD_USER_INPUT');
    const local = expectError(await t.gql(IN_FORCE, { id: plan.id, at: '2026-03-03T10:00:00' }, tok.erik), 'BAD_USER_INPUT');
    expect(local.extensions.fields!.map((f) => f.field)).toEqual(['at']);
  });

  it('lists the history with who published each version and when', async () => {
    const q = `query($id: ID!) { carePlan(id: $id) { versions { number publishedAt publishedBy { name } publishedByOrganisation { hsaId } } } }`;
    expect((await ok(q, { id: plan.id }, tok.anna)).carePlan.versions).toEqual([
      { number: 2, publishedAt: '2026-09-15T12:00:00.000Z', publishedBy: { name: 'Maria Lind' }, publishedByOrganisation: { hsaId: hsa('jonkoping') } },
      { number: 1, publishedAt: '2026-02-12T14:00:00.000Z', publishedBy: { name: 'Maria Lind' }, publishedByOrganisation: { hsaId: hsa('jonkoping') } },
    ]);
    const v = `query($id: ID!, $n: Int!) { carePlanVersion(carePlanId: $id, number: $n) { number } }`;
    expect((await ok(v, { id: plan.id, n: 1 }, tok.anna)).carePlanVersion.number).toBe(1);
    expectError(await t.gql(v, { id: plan.id, n: 9 }, tok.anna), 'NOT_FOUND');
  });

  const DIFF = `query($id: ID!, $from: Int, $to: Int) { carePlanDiff(carePlanId: $id, fromVersion: $from, toVersion: $to) {
    fromVersion toVersion changedFields
    goals { added { text } removed { text } changed { before { text } after { text } changedFields } }
    needs { added { text } removed { text } changed { changedFields } }
    actions { added { description kind responsibleStaff { name } } removed { description } changed { before { status } after { status } changedFields } }
    participants { added { kind staff { name } } removed { kind } changed { changedFields } } } }`;

  it('shows which goals, actions and participants were added, changed and removed between two versions', async () => {
    const d = (await ok(DIFF, { id: plan.id, from: 1, to: 2 }, tok.erik)).carePlanDiff;
    expect(d).toMatchObject({ fromVersion: 1, toVersion: 2, changedFields: ['nextFollowUpDate'] });
    expect(d.goals).toEqual({
      added: [],
      removed: [],
      changed: [
        {
          before: { text: 'Jag vill orka gå till brevlådan själv.' },
          after: { text: 'Jag vill orka gå till brevlådan själv, med rollatorn.' },
          changedFields: ['text'],
        },
      ],
    });
    expect(d.actions).toEqual({
      added: [{ description: expect.stringMatching(/^Arbetsterapeut/), kind: 'REHABILITATION', responsibleStaff: { name: 'Omar Haddad' } }],
      removed: [],
      changed: [],
    });
    expect(d.participants).toEqual({ added: [{ kind: 'STAFF', staff: { name: 'Omar Haddad' } }], removed: [], changed: [] });
    expect(d.needs).toEqual({ added: [], removed: [], changed: [] });
    // Backwards, the same changes read the other way.
    const back = (await ok(DIFF, { id: plan.id, from: 2, to: 1 }, tok.erik)).carePlanDiff;
    expect(back.actions.removed).toHaveLength(1);
    expect(back.goals.changed[0].after.text).toBe('Jag vill orka gå till brevlådan själv.');
    // From nothing: the whole first version is new.
    expect((await ok(DIFF, { id: plan.id, to: 1 }, tok.erik)).carePlanDiff.goals.added).toHaveLength(3);
    expectError(await t.gql(DIFF, { id: plan.id, from: 1, to: 7 }, tok.erik), 'BAD_USER_INPUT');
    expectError(await t.gql(DIFF, { id: plan.id, from: 2 }, tok.erik), 'PRECONDITION_FAILED');
  });

  it('compares the draft of a revision with the version in force', async () => {
    const rev = (await ok(REVISE, { input: { carePlanId: plan.id, expectedVersion: plan.version } }, tok.anna)).reviseCarePlan;
    const actions = rev.draft.actions.map((a: any) => ({
      id: a.id,
      description: a.description,
      kind: a.kind,
      responsibleOrganisationId: a.responsibleOrganisationId,
      responsibleStaffId: a.kind === 'REHABILITATION' ? null : a.responsibleStaffId,
      performedBy: a.performedBy,
      startDate: a.startDate,
      status: a.kind === 'REHABILITATION' ? 'ONGOING' : a.status,
    }));
    const needs = rev.draft.needs.slice(1).map((n: any) => ({ id: n.id, text: n.text }));
    const edited = (await ok(UPDATE, { input: { carePlanId: plan.id, expectedVersion: rev.version, actions, needs } }, tok.anna)).updateCarePlanDraft;
    const d = (await ok(DIFF, { id: plan.id, from: 2 }, tok.erik)).carePlanDiff;
    expect(d.toVersion).toBeNull();
    expect(d.actions.changed).toEqual([{ before: { status: 'PLANNED' }, after: { status: 'ONGOING' }, changedFields: ['responsibleStaffId', 'status'] }]);
    expect(d.needs.removed).toEqual([{ text: 'Tillsyn av hjärtsvikten: vikt, ödem och andning.' }]);
    plan.version = edited.version;
  });

  it('keeps published versions immutable in the database itself', async () => {
    await expect(t.sql(`UPDATE care_plan_version SET snapshot = '{}'::jsonb WHERE care_plan_id = $1`, [plan.id])).rejects.toThrow(/immutable/);
    await expect(t.sql(`DELETE FROM care_plan_version WHERE care_plan_id = $1`, [plan.id])).rejects.toThrow(/immutable/);
    await expect(t.sql(`TRUNCATE care_plan_version CASCADE`)).rejects.toThrow(/immutable/);
    expect(await t.sql(`SELECT count(*)::int AS n FROM care_plan_version WHERE care_plan_id = $1`, [plan.id])).toEqual([{ n: 2 }]);
  });
});

describe('SIP meetings', () => {
  const SCHEDULE = `mutation($i: ScheduleCarePlanMeetingInput!) { scheduleCarePlanMeeting(input: $i) { id status place placeDetail startsAt scheduledByOrganisation { hsaId }
    invitations { organisation { hsaId } acknowledgedAt acknowledgedBy { name } attended } } }`;
  const ACK = `mutation($id: ID!) { acknowledgeCarePlanMeeting(meetingId: $id) { id invitations { organisation { hsaId } acknowledgedAt acknowledgedBy { name } } } }`;
  const HELD = `mutation($i: RecordCarePlanMeetingHeldInput!) { recordCarePlanMeetingHeld(input: $i) { status heldAt patientAttended nextOfKinAttended attendingStaff { name } invitations { organisation { hsaId } attended } } }`;
  let meetingId: string;

  it('schedules a meeting and invites the participating organisations; the scheduler’s own invitation is acknowledged', async () => {
    const m = (
      await ok(
        SCHEDULE,
        {
          i: {
            carePlanId: plan.id,
            startsAt: '2026-12-08T13:00:00+01:00',
            place: 'VIDEO',
            placeDetail: 'https://video.demo.example/sip/esther-2',
            invitedOrganisationIds: [org.jonkoping, org.vcSjobacken],
          },
        },
        tok.maria,
      )
    ).scheduleCarePlanMeeting;
    meetingId = m.id;
    expect(m).toMatchObject({
      status: 'SCHEDULED',
      place: 'VIDEO',
      startsAt: '2026-12-08T12:00:00.000Z',
      scheduledByOrganisation: { hsaId: hsa('jonkoping') },
    });
    expect(byOrg(m.invitations)).toEqual([
      { organisation: { hsaId: hsa('jonkoping') }, acknowledgedAt: TODAY.toISOString(), acknowledgedBy: { name: 'Maria Lind' }, attended: null },
      { organisation: { hsaId: hsa('vcSjobacken') }, acknowledgedAt: null, acknowledgedBy: null, attended: null },
    ]);
  });

  it('refuses meetings in the past, places without their detail, and invitations to organisations outside the plan', async () => {
    const base = { carePlanId: plan.id, startsAt: '2026-12-08T13:00:00+01:00', place: 'HOME', invitedOrganisationIds: [org.vcSjobacken] };
    const field = async (i: object) =>
      expectError(await t.gql(SCHEDULE, { i: { ...base, ...i } }, tok.maria), 'BAD_USER_INPUT').extensions.fields!.map((f) => f.field);
    expect(await field({ startsAt: '2026-11-30T13:00:00Z' })).toEqual(['input.startsAt']);
    expect(await field({ placeDetail: 'Lärkgatan 4' })).toEqual(['input.placeDetail']);
    expect(await field({ place: 'VIDEO', placeDetail: 'zoom' })).toEqual(['input.placeDetail']);
    expect(await field({ invitedOrganisationIds: [org.habo] })).toEqual(['input.invitedOrganisationIds']);
    expect(await field({ invitedOrganisationIds: [] })).toEqual(['input.invitedOrganisationIds']);
    // The one just scheduled and the demo's January meeting.
    expect(await t.sql(`SELECT count(*)::int AS n FROM care_plan_meeting WHERE care_plan_id = $1 AND status = 'SCHEDULED'`, [plan.id])).toEqual([{ n: 2 }]);
  });

  it('lets each invited organisation acknowledge, once', async () => {
    const acked = (await ok(ACK, { id: meetingId }, tok.johan)).acknowledgeCarePlanMeeting;
    expect(byOrg(acked.invitations)[1]).toEqual({
      organisation: { hsaId: hsa('vcSjobacken') },
      acknowledgedAt: TODAY.toISOString(),
      acknowledgedBy: { name: 'Johan Berglund' },
    });
    setClock('2026-12-02T09:00:00Z');
    const twice = (await ok(ACK, { id: meetingId }, tok.erik)).acknowledgeCarePlanMeeting;
    expect(byOrg(twice.invitations)).toEqual(byOrg(acked.invitations));
    const rows = await t.sql(`SELECT operation, outcome, organisation_id FROM audit_log WHERE operation = 'acknowledgeCarePlanMeeting' ORDER BY id`);
    expect(rows).toEqual([
      { operation: 'acknowledgeCarePlanMeeting', outcome: 'ALLOWED', organisation_id: org.vcSjobacken },
      { operation: 'acknowledgeCarePlanMeeting', outcome: 'ALLOWED', organisation_id: org.vcSjobacken },
    ]);
  });

  it('refuses acknowledgement by an organisation without a care relationship (as not found) and by a role that may not', async () => {
    const missing = expectError(await t.gql(ACK, { id: '00000000-0000-4000-8000-000000000000' }, tok.linnea), 'NOT_FOUND');
    const hidden = expectError(await t.gql(ACK, { id: meetingId }, tok.linnea), 'NOT_FOUND');
    expect(hidden.message).toBe(missing.message);
    expect(expectError(await t.gql(ACK, { id: meetingId }, tok.eva), 'NOT_FOUND').message).toBe(missing.message);
    // A participant whose organisation was not invited.
    const other = (
      await ok(
        SCHEDULE,
        {
          i: {
            carePlanId: plan.id,
            startsAt: '2026-12-20T10:00:00Z',
            place: 'UNIT',
            placeDetail: 'Vårdcentralen Sjöbacken, konferensrum',
            invitedOrganisationIds: [org.vcSjobacken],
          },
        },
        tok.johan,
      )
    ).scheduleCarePlanMeeting;
    expectError(await t.gql(ACK, { id: other.id }, tok.anna), 'FORBIDDEN');
  });

  it('records that the meeting was held and who attended, not before it took place and only once', async () => {
    const input = {
      meetingId,
      attendedOrganisationIds: [org.jonkoping, org.vcSjobacken],
      attendingStaffIds: [await t.staffId('mariaCoordinator'), await t.staffId('erikGp')],
      patientAttended: true,
      nextOfKinAttended: false,
    };
    expectError(await t.gql(HELD, { i: input }, tok.anna), 'BAD_USER_INPUT');
    setClock('2026-12-08T14:00:00Z');
    const bad = expectError(await t.gql(HELD, { i: { ...input, attendedOrganisationIds: [org.habo] } }, tok.anna), 'BAD_USER_INPUT');
    expect(bad.extensions.fields).toEqual([{ field: 'input.attendedOrganisationIds.0', message: 'was not invited to the meeting' }]);
    const held = (await ok(HELD, { i: { ...input, attendedOrganisationIds: [org.jonkoping] } }, tok.anna)).recordCarePlanMeetingHeld;
    expect({ ...held, invitations: byOrg(held.invitations) }).toEqual({
      status: 'HELD',
      heldAt: '2026-12-08T12:00:00.000Z',
      patientAttended: true,
      nextOfKinAttended: false,
      attendingStaff: [{ name: 'Maria Lind' }, { name: 'Erik Sjöberg' }],
      invitations: [
        { organisation: { hsaId: hsa('jonkoping') }, attended: true },
        { organisation: { hsaId: hsa('vcSjobacken') }, attended: false },
      ],
    });
    expectError(await t.gql(HELD, { i: input }, tok.anna), 'CONFLICT');
    const meetings = (await ok(`query($id: ID!) { carePlan(id: $id) { meetings { status place } } }`, { id: plan.id }, tok.erik)).carePlan.meetings;
    expect(meetings.map((m: any) => [m.status, m.place])).toEqual([
      ['SCHEDULED', 'HOME'],
      ['SCHEDULED', 'UNIT'],
      ['HELD', 'VIDEO'],
      ['HELD', 'VIDEO'],
      ['HELD', 'HOME'],
    ]);
  });
});

describe('follow-up', () => {
  const FOLLOW = `mutation($i: RecordCarePlanFollowUpInput!) { recordCarePlanFollowUp(input: $i) { id versionNumber followUpDate dueDate nextFollowUpDate onTime summary
    recordedBy { name } recordedByOrganisation { hsaId } outcomes { itemKind itemId outcome comment } experience { question score } } }`;
  let goalId: string;
  let actionId: string;

  beforeAll(async () => {
    setClock('2027-01-20T09:00:00Z');
    const v = (await ok(GET, { id: plan.id }, tok.anna)).carePlan.currentVersion.content;
    goalId = v.goals[0].id;
    actionId = v.actions[0].id;
  });

  it('records outcomes per goal and action, the patient’s answers and the next date, which comes into force', async () => {
    const f = (
      await ok(
        FOLLOW,
        {
          i: {
            carePlanId: plan.id,
            followUpDate: '2027-01-20',
            nextFollowUpDate: '2027-05-18',
            summary: 'Stabil vikt; rollatorn hjälper.',
            outcomes: [
              { itemId: goalId, outcome: 'ACHIEVED' },
              { itemId: actionId, outcome: 'PARTLY_ACHIEVED', comment: 'Vägning två dagar i veckan' },
            ],
            experience: [
              { question: 'INVOLVED_IN_PLAN', score: 5 },
              { question: 'KNOWS_WHO_TO_CALL', score: 4 },
            ],
          },
        },
        tok.erik,
      )
    ).recordCarePlanFollowUp;
    expect(f).toMatchObject({
      versionNumber: 2,
      followUpDate: '2027-01-20',
      dueDate: '2027-01-19',
      nextFollowUpDate: '2027-05-18',
      onTime: false,
      recordedBy: { name: 'Erik Sjöberg' },
      recordedByOrganisation: { hsaId: hsa('vcSjobacken') },
    });
    expect(f.outcomes).toEqual([
      { itemKind: 'GOAL', itemId: goalId, outcome: 'ACHIEVED', comment: null },
      { itemKind: 'ACTION', itemId: actionId, outcome: 'PARTLY_ACHIEVED', comment: 'Vägning två dagar i veckan' },
    ]);
    expect(f.experience).toEqual([
      { question: 'INVOLVED_IN_PLAN', score: 5 },
      { question: 'KNOWS_WHO_TO_CALL', score: 4 },
    ]);
    const p = (
      await ok(
        `query($id: ID!) { carePlan(id: $id) { nextFollowUpDate followUpOverdue version followUps { followUpDate onTime } } }`,
        { id: plan.id },
        tok.anna,
      )
    ).carePlan;
    expect(p).toMatchObject({ nextFollowUpDate: '2027-05-18', followUpOverdue: false, version: plan.version });
    expect(p.followUps).toEqual([
      { followUpDate: '2027-01-20', onTime: false },
      { followUpDate: '2026-05-12', onTime: true },
    ]);
  });

  it('stores the patient’s answers one per row, so that they can be aggregated in SQL', async () => {
    const rows = await t.sql(
      `SELECT question, round(avg(score), 1)::float AS mean, count(*)::int AS n FROM care_plan_experience_answer GROUP BY question ORDER BY question`,
    );
    expect(rows).toEqual([
      { question: 'INVOLVED_IN_PLAN', mean: 4.5, n: 2 },
      { question: 'KNOWS_WHO_TO_CALL', mean: 4.5, n: 2 },
      { question: 'PLAN_REFLECTS_MY_GOALS', mean: 4, n: 1 },
      { question: 'CARE_IS_COORDINATED', mean: 3, n: 1 },
    ]);
    await expect(
      t.sql(
        `INSERT INTO care_plan_experience_answer (follow_up_id, care_plan_id, question, score, answered_on) SELECT follow_up_id, care_plan_id, 'CARE_IS_COORDINATED', 6, answered_on FROM care_plan_experience_answer LIMIT 1`,
      ),
    ).rejects.toThrow(/ck_care_plan_experience_score/);
  });

  it('refuses unknown items, repeated questions, scores outside 1–5 and dates out of order, writing nothing', async () => {
    const base = { carePlanId: plan.id, followUpDate: '2027-01-20', nextFollowUpDate: '2027-06-01' };
    const fields = async (i: object) =>
      expectError(await t.gql(FOLLOW, { i: { ...base, ...i } }, tok.anna), 'BAD_USER_INPUT').extensions.fields!.map((f) => f.field);
    expect(await fields({ outcomes: [{ itemId: '00000000-0000-4000-8000-000000000000', outcome: 'ACHIEVED' }] })).toEqual(['input.outcomes.0.itemId']);
    expect(
      await fields({
        outcomes: [
          { itemId: goalId, outcome: 'ACHIEVED' },
          { itemId: goalId, outcome: 'NOT_ACHIEVED' },
        ],
      }),
    ).toEqual(['input.outcomes.1.itemId']);
    expect(
      await fields({
        experience: [
          { question: 'INVOLVED_IN_PLAN', score: 3 },
          { question: 'INVOLVED_IN_PLAN', score: 4 },
        ],
      }),
    ).toEqual(['input.experience.1.question']);
    expect(await fields({ experience: [{ question: 'INVOLVED_IN_PLAN', score: 6 }] })).toEqual(['input.experience.0.score']);
    expect(await fields({ followUpDate: '2027-01-21', nextFollowUpDate: '2027-01-20' })).toEqual(['input.followUpDate', 'input.nextFollowUpDate']);
    expect(await t.sql(`SELECT count(*)::int AS n FROM care_plan_follow_up WHERE care_plan_id = $1`, [plan.id])).toEqual([{ n: 2 }]);
  });

  it('follows up only a published plan, and only by a participant', async () => {
    const gunnar = await patientId(t, 'gunnar');
    const draft = (await ok(CREATE, { input: { patientId: gunnar, reason: 'SIP' } }, tok.anna)).createCarePlan;
    expectError(
      await t.gql(FOLLOW, { i: { carePlanId: draft.id, followUpDate: '2027-01-20', nextFollowUpDate: '2027-06-01' } }, tok.anna),
      'PRECONDITION_FAILED',
    );
    expectError(await t.gql(FOLLOW, { i: { carePlanId: plan.id, followUpDate: '2027-01-20', nextFollowUpDate: '2027-06-01' } }, tok.linnea), 'NOT_FOUND');
    expect(
      expectError(await t.gql(FOLLOW, { i: { carePlanId: plan.id, followUpDate: '2027-01-20', nextFollowUpDate: '2027-06-01' } }, tok.eva), 'NOT_FOUND')
        .message,
    ).toBe('Care plan not found');
  });
});

describe('plans due for follow-up', () => {
  const DUE = `query($within: Int, $after: String, $first: Int) { carePlansDueForFollowUp(withinDays: $within, after: $after, first: $first) {
    edges { node { id patientId nextFollowUpDate followUpOverdue participatingOrganisations { hsaId } currentVersion { number content { goals { text } } } } }
    pageInfo { hasNextPage endCursor } } }`;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    setClock('2027-02-01T09:00:00Z');
    const nils = await t.staffId('nilsGp');
    const anna = await t.staffId('annaNurse');
    const maria = await t.staffId('mariaCoordinator');
    // Karl (Jönköping + Ekdalen) due 2027-02-05, Ingrid (Jönköping + Sjöbacken) due 2027-02-20, Margit (Habo + Ekdalen) due 2027-02-03.
    for (const [key, token, o, due] of [
      ['karl', tok.anna, { municipality: org.jonkoping, primaryCare: org.vcEkdalen, coordinator: maria, nurse: anna, gp: nils }, '2027-02-05'],
      [
        'ingrid',
        tok.anna,
        { municipality: org.jonkoping, primaryCare: org.vcSjobacken, coordinator: maria, nurse: anna, gp: await t.staffId('fatimaGp') },
        '2027-02-20',
      ],
      [
        'margit',
        tok.linnea,
        { municipality: org.habo, primaryCare: org.vcEkdalen, coordinator: await t.staffId('linneaNurse'), nurse: await t.staffId('linneaNurse'), gp: nils },
        '2027-02-03',
      ],
    ] as const) {
      const pid = await patientId(t, key);
      const c = (await ok(CREATE, { input: { patientId: pid, reason: 'SIP' } }, token)).createCarePlan;
      const draft = completeDraft(o, { nextFollowUpDate: due, actions: completeDraft(o).actions.map((a) => ({ ...a, startDate: '2027-02-01' })) });
      await ok(UPDATE, { input: { carePlanId: c.id, expectedVersion: 1, ...draft } }, token);
      await ok(PUBLISH, { input: { carePlanId: c.id, expectedVersion: 2 } }, token);
      ids[key] = c.id;
    }
    setClock('2027-02-10T09:00:00Z');
  });

  it('lists my organisation’s plans due within the window, overdue first, and no one else’s', async () => {
    const ekdalen = (await ok(DUE, { within: 14 }, tok.ulla)).carePlansDueForFollowUp.edges.map((e: any) => e.node);
    expect(ekdalen.map((n: any) => [n.id, n.nextFollowUpDate, n.followUpOverdue])).toEqual([
      [ids.margit, '2027-02-03', true],
      [ids.karl, '2027-02-05', true],
    ]);
    const jonkoping = (await ok(DUE, { within: 14 }, tok.anna)).carePlansDueForFollowUp.edges.map((e: any) => e.node);
    expect(jonkoping.map((n: any) => [n.id, n.followUpOverdue])).toEqual([
      [ids.karl, true],
      [ids.ingrid, false],
    ]);
    expect(jonkoping[0].currentVersion).toMatchObject({ number: 1 });
    // Esther's plan is due 2027-05-18: only with a wider window.
    const wide = (await ok(DUE, { within: 120 }, tok.anna)).carePlansDueForFollowUp.edges.map((e: any) => e.node.id);
    expect(wide).toEqual([ids.karl, ids.ingrid, plan.id]);
    const none = (await ok(DUE, { within: 0 }, tok.johan)).carePlansDueForFollowUp.edges;
    expect(none).toEqual([]);
  });

  it('pages with a cursor and writes one audit row per patient listed', async () => {
    const before = await t.sql(`SELECT count(*)::int AS n FROM audit_log WHERE operation = 'carePlansDueForFollowUp' AND organisation_id = $1`, [
      org.jonkoping,
    ]);
    const p1 = (await ok(DUE, { within: 120, first: 2 }, tok.anna)).carePlansDueForFollowUp;
    expect(p1.edges).toHaveLength(2);
    expect(p1.pageInfo.hasNextPage).toBe(true);
    const p2 = (await ok(DUE, { within: 120, first: 2, after: p1.pageInfo.endCursor }, tok.anna)).carePlansDueForFollowUp;
    expect(p2.edges.map((e: any) => e.node.id)).toEqual([plan.id]);
    expect(p2.pageInfo.hasNextPage).toBe(false);
    const rows = await t.sql(`SELECT patient_id FROM audit_log WHERE operation = 'carePlansDueForFollowUp' AND organisation_id = $1 ORDER BY id OFFSET $2`, [
      org.jonkoping,
      before[0].n,
    ]);
    expect(rows.map((r: any) => r.patient_id)).toEqual([await patientId(t, 'karl'), await patientId(t, 'ingrid'), esther]);
    expectError(await t.gql(DUE, { within: 366 }, tok.anna), 'BAD_USER_INPUT');
    expectError(await t.gql(DUE, { within: 10, after: 'garbage' }, tok.anna), 'BAD_USER_INPUT');
  });
});
