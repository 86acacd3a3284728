import { DemoOrgKey } from '../src/demo/region';
import { withCheckDigit } from '../src/demo/patients';
import { Clock } from '../src/common/clock';
import { HANDOVER_CONTENT, Q as DQ } from './helpers/discharges';
import { planContent, Q as PQ } from './helpers/deterioration';
import { patientId } from './helpers/patients';
import { ADD_ITEM, enrolledPatient, NOW, orgIds, planRound, staffIds, SUGGEST } from './helpers/rounds';
import { startTestApp, TestApp } from './helpers/test-app';

/**
 * Each reason a patient is suggested for a round: it appears, and it goes when the reason is gone.
 * The weekly round of Sjöbacken with Jönköping on Monday 2026-11-23; the previous one of the same
 * organisations was held 2026-11-16 (demo data). Time is the injected Clock, never the wall clock.
 */
let t: TestApp;
let org: Record<DemoOrgKey, string>;
let staff: Record<'erikGp' | 'annaNurse', string>;
let esther: string;
let round: string;
/** A round of organisations that have held none before: "since" is now minus 30 days. */
let firstRound: string;

type Reasons = Array<[string, string | null]>;

beforeAll(async () => {
  t = await startTestApp();
  clock(NOW);
  org = await orgIds(t);
  staff = await staffIds(t, ['erikGp', 'annaNurse']);
  esther = await patientId(t, 'esther');
  round = await planRound(t, 'erikGp', { startsAt: '2026-11-23T08:00:00Z', participatingOrganisationIds: [org.jonkoping] });
  firstRound = await planRound(t, 'erikGp', { startsAt: '2026-11-24T08:00:00Z', participatingOrganisationIds: [org.jonkoping, org.habo] });
});
afterAll(async () => {
  t.app.get(Clock).set(null);
  await t.close();
});

function clock(at: Date | string): void {
  t.app.get(Clock).set(typeof at === 'string' ? new Date(at) : at);
}

/** The clock at `iso` for the duration of `fn`, then back at NOW. */
async function at<T>(iso: string, fn: () => Promise<T>): Promise<T> {
  clock(iso);
  try {
    return await fn();
  } finally {
    clock(NOW);
  }
}

/** The reasons (with details) on the patient's suggestion for the round, or null when not suggested. */
async function reasonsFor(patient: string, roundId = round): Promise<Reasons | null> {
  const res = await t.gql(SUGGEST, { id: roundId }, await t.token('erikGp'));
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  const hits = res.data.suggestedAgenda.filter((s: any) => s.patient.id === patient);
  expect(hits.length).toBeLessThanOrEqual(1); // one suggestion per patient, whatever the number of reasons
  return hits[0] ? hits[0].reasons.map((r: any) => [r.reason, r.detail]) : null;
}

async function detailOf(patient: string, reason: string, roundId = round): Promise<string | null | undefined> {
  const found = (await reasonsFor(patient, roundId))?.find(([r]) => r === reason);
  return found ? found[1] : undefined;
}

async function ok(query: string, variables: Record<string, unknown>, token: string) {
  const res = await t.gql(query, variables, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

/** Admitted and discharged from the medical ward through the real process, the notice sent at `dischargedAt`. */
async function discharge(serial: string, admittedAt: string, dischargedAt: string): Promise<void> {
  const hospital = { tove: await t.token('toveDischarge', 'wardMedicine'), ali: await t.token('aliPhysician'), emma: await t.token('emmaNurse') };
  await at(dischargedAt, async () => {
    const open = await ok(DQ.open, { i: { personnummer: withCheckDigit('19400202', serial), admittedAt } }, hospital.tove);
    const id = open.r.id;
    await ok(DQ.admission, { i: { processId: id, note: 'Behov av hemsjukvård efter utskrivning.' } }, hospital.tove);
    await ok(DQ.ready, { i: { processId: id } }, hospital.ali);
    await ok(DQ.discharge, { i: { processId: id, handover: HANDOVER_CONTENT } }, hospital.emma);
  });
}

async function openTask(patient: string, due: string): Promise<string> {
  const [row] = await t.sql(
    `INSERT INTO task (patient_id, title, assignee_organisation_id, assignee_role, due_date, created_by_staff_id, created_by_organisation_id)
     VALUES ($1, 'Läkemedelsgenomgång', $2, 'NURSE', $3, $4, $5) RETURNING id`,
    [patient, org.jonkoping, due, staff.erikGp, org.vcSjobacken],
  );
  return row.id;
}

describe('a patient with several reasons', () => {
  it('gets one suggestion carrying every reason, each with its own detail (dates and counts only)', async () => {
    // Ulla: enrolled on 2026-11-19, discharged from hospital on 2026-11-20, an open task due 2026-11-21, no deterioration plan.
    const ulla = await enrolledPatient(t, { serial: '401', name: 'Ulla', primaryCare: org.vcSjobacken, physician: staff.erikGp, start: '2026-11-19' });
    await discharge('401', '2026-11-19T07:00:00Z', '2026-11-20T10:30:00Z');
    await openTask(ulla, '2026-11-21');
    expect(await reasonsFor(ulla)).toEqual([
      ['DETERIORATION_PLAN_MISSING', null],
      ['NEWLY_ENROLLED', 'enrolled 2026-11-19'],
      ['OVERDUE_TASKS', '1 overdue, the oldest due 2026-11-21'],
      ['RECENTLY_DISCHARGED', 'discharged 2026-11-20'],
    ]);
    // Esther in March 2027: her SIP follow-up (due 2027-01-19) was never recorded, her plan's review
    // date (2027-03-15) is within a week, the care coordinators' demo task is still open, and so is
    // the mobile team's accepted one from her handover (due 2027-01-11).
    expect(await at('2027-03-09T09:00:00Z', () => reasonsFor(esther))).toEqual([
      ['DETERIORATION_PLAN_REVIEW_DUE', 'review due 2027-03-15'],
      ['OVERDUE_TASKS', '2 overdue, the oldest due 2026-11-20'],
      ['SIP_FOLLOW_UP_DUE', 'follow-up due 2027-01-19'],
    ]);
    // Put on the agenda, the patient is no longer suggested, whatever the reasons.
    expect((await t.gql(ADD_ITEM, { i: { roundId: round, patientId: ulla } }, await t.token('annaNurse'))).data.addAgendaItem.reasons).toEqual([
      'DETERIORATION_PLAN_MISSING',
      'NEWLY_ENROLLED',
      'OVERDUE_TASKS',
      'RECENTLY_DISCHARGED',
    ]);
    expect(await reasonsFor(ulla)).toBeNull();
  });
});

describe('each reason comes and goes', () => {
  let vera: string;
  beforeAll(async () => {
    vera = await enrolledPatient(t, { serial: '402', name: 'Vera', primaryCare: org.vcSjobacken, physician: staff.erikGp, start: '2026-11-18' });
  });

  it('NEWLY_ENROLLED: enrolled since the previous round; with no previous round, for 30 days', async () => {
    expect(await detailOf(vera, 'NEWLY_ENROLLED')).toBe('enrolled 2026-11-18');
    expect(await detailOf(vera, 'NEWLY_ENROLLED', firstRound)).toBe('enrolled 2026-11-18');
    expect(await at('2026-12-17T12:00:00Z', () => detailOf(vera, 'NEWLY_ENROLLED', firstRound))).toBe('enrolled 2026-11-18');
    expect(await at('2026-12-19T12:00:00Z', () => detailOf(vera, 'NEWLY_ENROLLED', firstRound))).toBeUndefined();
  });

  it('OVERDUE_TASKS: an open task past its due date, until it is completed', async () => {
    const task = await openTask(vera, '2026-11-25');
    expect(await detailOf(vera, 'OVERDUE_TASKS')).toBeUndefined(); // due in three days
    expect(await at('2026-11-25T12:00:00Z', () => detailOf(vera, 'OVERDUE_TASKS'))).toBeUndefined(); // due today is not overdue
    await at('2026-11-26T08:00:00Z', async () => {
      expect(await detailOf(vera, 'OVERDUE_TASKS')).toBe('1 overdue, the oldest due 2026-11-25');
      await ok(
        `mutation($i: CompleteTaskInput!) { completeTask(input: $i) { status } }`,
        { i: { taskId: task, outcome: 'Genomförd vid hembesök.' } },
        await t.token('annaNurse'),
      );
      expect(await detailOf(vera, 'OVERDUE_TASKS')).toBeUndefined();
    });
  });

  it('RECENTLY_DISCHARGED: discharged since the previous round, or within 30 days; gone once on the agenda', async () => {
    const wilma = await enrolledPatient(t, { serial: '403', name: 'Wilma', primaryCare: org.vcSjobacken, physician: staff.erikGp, start: '2026-09-01' });
    expect(await detailOf(wilma, 'RECENTLY_DISCHARGED')).toBeUndefined();
    // Discharged at 07:30 on the day of the previous round, before it began: that day still counts.
    await discharge('403', '2026-11-12T07:00:00Z', '2026-11-16T06:30:00Z');
    expect(await detailOf(wilma, 'RECENTLY_DISCHARGED')).toBe('discharged 2026-11-16');
    expect(await detailOf(wilma, 'RECENTLY_DISCHARGED', firstRound)).toBe('discharged 2026-11-16');
    expect(await at('2026-12-15T09:00:00Z', () => detailOf(wilma, 'RECENTLY_DISCHARGED', firstRound))).toBe('discharged 2026-11-16');
    expect(await at('2026-12-17T09:00:00Z', () => detailOf(wilma, 'RECENTLY_DISCHARGED', firstRound))).toBeUndefined();
    await ok(ADD_ITEM, { i: { roundId: round, patientId: wilma } }, await t.token('annaNurse'));
    expect(await reasonsFor(wilma)).toBeNull();
    expect(await detailOf(wilma, 'RECENTLY_DISCHARGED', firstRound)).toBe('discharged 2026-11-16'); // another round's agenda
  });

  it('SIP_FOLLOW_UP_DUE: an active SIP whose follow-up is within 7 days, until the follow-up is recorded', async () => {
    const [{ id: sip }] = await t.sql(`SELECT id FROM care_plan WHERE patient_id = $1 AND status = 'ACTIVE'`, [esther]);
    expect(await detailOf(esther, 'SIP_FOLLOW_UP_DUE')).toBeUndefined();
    expect(await at('2027-01-11T09:00:00Z', () => detailOf(esther, 'SIP_FOLLOW_UP_DUE'))).toBeUndefined(); // eight days ahead
    await at('2027-01-12T09:00:00Z', async () => {
      expect(await detailOf(esther, 'SIP_FOLLOW_UP_DUE')).toBe('follow-up due 2027-01-19');
      const FOLLOW = `mutation($i: RecordCarePlanFollowUpInput!) { recordCarePlanFollowUp(input: $i) { id } }`;
      await ok(FOLLOW, { i: { carePlanId: sip, followUpDate: '2027-01-12', nextFollowUpDate: '2027-04-20' } }, await t.token('annaNurse'));
      expect(await detailOf(esther, 'SIP_FOLLOW_UP_DUE')).toBeUndefined();
    });
    expect(await at('2027-04-13T09:00:00Z', () => detailOf(esther, 'SIP_FOLLOW_UP_DUE'))).toBe('follow-up due 2027-04-20');
  });

  it('DETERIORATION_PLAN_REVIEW_DUE: the active plan is due for review within 7 days, until a new version moves the date', async () => {
    expect(await at('2027-03-07T09:00:00Z', () => detailOf(esther, 'DETERIORATION_PLAN_REVIEW_DUE'))).toBeUndefined();
    await at('2027-03-08T09:00:00Z', async () => {
      expect(await detailOf(esther, 'DETERIORATION_PLAN_REVIEW_DUE')).toBe('review due 2027-03-15');
      const gp = await t.token('erikGp');
      const draft = (await ok(PQ.revise, { p: esther }, gp)).reviseDeteriorationPlan;
      const moved = (await ok(PQ.update, { i: { planId: draft.id, expectedVersion: draft.version, reviewDate: '2027-09-15' } }, gp))
        .updateDeteriorationPlanDraft;
      expect(await detailOf(esther, 'DETERIORATION_PLAN_REVIEW_DUE')).toBe('review due 2027-03-15'); // a draft changes nothing yet
      await ok(PQ.sign, { i: { planId: moved.id, expectedVersion: moved.version } }, gp);
      expect(await detailOf(esther, 'DETERIORATION_PLAN_REVIEW_DUE')).toBeUndefined();
    });
    expect(await at('2027-09-08T09:00:00Z', () => detailOf(esther, 'DETERIORATION_PLAN_REVIEW_DUE'))).toBe('review due 2027-09-15');
  });

  it('DETERIORATION_PLAN_MISSING: enrolled without an active signed plan, until a physician signs one', async () => {
    expect(await detailOf(vera, 'DETERIORATION_PLAN_MISSING')).toBeNull();
    // Her GP drafts (without consent, Jönköping's draft would be hidden from him) and signs.
    const draft = (await ok(PQ.draft, { i: { patientId: vera, ...planContent() } }, await t.token('erikGp'))).draftDeteriorationPlan;
    expect(await detailOf(vera, 'DETERIORATION_PLAN_MISSING')).toBe('draft awaiting signature');
    await ok(PQ.sign, { i: { planId: draft.id, expectedVersion: draft.version } }, await t.token('erikGp'));
    expect(await detailOf(vera, 'DETERIORATION_PLAN_MISSING')).toBeUndefined();
    expect(await reasonsFor(vera)).toEqual([['NEWLY_ENROLLED', 'enrolled 2026-11-18']]);
    // Enrolled patients not yet started are not "missing" a plan.
    const later = await enrolledPatient(t, { serial: '404', name: 'Xenia', primaryCare: org.vcSjobacken, physician: staff.erikGp, start: '2026-11-30' });
    expect(await detailOf(later, 'DETERIORATION_PLAN_MISSING')).toBeUndefined();
    expect(await at('2026-11-30T09:00:00Z', () => detailOf(later, 'DETERIORATION_PLAN_MISSING'))).toBeNull();
  });
});
