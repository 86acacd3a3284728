import { Clock } from '../src/common/clock';
import { DEMO_ORGS, DEMO_STAFF } from '../src/demo/region';
import { loadDemoData } from '../src/demo/load';
import { DEMO_PATIENTS, demoPersonnummer } from '../src/demo/patients';
import { auditRows, demoPatientId, planContent, Q } from './helpers/deterioration';
import { expectError, startTestApp, TestApp } from './helpers/test-app';

const MISSING = '00000000-0000-4000-8000-000000000000';

let t: TestApp;
let esther: string;
let gunnar: string;
beforeAll(async () => {
  t = await startTestApp();
  t.app.get(Clock).set(new Date('2026-11-20T09:00:00Z'));
  esther = await demoPatientId(t, 'esther');
  gunnar = await demoPatientId(t, 'gunnar');
});
afterAll(() => t.close());

describe('the 3 a.m. read', () => {
  it('gives the nurse Esther’s active plan, signed by her GP, with steps and contact ladder, in one request', async () => {
    const res = await t.gql(Q.active, { p: esther }, await t.token('annaNurse'));
    expect(res.errors).toBeUndefined();
    const plan = res.data.activeDeteriorationPlan;
    expect(plan).toMatchObject({
      status: 'ACTIVE',
      planVersion: 1,
      dueForReview: false,
      reviewDate: '2027-03-15',
      conditions: ['Hjärtsvikt (NYHA III)'],
      signedBy: { name: DEMO_STAFF.erikGp.name },
      signedByOrganisation: { hsaId: DEMO_ORGS.vcSjobacken.hsaId },
      recordedBy: { hsaId: DEMO_ORGS.vcSjobacken.hsaId },
    });
    expect(plan.treatmentLimitations).toEqual([expect.objectContaining({ kind: 'CARE_AT_HOME_PREFERRED', patientTookPart: true, nextOfKinTookPart: true })]);
    expect(plan.steps.map((s: any) => [s.order, s.trigger.description])).toEqual([
      [1, 'Weight change ≥ 2 kg over 3 days'],
      [2, 'Andfåddhet i vila'],
    ]);
    expect(plan.steps[0].trigger).toMatchObject({ kind: 'MEASURED', observation: 'WEIGHT_CHANGE', comparator: 'GTE', threshold: 2, overDays: 3, unit: 'kg' });
    expect(plan.steps[0].actions[0]).toMatchObject({ performer: 'NURSE', asNeededMedication: 'Furosemid 40 mg, 1 tablett extra' });
    expect(plan.steps[1].actions).toEqual([expect.objectContaining({ performer: 'ON_CALL_PHYSICIAN' })]);
    expect(plan.contactLadder.map((c: any) => c.hours)).toEqual(['OFFICE_HOURS', 'OFFICE_HOURS', 'OUT_OF_HOURS', 'OUT_OF_HOURS']);
    // auth, the grant with its audit insert, the plan row (a read: no transaction of its own); then one batched staff and one organisation lookup.
    expect(res.extensions?.sqlStatements).toBeLessThanOrEqual(5);
    const nightOnly = await t.gql(
      `query($p: ID!) { activeDeteriorationPlan(patientId: $p) { contactLadder(hours: OUT_OF_HOURS) { role } steps { trigger { description } } } }`,
      { p: esther },
      await t.token('annaNurse'),
    );
    expect(nightOnly.data.activeDeteriorationPlan.contactLadder.map((c: any) => c.role)).toEqual(['Sjuksköterska i tjänst, hemsjukvården', 'Jourläkare']);
    expect(nightOnly.extensions?.sqlStatements).toBe(3);
  });

  it('comes from demo data that loads idempotently', async () => {
    expect(await loadDemoData(t.ds)).toBe(false);
    expect(await t.sql(`SELECT plan_version, status FROM deterioration_plan WHERE patient_id = $1`, [esther])).toEqual([{ plan_version: 1, status: 'ACTIVE' }]);
  });

  it('audits every read, with the patient', async () => {
    const rows = await auditRows(t, esther, 'activeDeteriorationPlan');
    expect(rows).toEqual([
      expect.objectContaining({ outcome: 'ALLOWED', emergency: false, staff_hsa_id: DEMO_STAFF.annaNurse.hsaId }),
      expect.objectContaining({ outcome: 'ALLOWED', emergency: false, staff_hsa_id: DEMO_STAFF.annaNurse.hsaId }),
    ]);
  });

  it('answers an organisation without a care relationship exactly as for a missing patient, and logs the refusal', async () => {
    for (const who of ['aliPhysician', 'linneaNurse', 'nilsGp'] as const) {
      const token = await t.token(who);
      expectError(await t.gql(Q.active, { p: esther }, token), 'NOT_FOUND');
      expectError(await t.gql(Q.active, { p: MISSING }, token), 'NOT_FOUND');
      expectError(await t.gql(Q.evaluate, { p: esther, o: [{ kind: 'RESPIRATORY_RATE', value: 28 }] }, token), 'NOT_FOUND');
      expectError(await t.gql(Q.history, { p: esther }, token), 'NOT_FOUND');
    }
    const [plan] = await t.sql(`SELECT id FROM deterioration_plan WHERE patient_id = $1`, [esther]);
    expectError(await t.gql(Q.byId, { id: plan.id }, await t.token('aliPhysician')), 'NOT_FOUND');
    expectError(await t.gql(Q.byId, { id: MISSING }, await t.token('aliPhysician')), 'NOT_FOUND');
    const refused = (await auditRows(t, esther, 'activeDeteriorationPlan')).filter((r) => r.outcome === 'REFUSED');
    expect(refused.map((r) => r.staff_hsa_id)).toEqual([DEMO_STAFF.aliPhysician.hsaId, DEMO_STAFF.linneaNurse.hsaId, DEMO_STAFF.nilsGp.hsaId]);
    expect(refused[0].details).toMatchObject({ reason: 'no-care-relationship' });
    expect((await auditRows(t, esther, 'deteriorationPlan'))[0]).toMatchObject({
      outcome: 'REFUSED',
      details: { planId: plan.id, reason: 'no-care-relationship' },
    });
    expect((await auditRows(t, null, 'deteriorationPlan'))[0]).toMatchObject({ outcome: 'REFUSED', details: { planId: MISSING, reason: 'no-such-record' } });
  });

  it('refuses roles that do not need the plan, and logs it', async () => {
    // As for a missing patient: a role refusal tells nothing either.
    expect(expectError(await t.gql(Q.active, { p: esther }, await t.token('saraSocial')), 'NOT_FOUND').message).toBe('Patient not found');
    expect(expectError(await t.gql(Q.active, { p: esther }, await t.token('evaManager')), 'NOT_FOUND').message).toBe('Patient not found');
    expect(expectError(await t.gql(Q.evaluate, { p: esther, o: [] }, await t.token('omarRehab')), 'NOT_FOUND').message).toBe('Patient not found');
    expect((await t.gql(Q.active, { p: esther }, await t.token('omarRehab'))).data.activeDeteriorationPlan.status).toBe('ACTIVE');
    const rows = await t.sql(`SELECT operation, details->>'reason' AS reason FROM audit_log WHERE outcome = 'REFUSED' AND staff_hsa_id = ANY($1) ORDER BY id`, [
      [DEMO_STAFF.saraSocial.hsaId, DEMO_STAFF.evaManager.hsaId, DEMO_STAFF.omarRehab.hsaId],
    ]);
    expect(rows).toEqual([
      { operation: 'activeDeteriorationPlan', reason: 'role' },
      { operation: 'activeDeteriorationPlan', reason: 'role' },
      { operation: 'evaluateDeterioration', reason: 'role' },
    ]);
  });

  it('lets emergency access read the plan (flagged in the log) but not change it', async () => {
    const token = await t.token('ullaNurse');
    const open = await t.gql(
      `mutation($i: OpenEmergencyAccessInput!) { openEmergencyAccess(input: $i) { id } }`,
      { i: { personnummer: demoPersonnummer(DEMO_PATIENTS[0]), reason: 'Medvetslös i hemmet' } },
      token,
    );
    expect(open.errors).toBeUndefined();
    expect((await t.gql(Q.active, { p: esther }, token)).data.activeDeteriorationPlan.status).toBe('ACTIVE');
    expect((await auditRows(t, esther, 'activeDeteriorationPlan')).at(-1)).toMatchObject({
      outcome: 'ALLOWED',
      emergency: true,
      staff_hsa_id: DEMO_STAFF.ullaNurse.hsaId,
    });
    expectError(await t.gql(Q.revise, { p: esther }, token), 'FORBIDDEN');
    expect((await auditRows(t, esther, 'reviseDeteriorationPlan')).at(-1)).toMatchObject({
      outcome: 'REFUSED',
      emergency: true,
      details: { reason: 'emergency-read-only' },
    });
  });
});

describe('drafting, signing, superseding, withdrawing', () => {
  let draft: any;

  it('lets a nurse draft a plan, recorded by her organisation', async () => {
    const res = await t.gql(Q.draft, { i: { patientId: gunnar, ...planContent() } }, await t.token('karinNurse'));
    expect(res.errors).toBeUndefined();
    draft = res.data.draftDeteriorationPlan;
    expect(draft).toMatchObject({
      status: 'DRAFT',
      planVersion: 1,
      version: 1,
      dueForReview: false,
      signedAt: null,
      signedBy: null,
      recordedBy: { hsaId: DEMO_ORGS.jonkoping.hsaId },
      draftedBy: { name: DEMO_STAFF.karinNurse.name },
    });
    expect(draft.steps.map((s: any) => s.trigger.description)).toEqual([
      'Respiratory rate > 25 /min',
      'Oxygen saturation < 90 %',
      'NEWS2 ≥ 5',
      'Weight change ≥ 2 kg over 3 days',
      'Nytillkommen förvirring',
    ]);
    expect(await auditRows(t, gunnar, 'draftDeteriorationPlan')).toEqual([
      expect.objectContaining({ outcome: 'ALLOWED', staff_hsa_id: DEMO_STAFF.karinNurse.hsaId }),
    ]);
  });

  it('refuses a nurse who tries to sign (role), and logs it', async () => {
    const res = await t.gql(Q.sign, { i: { planId: draft.id, expectedVersion: 1 } }, await t.token('karinNurse'));
    expect(expectError(res, 'NOT_FOUND').message).toBe('Deterioration plan not found');
    const [row] = await t.sql(`SELECT outcome, details FROM audit_log WHERE operation = 'signDeteriorationPlan' AND staff_hsa_id = $1`, [
      DEMO_STAFF.karinNurse.hsaId,
    ]);
    expect(row).toEqual({ outcome: 'REFUSED', details: { reason: 'role', stage: 'policy' } });
    expect((await t.sql(`SELECT status FROM deterioration_plan WHERE id = $1`, [draft.id]))[0].status).toBe('DRAFT');
  });

  it('keeps one open draft per patient', async () => {
    const res = await t.gql(Q.draft, { i: { patientId: gunnar } }, await t.token('annaNurse'));
    expect(expectError(res, 'CONFLICT').extensions.draftPlanId).toBe(draft.id);
    expectError(await t.gql(Q.revise, { p: gunnar }, await t.token('annaNurse')), 'CONFLICT');
  });

  it('answers a stale edit with CONFLICT and keeps the newer one', async () => {
    const first = await t.gql(Q.update, { i: { planId: draft.id, expectedVersion: 1, conditions: ['Hjärtsvikt NYHA III'] } }, await t.token('karinNurse'));
    expect(first.errors).toBeUndefined();
    expect(first.data.updateDeteriorationPlanDraft).toMatchObject({ version: 2, conditions: ['Hjärtsvikt NYHA III'] });
    expect(first.data.updateDeteriorationPlanDraft.steps).toHaveLength(5); // omitted lists stay
    const stale = await t.gql(Q.update, { i: { planId: draft.id, expectedVersion: 1, conditions: ['Något annat'] } }, await t.token('annaNurse'));
    expect(expectError(stale, 'CONFLICT').extensions.currentVersion).toBe(2);
    expect((await t.sql(`SELECT conditions, version FROM deterioration_plan WHERE id = $1`, [draft.id]))[0]).toEqual({
      conditions: ['Hjärtsvikt NYHA III'],
      version: 2,
    });
    expect((await auditRows(t, gunnar, 'updateDeteriorationPlanDraft')).map((r) => [r.outcome, r.details])).toEqual([
      ['ALLOWED', { planId: draft.id }],
      ['FAILED', { planId: draft.id, reason: 'conflict', stage: 'rule' }],
    ]);
  });

  it('refuses a physician of an organisation without a care relationship, as not found', async () => {
    for (const who of ['nilsGp', 'aliPhysician'] as const) {
      expectError(await t.gql(Q.sign, { i: { planId: draft.id, expectedVersion: 2 } }, await t.token(who)), 'NOT_FOUND');
    }
    expect((await t.sql(`SELECT status FROM deterioration_plan WHERE id = $1`, [draft.id]))[0].status).toBe('DRAFT');
    expect((await auditRows(t, gunnar, 'signDeteriorationPlan')).map((r) => [r.outcome, r.staff_hsa_id, r.details?.reason])).toEqual([
      ['REFUSED', DEMO_STAFF.karinNurse.hsaId, 'role'], // the nurse's attempt above, logged with the plan's patient
      ['REFUSED', DEMO_STAFF.nilsGp.hsaId, 'no-care-relationship'],
      ['REFUSED', DEMO_STAFF.aliPhysician.hsaId, 'no-care-relationship'],
    ]);
  });

  it('lets the GP sign (stale version refused), and the plan becomes active', async () => {
    const token = await t.token('fatimaGp');
    expect(expectError(await t.gql(Q.sign, { i: { planId: draft.id, expectedVersion: 1 } }, token), 'CONFLICT').extensions.currentVersion).toBe(2);
    const res = await t.gql(Q.sign, { i: { planId: draft.id, expectedVersion: 2 } }, token);
    expect(res.errors).toBeUndefined();
    expect(res.data.signDeteriorationPlan).toMatchObject({
      status: 'ACTIVE',
      version: 3,
      signedBy: { name: DEMO_STAFF.fatimaGp.name },
      signedByOrganisation: { hsaId: DEMO_ORGS.vcSjobacken.hsaId },
      recordedBy: { hsaId: DEMO_ORGS.jonkoping.hsaId },
      signedAt: '2026-11-20T09:00:00.000Z',
    });
    expect((await t.gql(Q.active, { p: gunnar }, await t.token('annaNurse'))).data.activeDeteriorationPlan.id).toBe(draft.id);
  });

  it('never changes a signed version: not through the API, not in the database', async () => {
    const res = await t.gql(Q.update, { i: { planId: draft.id, expectedVersion: 3, conditions: ['Ändrad'] } }, await t.token('fatimaGp'));
    expect(expectError(res, 'CONFLICT').extensions.status).toBe('ACTIVE');
    await expect(t.sql(`UPDATE deterioration_plan SET conditions = '{Ändrad}' WHERE id = $1`, [draft.id])).rejects.toThrow(/immutable/);
    await expect(t.sql(`UPDATE deterioration_plan SET status = 'DRAFT' WHERE id = $1`, [draft.id])).rejects.toThrow(/immutable/);
    await expect(t.sql(`UPDATE deterioration_plan SET status = 'SUPERSEDED', review_date = '2030-01-01' WHERE id = $1`, [draft.id])).rejects.toThrow(
      /immutable/,
    );
    await expect(t.sql(`DELETE FROM deterioration_plan WHERE id = $1`, [draft.id])).rejects.toThrow(/never deleted/);
    expect((await t.sql(`SELECT conditions, status FROM deterioration_plan WHERE id = $1`, [draft.id]))[0]).toEqual({
      conditions: ['Hjärtsvikt NYHA III'],
      status: 'ACTIVE',
    });
  });

  let v2: any;
  it('revises into a new draft copied from the active plan; signing it supersedes the previous version', async () => {
    const rev = await t.gql(Q.revise, { p: gunnar }, await t.token('fatimaGp'));
    expect(rev.errors).toBeUndefined();
    v2 = rev.data.reviseDeteriorationPlan;
    expect(v2).toMatchObject({
      status: 'DRAFT',
      planVersion: 2,
      version: 1,
      basedOnPlanId: draft.id,
      conditions: ['Hjärtsvikt NYHA III'],
      recordedBy: { hsaId: DEMO_ORGS.vcSjobacken.hsaId },
    });
    expect(v2.steps.map((s: any) => s.trigger.description)).toEqual(draft.steps.map((s: any) => s.trigger.description));
    expect(v2.steps.map((s: any) => s.id)).not.toContain(draft.steps[0].id);
    const edited = await t.gql(
      Q.update,
      { i: { planId: v2.id, expectedVersion: 1, reviewDate: '2027-06-01', steps: planContent().steps.slice(0, 2) } },
      await t.token('fatimaGp'),
    );
    expect(edited.data.updateDeteriorationPlanDraft).toMatchObject({ version: 2, reviewDate: '2027-06-01' });
    t.app.get(Clock).set(new Date('2026-11-21T10:00:00Z'));
    const signed = await t.gql(Q.sign, { i: { planId: v2.id, expectedVersion: 2 } }, await t.token('erikGp'));
    t.app.get(Clock).set(new Date('2026-11-20T09:00:00Z'));
    expect(signed.data.signDeteriorationPlan).toMatchObject({ status: 'ACTIVE', signedBy: { name: DEMO_STAFF.erikGp.name } });
    const old = (await t.gql(Q.byId, { id: draft.id }, await t.token('annaNurse'))).data.deteriorationPlan;
    expect(old).toMatchObject({
      status: 'SUPERSEDED',
      supersededByPlanId: v2.id,
      supersededAt: '2026-11-21T10:00:00.000Z',
      conditions: ['Hjärtsvikt NYHA III'],
      dueForReview: false,
    });
    const active = (await t.gql(Q.active, { p: gunnar }, await t.token('annaNurse'))).data.activeDeteriorationPlan;
    expect(active).toMatchObject({ id: v2.id, planVersion: 2 });
    expect(active.steps).toHaveLength(2);
    expect(await t.sql(`SELECT plan_version, status FROM deterioration_plan WHERE patient_id = $1 ORDER BY plan_version`, [gunnar])).toEqual([
      { plan_version: 1, status: 'SUPERSEDED' },
      { plan_version: 2, status: 'ACTIVE' },
    ]);
    expect((await auditRows(t, gunnar, 'signDeteriorationPlan')).filter((r) => r.outcome === 'ALLOWED').map((r) => r.staff_hsa_id)).toEqual([
      DEMO_STAFF.fatimaGp.hsaId,
      DEMO_STAFF.erikGp.hsaId,
    ]);
  });

  it('lets a physician withdraw the active plan with a reason (not a nurse)', async () => {
    const withdraw = (token: string, expectedVersion: number) =>
      t.gql(Q.withdraw, { i: { planId: v2.id, expectedVersion, reason: 'Flyttar till särskilt boende med egen plan' } }, token);
    expectError(await withdraw(await t.token('karinNurse'), 3), 'FORBIDDEN');
    expectError(await withdraw(await t.token('fatimaGp'), 2), 'CONFLICT');
    const res = await withdraw(await t.token('fatimaGp'), 3);
    expect(res.errors).toBeUndefined();
    expect(res.data.withdrawDeteriorationPlan).toMatchObject({
      status: 'WITHDRAWN',
      withdrawalReason: 'Flyttar till särskilt boende med egen plan',
      withdrawnAt: '2026-11-20T09:00:00.000Z',
      dueForReview: false,
    });
    expect((await t.gql(Q.active, { p: gunnar }, await t.token('annaNurse'))).data.activeDeteriorationPlan).toBeNull();
    expectError(await withdraw(await t.token('fatimaGp'), 4), 'CONFLICT');
    await expect(t.sql(`UPDATE deterioration_plan SET status = 'ACTIVE' WHERE id = $1`, [v2.id])).rejects.toThrow(/immutable/);
    expect((await auditRows(t, gunnar, 'withdrawDeteriorationPlan')).map((r) => [r.outcome, r.details?.reason])).toEqual([
      ['REFUSED', 'forbidden'],
      ['FAILED', 'conflict'],
      ['ALLOWED', undefined],
      ['FAILED', 'conflict'],
    ]);
  });

  it('lets a nurse withdraw a draft that will not be signed; it cannot be signed after', async () => {
    const d = (await t.gql(Q.draft, { i: { patientId: gunnar, conditions: ['Hjärtsvikt'] } }, await t.token('karinNurse'))).data.draftDeteriorationPlan;
    expect(d.planVersion).toBe(3);
    const res = await t.gql(Q.withdraw, { i: { planId: d.id, expectedVersion: 1, reason: 'Fel patient' } }, await t.token('karinNurse'));
    expect(res.data.withdrawDeteriorationPlan.status).toBe('WITHDRAWN');
    expectError(await t.gql(Q.sign, { i: { planId: d.id, expectedVersion: 2 } }, await t.token('fatimaGp')), 'CONFLICT');
  });

  it('lists the history, newest first, paginated, N+1 free', async () => {
    const token = await t.token('annaNurse');
    const all = await t.gql(Q.history, { p: gunnar }, token);
    expect(all.data.deteriorationPlanHistory.edges.map((e: any) => [e.node.planVersion, e.node.status, e.node.signedBy?.name ?? null])).toEqual([
      [3, 'WITHDRAWN', null],
      [2, 'WITHDRAWN', DEMO_STAFF.erikGp.name],
      [1, 'SUPERSEDED', DEMO_STAFF.fatimaGp.name],
    ]);
    const one = await t.gql(Q.history, { p: esther }, token);
    expect(one.data.deteriorationPlanHistory.edges).toHaveLength(1);
    expect(all.extensions?.sqlStatements).toBe(one.extensions?.sqlStatements);
    const p1 = await t.gql(Q.history, { p: gunnar, first: 2 }, token);
    expect(p1.data.deteriorationPlanHistory.pageInfo.hasNextPage).toBe(true);
    const p2 = await t.gql(Q.history, { p: gunnar, first: 2, after: p1.data.deteriorationPlanHistory.pageInfo.endCursor }, token);
    expect(p2.data.deteriorationPlanHistory.edges.map((e: any) => e.node.planVersion)).toEqual([1]);
    expect(p2.data.deteriorationPlanHistory.pageInfo.hasNextPage).toBe(false);
    expectError(await t.gql(Q.history, { p: gunnar, after: 'garbage' }, token), 'BAD_USER_INPUT');
  });

  it('lets only one of two simultaneous drafts through', async () => {
    const sven = await demoPatientId(t, 'sven');
    const [a, b] = await Promise.all([
      t.gql(Q.draft, { i: { patientId: sven } }, await t.token('emmaNurse')),
      t.gql(Q.draft, { i: { patientId: sven } }, await t.token('aliPhysician')),
    ]);
    expect([a, b].filter((r) => !r.errors)).toHaveLength(1);
    expectError(
      [a, b].find((r) => r.errors)!,
      'CONFLICT',
    );
    expect(await t.sql(`SELECT plan_version FROM deterioration_plan WHERE patient_id = $1`, [sven])).toEqual([{ plan_version: 1 }]);
  });
});
