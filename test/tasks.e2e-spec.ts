import { DemoOrgKey } from '../src/demo/region';
import { DEMO_ROUND_IDS } from '../src/demo/rounds';
import { auditMark, auditSince, patientId } from './helpers/patients';
import { ADD_ITEM, DECIDE, NOTES, NOW, orgIds, pinClock, planRound, staffIds, START_ROUND } from './helpers/rounds';
import { expectError, startTestApp, TestApp } from './helpers/test-app';

let t: TestApp;
let org: Record<DemoOrgKey, string>;
let staff: Record<'erikGp' | 'annaNurse' | 'karinNurse', string>;
let p: Record<'esther' | 'gunnar' | 'ingrid' | 'protected', string>;
const items: Record<string, string> = {};
const tasks: Record<string, string> = {};
const MISSING = '00000000-0000-4000-8000-000000000000';
const LIST = (field: string, args = '') =>
  `query($a: String) { ${field}(after: $a${args}) { edges { node { id title dueDate overdue assignedToMe status patient { givenName } } } pageInfo { hasNextPage endCursor } } }`;
const titles = (res: any, field: string) => res.data[field].edges.map((e: any) => e.node.title);

/**
 * A round held a week ago (clock pinned then) whose decisions made tasks for Jönköping: two for the
 * NURSE role (one now overdue), one named to Anna, one named to Karin. Plus the demo task for the
 * care coordinators (due 2026-11-20, overdue).
 */
beforeAll(async () => {
  t = await startTestApp();
  org = await orgIds(t);
  staff = await staffIds(t, ['erikGp', 'annaNurse', 'karinNurse']);
  p = Object.fromEntries(await Promise.all((['esther', 'gunnar', 'ingrid', 'protected'] as const).map(async (k) => [k, await patientId(t, k)]))) as typeof p;
  pinClock(t, new Date('2026-11-15T10:00:00Z'));
  const round = await planRound(t, 'erikGp', { startsAt: '2026-11-15T08:00:00Z', participatingOrganisationIds: [org.jonkoping] });
  for (const key of ['gunnar', 'ingrid', 'protected'] as const)
    items[key] = (await t.gql(ADD_ITEM, { i: { roundId: round, patientId: p[key] } }, await t.token('erikGp'))).data.addAgendaItem.id;
  await t.gql(START_ROUND, { id: round }, await t.token('erikGp'));
  const make = async (key: string, item: string, due: string, assignee: Record<string, unknown>) => {
    const res = await t.gql(
      DECIDE,
      { i: { itemId: item, text: `Beslut: ${key}`, task: { title: key, dueDate: due, assignee: { organisationId: org.jonkoping, ...assignee } } } },
      await t.token('erikGp'),
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    tasks[key] = res.data.recordDecision.task.id;
  };
  await make('Blodtryckskontroll', items.gunnar, '2026-11-18', { role: 'NURSE' });
  await make('Läkemedelsgenomgång', items.ingrid, '2026-11-29', { role: 'NURSE' });
  await make('Såromläggning', items.gunnar, '2026-11-24', { staffId: staff.annaNurse });
  await make('Hembesök med anhörig', items.ingrid, '2026-11-26', { staffId: staff.karinNurse });
  await make('Vikt två gånger i veckan', items.protected, '2026-11-30', { role: 'NURSE' });
  pinClock(t, NOW);
});
afterAll(() => t.close());

describe('my tasks and my organisation’s tasks', () => {
  it('lists mine — named to me, or to my organisation and role — open, earliest due first, overdue flagged', async () => {
    const res = await t.gql(LIST('myTasks'), {}, await t.token('annaNurse'));
    expect(res.errors).toBeUndefined();
    expect(res.data.myTasks.edges.map((e: any) => [e.node.title, e.node.overdue, e.node.assignedToMe])).toEqual([
      ['Blodtryckskontroll', true, true],
      ['Såromläggning', false, true],
      ['Läkemedelsgenomgång', false, true],
      ['Vikt två gånger i veckan', false, true],
    ]);
  });

  it('acting in another role shows that role’s tasks: the care coordinators’ SIP task', async () => {
    const asCoordinator = await t.gql(LIST('myTasks'), {}, await t.token('mariaCoordinator', 'jonkoping', 'CARE_COORDINATOR'));
    expect(asCoordinator.data.myTasks.edges.map((e: any) => [e.node.id, e.node.overdue, e.node.patient.givenName])).toEqual([
      [DEMO_ROUND_IDS.estherSipTask, true, 'Esther'],
    ]);
    const asNurse = await t.gql(LIST('myTasks'), {}, await t.token('mariaCoordinator', 'jonkoping', 'NURSE'));
    expect(titles(asNurse, 'myTasks')).toEqual(['Blodtryckskontroll', 'Läkemedelsgenomgång', 'Vikt två gånger i veckan']);
  });

  it('lists the organisation’s tasks whoever they are for, page by page, one audit row per patient', async () => {
    const token = await t.token('karinNurse');
    const mark = await auditMark(t);
    const page1 = await t.gql(`query { organisationTasks(first: 3) { edges { node { title assignedToMe } } pageInfo { hasNextPage endCursor } } }`, {}, token);
    expect(page1.data.organisationTasks.edges.map((e: any) => [e.node.title, e.node.assignedToMe])).toEqual([
      ['Blodtryckskontroll', true],
      [expect.stringMatching(/Uppdatera Esthers SIP/), false],
      ['Såromläggning', false],
    ]);
    expect(page1.data.organisationTasks.pageInfo.hasNextPage).toBe(true);
    const page2 = await t.gql(LIST('organisationTasks'), { a: page1.data.organisationTasks.pageInfo.endCursor }, token);
    expect(titles(page2, 'organisationTasks')).toEqual(['Hembesök med anhörig', 'Läkemedelsgenomgång', 'Vikt två gånger i veckan']);
    expect(page2.data.organisationTasks.pageInfo.hasNextPage).toBe(false);
    const rows = await auditSince(t, mark);
    expect(
      rows
        .filter((r) => r.operation === 'organisationTasks')
        .map((r) => r.patient_id)
        .sort(),
    ).toEqual([p.gunnar, p.esther, p.ingrid, p.protected].sort());
    expect(await t.gql(LIST('organisationTasks'), {}, await t.token('erikGp'))).toMatchObject({ data: { organisationTasks: { edges: [] } } });
  });

  it('costs the same SQL for one task as for six, nested fields included', async () => {
    const DEEP = `query($n: Int) { organisationTasks(first: $n) { edges { node { title assignee { staff { name } organisation { name } } createdBy { name } createdByOrganisation { name }
      patient { givenName activeEnrollment { namedNurse { name } } } decision { text decidedBy { name } } } } } }`;
    const token = await t.token('karinNurse');
    const one = await t.gql(DEEP, { n: 1 }, token);
    const six = await t.gql(DEEP, { n: 6 }, token);
    expect(one.errors).toBeUndefined();
    expect(six.data.organisationTasks.edges).toHaveLength(6);
    expect(six.data.organisationTasks.edges[0].node.decision).toEqual({ text: 'Beslut: Blodtryckskontroll', decidedBy: { name: 'Erik Sjöberg' } });
    expect(six.extensions?.sqlStatements).toBe(one.extensions?.sqlStatements);
  });

  it('refuses a cursor it did not make, and roles that take no part in care', async () => {
    expect(expectError(await t.gql(LIST('myTasks'), { a: 'bm9wZQ' }, await t.token('annaNurse')), 'BAD_USER_INPUT').extensions.fields).toEqual([
      { field: 'after', message: expect.any(String) },
    ]);
    for (const who of ['perAdmin', 'evaManager'] as const) expectError(await t.gql(LIST('myTasks'), {}, await t.token(who)), 'FORBIDDEN');
  });
});

describe('one task', () => {
  const TASK = `query($id: ID!) { task(id: $id) { id title outcome withheld status patient { id } } }`;

  it('is read by organisations caring for the patient; others are refused as for a missing patient', async () => {
    expect((await t.gql(TASK, { id: tasks.Såromläggning }, await t.token('erikGp'))).data.task).toMatchObject({ title: 'Såromläggning', withheld: [] });
    const missing = expectError(await t.gql(TASK, { id: MISSING }, await t.token('linneaNurse')), 'NOT_FOUND');
    expect(missing.message).toBe('Task not found');
    expect(expectError(await t.gql(TASK, { id: tasks.Såromläggning }, await t.token('linneaNurse')), 'NOT_FOUND').message).toBe(missing.message);
    expect(expectError(await t.gql(TASK, { id: tasks.Såromläggning }, await t.token('perAdmin')), 'NOT_FOUND').message).toBe(missing.message);
  });

  it('hides the free text from an organisation outside the task without the patient’s consent', async () => {
    // Maj (protected identity) has not consented to information sharing; the hospital ward joins her care team.
    const add = await t.gql(
      `mutation($i: AddCareTeamMemberInput!) { addCareTeamMember(input: $i) { id } }`,
      { i: { patientId: p.protected, organisationId: org.wardMedicine, reason: 'Inlagd på M1' } },
      await t.token('annaNurse'),
    );
    expect(add.errors).toBeUndefined();
    const ward = await t.gql(TASK, { id: tasks['Vikt två gånger i veckan'] }, await t.token('emmaNurse'));
    expect(ward.data.task).toMatchObject({ title: null, withheld: ['NO_CONSENT'], status: 'OPEN' });
    expect((await t.gql(TASK, { id: tasks['Vikt två gånger i veckan'] }, await t.token('annaNurse'))).data.task.title).toBe('Vikt två gånger i veckan');
  });

  it('round notes follow the same rule: another principal’s notes are withheld without consent and cannot be overwritten', async () => {
    const saved = await t.gql(NOTES, { i: { itemId: items.protected, notes: 'Viktuppgång, oro nattetid.', expectedVersion: 1 } }, await t.token('annaNurse'));
    expect(saved.errors).toBeUndefined();
    const READ = `query($id: ID!) { round(id: $id) { agenda { id notes withheld notesVersion patient { id } } } }`;
    const roundId = (await t.sql(`SELECT round_id FROM round_agenda_item WHERE id = $1`, [items.protected]))[0].round_id;
    const gp = (await t.gql(READ, { id: roundId }, await t.token('erikGp'))).data.round.agenda.find((i: any) => i.id === items.protected);
    expect(gp).toMatchObject({ notes: null, withheld: ['NO_CONSENT'], notesVersion: 2 });
    const overwrite = await t.gql(NOTES, { i: { itemId: items.protected, notes: 'Ny text', expectedVersion: 2 } }, await t.token('erikGp'));
    expect(expectError(overwrite, 'PRECONDITION_FAILED').message).toMatch(/not allowed to see/);
    expect(JSON.stringify(overwrite)).not.toMatch(/Viktuppgång|Maj|Skyddad/);
  });

  it('shows the patient’s open tasks on the patient, a page at a time', async () => {
    const res = await t.gql(
      `query($id: ID!) { patient(id: $id) { openTaskCount openTasks(first: 20) { edges { node { title overdue } } pageInfo { hasNextPage } } } }`,
      { id: p.gunnar },
      await t.token('annaNurse'),
    );
    expect(res.data.patient.openTasks.edges.map((e: any) => e.node)).toEqual([
      { title: 'Blodtryckskontroll', overdue: true },
      { title: 'Såromläggning', overdue: false },
    ]);
    expect(res.data.patient).toMatchObject({ openTaskCount: 2, openTasks: { pageInfo: { hasNextPage: false } } });
  });
});

describe('completing and cancelling', () => {
  const CANCEL = `mutation($i: CancelTaskInput!) { cancelTask(input: $i) { status cancelledAt cancellationReason } }`;
  const COMPLETE = `mutation($i: CompleteTaskInput!) { completeTask(input: $i) { status outcome completedBy { name } } }`;

  it('a named task is completed by that person only', async () => {
    expectError(await t.gql(COMPLETE, { i: { taskId: tasks.Såromläggning, outcome: 'Klart' } }, await t.token('karinNurse')), 'FORBIDDEN');
    const done = await t.gql(COMPLETE, { i: { taskId: tasks.Såromläggning, outcome: 'Omlagt, läker fint.' } }, await t.token('annaNurse'));
    expect(done.data.completeTask).toEqual({ status: 'COMPLETED', outcome: 'Omlagt, läker fint.', completedBy: { name: 'Anna Nilsson' } });
    const completed = await t.gql(LIST('myTasks', ', status: COMPLETED'), {}, await t.token('annaNurse'));
    expect(titles(completed, 'myTasks')).toEqual(['Såromläggning']);
  });

  it('is cancelled by the assignee or the organisation that made it, with a reason; others are refused', async () => {
    expectError(await t.gql(CANCEL, { i: { taskId: tasks['Hembesök med anhörig'], reason: 'x' } }, await t.token('annaNurse')), 'FORBIDDEN');
    expect(
      expectError(await t.gql(CANCEL, { i: { taskId: tasks['Hembesök med anhörig'], reason: '' } }, await t.token('sofiaNurse')), 'BAD_USER_INPUT').extensions
        .fields,
    ).toEqual([{ field: 'input.reason', message: 'must not be empty' }]);
    const res = await t.gql(
      CANCEL,
      { i: { taskId: tasks['Hembesök med anhörig'], reason: 'Anhörig bor utomlands; telefonmöte i stället.' } },
      await t.token('sofiaNurse'),
    );
    expect(res.data.cancelTask).toEqual({
      status: 'CANCELLED',
      cancelledAt: NOW.toISOString(),
      cancellationReason: 'Anhörig bor utomlands; telefonmöte i stället.',
    });
    expectError(await t.gql(CANCEL, { i: { taskId: tasks['Hembesök med anhörig'], reason: 'igen' } }, await t.token('karinNurse')), 'CONFLICT');
    expectError(await t.gql(COMPLETE, { i: { taskId: tasks['Hembesök med anhörig'], outcome: 'x' } }, await t.token('karinNurse')), 'CONFLICT');
  });

  it('refuses an organisation without a care relationship as a missing patient, and logs it', async () => {
    const mark = await auditMark(t);
    expectError(await t.gql(COMPLETE, { i: { taskId: tasks.Läkemedelsgenomgång, outcome: 'x' } }, await t.token('linneaNurse')), 'NOT_FOUND');
    expect((await auditSince(t, mark)).map((r) => [r.operation, r.outcome, r.patient_id])).toEqual([['completeTask', 'REFUSED', p.ingrid]]);
    expect((await t.sql(`SELECT status FROM task WHERE id = $1`, [tasks.Läkemedelsgenomgång]))[0].status).toBe('OPEN');
  });
});
