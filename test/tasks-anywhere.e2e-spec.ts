import { EventBus } from '../src/events/event-bus';
import { InboxEventKind } from '../src/events/inbox-event';
import { DEMO_TASK_IDS } from '../src/demo/tasks';
import { auditMark, auditSince, patientId, pnr } from './helpers/patients';
import { NOW, pinClock } from './helpers/rounds';
import { expectError, startTestApp, TestApp } from './helpers/test-app';

/**
 * Tasks anywhere: a task made on its own or from a handover, a SIP follow-up or a SIP meeting (not
 * only at a round), accepted, declined with a reason or reassigned by its assignee, with its
 * assignment history. Esther's care: Jönköping's home healthcare, Vårdcentralen Sjöbacken and the
 * mobile team (care team); Habo has no care relationship with her.
 */

let t: TestApp;
let esther: string;
let org: Record<'jonkoping' | 'vcSjobacken' | 'mobileTeam' | 'habo', string>;
let erik: string;
const src: Record<'handover' | 'karlHandover' | 'followUp' | 'meeting' | 'episode', string> = {} as never;
const MISSING = '00000000-0000-4000-8000-000000000000';

const FIELDS = `id status overdue assignedToMe dueDate title source { kind id }
  assignee { role staff { name } organisation { name } }
  assignmentHistory { kind reason by { name } byOrganisation { name } assignee { role staff { name } organisation { name } } }`;
const CREATE = `mutation($i: CreateTaskInput!) { createTask(input: $i) { ${FIELDS} } }`;
const ACCEPT = `mutation($i: AcceptTaskInput!) { acceptTask(input: $i) { ${FIELDS} } }`;
const DECLINE = `mutation($i: DeclineTaskInput!) { declineTask(input: $i) { ${FIELDS} } }`;
const REASSIGN = `mutation($i: ReassignTaskInput!) { reassignTask(input: $i) { ${FIELDS} } }`;
const COMPLETE = `mutation($i: CompleteTaskInput!) { completeTask(input: $i) { id status } }`;
const CANCEL = `mutation($i: CancelTaskInput!) { cancelTask(input: $i) { id status } }`;
const TASK = `query($id: ID!) { task(id: $id) { ${FIELDS} } }`;

/** A task input for Esther, as Anna (Jönköping) would give it; `extra` overrides. */
const input = (extra: Record<string, unknown> = {}) => ({
  patientId: esther,
  title: 'Kontrollera vikt och ödem',
  dueDate: '2026-11-27',
  assignee: { organisationId: org.jonkoping, role: 'NURSE' },
  ...extra,
});

type Who = Parameters<TestApp['token']>[0];

async function create(who: Who, extra: Record<string, unknown> = {}) {
  const res = await t.gql(CREATE, { i: input(extra) }, await t.token(who));
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.createTask;
}

const reassign = async (taskId: string, assignee: Record<string, unknown>, who: Who) => t.gql(REASSIGN, { i: { taskId, assignee } }, await t.token(who));

const taskCount = async () => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM task`))[0].n;

/** What the next requests announce on the event bus. */
function watchEvents() {
  const spy = vi.spyOn(t.app.get(EventBus), 'publish');
  return () => {
    const calls = spy.mock.calls.map(([e]) => e);
    spy.mockRestore();
    return calls;
  };
}

beforeAll(async () => {
  t = await startTestApp();
  pinClock(t, NOW);
  esther = await patientId(t, 'esther');
  const karl = await patientId(t, 'karl');
  org = {
    jonkoping: await t.orgId('jonkoping'),
    vcSjobacken: await t.orgId('vcSjobacken'),
    mobileTeam: await t.orgId('mobileTeam'),
    habo: await t.orgId('habo'),
  };
  erik = await t.staffId('erikGp');
  const one = async (sql: string, params: unknown[]) => (await t.sql<{ id: string }>(sql, params))[0].id;
  src.handover = await one(`SELECT id FROM handover WHERE patient_id = $1 AND sender_organisation_id = $2`, [esther, org.vcSjobacken]);
  src.karlHandover = await one(`SELECT id FROM handover WHERE patient_id = $1`, [karl]);
  src.followUp = await one(`SELECT id FROM care_plan_follow_up WHERE patient_id = $1 ORDER BY follow_up_date LIMIT 1`, [esther]);
  src.meeting = await one(`SELECT id FROM care_plan_meeting WHERE patient_id = $1 ORDER BY starts_at DESC LIMIT 1`, [esther]);
  src.episode = await one(`SELECT id FROM deterioration_episode WHERE patient_id = $1 ORDER BY occurred_at DESC LIMIT 1`, [esther]);
});
afterAll(() => t.close());

describe('making a task', () => {
  it('on its own: for a named person in an organisation with a care relationship; the assignee gets an inbox event; audited with the patient', async () => {
    const events = watchEvents();
    const mark = await auditMark(t);
    const task = await create('annaNurse', { assignee: { organisationId: org.vcSjobacken, staffId: erik } });
    expect(task).toMatchObject({
      status: 'OPEN',
      overdue: false,
      assignedToMe: false,
      source: null,
      assignee: { role: null, staff: { name: 'Erik Sjöberg' }, organisation: { name: 'Vårdcentralen Sjöbacken (demo)' } },
      assignmentHistory: [
        {
          kind: 'ASSIGNED',
          reason: null,
          by: { name: 'Anna Nilsson' },
          byOrganisation: { name: 'Hemsjukvården Jönköping (demo)' },
          assignee: { role: null, staff: { name: 'Erik Sjöberg' } },
        },
      ],
    });
    expect(events()).toEqual([expect.objectContaining({ kind: InboxEventKind.TASK_ASSIGNED, patientId: esther, entityId: task.id, staffIds: [erik] })]);
    expect((await auditSince(t, mark)).map((r) => [r.operation, r.outcome, r.patient_id])).toContainEqual(['createTask', 'ALLOWED', esther]);
    expect((await t.sql(`SELECT source_kind, source_id, created_by_organisation_id FROM task WHERE id = $1`, [task.id]))[0]).toEqual({
      source_kind: null,
      source_id: null,
      created_by_organisation_id: org.jonkoping,
    });
  });

  it('from each kind of source: a handover, a SIP follow-up, a SIP meeting and a deterioration episode of the same patient, stored and shown on the task', async () => {
    for (const [kind, id] of [
      ['HANDOVER', src.handover],
      ['CARE_PLAN_FOLLOW_UP', src.followUp],
      ['CARE_PLAN_MEETING', src.meeting],
      ['DETERIORATION_EPISODE', src.episode],
    ] as const) {
      const task = await create('annaNurse', { source: { kind, id }, assignee: { organisationId: org.mobileTeam, role: 'NURSE' } });
      expect(task.source).toEqual({ kind, id });
      expect((await t.gql(TASK, { id: task.id }, await t.token('hannaMobileNurse'))).data.task).toMatchObject({
        source: { kind, id },
        assignedToMe: true,
        assignee: { role: 'NURSE', organisation: { name: 'Mobila teamet Jönköping (demo)' } },
      });
      expect((await t.sql(`SELECT source_kind, source_id FROM task WHERE id = $1`, [task.id]))[0]).toEqual({ source_kind: kind, source_id: id });
    }
  });

  it('a source of another patient is absent, exactly like one that does not exist; refused with the patient, nothing written', async () => {
    const before = await taskCount();
    const mark = await auditMark(t);
    const other = await t.gql(CREATE, { i: input({ source: { kind: 'HANDOVER', id: src.karlHandover } }) }, await t.token('annaNurse'));
    const missing = await t.gql(CREATE, { i: input({ source: { kind: 'HANDOVER', id: MISSING } }) }, await t.token('annaNurse'));
    expect(expectError(other, 'NOT_FOUND').message).toBe('Handover not found');
    expect(expectError(missing, 'NOT_FOUND').message).toBe('Handover not found');
    const wrongKind = await t.gql(CREATE, { i: input({ source: { kind: 'CARE_PLAN_MEETING', id: src.followUp } }) }, await t.token('annaNurse'));
    expect(expectError(wrongKind, 'NOT_FOUND').message).toBe('Meeting not found');
    const rows = await auditSince(t, mark);
    expect(rows.map((r) => [r.operation, r.outcome, r.patient_id, r.details?.reason])).toEqual([
      ['createTask', 'REFUSED', esther, 'source-not-found'],
      ['createTask', 'REFUSED', esther, 'source-not-found'],
      ['createTask', 'REFUSED', esther, 'source-not-found'],
    ]);
    expect(rows[0].details).toMatchObject({ sourceKind: 'HANDOVER', sourceId: src.karlHandover });
    expect(await taskCount()).toBe(before);
  });

  it('a source the caller may not see is absent too: a handover is seen by its sender and receiver only', async () => {
    // The mobile team cares for Esther, but the handover went from the primary care centre to Jönköping.
    const before = await taskCount();
    const hidden = await t.gql(
      CREATE,
      { i: input({ source: { kind: 'HANDOVER', id: src.handover }, assignee: { organisationId: org.mobileTeam, role: 'NURSE' } }) },
      await t.token('hannaMobileNurse'),
    );
    const missing = await t.gql(
      CREATE,
      { i: input({ source: { kind: 'HANDOVER', id: MISSING }, assignee: { organisationId: org.mobileTeam, role: 'NURSE' } }) },
      await t.token('hannaMobileNurse'),
    );
    expect(expectError(hidden, 'NOT_FOUND').message).toBe(expectError(missing, 'NOT_FOUND').message);
    // The sender sees it.
    const fromSender = await t.gql(
      CREATE,
      { i: input({ source: { kind: 'HANDOVER', id: src.handover }, assignee: { organisationId: org.vcSjobacken, role: 'PHYSICIAN' } }) },
      await t.token('sofiaNurse'),
    );
    expect(fromSender.errors).toBeUndefined();
    expect(await taskCount()).toBe(before + 1);
  });

  it('an assignee outside the patient’s care relationships, or a person without an assignment there, is BAD_USER_INPUT naming the field; logged FAILED', async () => {
    const before = await taskCount();
    const mark = await auditMark(t);
    const habo = await t.gql(CREATE, { i: input({ assignee: { organisationId: org.habo, role: 'NURSE' } }) }, await t.token('annaNurse'));
    expect(expectError(habo, 'BAD_USER_INPUT').extensions.fields).toEqual([
      { field: 'input.assignee.organisationId', message: 'has no care relationship with the patient' },
    ]);
    const stranger = await t.gql(CREATE, { i: input({ assignee: { organisationId: org.jonkoping, staffId: erik } }) }, await t.token('annaNurse'));
    expect(expectError(stranger, 'BAD_USER_INPUT').extensions.fields).toEqual([
      { field: 'input.assignee.staffId', message: 'must hold an assignment in that organisation' },
    ]);
    const both = await t.gql(CREATE, { i: input({ assignee: { organisationId: org.jonkoping, staffId: erik, role: 'NURSE' } }) }, await t.token('annaNurse'));
    expect(expectError(both, 'BAD_USER_INPUT').extensions.fields).toContainEqual({
      field: 'input.assignee',
      message: 'give exactly one of staffId (a named person) and role',
    });
    expect((await auditSince(t, mark)).map((r) => [r.operation, r.outcome, r.patient_id])).toEqual([
      ['createTask', 'FAILED', esther],
      ['createTask', 'FAILED', esther],
      ['createTask', 'FAILED', esther],
    ]);
    expect(await taskCount()).toBe(before);
  });

  it('an organisation without a care relationship, and a role outside care, are answered as a missing patient', async () => {
    const none = await t.gql(CREATE, { i: input() }, await t.token('linneaNurse'));
    const missing = await t.gql(CREATE, { i: input({ patientId: MISSING }) }, await t.token('annaNurse'));
    expect(expectError(missing, 'NOT_FOUND').message).toBe('Patient not found');
    expect(expectError(none, 'NOT_FOUND').message).toBe('Patient not found');
    for (const who of ['perAdmin', 'evaManager', 'birgittaMas'] as const)
      expect(expectError(await t.gql(CREATE, { i: input() }, await t.token(who)), 'NOT_FOUND').message).toBe('Patient not found');
  });

  it('bad input is named: an empty title, a due date in the past, a source without an id', async () => {
    const res = await t.gql(CREATE, { i: input({ title: '', dueDate: '2026-11-01' }) }, await t.token('annaNurse'));
    expect(expectError(res, 'BAD_USER_INPUT').extensions.fields!.map((f) => f.field)).toContain('input.title');
    const past = await t.gql(CREATE, { i: input({ dueDate: '2026-11-01' }) }, await t.token('annaNurse'));
    expect(expectError(past, 'BAD_USER_INPUT').extensions.fields).toEqual([{ field: 'input.dueDate', message: 'cannot be in the past' }]);
    const noId = await t.gql(CREATE, { i: input({ source: { kind: 'HANDOVER', id: 'nope' } }) }, await t.token('annaNurse'));
    expect(expectError(noId, 'BAD_USER_INPUT').extensions.fields!.map((f) => f.field)).toEqual(['input.source.id']);
  });
});

describe('accepting, declining and reassigning', () => {
  it('a named task is accepted by that person only, once; audited with the patient', async () => {
    const task = await create('annaNurse', { assignee: { organisationId: org.vcSjobacken, staffId: erik } });
    // The same role in the same organisation is not the named assignee; nor is another organisation.
    expectError(await t.gql(ACCEPT, { i: { taskId: task.id } }, await t.token('fatimaGp')), 'FORBIDDEN');
    expectError(await t.gql(ACCEPT, { i: { taskId: task.id } }, await t.token('annaNurse')), 'FORBIDDEN');
    const mark = await auditMark(t);
    const res = await t.gql(ACCEPT, { i: { taskId: task.id } }, await t.token('erikGp'));
    expect(res.data.acceptTask).toMatchObject({ status: 'ACCEPTED', assignedToMe: true });
    expect(res.data.acceptTask.assignmentHistory.map((h: any) => [h.kind, h.by.name])).toEqual([
      ['ASSIGNED', 'Anna Nilsson'],
      ['ACCEPTED', 'Erik Sjöberg'],
    ]);
    expect((await auditSince(t, mark)).map((r) => [r.operation, r.outcome, r.patient_id])).toEqual([['acceptTask', 'ALLOWED', esther]]);
    expectError(await t.gql(ACCEPT, { i: { taskId: task.id } }, await t.token('erikGp')), 'CONFLICT');
    // An accepted task is still to do: it is completed as before.
    expect((await t.gql(COMPLETE, { i: { taskId: task.id, outcome: 'Provsvar normala.' } }, await t.token('erikGp'))).data.completeTask).toEqual({
      id: task.id,
      status: 'COMPLETED',
    });
    const completed = await t.gql(ACCEPT, { i: { taskId: task.id } }, await t.token('erikGp'));
    expect(expectError(completed, 'CONFLICT').extensions.status).toBe('COMPLETED');
  });

  it('a task for a role is accepted by anyone acting in that role in that organisation, not by another role', async () => {
    const task = await create('annaNurse', { assignee: { organisationId: org.mobileTeam, role: 'NURSE' } });
    expectError(await t.gql(ACCEPT, { i: { taskId: task.id } }, await t.token('mikaelMobilePhysician')), 'FORBIDDEN');
    expect((await t.gql(ACCEPT, { i: { taskId: task.id } }, await t.token('hannaMobileNurse'))).data.acceptTask.status).toBe('ACCEPTED');
  });

  it('declining needs a reason; a declined task is not accepted, completed or overdue, and goes back to the organisation that made it', async () => {
    const task = await create('annaNurse', { assignee: { organisationId: org.vcSjobacken, staffId: erik }, dueDate: '2026-11-23' });
    const noReason = await t.gql(DECLINE, { i: { taskId: task.id, reason: '' } }, await t.token('erikGp'));
    expect(expectError(noReason, 'BAD_USER_INPUT').extensions.fields).toEqual([{ field: 'input.reason', message: 'must not be empty' }]);
    const missingReason = await t.gql(`mutation($i: DeclineTaskInput!) { declineTask(input: $i) { id } }`, { i: { taskId: task.id } }, await t.token('erikGp'));
    expectError(missingReason, 'BAD_USER_INPUT');
    expectError(await t.gql(DECLINE, { i: { taskId: task.id, reason: 'Inte min patient' } }, await t.token('fatimaGp')), 'FORBIDDEN');
    const events = watchEvents();
    const declined = await t.gql(DECLINE, { i: { taskId: task.id, reason: 'Provtagning görs av distriktssköterskan' } }, await t.token('erikGp'));
    expect(declined.data.declineTask).toMatchObject({ status: 'DECLINED', overdue: false });
    // The organisation that made it hears of it (ids only, never the reason).
    expect(events()).toEqual([{ kind: InboxEventKind.TASK_DECLINED, patientId: esther, entityId: task.id, organisationIds: [org.jonkoping] }]);
    expect(declined.data.declineTask.assignmentHistory.at(-1)).toMatchObject({
      kind: 'DECLINED',
      reason: 'Provtagning görs av distriktssköterskan',
      by: { name: 'Erik Sjöberg' },
    });
    expect(expectError(await t.gql(ACCEPT, { i: { taskId: task.id } }, await t.token('erikGp')), 'CONFLICT').extensions.status).toBe('DECLINED');
    expectError(await t.gql(COMPLETE, { i: { taskId: task.id, outcome: 'x' } }, await t.token('erikGp')), 'CONFLICT');
    expectError(await t.gql(DECLINE, { i: { taskId: task.id, reason: 'igen' } }, await t.token('erikGp')), 'CONFLICT');
    // Past its due date a declined task is not overdue (nobody has it to do); it shows among the patient's open tasks.
    pinClock(t, new Date('2026-11-25T10:00:00Z'));
    try {
      expect((await t.gql(TASK, { id: task.id }, await t.token('annaNurse'))).data.task).toMatchObject({ status: 'DECLINED', overdue: false });
      const open = await t.gql(
        `query($id: ID!) { patient(id: $id) { openTasks(first: 100) { edges { node { id status } } } } }`,
        { id: esther },
        await t.token('annaNurse'),
      );
      expect(open.data.patient.openTasks.edges.map((e: any) => e.node)).toContainEqual({ id: task.id, status: 'DECLINED' });
    } finally {
      pinClock(t, NOW);
    }
  });

  it('a declined task is reassigned by the organisation that made it (anyone there), not by the one who declined; the history keeps everyone', async () => {
    const task = await create('annaNurse', { assignee: { organisationId: org.vcSjobacken, staffId: erik } });
    await t.gql(ACCEPT, { i: { taskId: task.id } }, await t.token('erikGp'));
    // While it is the assignee's, the organisation that made it may not take it back by reassigning.
    const early = await t.gql(REASSIGN, { i: { taskId: task.id, assignee: { organisationId: org.jonkoping, role: 'NURSE' } } }, await t.token('karinNurse'));
    expectError(early, 'FORBIDDEN');
    await t.gql(DECLINE, { i: { taskId: task.id, reason: 'Semester v. 48' } }, await t.token('erikGp'));
    const byAssignee = await t.gql(
      REASSIGN,
      { i: { taskId: task.id, assignee: { organisationId: org.vcSjobacken, role: 'PHYSICIAN' } } },
      await t.token('erikGp'),
    );
    expect(expectError(byAssignee, 'FORBIDDEN').message).toBe('A declined task is reassigned by the organisation that made it');
    const outside = await t.gql(REASSIGN, { i: { taskId: task.id, assignee: { organisationId: org.habo, role: 'NURSE' } } }, await t.token('karinNurse'));
    expect(expectError(outside, 'BAD_USER_INPUT').extensions.fields).toEqual([
      { field: 'input.assignee.organisationId', message: 'has no care relationship with the patient' },
    ]);
    const events = watchEvents();
    const res = await t.gql(
      REASSIGN,
      { i: { taskId: task.id, assignee: { organisationId: org.vcSjobacken, role: 'PHYSICIAN' }, reason: 'Fatima har mottagning' } },
      await t.token('karinNurse'),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.reassignTask).toMatchObject({ status: 'OPEN', assignee: { role: 'PHYSICIAN', staff: null } });
    expect(res.data.reassignTask.assignmentHistory.map((h: any) => [h.kind, h.by.name, h.reason, h.assignee.role, h.assignee.staff?.name ?? null])).toEqual([
      ['ASSIGNED', 'Anna Nilsson', null, null, 'Erik Sjöberg'],
      ['ACCEPTED', 'Erik Sjöberg', null, null, 'Erik Sjöberg'],
      ['DECLINED', 'Erik Sjöberg', 'Semester v. 48', null, 'Erik Sjöberg'],
      ['REASSIGNED', 'Karin Berg', 'Fatima har mottagning', 'PHYSICIAN', null],
    ]);
    expect(events()).toEqual([
      expect.objectContaining({
        kind: InboxEventKind.TASK_ASSIGNED,
        entityId: task.id,
        organisationRole: { organisationId: org.vcSjobacken, role: 'PHYSICIAN' },
      }),
    ]);
    // Now Fatima (the role) may accept it; Erik too, acting as PHYSICIAN there.
    expect((await t.gql(ACCEPT, { i: { taskId: task.id } }, await t.token('fatimaGp'))).data.acceptTask.status).toBe('ACCEPTED');
  });

  it('the assignee reassigns an open or accepted task (reason optional) but not to the same assignee; a completed or cancelled one is not reassigned', async () => {
    const task = await create('annaNurse', { assignee: { organisationId: org.mobileTeam, role: 'NURSE' } });
    const same = await reassign(task.id, { organisationId: org.mobileTeam, role: 'NURSE' }, 'hannaMobileNurse');
    expect(expectError(same, 'BAD_USER_INPUT').extensions.fields).toEqual([{ field: 'input.assignee', message: 'is the task’s assignee already' }]);
    expectError(await reassign(task.id, { organisationId: org.jonkoping, role: 'NURSE' }, 'mikaelMobilePhysician'), 'FORBIDDEN');
    const moved = await reassign(task.id, { organisationId: org.jonkoping, role: 'NURSE' }, 'hannaMobileNurse');
    expect(moved.data.reassignTask).toMatchObject({
      status: 'OPEN',
      assignedToMe: false,
      assignee: { role: 'NURSE', organisation: { name: 'Hemsjukvården Jönköping (demo)' } },
    });
    expect(moved.data.reassignTask.assignmentHistory.at(-1)).toMatchObject({ kind: 'REASSIGNED', reason: null, by: { name: 'Hanna Björk' } });
    // The former assignee no longer has it.
    expectError(await t.gql(ACCEPT, { i: { taskId: task.id } }, await t.token('hannaMobileNurse')), 'FORBIDDEN');
    await t.gql(CANCEL, { i: { taskId: task.id, reason: 'Inte längre aktuellt' } }, await t.token('karinNurse'));
    const cancelled = await reassign(task.id, { organisationId: org.mobileTeam, role: 'NURSE' }, 'karinNurse');
    expect(expectError(cancelled, 'CONFLICT').extensions.status).toBe('CANCELLED');
  });

  it('a task the caller’s organisation may not see is NOT_FOUND for every change, logged with its patient', async () => {
    const task = await create('annaNurse');
    for (const [op, i] of [
      [ACCEPT, { taskId: task.id }],
      [DECLINE, { taskId: task.id, reason: 'x' }],
      [REASSIGN, { taskId: task.id, assignee: { organisationId: org.habo, role: 'NURSE' } }],
    ] as const) {
      const mark = await auditMark(t);
      expect(expectError(await t.gql(op, { i }, await t.token('linneaNurse')), 'NOT_FOUND').message).toBe('Task not found');
      expect((await auditSince(t, mark)).map((r) => [r.outcome, r.patient_id])).toEqual([['REFUSED', esther]]);
    }
  });

  it('emergency access reads, never writes: creating and reassigning are refused, flagged emergency, nothing written', async () => {
    const task = await create('annaNurse');
    const open = await t.gql(
      `mutation($i: OpenEmergencyAccessInput!) { openEmergencyAccess(input: $i) { id } }`,
      { i: { personnummer: pnr('esther'), reason: 'Medvetslös vid hembesök' } },
      await t.token('linneaNurse'),
    );
    expect(open.errors).toBeUndefined();
    const before = await taskCount();
    const mark = await auditMark(t);
    const made = await t.gql(CREATE, { i: input({ assignee: { organisationId: org.jonkoping, role: 'NURSE' } }) }, await t.token('linneaNurse'));
    expect(expectError(made, 'FORBIDDEN').message).toMatch(/^Emergency access \(nödåtkomst\) lets you read, never change/);
    const moved = await t.gql(REASSIGN, { i: { taskId: task.id, assignee: { organisationId: org.mobileTeam, role: 'NURSE' } } }, await t.token('linneaNurse'));
    expect(expectError(moved, 'FORBIDDEN').message).toMatch(/^Emergency access/);
    expect((await auditSince(t, mark)).map((r) => [r.operation, r.outcome, r.patient_id, r.emergency])).toEqual([
      ['createTask', 'REFUSED', esther, true],
      ['reassignTask', 'REFUSED', esther, true],
    ]);
    expect(await taskCount()).toBe(before);
    expect((await t.sql(`SELECT status, assignee_organisation_id FROM task WHERE id = $1`, [task.id]))[0]).toEqual({
      status: 'OPEN',
      assignee_organisation_id: org.jonkoping,
    });
  });
});

describe('lists and overdue', () => {
  it('the demo: Esther’s task from the handover, accepted by the mobile team, is in their nurses’ list by default', async () => {
    const res = await t.gql(
      `query { myTasks(first: 50) { edges { node { id status source { kind } assignmentHistory { kind by { name } } patient { givenName } } } } }`,
      {},
      await t.token('hannaMobileNurse'),
    );
    expect(res.errors).toBeUndefined();
    const demo = res.data.myTasks.edges.map((e: any) => e.node).find((n: any) => n.id === DEMO_TASK_IDS.estherHandoverTask);
    expect(demo).toEqual({
      id: DEMO_TASK_IDS.estherHandoverTask,
      status: 'ACCEPTED',
      source: { kind: 'HANDOVER' },
      assignmentHistory: [
        { kind: 'ASSIGNED', by: { name: 'Anna Nilsson' } },
        { kind: 'ACCEPTED', by: { name: 'Hanna Björk' } },
      ],
      patient: { givenName: 'Esther' },
    });
    const onlyAccepted = await t.gql(`query { myTasks(first: 50, status: ACCEPTED) { edges { node { status } } } }`, {}, await t.token('hannaMobileNurse'));
    expect(new Set(onlyAccepted.data.myTasks.edges.map((e: any) => e.node.status))).toEqual(new Set(['ACCEPTED']));
    const openOnly = await t.gql(`query { myTasks(first: 50, status: [OPEN]) { edges { node { id } } } }`, {}, await t.token('hannaMobileNurse'));
    expect(openOnly.data.myTasks.edges.map((e: any) => e.node.id)).not.toContain(DEMO_TASK_IDS.estherHandoverTask);
  });

  it('an accepted task is overdue once its due date has passed, and an index finds such tasks without reading finished ones', async () => {
    const task = await create('annaNurse', { assignee: { organisationId: org.mobileTeam, role: 'NURSE' }, dueDate: '2026-11-24' });
    await t.gql(ACCEPT, { i: { taskId: task.id } }, await t.token('hannaMobileNurse'));
    pinClock(t, new Date('2026-11-25T10:00:00Z'));
    try {
      expect((await t.gql(TASK, { id: task.id }, await t.token('hannaMobileNurse'))).data.task).toMatchObject({ status: 'ACCEPTED', overdue: true });
    } finally {
      pinClock(t, NOW);
    }
    const [{ indexdef }] = await t.sql<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_task_overdue'`);
    expect(indexdef).toMatch(/\(due_date\) WHERE .*'OPEN'.*'ACCEPTED'/);
  });
});
