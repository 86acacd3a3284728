import { Clock } from '../src/common/clock';
import { DemoOrgKey } from '../src/demo/region';
import { CLOSE, completeDraft, CREATE, GET, gqlOk, patientId, PUBLISH, REVISE, sipActors, SipStaff, SipTokens, UPDATE } from './helpers/care-plans';
import { expectError, startTestApp, TestApp } from './helpers/test-app';

let t: TestApp;
let org: Record<DemoOrgKey, string>;
let s: SipStaff;
let tok: SipTokens;

const TODAY = new Date('2026-12-01T09:00:00Z');

beforeAll(async () => {
  t = await startTestApp();
  t.app.get(Clock).set(TODAY);
  ({ org, s, tok } = await sipActors(t));
});
afterAll(() => t.close());
afterEach(() => t.app.get(Clock).set(TODAY));

const ok = <T = any>(query: string, vars: Record<string, unknown>, token: string) => gqlOk<T>(t, query, vars, token);
const draftFor = (over: Record<string, unknown> = {}) =>
  completeDraft({ municipality: org.jonkoping, primaryCare: org.vcSjobacken, coordinator: s.maria, nurse: s.anna, gp: s.fatima }, over);

/** A plan for the patient with the complete draft, not yet published. */
async function draftPlan(patient: string, token = tok.anna, over: Record<string, unknown> = {}) {
  const created = (await ok(CREATE, { input: { patientId: patient, reason: 'SIP behövs' } }, token)).createCarePlan;
  return (await ok(UPDATE, { input: { carePlanId: created.id, expectedVersion: created.version, ...draftFor(over) } }, token)).updateCarePlanDraft;
}

describe('access', () => {
  let esther: string;
  let estherPlan: { id: string; version: number };

  beforeAll(async () => {
    esther = await patientId(t, 'esther');
    [estherPlan] = await t.sql(`SELECT id, version FROM care_plan WHERE patient_id = $1 AND status = 'ACTIVE'`, [esther]);
  });

  it('refuses an organisation that neither takes part nor has a care relationship, exactly like a missing plan, and logs it', async () => {
    const missing = expectError(await t.gql(GET, { id: '00000000-0000-4000-8000-000000000000' }, tok.linnea), 'NOT_FOUND');
    const read = expectError(await t.gql(GET, { id: estherPlan.id }, tok.linnea), 'NOT_FOUND');
    expect(read.message).toBe(missing.message);
    expectError(await t.gql(`query($p: ID!) { carePlans(patientId: $p) { edges { node { id } } } }`, { p: esther }, tok.linnea), 'NOT_FOUND');
    expectError(await t.gql(REVISE, { input: { carePlanId: estherPlan.id, expectedVersion: estherPlan.version } }, tok.linnea), 'NOT_FOUND');
    expectError(await t.gql(CREATE, { input: { patientId: esther, reason: 'x' } }, tok.linnea), 'NOT_FOUND');
    const rows = await t.sql(
      `SELECT operation, outcome, details->>'reason' AS reason FROM audit_log WHERE patient_id = $1 AND organisation_id = $2 ORDER BY id`,
      [esther, org.habo],
    );
    expect(rows).toEqual([
      { operation: 'carePlan', outcome: 'REFUSED', reason: 'no-care-relationship' },
      { operation: 'carePlans', outcome: 'REFUSED', reason: 'no-care-relationship' },
      { operation: 'reviseCarePlan', outcome: 'REFUSED', reason: 'no-care-relationship' },
      { operation: 'createCarePlan', outcome: 'REFUSED', reason: 'no-care-relationship' },
    ]);
    expect(await t.sql(`SELECT version, draft_open FROM care_plan WHERE id = $1`, [estherPlan.id])).toEqual([
      { version: estherPlan.version, draft_open: false },
    ]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM care_plan WHERE patient_id = $1`, [esther])).toEqual([{ n: 1 }]);
  });

  it('refuses roles of a participating organisation that may not read or write plans, as a missing plan, and logs it with the patient', async () => {
    for (const token of [tok.eva, tok.per, tok.birgitta, tok.lars]) {
      expect(expectError(await t.gql(GET, { id: estherPlan.id }, token), 'NOT_FOUND').message).toBe('Care plan not found');
      expect(expectError(await t.gql(REVISE, { input: { carePlanId: estherPlan.id, expectedVersion: estherPlan.version } }, token), 'NOT_FOUND').message).toBe(
        'Care plan not found',
      );
      expectError(await t.gql(`{ carePlansDueForFollowUp { edges { node { id } } } }`, {}, token), 'FORBIDDEN');
    }
    const rows = await t.sql(
      `SELECT role, patient_id FROM audit_log WHERE operation = 'reviseCarePlan' AND outcome = 'REFUSED' AND details->>'reason' = 'role' ORDER BY id`,
    );
    expect(rows.map((r: any) => r.role)).toEqual(['UNIT_MANAGER', 'ADMIN', 'MAS', 'ADMIN']);
    expect(rows.every((r: any) => r.patient_id === esther)).toBe(true);
    expect(await t.sql(`SELECT version, draft_open FROM care_plan WHERE id = $1`, [estherPlan.id])).toEqual([
      { version: estherPlan.version, draft_open: false },
    ]);
  });

  it('lets another organisation with a care relationship read with consent, but only participants write', async () => {
    await ok(
      `mutation($i: AddCareTeamMemberInput!) { addCareTeamMember(input: $i) { id } }`,
      { i: { patientId: esther, organisationId: org.wardMedicine, reason: 'Inlagd på M1' } },
      tok.anna,
    );
    const read = (await ok(GET, { id: estherPlan.id }, tok.emma)).carePlan;
    expect(read).toMatchObject({ myOrganisationParticipates: false, publishedVersionNumber: 2 });
    expect(read.currentVersion.content.goals.map((g: any) => g.text)).toContain('Jag vill bo kvar hemma med min katt Sigge.');
    const err = expectError(await t.gql(REVISE, { input: { carePlanId: estherPlan.id, expectedVersion: estherPlan.version } }, tok.emma), 'FORBIDDEN');
    expect(err.message).toMatch(/taking part/);
    const [row] = await t.sql(`SELECT outcome, details FROM audit_log WHERE operation = 'reviseCarePlan' AND organisation_id = $1`, [org.wardMedicine]);
    expect(row).toEqual({ outcome: 'REFUSED', details: { carePlanId: estherPlan.id, reason: 'forbidden', stage: 'rule' } });

    // Without consent, the plan of another organisation is not visible at all.
    const sven = await patientId(t, 'sven');
    const svenPlan = (await ok(CREATE, { input: { patientId: sven, reason: 'SIP' } }, tok.emma)).createCarePlan;
    await ok(
      `mutation($i: AddCareTeamMemberInput!) { addCareTeamMember(input: $i) { id } }`,
      { i: { patientId: sven, organisationId: org.jonkoping, reason: 'Hemsjukvård efter utskrivning' } },
      tok.emma,
    );
    expectError(await t.gql(GET, { id: svenPlan.id }, tok.anna), 'NOT_FOUND');
    const list = (await ok(`query($p: ID!) { carePlans(patientId: $p) { edges { node { id } } } }`, { p: sven }, tok.anna)).carePlans.edges;
    expect(list).toEqual([]);
  });

  it('makes taking part in a draft a care relationship (not direct), gone again when the organisation is removed', async () => {
    const gunnar = await patientId(t, 'gunnar');
    const plan = (await ok(CREATE, { input: { patientId: gunnar, reason: 'SIP' } }, tok.anna)).createCarePlan;
    const patientQ = `query($id: ID!) { patient(id: $id) { id givenName myAccess { relationships } } }`;
    expectError(await t.gql(patientQ, { id: gunnar }, tok.ulla), 'NOT_FOUND');
    const participants = [
      { kind: 'ORGANISATION', organisationId: org.jonkoping },
      { kind: 'ORGANISATION', organisationId: org.vcEkdalen },
    ];
    const added = (await ok(UPDATE, { input: { carePlanId: plan.id, expectedVersion: plan.version, participants } }, tok.anna)).updateCarePlanDraft;
    const seen = (await ok(patientQ, { id: gunnar }, tok.ulla)).patient;
    expect(seen.myAccess.relationships).toEqual(['SIP_PARTICIPANT']);
    expect((await ok(GET, { id: plan.id }, tok.ulla)).carePlan.myOrganisationParticipates).toBe(true);
    await ok(UPDATE, { input: { carePlanId: plan.id, expectedVersion: added.version, participants: participants.slice(0, 1) } }, tok.anna);
    expectError(await t.gql(patientQ, { id: gunnar }, tok.ulla), 'NOT_FOUND');
  });

  it('withholds next of kin under protected identity from participants without a direct care relationship', async () => {
    const maj = await patientId(t, 'protected');
    const plan = await draftPlan(maj, tok.anna, {
      participants: [...(draftFor().participants as object[]), { kind: 'ORGANISATION', organisationId: org.vcEkdalen }],
    });
    const direct = (await ok(GET, { id: plan.id }, tok.anna)).carePlan.draft;
    expect(direct.participants.find((p: any) => p.kind === 'NEXT_OF_KIN')).toMatchObject({ name: 'Birgit Lindqvist', relation: 'maka' });
    expect(direct.actions.find((a: any) => a.kind === 'NEXT_OF_KIN').performedBy).toBe('Birgit (maka)');
    const viaSip = (await ok(GET, { id: plan.id }, tok.ulla)).carePlan.draft;
    expect(viaSip.participants.find((p: any) => p.kind === 'NEXT_OF_KIN')).toMatchObject({ name: null, relation: null, attended: false });
    expect(viaSip.actions.find((a: any) => a.kind === 'NEXT_OF_KIN').performedBy).toBeNull();
    expect(viaSip.goals).toEqual(direct.goals);
  });
});

describe('bad input', () => {
  it('names the fields, and writes nothing', async () => {
    const plan = (await ok(CREATE, { input: { patientId: await patientId(t, 'amir'), reason: 'SIP' } }, tok.anna)).createCarePlan;
    const before = await t.sql(`SELECT * FROM care_plan WHERE id = $1`, [plan.id]);
    const bad = async (input: Record<string, unknown>) =>
      expectError(
        await t.gql(UPDATE, { input: { carePlanId: plan.id, expectedVersion: plan.version, ...input } }, tok.anna),
        'BAD_USER_INPUT',
      ).extensions.fields!.map((f) => f.field);
    // Fields are named from the argument down, by class-validator and business rules alike.
    expect(await bad({ goals: [{ text: '  ' }] })).toEqual(['input.goals.0.text']);
    expect(await bad({ expectedVersion: 0 })).toEqual(['input.expectedVersion']);
    expect(await bad({ nextFollowUpDate: '2027-02-30' })).toEqual(['input.nextFollowUpDate']);
    expect(await bad({ actions: [{ description: 'x', kind: 'HEALTH_CARE', responsibleOrganisationId: org.habo, startDate: '2026-12-01' }] })).toEqual([
      'input.actions.0.responsibleOrganisationId',
    ]);
    expect(
      await bad({
        actions: [
          {
            description: 'x',
            kind: 'HEALTH_CARE',
            responsibleOrganisationId: org.jonkoping,
            responsibleStaffId: s.erik,
            startDate: '2026-12-02',
            endDate: '2026-12-01',
          },
        ],
      }),
    ).toEqual(['input.actions.0.responsibleStaffId', 'input.actions.0.endDate']);
    expect(await bad({ participants: [{ kind: 'ORGANISATION', organisationId: org.vcSjobacken }] })).toEqual(['input.participants']);
    expect(
      await bad({
        participants: [
          { kind: 'ORGANISATION', organisationId: org.jonkoping },
          { kind: 'STAFF', organisationId: org.vcSjobacken, staffId: s.erik },
        ],
      }),
    ).toEqual(['input.participants.1.organisationId']);
    expect(await bad({ coordinatorStaffId: s.erik })).toEqual(['input.coordinatorStaffId']);
    expect(await bad({ goals: [{ id: '00000000-0000-4000-8000-000000000000', text: 'x' }] })).toEqual(['input.goals.0.id']);
    expect(await bad({ carePlanId: 'nope' })).toEqual(['input.carePlanId']);
    expect(await t.sql(`SELECT * FROM care_plan WHERE id = $1`, [plan.id])).toEqual(before);
    expectError(await t.gql(GET, { id: 'nope' }, tok.anna), 'BAD_USER_INPUT');
  });
});

describe('N+1', () => {
  it('resolves a list of plans with participants, actions and versions in a fixed number of SQL statements', async () => {
    const karl = await patientId(t, 'karl');
    const Q = `query($p: ID!) { carePlans(patientId: $p) { edges { node { id status createdByOrganisation { name } participatingOrganisations { name }
      draft { participants { kind organisation { name } staff { name } } actions { description responsibleOrganisation { name } responsibleStaff { name } } goals { text } }
      versions { number publishedBy { name } publishedByOrganisation { name } content { participants { organisation { name } staff { name } } actions { responsibleOrganisation { name } responsibleStaff { name } } } }
      currentVersion { number } meetings { id invitations { organisation { name } } } followUps { id outcomes { outcome } experience { score } } } } } }`;
    // DataLoader batches by tick, so two loaders finishing in a different order can split one
    // batch in two: a wobble of a statement or two that does not depend on the list length.
    // The least of a few runs is the fixed cost; it must not grow with the number of plans.
    const count = async () => {
      const sql: number[] = [];
      let plans = 0;
      for (let i = 0; i < 5; i++) {
        const res = await t.gql(Q, { p: karl }, tok.anna);
        expect(res.errors).toBeUndefined();
        plans = res.data.carePlans.edges.length;
        sql.push(res.extensions!.sqlStatements!);
      }
      return { plans, least: Math.min(...sql), most: Math.max(...sql) };
    };
    // Each cycle closes Karl's open plan and starts, fills, publishes and revises a new one.
    const o = { municipality: org.jonkoping, primaryCare: org.vcEkdalen, coordinator: s.maria, nurse: s.anna, gp: s.nils };
    const cycle = async () => {
      const [open] = await t.sql(`SELECT id, version FROM care_plan WHERE patient_id = $1 AND status <> 'CLOSED'`, [karl]);
      if (open) await ok(CLOSE, { input: { carePlanId: open.id, expectedVersion: open.version, reason: 'NO_LONGER_NEEDED' } }, tok.anna);
      const c = (await ok(CREATE, { input: { patientId: karl, reason: 'SIP' } }, tok.anna)).createCarePlan;
      await ok(UPDATE, { input: { carePlanId: c.id, expectedVersion: 1, ...completeDraft(o) } }, tok.anna);
      await ok(PUBLISH, { input: { carePlanId: c.id, expectedVersion: 2 } }, tok.anna);
      await ok(REVISE, { input: { carePlanId: c.id, expectedVersion: 3 } }, tok.anna);
    };
    await cycle();
    const few = await count();
    for (let i = 0; i < 4; i++) await cycle();
    const many = await count();
    expect(many.plans).toBe(few.plans + 4);
    // Not more with five plans than with one. A loader's batch may split or merge either way (13 or
    // 14 statements here, with one plan as with five, depending on the order loaders finish under
    // load), so the runs are compared as ranges: four more plans would add at least four.
    expect(many.least).toBeLessThanOrEqual(few.most);
    expect(many.most).toBeLessThanOrEqual(few.least + 2);
  });
});
