import { signDevPatientToken, signDevToken } from '../src/auth/token.service';
import { POLICIES } from '../src/app/policies';
import { DEMO_PATIENTS, demoPersonnummer, withCheckDigit } from '../src/demo/patients';
import { DEMO_REPRESENTATIVE } from '../src/demo/representatives';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { SignJWT } from 'jose';
import { ArgContext, documentFor } from './helpers/matrix';
import { expectError, GqlResult, startTestApp, TestApp } from './helpers/test-app';

/**
 * The patient's own view: a patient signs in through the patients' identity provider (here the
 * local key, with its own issuer and audience) and reads their own care; a recorded representative
 * acts for the patient while the representation holds; every read is logged as the patient's and
 * shows in their own log extract; a proposal reaches the SIP's organisations and a participant
 * accepts it into the draft or declines it. Staff tokens never reach these operations, and patient
 * tokens reach nothing else.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const pnrOf = (key: string) => demoPersonnummer(DEMO_PATIENTS.find((p) => p.key === key)!);
const ESTHER = pnrOf('esther');

async function asPatient<T = any>(pnr: string, query: string, variables: Record<string, unknown> = {}, representing?: string): Promise<GqlResult<T>> {
  const token = await signDevPatientToken(t.config, pnr);
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(representing ? { 'x-represented-patient': representing } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, ...((await res.json()) as object) } as GqlResult<T>;
}

const MY_CARE = `{ myCare { givenName familyName whatMattersToMe actingAs
  carePlan { planType agreementText agreedTime daytimeContact { name phone } outOfHoursContact { name phone } carePlanId versionNumber publishedAt reason goals { text } actions { description responsibleUnit responsiblePerson performedBy startDate endDate status } responsibleUnit nextFollowUp }
  contacts { careContact { name title unit phone } physicianContact { name title unit phone } contactHours contactLadder { hours role name phone } } } }`;
const MEETINGS = `{ myCarePlanMeetings { id startsAt place placeDetail status moved cancelReason } }`;
const TASKS = `{ myCareTasks { title dueDate unit role accepted } }`;
const LOG = `query($first: Int, $after: String) { myLogExtract(first: $first, after: $after) { edges { node { at who unit role operation emergency outcome } } pageInfo { hasNextPage endCursor } } }`;
const PROPOSE = `mutation($i: ProposeCarePlanChangeInput!) { proposeCarePlanChange(input: $i) { id patientId carePlanId goals whatMattersToMe message status byRepresentative } }`;
const PROPOSALS = `query($p: ID!) { carePlanProposals(patientId: $p) { id status goals whatMattersToMe decidedByUnit declineReason } }`;
const ACCEPT = `mutation($i: AcceptCarePlanProposalInput!) { acceptCarePlanProposal(input: $i) { id status decidedByUnit } }`;
const DECLINE = `mutation($i: DeclineCarePlanProposalInput!) { declineCarePlanProposal(input: $i) { id status declineReason } }`;
const RECORD_REP = `mutation($i: RecordPatientRepresentativeInput!) { recordPatientRepresentative(input: $i) { id name kind validFrom validTo current } }`;
const END_REP = `mutation($i: EndPatientRepresentativeInput!) { endPatientRepresentative(input: $i) { id current validTo endReason } }`;
const REPS = `query($p: ID!) { patientRepresentatives(patientId: $p) { id name kind current } }`;

let estherId: string;
let planId: string;
beforeAll(async () => {
  estherId = (await t.sql(`SELECT id FROM patient WHERE personnummer = $1`, [ESTHER]))[0].id;
  planId = (await t.sql(`SELECT id FROM care_plan WHERE patient_id = $1 AND status = 'ACTIVE'`, [estherId]))[0].id;
});

describe('signing in', () => {
  it('a patient token and a staff token are never taken for each other', async () => {
    // A staff token cannot call a patient operation; a patient token cannot call a staff one.
    const staff = await t.gql(MY_CARE, {}, await t.token('annaNurse'));
    expect(expectError(staff, 'FORBIDDEN').message).toMatch(/patient’s own view/);
    expect(expectError(await asPatient(ESTHER, `{ me { __typename } }`), 'FORBIDDEN').message).toMatch(/for staff/);
    const patient = await asPatient(ESTHER, `query($id: ID!) { patient(id: $id) { id } }`, { id: estherId });
    expect(expectError(patient, 'NOT_FOUND').message).toBe('Patient not found');
    // Mixed issuer and audience, or another key: neither kind of token.
    const key = new TextEncoder().encode(t.config.auth.devSecret);
    const mixed = async (iss: string, aud: string, sub: string) =>
      new SignJWT({ org: 'SE2120000530-1001', role: 'NURSE' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(sub)
        .setIssuer(iss)
        .setAudience(aud)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(key);
    for (const token of [
      await mixed(t.config.patientAuth.issuer, t.config.auth.audience, ESTHER),
      await mixed(t.config.auth.issuer, t.config.patientAuth.audience, ESTHER),
      await signDevPatientToken(t.config, ESTHER, '1h', 'another key that is long enough to sign tokens'),
    ]) {
      expect((await t.gql(MY_CARE, {}, token)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    // A patient token whose subject is not a personnummer.
    const hsa = await mixed(t.config.patientAuth.issuer, t.config.patientAuth.audience, 'SE2321000057-S301');
    expect(expectError(await t.gql(MY_CARE, {}, hsa), 'UNAUTHENTICATED').message).toMatch(/personnummer/);
  });

  it('a person with no patient record and no representation cannot sign in', async () => {
    const res = await asPatient(withCheckDigit('19700101', '123'), MY_CARE);
    expect(expectError(res, 'UNAUTHENTICATED').message).toMatch(/No patient record/);
  });
});

describe('the patient reads their own care', () => {
  it('myCare: the published SIP (never the draft), what matters to me and whom to call now', async () => {
    // A revision in progress: its draft text must not show.
    await t.sql(`UPDATE care_plan_goal SET text = 'UTKAST som patienten inte ska se' WHERE care_plan_id = $1`, [planId]).catch(() => undefined);
    const res = await asPatient(ESTHER, MY_CARE);
    expect(res.errors).toBeUndefined();
    const c = res.data.myCare;
    expect(c).toMatchObject({ givenName: 'Esther', familyName: 'Johansson', actingAs: null });
    expect(c.whatMattersToMe).toMatch(/katt Sigge/);
    expect(c.carePlan).toMatchObject({ planType: 'SIP', agreementText: null, agreedTime: null, daytimeContact: null, carePlanId: planId, versionNumber: 2 });
    expect(c.carePlan.goals.length).toBeGreaterThan(0);
    expect(JSON.stringify(c.carePlan)).not.toMatch(/UTKAST/);
    expect(c.carePlan.actions.some((a: { responsibleUnit: string | null }) => a.responsibleUnit)).toBe(true);
    expect(c.contacts.careContact).toMatchObject({ name: expect.any(String), unit: expect.any(String) });
    expect(c.contacts.physicianContact).toMatchObject({ name: expect.any(String) });
    expect(['OFFICE_HOURS', 'OUT_OF_HOURS']).toContain(c.contacts.contactHours);
    const rows = await t.sql(
      `SELECT role, staff_hsa_id, staff_id::text, outcome::text, purpose FROM audit_log WHERE patient_id = $1 AND operation = 'myCare' ORDER BY id DESC LIMIT 1`,
      [estherId],
    );
    expect(rows[0]).toMatchObject({
      role: 'PATIENT',
      staff_hsa_id: 'PATIENT',
      staff_id: '00000000-0000-0000-0000-000000000000',
      outcome: 'ALLOWED',
      purpose: 'own view',
    });
  });

  it('meetings and the open tasks of the SIP: title, due date, unit and role; no descriptions, no other tasks', async () => {
    const meetings = await asPatient(ESTHER, MEETINGS);
    expect(meetings.errors).toBeUndefined();
    expect(meetings.data.myCarePlanMeetings.length).toBeGreaterThan(0);
    const [jonkoping] = (await t.sql(`SELECT id FROM organisation WHERE name ILIKE '%Jönköping%' ORDER BY name LIMIT 1`)) as Array<{ id: string }>;
    const anna = await t.staffId('annaNurse');
    await t.sql(
      `INSERT INTO task (patient_id, title, description, assignee_organisation_id, assignee_role, due_date, care_plan_id, created_by_staff_id, created_by_organisation_id)
       VALUES ($1, 'Boka hembesök med arbetsterapeut', 'Intern anteckning: ring dottern först', $2, 'NURSE', current_date + 5, $3, $4, $2),
              ($1, 'Internt arbete', 'Personalens egen uppgift', $2, 'NURSE', current_date + 1, NULL, $4, $2)`,
      [estherId, jonkoping.id, planId, anna],
    );
    const tasks = await asPatient(ESTHER, TASKS);
    expect(tasks.errors).toBeUndefined();
    expect(tasks.data.myCareTasks).toEqual([
      { title: 'Boka hembesök med arbetsterapeut', dueDate: expect.any(String), unit: expect.any(String), role: 'NURSE', accepted: false },
    ]);
    expect(JSON.stringify(tasks.data)).not.toMatch(/Intern/);
  });

  it('their own log extract lists staff reads and their own, this read included; paginated', async () => {
    await t.gql(`query($id: ID!) { patient(id: $id) { id } }`, { id: estherId }, await t.token('annaNurse'));
    const res = await asPatient(ESTHER, LOG, { first: 2 });
    expect(res.errors).toBeUndefined();
    const nodes = res.data.myLogExtract.edges.map((e: { node: unknown }) => e.node);
    expect(nodes[0]).toMatchObject({ who: 'PATIENT', operation: 'myLogExtract', unit: null, role: null, outcome: 'ALLOWED' });
    expect(nodes[1]).toMatchObject({ who: 'STAFF', operation: 'patient', unit: expect.any(String), role: 'NURSE' });
    const all = await asPatient(ESTHER, LOG, { first: 50 });
    const older = all.data.myLogExtract.edges.map((e: { node: { who: string; operation: string } }) => e.node);
    expect(older.some((n: { who: string; operation: string }) => n.who === 'PATIENT' && n.operation === 'myCare')).toBe(true);
    expect(older.some((n: { who: string; operation: string }) => n.who === 'PATIENT' && n.operation === 'myCareTasks')).toBe(true);
    expect(res.data.myLogExtract.pageInfo.hasNextPage).toBe(true);
    const next = await asPatient(ESTHER, LOG, { first: 2, after: res.data.myLogExtract.pageInfo.endCursor });
    expect(next.data.myLogExtract.edges).toHaveLength(2);
  });

  it('reaches only their own patient: no argument names another, and every staff operation and mutation is refused', async () => {
    // The same operations for another patient: each reads only Elsa's own.
    const elsa = await asPatient(pnrOf('elsa'), `{ myCare { givenName carePlan { carePlanId } } }`);
    expect(elsa.data.myCare.givenName).not.toBe('Esther');
    expect(elsa.data.myCare.carePlan?.carePlanId ?? null).not.toBe(planId);
    // A staff read of Esther's plan and a staff mutation: refused as for a random id.
    const plan = await asPatient(ESTHER, `query($id: ID!) { carePlan(id: $id) { id } }`, { id: planId });
    expect(expectError(plan, 'NOT_FOUND').message).toBe('Care plan not found');
    const update = await asPatient(ESTHER, `mutation($i: UpdateCarePlanDraftInput!) { updateCarePlanDraft(input: $i) { id } }`, {
      i: { carePlanId: planId, expectedVersion: 1, reason: 'x' },
    });
    expect(expectError(update, 'NOT_FOUND').message).toBe('Care plan not found');
    const rows = await t.sql(
      `SELECT role, outcome::text, details->>'reason' AS reason FROM audit_log WHERE operation = 'updateCarePlanDraft' AND role = 'PATIENT'`,
    );
    expect(rows).toEqual([{ role: 'PATIENT', outcome: 'REFUSED', reason: 'role' }]);
  });

  it('every operation in the policies refuses a patient token, except the patient’s own view', async () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const token = await signDevPatientToken(t.config, ESTHER);
    const wrong: string[] = [];
    const allowed: string[] = [];
    const today = new Date().toISOString().slice(0, 10);
    for (const p of POLICIES) {
      for (const [op, rule] of Object.entries(p.operations)) {
        if (schema.getSubscriptionType()?.getFields()[op]) continue; // a patient's sign-in has no subscriptions
        const c = { target: null, fixture: { patient: estherId, personnummer: ESTHER, records: { care_plan: planId } }, ids: {}, today } as ArgContext;
        const { query, variables } = documentFor(schema, op, c);
        const res = await t.gql(query, variables, token);
        const codes = (res.errors ?? []).map((e) => e.extensions.code);
        if (rule.patients) {
          if (codes.includes('FORBIDDEN') || codes.includes('INTERNAL') || codes.includes('UNAUTHENTICATED'))
            wrong.push(`${op}: ${JSON.stringify(res.errors)}`);
          else allowed.push(op);
          continue;
        }
        const answered = codes.includes('FORBIDDEN') || codes.includes('NOT_FOUND') || (rule.absentAsNull && !res.errors && res.data?.[op] === null);
        const [{ n }] = await t.sql(
          `SELECT count(*)::int AS n FROM audit_log WHERE operation = $1 AND role = 'PATIENT' AND outcome = 'REFUSED' AND details->>'reason' = 'role'`,
          [op],
        );
        if (!answered || n === 0) wrong.push(`${op} not refused: ${JSON.stringify(res.errors ?? res.data).slice(0, 200)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(allowed.sort()).toEqual(
      ['answerMyExperienceQuestions', 'myCare', 'myCarePlanMeetings', 'myCarePlanProposals', 'myLogExtract', 'myCareTasks', 'proposeCarePlanChange'].sort(),
    );
  });
});

describe('representatives', () => {
  it('the demo ombud (Esther’s daughter) acts for Esther, logged as the representative', async () => {
    const res = await asPatient(DEMO_REPRESENTATIVE.personnummer, MY_CARE);
    expect(res.errors).toBeUndefined();
    expect(res.data.myCare).toMatchObject({ givenName: 'Esther', actingAs: 'OMBUD' });
    const [row] = await t.sql(`SELECT role, details FROM audit_log WHERE patient_id = $1 AND operation = 'myCare' ORDER BY id DESC LIMIT 1`, [estherId]);
    expect(row.role).toBe('REPRESENTATIVE');
    expect(row.details.representative).toMatchObject({ kind: 'OMBUD', personnummer: DEMO_REPRESENTATIVE.personnummer });
    const log = await asPatient(ESTHER, LOG, { first: 20 });
    expect(log.data.myLogExtract.edges.some((e: { node: { who: string } }) => e.node.who === 'REPRESENTATIVE')).toBe(true);
  });

  it('the patient answers the experience questions in their own view: recorded as answered by the patient; a representative cannot; bad input names the field', async () => {
    const ANSWER = `mutation($i: AnswerMyExperienceQuestionsInput!) { answerMyExperienceQuestions(input: $i) { respondent status answeredOn answers { question score } } }`;
    const bad = await asPatient(ESTHER, ANSWER, { i: { answers: [{ question: 'KNOWS_WHO_TO_CALL', score: 6 }] } });
    expect(expectError(bad, 'BAD_USER_INPUT').extensions.fields!.map((f) => f.field)).toEqual(['input.answers.0.score']);
    const rep = await asPatient(DEMO_REPRESENTATIVE.personnummer, ANSWER, { i: { answers: [{ question: 'KNOWS_WHO_TO_CALL', score: 4 }] } });
    expectError(rep, 'FORBIDDEN');
    const before = (await t.sql(`SELECT count(*)::int AS n FROM experience_survey WHERE patient_id = $1`, [estherId]))[0].n;
    const ok = await asPatient(ESTHER, ANSWER, {
      i: {
        answers: [
          { question: 'KNOWS_WHO_TO_CALL', score: 5 },
          { question: 'CARE_IS_COORDINATED', score: 3 },
        ],
      },
    });
    expect(ok.errors).toBeUndefined();
    expect(ok.data.answerMyExperienceQuestions).toMatchObject({ respondent: 'PATIENT', status: 'ANSWERED' });
    expect(ok.data.answerMyExperienceQuestions.answers).toHaveLength(2);
    expect((await t.sql(`SELECT count(*)::int AS n FROM experience_survey WHERE patient_id = $1`, [estherId]))[0].n).toBe(before + 1);
    // A staff token cannot call it; the answer is in the patient's own log.
    expectError(await t.gql(ANSWER, { i: { answers: [{ question: 'KNOWS_WHO_TO_CALL', score: 4 }] } }, await t.token('annaNurse')), 'FORBIDDEN');
    const [row] = await t.sql(
      `SELECT role, outcome::text FROM audit_log WHERE patient_id = $1 AND operation = 'answerMyExperienceQuestions' ORDER BY id DESC LIMIT 1`,
      [estherId],
    );
    expect(row).toEqual({ role: 'PATIENT', outcome: 'ALLOWED' });
  });

  it('staff record a representative; they read for that patient only while it holds, naming the patient', async () => {
    const elsaId = (await t.sql(`SELECT id FROM patient WHERE personnummer = $1`, [pnrOf('elsa')]))[0].id;
    const nurse = await t.token('annaNurse');
    // Karin also becomes god man for Elsa (enrolled in Habo: Anna's unit has no relationship there, so use Habo's nurse).
    const habo = await t.sql(
      `SELECT s.hsa_id FROM staff s JOIN assignment a ON a.staff_id = s.id JOIN organisation o ON o.id = a.organisation_id
      JOIN care_relationship r ON r.organisation_id = o.id WHERE r.patient_id = $1 AND a.role = 'NURSE' LIMIT 1`,
      [elsaId],
    );
    const orgOf = await t.sql(
      `SELECT o.hsa_id FROM organisation o JOIN assignment a ON a.organisation_id = o.id JOIN staff s ON s.id = a.staff_id
      JOIN care_relationship r ON r.organisation_id = o.id WHERE r.patient_id = $1 AND s.hsa_id = $2 AND a.role = 'NURSE' LIMIT 1`,
      [elsaId, habo[0].hsa_id],
    );
    const haboNurse = await signDevToken(t.config, { staffHsaId: habo[0].hsa_id, organisationHsaId: orgOf[0].hsa_id, role: 'NURSE' });
    const today = new Date().toISOString().slice(0, 10);
    const rec = await t.gql(
      RECORD_REP,
      { i: { patientId: elsaId, personnummer: DEMO_REPRESENTATIVE.personnummer, name: 'Karin Johansson', kind: 'GOD_MAN', validFrom: '2026-01-01' } },
      haboNurse,
    );
    expect(rec.errors).toBeUndefined();
    expect(rec.data.recordPatientRepresentative).toMatchObject({ kind: 'GOD_MAN', current: true });
    // Anna (no relationship with Elsa) may not; bad input names the field.
    expect(
      expectError(await t.gql(RECORD_REP, { i: { patientId: elsaId, personnummer: ESTHER, name: 'X', kind: 'OMBUD', validFrom: today } }, nurse), 'NOT_FOUND')
        .message,
    ).toBe('Patient not found');
    const bad = await t.gql(
      RECORD_REP,
      { i: { patientId: elsaId, personnummer: ESTHER, name: 'X', kind: 'OMBUD', validFrom: '2026-05-01', validTo: '2026-04-01' } },
      haboNurse,
    );
    expect(expectError(bad, 'BAD_USER_INPUT').extensions.fields!.map((f) => f.field)).toEqual(['input.validTo']);
    // Now Karin represents two patients: she names the one she acts for.
    const ambiguous = await asPatient(DEMO_REPRESENTATIVE.personnummer, MY_CARE);
    expect(expectError(ambiguous, 'UNAUTHENTICATED').message).toMatch(/x-represented-patient/);
    const forElsa = await asPatient(DEMO_REPRESENTATIVE.personnummer, `{ myCare { givenName actingAs } }`, {}, pnrOf('elsa'));
    expect(forElsa.data.myCare.actingAs).toBe('GOD_MAN');
    const forOther = await asPatient(DEMO_REPRESENTATIVE.personnummer, `{ myCare { givenName } }`, {}, pnrOf('gunnar'));
    expect(expectError(forOther, 'UNAUTHENTICATED')).toBeTruthy();
    // Ended: no longer acts for Elsa (and again acts for Esther alone, without naming her).
    const list = await t.gql(REPS, { p: elsaId }, haboNurse);
    expect(list.data.patientRepresentatives).toHaveLength(1);
    const ended = await t.gql(END_REP, { i: { representativeId: rec.data.recordPatientRepresentative.id, reason: 'Godmanskapet upphörde' } }, haboNurse);
    expect(ended.data.endPatientRepresentative).toMatchObject({ current: false, endReason: 'Godmanskapet upphörde' });
    const after = await asPatient(DEMO_REPRESENTATIVE.personnummer, `{ myCare { givenName } }`, {}, pnrOf('elsa'));
    expect(expectError(after, 'UNAUTHENTICATED')).toBeTruthy();
    expect((await asPatient(DEMO_REPRESENTATIVE.personnummer, `{ myCare { givenName } }`)).data.myCare.givenName).toBe('Esther');
    // A representation that starts tomorrow does not work yet.
    const tomorrow = new Date(Date.now() + 36 * 3_600_000).toISOString().slice(0, 10);
    const future = await t.gql(
      RECORD_REP,
      { i: { patientId: elsaId, personnummer: DEMO_REPRESENTATIVE.personnummer, name: 'Karin Johansson', kind: 'FORVALTARE', validFrom: tomorrow } },
      haboNurse,
    );
    expect(future.data.recordPatientRepresentative).toMatchObject({ kind: 'FORVALTARE', current: false });
    expect(expectError(await asPatient(DEMO_REPRESENTATIVE.personnummer, `{ myCare { givenName } }`, {}, pnrOf('elsa')), 'UNAUTHENTICATED')).toBeTruthy();
    // Recorded twice while the first holds: CONFLICT.
    const twice = await t.gql(
      RECORD_REP,
      { i: { patientId: elsaId, personnummer: DEMO_REPRESENTATIVE.personnummer, name: 'Karin Johansson', kind: 'OMBUD', validFrom: '2026-01-01' } },
      haboNurse,
    );
    expect(expectError(twice, 'CONFLICT')).toBeTruthy();
  });
});

describe('proposals to the SIP', () => {
  it('bad input names the field; a patient without a published SIP cannot propose', async () => {
    const none = await asPatient(ESTHER, PROPOSE, { i: { message: 'Hej' } });
    expect(expectError(none, 'BAD_USER_INPUT').extensions.fields!.map((f) => f.field)).toEqual(['input.goals', 'input.whatMattersToMe']);
    const long = await asPatient(ESTHER, PROPOSE, { i: { goals: ['x'.repeat(501)], message: 'Hej' } });
    expect(expectError(long, 'BAD_USER_INPUT').extensions.fields!.map((f) => f.field)).toEqual(['input.goals']);
    const empty = await asPatient(ESTHER, PROPOSE, { i: { goals: ['Gå till brevlådan'], message: '  ' } });
    expect(expectError(empty, 'BAD_USER_INPUT').extensions.fields!.map((f) => f.field)).toEqual(['input.message']);
  });

  it('the proposal reaches the SIP’s organisations; a participant accepts it into the draft, another is declined', async () => {
    const res = await asPatient(ESTHER, PROPOSE, { i: { goals: ['Att kunna gå till affären med Karin'], message: 'Det här är viktigt för mig.' } });
    expect(res.errors).toBeUndefined();
    const p = res.data.proposeCarePlanChange;
    expect(p).toMatchObject({ patientId: estherId, carePlanId: planId, status: 'PROPOSED', byRepresentative: false });
    const events = await t.sql(`SELECT organisation_id::text FROM inbox_event WHERE kind = 'PATIENT_PROPOSAL' AND entity_id = $1 ORDER BY 1`, [p.id]);
    const participants = (await t.sql(`SELECT participant_organisation_ids::text[] AS ids FROM care_plan WHERE id = $1`, [planId]))[0].ids as string[];
    expect(events.map((e: { organisation_id: string }) => e.organisation_id)).toEqual([...participants].sort());
    // A patient sees their own proposals; staff list them.
    expect((await asPatient(ESTHER, `{ myCarePlanProposals { id status } }`)).data.myCarePlanProposals[0]).toMatchObject({ id: p.id, status: 'PROPOSED' });
    const maria = await t.token('mariaCoordinator');
    const list = await t.gql(PROPOSALS, { p: estherId }, maria);
    expect(list.data.carePlanProposals.map((x: { id: string }) => x.id)).toContain(p.id);
    // Accepted: the goal is in the draft (a revision was opened), not in the published version.
    const accepted = await t.gql(ACCEPT, { i: { proposalId: p.id } }, maria);
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data.acceptCarePlanProposal.status).toBe('ACCEPTED');
    const [plan] = await t.sql(`SELECT draft_open FROM care_plan WHERE id = $1`, [planId]);
    expect(plan.draft_open).toBe(true);
    const goals = await t.sql(`SELECT text FROM care_plan_goal WHERE care_plan_id = $1`, [planId]);
    expect(goals.map((g: { text: string }) => g.text)).toContain('Att kunna gå till affären med Karin');
    expect(JSON.stringify((await asPatient(ESTHER, MY_CARE)).data.myCare.carePlan.goals)).not.toMatch(/affären med Karin/);
    // Again: already decided.
    expect(expectError(await t.gql(ACCEPT, { i: { proposalId: p.id } }, maria), 'CONFLICT')).toBeTruthy();
    // What matters to me, proposed by the representative, declined with a reason.
    const second = await asPatient(DEMO_REPRESENTATIVE.personnummer, PROPOSE, {
      i: { whatMattersToMe: 'Att Sigge får bo kvar hos mig.', message: 'Från Karin' },
    });
    expect(second.data.proposeCarePlanChange).toMatchObject({ byRepresentative: true, goals: [] });
    const noReason = await t.gql(DECLINE, { i: { proposalId: second.data.proposeCarePlanChange.id, reason: '' } }, maria);
    expect(expectError(noReason, 'BAD_USER_INPUT').extensions.fields!.map((f) => f.field)).toEqual(['input.reason']);
    const declined = await t.gql(DECLINE, { i: { proposalId: second.data.proposeCarePlanChange.id, reason: 'Vi tar det på nästa SIP-möte.' } }, maria);
    expect(declined.data.declineCarePlanProposal).toMatchObject({ status: 'DECLINED', declineReason: 'Vi tar det på nästa SIP-möte.' });
    // A unit with no part in Esther's care: as for a random id.
    const outsider = await t.gql(ACCEPT, { i: { proposalId: p.id } }, await t.token('toveDischarge'));
    expect(expectError(outsider, 'NOT_FOUND').message).toBe('Proposal not found');
  });
});
