import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { withCheckDigit } from '../src/demo/patients';
import { Clock } from '../src/common/clock';
import { CREATE as CREATE_SIP, UPDATE as UPDATE_SIP } from './helpers/care-plans';
import { draftAndSign, Q as PLAN } from './helpers/deterioration';
import { Q as DISCHARGE, HANDOVER_CONTENT, setClock } from './helpers/discharges';
import { auditMark, auditSince, patientId, pnr } from './helpers/patients';
import { expectError, GqlResult, startTestApp, TestApp } from './helpers/test-app';

/**
 * The edges of access, each one reproduced from outside through the GraphQL endpoint: emergency
 * access that wrote and escalated, an indirect participant that promoted itself, a hospital that
 * kept access after the stay, refusals that differed for real and random ids, holes in the log, a
 * block that named its source, and tokens that never expired.
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const MISSING = '00000000-0000-4000-8000-000000000000';
const READ = `query($id: ID!) { patient(id: $id) { givenName familyName address phone nextOfKin { name } protectedIdentity version withheld myAccess { relationships emergencyAccess } } }`;
const OPEN_EMERGENCY = `mutation($i: OpenEmergencyAccessInput!) { openEmergencyAccess(input: $i) { id givenName } }`;
const UPDATE_PATIENT = `mutation($i: UpdatePatientInput!) { updatePatient(input: $i) { givenName familyName address phone protectedIdentity nextOfKin { name } } }`;
const ADD_MEMBER = `mutation($i: AddCareTeamMemberInput!) { addCareTeamMember(input: $i) { id } }`;
const REGISTER = `mutation($i: RegisterPatientInput!) { registerPatient(input: $i) { patientId purpose validUntil } }`;

/** The whole answer, as a client sees it (data and each error's code and message). */
const shape = (r: GqlResult) => ({ data: r.data, errors: r.errors?.map((e) => ({ code: e.extensions.code, message: e.message })) });

describe('emergency access only reads', () => {
  it('never changes a patient’s details or protected identity, and shows no identity in the refusal', async () => {
    const maj = await patientId(t, 'protected');
    const ulla = await t.token('ullaNurse'); // Ekdalen: no relationship with Maj
    expect((await t.gql(OPEN_EMERGENCY, { i: { personnummer: pnr('protected'), reason: 'Medvetslös vid hembesök' } }, ulla)).errors).toBeUndefined();
    const [before] = await t.sql(`SELECT * FROM patient WHERE id = $1`, [maj]);
    for (const change of [{ protectedIdentity: false }, { phone: '070-000 00 00' }, { givenName: 'Ändrad' }]) {
      const res = await t.gql(UPDATE_PATIENT, { i: { patientId: maj, expectedVersion: before.version, ...change } }, ulla);
      expect(shape(res)).toEqual({
        data: null,
        errors: [{ code: 'FORBIDDEN', message: expect.stringMatching(/^Emergency access \(nödåtkomst\) lets you read, never change/) }],
      });
      expect(JSON.stringify(res)).not.toMatch(/Maj|Skyddad/);
    }
    expect(await t.sql(`SELECT * FROM patient WHERE id = $1`, [maj])).toEqual([before]);
    const read = await t.gql(READ, { id: maj }, ulla);
    expect(read.data.patient).toMatchObject({
      givenName: null,
      address: null,
      phone: null,
      nextOfKin: null,
      protectedIdentity: true,
      myAccess: { relationships: [], emergencyAccess: true },
    });
    const rows = await t.sql(
      `SELECT outcome, emergency, details->>'reason' AS reason FROM audit_log WHERE operation = 'updatePatient' AND patient_id = $1 ORDER BY id`,
      [maj],
    );
    expect(rows).toEqual(Array(3).fill({ outcome: 'REFUSED', emergency: true, reason: 'emergency-read-only' }));
  });

  it('never turns into a relationship: the emergency holder cannot add its own organisation, or any other, to the care team', async () => {
    const maj = await patientId(t, 'protected');
    const ulla = await t.token('ullaNurse');
    for (const org of [await t.orgId('vcEkdalen'), await t.orgId('habo')]) {
      expectError(await t.gql(ADD_MEMBER, { i: { patientId: maj, organisationId: org, reason: 'Följer upp efter nödåtkomst' } }, ulla), 'FORBIDDEN');
    }
    expect(await t.sql(`SELECT organisation_id FROM care_team_member WHERE patient_id = $1`, [maj])).toEqual([]);
    // And it ends with its period.
    t.app.get(Clock).set(new Date(Date.now() + 5 * 3_600_000));
    try {
      expectError(await t.gql(READ, { id: maj }, ulla), 'NOT_FOUND');
    } finally {
      t.app.get(Clock).set(null);
    }
  });
});

describe('an indirect participant stays indirect', () => {
  it('a SIP participant cannot add itself (or anyone) to the care team, and never sees the protected identity', async () => {
    const maj = await patientId(t, 'protected');
    const [jkpg, habo] = [await t.orgId('jonkoping'), await t.orgId('habo')];
    const anna = await t.token('annaNurse');
    const sip = (await t.gql(CREATE_SIP, { input: { patientId: maj, reason: 'SIP med stöd från Habo' } }, anna)).data.createCarePlan;
    const upd = await t.gql(
      UPDATE_SIP,
      {
        input: {
          carePlanId: sip.id,
          expectedVersion: sip.version,
          participants: [
            { kind: 'ORGANISATION', organisationId: jkpg },
            { kind: 'ORGANISATION', organisationId: habo },
          ],
        },
      },
      anna,
    );
    expect(upd.errors).toBeUndefined();
    const linnea = await t.token('linneaNurse');
    expect((await t.gql(READ, { id: maj }, linnea)).data.patient).toMatchObject({
      givenName: null,
      withheld: ['PROTECTED_IDENTITY'],
      myAccess: { relationships: ['SIP_PARTICIPANT'] },
    });
    for (const org of [habo, await t.orgId('vcEkdalen')]) {
      const res = await t.gql(ADD_MEMBER, { i: { patientId: maj, organisationId: org, reason: 'Vill se hela journalen' } }, linnea);
      expect(shape(res).errors).toEqual([{ code: 'FORBIDDEN', message: expect.stringMatching(/needs a direct care relationship/) }]);
    }
    expect((await t.gql(READ, { id: maj }, linnea)).data.patient).toMatchObject({ givenName: null, myAccess: { relationships: ['SIP_PARTICIPANT'] } });
    expect(await t.sql(`SELECT 1 FROM care_team_member WHERE patient_id = $1`, [maj])).toEqual([]);
  });
});

describe('a relationship has an author', () => {
  const CHANGES = `{ careTeamChangesForReview(first: 50) { edges { node { patientId reason addedAt organisation { hsaId } addedByOrganisation { hsaId } addedBy { name } removedAt } } } }`;

  it('is never given by an organisation to itself, even one that cares for the patient directly', async () => {
    const gunnar = await patientId(t, 'gunnar'); // enrolled by Jönköping
    const res = await t.gql(
      ADD_MEMBER,
      { i: { patientId: gunnar, organisationId: await t.orgId('jonkoping'), reason: 'Vill stanna kvar' } },
      await t.token('karinNurse'),
    );
    expect(expectError(res, 'BAD_USER_INPUT').extensions.fields).toEqual([
      { field: 'input.organisationId', message: expect.stringMatching(/cannot be your own organisation/) },
    ]);
  });

  it('is added by another organisation with a reason, and the MAS of either side reviews who and why', async () => {
    const gunnar = await patientId(t, 'gunnar');
    const added = await t.gql(
      ADD_MEMBER,
      { i: { patientId: gunnar, organisationId: await t.orgId('habo'), reason: 'Korttidsboende i Habo' } },
      await t.token('karinNurse'),
    );
    expect(added.errors).toBeUndefined();
    const mine = await t.gql(CHANGES, {}, await t.token('birgittaMas'));
    const theirs = await t.gql(CHANGES, {}, await t.token('ingridMas'));
    const row = {
      patientId: gunnar,
      reason: 'Korttidsboende i Habo',
      organisation: { hsaId: 'SE2120000506-1001' },
      addedByOrganisation: { hsaId: 'SE2120000530-1001' },
      addedBy: { name: 'Karin Berg' },
      removedAt: null,
    };
    expect(mine.data.careTeamChangesForReview.edges.map((e: any) => e.node)).toContainEqual({ ...row, addedAt: expect.any(String) });
    expect(theirs.data.careTeamChangesForReview.edges.map((e: any) => e.node)).toContainEqual({ ...row, addedAt: expect.any(String) });
    const outsider = await t.gql(CHANGES, {}, await t.token('helenaManager'));
    expect(outsider.data.careTeamChangesForReview.edges.map((e: any) => e.node.patientId)).not.toContain(gunnar);
    expectError(await t.gql(CHANGES, {}, await t.token('karinNurse')), 'FORBIDDEN');
  });

  it('logs every patient a review list shows, so the patient’s log extract says who reviewed', async () => {
    const gunnar = await patientId(t, 'gunnar');
    const mark = await auditMark(t);
    const shown = (await t.gql(CHANGES, {}, await t.token('ingridMas'))).data.careTeamChangesForReview.edges.map((e: any) => e.node.patientId);
    expect(shown).toContain(gunnar);
    const rows = await auditSince(t, mark);
    expect(rows.map((r) => [r.operation, r.outcome, r.patient_id]).sort()).toEqual(
      [...new Set<string>(shown)].map((p) => ['careTeamChangesForReview', 'ALLOWED', p]).sort(),
    );
    const [{ purpose }] = await t.sql(`SELECT purpose FROM audit_log WHERE id > $1 AND patient_id = $2`, [mark, gunnar]);
    expect(purpose).toBe('log review');
    const extract = await t.gql(
      `query($p: ID!) { patientLogExtract(patientId: $p, first: 5) { edges { node { operation organisation { hsaId } } } } }`,
      { p: gunnar },
      await t.token('birgittaMas'),
    );
    expect(extract.data.patientLogExtract.edges.map((e: any) => e.node)).toContainEqual({
      operation: 'careTeamChangesForReview',
      organisation: { hsaId: 'SE2120000506-1001' },
    });
  });
});

describe('the hospital’s access ends with the stay', () => {
  it('a ward that registered a patient reads the home-care SIP and plan during the stay, and nothing after the process is closed', async () => {
    setClock(t, '2026-12-07T08:00:00Z');
    const number = withCheckDigit('19380808', '818');
    const tove = await t.token('toveDischarge');
    const { patientId: id } = (
      await t.gql(REGISTER, { i: { personnummer: number, purpose: 'HOSPITAL_STAY', givenName: 'Hulda', familyName: 'Hemma', nextOfKin: [] } }, tove)
    ).data.registerPatient;
    const [jkpg, sjobacken] = [await t.orgId('jonkoping'), await t.orgId('vcSjobacken')];
    const opened = await t.gql(
      DISCHARGE.open,
      { i: { personnummer: number, admittedAt: '2026-12-07T07:00:00Z', municipalityId: jkpg, primaryCareCentreId: sjobacken } },
      tove,
    );
    expect(opened.errors).toBeUndefined();
    const processId = opened.data.r.id;
    // During the stay the municipality enrolls her, a care-team-wide consent is recorded, a SIP is started and a plan signed.
    const anna = await t.token('annaNurse');
    const enrolled = await t.gql(
      `mutation($i: EnrollPatientInput!) { enrollPatient(input: $i) { id } }`,
      {
        i: {
          patientId: id,
          primaryCareCentreId: sjobacken,
          namedNurseId: await t.staffId('annaNurse'),
          namedPhysicianId: await t.staffId('erikGp'),
          startDate: '2026-12-07',
        },
      },
      anna,
    );
    expect(enrolled.errors).toBeUndefined();
    const consent = await t.gql(
      `mutation($i: RecordConsentInput!) { recordConsent(input: $i) { id } }`,
      { i: { patientId: id, kind: 'INFORMATION_SHARING', givenBy: 'PATIENT', scope: 'CARE_TEAM', organisationIds: [], validFrom: '2026-12-01' } },
      anna,
    );
    expect(consent.errors).toBeUndefined();
    const sip = (await t.gql(CREATE_SIP, { input: { patientId: id, reason: 'Hemgång med insatser' } }, anna)).data.createCarePlan;
    await draftAndSign(t, id, 'annaNurse', 'erikGp');
    expect((await t.gql(`query($id: ID!) { carePlan(id: $id) { id } }`, { id: sip.id }, tove)).errors).toBeUndefined();
    expect((await t.gql(PLAN.active, { p: id }, tove)).data.activeDeteriorationPlan).not.toBeNull();
    // The stay runs to its end and the process is closed.
    const ali = await t.token('aliPhysician');
    for (const [q, who, i] of [
      [DISCHARGE.admission, tove, { processId, note: 'Behov av hemsjukvård.' }],
      [DISCHARGE.ready, ali, { processId }],
      [DISCHARGE.discharge, tove, { processId, handover: HANDOVER_CONTENT }],
      [DISCHARGE.close, tove, undefined],
    ] as const) {
      const res = await t.gql(q, i ? { i } : { id: processId }, who);
      expect(res.errors).toBeUndefined();
    }
    for (const [q, v] of [
      [`query($id: ID!) { carePlan(id: $id) { id } }`, { id: sip.id }],
      [PLAN.active, { p: id }],
      [READ, { id }],
    ] as const) {
      expect(shape(await t.gql(q, v, tove)).errors).toEqual([
        { code: 'NOT_FOUND', message: q === READ || q === PLAN.active ? 'Patient not found' : 'Care plan not found' },
      ]);
    }
    expect(
      await t.sql(`SELECT organisation_id FROM care_relationship WHERE patient_id = $1 AND organisation_id = $2`, [id, await t.orgId('wardMedicine')]),
    ).toEqual([]);
    setClock(t, new Date().toISOString());
    t.app.get(Clock).set(null);
  });
});

describe('refusal looks like absence', () => {
  /** Every operation addressed by a record's own id, with a real record the outsider (Habo) may not see. */
  async function realRecords() {
    const esther = await patientId(t, 'esther');
    const one = async (sql: string) => (await t.sql(sql, [esther]))[0].id as string;
    return {
      plan: await one(`SELECT id FROM deterioration_plan WHERE patient_id = $1 AND status = 'ACTIVE'`),
      task: await one(`SELECT id FROM task WHERE patient_id = $1 LIMIT 1`),
      enrollment: await one(`SELECT id FROM home_healthcare_enrollment WHERE patient_id = $1 AND status = 'ACTIVE'`),
      consent: await one(`SELECT id FROM consent WHERE patient_id = $1 LIMIT 1`),
      member: await t
        .sql(
          `INSERT INTO care_team_member (patient_id, organisation_id, reason, added_by_staff_id, added_by_organisation_id) VALUES ($1, $2, 'Geriatrisk bedömning', $3, $4) RETURNING id`,
          [esther, await t.orgId('wardGeriatrics'), await t.staffId('erikGp'), await t.orgId('vcSjobacken')],
        )
        .then((r) => r[0].id as string),
      block: await t
        .sql(`INSERT INTO information_block (patient_id, organisation_id, recorded_by_staff_id) VALUES ($1, $2, $3) RETURNING id`, [
          esther,
          await t.orgId('vcSjobacken'),
          await t.staffId('erikGp'),
        ])
        .then((r) => r[0].id as string),
      opening: await t
        .sql(
          `INSERT INTO block_opening (patient_id, staff_id, organisation_id, basis, reason, requested_at) VALUES ($1, $2, $3, 'PATIENT_CONSENT', 'x', now()) RETURNING id`,
          [esther, await t.staffId('annaNurse'), await t.orgId('jonkoping')],
        )
        .then((r) => r[0].id as string),
      item: await t.sql(`SELECT id FROM round_agenda_item WHERE patient_id = $1 LIMIT 1`, [esther]).then((r) => r[0].id as string),
      handover: await t.sql(`SELECT id FROM handover WHERE patient_id = $1 LIMIT 1`, [esther]).then((r) => r[0]?.id as string | undefined),
    };
  }

  const ops = (r: Awaited<ReturnType<typeof realRecords>>, id: (real: string) => string): Array<[string, string, Record<string, unknown>]> => [
    ['deteriorationPlan', `query($id: ID!) { deteriorationPlan(id: $id) { id } }`, { id: id(r.plan) }],
    ['task', `query($id: ID!) { task(id: $id) { id } }`, { id: id(r.task) }],
    ['cancelTask', `mutation($i: CancelTaskInput!) { cancelTask(input: $i) { id } }`, { i: { taskId: id(r.task), reason: 'x' } }],
    ['completeTask', `mutation($i: CompleteTaskInput!) { completeTask(input: $i) { id } }`, { i: { taskId: id(r.task), outcome: 'x' } }],
    ['confirmBlockOpening', `mutation($id: ID!) { confirmBlockOpening(openingId: $id) { id } }`, { id: id(r.opening) }],
    [
      'endEnrollment',
      `mutation($i: EndEnrollmentInput!) { endEnrollment(input: $i) { id } }`,
      { i: { enrollmentId: id(r.enrollment), endDate: '2026-12-31', reason: 'x' } },
    ],
    ['liftBlock', `mutation($id: ID!) { liftBlock(blockId: $id) { id } }`, { id: id(r.block) }],
    [
      'removeCareTeamMember',
      `mutation($i: RemoveCareTeamMemberInput!) { removeCareTeamMember(input: $i) { id } }`,
      { i: { memberId: id(r.member), reason: 'x' } },
    ],
    ['revokeConsent', `mutation($i: RevokeConsentInput!) { revokeConsent(input: $i) { id } }`, { i: { consentId: id(r.consent), reason: 'x' } }],
    [
      'updateDeteriorationPlanDraft',
      `mutation($i: UpdateDeteriorationPlanDraftInput!) { updateDeteriorationPlanDraft(input: $i) { id } }`,
      { i: { planId: id(r.plan), expectedVersion: 1, conditions: ['x'] } },
    ],
    [
      'withdrawDeteriorationPlan',
      `mutation($i: WithdrawDeteriorationPlanInput!) { withdrawDeteriorationPlan(input: $i) { id } }`,
      { i: { planId: id(r.plan), expectedVersion: 1, reason: 'x' } },
    ],
    [
      'signDeteriorationPlan',
      `mutation($i: SignDeteriorationPlanInput!) { signDeteriorationPlan(input: $i) { id } }`,
      { i: { planId: id(r.plan), expectedVersion: 1 } },
    ],
    [
      'updateAgendaNotes',
      `mutation($i: UpdateAgendaNotesInput!) { updateAgendaNotes(input: $i) { id } }`,
      { i: { itemId: id(r.item), expectedVersion: 1, notes: 'x' } },
    ],
  ];

  it('gives an outsider the same code and message for a real record and a random id, for every operation addressed by a record, and logs the refusal with the patient', async () => {
    const r = await realRecords();
    const esther = await patientId(t, 'esther');
    for (const who of ['linneaNurse', 'ingridMas', 'idaAdmin'] as const) {
      const token = await t.token(who);
      const real = ops(r, (x) => x);
      const random = ops(r, () => MISSING);
      for (let i = 0; i < real.length; i++) {
        const mark = await auditMark(t);
        const a = shape(await t.gql(real[i][1], real[i][2], token));
        const b = shape(await t.gql(random[i][1], random[i][2], token));
        expect({ op: real[i][0], ...a }).toEqual({ op: real[i][0], ...b });
        expect(a.errors?.[0].code, real[i][0]).toBe('NOT_FOUND');
        const rows = await auditSince(t, mark);
        expect(
          rows.map((x) => [x.operation, x.outcome, x.patient_id]),
          `${who} ${real[i][0]}`,
        ).toEqual([
          [real[i][0], 'REFUSED', esther],
          [real[i][0], 'REFUSED', null],
        ]);
      }
    }
    // Nothing the outsiders tried changed anything.
    expect((await t.sql(`SELECT status FROM task WHERE id = $1`, [r.task]))[0].status).toBe('OPEN');
    expect((await t.sql(`SELECT lifted_at FROM information_block WHERE id = $1`, [r.block]))[0].lifted_at).toBeNull();
    expect((await t.sql(`SELECT removed_at FROM care_team_member WHERE id = $1`, [r.member]))[0].removed_at).toBeNull();
  });

  it('registering a person who is already known answers exactly as for a new one', async () => {
    const emma = await t.token('emmaNurse');
    const known = await t.gql(REGISTER, { i: { personnummer: pnr('esther'), purpose: 'HOSPITAL_STAY', givenName: 'X', familyName: 'Y', nextOfKin: [] } }, emma);
    const fresh = await t.gql(
      REGISTER,
      { i: { personnummer: withCheckDigit('19380909', '919'), purpose: 'HOSPITAL_STAY', givenName: 'X', familyName: 'Y', nextOfKin: [] } },
      emma,
    );
    expect(known.errors).toBeUndefined();
    expect(Object.keys(known.data.registerPatient).sort()).toEqual(Object.keys(fresh.data.registerPatient).sort());
    expect(shape(known).data.registerPatient.purpose).toBe(shape(fresh).data.registerPatient.purpose);
    expect(known.data.registerPatient.patientId).toBe(await patientId(t, 'esther'));
    expect((await t.sql(`SELECT given_name FROM patient WHERE personnummer = $1`, [pnr('esther')]))[0].given_name).toBe('Esther');
  });
});

describe('the log has no holes', () => {
  it('logs a refused review of another organisation’s emergency access, with the patient', async () => {
    const esther = await patientId(t, 'esther');
    await t.gql(OPEN_EMERGENCY, { i: { personnummer: pnr('esther'), reason: 'Akut i Habo' } }, await t.token('linneaNurse'));
    const [access] = await t.sql(`SELECT id FROM emergency_access WHERE patient_id = $1 AND organisation_id = $2`, [esther, await t.orgId('habo')]);
    const REVIEW = `mutation($i: ReviewEmergencyAccessInput!) { reviewEmergencyAccess(input: $i) { id } }`;
    const mark = await auditMark(t);
    const real = shape(await t.gql(REVIEW, { i: { emergencyAccessId: access.id, note: 'x' } }, await t.token('birgittaMas')));
    const random = shape(await t.gql(REVIEW, { i: { emergencyAccessId: MISSING, note: 'x' } }, await t.token('birgittaMas')));
    expect(real).toEqual(random);
    expect((await auditSince(t, mark)).map((r) => [r.operation, r.outcome, r.patient_id])).toEqual([
      ['reviewEmergencyAccess', 'REFUSED', esther],
      ['reviewEmergencyAccess', 'REFUSED', null],
    ]);
    expect((await t.sql(`SELECT reviewed_at FROM emergency_access WHERE id = $1`, [access.id]))[0].reviewed_at).toBeNull();
  });

  it('logs refusals by personnummer and by agenda item with the patient, and the patient’s log extract shows them', async () => {
    const esther = await patientId(t, 'esther');
    const [item] = await t.sql(`SELECT id FROM round_agenda_item WHERE patient_id = $1 LIMIT 1`, [esther]);
    const mark = await auditMark(t);
    await t.gql(`query($p: Personnummer!) { findPatient(personnummer: $p) { id } }`, { p: pnr('esther') }, await t.token('ullaNurse'));
    await t.gql(`mutation($i: RecordDecisionInput!) { recordDecision(input: $i) { id } }`, { i: { itemId: item.id, text: 'x' } }, await t.token('ullaNurse'));
    await t.gql(
      `mutation($i: OpenDischargeProcessInput!) { openDischargeProcess(input: $i) { id } }`,
      { i: { personnummer: pnr('esther'), admittedAt: new Date().toISOString() } },
      await t.token('annaNurse'),
    );
    expect((await auditSince(t, mark)).map((r) => [r.operation, r.outcome, r.patient_id])).toEqual([
      ['findPatient', 'REFUSED', esther],
      ['recordDecision', 'REFUSED', esther],
      ['openDischargeProcess', 'REFUSED', esther],
    ]);
    const extract = await t.gql(
      `query($p: ID!) { patientLogExtract(patientId: $p, first: 10) { edges { node { operation outcome organisation { hsaId } } } } }`,
      { p: esther },
      await t.token('birgittaMas'),
    );
    const seen = extract.data.patientLogExtract.edges.map((e: any) => `${e.node.operation}:${e.node.outcome}`);
    expect(seen).toEqual(expect.arrayContaining(['findPatient:REFUSED', 'recordDecision:REFUSED', 'openDischargeProcess:REFUSED']));
  });

  it('flags every answer emergency access widens, also when the organisation has an ordinary relationship', async () => {
    // Habo takes part in Maj's SIP (above) but no consent covers it: the primary care centre's plan is hidden from it.
    const maj = await patientId(t, 'protected');
    const plan = await draftAndSign(t, maj, 'sofiaNurse', 'erikGp');
    const linnea = await t.token('linneaNurse');
    expectError(await t.gql(PLAN.byId, { id: plan.id }, linnea), 'NOT_FOUND');
    expect((await t.gql(PLAN.active, { p: maj }, linnea)).data.activeDeteriorationPlan).toBeNull();
    expect(
      (await t.gql(OPEN_EMERGENCY, { i: { personnummer: pnr('protected'), reason: 'Andningsbesvär, kan inte samtycka' } }, linnea)).errors,
    ).toBeUndefined();
    const mark = await auditMark(t);
    expect((await t.gql(PLAN.active, { p: maj }, linnea)).data.activeDeteriorationPlan.id).toBe(plan.id);
    expect((await t.gql(PLAN.byId, { id: plan.id }, linnea)).data.deteriorationPlan.id).toBe(plan.id);
    const rows = await auditSince(t, mark);
    expect(rows.map((r) => [r.operation, r.outcome, r.emergency])).toEqual([
      ['activeDeteriorationPlan', 'ALLOWED', true],
      ['deteriorationPlan', 'ALLOWED', true],
    ]);
    const flagged = await t.gql(
      `query($p: ID!) { auditLog(patientId: $p, emergencyOnly: true, first: 20) { edges { node { operation } } } }`,
      { p: maj },
      await t.token('ingridMas'),
    );
    expect(flagged.data.auditLog.edges.map((e: any) => e.node.operation)).toEqual(
      expect.arrayContaining(['activeDeteriorationPlan', 'deteriorationPlan', 'openEmergencyAccess']),
    );
    // Changing the plan it can see only through emergency access is refused, as a read-only answer.
    expectError(await t.gql(PLAN.withdraw, { i: { planId: plan.id, expectedVersion: plan.version, reason: 'x' } }, linnea), 'FORBIDDEN');
    // The review of the emergency access lists what was done under it: the opening, both widened reads and the refused change.
    const REVIEW = `{ emergencyAccessesForReview(first: 50) { edges { node { patientId openedAt staff { name } accessLogCount accessLog { operation outcome emergency patientId staff { name } } } } } }`;
    const review = await t.gql(REVIEW, {}, await t.token('ingridMas'));
    expect(review.errors).toBeUndefined();
    const [latest] = review.data.emergencyAccessesForReview.edges
      .map((e: any) => e.node)
      .filter((n: any) => n.patientId === maj && n.staff.name === 'Linnea Falk')
      .sort((a: any, b: any) => b.openedAt.localeCompare(a.openedAt));
    expect(latest.accessLog.map((r: any) => [r.operation, r.outcome, r.emergency, r.patientId, r.staff.name])).toEqual([
      ['openEmergencyAccess', 'ALLOWED', true, maj, 'Linnea Falk'],
      ['activeDeteriorationPlan', 'ALLOWED', true, maj, 'Linnea Falk'],
      ['deteriorationPlan', 'ALLOWED', true, maj, 'Linnea Falk'],
      ['withdrawDeteriorationPlan', 'REFUSED', true, maj, 'Linnea Falk'],
    ]);
    expect(latest.accessLogCount).toBe(4);
    // Only the MAS and managers of the organisation whose staff opened it see it.
    const other = await t.gql(REVIEW, {}, await t.token('birgittaMas'));
    expect(other.data.emergencyAccessesForReview.edges.filter((e: any) => e.node.patientId === maj && e.node.staff.name === 'Linnea Falk')).toEqual([]);
  });
});

describe('a block never names its source', () => {
  it('shows a withheld discharge message without its sender, to an organisation the block is against', async () => {
    const sven = await patientId(t, 'sven'); // in hospital on M1 (demo), receivers Jönköping and Sjöbacken
    const [process] = await t.sql(`SELECT id FROM discharge_process WHERE patient_id = $1 AND status NOT IN ('CLOSED', 'CANCELLED')`, [sven]);
    await t.gql(
      `mutation($i: RecordConsentInput!) { recordConsent(input: $i) { id } }`,
      { i: { patientId: sven, kind: 'INFORMATION_SHARING', givenBy: 'PATIENT', scope: 'CARE_TEAM', organisationIds: [], validFrom: '2026-01-01' } },
      await t.token('emmaNurse'),
    );
    const block = await t.gql(`mutation($p: ID!) { blockInformation(patientId: $p) { id } }`, { p: sven }, await t.token('emmaNurse'));
    expect(block.errors).toBeUndefined();
    const GET = `query($id: ID!) { dischargeProcess(id: $id) { messages { kind contentWithheld withheldReason note senderOrganisation { hsaId name } senderStaff { name } } } }`;
    const seen = await t.gql(GET, { id: process.id }, await t.token('annaNurse'));
    expect(seen.errors).toBeUndefined();
    const fromWard = seen.data.dischargeProcess.messages.filter((m: any) => m.withheldReason === 'BLOCKED');
    expect(fromWard.length).toBeGreaterThan(0);
    for (const m of fromWard) expect(m).toMatchObject({ contentWithheld: true, note: null, senderOrganisation: null, senderStaff: null });
    // The ward itself still sees its own messages as sent by it.
    const own = await t.gql(GET, { id: process.id }, await t.token('emmaNurse'));
    expect(own.data.dischargeProcess.messages.filter((m: any) => m.senderOrganisation?.hsaId === 'SE2321000057-1002').length).toBe(fromWard.length);
  });
});

describe('tokens expire', () => {
  const claims = async (): Promise<SignJWT> =>
    new SignJWT({ org: 'SE2120000530-1001', role: 'NURSE' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('SE2120000530-S101')
      .setIssuer(t.config.auth.issuer)
      .setAudience(t.config.auth.audience);
  const key = () => new TextEncoder().encode(t.config.auth.devSecret);

  it('refuses a token without exp, and one that lives longer than the configured 12 hours', async () => {
    const never = await (await claims()).setIssuedAt().sign(key());
    const long = await (await claims()).setIssuedAt().setExpirationTime('3d').sign(key());
    const fine = await (await claims()).setIssuedAt().setExpirationTime('8h').sign(key());
    for (const [token, message] of [
      [never, /must expire/],
      [long, /longer than the 12 hours/],
    ] as const) {
      const res = await t.gql(`{ me { staff { name } } }`, {}, token);
      expect(res.status).toBe(401);
      expect(expectError(res, 'UNAUTHENTICATED').message).toMatch(message);
    }
    expect((await t.gql(`{ me { staff { name } } }`, {}, fine)).data.me.staff.name).toBe('Anna Nilsson');
  });

  it('refuses a live-inbox subscription with a token that never expires', async () => {
    const never = await (await claims()).setIssuedAt().sign(key());
    const closed = await new Promise<number>((resolve) => {
      const ws = new WebSocket(t.url.replace('http', 'ws') + '/graphql', 'graphql-transport-ws');
      ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${never}` } })));
      ws.on('close', (code) => resolve(code));
      ws.on('message', (m) => {
        if (JSON.parse(String(m)).type === 'connection_ack') {
          ws.close();
          resolve(0);
        }
      });
    });
    expect(closed).toBe(4401);
  });
});

// Last: it opens emergency access, which the tests above must not find open.
describe('the review lists', () => {
  it('page with the cursors they return, and name a tampered cursor', async () => {
    // Habo's nurse has opened emergency access to Maj (above); one more, so that Habo's list has two.
    expect(
      (await t.gql(OPEN_EMERGENCY, { i: { personnummer: pnr('esther'), reason: 'Fallit, kan inte samtycka' } }, await t.token('linneaNurse'))).errors,
    ).toBeUndefined();
    const lists = [
      { field: 'careTeamChangesForReview', args: '', mas: 'birgittaMas' },
      { field: 'emergencyAccessesForReview', args: ', unreviewedOnly: false', mas: 'ingridMas' },
    ] as const;
    for (const { field, args, mas } of lists) {
      const token = await t.token(mas);
      const page = (first: number, after?: string) =>
        t.gql(
          `query($after: String) { ${field}(first: ${first}, after: $after${args}) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
          { after },
          token,
        );
      const all = (await page(50)).data[field].edges.map((e: any) => e.node.id);
      expect(all.length).toBeGreaterThan(1);
      const walked: string[] = [];
      let after: string | undefined;
      for (;;) {
        const res = (await page(1, after)).data[field];
        walked.push(...res.edges.map((e: any) => e.node.id));
        if (!res.pageInfo.hasNextPage) break;
        after = res.pageInfo.endCursor;
      }
      expect(walked).toEqual(all);
      const bad = await page(1, Buffer.from('["yesterday","x"]').toString('base64url'));
      expect(expectError(bad, 'BAD_USER_INPUT').extensions.fields).toEqual([{ field: 'after', message: 'is not a cursor returned by this list' }]);
    }
  });

  it('pages care-team changes made at one instant of the database (now(), to the microsecond) without losing one', async () => {
    const token = await t.token('birgittaMas');
    const page = (first: number, after?: string) =>
      t.gql(
        `query($after: String) { careTeamChangesForReview(first: ${first}, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
        { after },
        token,
      );
    // Three changes written by one statement share its now(); then one instant, with microseconds, for all of the list.
    const [esther, ekdalen, anna] = [await patientId(t, 'esther'), await t.orgId('vcEkdalen'), await t.staffId('annaNurse')];
    await t.sql(
      `INSERT INTO care_team_member (patient_id, organisation_id, reason, added_by_staff_id, added_by_organisation_id, removed_at, removed_by_staff_id, removal_reason)
       SELECT $1, $2, 'Test', $3, $4, now(), $3, 'Test' FROM generate_series(1, 3)`,
      [esther, ekdalen, anna, await t.orgId('jonkoping')],
    );
    const ids: string[] = (await page(50)).data.careTeamChangesForReview.edges.map((e: any) => e.node.id);
    expect(ids.length).toBeGreaterThan(3);
    await t.sql(`UPDATE care_team_member SET added_at = '2026-11-01T10:00:00.123456Z' WHERE id = ANY ($1::uuid[])`, [ids]);
    const all: string[] = (await page(50)).data.careTeamChangesForReview.edges.map((e: any) => e.node.id);
    expect(all).toEqual([...ids].sort().reverse());
    const walked: string[] = [];
    let after: string | undefined;
    for (;;) {
      const res = (await page(1, after)).data.careTeamChangesForReview;
      walked.push(...res.edges.map((e: any) => e.node.id));
      if (!res.pageInfo.hasNextPage) break;
      after = res.pageInfo.endCursor;
    }
    expect(walked).toEqual(all);
    expect(JSON.parse(Buffer.from(after!, 'base64url').toString('utf8'))[0]).toBe('2026-11-01T10:00:00.123456Z');
  });
});
