import { DemoOrgKey } from '../src/demo/region';
import { DEMO_ROUND_IDS } from '../src/demo/rounds';
import { AGENDA_SUGGESTION_SOURCES } from '../src/app/agenda-suggestion.sources';
import { AgendaReason, suggestionQuery } from '../src/patients/agenda-suggestions';
import { auditMark, auditSince, patientId } from './helpers/patients';
import { ADD_ITEM, COMPLETE_ROUND, enrolledPatient, NOW, orgIds, pinClock, planRound, staffIds, START_ROUND, SUGGEST } from './helpers/rounds';
import { expectError, startTestApp, TestApp } from './helpers/test-app';

let t: TestApp;
let org: Record<DemoOrgKey, string>;
let staff: Record<'erikGp' | 'nilsGp' | 'annaNurse', string>;
let esther: string;

beforeAll(async () => {
  t = await startTestApp();
  pinClock(t);
  org = await orgIds(t);
  staff = await staffIds(t, ['erikGp', 'nilsGp', 'annaNurse']);
  esther = await patientId(t, 'esther');
});
afterAll(() => t.close());

type Suggestion = {
  patient: { id: string; givenName: string; familyName: string };
  reasons: Array<{ reason: string; description: string; detail: string | null }>;
};

/**
 * Of the patients here only Esther has a deterioration plan, so DETERIORATION_PLAN_MISSING is on
 * nearly every row. `list` sets it aside (patients with no other reason drop out) so that these
 * tests read as the rules they are about; `all` is the whole answer. The four reasons of the other
 * capabilities are tested in round-suggestion-reasons.e2e-spec.ts.
 */
async function suggestions(roundId: string, who: Parameters<TestApp['token']>[0] = 'erikGp') {
  const res = await t.gql<{ suggestedAgenda: Suggestion[] }>(SUGGEST, { id: roundId }, await t.token(who));
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  const ordered = res.data!.suggestedAgenda.map(
    (s) => [s.patient.givenName, s.reasons.map((r) => [r.reason, r.detail])] as [string, Array<[string, string | null]>],
  );
  // Which patients with which reasons, by family name; the order of the list is checked on its own (`ordered`).
  const byName = (x: Suggestion) => `${x.patient.familyName}\u0000${x.patient.givenName}`;
  const rows = [...res.data!.suggestedAgenda]
    .sort((a, b) => (byName(a) < byName(b) ? -1 : byName(a) > byName(b) ? 1 : a.patient.id < b.patient.id ? -1 : 1))
    .map((s) => [s.patient.givenName, s.reasons.map((r) => [r.reason, r.detail])] as [string, Array<[string, string | null]>]);
  const list = rows
    .map(([name, reasons]) => [name, reasons.filter(([r]) => r !== 'DETERIORATION_PLAN_MISSING')] as const)
    .filter(([, reasons]) => reasons.length > 0);
  return { list, all: rows, ordered, raw: res.data!.suggestedAgenda, sql: res.extensions?.sqlStatements };
}

/** An open task due on `due`, set up directly (its creation through a round is tested elsewhere). */
async function overdueTask(patient: string, assigneeOrg: string, due: string): Promise<string> {
  const [row] = await t.sql(
    `INSERT INTO task (patient_id, title, assignee_organisation_id, assignee_role, due_date, created_by_staff_id, created_by_organisation_id)
     VALUES ($1, 'Läkemedelsgenomgång', $2, 'NURSE', $3, $4, $5) RETURNING id`,
    [patient, assigneeOrg, due, staff.erikGp, org.vcSjobacken],
  );
  return row.id;
}

describe('suggested agenda for the weekly round of Sjöbacken and Jönköping', () => {
  // The previous completed round of the same organisations is the demo round of 2026-11-16.
  let round: string;
  let nova: string;
  let novaTask: string;

  beforeAll(async () => {
    round = await planRound(t, 'erikGp', { startsAt: '2026-11-23T08:00:00Z', participatingOrganisationIds: [org.jonkoping] });
    nova = await enrolledPatient(t, { serial: '101', name: 'Nova', primaryCare: org.vcSjobacken, physician: staff.erikGp, start: '2026-11-18' });
    await enrolledPatient(t, { serial: '102', name: 'Olle', primaryCare: org.vcSjobacken, physician: staff.erikGp, start: '2026-11-10' });
    novaTask = await overdueTask(nova, org.jonkoping, '2026-11-19');
  });

  it('proposes each patient once with every reason that holds: new since the previous round, overdue tasks', async () => {
    const s = await suggestions(round);
    expect(s.all).toEqual([
      ['Esther', [['OVERDUE_TASKS', '1 overdue, the oldest due 2026-11-20']]],
      ['Gunnar', [['DETERIORATION_PLAN_MISSING', null]]],
      [
        'Nova',
        [
          ['DETERIORATION_PLAN_MISSING', null],
          ['NEWLY_ENROLLED', 'enrolled 2026-11-18'],
          ['OVERDUE_TASKS', '1 overdue, the oldest due 2026-11-19'],
        ],
      ],
      ['Olle', [['DETERIORATION_PLAN_MISSING', null]]],
      ['Maj', [['DETERIORATION_PLAN_MISSING', null]]],
      ['Ingrid', [['DETERIORATION_PLAN_MISSING', null]]],
    ]);
    expect(s.list).toEqual([
      ['Esther', [['OVERDUE_TASKS', '1 overdue, the oldest due 2026-11-20']]],
      [
        'Nova',
        [
          ['NEWLY_ENROLLED', 'enrolled 2026-11-18'],
          ['OVERDUE_TASKS', '1 overdue, the oldest due 2026-11-19'],
        ],
      ],
    ]);
    expect(s.raw.find((x) => x.patient.givenName === 'Nova')!.reasons.map((r) => r.description)).toEqual([
      'Enrolled in home healthcare without an active signed deterioration action plan',
      'Newly enrolled in home healthcare since the previous round of the same organisations',
      'Open tasks past their due date',
    ]);
    // Olle was enrolled before the previous round (2026-11-16): not new.
  });

  it('lists patients with a reason other than a missing plan first, more reasons before fewer', async () => {
    const s = await suggestions(round);
    const onlyMissing = s.ordered.map(([, reasons]) => reasons.every(([r]) => r === 'DETERIORATION_PLAN_MISSING'));
    expect(onlyMissing).toEqual([...onlyMissing].sort((a, b) => Number(a) - Number(b)));
    const counts = s.ordered.filter((_, i) => !onlyMissing[i]).map(([, reasons]) => reasons.length);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(onlyMissing).toContain(true);
    expect(onlyMissing).toContain(false);
  });

  it('reads the same for the participating municipality, and logs one row per patient proposed', async () => {
    const mark = await auditMark(t);
    const s = await suggestions(round, 'annaNurse');
    expect(s.all.map((x) => x[0])).toEqual(['Esther', 'Gunnar', 'Nova', 'Olle', 'Maj', 'Ingrid']);
    const rows = await auditSince(t, mark);
    expect(rows.map((r) => [r.operation, r.outcome, r.details?.roundId])).toEqual(Array(6).fill(['suggestedAgenda', 'ALLOWED', round]));
    expect(rows.map((r) => r.patient_id)).toContain(nova);
    expect(rows.map((r) => r.patient_id)).toContain(esther);
  });

  it('drops the overdue-task reason once the task is completed (by the care coordinators, as the demo task says)', async () => {
    const COMPLETE = `mutation($i: CompleteTaskInput!) { completeTask(input: $i) { status } }`;
    const input = { i: { taskId: DEMO_ROUND_IDS.estherSipTask, outcome: 'SIP uppdaterad; ny version publicerad 2026-11-22' } };
    expectError(await t.gql(COMPLETE, input, await t.token('mariaCoordinator', 'jonkoping', 'NURSE')), 'FORBIDDEN');
    expect((await t.gql(COMPLETE, input, await t.token('mariaCoordinator', 'jonkoping', 'CARE_COORDINATOR'))).data.completeTask.status).toBe('COMPLETED');
    expect((await suggestions(round)).list.map((x) => x[0])).toEqual(['Nova']);
  });

  it('drops "newly enrolled" once a later round of the same organisations has been held', async () => {
    const between = await planRound(t, 'erikGp', { startsAt: '2026-11-20T08:00:00Z', participatingOrganisationIds: [org.jonkoping] });
    await t.gql(START_ROUND, { id: between }, await t.token('erikGp'));
    // Planned but not completed: it does not count yet.
    expect((await suggestions(round)).list).toEqual([
      [
        'Nova',
        [
          ['NEWLY_ENROLLED', 'enrolled 2026-11-18'],
          ['OVERDUE_TASKS', '1 overdue, the oldest due 2026-11-19'],
        ],
      ],
    ]);
    const done = await t.gql(COMPLETE_ROUND, { i: { roundId: between, attendedStaffIds: [staff.erikGp] } }, await t.token('erikGp'));
    expect(done.errors).toBeUndefined();
    expect((await suggestions(round)).list).toEqual([['Nova', [['OVERDUE_TASKS', '1 overdue, the oldest due 2026-11-19']]]]);
  });

  it('leaves out patients already on the agenda, and proposes nothing when no reason is left', async () => {
    const other = await planRound(t, 'erikGp', { startsAt: '2026-11-23T12:00:00Z', participatingOrganisationIds: [org.jonkoping] });
    const added = await t.gql(ADD_ITEM, { i: { roundId: other, patientId: nova } }, await t.token('annaNurse'));
    expect(added.data.addAgendaItem).toMatchObject({ reasons: ['DETERIORATION_PLAN_MISSING', 'OVERDUE_TASKS'], addedManually: false, position: 1 });
    expect((await suggestions(other)).all.map((x) => x[0])).not.toContain('Nova');
    const cancel = await t.gql(
      `mutation($i: CancelTaskInput!) { cancelTask(input: $i) { status } }`,
      { i: { taskId: novaTask, reason: 'Görs vid ordinarie läkarbesök' } },
      await t.token('annaNurse'),
    );
    expect(cancel.data.cancelTask.status).toBe('CANCELLED');
    expect((await suggestions(round)).list).toEqual([]);
  });

  it('costs a fixed number of SQL statements whatever the number of patients proposed', async () => {
    const r = await planRound(t, 'erikGp', { startsAt: '2026-11-23T14:00:00Z', participatingOrganisationIds: [org.jonkoping] });
    const a = await enrolledPatient(t, { serial: '103', name: 'Ada', primaryCare: org.vcSjobacken, physician: staff.erikGp, start: '2026-11-21' });
    const one = await suggestions(r);
    expect(one.list.map((x) => x[0])).toEqual(['Ada']);
    for (const [serial, name] of [
      ['104', 'Bo'],
      ['105', 'Cilla'],
      ['106', 'Dan'],
    ]) {
      const p = await enrolledPatient(t, { serial, name, primaryCare: org.vcSjobacken, physician: staff.erikGp, start: '2026-11-21' });
      await overdueTask(p, org.jonkoping, '2026-11-01');
    }
    await overdueTask(a, org.jonkoping, '2026-11-02');
    const four = await suggestions(r);
    expect(four.list.map((x) => x[0])).toEqual(['Ada', 'Bo', 'Cilla', 'Dan']);
    expect(four.sql).toBe(one.sql);
    expect(one.sql).toBeLessThanOrEqual(10);
  });
});

describe('suggestions for organisations without a previous round', () => {
  it('look back 30 days, and only at patients the organiser and a participating organisation both care for', async () => {
    const ekdalen = await planRound(t, 'nilsGp', { startsAt: '2026-11-25T08:00:00Z', participatingOrganisationIds: [org.jonkoping] });
    await enrolledPatient(t, { serial: '201', name: 'Pia', primaryCare: org.vcEkdalen, physician: staff.nilsGp, start: '2026-11-01' });
    await enrolledPatient(t, { serial: '202', name: 'Rut', primaryCare: org.vcEkdalen, physician: staff.nilsGp, start: '2026-10-20' });
    expect((await suggestions(ekdalen, 'nilsGp')).all).toEqual([
      ['Karl', [['DETERIORATION_PLAN_MISSING', null]]],
      [
        'Pia',
        [
          ['DETERIORATION_PLAN_MISSING', null],
          ['NEWLY_ENROLLED', 'enrolled 2026-11-01'],
        ],
      ],
      ['Rut', [['DETERIORATION_PLAN_MISSING', null]]],
    ]);
    // Thirty days later Pia is no longer new.
    pinClock(t, new Date('2026-12-02T10:00:00Z'));
    try {
      expect((await suggestions(ekdalen, 'nilsGp')).list).toEqual([]);
    } finally {
      pinClock(t, NOW);
    }
    // Sjöbacken has no care relationship with Pia: never proposed for its rounds.
    const sjobacken = await planRound(t, 'erikGp', { startsAt: '2026-11-26T08:00:00Z', participatingOrganisationIds: [org.jonkoping] });
    expect((await suggestions(sjobacken)).list.map((x) => x[0])).not.toContain('Pia');
  });

  it('show each reader only the patients they may read', async () => {
    // Sjöbacken with both municipalities: Elsa (Habo + Sjöbacken) has an overdue task.
    const elsa = await patientId(t, 'elsa');
    await overdueTask(elsa, org.habo, '2026-11-10');
    const round = await planRound(t, 'erikGp', { startsAt: '2026-11-27T08:00:00Z', participatingOrganisationIds: [org.jonkoping, org.habo] });
    expect((await suggestions(round, 'erikGp')).list.map((x) => x[0])).toContain('Elsa');
    expect((await suggestions(round, 'linneaNurse')).list.map((x) => x[0])).toContain('Elsa');
    expect((await suggestions(round, 'annaNurse')).list.map((x) => x[0])).not.toContain('Elsa');
  });

  it('refuses bad arguments and roles that do not work in rounds', async () => {
    const round = await planRound(t, 'erikGp', { startsAt: '2026-11-28T08:00:00Z', participatingOrganisationIds: [org.jonkoping] });
    const bad = await t.gql(`query($id: ID!) { suggestedAgenda(roundId: $id, first: 500) { reasons { reason } } }`, { id: round }, await t.token('erikGp'));
    expect(expectError(bad, 'BAD_USER_INPUT').extensions.fields).toEqual([{ field: 'first', message: expect.any(String) }]);
    expectError(await t.gql(SUGGEST, { id: round }, await t.token('saraSocial')), 'FORBIDDEN');
  });
});

describe('the suggestion query', () => {
  it('is one statement for any number of sources: none, some, all, or one swapped for another', async () => {
    // A stand-in for the discharges capability's source, over another table.
    const standIn = {
      reason: AgendaReason.RECENTLY_DISCHARGED,
      description: 'stand-in',
      sql: `SELECT patient_id, 'registered ' || to_char(registered_at, 'YYYY-MM-DD') AS detail FROM patient_registration WHERE registered_at >= $2 AND organisation_id = ANY ($3::uuid[]) AND $1::date IS NOT NULL`,
    };
    const others = AGENDA_SUGGESTION_SOURCES.filter((s) => s.reason !== AgendaReason.RECENTLY_DISCHARGED);
    const [round] = await t.sql(`SELECT id, organiser_id, participating_organisation_ids FROM round WHERE id = $1`, [DEMO_ROUND_IDS.nextWeek]);
    const params = [
      '2026-11-22',
      new Date('2000-01-01T00:00:00Z'),
      [round.organiser_id, ...round.participating_organisation_ids],
      round.organiser_id,
      round.participating_organisation_ids,
      round.id,
      null,
      100,
    ];
    const reasonsOf = (rows: any[], id: string) => rows.find((r) => r.patient_id === id)?.reasons;
    const bo = (await t.sql(`SELECT id FROM patient WHERE given_name = 'Bo'`))[0].id;
    expect(await t.sql(suggestionQuery([]), params)).toEqual([]);
    const some = await t.sql(suggestionQuery(others), params);
    expect(reasonsOf(some, bo)).toEqual(['DETERIORATION_PLAN_MISSING', 'NEWLY_ENROLLED', 'OVERDUE_TASKS']);
    expect(reasonsOf(some, esther)).toEqual(['NEWLY_ENROLLED']); // "since" 2000: her enrollment counts as new; her task is done
    // All registered: Esther's discharge of 2026-10-09 counts since 2000.
    const all = await t.sql(suggestionQuery(AGENDA_SUGGESTION_SOURCES), params);
    expect(reasonsOf(all, esther)).toEqual(['NEWLY_ENROLLED', 'RECENTLY_DISCHARGED']);
    const swapped = await t.sql(suggestionQuery([...others, standIn]), params);
    expect(reasonsOf(swapped, bo)).toEqual(['DETERIORATION_PLAN_MISSING', 'NEWLY_ENROLLED', 'OVERDUE_TASKS', 'RECENTLY_DISCHARGED']);
    expect(reasonsOf(swapped, esther)).toEqual(['NEWLY_ENROLLED']); // the stand-in knows only registrations made through the API
  });
});
