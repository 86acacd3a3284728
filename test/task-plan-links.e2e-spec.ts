import { DemoOrgKey } from '../src/demo/region';
import { Q as PQ } from './helpers/deterioration';
import { auditMark, auditSince, patientId } from './helpers/patients';
import { ADD_ITEM, DECIDE, NOW, orgIds, pinClock, planRound, staffIds, START_ROUND } from './helpers/rounds';
import { expectError, startTestApp, TestApp } from './helpers/test-app';

/**
 * Tasks linked to Esther's plans (demo data: her SIP, version 2 in force, and her deterioration
 * plan, version 1, signed by her GP): decided at a round, shown on the plans, completed with the
 * new version that fulfilled them. Links to another patient's plans are refused.
 */
let t: TestApp;
let org: Record<DemoOrgKey, string>;
let staff: Record<'erikGp' | 'annaNurse' | 'mariaCoordinator', string>;
let esther: string;
let gunnar: string;
let sip: string;
let action3: string;
let plan1: string;
const items: Record<string, string> = {};
const tasks: Record<string, string> = {};
const MISSING = '00000000-0000-4000-8000-000000000000';
const TASK_FIELDS = 'id title status carePlanId carePlanActionId deteriorationPlanId fulfilledBy { kind planId version } withheld';
const COMPLETE = `mutation($i: CompleteTaskInput!) { completeTask(input: $i) { ${TASK_FIELDS} } }`;
const SIP = `query($id: ID!) { carePlan(id: $id) { id version publishedVersionNumber tasks { ${TASK_FIELDS} }
  draft { actions { id description kind responsibleOrganisationId responsibleStaffId performedBy startDate endDate status } } } }`;
const PLAN_TASKS = `query($id: ID!) { deteriorationPlan(id: $id) { id status tasks { ${TASK_FIELDS} } } }`;

async function ok(query: string, variables: Record<string, unknown>, who: Parameters<TestApp['token']>[0], role?: string) {
  const res = await t.gql(query, variables, await t.token(who, undefined, role));
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

beforeAll(async () => {
  t = await startTestApp();
  pinClock(t);
  org = await orgIds(t);
  staff = await staffIds(t, ['erikGp', 'annaNurse', 'mariaCoordinator']);
  esther = await patientId(t, 'esther');
  gunnar = await patientId(t, 'gunnar');
  [{ id: sip }] = await t.sql(`SELECT id FROM care_plan WHERE patient_id = $1 AND status = 'ACTIVE'`, [esther]);
  [{ id: action3 }] = await t.sql(`SELECT id FROM care_plan_action WHERE care_plan_id = $1 AND position = 2`, [sip]);
  [{ id: plan1 }] = await t.sql(`SELECT id FROM deterioration_plan WHERE patient_id = $1 AND status = 'ACTIVE'`, [esther]);
  const round = await planRound(t, 'erikGp', { startsAt: '2026-11-22T08:00:00Z', participatingOrganisationIds: [org.jonkoping] });
  for (const [key, id] of [
    ['esther', esther],
    ['gunnar', gunnar],
  ])
    items[key] = (await ok(ADD_ITEM, { i: { roundId: round, patientId: id } }, 'erikGp')).addAgendaItem.id;
  await ok(START_ROUND, { id: round }, 'erikGp');
});
afterAll(async () => {
  pinClock(t, NOW);
  await t.close();
});

/** Records a decision as Erik (the round's GP) and returns the response. */
async function decideAsGp(item: string, task: Record<string, unknown>) {
  const i = {
    itemId: item,
    text: 'Beslut vid ronden',
    task: { title: 'Uppgift', dueDate: '2026-11-30', assignee: { organisationId: org.jonkoping, role: 'NURSE' }, ...task },
  };
  return t.gql(DECIDE, { i }, await t.token('erikGp'));
}

describe('links from a decision to plans', () => {
  it('refuses a plan of another patient exactly like one that does not exist, naming the field, writing nothing', async () => {
    const gunnarSip = (
      await ok(
        `mutation($i: CreateCarePlanInput!) { createCarePlan(input: $i) { id } }`,
        { i: { patientId: gunnar, reason: 'Behov av samordning' } },
        'annaNurse',
      )
    ).createCarePlan.id;
    const gunnarPlan = (
      await ok(
        `mutation($i: DraftDeteriorationPlanInput!) { draftDeteriorationPlan(input: $i) { id } }`,
        { i: { patientId: gunnar, conditions: ['KOL'] } },
        'erikGp',
      )
    ).draftDeteriorationPlan.id;
    const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM task`);
    const mark = await auditMark(t);
    const refused = async (task: Record<string, unknown>) => expectError(await decideAsGp(items.esther, task), 'BAD_USER_INPUT').extensions.fields;
    const otherPatients = await refused({ carePlanId: gunnarSip, deteriorationPlanId: gunnarPlan });
    const missing = await refused({ carePlanId: MISSING, deteriorationPlanId: MISSING });
    expect(otherPatients).toEqual([
      { field: 'input.task.carePlanId', message: 'is not a SIP of this patient that you may read' },
      { field: 'input.task.deteriorationPlanId', message: 'is not a deterioration plan of this patient that you may see' },
    ]);
    expect(missing).toEqual(otherPatients);
    // An action must belong to the SIP linked, and needs it.
    expect(await refused({ carePlanId: sip, carePlanActionId: MISSING })).toEqual([
      { field: 'input.task.carePlanActionId', message: 'is not an action of that SIP' },
    ]);
    expect(await refused({ carePlanActionId: action3 })).toEqual([
      { field: 'input.task.carePlanActionId', message: 'needs carePlanId (the SIP the action belongs to)' },
    ]);
    // Gunnar's own plans are fine for a decision about Gunnar.
    expect((await decideAsGp(items.gunnar, { carePlanId: gunnarSip, deteriorationPlanId: gunnarPlan })).errors).toBeUndefined();
    expect((await t.sql(`SELECT count(*)::int AS n FROM task`))[0].n).toBe(n + 1);
    expect((await auditSince(t, mark)).filter((r) => r.patient_id === esther).map((r) => [r.operation, r.outcome, r.details?.reason])).toEqual(
      Array(4).fill(['recordDecision', 'FAILED', 'bad_user_input']),
    );
  });

  it('creates a task about SIP action 3 and one about the deterioration plan; each shows on its plan', async () => {
    const a = await decideAsGp(items.esther, {
      title: 'Uppdatera SIP: insats 3, tillsyn nattetid',
      assignee: { organisationId: org.jonkoping, role: 'CARE_COORDINATOR' },
      carePlanId: sip,
      carePlanActionId: action3,
    });
    expect(a.data.recordDecision.task).toMatchObject({ carePlanId: sip, carePlanActionId: action3, deteriorationPlanId: null });
    tasks.sip = a.data.recordDecision.task.id;
    const b = await decideAsGp(items.esther, {
      title: 'Se över handlingsplanen vid försämring',
      assignee: { organisationId: org.vcSjobacken, staffId: staff.erikGp },
      dueDate: '2026-11-27',
      deteriorationPlanId: plan1,
    });
    expect(b.data.recordDecision.task).toMatchObject({ deteriorationPlanId: plan1, carePlanId: null });
    tasks.plan = b.data.recordDecision.task.id;

    const onSip = (await ok(SIP, { id: sip }, 'annaNurse')).carePlan.tasks;
    expect(onSip).toEqual([
      expect.objectContaining({ id: tasks.sip, title: 'Uppdatera SIP: insats 3, tillsyn nattetid', status: 'OPEN', carePlanActionId: action3, withheld: [] }),
    ]);
    const active = await ok(`query($p: ID!) { activeDeteriorationPlan(patientId: $p) { id tasks { id title status } } }`, { p: esther }, 'erikGp');
    expect(active.activeDeteriorationPlan).toEqual({ id: plan1, tasks: [{ id: tasks.plan, title: 'Se över handlingsplanen vid försämring', status: 'OPEN' }] });
    // Reading the plan is logged once, as before; its tasks add no audit rows of their own.
    const mark = await auditMark(t);
    await ok(PLAN_TASKS, { id: plan1 }, 'annaNurse');
    expect((await auditSince(t, mark)).map((r) => r.operation)).toEqual(['deteriorationPlan']);
  });

  it('a SIP action a task refers to cannot be removed from the plan; it is changed or ended instead', async () => {
    let read = (await ok(SIP, { id: sip }, 'mariaCoordinator', 'CARE_COORDINATOR')).carePlan;
    const revised = await ok(
      `mutation($i: CarePlanLifecycleInput!) { reviseCarePlan(input: $i) { version } }`,
      { i: { carePlanId: sip, expectedVersion: read.version } },
      'mariaCoordinator',
      'CARE_COORDINATOR',
    );
    read = (await ok(SIP, { id: sip }, 'mariaCoordinator', 'CARE_COORDINATOR')).carePlan;
    expect(read.version).toBe(revised.reviseCarePlan.version);
    const UPDATE = `mutation($i: UpdateCarePlanDraftInput!) { updateCarePlanDraft(input: $i) { version } }`;
    const actions = read.draft.actions as Array<Record<string, unknown>>;
    const without = actions.filter((x) => x.id !== action3);
    const removal = await t.gql(
      UPDATE,
      { i: { carePlanId: sip, expectedVersion: read.version, actions: without } },
      await t.token('mariaCoordinator', undefined, 'CARE_COORDINATOR'),
    );
    expect(expectError(removal, 'PRECONDITION_FAILED').message).toMatch(/task refers to an action/);
    const changed = actions.map((x) => (x.id === action3 ? { ...x, description: `${x.description} Tillsyn även nattetid, kl. 23 och 03.` } : x));
    const updated = await ok(UPDATE, { i: { carePlanId: sip, expectedVersion: read.version, actions: changed } }, 'mariaCoordinator', 'CARE_COORDINATOR');
    const published = await ok(
      `mutation($i: CarePlanLifecycleInput!) { publishCarePlan(input: $i) { publishedVersionNumber } }`,
      { i: { carePlanId: sip, expectedVersion: updated.updateCarePlanDraft.version } },
      'mariaCoordinator',
      'CARE_COORDINATOR',
    );
    expect(published.publishCarePlan.publishedVersionNumber).toBe(3);
    // The action kept its row (and id) through the revision.
    expect(await t.sql(`SELECT id FROM care_plan_action WHERE id = $1`, [action3])).toEqual([{ id: action3 }]);
  });

  it('completes the SIP task naming the version that fulfilled it; a version that does not exist is refused', async () => {
    const as = await t.token('mariaCoordinator', undefined, 'CARE_COORDINATOR');
    const attempt = (fulfilledBy: Record<string, unknown>) =>
      t.gql(COMPLETE, { i: { taskId: tasks.sip, outcome: 'Insats 3 uppdaterad; version 3 publicerad.', fulfilledBy } }, as);
    const [{ id: gunnarSip }] = await t.sql(`SELECT id FROM care_plan WHERE patient_id = $1`, [gunnar]);
    expect(expectError(await attempt({ kind: 'CARE_PLAN', planId: sip, version: 9 }), 'BAD_USER_INPUT').extensions.fields).toEqual([
      { field: 'input.fulfilledBy.version', message: 'is not a published version of that SIP' },
    ]);
    expect(expectError(await attempt({ kind: 'CARE_PLAN', planId: gunnarSip, version: 1 }), 'BAD_USER_INPUT').extensions.fields).toEqual([
      { field: 'input.fulfilledBy.planId', message: 'is not a SIP of this patient that you may read' },
    ]);
    expect(expectError(await attempt({ kind: 'DETERIORATION_PLAN', planId: sip }), 'BAD_USER_INPUT').extensions.fields).toEqual([
      { field: 'input.fulfilledBy.planId', message: 'is not a deterioration plan of this patient that you may see' },
    ]);
    expect((await t.sql(`SELECT status FROM task WHERE id = $1`, [tasks.sip]))[0].status).toBe('OPEN');
    const done = await attempt({ kind: 'CARE_PLAN', planId: sip, version: 3 });
    expect(done.errors).toBeUndefined();
    expect(done.data.completeTask).toMatchObject({ status: 'COMPLETED', fulfilledBy: { kind: 'CARE_PLAN', planId: sip, version: 3 } });
    expect((await ok(SIP, { id: sip }, 'erikGp')).carePlan.tasks).toEqual([
      expect.objectContaining({ id: tasks.sip, status: 'COMPLETED', fulfilledBy: { kind: 'CARE_PLAN', planId: sip, version: 3 } }),
    ]);
  });

  it('completes the deterioration-plan task with the version the GP signed; its number is filled in', async () => {
    const draft = (await ok(PQ.revise, { p: esther }, 'erikGp')).reviseDeteriorationPlan;
    const gp = await t.token('erikGp');
    const asGp = (fulfilledBy: Record<string, unknown>) =>
      t.gql(COMPLETE, { i: { taskId: tasks.plan, outcome: 'Planen översedd; ny version signerad.', fulfilledBy } }, gp);
    expect(expectError(await asGp({ kind: 'DETERIORATION_PLAN', planId: draft.id }), 'BAD_USER_INPUT').extensions.fields).toEqual([
      { field: 'input.fulfilledBy.planId', message: 'is an unsigned draft; name the signed version that fulfilled the task' },
    ]);
    const moved = (await ok(PQ.update, { i: { planId: draft.id, expectedVersion: draft.version, reviewDate: '2027-09-15' } }, 'erikGp'))
      .updateDeteriorationPlanDraft;
    const plan2 = (await ok(PQ.sign, { i: { planId: moved.id, expectedVersion: moved.version } }, 'erikGp')).signDeteriorationPlan;
    expect(plan2.planVersion).toBe(2);
    expect(expectError(await asGp({ kind: 'DETERIORATION_PLAN', planId: plan2.id, version: 1 }), 'BAD_USER_INPUT').extensions.fields).toEqual([
      { field: 'input.fulfilledBy.version', message: 'is not the number of that version (it is 2)' },
    ]);
    const done = await asGp({ kind: 'DETERIORATION_PLAN', planId: plan2.id });
    expect(done.data.completeTask).toMatchObject({
      status: 'COMPLETED',
      deteriorationPlanId: plan1,
      fulfilledBy: { kind: 'DETERIORATION_PLAN', planId: plan2.id, version: 2 },
    });
    // The task stays on the (now superseded) version it was about.
    expect((await ok(PLAN_TASKS, { id: plan1 }, 'annaNurse')).deteriorationPlan).toMatchObject({
      status: 'SUPERSEDED',
      tasks: [{ id: tasks.plan, status: 'COMPLETED' }],
    });
    expect((await ok(PLAN_TASKS, { id: plan2.id }, 'annaNurse')).deteriorationPlan.tasks).toEqual([]);
    // New links go to the active version (or an open draft), not to history.
    expect(expectError(await decideAsGp(items.esther, { deteriorationPlanId: plan1 }), 'BAD_USER_INPUT').extensions.fields).toEqual([
      { field: 'input.task.deteriorationPlanId', message: 'is a SUPERSEDED version; link the active plan or the open draft' },
    ]);
  });

  it('costs the same SQL for the tasks of one plan as of several', async () => {
    const [{ id: plan2 }] = await t.sql(`SELECT id FROM deterioration_plan WHERE patient_id = $1 AND status = 'ACTIVE'`, [esther]);
    // Earliest due first (the tie-break is the id).
    for (const [title, dueDate] of [
      ['Uppföljande hembesök', '2026-12-01'],
      ['Vikt dagligen i en vecka', '2026-11-29'],
    ]) {
      expect((await decideAsGp(items.esther, { title, dueDate, deteriorationPlanId: plan2 })).errors).toBeUndefined();
    }
    const HISTORY = `query($p: ID!, $n: Int) { deteriorationPlanHistory(patientId: $p, first: $n) { edges { node { planVersion tasks { title assignee { organisation { name } staff { name } } createdBy { name } } } } } }`;
    const one = await t.gql(HISTORY, { p: esther, n: 1 }, await t.token('annaNurse'));
    const two = await t.gql(HISTORY, { p: esther, n: 2 }, await t.token('annaNurse'));
    expect(one.data.deteriorationPlanHistory.edges.map((e: any) => [e.node.planVersion, e.node.tasks.map((x: any) => x.title)])).toEqual([
      [2, ['Vikt dagligen i en vecka', 'Uppföljande hembesök']],
    ]);
    expect(two.data.deteriorationPlanHistory.edges.map((e: any) => [e.node.planVersion, e.node.tasks.length])).toEqual([
      [2, 2],
      [1, 1],
    ]);
    expect(two.extensions?.sqlStatements).toBe(one.extensions?.sqlStatements);
  });
});
