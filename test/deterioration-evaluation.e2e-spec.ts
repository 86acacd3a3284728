import { Clock } from '../src/common/clock';
import { DEMO_ORGS, DEMO_STAFF } from '../src/demo/region';
import { auditRows, demoPatientId, draftAndSign, planContent, Q } from './helpers/deterioration';
import { expectError, startTestApp, TestApp } from './helpers/test-app';

let t: TestApp;
let clock: Clock;
let esther: string;
let ingrid: string;
let ingridPlan: any;
const BASE = new Date('2026-11-20T09:00:00Z');

beforeAll(async () => {
  t = await startTestApp();
  clock = t.app.get(Clock);
  clock.set(BASE);
  esther = await demoPatientId(t, 'esther');
  ingrid = await demoPatientId(t, 'ingrid');
  // Steps: 1 respiratory rate > 25, 2 saturation < 90, 3 NEWS2 ≥ 5, 4 weight ≥ 2 kg over 3 days, 5 a sign in words.
  ingridPlan = await draftAndSign(t, ingrid, 'annaNurse', 'fatimaGp');
});
afterAll(() => t.close());

async function evaluate(observations: unknown[], patientId = ingrid, who: 'annaNurse' | 'linneaNurse' | 'erikGp' = 'annaNurse') {
  const res = await t.gql(Q.evaluate, { p: patientId, o: observations }, await t.token(who));
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  const e = res.data.evaluateDeterioration;
  return { ...e, matchedOrders: e.matched.map((m: any) => m.step.order), notEvaluableOrders: e.notEvaluable.map((n: any) => [n.step.order, n.reason]) };
}

describe('evaluateDeterioration', () => {
  it.each([
    ['respiratory rate equal to the threshold (> 25)', 'RESPIRATORY_RATE', 25, undefined, false],
    ['respiratory rate just above', 'RESPIRATORY_RATE', 26, undefined, true],
    ['respiratory rate just below', 'RESPIRATORY_RATE', 24, undefined, false],
    ['saturation equal to the threshold (< 90)', 'OXYGEN_SATURATION', 90, undefined, false],
    ['saturation just below', 'OXYGEN_SATURATION', 89, undefined, true],
    ['saturation just above', 'OXYGEN_SATURATION', 91, undefined, false],
    ['NEWS2 equal to the threshold (≥ 5)', 'NEWS2', 5, undefined, true],
    ['NEWS2 just below', 'NEWS2', 4, undefined, false],
    ['weight gain equal to the threshold (≥ 2 kg over 3 days)', 'WEIGHT_CHANGE', 2, 3, true],
    ['weight gain just below', 'WEIGHT_CHANGE', 1.9, 3, false],
    ['weight gain just above, over a shorter period', 'WEIGHT_CHANGE', 2.1, 2, true],
  ] as const)('%s: matched = %s', async (_label, kind, value, overDays, expected) => {
    const e = await evaluate([{ kind, value, ...(overDays ? { overDays } : {}) }]);
    const order = { RESPIRATORY_RATE: 1, OXYGEN_SATURATION: 2, NEWS2: 3, WEIGHT_CHANGE: 4 }[kind];
    expect(e.matchedOrders).toEqual(expected ? [order] : []);
    // A measured step with its observation given is decided: never "not evaluable".
    expect(e.notEvaluableOrders.map(([o]: [number]) => o)).not.toContain(order);
    expect(e.notEvaluableOrders.at(-1)).toEqual([5, 'NEEDS_JUDGEMENT']);
  });

  it('lists steps whose observation is missing as NO_OBSERVATION, and never matches a sign in words', async () => {
    const e = await evaluate([]);
    expect(e.matched).toEqual([]);
    expect(e.notEvaluableOrders).toEqual([
      [1, 'NO_OBSERVATION'],
      [2, 'NO_OBSERVATION'],
      [3, 'NO_OBSERVATION'],
      [4, 'NO_OBSERVATION'],
      [5, 'NEEDS_JUDGEMENT'],
    ]);
    // A gain measured over a longer period than the trigger's does not count for it.
    expect((await evaluate([{ kind: 'WEIGHT_CHANGE', value: 3, overDays: 5 }])).notEvaluableOrders[3]).toEqual([4, 'NO_OBSERVATION']);
  });

  it('returns the matching steps in plan order with their actions and why', async () => {
    const e = await evaluate([
      { kind: 'NEWS2', value: 6 },
      { kind: 'OXYGEN_SATURATION', value: 89 },
      { kind: 'RESPIRATORY_RATE', value: 28 },
      { kind: 'PULSE', value: 110 },
    ]);
    expect(e.plan).toMatchObject({ id: ingridPlan.id, status: 'ACTIVE', dueForReview: false });
    expect(e.plan.contactLadder.map((c: any) => c.role)).toEqual(['Jourläkare', 'Sjuksköterska i tjänst']);
    expect(e.matched.map((m: any) => [m.step.order, m.reason, m.observed.unit])).toEqual([
      [1, 'respiratory rate 28 /min > 25 /min', '/min'],
      [2, 'oxygen saturation 89 % < 90 %', '%'],
      [3, 'NEWS2 6 ≥ 5', ''],
    ]);
    expect(e.matched[0].step.actions).toEqual([{ description: 'Ring jourläkaren', performer: 'ON_CALL_PHYSICIAN', asNeededMedication: null }]);
    expect(e.notEvaluableOrders).toEqual([
      [4, 'NO_OBSERVATION'],
      [5, 'NEEDS_JUDGEMENT'],
    ]);
    expect(e.evaluatedAt).toBe(BASE.toISOString());
  });

  it('evaluates Esther’s demo plan: weight gain → the extra diuretic prescribed as needed', async () => {
    const e = await evaluate(
      [
        { kind: 'WEIGHT_CHANGE', value: 2.4, overDays: 3 },
        { kind: 'RESPIRATORY_RATE', value: 28 },
      ],
      esther,
    );
    expect(e.matched).toHaveLength(1);
    expect(e.matched[0].reason).toBe('weight change 2.4 kg over 3 days ≥ 2 kg over 3 days');
    expect(e.matched[0].step.actions.map((a: any) => a.asNeededMedication)).toEqual(['Furosemid 40 mg, 1 tablett extra', null]);
    expect(e.notEvaluable).toEqual([{ reason: 'NEEDS_JUDGEMENT', step: { order: 2, trigger: { description: 'Andfåddhet i vila' } } }]);
  });

  it('answers with no plan for a patient without an active plan', async () => {
    const e = await evaluate([{ kind: 'RESPIRATORY_RATE', value: 30 }], await demoPatientId(t, 'amir'));
    expect(e).toMatchObject({ plan: null, matched: [], notEvaluable: [] });
  });

  it('is logged as a read of the patient, with the kinds observed but no values', async () => {
    const rows = await auditRows(t, esther, 'evaluateDeterioration');
    expect(rows).toEqual([
      expect.objectContaining({
        outcome: 'ALLOWED',
        staff_hsa_id: DEMO_STAFF.annaNurse.hsaId,
        details: { observationKinds: ['WEIGHT_CHANGE', 'RESPIRATORY_RATE'] },
      }),
    ]);
  });

  it('refuses implausible, duplicate or incomplete observations with field errors', async () => {
    const res = await t.gql(
      Q.evaluate,
      {
        p: ingrid,
        o: [
          { kind: 'OXYGEN_SATURATION', value: 101 },
          { kind: 'WEIGHT_CHANGE', value: 2 },
          { kind: 'NEWS2', value: 4.5 },
          { kind: 'OXYGEN_SATURATION', value: 95 },
          { kind: 'PULSE', value: 90, overDays: 2 },
        ],
      },
      await t.token('annaNurse'),
    );
    expect(expectError(res, 'BAD_USER_INPUT').extensions.fields).toEqual([
      { field: 'observations.0.value', message: 'must be between 50 % and 100 % for oxygen saturation' },
      { field: 'observations.1.overDays', message: 'is required for weight change: the number of days the change is measured over' },
      { field: 'observations.2.value', message: 'must be a whole number for NEWS2' },
      { field: 'observations.3.kind', message: 'duplicate observation of oxygen saturation (see observations.0)' },
      { field: 'observations.4.overDays', message: 'only applies to weight change' },
    ]);
    expectError(await t.gql(Q.evaluate, { p: ingrid, o: [{ kind: 'ACVPU', value: 1 }] }, await t.token('annaNurse')), 'BAD_USER_INPUT');
  });
});

describe('review date', () => {
  afterEach(() => clock.set(BASE));

  it('flags a plan whose review date has come in every answer, and keeps it readable', async () => {
    clock.set(new Date('2027-03-14T22:30:00Z')); // 23:30 on 14 March in Stockholm
    expect((await t.gql(Q.active, { p: esther }, await t.token('annaNurse'))).data.activeDeteriorationPlan.dueForReview).toBe(false);
    clock.set(new Date('2027-03-14T23:30:00Z')); // 00:30 on 15 March in Stockholm: the review date
    const token = await t.token('annaNurse');
    const active = (await t.gql(Q.active, { p: esther }, token)).data.activeDeteriorationPlan;
    expect(active).toMatchObject({ status: 'ACTIVE', reviewDate: '2027-03-15', dueForReview: true });
    expect(active.steps).toHaveLength(2);
    expect((await t.gql(Q.byId, { id: active.id }, token)).data.deteriorationPlan.dueForReview).toBe(true);
    expect((await t.gql(Q.history, { p: esther }, token)).data.deteriorationPlanHistory.edges).toHaveLength(1);
    expect((await evaluate([], esther)).plan.dueForReview).toBe(true);
    clock.set(new Date('2027-09-01T10:00:00Z'));
    expect((await t.gql(Q.active, { p: esther }, token)).data.activeDeteriorationPlan.dueForReview).toBe(true);
  });

  it('lists plans due for review for my organisation’s patients, by review date', async () => {
    const ids = async (who: 'erikGp' | 'annaNurse' | 'linneaNurse' | 'fatimaGp', within?: number) => {
      const res = await t.gql(Q.due, { within }, await t.token(who));
      expect(res.errors).toBeUndefined();
      return res.data.deteriorationPlansDueForReview.edges.map((e: any) => e.node.patientId);
    };
    expect(await ids('erikGp')).toEqual([]);
    clock.set(new Date('2027-03-10T10:00:00Z'));
    expect(await ids('erikGp', 4)).toEqual([]);
    expect(await ids('erikGp', 5)).toEqual([esther]);
    clock.set(new Date('2027-05-02T10:00:00Z'));
    expect(await ids('erikGp')).toEqual([esther, ingrid]);
    expect(await ids('annaNurse')).toEqual([esther, ingrid]);
    expect(await ids('linneaNurse')).toEqual([]);
    const res = await t.gql(Q.due, { first: 1 }, await t.token('fatimaGp'));
    const page = res.data.deteriorationPlansDueForReview;
    expect(page.edges.map((e: any) => e.node)).toEqual([expect.objectContaining({ patientId: esther, dueForReview: true, reviewDate: '2027-03-15' })]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = await t.gql(Q.due, { first: 1, after: page.pageInfo.endCursor }, await t.token('fatimaGp'));
    expect(next.data.deteriorationPlansDueForReview.edges.map((e: any) => e.node.patientId)).toEqual([ingrid]);
    expect((await auditRows(t, ingrid, 'deteriorationPlansDueForReview')).length).toBeGreaterThan(0);
    expectError(await t.gql(Q.due, { within: 365 }, await t.token('erikGp')), 'BAD_USER_INPUT');
    expectError(await t.gql(Q.due, {}, await t.token('omarRehab')), 'FORBIDDEN');
  });

  it('cannot be signed with a review date that is not after today', async () => {
    const karl = await demoPatientId(t, 'karl');
    const d = (await t.gql(Q.draft, { i: { patientId: karl, ...planContent({ reviewDate: '2026-11-20' }) } }, await t.token('karinNurse'))).data
      .draftDeteriorationPlan;
    const res = await t.gql(Q.sign, { i: { planId: d.id, expectedVersion: 1 } }, await t.token('nilsGp'));
    expect(expectError(res, 'PRECONDITION_FAILED').extensions.fields).toEqual([{ field: 'reviewDate', message: 'must be after today' }]);
    await t.gql(Q.withdraw, { i: { planId: d.id, expectedVersion: 1, reason: 'Test' } }, await t.token('karinNurse'));
  });
});

describe('content rules', () => {
  it('refuses to sign an incomplete draft, naming what is missing', async () => {
    const karl = await demoPatientId(t, 'karl');
    const d = (await t.gql(Q.draft, { i: { patientId: karl, contacts: [planContent().contacts[0]] } }, await t.token('karinNurse'))).data
      .draftDeteriorationPlan;
    const res = await t.gql(Q.sign, { i: { planId: d.id, expectedVersion: 1 } }, await t.token('nilsGp'));
    expect(expectError(res, 'PRECONDITION_FAILED').extensions.fields).toEqual([
      { field: 'conditions', message: 'must name at least one condition' },
      { field: 'steps', message: 'must hold at least one step' },
      { field: 'contacts', message: 'must name whom to call out of hours' },
      { field: 'reviewDate', message: 'is required' },
    ]);
    expect((await auditRows(t, karl, 'signDeteriorationPlan')).at(-1)).toMatchObject({ outcome: 'REFUSED', details: { planId: d.id, reason: 'incomplete' } });
    const filled = await t.gql(Q.update, { i: { planId: d.id, expectedVersion: 1, ...planContent() } }, await t.token('karinNurse'));
    const signed = await t.gql(Q.sign, { i: { planId: d.id, expectedVersion: filled.data.updateDeteriorationPlanDraft.version } }, await t.token('nilsGp'));
    expect(signed.data.signDeteriorationPlan).toMatchObject({ status: 'ACTIVE', signedByOrganisation: { hsaId: DEMO_ORGS.vcEkdalen.hsaId } });
  });

  it('refuses bad content with per-field errors and writes nothing', async () => {
    const amir = await demoPatientId(t, 'amir');
    const steps = [
      {
        trigger: { kind: 'MEASURED', observation: 'OXYGEN_SATURATION', comparator: 'LT', threshold: 120 },
        actions: [{ description: 'x', performer: 'NURSE' }],
      },
      { trigger: { kind: 'MEASURED', observation: 'WEIGHT_CHANGE', comparator: 'GTE', threshold: 2 }, actions: [{ description: 'x', performer: 'NURSE' }] },
      { trigger: { kind: 'MEASURED', observation: 'PULSE', threshold: 120, sign: 'snabb puls' }, actions: [{ description: 'x', performer: 'NURSE' }] },
      { trigger: { kind: 'SIGN', sign: '  ', threshold: 3 }, actions: [{ description: 'x', performer: 'NURSE' }] },
    ];
    const limitations = [
      { kind: 'OTHER', decidedBy: 'Dr X', decidedOn: '2026-11-01', patientTookPart: false, nextOfKinTookPart: false },
      { kind: 'NO_CPR', decidedBy: 'Dr X', decidedOn: '2026-12-01', patientTookPart: false, nextOfKinTookPart: false },
    ];
    const res = await t.gql(Q.draft, { i: { patientId: amir, steps, treatmentLimitations: limitations } }, await t.token('annaNurse'));
    expect(expectError(res, 'BAD_USER_INPUT').extensions.fields).toEqual([
      { field: 'input.treatmentLimitations.0.details', message: 'is required for OTHER: say what exactly was decided' },
      { field: 'input.treatmentLimitations.1.decidedOn', message: 'cannot be in the future' },
      { field: 'input.steps.0.trigger.threshold', message: 'must be between 50 % and 100 % for oxygen saturation' },
      { field: 'input.steps.1.trigger.overDays', message: 'is required for weight change: the number of days the change is measured over' },
      { field: 'input.steps.2.trigger.sign', message: 'only applies to a SIGN trigger' },
      { field: 'input.steps.2.trigger.comparator', message: 'is not a known comparator' },
      { field: 'input.steps.3.trigger.threshold', message: 'only applies to a MEASURED trigger' },
      { field: 'input.steps.3.trigger.sign', message: 'must not be empty' },
    ]);
    const shape = await t.gql(
      Q.draft,
      {
        i: {
          patientId: amir,
          conditions: [' '],
          steps: [{ trigger: { kind: 'SIGN', sign: 'x' }, actions: [] }],
          contacts: [{ hours: 'OUT_OF_HOURS', role: 'Jour', name: 'Jour', phone: 'ring mig' }],
        },
      },
      await t.token('annaNurse'),
    );
    expect(
      expectError(shape, 'BAD_USER_INPUT')
        .extensions.fields!.map((f) => f.field)
        .sort(),
    ).toEqual(['input.conditions', 'input.contacts.0.phone', 'input.steps.0.actions']);
    expect(await t.sql(`SELECT 1 FROM deterioration_plan WHERE patient_id = $1`, [amir])).toEqual([]);
  });
});

describe('plans recorded by another organisation', () => {
  let elsa: string;
  beforeAll(async () => {
    elsa = await demoPatientId(t, 'elsa'); // Habo and Sjöbacken, no consent to information sharing
  });

  it('hides a draft from another organisation without consent, as not found, and logs why', async () => {
    const d = (await t.gql(Q.draft, { i: { patientId: elsa, ...planContent() } }, await t.token('linneaNurse'))).data.draftDeteriorationPlan;
    expect(d.recordedBy.hsaId).toBe(DEMO_ORGS.habo.hsaId);
    const gp = await t.token('erikGp');
    expectError(await t.gql(Q.byId, { id: d.id }, gp), 'NOT_FOUND');
    expectError(await t.gql(Q.sign, { i: { planId: d.id, expectedVersion: 1 } }, gp), 'NOT_FOUND');
    expect((await t.gql(Q.history, { p: elsa }, gp)).data.deteriorationPlanHistory.edges).toEqual([]);
    const conflictRes = await t.gql(Q.draft, { i: { patientId: elsa } }, gp);
    expect(expectError(conflictRes, 'CONFLICT').extensions.draftPlanId).toBeUndefined();
    expect((await auditRows(t, elsa, 'deteriorationPlan')).map((r) => [r.outcome, r.details?.reason])).toEqual([['REFUSED', 'no-consent']]);
    expect((await auditRows(t, elsa, 'signDeteriorationPlan')).map((r) => [r.outcome, r.details?.reason])).toEqual([['REFUSED', 'no-consent']]);
    await t.gql(Q.withdraw, { i: { planId: d.id, expectedVersion: 1, reason: 'Läkaren skriver planen' } }, await t.token('linneaNurse'));
  });

  it('shows the GP’s signed plan to the municipality only once the patient consents, and not when blocked', async () => {
    const signed = await draftAndSign(t, elsa, 'erikGp', 'erikGp');
    const nurse = await t.token('linneaNurse');
    expect((await t.gql(Q.active, { p: elsa }, nurse)).data.activeDeteriorationPlan).toBeNull();
    expect((await evaluate([{ kind: 'RESPIRATORY_RATE', value: 30 }], elsa, 'linneaNurse')).plan).toBeNull();
    const consent = await t.gql(
      `mutation($i: RecordConsentInput!) { recordConsent(input: $i) { id } }`,
      { i: { patientId: elsa, kind: 'INFORMATION_SHARING', givenBy: 'PATIENT', scope: 'CARE_TEAM', validFrom: '2026-11-20' } },
      nurse,
    );
    expect(consent.errors).toBeUndefined();
    expect((await t.gql(Q.active, { p: elsa }, nurse)).data.activeDeteriorationPlan.id).toBe(signed.id);
    expect((await evaluate([{ kind: 'RESPIRATORY_RATE', value: 30 }], elsa, 'linneaNurse')).matchedOrders).toEqual([1]);
    const block = await t.gql(`mutation($p: ID!) { blockInformation(patientId: $p) { id } }`, { p: elsa }, await t.token('erikGp'));
    expect(block.errors).toBeUndefined();
    expect((await t.gql(Q.active, { p: elsa }, nurse)).data.activeDeteriorationPlan).toBeNull();
    expectError(await t.gql(Q.byId, { id: signed.id }, nurse), 'NOT_FOUND');
    expect((await auditRows(t, elsa, 'deteriorationPlan')).at(-1)).toMatchObject({ outcome: 'REFUSED', details: { reason: 'blocked' } });
    const history = (await t.gql(Q.history, { p: elsa }, nurse)).data.deteriorationPlanHistory.edges.map((e: any) => [e.node.planVersion, e.node.status]);
    expect(history).toEqual([[1, 'WITHDRAWN']]); // her own withdrawn draft; the GP’s signed version 2 is blocked
    // A physician who cannot see the active plan (blocked) cannot supersede it unseen.
    const ekdalen = await t.orgId('vcEkdalen');
    const added = await t.gql(
      `mutation($i: AddCareTeamMemberInput!) { addCareTeamMember(input: $i) { id } }`,
      { i: { patientId: elsa, organisationId: ekdalen, reason: 'Ny fast läkarkontakt' } },
      nurse,
    );
    expect(added.errors).toBeUndefined();
    const d = (await t.gql(Q.draft, { i: { patientId: elsa, ...planContent() } }, nurse)).data.draftDeteriorationPlan;
    const res = await t.gql(Q.sign, { i: { planId: d.id, expectedVersion: 1 } }, await t.token('nilsGp'));
    expect(expectError(res, 'PRECONDITION_FAILED').message).toMatch(/superseded unseen/);
    expect((await auditRows(t, elsa, 'signDeteriorationPlan')).at(-1)).toMatchObject({ outcome: 'REFUSED', details: { reason: 'active-plan-hidden' } });
    expect((await t.sql(`SELECT status FROM deterioration_plan WHERE id = $1`, [signed.id]))[0].status).toBe('ACTIVE');
  });
});
