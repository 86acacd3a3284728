import { auditMark, auditSince, patientId } from './helpers/patients';
import { addPatient, buildFixture, cellInShort as fmt, enroll, Fixture, FollowUpCell as Cell, StaffKey } from './helpers/follow-up';
import { setClock } from './helpers/discharges';
import { expectError, GqlResult, startTestApp, TestApp } from './helpers/test-app';

/*
 * Continuity (issue 17 item 4): changing the fast vårdkontakt / fast läkarkontakt of an active
 * enrollment with history, housing and frailty (CFS), joint home visits, and the follow-up's
 * continuity indicators and housing / age-band filters.
 */

const CHANGE = `mutation($i: ChangeNamedContactInput!) { r: changeNamedContact(input: $i) { id status namedNurse { name } namedPhysician { name }
  namedContactChanges { role reason note effectiveFrom previousContact { name } newContact { name } changedBy { name } changedByOrganisation { name } } } }`;
const HOUSING = `mutation($i: RecordHousingInput!) { r: recordHousing(input: $i) { housing fromDate note recordedBy { name } } }`;
const FRAILTY = `mutation($i: RecordFrailtyAssessmentInput!) { r: recordFrailtyAssessment(input: $i) { score assessedOn assessor { name } } }`;
const VISIT = `mutation($i: RecordJointHomeVisitInput!) { r: recordJointHomeVisit(input: $i) { visitedOn participants { name } recordedBy { name } } }`;
const PATIENT = `query($id: ID!) { patient(id: $id) {
  housing { housing fromDate note } housingHistory { housing fromDate }
  frailty { score assessedOn assessor { name } } frailtyAssessments { score assessedOn }
  activeEnrollment { id namedNurse { name } namedPhysician { name }
    namedContactChanges { role reason note effectiveFrom previousContact { name } newContact { name } changedBy { name } }
    jointHomeVisits { visitedOn participants { name } } } } }`;

let t: TestApp;
let esther: string;
let estherEnrollment: string;
const MISSING = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  t = await startTestApp();
  esther = await patientId(t, 'esther');
  [{ id: estherEnrollment }] = await t.sql(`SELECT id FROM home_healthcare_enrollment WHERE patient_id = $1 AND status = 'ACTIVE'`, [esther]);
});
afterAll(() => t.close());

async function ok(res: Promise<GqlResult>) {
  const r = await res;
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.r ?? r.data.patient;
}
const fieldsOf = (res: GqlResult) => expectError(res, 'BAD_USER_INPUT').extensions.fields;
const changesOf = async () => Number((await t.sql(`SELECT count(*) AS n FROM named_contact_change`))[0].n);

describe('named contacts', () => {
  beforeAll(() => setClock(t, '2026-10-15T10:00:00Z'));

  it('shows Esther’s demo history: the hyrläkare left and Erik Sjöberg was named, with the joint home visit, housing and CFS 6', async () => {
    const p = await ok(t.gql(PATIENT, { id: esther }, await t.token('annaNurse')));
    expect(p.activeEnrollment).toMatchObject({
      namedNurse: { name: 'Anna Nilsson' },
      namedPhysician: { name: 'Erik Sjöberg' },
      namedContactChanges: [
        {
          role: 'PHYSICIAN',
          reason: 'STAFF_LEFT',
          effectiveFrom: '2026-04-01',
          previousContact: { name: 'Olof Lindgren' },
          newContact: { name: 'Erik Sjöberg' },
          changedBy: { name: 'Helena Vik' },
        },
      ],
      jointHomeVisits: [{ visitedOn: '2026-02-05', participants: [{ name: 'Anna Nilsson' }, { name: 'Olof Lindgren' }] }],
    });
    expect(p.housing).toMatchObject({ housing: 'ORDINARY_HOUSING' });
    expect(p.frailty).toEqual({ score: 6, assessedOn: '2026-02-05', assessor: { name: 'Anna Nilsson' } });
  });

  it('lets the primary care centre change the fast läkarkontakt, keeping the history newest first, and audits it with the patient', async () => {
    const mark = await auditMark(t);
    const r = await ok(
      t.gql(
        CHANGE,
        { i: { enrollmentId: estherEnrollment, role: 'PHYSICIAN', staffId: await t.staffId('fatimaGp'), reason: 'WORKLOAD', effectiveFrom: '2026-10-01' } },
        await t.token('helenaManager'),
      ),
    );
    expect(r.namedPhysician).toEqual({ name: 'Fatima Rahimi' });
    expect(r.namedNurse).toEqual({ name: 'Anna Nilsson' });
    expect(
      r.namedContactChanges.map((c: { effectiveFrom: string; previousContact: { name: string }; newContact: { name: string } }) => [
        c.effectiveFrom,
        c.previousContact.name,
        c.newContact.name,
      ]),
    ).toEqual([
      ['2026-10-01', 'Erik Sjöberg', 'Fatima Rahimi'],
      ['2026-04-01', 'Olof Lindgren', 'Erik Sjöberg'],
    ]);
    expect(r.namedContactChanges[0]).toMatchObject({
      role: 'PHYSICIAN',
      reason: 'WORKLOAD',
      note: null,
      changedByOrganisation: { name: 'Vårdcentralen Sjöbacken (demo)' },
    });
    const rows = await auditSince(t, mark);
    expect(rows.map((x) => [x.operation, x.outcome, x.patient_id])).toEqual([['changeNamedContact', 'ALLOWED', esther]]);
    // And back to Erik, by a physician of the centre, effective today (left out).
    const back = await ok(
      t.gql(
        CHANGE,
        {
          i: {
            enrollmentId: estherEnrollment,
            role: 'PHYSICIAN',
            staffId: await t.staffId('erikGp'),
            reason: 'OTHER',
            note: 'Tillbaka efter föräldraledighet',
          },
        },
        await t.token('fatimaGp'),
      ),
    );
    expect(back.namedPhysician).toEqual({ name: 'Erik Sjöberg' });
    expect(back.namedContactChanges[0]).toMatchObject({
      effectiveFrom: '2026-10-15',
      reason: 'OTHER',
      note: 'Tillbaka efter föräldraledighet',
      changedBy: { name: 'Fatima Rahimi' },
    });
  });

  it('lets the municipality’s care coordinator change the fast vårdkontakt', async () => {
    const r = await ok(
      t.gql(
        CHANGE,
        { i: { enrollmentId: estherEnrollment, role: 'CARE_CONTACT', staffId: await t.staffId('karinNurse'), reason: 'PATIENT_REQUEST' } },
        await t.token('mariaCoordinator', 'jonkoping', 'CARE_COORDINATOR'),
      ),
    );
    expect(r.namedNurse).toEqual({ name: 'Karin Berg' });
    // Newest first: by first day as named, then by when recorded.
    expect(r.namedContactChanges[0]).toMatchObject({
      role: 'CARE_CONTACT',
      effectiveFrom: '2026-10-15',
      previousContact: { name: 'Anna Nilsson' },
      newContact: { name: 'Karin Berg' },
      changedBy: { name: 'Maria Lind' },
    });
  });

  it('answers a role that may not change contacts, and an organisation without a care relationship, exactly as a missing enrollment', async () => {
    const input = async (id: string) => ({ i: { enrollmentId: id, role: 'CARE_CONTACT', staffId: await t.staffId('annaNurse'), reason: 'WORKLOAD' } });
    const missing = await t.gql(CHANGE, await input(MISSING), await t.token('annaNurse'));
    const expected = { data: missing.data, errors: missing.errors?.map((e) => ({ message: e.message, code: e.extensions.code })) };
    expect(expected.errors).toEqual([{ message: 'Enrollment not found', code: 'NOT_FOUND' }]);
    const before = await changesOf();
    const mark = await auditMark(t);
    for (const token of [await t.token('perAdmin'), await t.token('saraSocial'), await t.token('linneaNurse'), await t.token('nilsGp')]) {
      const res = await t.gql(CHANGE, await input(estherEnrollment), token);
      expect({ data: res.data, errors: res.errors?.map((e) => ({ message: e.message, code: e.extensions.code })) }).toEqual(expected);
    }
    expect(await changesOf()).toBe(before);
    const rows = await auditSince(t, mark);
    expect(rows.map((x) => [x.operation, x.outcome, x.patient_id])).toEqual(Array(4).fill(['changeNamedContact', 'REFUSED', esther]));
  });

  it('refuses the other party of the enrollment: the centre names the GP, the municipality the nurse', async () => {
    const before = await changesOf();
    const gpByMunicipality = await t.gql(
      CHANGE,
      { i: { enrollmentId: estherEnrollment, role: 'PHYSICIAN', staffId: await t.staffId('fatimaGp'), reason: 'WORKLOAD' } },
      await t.token('annaNurse'),
    );
    expect(expectError(gpByMunicipality, 'FORBIDDEN').message).toBe('Only the enrollment’s primary care centre names the fast läkarkontakt');
    const nurseByCentre = await t.gql(
      CHANGE,
      { i: { enrollmentId: estherEnrollment, role: 'CARE_CONTACT', staffId: await t.staffId('annaNurse'), reason: 'WORKLOAD' } },
      await t.token('erikGp'),
    );
    expect(expectError(nurseByCentre, 'FORBIDDEN').message).toBe('Only the enrolling municipality names the fast vårdkontakt');
    expect(await changesOf()).toBe(before);
  });

  it('refuses an ended enrollment', async () => {
    // Gunnar's enrollment ends; the municipality stays in his care through the care team.
    const gunnar = await patientId(t, 'gunnar');
    const [{ id: enrollment }] = await t.sql(`SELECT id FROM home_healthcare_enrollment WHERE patient_id = $1`, [gunnar]);
    await t.sql(
      `INSERT INTO care_team_member (patient_id, organisation_id, reason, added_by_staff_id, added_by_organisation_id) VALUES ($1, $2, 'Fortsatt hemsjukvård', $3, $4)`,
      [gunnar, await t.orgId('jonkoping'), await t.staffId('erikGp'), await t.orgId('vcSjobacken')],
    );
    await t.sql(`UPDATE home_healthcare_enrollment SET status = 'ENDED', end_date = '2026-10-10', end_reason = 'Test', ended_by_staff_id = $2 WHERE id = $1`, [
      enrollment,
      await t.staffId('karinNurse'),
    ]);
    const res = await t.gql(
      CHANGE,
      { i: { enrollmentId: enrollment, role: 'CARE_CONTACT', staffId: await t.staffId('annaNurse'), reason: 'STAFF_LEFT' } },
      await t.token('annaNurse'),
    );
    expect(expectError(res, 'CONFLICT').message).toBe('The enrollment has ended; named contacts are changed only on an active enrollment');
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const before = await changesOf();
    const change = async (i: Record<string, unknown>, staff: Parameters<TestApp['token']>[0] = 'erikGp') =>
      fieldsOf(await t.gql(CHANGE, { i: { enrollmentId: estherEnrollment, role: 'PHYSICIAN', reason: 'STAFF_LEFT', ...i } }, await t.token(staff)));
    // The same person; a physician of another centre; a nurse of the right centre; a nurse of another municipality.
    expect(await change({ staffId: await t.staffId('erikGp') })).toEqual([{ field: 'input.staffId', message: 'is already the fast läkarkontakt' }]);
    const wrongGp = [{ field: 'input.staffId', message: 'must be a physician of the enrollment’s primary care centre (fast läkarkontakt)' }];
    expect(await change({ staffId: await t.staffId('nilsGp') })).toEqual(wrongGp);
    expect(await change({ staffId: await t.staffId('sofiaNurse') })).toEqual(wrongGp);
    expect(await change({ role: 'CARE_CONTACT', staffId: await t.staffId('linneaNurse') }, 'annaNurse')).toEqual([
      { field: 'input.staffId', message: 'must be a nurse of the enrolling municipality (fast vårdkontakt)' },
    ]);
    // Dates: in the future, before the start (2026-02-03), before the last change of the same contact (2026-10-15).
    const fatima = await t.staffId('fatimaGp');
    expect(await change({ staffId: fatima, effectiveFrom: '2026-10-16' })).toEqual([{ field: 'input.effectiveFrom', message: 'cannot be in the future' }]);
    expect(await change({ staffId: fatima, effectiveFrom: '2026-02-02' })).toEqual([
      { field: 'input.effectiveFrom', message: 'cannot be before the enrollment’s start date' },
    ]);
    expect(await change({ staffId: fatima, effectiveFrom: '2026-10-14' })).toEqual([
      { field: 'input.effectiveFrom', message: 'cannot be before the last change of the fast läkarkontakt (2026-10-15)' },
    ]);
    expect(await change({ staffId: fatima, reason: 'OTHER' })).toEqual([{ field: 'input.note', message: 'is required when the reason is OTHER' }]);
    expect(await change({ staffId: 'nope' })).toEqual([{ field: 'input.staffId', message: 'must be an id returned by the API' }]);
    expect(await changesOf()).toBe(before);
  });
});

describe('housing, frailty and the joint home visit', () => {
  beforeAll(() => setClock(t, '2026-10-15T10:00:00Z'));

  it('records housing from a date and shows the current one and the history', async () => {
    const r = await ok(
      t.gql(
        HOUSING,
        { i: { patientId: esther, housing: 'SHORT_TERM_STAY', fromDate: '2026-10-12', note: 'Korttids Bäckalyckan' } },
        await t.token('annaNurse'),
      ),
    );
    expect(r).toEqual({
      housing: 'SHORT_TERM_STAY',
      fromDate: '2026-10-12',
      note: 'Korttids Bäckalyckan',
      recordedBy: { name: 'Hemsjukvården Jönköping (demo)' },
    });
    const p = await ok(t.gql(PATIENT, { id: esther }, await t.token('erikGp')));
    expect(p.housing).toMatchObject({ housing: 'SHORT_TERM_STAY', fromDate: '2026-10-12' });
    expect(p.housingHistory).toEqual([
      { housing: 'SHORT_TERM_STAY', fromDate: '2026-10-12' },
      { housing: 'ORDINARY_HOUSING', fromDate: '1998-06-01' },
    ]);
    expect(
      fieldsOf(await t.gql(HOUSING, { i: { patientId: esther, housing: 'SPECIAL_HOUSING', fromDate: '2026-10-16' } }, await t.token('annaNurse'))),
    ).toEqual([{ field: 'input.fromDate', message: 'cannot be in the future' }]);
  });

  it('records a CFS assessment with the caller as assessor, validating the score 1–9 and the date', async () => {
    const r = await ok(t.gql(FRAILTY, { i: { patientId: esther, score: 7, assessedOn: '2026-10-14' } }, await t.token('erikGp')));
    expect(r).toEqual({ score: 7, assessedOn: '2026-10-14', assessor: { name: 'Erik Sjöberg' } });
    const p = await ok(t.gql(PATIENT, { id: esther }, await t.token('annaNurse')));
    expect(p.frailty).toEqual({ score: 7, assessedOn: '2026-10-14', assessor: { name: 'Erik Sjöberg' } });
    expect(p.frailtyAssessments).toEqual([
      { score: 7, assessedOn: '2026-10-14' },
      { score: 6, assessedOn: '2026-02-05' },
    ]);
    const bad = async (i: Record<string, unknown>) =>
      fieldsOf(await t.gql(FRAILTY, { i: { patientId: esther, score: 5, assessedOn: '2026-10-14', ...i } }, await t.token('annaNurse')));
    const cfs = [{ field: 'input.score', message: 'must be a Clinical Frailty Scale score from 1 to 9' }];
    expect(await bad({ score: 0 })).toEqual(cfs);
    expect(await bad({ score: 10 })).toEqual(cfs);
    expect(await bad({ assessedOn: '2026-10-16' })).toEqual([{ field: 'input.assessedOn', message: 'cannot be in the future' }]);
    expect(Number((await t.sql(`SELECT count(*) AS n FROM frailty_assessment WHERE patient_id = $1`, [esther]))[0].n)).toBe(2);
  });

  it('refuses the record operations to roles not listed and to organisations without a care relationship, as a missing patient', async () => {
    const i = { patientId: esther, score: 5, assessedOn: '2026-10-14' };
    for (const staff of ['saraSocial', 'perAdmin', 'linneaNurse'] as const) {
      const res = await t.gql(FRAILTY, { i }, await t.token(staff));
      expect(res.errors?.map((e) => [e.message, e.extensions.code])).toEqual([['Patient not found', 'NOT_FOUND']]);
    }
    const res = await t.gql(HOUSING, { i: { patientId: esther, housing: 'SPECIAL_HOUSING', fromDate: '2026-10-14' } }, await t.token('omarRehab'));
    expect(res.errors?.map((e) => [e.message, e.extensions.code])).toEqual([['Patient not found', 'NOT_FOUND']]);
  });

  it('records a joint home visit with staff of both parties only', async () => {
    const [anna, erik, linnea] = [await t.staffId('annaNurse'), await t.staffId('erikGp'), await t.staffId('linneaNurse')];
    const tok = await t.token('annaNurse');
    const send = (i: Record<string, unknown>) =>
      t.gql(VISIT, { i: { enrollmentId: estherEnrollment, visitedOn: '2026-10-13', participantStaffIds: [anna, erik], ...i } }, tok);
    expect(await ok(send({}))).toEqual({
      visitedOn: '2026-10-13',
      participants: [{ name: 'Anna Nilsson' }, { name: 'Erik Sjöberg' }],
      recordedBy: { name: 'Hemsjukvården Jönköping (demo)' },
    });
    expect(fieldsOf(await send({ participantStaffIds: [anna, await t.staffId('karinNurse')] }))).toEqual([
      { field: 'input.participantStaffIds', message: 'must name at least one person of the municipality and one of the primary care centre' },
    ]);
    expect(fieldsOf(await send({ participantStaffIds: [anna, erik, linnea] }))).toEqual([
      { field: 'input.participantStaffIds', message: 'must hold only staff of the enrolling municipality or the primary care centre' },
    ]);
    expect(fieldsOf(await send({ visitedOn: '2026-02-01' }))).toEqual([{ field: 'input.visitedOn', message: 'cannot be before the enrollment’s start date' }]);
    expect(fieldsOf(await send({ visitedOn: '2026-10-16' }))).toEqual([{ field: 'input.visitedOn', message: 'cannot be in the future' }]);
    const p = await ok(t.gql(PATIENT, { id: esther }, tok));
    expect(p.activeEnrollment.jointHomeVisits.map((v: { visitedOn: string }) => v.visitedOn)).toEqual(['2026-10-13', '2026-02-05']);
  });
});

// ---- the follow-up: constructed data in units of their own (test/helpers/follow-up.ts) ----

const CELL = `value denominator ratePer100 suppressed distribution`;
const INDICATORS = `query($p: FollowUpPeriodInput!, $h: [Housing!], $a: [AgeBand!]) { r: followUpIndicators(period: $p, housing: $h, ageBand: $a) {
  indicators { code total { ${CELL} } months { ${CELL} } } } }`;
const COMPARE = `query($p: FollowUpPeriodInput!, $h: [Housing!], $a: [AgeBand!]) { r: compareFollowUp(period: $p, housing: $h, ageBand: $a) {
  municipalities { organisation { id } values { code cell { ${CELL} } } } } }`;
const FEB_APR = { from: '2026-02-01', to: '2026-04-30' };
const CODES = ['ENROLLED', 'NAMED_CONTACT_CHANGES', 'JOINT_HOME_VISIT_AT_ENROLLMENT'];

describe('follow-up: continuity indicators and the housing and age-band filters', () => {
  let f: Fixture;
  const enrollmentOf = async (p: string) => (await t.sql(`SELECT id FROM home_healthcare_enrollment WHERE patient_id = $1`, [f.patient[p]]))[0].id as string;
  const change = async (p: string, day: string, role = 'PHYSICIAN') =>
    t.sql(
      `INSERT INTO named_contact_change (patient_id, enrollment_id, role, previous_staff_id, new_staff_id, reason, effective_from, changed_by_staff_id, changed_by_organisation_id)
       VALUES ($1, $2, $3, $4, $5, 'STAFF_LEFT', $6, $4, $7)`,
      [f.patient[p], await enrollmentOf(p), role, f.staff.ga, f.staff.gb as string, day, f.org.VCA],
    );
  const visit = async (p: string, day: string) =>
    t.sql(
      `INSERT INTO joint_home_visit (patient_id, enrollment_id, visited_on, participant_staff_ids, recorded_by_staff_id, recorded_by_organisation_id) VALUES ($1, $2, $3, $4, $5, $6)`,
      [f.patient[p], await enrollmentOf(p), day, [f.staff.nurse, f.staff.ga], f.staff.nurse, f.org.TM],
    );
  const housing = (p: string, h: string, from: string) =>
    t.sql(`INSERT INTO patient_housing (patient_id, housing, from_date, recorded_by_staff_id, recorded_by_organisation_id) VALUES ($1, $2, $3, $4, $5)`, [
      f.patient[p],
      h,
      from,
      f.staff.nurse,
      f.org.TM,
    ]);
  const born = (p: string, day: string) => t.sql(`UPDATE patient SET birth_date = $2 WHERE id = $1`, [f.patient[p], day]);

  async function table(staff: StaffKey, vars: Record<string, unknown>): Promise<Record<string, string[]>> {
    const res = await t.gql(INDICATORS, { p: FEB_APR, ...vars }, await f.token(staff));
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    const rows = res.data.r.indicators as Array<{ code: string; total: Cell; months: Cell[] }>;
    return Object.fromEntries(rows.filter((i) => CODES.includes(i.code)).map((i) => [i.code, [i.total, ...i.months].map(fmt)]));
  }

  beforeAll(async () => {
    setClock(t, '2026-05-20T10:00:00Z');
    f = await buildFixture(t);
    // Aneby (TM) with Åsen: C1–C6 enrolled since 2025; N1–N6 enrolled in the period. Everyone born 1940-01-01 (86) unless said.
    for (const p of ['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'N1', 'N2', 'N3', 'N4', 'N5', 'N6']) await addPatient(t, f, p);
    for (const p of ['C1', 'C2', 'C3', 'C4', 'C5', 'C6']) await enroll(t, f, p, 'TM', 'VCA', 'ga', '2025-06-01');
    const starts: Record<string, string> = { N1: '2026-02-02', N2: '2026-02-10', N3: '2026-03-01', N4: '2026-03-05', N5: '2026-04-01', N6: '2026-04-06' };
    for (const [p, start] of Object.entries(starts)) await enroll(t, f, p, 'TM', 'VCA', 'ga', start);

    // Joint home visits: N1 day 3, N2 day 14 (the last day that counts), N3 day 15 (too late), N5 on the start day; N4, N6 none.
    await visit('N1', '2026-02-05');
    await visit('N2', '2026-02-24');
    await visit('N3', '2026-03-16');
    await visit('N5', '2026-04-01');

    // Named-contact changes on their first day: C1–C4 one each, C5 two (GP and nurse), C6, N2, N3, N4 one each = 10 for 9 patients.
    // N1's change on Feb 1 is the day before N1 was enrolled and C1's on May 5 is after the period: neither counts.
    for (const [p, day] of [
      ['C1', '2026-02-10'],
      ['C2', '2026-02-20'],
      ['C3', '2026-03-05'],
      ['C4', '2026-03-06'],
      ['C5', '2026-04-02'],
      ['C6', '2026-04-15'],
      ['N2', '2026-03-10'],
      ['N3', '2026-03-20'],
      ['N4', '2026-04-20'],
      ['N1', '2026-02-01'],
      ['C1', '2026-05-05'],
    ])
      await change(p, day);
    await change('C5', '2026-04-03', 'CARE_CONTACT');

    // Housing on Apr 30: C1–C4 and N1–N5 ordinary; C5 special housing from Apr 10; C6 short-term from Mar 1 (ordinary again
    // only from May 5, after the period); N6 none recorded.
    for (const p of ['C1', 'C2', 'C3', 'C4', 'C5', 'N1', 'N2', 'N3', 'N4', 'N5']) await housing(p, 'ORDINARY_HOUSING', '2020-01-01');
    await housing('C5', 'SPECIAL_HOUSING', '2026-04-10');
    await housing('C6', 'SHORT_TERM_STAY', '2026-03-01');
    await housing('C6', 'ORDINARY_HOUSING', '2026-05-05');

    // Ages on Apr 30: C1 64 (65 on May 1), C2 65 that very day, C3 74, C4 80; the others 86.
    await born('C1', '1961-05-01');
    await born('C2', '1961-04-30');
    await born('C3', '1951-06-01');
    await born('C4', '1946-04-30');
  });

  it('counts named-contact changes per 100 enrolled and joint home visits within 14 days of the start', async () => {
    //                                             period       Feb         Mar         Apr
    expect(await table('mgrTM', {})).toEqual({
      // C1–C6 all along; Feb + N1 N2, Mar + N3 N4, Apr + N5 N6.
      ENROLLED: ['12', '8', '10', '12'],
      // 10 changes of 9 patients per 100 of 12; each month rests on 2–4 patients: suppressed.
      NAMED_CONTACT_CHANGES: ['10/12 83.3', 'S', 'S', 'S'],
      // N1 N2 N5 with a visit in time, N3 (day 15) N4 N6 without: 3 of 6; two enrollments a month: suppressed.
      JOINT_HOME_VISIT_AT_ENROLLMENT: ['3/6 50', 'S', 'S', 'S'],
    });
  });

  it('leaves out an enrollment whose 14 days have not ended without a visit', async () => {
    // On Apr 10 N6 (started Apr 6, no visit) is still inside its 14 days; N5 (visit on its first day) is decided.
    setClock(t, '2026-04-10T10:00:00Z');
    try {
      expect((await table('mgrTM', {})).JOINT_HOME_VISIT_AT_ENROLLMENT[0]).toBe('3/5 60');
    } finally {
      setClock(t, '2026-05-20T10:00:00Z');
    }
  });

  it('filters every indicator’s patients by housing on the period’s last day', async () => {
    // Ordinary on Apr 30: C1–C4, N1–N5 (not C5, in special housing from Apr 10; not C6, ordinary again only in May; not N6, none).
    expect(await table('mgrTM', { h: ['ORDINARY_HOUSING'] })).toEqual({
      ENROLLED: ['9', '6', '8', '9'],
      // C1 C2 C3 C4 N2 N3 N4: 7 changes of 7 patients per 100 of 9.
      NAMED_CONTACT_CHANGES: ['7/9 77.8', 'S', 'S', 'S'],
      // N1 N2 N5 of N1–N5.
      JOINT_HOME_VISIT_AT_ENROLLMENT: ['3/5 60', 'S', 'S', 'S'],
    });
    // Special housing or short-term stay: C5 and C6 only.
    expect((await table('mgrTM', { h: ['SPECIAL_HOUSING', 'SHORT_TERM_STAY'] })).ENROLLED).toEqual(['S', 'S', 'S', 'S']);
    // Housing and age together: ordinary and 85 or older = N1–N5.
    expect(await table('mgrTM', { h: ['ORDINARY_HOUSING'], a: ['AGE_85_PLUS'] })).toMatchObject({
      ENROLLED: ['5', 'S', 'S', '5'],
      JOINT_HOME_VISIT_AT_ENROLLMENT: ['3/5 60', 'S', 'S', 'S'],
    });
  });

  it('filters by age band on the period’s last day', async () => {
    // 85 or older: C5 C6 N1–N6; changes C5 ×2, C6, N2, N3, N4 = 6 of 5 patients per 100 of 8.
    expect(await table('mgrTM', { a: ['AGE_85_PLUS'] })).toEqual({
      ENROLLED: ['8', 'S', '6', '8'],
      NAMED_CONTACT_CHANGES: ['6/8 75', 'S', 'S', 'S'],
      JOINT_HOME_VISIT_AT_ENROLLMENT: ['3/6 50', 'S', 'S', 'S'],
    });
    // C1 is 64 on Apr 30 (under 65); C2 turns 65 that day (65–74), as does C3 at 74; C4 is 80.
    expect((await table('mgrTM', { a: ['UNDER_65', 'AGE_85_PLUS'] })).ENROLLED[0]).toBe('9');
    expect((await table('mgrTM', { a: ['AGE_65_74', 'AGE_85_PLUS'] })).ENROLLED[0]).toBe('10');
    expect((await table('mgrTM', { a: ['AGE_75_84', 'AGE_85_PLUS'] })).ENROLLED[0]).toBe('9');
    // Ending the period on Mar 31, C2 is still 64: under 65 with C1; 85+ then are C5 C6 N1–N4.
    const march = await t.gql(INDICATORS, { p: { from: '2026-02-01', to: '2026-03-31' }, a: ['UNDER_65', 'AGE_85_PLUS'] }, await f.token('mgrTM'));
    expect(fmt(march.data.r.indicators.find((i: { code: string }) => i.code === 'ENROLLED').total)).toBe('8');
  });

  it('applies the filters to the comparison and logs them', async () => {
    const mark = await auditMark(t);
    const res = await t.gql(COMPARE, { p: FEB_APR, h: ['ORDINARY_HOUSING'] }, await f.token('mgrTM'));
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    const tm = res.data.r.municipalities.find((m: { organisation: { id: string } }) => m.organisation.id === f.org.TM);
    const short = Object.fromEntries(tm.values.map((v: { code: string; cell: Cell }) => [v.code, fmt(v.cell)]));
    expect(short).toMatchObject({ ENROLLED: '9', NAMED_CONTACT_CHANGES: '7/9 77.8', JOINT_HOME_VISIT_AT_ENROLLMENT: '3/5 60' });
    const [row] = await auditSince(t, mark);
    expect(row.details).toEqual({
      scope: 'all-organisations',
      period: { from: '2026-02-01', to: '2026-04-30' },
      population: { housing: ['ORDINARY_HOUSING'], ageBand: null },
    });
  });

  it('refuses an empty filter naming it', async () => {
    const res = await t.gql(INDICATORS, { p: FEB_APR, h: [] }, await f.token('mgrTM'));
    expect(fieldsOf(res)).toEqual([{ field: 'housing', message: 'must name at least one housing, or be left out' }]);
    const res2 = await t.gql(INDICATORS, { p: FEB_APR, a: [] }, await f.token('mgrTM'));
    expect(fieldsOf(res2)).toEqual([{ field: 'ageBand', message: 'must name at least one age band, or be left out' }]);
  });
});
