import { DemoOrgKey } from '../src/demo/region';
import { EventBus } from '../src/events/event-bus';
import { InboxEventMessage } from '../src/events/inbox-event';
import { TaskLoaders } from '../src/tasks/tasks.loader';
import { auditMark, auditSince, patientId } from './helpers/patients';
import { ADD_ITEM, COMPLETE_ROUND, DECIDE, NOTES, orgIds, pinClock, planRound, staffIds, START_ROUND, SUMMARY } from './helpers/rounds';
import { expectError, startTestApp, TestApp } from './helpers/test-app';

let t: TestApp;
let org: Record<DemoOrgKey, string>;
let staff: Record<'erikGp' | 'annaNurse' | 'omarRehab' | 'linneaNurse' | 'mariaCoordinator', string>;
let p: Record<'esther' | 'gunnar' | 'ingrid' | 'astrid' | 'amir' | 'karl' | 'elsa', string>;
const MISSING = '00000000-0000-4000-8000-000000000000';
const COMPLETE_TASK = `mutation($i: CompleteTaskInput!) { completeTask(input: $i) { id status outcome completedAt completedBy { name } fulfilledBy { kind planId version } assignedToMe } }`;
const events: InboxEventMessage[] = [];

beforeAll(async () => {
  t = await startTestApp();
  pinClock(t);
  org = await orgIds(t);
  staff = await staffIds(t, ['erikGp', 'annaNurse', 'omarRehab', 'linneaNurse', 'mariaCoordinator']);
  p = Object.fromEntries(
    await Promise.all((['esther', 'gunnar', 'ingrid', 'astrid', 'amir', 'karl', 'elsa'] as const).map(async (k) => [k, await patientId(t, k)])),
  ) as typeof p;
  t.app.get(EventBus).listen((e) => events.push(e));
});
afterAll(() => t.close());

const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
};

describe('a round from agenda to summary', () => {
  let round: string;
  const items: Record<string, string> = {};
  let rehabTask: string;

  beforeAll(async () => {
    round = await planRound(t, 'erikGp', {
      startsAt: '2026-11-23T08:00:00Z',
      participatingOrganisationIds: [org.jonkoping],
      participantStaffIds: [staff.erikGp, staff.annaNurse, staff.omarRehab],
    });
  });

  it('puts patients on the agenda by hand, in order, and logs each', async () => {
    const mark = await auditMark(t);
    for (const [key, who] of [
      ['gunnar', 'annaNurse'],
      ['ingrid', 'erikGp'],
      ['esther', 'omarRehab'],
    ] as const) {
      const res = await t.gql(ADD_ITEM, { i: { roundId: round, patientId: p[key] } }, await t.token(who));
      expect(res.errors).toBeUndefined();
      items[key] = res.data.addAgendaItem.id;
    }
    const [g, , e] = await t.sql(`SELECT position, reasons::text[] AS reasons FROM round_agenda_item WHERE round_id = $1 ORDER BY position`, [round]);
    // The reasons that hold when added are recorded: Gunnar has no deterioration plan; Esther's demo task is overdue.
    expect(g).toEqual({ position: 1, reasons: ['DETERIORATION_PLAN_MISSING'] });
    expect(e).toEqual({ position: 3, reasons: ['OVERDUE_TASKS'] });
    const rows = await auditSince(t, mark);
    expect(rows.map((r) => [r.operation, r.outcome, r.patient_id])).toEqual([
      ['addAgendaItem', 'ALLOWED', p.gunnar],
      ['addAgendaItem', 'ALLOWED', p.ingrid],
      ['addAgendaItem', 'ALLOWED', p.esther],
    ]);
    expectError(await t.gql(ADD_ITEM, { i: { roundId: round, patientId: p.gunnar } }, await t.token('erikGp')), 'CONFLICT');
  });

  it('refuses a patient without the needed care relationships, writing nothing and logging the attempt', async () => {
    const mark = await auditMark(t);
    // Sjöbacken has no care relationship with Astrid (only the geriatric ward): answered as a missing patient.
    const missing = await t.gql(ADD_ITEM, { i: { roundId: round, patientId: MISSING } }, await t.token('erikGp'));
    const astrid = await t.gql(ADD_ITEM, { i: { roundId: round, patientId: p.astrid } }, await t.token('erikGp'));
    expect(astrid.errors!.map((e) => [e.message, e.extensions.code])).toEqual(missing.errors!.map((e) => [e.message, e.extensions.code]));
    // Jönköping cares for Amir and Karl, the organiser (Sjöbacken) does not: not for this round.
    for (const key of ['amir', 'karl'] as const) {
      const res = await t.gql(ADD_ITEM, { i: { roundId: round, patientId: p[key] } }, await t.token('annaNurse'));
      expect(expectError(res, 'PRECONDITION_FAILED').message).toMatch(/organiser and at least one participating organisation/);
      expect(JSON.stringify(res)).not.toMatch(/Amir|Rahman|Karl|Nyström/);
    }
    // A role that does not work in rounds looks the same as a missing patient.
    expect(expectError(await t.gql(ADD_ITEM, { i: { roundId: round, patientId: p.gunnar } }, await t.token('saraSocial')), 'NOT_FOUND').message).toBe(
      'Patient not found',
    );
    expect((await t.sql(`SELECT count(*)::int AS n FROM round_agenda_item WHERE round_id = $1`, [round]))[0].n).toBe(3);
    const rows = await auditSince(t, mark);
    expect(rows.map((r) => [r.operation, r.outcome, r.patient_id, r.details?.reason])).toEqual([
      ['addAgendaItem', 'REFUSED', null, 'no-such-patient'],
      ['addAgendaItem', 'REFUSED', p.astrid, 'no-care-relationship'],
      ['addAgendaItem', 'FAILED', p.amir, 'precondition_failed'],
      ['addAgendaItem', 'FAILED', p.karl, 'precondition_failed'],
      ['addAgendaItem', 'REFUSED', p.gunnar, 'role'],
    ]);
  });

  it('takes notes with expectedVersion; a stale version is CONFLICT with the current one', async () => {
    const first = await t.gql(
      NOTES,
      { i: { itemId: items.gunnar, notes: 'Gunnar har fallit två gånger i hemmet.', expectedVersion: 1 } },
      await t.token('annaNurse'),
    );
    expect(first.data.updateAgendaNotes).toMatchObject({ notesVersion: 2, notesUpdatedBy: { name: 'Anna Nilsson' } });
    const stale = await t.gql(NOTES, { i: { itemId: items.gunnar, notes: 'Annat', expectedVersion: 1 } }, await t.token('erikGp'));
    expect(expectError(stale, 'CONFLICT').extensions.currentVersion).toBe(2);
    expect(
      expectError(await t.gql(NOTES, { i: { itemId: items.gunnar, notes: 'x', expectedVersion: 0 } }, await t.token('erikGp')), 'BAD_USER_INPUT').extensions
        .fields,
    ).toEqual([{ field: 'input.expectedVersion', message: expect.any(String) }]);
  });

  it('lets exactly one of two people typing at once win; the stored notes are the winner’s', async () => {
    const texts = { annaNurse: 'Anna: fallrisk, rollator behövs.', erikGp: 'Erik: ortostatism? Se över blodtrycksmedicin.' } as const;
    const results = await Promise.all(
      (['annaNurse', 'erikGp'] as const).map(async (who) => ({
        who,
        res: await t.gql(NOTES, { i: { itemId: items.gunnar, notes: texts[who], expectedVersion: 2 } }, await t.token(who)),
      })),
    );
    const winners = results.filter((r) => !r.res.errors);
    const losers = results.filter((r) => r.res.errors);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(expectError(losers[0].res, 'CONFLICT').extensions.currentVersion).toBe(3);
    const [row] = await t.sql(`SELECT notes, notes_version FROM round_agenda_item WHERE id = $1`, [items.gunnar]);
    expect(row).toEqual({ notes: texts[winners[0].who], notes_version: 3 });
  });

  it('records decisions only while the round is in progress', async () => {
    const res = await t.gql(DECIDE, { i: { itemId: items.gunnar, text: 'Hjälpmedelsbedömning' } }, await t.token('erikGp'));
    expect(expectError(res, 'PRECONDITION_FAILED').extensions.status).toBe('PLANNED');
    expect((await t.gql(START_ROUND, { id: round }, await t.token('erikGp'))).data.startRound.status).toBe('IN_PROGRESS');
  });

  it('refuses a task with a bad assignee, due date or plan link, writing nothing', async () => {
    const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM task`);
    const token = await t.token('erikGp');
    const task = (over: Record<string, unknown>) => ({
      title: 'Hjälpmedelsbedömning',
      dueDate: '2026-11-27',
      assignee: { organisationId: org.jonkoping, role: 'REHAB' },
      ...over,
    });
    const fields = async (over: Record<string, unknown>) =>
      expectError(await t.gql(DECIDE, { i: { itemId: items.gunnar, text: 'Beslut', task: task(over) } }, token), 'BAD_USER_INPUT')
        .extensions.fields!.map((f) => f.field)
        .sort();
    expect(await fields({ assignee: { organisationId: org.jonkoping, role: 'REHAB', staffId: staff.omarRehab } })).toEqual(['input.task.assignee']);
    expect(await fields({ assignee: { organisationId: org.jonkoping } })).toEqual(['input.task.assignee']);
    expect(await fields({ assignee: { organisationId: org.jonkoping, role: 'ADMIN' } })).toEqual(['input.task.assignee.role']);
    expect(await fields({ assignee: { organisationId: org.habo, role: 'NURSE' } })).toEqual(['input.task.assignee.organisationId']);
    expect(await fields({ assignee: { organisationId: org.jonkoping, staffId: staff.erikGp } })).toEqual(['input.task.assignee.staffId']);
    expect(await fields({ dueDate: '2026-11-21', carePlanActionId: MISSING })).toEqual(['input.task.carePlanActionId', 'input.task.dueDate']);
    expect(await fields({ title: ' ' })).toEqual(['input.task.title']);
    // Not a calendar date: refused while the variables are read, named from the variable.
    expect(await fields({ dueDate: '2026-02-30' })).toEqual(['i.task.dueDate']);
    expect((await t.sql(`SELECT count(*)::int AS n FROM task`))[0].n).toBe(n);
    expect((await t.sql(`SELECT count(*)::int AS n FROM round_decision WHERE round_id = $1`, [round]))[0].n).toBe(0);
  });

  it('a decision creates a task for an organisation and role; the role is notified; a staff member holding it completes it', async () => {
    events.length = 0;
    const res = await t.gql(
      DECIDE,
      {
        i: {
          itemId: items.gunnar,
          text: 'Arbetsterapeut bedömer behov av rollator och duschpall.',
          task: { title: 'Hjälpmedelsbedömning i hemmet', dueDate: '2026-11-27', assignee: { organisationId: org.jonkoping, role: 'REHAB' } },
        },
      },
      await t.token('erikGp'),
    );
    expect(res.errors).toBeUndefined();
    const d = res.data.recordDecision;
    expect(d).toMatchObject({
      text: 'Arbetsterapeut bedömer behov av rollator och duschpall.',
      decidedBy: { name: 'Erik Sjöberg' },
      decidedByOrganisation: { name: 'Vårdcentralen Sjöbacken (demo)' },
      task: {
        title: 'Hjälpmedelsbedömning i hemmet',
        status: 'OPEN',
        dueDate: '2026-11-27',
        overdue: false,
        assignedToMe: false,
        assignee: { role: 'REHAB', staff: null, organisation: { name: 'Hemsjukvården Jönköping (demo)' } },
        patient: { id: p.gunnar },
      },
    });
    rehabTask = d.task.id;
    await until(() => events.some((e) => e.entityId === rehabTask));
    expect(events.find((e) => e.entityId === rehabTask)).toMatchObject({
      kind: 'TASK_ASSIGNED',
      patientId: p.gunnar,
      organisationRole: { organisationId: org.jonkoping, role: 'REHAB' },
    });

    // Another role in the same organisation may not complete it; the attempt is logged.
    const mark = await auditMark(t);
    const nurse = await t.gql(COMPLETE_TASK, { i: { taskId: rehabTask, outcome: 'Klart' } }, await t.token('annaNurse'));
    expect(expectError(nurse, 'FORBIDDEN').message).toMatch(/assignee/);
    expect((await auditSince(t, mark)).map((r) => [r.operation, r.outcome, r.patient_id, r.details?.reason])).toEqual([
      ['completeTask', 'REFUSED', p.gunnar, 'forbidden'],
    ]);

    const mine = await t.gql(`{ myTasks { edges { node { id title assignedToMe patient { givenName } } } } }`, {}, await t.token('omarRehab'));
    expect(mine.data.myTasks.edges.map((e: any) => e.node)).toContainEqual({
      id: rehabTask,
      title: 'Hjälpmedelsbedömning i hemmet',
      assignedToMe: true,
      patient: { givenName: 'Gunnar' },
    });
    // Gunnar has no SIP: naming one as fulfilling the task is refused (test/task-plan-links covers the rules).
    const fake = await t.gql(
      COMPLETE_TASK,
      { i: { taskId: rehabTask, outcome: 'Klart', fulfilledBy: { kind: 'CARE_PLAN', planId: MISSING, version: 4 } } },
      await t.token('omarRehab'),
    );
    expect(expectError(fake, 'BAD_USER_INPUT').extensions.fields).toEqual([{ field: 'input.fulfilledBy.planId', message: expect.any(String) }]);
    const done = await t.gql(COMPLETE_TASK, { i: { taskId: rehabTask, outcome: 'Rollator och duschpall förskrivna.' } }, await t.token('omarRehab'));
    expect(done.data.completeTask).toMatchObject({
      status: 'COMPLETED',
      outcome: 'Rollator och duschpall förskrivna.',
      completedBy: { name: 'Omar Haddad' },
      completedAt: '2026-11-22T10:00:00.000Z',
      fulfilledBy: null,
    });
    expectError(await t.gql(COMPLETE_TASK, { i: { taskId: rehabTask, outcome: 'Igen' } }, await t.token('omarRehab')), 'CONFLICT');
  });

  it('a task for a named staff member, linked to a plan, notifies that person and shows on the plan', async () => {
    events.length = 0;
    // Esther's demo plans: her active deterioration plan, her SIP and one of its actions.
    const [{ id: plan }] = await t.sql(`SELECT id FROM deterioration_plan WHERE patient_id = $1 AND status = 'ACTIVE'`, [p.esther]);
    const [{ id: sip }] = await t.sql(`SELECT id FROM care_plan WHERE patient_id = $1 AND status = 'ACTIVE'`, [p.esther]);
    const [{ id: action }] = await t.sql(`SELECT id FROM care_plan_action WHERE care_plan_id = $1 ORDER BY position LIMIT 1`, [sip]);
    const res = await t.gql(
      DECIDE,
      {
        i: {
          itemId: items.esther,
          text: 'Handlingsplanen vid försämring ses över: vikt +2 kg på tre dagar.',
          task: {
            title: 'Se över handlingsplan vid försämring',
            dueDate: '2026-11-25',
            assignee: { organisationId: org.vcSjobacken, staffId: staff.erikGp },
            deteriorationPlanId: plan,
            carePlanId: sip,
            carePlanActionId: action,
          },
        },
      },
      await t.token('annaNurse'),
    );
    expect(res.data.recordDecision.task).toMatchObject({
      assignee: { role: null, staff: { name: 'Erik Sjöberg' } },
      deteriorationPlanId: plan,
      carePlanId: sip,
      carePlanActionId: action,
      assignedToMe: false,
    });
    const id = res.data.recordDecision.task.id;
    await until(() => events.some((e) => e.entityId === id));
    expect(events.find((e) => e.entityId === id)).toMatchObject({ kind: 'TASK_ASSIGNED', patientId: p.esther, staffIds: [staff.erikGp] });
    // Behind the plans' `tasks` fields: one query for any number of plans.
    const loaders = t.app.get(TaskLoaders).create();
    const [byPlan, none, bySip] = await Promise.all([
      loaders.byDeteriorationPlan.load(plan),
      loaders.byDeteriorationPlan.load(MISSING),
      loaders.byCarePlan.load(sip),
    ]);
    expect([byPlan.map((x) => x.id), none, bySip.map((x) => x.id)]).toEqual([[id], [], [id]]);
  });

  it('completes the round, after which the agenda is the record and cannot change', async () => {
    const res = await t.gql(
      COMPLETE_ROUND,
      { i: { roundId: round, attendedStaffIds: [staff.erikGp, staff.annaNurse, staff.mariaCoordinator] } },
      await t.token('annaNurse'),
    );
    expect(res.data.completeRound.status).toBe('COMPLETED');
    expectError(await t.gql(NOTES, { i: { itemId: items.ingrid, notes: 'sent', expectedVersion: 1 } }, await t.token('annaNurse')), 'CONFLICT');
    expectError(await t.gql(DECIDE, { i: { itemId: items.ingrid, text: 'sent' } }, await t.token('erikGp')), 'CONFLICT');
    expectError(await t.gql(ADD_ITEM, { i: { roundId: round, patientId: p.elsa } }, await t.token('erikGp')), 'CONFLICT');
    expectError(await t.gql(`mutation($id: ID!) { removeAgendaItem(itemId: $id) }`, { id: items.ingrid }, await t.token('erikGp')), 'CONFLICT');
  });

  it('summarises decisions and tasks per patient for the record, one audit row per patient', async () => {
    const mark = await auditMark(t);
    const res = await t.gql(SUMMARY, { id: round }, await t.token('mariaCoordinator'));
    expect(res.errors).toBeUndefined();
    const s = res.data.roundSummary;
    expect(s.attended.map((x: any) => x.name)).toEqual(['Anna Nilsson', 'Erik Sjöberg', 'Maria Lind']);
    expect(s.absent).toEqual([{ name: 'Omar Haddad' }]);
    expect(s.patients.map((x: any) => [x.position, x.patient.givenName, x.reasons, x.decisions.length, x.tasks.map((k: any) => k.status)])).toEqual([
      [1, 'Gunnar', ['DETERIORATION_PLAN_MISSING'], 1, ['COMPLETED']],
      [2, 'Ingrid', ['DETERIORATION_PLAN_MISSING'], 0, []],
      [3, 'Esther', ['OVERDUE_TASKS'], 1, ['OPEN']],
    ]);
    expect(s.patients[0].notes).toMatch(/^(Anna|Erik): /);
    expect(s.patients[0].decisions[0]).toMatchObject({ decidedBy: { name: 'Erik Sjöberg' }, task: { title: 'Hjälpmedelsbedömning i hemmet' } });
    const rows = await auditSince(t, mark);
    expect(rows.map((r) => r.operation)).toEqual(['roundSummary', 'roundSummary', 'roundSummary']);
    expect(rows.map((r) => r.patient_id).sort()).toEqual([p.gunnar, p.ingrid, p.esther].sort());
  });
});

describe('patients on a round of three organisations', () => {
  let round: string;
  beforeAll(async () => {
    round = await planRound(t, 'erikGp', { startsAt: '2026-11-24T08:00:00Z', participatingOrganisationIds: [org.jonkoping, org.habo] });
    for (const key of ['esther', 'elsa'] as const)
      expect((await t.gql(ADD_ITEM, { i: { roundId: round, patientId: p[key] } }, await t.token('erikGp'))).errors).toBeUndefined();
  });

  it('shows each reader only the patients their organisation may read, and logs those reads', async () => {
    const AGENDA = `query($id: ID!) { round(id: $id) { agenda { patient { givenName } } } }`;
    const names = async (who: 'erikGp' | 'annaNurse' | 'linneaNurse') =>
      (await t.gql(AGENDA, { id: round }, await t.token(who))).data.round.agenda.map((i: any) => i.patient.givenName);
    expect(await names('erikGp')).toEqual(['Esther', 'Elsa']);
    expect(await names('annaNurse')).toEqual(['Esther']);
    const mark = await auditMark(t);
    expect(await names('linneaNurse')).toEqual(['Elsa']);
    expect((await auditSince(t, mark)).map((r) => [r.operation, r.patient_id, r.organisation_id])).toEqual([['roundAgenda', p.elsa, org.habo]]);
    const summary = await t.gql(SUMMARY, { id: round }, await t.token('annaNurse'));
    expect(summary.data.roundSummary.patients.map((x: any) => x.patient.givenName)).toEqual(['Esther']);
  });

  it('takes a patient off the agenda before decisions are recorded', async () => {
    const [{ id }] = await t.sql(`SELECT id FROM round_agenda_item WHERE round_id = $1 AND patient_id = $2`, [round, p.elsa]);
    expectError(await t.gql(`mutation($id: ID!) { removeAgendaItem(itemId: $id) }`, { id }, await t.token('annaNurse')), 'NOT_FOUND');
    const res = await t.gql(`mutation($id: ID!) { removeAgendaItem(itemId: $id) }`, { id }, await t.token('linneaNurse'));
    expect(res.data.removeAgendaItem).toBe(id);
    expect(await t.sql(`SELECT 1 FROM round_agenda_item WHERE id = $1`, [id])).toEqual([]);
  });
});

describe('agenda, summary and tasks cost the same SQL however long they are', () => {
  const DEEP = `query($id: ID!) { round(id: $id) { organiser { name } participatingOrganisations { name } participants { staff { name } organisation { name } }
    agenda { notes notesUpdatedBy { name } addedBy { name } patient { givenName activeEnrollment { namedNurse { name } } }
      decisions { text decidedBy { name } task { title assignee { staff { name } organisation { name } } decision { text } } } tasks { title createdBy { name } } } } }`;

  async function roundWith(n: number, start: string): Promise<string> {
    const round = await planRound(t, 'erikGp', {
      startsAt: start,
      participatingOrganisationIds: [org.jonkoping],
      participantStaffIds: [staff.erikGp, staff.annaNurse],
    });
    await t.gql(START_ROUND, { id: round }, await t.token('erikGp'));
    for (const key of (['gunnar', 'ingrid', 'esther'] as const).slice(0, n)) {
      const item = (await t.gql(ADD_ITEM, { i: { roundId: round, patientId: p[key] } }, await t.token('erikGp'))).data.addAgendaItem.id;
      await t.gql(NOTES, { i: { itemId: item, notes: `Anteckning ${key}`, expectedVersion: 1 } }, await t.token('annaNurse'));
      const who = key === 'ingrid' ? { staffId: staff.annaNurse } : { role: 'NURSE' };
      const r = await t.gql(
        DECIDE,
        {
          i: {
            itemId: item,
            text: `Beslut ${key}`,
            task: { title: `Uppgift ${key}`, dueDate: '2026-12-01', assignee: { organisationId: org.jonkoping, ...who } },
          },
        },
        await t.token('erikGp'),
      );
      expect(r.errors).toBeUndefined();
    }
    return round;
  }

  it('for a round with one patient and with three', async () => {
    const one = await roundWith(1, '2026-12-01T08:00:00Z');
    const three = await roundWith(3, '2026-12-02T08:00:00Z');
    const token = await t.token('annaNurse');
    const a = await t.gql(DEEP, { id: one }, token);
    const b = await t.gql(DEEP, { id: three }, token);
    expect(a.errors).toBeUndefined();
    expect(b.data.round.agenda).toHaveLength(3);
    expect(b.data.round.agenda[2].decisions[0].task.decision.text).toBe('Beslut esther');
    expect(b.extensions?.sqlStatements).toBe(a.extensions?.sqlStatements);
    const sa = await t.gql(SUMMARY, { id: one }, token);
    const sb = await t.gql(SUMMARY, { id: three }, token);
    expect(sb.data.roundSummary.patients).toHaveLength(3);
    expect(sb.extensions?.sqlStatements).toBe(sa.extensions?.sqlStatements);
  });
});
