import { signDevToken } from '../src/auth/token.service';
import { PatientGate } from '../src/access/patient-gate';
import { Actor } from '../src/common/actor';
import { Clock } from '../src/common/clock';
import { ExperienceAnswerInput } from '../src/experience/dto/experience.input';
import { ExperienceService } from '../src/experience/experience.service';
import { setClock } from './helpers/discharges';
import { addPatient, buildFixture, cellInShort as fmt, enroll, Fixture, FollowUpCell as Cell, followUp, ORGS, sip } from './helpers/follow-up';
import { auditMark, auditSince } from './helpers/patients';
import { expectError, startTestApp, TestApp } from './helpers/test-app';

/*
 * The experience survey (patientenkät) asked of every enrolled patient, at enrollment and then every
 * EXPERIENCE_INTERVAL_DAYS (180 by default), in the follow-up tests' own region (test/helpers/follow-up.ts):
 * Aneby (TM) enrolls with Åsen (VCA); Tranås (TM2) has a nurse with no relationship to anyone.
 *
 * P1 enrolled 2026-05-01, no SIP: the survey-at-enrollment, the repeat and the refusals.
 * For the follow-up (period 2026-01-01–2026-04-30, clock 2026-05-20), all enrolled in TM/VCA from 2026-01-10:
 *   A1–A5 no SIP, answered alone (PATIENT) on 2026-02-10, INVOLVED_IN_PLAN 5 4 4 3 4;
 *   N1–N2 no SIP, answered by a next of kin on 2026-03-05, INVOLVED_IN_PLAN 2 3;
 *   S1 with a SIP, answered at a SIP follow-up on 2026-03-20, INVOLVED_IN_PLAN 5 (counted as PATIENT_WITH_STAFF_HELP).
 */

const SURVEY = `id enrollmentId occasion dueOn status answeredOn respondent answers { question score } recordedAt`;
const RECORD = `mutation($i: RecordExperienceAnswersInput!) { r: recordExperienceAnswers(input: $i) { ${SURVEY} } }`;
const DECLINE = `mutation($i: DeclineExperienceSurveyInput!) { r: declineExperienceSurvey(input: $i) { ${SURVEY} } }`;
const DUE = `query($first: Int, $after: String, $within: Int) { r: experienceDue(first: $first, after: $after, withinDays: $within) {
  edges { node { patient { id } enrollmentId dueOn occasion lastAnsweredOn } } pageInfo { hasNextPage endCursor } } }`;
const PATIENT = `query($id: ID!) { r: patient(id: $id) { id experienceSurveyDueOn experienceSurveys(first: 10) { ${SURVEY} } } }`;
const CELL = `value denominator ratePer100 suppressed distribution`;
const INDICATORS = `query($p: FollowUpPeriodInput!, $resp: [ExperienceRespondent!]) { r: followUpIndicators(period: $p, experienceRespondent: $resp) {
  indicators { code total { ${CELL} } months { ${CELL} } } } }`;

let t: TestApp;
let f: Fixture;
let outsider: () => Promise<string>;
let outsiderId: string;
const OUTSIDER_HSA = 'SE2120000687-TS9';

async function gql(staff: Parameters<Fixture['token']>[0] | 'outsider', query: string, vars: Record<string, unknown>) {
  return t.gql(query, vars, staff === 'outsider' ? await outsider() : await f.token(staff));
}
async function ok(staff: Parameters<Fixture['token']>[0] | 'outsider', query: string, vars: Record<string, unknown>) {
  const res = await gql(staff, query, vars);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.r;
}
const answers = (...scores: number[]) =>
  ['INVOLVED_IN_PLAN', 'KNOWS_WHO_TO_CALL', 'PLAN_REFLECTS_MY_GOALS', 'CARE_IS_COORDINATED']
    .slice(0, scores.length)
    .map((question, i) => ({ question, score: scores[i] }));

beforeAll(async () => {
  t = await startTestApp();
  f = await buildFixture(t);
  const [s] = await t.sql(`INSERT INTO staff (hsa_id, name, profession_title) VALUES ($1, 'Test outsider', 'Sjuksköterska') RETURNING id`, [OUTSIDER_HSA]);
  await t.sql(`INSERT INTO assignment (staff_id, organisation_id, role, valid_from) VALUES ($1, $2, 'NURSE', '2025-01-01')`, [s.id, f.org.TM2]);
  outsiderId = s.id;
  outsider = () => signDevToken(t.config, { staffHsaId: OUTSIDER_HSA, organisationHsaId: ORGS.TM2.hsa, role: 'NURSE' });

  await addPatient(t, f, 'P1');
  await enroll(t, f, 'P1', 'TM', 'VCA', 'ga', '2026-05-01');
  // An ended enrollment; Aneby stays in the care team: a care relationship, no active enrollment.
  await addPatient(t, f, 'ENDED');
  await enroll(t, f, 'ENDED', 'TM', 'VCA', 'ga', '2025-06-01', '2026-02-01');
  await t.sql(
    `INSERT INTO care_team_member (patient_id, organisation_id, reason, added_by_staff_id, added_by_organisation_id) VALUES ($1, $2, 'Hemsjukvård', $3, $4)`,
    [f.patient.ENDED, f.org.TM, f.staff.ga, f.org.VCA],
  );

  // Enrolled after the follow-up's period: answers in the patient's own view.
  await addPatient(t, f, 'OWN');
  await enroll(t, f, 'OWN', 'TM', 'VCA', 'ga', '2026-05-15');
  for (const p of ['A1', 'A2', 'A3', 'A4', 'A5', 'N1', 'N2', 'S1']) {
    await addPatient(t, f, p);
    await enroll(t, f, p, 'TM', 'VCA', 'ga', '2026-01-10');
  }
  const plan = await sip(t, f, 'S1', { publishedAt: '2026-01-15T10:00:00Z', followUpDue: '2026-09-10' });
  await followUp(t, f, plan, 'S1', { due: '2026-03-20', done: '2026-03-20', next: '2026-09-10', answers: { INVOLVED_IN_PLAN: 5 } });
});
afterAll(() => t.close());
afterEach(() => t.app.get(Clock).set(null));

describe('due at enrollment and again after the interval', () => {
  it('is due on the enrollment’s start date, answered with staff help, then due 180 days after the answer', async () => {
    setClock(t, '2026-05-01T08:00:00Z');
    expect(await ok('nurse', PATIENT, { id: f.patient.P1 })).toMatchObject({ experienceSurveyDueOn: '2026-05-01', experienceSurveys: [] });
    const due = await ok('nurse', DUE, { first: 50 });
    expect(due.edges.find((e: { node: { patient: { id: string } } }) => e.node.patient.id === f.patient.P1).node).toMatchObject({
      dueOn: '2026-05-01',
      occasion: 'ENROLLMENT',
      lastAnsweredOn: null,
    });

    setClock(t, '2026-05-02T09:00:00Z');
    const mark = await auditMark(t);
    const s1 = await ok('nurse', RECORD, { i: { patientId: f.patient.P1, respondent: 'PATIENT_WITH_STAFF_HELP', answers: answers(4, 5, 3, 4) } });
    expect(s1).toMatchObject({
      occasion: 'ENROLLMENT',
      dueOn: '2026-05-01',
      status: 'ANSWERED',
      answeredOn: '2026-05-02',
      respondent: 'PATIENT_WITH_STAFF_HELP',
      answers: answers(4, 5, 3, 4),
    });
    expect((await auditSince(t, mark)).map((a) => [a.operation, a.outcome, a.patient_id])).toEqual([['recordExperienceAnswers', 'ALLOWED', f.patient.P1]]);
    // 2026-05-02 + 180 days.
    expect((await ok('nurse', PATIENT, { id: f.patient.P1 })).experienceSurveyDueOn).toBe('2026-10-29');
    const ids = (await ok('nurse', DUE, { first: 50 })).edges.map((e: { node: { patient: { id: string } } }) => e.node.patient.id);
    expect(ids).not.toContain(f.patient.P1);
    // Within 180 days: asked about a window that reaches the due date.
    setClock(t, '2026-09-01T09:00:00Z');
    expect((await ok('nurse', DUE, { first: 50, within: 60 })).edges.map((e: { node: { patient: { id: string } } }) => e.node.patient.id)).toContain(
      f.patient.P1,
    );

    setClock(t, '2026-10-29T09:00:00Z');
    const again = (await ok('nurse', DUE, { first: 50 })).edges.find((e: { node: { patient: { id: string } } }) => e.node.patient.id === f.patient.P1).node;
    expect(again).toMatchObject({ dueOn: '2026-10-29', occasion: 'REPEAT', lastAnsweredOn: '2026-05-02' });

    setClock(t, '2026-10-30T09:00:00Z');
    const s2 = await ok('coordTM', RECORD, { i: { patientId: f.patient.P1, respondent: 'NEXT_OF_KIN', answers: answers(3) } });
    expect(s2).toMatchObject({ occasion: 'REPEAT', dueOn: '2026-10-29', respondent: 'NEXT_OF_KIN', answeredOn: '2026-10-30' });

    // A survey answered by the patient alone (e.g. a form they filled in), entered later with its day.
    setClock(t, '2027-05-10T09:00:00Z');
    const s3 = await ok('nurseTM', RECORD, { i: { patientId: f.patient.P1, respondent: 'PATIENT', answers: answers(5, 5), answeredOn: '2027-05-01' } });
    expect(s3).toMatchObject({ occasion: 'REPEAT', dueOn: '2027-04-28', respondent: 'PATIENT', answeredOn: '2027-05-01' });

    // Declined: leaves the list; the next is due after the interval.
    setClock(t, '2027-10-28T09:00:00Z');
    const d = await ok('nurse', DECLINE, { i: { patientId: f.patient.P1 } });
    expect(d).toMatchObject({ status: 'DECLINED', respondent: null, answers: [], dueOn: '2027-10-28', answeredOn: '2027-10-28' });
    const mine = await ok('nurse', PATIENT, { id: f.patient.P1 });
    expect(mine.experienceSurveyDueOn).toBe('2028-04-25');
    expect(mine.experienceSurveys.map((s: { respondent: string | null; status: string }) => [s.status, s.respondent])).toEqual([
      ['DECLINED', null],
      ['ANSWERED', 'PATIENT'],
      ['ANSWERED', 'NEXT_OF_KIN'],
      ['ANSWERED', 'PATIENT_WITH_STAFF_HELP'],
    ]);
  });
});

describe('for the patient’s own view', () => {
  it('recordForPatient records answers with respondent PATIENT, entered by nobody on staff, in a scope the caller opened', async () => {
    setClock(t, '2026-05-20T10:00:00Z');
    const [a] = await t.sql(`SELECT id FROM assignment WHERE staff_id = $1`, [f.staff.nurse]);
    // Until the patient's sign-in exists, a staff actor opens the scope; the patient view will open its own.
    const actor: Actor = {
      staffId: f.staff.nurse,
      staffHsaId: 'SE2120000604-TS1',
      assignmentId: a.id,
      organisationId: f.org.TM,
      organisationHsaId: ORGS.TM.hsa,
      organisationKind: 'MUNICIPALITY' as Actor['organisationKind'],
      role: 'NURSE' as Actor['role'],
      requestId: 'test',
    };
    const svc = t.app.get(ExperienceService);
    const survey = await t.app
      .get(PatientGate)
      .patient(actor, f.patient.OWN, { operation: 'recordExperienceAnswers' }, ({ tx }) =>
        svc.recordForPatient(tx, answers(5, 4) as ExperienceAnswerInput[], '2026-05-19'),
      );
    expect(survey).toMatchObject({
      respondent: 'PATIENT',
      occasion: 'ENROLLMENT',
      recordedByStaffId: null,
      recordedByOrganisationId: null,
      answeredOn: '2026-05-19',
    });
    await expect(
      t.app.get(PatientGate).patient(actor, f.patient.OWN, { operation: 'recordExperienceAnswers' }, ({ tx }) => svc.recordForPatient(tx, [], null)),
    ).rejects.toMatchObject({ extensions: { fields: [{ field: 'answers', message: 'must hold at least one answer' }] } });
    const mine = await ok('nurse', PATIENT, { id: f.patient.OWN });
    expect(mine.experienceSurveys).toHaveLength(1);
  });
});

describe('the demo', () => {
  it('Esther answered at enrollment with staff help', async () => {
    const rows = await t.sql(
      `SELECT s.occasion, s.respondent, count(a.id)::int AS answers FROM experience_survey s JOIN patient p ON p.id = s.patient_id
         JOIN experience_answer a ON a.survey_id = s.id WHERE p.given_name = 'Esther' GROUP BY s.id`,
    );
    expect(rows).toEqual([{ occasion: 'ENROLLMENT', respondent: 'PATIENT_WITH_STAFF_HELP', answers: 4 }]);
  });
});

describe('bad input names the field', () => {
  it.each([
    ['a score of 0', { answers: [{ question: 'INVOLVED_IN_PLAN', score: 0 }] }, 'input.answers.0.score'],
    ['a score of 6', { answers: [{ question: 'INVOLVED_IN_PLAN', score: 6 }] }, 'input.answers.0.score'],
    ['a question answered twice', { answers: [...answers(4), { question: 'INVOLVED_IN_PLAN', score: 2 }] }, 'input.answers.1.question'],
    ['no answers', { answers: [] }, 'input.answers'],
    ['a day in the future', { answers: answers(4), answeredOn: '2026-05-21' }, 'input.answeredOn'],
    ['a day before the enrollment', { answers: answers(4), answeredOn: '2026-01-09' }, 'input.answeredOn'],
  ])('%s', async (_what, input, field) => {
    setClock(t, '2026-05-20T10:00:00Z');
    const before = await t.sql(`SELECT count(*)::int AS n FROM experience_survey`);
    const res = await gql('nurse', RECORD, { i: { patientId: f.patient.A1, respondent: 'PATIENT', ...input } });
    const err = expectError(res, 'BAD_USER_INPUT');
    expect(err.extensions.fields!.map((x: { field: string }) => x.field)).toContain(field);
    expect(await t.sql(`SELECT count(*)::int AS n FROM experience_survey`)).toEqual(before);
  });
});

describe('refusals', () => {
  beforeEach(() => setClock(t, '2026-05-20T10:00:00Z'));
  const input = () => ({ i: { patientId: f.patient.A1, respondent: 'PATIENT', answers: answers(4) } });

  it('a role not listed (unit manager, physician) is answered as absence', async () => {
    for (const staff of ['mgrTM', 'ga'] as const) {
      const err = expectError(await gql(staff, RECORD, input()), 'NOT_FOUND');
      expect(err.message).toBe('Patient not found');
    }
    expectError(await gql('mgrTM', DUE, { first: 5 }), 'FORBIDDEN');
  });

  it('an organisation without a relationship gets the same answer as for a random id, and an empty due list', async () => {
    const unknown = await gql('outsider', RECORD, { i: { ...input().i, patientId: '00000000-0000-4000-8000-000000000000' } });
    const refused = await gql('outsider', RECORD, input());
    expect(expectError(refused, 'NOT_FOUND').message).toBe(expectError(unknown, 'NOT_FOUND').message);
    expect((await ok('outsider', DUE, { first: 50 })).edges).toEqual([]);
  });

  it('emergency access reads the patient but cannot record answers', async () => {
    const [a] = await t.sql(`SELECT a.id FROM assignment a WHERE a.staff_id = $1`, [outsiderId]);
    await t.sql(
      `INSERT INTO emergency_access (patient_id, staff_id, assignment_id, organisation_id, reason, opened_at, expires_at)
       VALUES ($1, $2, $3, $4, 'Medvetslös', '2026-05-20T09:50:00Z', '2026-05-20T13:50:00Z')`,
      [f.patient.A2, outsiderId, a.id, f.org.TM2],
    );
    const res = await gql('outsider', RECORD, { i: { ...input().i, patientId: f.patient.A2 } });
    expect(expectError(res, 'FORBIDDEN').message).toMatch(/Emergency access/);
    // The due list is of the organisation's enrollments: emergency access adds nobody.
    expect((await ok('outsider', DUE, { first: 50 })).edges).toEqual([]);
  });

  it('a patient without an active enrollment has no survey', async () => {
    expectError(await gql('nurse', RECORD, { i: { ...input().i, patientId: f.patient.ENDED } }), 'PRECONDITION_FAILED');
    expect((await ok('nurse', PATIENT, { id: f.patient.ENDED })).experienceSurveyDueOn).toBeNull();
  });
});

describe('the due list', () => {
  it('pages through the organisation’s enrolled patients whose survey is due, by due date', async () => {
    setClock(t, '2026-01-20T10:00:00Z');
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: {
        edges: Array<{ node: { patient: { id: string }; dueOn: string; occasion: string } }>;
        pageInfo: { hasNextPage: boolean; endCursor: string };
      } = await ok('nurse', DUE, { first: 3, after });
      for (const e of page.edges) {
        expect(e.node).toMatchObject({ dueOn: '2026-01-10', occasion: 'ENROLLMENT' });
        seen.push(e.node.patient.id);
      }
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    // Everyone enrolled on 2026-01-10 (P1 not yet enrolled then, so no survey due yet).
    expect(seen.sort()).toEqual(['A1', 'A2', 'A3', 'A4', 'A5', 'N1', 'N2', 'S1'].map((p) => f.patient[p]).sort());
    expectError(await gql('nurse', DUE, { first: 3, after: 'bm9wZQ' }), 'BAD_USER_INPUT');
  });
});

describe('the follow-up counts every enrolled patient’s answers, split by respondent', () => {
  beforeAll(async () => {
    setClock(t, '2026-05-20T10:00:00Z');
    const scores = [5, 4, 4, 3, 4];
    for (const [i, p] of ['A1', 'A2', 'A3', 'A4', 'A5'].entries()) {
      await ok('nurse', RECORD, { i: { patientId: f.patient[p], respondent: 'PATIENT', answers: answers(scores[i]), answeredOn: '2026-02-10' } });
    }
    for (const [i, p] of ['N1', 'N2'].entries()) {
      await ok('nurse', RECORD, { i: { patientId: f.patient[p], respondent: 'NEXT_OF_KIN', answers: answers([2, 3][i]), answeredOn: '2026-03-05' } });
    }
    t.app.get(Clock).set(null);
  });
  beforeEach(() => setClock(t, '2026-05-20T10:00:00Z'));

  async function involved(resp: string[] | null) {
    const r = await ok('mgrTM', INDICATORS, { p: { from: '2026-01-01', to: '2026-04-30' }, resp });
    const byCode = Object.fromEntries(r.indicators.map((i: { code: string; total: Cell; months: Cell[] }) => [i.code, [i.total, ...i.months].map(fmt)]));
    return { involved: byCode.EXPERIENCE_INVOLVED_IN_PLAN, enrolled: byCode.ENROLLED, knows: byCode.EXPERIENCE_KNOWS_WHO_TO_CALL };
  }

  it('every respondent: surveys of patients without a SIP and the SIP follow-up’s answer', async () => {
    // Scores 5 4 4 3 4 (Feb), 2 3 and 5 (Mar): 30 / 8 = 3.75. Months: Mar rests on 3 patients (suppressed), so Feb,
    // the only other month with answers, is suppressed too: it would give Mar away by subtraction from the period.
    const r = await involved(null);
    //                          period                 Jan                    Feb  Mar  Apr
    expect(r.involved).toEqual(['3.75 n8 [0,1,2,3,2]', 'null n0 [0,0,0,0,0]', 'S', 'S', 'null n0 [0,0,0,0,0]']);
    // The eight, and ENDED (enrolled until Feb 1).
    expect(r.enrolled[0]).toBe('9');
    // Only INVOLVED_IN_PLAN was asked of these patients in the period.
    expect(r.knows[0]).toBe('null n0 [0,0,0,0,0]');
  });

  it('split by respondent, each suppressed when resting on 1–4 patients; other indicators unchanged', async () => {
    const alone = await involved(['PATIENT']);
    // Only Feb's five answers: period and Feb shown.
    expect(alone.involved.slice(0, 3)).toEqual(['4 n5 [0,0,1,3,1]', 'null n0 [0,0,0,0,0]', '4 n5 [0,0,1,3,1]']);
    expect(alone.enrolled[0]).toBe('9');
    expect((await involved(['NEXT_OF_KIN'])).involved[0]).toBe('S');
    // The SIP follow-up's answer counts as the patient with staff help: one patient, suppressed.
    expect((await involved(['PATIENT_WITH_STAFF_HELP'])).involved[0]).toBe('S');
    expect((await involved(['NEXT_OF_KIN', 'PATIENT_WITH_STAFF_HELP'])).involved[0]).toBe('S');
    expect((await involved(['PATIENT', 'NEXT_OF_KIN'])).involved[0]).toBe('3.57 n7 [0,1,2,3,1]');
  });

  it('an empty respondent list is bad input naming the argument', async () => {
    const res = await gql('mgrTM', INDICATORS, { p: { from: '2026-01-01', to: '2026-04-30' }, resp: [] });
    expect(expectError(res, 'BAD_USER_INPUT').extensions.fields!.map((x: { field: string }) => x.field)).toContain('experienceRespondent');
  });
});
