import { Clock } from '../src/common/clock';
import { DEMO_ORGS, DemoOrgKey } from '../src/demo/region';
import { CLOSE, completeDraft, CREATE, GET, gqlOk, patientId, PUBLISH, REVISE, sipActors, SipStaff, SipTokens, UPDATE } from './helpers/care-plans';
import { expectError, startTestApp, TestApp } from './helpers/test-app';

let t: TestApp;
let org: Record<DemoOrgKey, string>;
let s: SipStaff;
let tok: SipTokens;

const TODAY = new Date('2026-12-01T09:00:00Z');
const hsa = (k: DemoOrgKey) => DEMO_ORGS[k].hsaId;

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

const auditRows = (operation: string, patient: string) =>
  t.sql(`SELECT operation, outcome, organisation_id, role, details FROM audit_log WHERE operation = $1 AND patient_id = $2 ORDER BY id`, [operation, patient]);

describe('the SIP lifecycle', () => {
  it('goes DRAFT → ACTIVE → revised → next version → CLOSED, with each organisation editing in turn', async () => {
    const gunnar = await patientId(t, 'gunnar');

    // Started by the municipality: a DRAFT with the municipality as its first participant.
    const created = (await ok(CREATE, { input: { patientId: gunnar, reason: 'Hjärtsvikt; insatser från kommun och vårdcentral' } }, tok.anna)).createCarePlan;
    expect(created).toMatchObject({
      status: 'DRAFT',
      version: 1,
      hasOpenDraft: true,
      publishedVersionNumber: null,
      currentVersion: null,
      myOrganisationParticipates: true,
    });
    expect(created.participatingOrganisations).toEqual([{ hsaId: hsa('jonkoping') }]);
    expect(created.draft.participants).toEqual([expect.objectContaining({ kind: 'ORGANISATION', organisation: { hsaId: hsa('jonkoping') } })]);
    expect(created.publishBlockers).toEqual(['TWO_ORGANISATIONS', 'OVERALL_RESPONSIBILITY', 'GOAL', 'ACTION', 'FUTURE_FOLLOW_UP']);

    // One open SIP per patient.
    const second = expectError(await t.gql(CREATE, { input: { patientId: gunnar, reason: 'x' } }, tok.maria), 'CONFLICT');
    expect(second.extensions.carePlanId).toBe(created.id);

    // The municipality fills in the draft, adding the primary care centre as participant.
    const v2 = (await ok(UPDATE, { input: { carePlanId: created.id, expectedVersion: 1, ...draftFor() } }, tok.anna)).updateCarePlanDraft;
    expect(v2.version).toBe(2);
    expect(v2.publishBlockers).toEqual([]);
    expect(v2.draft.goals.map((g: any) => g.text)).toEqual(['Jag vill bo kvar hemma.', 'Jag vill kunna gå ut på promenad.']);
    expect(v2.draft.actions.map((a: any) => [a.kind, a.responsibleOrganisation?.hsaId ?? null, a.responsibleStaff?.name ?? null])).toEqual([
      ['HEALTH_CARE', hsa('jonkoping'), 'Anna Nilsson'],
      ['HEALTH_CARE', hsa('vcSjobacken'), 'Fatima Rahimi'],
      ['NEXT_OF_KIN', null, null],
    ]);
    expect(v2.draft.overallResponsibleOrganisation).toEqual({ hsaId: hsa('jonkoping') });
    expect(v2.draft.coordinator).toEqual({ name: 'Maria Lind' });

    // The primary care centre now takes part, so its GP reads and edits the draft.
    const gp = (await ok(GET, { id: created.id }, tok.fatima)).carePlan;
    expect(gp.myOrganisationParticipates).toBe(true);
    const goals = [...gp.draft.goals.map((g: any) => ({ id: g.id, text: g.text })), { text: 'Jag vill slippa åka in akut.' }];
    const v3 = (await ok(UPDATE, { input: { carePlanId: created.id, expectedVersion: 2, goals } }, tok.fatima)).updateCarePlanDraft;
    expect(v3.version).toBe(3);
    expect(v3.draft.goals.map((g: any) => g.id).slice(0, 2)).toEqual(gp.draft.goals.map((g: any) => g.id));

    // Published by the coordinator: version 1 in force, draft closed.
    const pub = (await ok(PUBLISH, { input: { carePlanId: created.id, expectedVersion: 3 } }, tok.maria)).publishCarePlan;
    expect(pub).toMatchObject({
      status: 'ACTIVE',
      version: 4,
      hasOpenDraft: false,
      draft: null,
      publishedVersionNumber: 1,
      nextFollowUpDate: '2027-03-01',
      publishBlockers: null,
    });
    expect(pub.currentVersion).toMatchObject({
      number: 1,
      publishedAt: TODAY.toISOString(),
      publishedBy: { name: 'Maria Lind' },
      publishedByOrganisation: { hsaId: hsa('jonkoping') },
    });
    expect(pub.currentVersion.content.goals).toEqual(v3.draft.goals);

    // A published SIP is not edited in place.
    const inPlace = expectError(await t.gql(UPDATE, { input: { carePlanId: created.id, expectedVersion: 4, reason: 'ändrad' } }, tok.anna), 'CONFLICT');
    expect(inPlace.message).toMatch(/revision/);

    // Revision: a new draft from the version in force.
    t.app.get(Clock).set(new Date('2026-12-10T10:00:00Z'));
    const rev = (await ok(REVISE, { input: { carePlanId: created.id, expectedVersion: 4 } }, tok.fatima)).reviseCarePlan;
    expect(rev).toMatchObject({ status: 'ACTIVE', version: 5, hasOpenDraft: true, publishedVersionNumber: 1 });
    expect(rev.draft).toEqual(rev.currentVersion.content);
    expectError(await t.gql(REVISE, { input: { carePlanId: created.id, expectedVersion: 5 } }, tok.fatima), 'CONFLICT');

    const [g1, , g3] = rev.draft.goals;
    const actions = [
      ...rev.draft.actions.slice(0, 2).map((a: any) => ({
        id: a.id,
        description: a.description,
        kind: a.kind,
        responsibleOrganisationId: org[a.responsibleOrganisation.hsaId === hsa('jonkoping') ? 'jonkoping' : 'vcSjobacken'],
        startDate: a.startDate,
        status: 'ONGOING',
      })),
      {
        description: 'Gångträning med arbetsterapeut.',
        kind: 'REHABILITATION',
        responsibleOrganisationId: org.jonkoping,
        responsibleStaffId: s.omar,
        startDate: '2026-12-14',
      },
    ];
    const edited = (
      await ok(
        UPDATE,
        {
          input: {
            carePlanId: created.id,
            expectedVersion: 5,
            goals: [
              { id: g1.id, text: 'Jag vill bo kvar hemma med Sigge.' },
              { id: g3.id, text: g3.text },
            ],
            actions,
            nextFollowUpDate: '2027-04-15',
          },
        },
        tok.anna,
      )
    ).updateCarePlanDraft;
    // The version in force is untouched while the revision is drafted.
    expect(edited.currentVersion.content).toEqual(pub.currentVersion.content);
    expect(edited.nextFollowUpDate).toBe('2027-03-01');

    const v2pub = (await ok(PUBLISH, { input: { carePlanId: created.id, expectedVersion: 6 } }, tok.anna)).publishCarePlan;
    expect(v2pub).toMatchObject({ status: 'ACTIVE', version: 7, publishedVersionNumber: 2, hasOpenDraft: false, nextFollowUpDate: '2027-04-15' });
    expect(v2pub.currentVersion).toMatchObject({ number: 2, publishedAt: '2026-12-10T10:00:00.000Z', publishedBy: { name: 'Anna Nilsson' } });
    expect(v2pub.currentVersion.content.goals.map((g: any) => g.text)).toEqual(['Jag vill bo kvar hemma med Sigge.', 'Jag vill slippa åka in akut.']);
    const versions = (
      await ok(`query($id: ID!) { carePlan(id: $id) { versions { number publishedBy { name } content { goals { text } } } } }`, { id: created.id }, tok.fatima)
    ).carePlan.versions;
    expect(versions.map((v: any) => [v.number, v.publishedBy.name, v.content.goals.length])).toEqual([
      [2, 'Anna Nilsson', 2],
      [1, 'Maria Lind', 3],
    ]);

    // While active, taking part is a care relationship of the primary care centre.
    const rel = `query($id: ID!) { patient(id: $id) { careRelationships { kind direct organisation { hsaId } } } }`;
    expect((await ok(rel, { id: gunnar }, tok.fatima)).patient.careRelationships).toContainEqual({
      kind: 'SIP_PARTICIPANT',
      direct: false,
      organisation: { hsaId: hsa('vcSjobacken') },
    });

    // Closed with a reason: no longer a source of care relationships; its versions stay readable.
    expectError(await t.gql(CLOSE, { input: { carePlanId: created.id, expectedVersion: 7, reason: 'OTHER' } }, tok.maria), 'BAD_USER_INPUT');
    const closed = (
      await ok(CLOSE, { input: { carePlanId: created.id, expectedVersion: 7, reason: 'GOALS_ACHIEVED', note: 'Klarar sig med hemtjänst' } }, tok.maria)
    ).closeCarePlan;
    expect(closed).toMatchObject({ status: 'CLOSED', version: 8, closeReason: 'GOALS_ACHIEVED', closedAt: '2026-12-10T10:00:00.000Z', hasOpenDraft: false });
    expect((await ok(rel, { id: gunnar }, tok.anna)).patient.careRelationships.filter((r: any) => r.kind === 'SIP_PARTICIPANT')).toEqual([]);
    expectError(await t.gql(REVISE, { input: { carePlanId: created.id, expectedVersion: 8 } }, tok.maria), 'CONFLICT');
    const v1 = await ok(`query($id: ID!) { carePlanVersion(carePlanId: $id, number: 1) { number content { goals { text } } } }`, { id: created.id }, tok.anna);
    expect(v1.carePlanVersion.content.goals).toHaveLength(3);

    // A new SIP may be started once the old one is closed; the list shows both, newest first.
    const again = (await ok(CREATE, { input: { patientId: gunnar, reason: 'Ny SIP' } }, tok.anna)).createCarePlan;
    const list = (await ok(`query($p: ID!) { carePlans(patientId: $p) { edges { node { id status } } } }`, { p: gunnar }, tok.anna)).carePlans.edges.map(
      (e: any) => e.node,
    );
    expect(list).toEqual([
      { id: again.id, status: 'DRAFT' },
      { id: created.id, status: 'CLOSED' },
    ]);
  });

  it('discards a revision: the version in force stays and the draft is gone', async () => {
    const karl = await patientId(t, 'karl');
    const o = { municipality: org.jonkoping, primaryCare: org.vcEkdalen, coordinator: s.maria, nurse: s.anna, gp: s.nils };
    const created = (await ok(CREATE, { input: { patientId: karl, reason: 'SIP' } }, tok.anna)).createCarePlan;
    await ok(UPDATE, { input: { carePlanId: created.id, expectedVersion: 1, ...completeDraft(o) } }, tok.anna);
    const pub = (await ok(PUBLISH, { input: { carePlanId: created.id, expectedVersion: 2 } }, tok.anna)).publishCarePlan;
    await ok(REVISE, { input: { carePlanId: created.id, expectedVersion: 3 } }, tok.anna);
    const changed = (
      await ok(
        UPDATE,
        {
          input: {
            carePlanId: created.id,
            expectedVersion: 4,
            participants: completeDraft(o).participants.filter((p: any) => p.organisationId !== org.vcEkdalen),
            actions: [],
            overallResponsibleOrganisationId: org.jonkoping,
          },
        },
        tok.anna,
      )
    ).updateCarePlanDraft;
    // vcEkdalen left the draft but still takes part in the version in force.
    expect(changed.participatingOrganisations.map((x: any) => x.hsaId).sort()).toEqual([hsa('jonkoping'), hsa('vcEkdalen')].sort());
    const discarded = (
      await ok(
        `mutation($i: CarePlanLifecycleInput!) { discardCarePlanRevision(input: $i) { version hasOpenDraft draft { reason } currentVersion { number content { actions { id } } } } }`,
        { i: { carePlanId: created.id, expectedVersion: 5 } },
        tok.anna,
      )
    ).discardCarePlanRevision;
    expect(discarded).toMatchObject({ version: 6, hasOpenDraft: false, draft: null, currentVersion: { number: 1 } });
    expect(discarded.currentVersion.content.actions).toEqual(pub.currentVersion.content.actions.map((a: any) => ({ id: a.id })));
    // A later revision starts again from the version in force.
    const rev = (await ok(REVISE, { input: { carePlanId: created.id, expectedVersion: 6 } }, tok.anna)).reviseCarePlan;
    expect(rev.draft).toEqual(pub.currentVersion.content);
  });
});

describe('publishing', () => {
  let planId: string;
  let version: number;
  let ingrid: string;

  beforeAll(async () => {
    ingrid = await patientId(t, 'ingrid');
    const plan = await draftPlan(ingrid);
    planId = plan.id;
    version = plan.version;
  });

  async function setDraft(over: Record<string, unknown>) {
    const res = (await ok(UPDATE, { input: { carePlanId: planId, expectedVersion: version, ...draftFor(over) } }, tok.anna)).updateCarePlanDraft;
    version = res.version;
  }

  async function refused(expected: string[]) {
    const res = await t.gql(PUBLISH, { input: { carePlanId: planId, expectedVersion: version } }, tok.anna);
    const err = expectError(res, 'PRECONDITION_FAILED');
    expect(err.extensions.missing).toEqual(expected);
    const [row] = await t.sql(`SELECT status, version FROM care_plan WHERE id = $1`, [planId]);
    expect(row).toEqual({ status: 'DRAFT', version });
    expect(await t.sql(`SELECT 1 FROM care_plan_version WHERE care_plan_id = $1`, [planId])).toEqual([]);
    return err;
  }

  it('lists everything missing from a fresh draft, and the draft shows the same', async () => {
    const elsa = await patientId(t, 'elsa');
    const fresh = (await ok(CREATE, { input: { patientId: elsa, reason: 'SIP' } }, tok.linnea)).createCarePlan;
    const all = ['SIP_CONSENT', 'TWO_ORGANISATIONS', 'OVERALL_RESPONSIBILITY', 'GOAL', 'ACTION', 'FUTURE_FOLLOW_UP'];
    expect(fresh.publishBlockers).toEqual(all);
    const err = expectError(await t.gql(PUBLISH, { input: { carePlanId: fresh.id, expectedVersion: 1 } }, tok.linnea), 'PRECONDITION_FAILED');
    expect(err.extensions.missing).toEqual(all);
    expect(err.message).toMatch(/consent.*two participating organisations.*overall responsibility.*goal.*action.*follow-up date/);
  });

  it('requires a SIP consent', async () => {
    const [consent] = await t.sql(`SELECT id FROM consent WHERE patient_id = $1 AND kind = 'SIP'`, [ingrid]);
    await ok(`mutation($i: RevokeConsentInput!) { revokeConsent(input: $i) { id } }`, { i: { consentId: consent.id, reason: 'Återkallat' } }, tok.anna);
    const err = await refused(['SIP_CONSENT']);
    expect(err.message).toMatch(/consent to SIP/);
    // An information-sharing consent is not a SIP consent; an expired SIP consent is not either.
    await ok(
      `mutation($i: RecordConsentInput!) { recordConsent(input: $i) { id } }`,
      { i: { patientId: ingrid, kind: 'SIP', givenBy: 'PATIENT', scope: 'CARE_TEAM', validFrom: '2026-01-01', validUntil: '2026-11-30' } },
      tok.anna,
    );
    await refused(['SIP_CONSENT']);
    await ok(
      `mutation($i: RecordConsentInput!) { recordConsent(input: $i) { id } }`,
      { i: { patientId: ingrid, kind: 'SIP', givenBy: 'PATIENT', scope: 'CARE_TEAM', validFrom: '2026-12-01' } },
      tok.anna,
    );
  });

  it('requires two participating organisations', async () => {
    await setDraft({
      participants: [
        { kind: 'ORGANISATION', organisationId: org.jonkoping },
        { kind: 'STAFF', organisationId: org.jonkoping, staffId: s.maria },
        { kind: 'PATIENT' },
      ],
      actions: [{ description: 'Vägning', kind: 'HEALTH_CARE', responsibleOrganisationId: org.jonkoping, startDate: '2026-12-01' }],
    });
    await refused(['TWO_ORGANISATIONS']);
  });

  it('requires an organisation with overall responsibility', async () => {
    await setDraft({ overallResponsibleOrganisationId: null });
    await refused(['OVERALL_RESPONSIBILITY']);
  });

  it('requires a goal', async () => {
    await setDraft({ goals: [] });
    await refused(['GOAL']);
  });

  it('requires an action', async () => {
    await setDraft({ actions: [] });
    await refused(['ACTION']);
  });

  it('requires a follow-up date after today', async () => {
    await setDraft({ nextFollowUpDate: '2026-12-01' });
    await refused(['FUTURE_FOLLOW_UP']);
    await setDraft({ nextFollowUpDate: '2026-06-01' });
    await refused(['FUTURE_FOLLOW_UP']);
    await setDraft({ nextFollowUpDate: null });
    await refused(['FUTURE_FOLLOW_UP']);
  });

  it('publishes once nothing is missing', async () => {
    await setDraft({});
    const pub = (await ok(PUBLISH, { input: { carePlanId: planId, expectedVersion: version } }, tok.anna)).publishCarePlan;
    expect(pub).toMatchObject({ status: 'ACTIVE', publishedVersionNumber: 1 });
    const audit = await auditRows('publishCarePlan', ingrid);
    expect(audit.map((r: any) => [r.outcome, r.details.reason ?? null])).toEqual([...Array(9).fill(['FAILED', 'precondition_failed']), ['ALLOWED', null]]);
  });
});

describe('no lost updates', () => {
  it('lets exactly one of two concurrent edits with the same expectedVersion win; the other gets CONFLICT and nothing of it is stored', async () => {
    const amir = await patientId(t, 'amir');
    const plan = (await ok(CREATE, { input: { patientId: amir, reason: 'SIP' } }, tok.anna)).createCarePlan;
    let version = plan.version;
    for (let round = 0; round < 5; round++) {
      const a = { reason: `Kommunens formulering ${round}`, goals: [{ text: `Mål A ${round}` }], nextFollowUpDate: '2027-02-01' };
      const b = { reason: `Maria's formulering ${round}`, goals: [{ text: `Mål B ${round}` }, { text: 'Ett till mål' }], nextFollowUpDate: '2027-03-01' };
      const [ra, rb] = await Promise.all([
        t.gql(UPDATE, { input: { carePlanId: plan.id, expectedVersion: version, ...a } }, tok.anna),
        t.gql(UPDATE, { input: { carePlanId: plan.id, expectedVersion: version, ...b } }, tok.maria),
      ]);
      const winners = [ra, rb].filter((r) => !r.errors);
      const losers = [ra, rb].filter((r) => r.errors);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      const conflictErr = expectError(losers[0], 'CONFLICT');
      expect(conflictErr.extensions.currentVersion).toBe(version + 1);
      const won = winners[0] === ra ? a : b;
      const stored = (await ok(GET, { id: plan.id }, tok.anna)).carePlan;
      expect(stored.version).toBe(version + 1);
      expect(stored.draft.reason).toBe(won.reason);
      expect(stored.draft.goals.map((g: any) => g.text)).toEqual(won.goals.map((g) => g.text));
      expect(stored.draft.nextFollowUpDate).toBe(won.nextFollowUpDate);
      expect(stored.draft).toEqual(winners[0].data.updateCarePlanDraft.draft);
      const [goalRows] = await t.sql(`SELECT count(*)::int AS n FROM care_plan_goal WHERE care_plan_id = $1`, [plan.id]);
      expect(goalRows.n).toBe(won.goals.length);
      version = stored.version;
    }
    const refusedRows = await t.sql(`SELECT details FROM audit_log WHERE operation = 'updateCarePlanDraft' AND patient_id = $1 AND outcome = 'FAILED'`, [amir]);
    expect(refusedRows).toHaveLength(5);
    expect(refusedRows.every((r: any) => r.details.reason === 'conflict' && r.details.carePlanId === plan.id)).toBe(true);
  });

  it('refuses a stale expectedVersion on every draft mutation, writing nothing', async () => {
    const [row] = await t.sql(`SELECT id, version, reason FROM care_plan WHERE patient_id = $1 AND status = 'DRAFT'`, [await patientId(t, 'amir')]);
    const stale = row.version - 1;
    for (const [q, input] of [
      [UPDATE, { reason: 'gammal' }],
      [PUBLISH, {}],
      [CLOSE, { reason: 'NO_LONGER_NEEDED' }],
    ] as const) {
      const err = expectError(await t.gql(q, { input: { carePlanId: row.id, expectedVersion: stale, ...input } }, tok.anna), 'CONFLICT');
      expect(err.extensions.currentVersion).toBe(row.version);
    }
    expect(await t.sql(`SELECT id, version, reason FROM care_plan WHERE id = $1`, [row.id])).toEqual([row]);
  });
});

describe('audit', () => {
  it('writes an audit row for each read and write, naming the plan', async () => {
    const gunnar = await patientId(t, 'gunnar');
    const rows = await t.sql(
      `SELECT operation, outcome, organisation_id FROM audit_log WHERE patient_id = $1 AND operation IN ('createCarePlan', 'updateCarePlanDraft', 'publishCarePlan', 'reviseCarePlan', 'closeCarePlan', 'carePlan', 'carePlanVersion', 'carePlans') AND outcome = 'ALLOWED' ORDER BY id`,
      [gunnar],
    );
    expect(rows.map((r: any) => r.operation)).toEqual(
      expect.arrayContaining([
        'createCarePlan',
        'updateCarePlanDraft',
        'carePlan',
        'publishCarePlan',
        'reviseCarePlan',
        'closeCarePlan',
        'carePlanVersion',
        'carePlans',
      ]),
    );
    const [pub] = await t.sql(
      `SELECT details, organisation_id, role FROM audit_log WHERE patient_id = $1 AND operation = 'publishCarePlan' ORDER BY id LIMIT 1`,
      [gunnar],
    );
    expect(pub).toMatchObject({ organisation_id: org.jonkoping, role: 'CARE_COORDINATOR', details: { carePlanId: expect.any(String) } });
  });
});
