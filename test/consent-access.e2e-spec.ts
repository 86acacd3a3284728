import { Clock } from '../src/common/clock';
import { withCheckDigit } from '../src/demo/patients';
import { auditMark, auditSince, patientId, pnr } from './helpers/patients';
import { expectError, startTestApp, TestApp } from './helpers/test-app';

const READ = `query($id: ID!) { patient(id: $id) { givenName familyName address phone nextOfKin { name } whatMattersToMe withheld hasBlockedInformation myAccess { relationships emergencyAccess consentCoversMyOrganisation } } }`;
const CONSENT = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id active scope } }`;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('consent and block change what crosses organisations', () => {
  let patient: string;
  let consentId: string;

  beforeAll(async () => {
    // Registered by Jönköping with the patient's own words and enrolled; Jönköping adds the hospital ward to the care team.
    const reg = await t.gql(
      `mutation($i: RegisterPatientInput!) { registerPatient(input: $i) { patientId } }`,
      {
        i: {
          personnummer: withCheckDigit('19360606', '616'),
          purpose: 'ENROLLMENT',
          givenName: 'Signe',
          familyName: 'Samtycke',
          nextOfKin: [],
          whatMattersToMe: 'Att min hund får följa med.',
        },
      },
      await t.token('annaNurse'),
    );
    patient = reg.data.registerPatient.patientId;
    const enrolled = await t.gql(
      `mutation($i: EnrollPatientInput!) { enrollPatient(input: $i) { id } }`,
      {
        i: {
          patientId: patient,
          primaryCareCentreId: await t.orgId('vcSjobacken'),
          namedNurseId: await t.staffId('annaNurse'),
          namedPhysicianId: await t.staffId('erikGp'),
          startDate: '2026-11-20',
        },
      },
      await t.token('annaNurse'),
    );
    expect(enrolled.errors).toBeUndefined();
    const add = await t.gql(
      `mutation($i: AddCareTeamMemberInput!) { addCareTeamMember(input: $i) { id } }`,
      { i: { patientId: patient, organisationId: await t.orgId('wardMedicine'), reason: 'Inlagd på M1' } },
      await t.token('annaNurse'),
    );
    expect(add.errors).toBeUndefined();
  });

  it('without consent the ward sees who the patient is but not what another organisation recorded', async () => {
    const ward = await t.gql(READ, { id: patient }, await t.token('emmaNurse'));
    expect(ward.data.patient).toMatchObject({ givenName: 'Signe', whatMattersToMe: null, withheld: ['NO_CONSENT'], hasBlockedInformation: false });
    const own = await t.gql(READ, { id: patient }, await t.token('annaNurse'));
    expect(own.data.patient.whatMattersToMe).toBe('Att min hund får följa med.');
  });

  it('consent naming other organisations does not cover the ward', async () => {
    const res = await t.gql(
      CONSENT,
      {
        input: {
          patientId: patient,
          kind: 'INFORMATION_SHARING',
          givenBy: 'PATIENT',
          scope: 'NAMED_ORGANISATIONS',
          organisationIds: [await t.orgId('vcSjobacken')],
          validFrom: '2026-01-01',
        },
      },
      await t.token('annaNurse'),
    );
    expect(res.data.recordConsent.active).toBe(true);
    expect((await t.gql(READ, { id: patient }, await t.token('emmaNurse'))).data.patient.withheld).toEqual(['NO_CONSENT']);
  });

  it('consent covering the care team opens it; revoking closes it again', async () => {
    const res = await t.gql(
      CONSENT,
      {
        input: {
          patientId: patient,
          kind: 'INFORMATION_SHARING',
          givenBy: 'REPRESENTATIVE',
          representativeName: 'Lars Samtycke (god man)',
          scope: 'CARE_TEAM',
          organisationIds: [],
          validFrom: '2026-01-01',
        },
      },
      await t.token('emmaNurse'),
    );
    expect(res.errors).toBeUndefined();
    consentId = res.data.recordConsent.id;
    const ward = await t.gql(READ, { id: patient }, await t.token('emmaNurse'));
    expect(ward.data.patient).toMatchObject({ whatMattersToMe: 'Att min hund får följa med.', withheld: [], myAccess: { consentCoversMyOrganisation: true } });
    const revoke = await t.gql(
      `mutation($i: RevokeConsentInput!) { revokeConsent(input: $i) { active revocationReason } }`,
      { i: { consentId, reason: 'Patienten återkallade' } },
      await t.token('annaNurse'),
    );
    expect(revoke.data.revokeConsent).toEqual({ active: false, revocationReason: 'Patienten återkallade' });
    expect((await t.gql(READ, { id: patient }, await t.token('emmaNurse'))).data.patient.withheld).toEqual(['NO_CONSENT']);
  });

  it('a consent not yet valid, or expired, does not count (the clock decides)', async () => {
    await t.gql(
      CONSENT,
      {
        input: {
          patientId: patient,
          kind: 'INFORMATION_SHARING',
          givenBy: 'PATIENT',
          scope: 'CARE_TEAM',
          organisationIds: [],
          validFrom: '2026-12-01',
          validUntil: '2026-12-31',
        },
      },
      await t.token('annaNurse'),
    );
    const clock = t.app.get(Clock);
    try {
      clock.set(new Date('2026-11-30T22:59:00Z')); // 23:59 in Stockholm, 30 Nov
      expect((await t.gql(READ, { id: patient }, await t.token('emmaNurse'))).data.patient.withheld).toEqual(['NO_CONSENT']);
      clock.set(new Date('2026-11-30T23:01:00Z')); // 00:01 on 1 Dec in Stockholm
      expect((await t.gql(READ, { id: patient }, await t.token('emmaNurse'))).data.patient.withheld).toEqual([]);
      clock.set(new Date('2027-01-01T00:00:00Z'));
      expect((await t.gql(READ, { id: patient }, await t.token('emmaNurse'))).data.patient.withheld).toEqual(['NO_CONSENT']);
    } finally {
      clock.set(null);
    }
  });

  it('validates consent input, naming the fields', async () => {
    const res = await t.gql(
      CONSENT,
      {
        input: {
          patientId: patient,
          kind: 'INFORMATION_SHARING',
          givenBy: 'REPRESENTATIVE',
          scope: 'NAMED_ORGANISATIONS',
          organisationIds: [],
          validFrom: '2026-02-30',
        },
      },
      await t.token('annaNurse'),
    );
    const fields = expectError(res, 'BAD_USER_INPUT').extensions.fields!.map((f) => f.field);
    expect(fields).toContain('input.validFrom');
    const res2 = await t.gql(
      CONSENT,
      {
        input: {
          patientId: patient,
          kind: 'INFORMATION_SHARING',
          givenBy: 'REPRESENTATIVE',
          scope: 'NAMED_ORGANISATIONS',
          organisationIds: [],
          validFrom: '2026-02-01',
          validUntil: '2026-01-01',
        },
      },
      await t.token('annaNurse'),
    );
    expect(
      expectError(res2, 'BAD_USER_INPUT')
        .extensions.fields!.map((f) => f.field)
        .sort(),
    ).toEqual(['input.organisationIds', 'input.representativeName', 'input.validUntil']);
  });

  it('refuses consent operations for roles and organisations that may not, as a missing patient', async () => {
    const input = { patientId: patient, kind: 'SIP', givenBy: 'PATIENT', scope: 'CARE_TEAM', organisationIds: [], validFrom: '2026-01-01' };
    for (const who of ['omarRehab', 'evaManager', 'linneaNurse'] as const) {
      expect(expectError(await t.gql(CONSENT, { input }, await t.token(who)), 'NOT_FOUND').message).toBe('Patient not found');
    }
  });

  describe('block (spärr)', () => {
    let blockId: string;
    beforeAll(async () => {
      await t.gql(
        CONSENT,
        { input: { patientId: patient, kind: 'INFORMATION_SHARING', givenBy: 'PATIENT', scope: 'CARE_TEAM', organisationIds: [], validFrom: '2026-01-01' } },
        await t.token('annaNurse'),
      );
    });

    it('hides what the blocked organisation recorded: others learn that blocked information exists, not where', async () => {
      const block = await t.gql(`mutation($p: ID!) { blockInformation(patientId: $p) { id liftedAt } }`, { p: patient }, await t.token('annaNurse'));
      expect(block.errors).toBeUndefined();
      blockId = block.data.blockInformation.id;
      const ward = await t.gql(READ, { id: patient }, await t.token('emmaNurse'));
      expect(ward.data.patient).toMatchObject({ whatMattersToMe: null, withheld: ['BLOCKED'], hasBlockedInformation: true });
      expect(JSON.stringify(ward)).not.toMatch(/Jönköping/);
      const own = await t.gql(READ, { id: patient }, await t.token('annaNurse'));
      expect(own.data.patient).toMatchObject({ whatMattersToMe: 'Att min hund får följa med.', hasBlockedInformation: false });
    });

    it('opens only in two deliberate steps, for the person who asked, and is logged', async () => {
      const REQ = `mutation($i: RequestBlockOpeningInput!) { requestBlockOpening(input: $i) { id confirmedAt } }`;
      const mark = await auditMark(t);
      const req = await t.gql(
        REQ,
        { i: { patientId: patient, basis: 'PATIENT_CONSENT', reason: 'Patienten samtycker muntligt vid ankomst' } },
        await t.token('emmaNurse'),
      );
      expect(req.data.requestBlockOpening.confirmedAt).toBeNull();
      expect((await t.gql(READ, { id: patient }, await t.token('emmaNurse'))).data.patient.withheld).toEqual(['BLOCKED']);
      const other = await t.gql(
        `mutation($id: ID!) { confirmBlockOpening(openingId: $id) { id } }`,
        { id: req.data.requestBlockOpening.id },
        await t.token('aliPhysician'),
      );
      expectError(other, 'NOT_FOUND');
      const confirm = await t.gql(
        `mutation($id: ID!) { confirmBlockOpening(openingId: $id) { confirmedAt expiresAt } }`,
        { id: req.data.requestBlockOpening.id },
        await t.token('emmaNurse'),
      );
      expect(confirm.data.confirmBlockOpening.expiresAt).toBeTruthy();
      expect((await t.gql(READ, { id: patient }, await t.token('emmaNurse'))).data.patient).toMatchObject({
        whatMattersToMe: 'Att min hund får följa med.',
        withheld: [],
      });
      expect((await t.gql(READ, { id: patient }, await t.token('aliPhysician'))).data.patient.withheld).toEqual(['BLOCKED']);
      const ops = (await auditSince(t, mark)).map((r) => [r.operation, r.outcome]);
      expect(ops).toEqual([
        ['requestBlockOpening', 'ALLOWED'],
        ['patient', 'ALLOWED'],
        ['confirmBlockOpening', 'REFUSED'], // another staff member of the ward: reaches the patient, not the opening
        ['confirmBlockOpening', 'ALLOWED'],
        ['patient', 'ALLOWED'],
        ['patient', 'ALLOWED'],
      ]);
    });

    it('is lifted only by the blocked organisation', async () => {
      const LIFT = `mutation($id: ID!) { liftBlock(blockId: $id) { liftedAt } }`;
      // To any other organisation a block's id is unknown: answered as a missing block.
      expect(expectError(await t.gql(LIFT, { id: blockId }, await t.token('emmaNurse')), 'NOT_FOUND').message).toBe('Block not found');
      expect((await t.gql(LIFT, { id: blockId }, await t.token('annaNurse'))).data.liftBlock.liftedAt).toBeTruthy();
      expect((await t.gql(READ, { id: patient }, await t.token('aliPhysician'))).data.patient).toMatchObject({ withheld: [], hasBlockedInformation: false });
    });
  });
});

describe('emergency access (nödåtkomst)', () => {
  const OPEN = `mutation($i: OpenEmergencyAccessInput!) { openEmergencyAccess(input: $i) { givenName whatMattersToMe myAccess { relationships emergencyAccess } } }`;

  it('opens a patient for 4 hours, flagged in the log, listed for review, then closes', async () => {
    const esther = await patientId(t, 'esther');
    const habo = await t.token('linneaNurse');
    expectError(await t.gql(READ, { id: esther }, habo), 'NOT_FOUND');
    expectError(await t.gql(OPEN, { i: { personnummer: pnr('esther'), reason: ' ' } }, habo), 'BAD_USER_INPUT');
    const mark = await auditMark(t);
    const open = await t.gql(OPEN, { i: { personnummer: pnr('esther'), reason: 'Medvetslös i hemmet under besök hos dottern i Habo' } }, habo);
    expect(open.errors).toBeUndefined();
    expect(open.data.openEmergencyAccess).toMatchObject({ givenName: 'Esther', myAccess: { relationships: [], emergencyAccess: true } });
    expect(open.data.openEmergencyAccess.whatMattersToMe).toMatch(/bo kvar hemma/);
    const read = await t.gql(READ, { id: esther }, habo);
    expect(read.errors).toBeUndefined();
    const rows = await auditSince(t, mark);
    expect(rows.map((r) => [r.operation, r.emergency, r.patient_id])).toEqual([
      ['openEmergencyAccess', true, esther],
      ['patient', true, esther],
    ]);

    const REVIEW_LIST = `{ emergencyAccessesForReview { edges { node { id patientId reason staff { name } reviewedAt } } } }`;
    const list = await t.gql(REVIEW_LIST, {}, await t.token('ingridMas'));
    expect(list.data.emergencyAccessesForReview.edges.map((e: any) => [e.node.patientId, e.node.staff.name])).toEqual([[esther, 'Linnea Falk']]);
    expectError(await t.gql(REVIEW_LIST, {}, habo), 'FORBIDDEN');
    expect((await t.gql(REVIEW_LIST, {}, await t.token('birgittaMas'))).data.emergencyAccessesForReview.edges).toEqual([]);
    const reviewed = await t.gql(
      `mutation($i: ReviewEmergencyAccessInput!) { reviewEmergencyAccess(input: $i) { reviewedAt reviewNote } }`,
      { i: { emergencyAccessId: list.data.emergencyAccessesForReview.edges[0].node.id, note: 'Granskad: befogad, patienten medvetslös' } },
      await t.token('ingridMas'),
    );
    expect(reviewed.data.reviewEmergencyAccess.reviewedAt).toBeTruthy();
    expect((await t.gql(REVIEW_LIST, {}, await t.token('ingridMas'))).data.emergencyAccessesForReview.edges).toEqual([]);

    const clock = t.app.get(Clock);
    try {
      clock.set(new Date(Date.now() + 4 * 3600_000 + 60_000));
      expectError(await t.gql(READ, { id: esther }, habo), 'NOT_FOUND');
    } finally {
      clock.set(null);
    }
  });

  it('is refused for roles that may not, and for an unknown personnummer, as a missing patient', async () => {
    expectError(await t.gql(OPEN, { i: { personnummer: pnr('esther'), reason: 'x' } }, await t.token('henrikManager')), 'NOT_FOUND');
    expectError(await t.gql(OPEN, { i: { personnummer: withCheckDigit('19990909', '999'), reason: 'x' } }, await t.token('linneaNurse')), 'NOT_FOUND');
  });
});

describe('protected identity (skyddad identitet)', () => {
  it('shows name, address, phone and next of kin only to organisations caring directly; never in logs', async () => {
    const prot = await patientId(t, 'protected');
    const direct = await t.gql(READ, { id: prot }, await t.token('annaNurse'));
    expect(direct.data.patient).toMatchObject({ givenName: 'Maj', familyName: 'Skyddad', withheld: [] });
    // Emergency access from Habo: the care information opens, the identity does not.
    await t.gql(
      `mutation($i: OpenEmergencyAccessInput!) { openEmergencyAccess(input: $i) { givenName } }`,
      { i: { personnummer: pnr('protected'), reason: 'Akut försämring, ingen vårdrelation' } },
      await t.token('linneaNurse'),
    );
    const emergency = await t.gql(READ, { id: prot }, await t.token('linneaNurse'));
    expect(emergency.data.patient).toMatchObject({
      givenName: null,
      familyName: null,
      address: null,
      phone: null,
      nextOfKin: null,
      withheld: ['PROTECTED_IDENTITY'],
    });
    const logs = await t.sql(`SELECT count(*)::int AS n FROM audit_log WHERE row_to_json(audit_log)::text ~ '(Maj|Skyddad)'`);
    expect(logs[0].n).toBe(0);
  });
});

describe('caseload (myPatients)', () => {
  const CASELOAD = `query($first: Int, $after: String, $enrollment: CaseloadEnrollmentFilter, $me: Boolean) {
    myPatients(first: $first, after: $after, enrollment: $enrollment, namedNurseIsMe: $me) {
      edges { node { id familyName givenName informationSharingConsent activeEnrollment { namedNurse { name } primaryCareCentre { name } municipality { name } } careTeam { organisation { name } } consents { kind }
        currentCarePlan { status publishedVersionNumber nextFollowUpDate followUpOverdue } activeDeteriorationPlanSummary { reviewDate dueForReview } openTaskCount } }
      pageInfo { hasNextPage endCursor } } }`;

  it('lists the organisation’s patients by family name, with filters, one audit row per patient returned', async () => {
    const token = await t.token('annaNurse');
    const mark = await auditMark(t);
    const all = await t.gql(CASELOAD, { first: 50 }, token);
    const names = all.data.myPatients.edges.map((e: any) => e.node.familyName);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b, 'sv')));
    expect(names).toEqual(expect.arrayContaining(['Johansson', 'Lindqvist', 'Nyström', 'Rahman', 'Skyddad', 'Svensson']));
    expect(names).not.toContain('Ek'); // Habo's patient
    const rows = await auditSince(t, mark);
    expect(rows).toHaveLength(names.length);
    expect(new Set(rows.map((r) => r.patient_id)).size).toBe(names.length);
    expect(rows.every((r) => r.operation === 'myPatients')).toBe(true);

    const esther = all.data.myPatients.edges.find((e: any) => e.node.givenName === 'Esther').node;
    expect(esther.currentCarePlan).toMatchObject({ status: 'ACTIVE', publishedVersionNumber: expect.any(Number) });
    expect(esther.activeDeteriorationPlanSummary).toMatchObject({ reviewDate: expect.any(String), dueForReview: false });
    expect(esther.openTaskCount).toBeGreaterThanOrEqual(1);
    const mine = await t.gql(CASELOAD, { first: 50, me: true }, token);
    expect(mine.data.myPatients.edges.map((e: any) => e.node.givenName).sort()).toEqual(['Esther', 'Maj', 'Signe']); // Signe: enrolled with Anna as fast vårdkontakt above;
    const notEnrolled = await t.gql(CASELOAD, { first: 50, enrollment: 'NOT_ENROLLED' }, token);
    expect(notEnrolled.data.myPatients.edges.map((e: any) => e.node.familyName)).toContain('Rahman');
    expect(notEnrolled.data.myPatients.edges.every((e: any) => e.node.activeEnrollment === null)).toBe(true);
  });

  it('pages with a cursor', async () => {
    const token = await t.token('annaNurse');
    const p1 = await t.gql(CASELOAD, { first: 2 }, token);
    const p2 = await t.gql(CASELOAD, { first: 2, after: p1.data.myPatients.pageInfo.endCursor }, token);
    const all = await t.gql(CASELOAD, { first: 4 }, token);
    expect([...p1.data.myPatients.edges, ...p2.data.myPatients.edges].map((e: any) => e.node.id)).toEqual(all.data.myPatients.edges.map((e: any) => e.node.id));
    expect(p1.data.myPatients.pageInfo.hasNextPage).toBe(true);
  });

  it('is refused for roles that do not see patient records', async () => {
    for (const who of ['evaManager', 'birgittaMas', 'perAdmin'] as const) expectError(await t.gql(CASELOAD, { first: 5 }, await t.token(who)), 'FORBIDDEN');
  });

  it('costs the same number of SQL statements for 5 and for 50 patients', async () => {
    // 60 more enrolled patients for Karin Berg in Jönköping, with care team members and consents.
    await t.sql(`
      WITH s AS (SELECT generate_series(1, 60) AS i),
      p AS (
        INSERT INTO patient (personnummer, given_name, family_name, birth_date, next_of_kin, registered_by_organisation_id, registered_by_staff_id, version)
        SELECT lpad((190000000000 + i)::text, 12, '0'), 'Bulk', 'Bulk ' || lpad(i::text, 3, '0'), '1940-01-01', '[]'::jsonb,
               (SELECT id FROM organisation WHERE hsa_id = 'SE2120000530-1001'), (SELECT id FROM staff WHERE hsa_id = 'SE2120000530-S102'), 1
        FROM s RETURNING id)
      , e AS (
        INSERT INTO home_healthcare_enrollment (patient_id, municipality_id, primary_care_id, named_nurse_id, named_physician_id, start_date, enrolled_by_staff_id)
        SELECT p.id, (SELECT id FROM organisation WHERE hsa_id = 'SE2120000530-1001'), (SELECT id FROM organisation WHERE hsa_id = 'SE2321000057-2001'),
               (SELECT id FROM staff WHERE hsa_id = 'SE2120000530-S102'), (SELECT id FROM staff WHERE hsa_id = 'SE2321000057-S301'), '2026-01-01', (SELECT id FROM staff WHERE hsa_id = 'SE2120000530-S102')
        FROM p RETURNING patient_id)
      INSERT INTO care_team_member (patient_id, organisation_id, reason, added_by_staff_id, added_by_organisation_id)
      SELECT patient_id, (SELECT id FROM organisation WHERE hsa_id = 'SE2321000057-1002'), 'bulk', (SELECT id FROM staff WHERE hsa_id = 'SE2120000530-S102'), (SELECT id FROM organisation WHERE hsa_id = 'SE2120000530-1001') FROM e`);
    const token = await t.token('karinNurse');
    const five = await t.gql(CASELOAD, { first: 5, me: true }, token);
    const fifty = await t.gql(CASELOAD, { first: 50, me: true }, token);
    expect(five.data.myPatients.edges).toHaveLength(5);
    expect(fifty.data.myPatients.edges).toHaveLength(50);
    expect(fifty.extensions?.sqlStatements).toBe(five.extensions?.sqlStatements);
    // auth, one statement for page + access + audit rows, then one per kind of relation loaded
    // (enrollments with their staff and units, care team, consents, the SIP/plan/task glance): a constant.
    expect(fifty.extensions?.sqlStatements).toBeLessThanOrEqual(8);
  });
});

describe('access log review', () => {
  it('lets MAS search their organisation’s log and produce a patient’s log extract; others may not', async () => {
    const esther = await patientId(t, 'esther');
    await t.gql(READ, { id: esther }, await t.token('erikGp'));
    const anna = await t.staffId('annaNurse');
    const LOG = `query($staff: ID, $patient: ID, $em: Boolean) { auditLog(staffId: $staff, patientId: $patient, emergencyOnly: $em, first: 100) { edges { node { operation staff { name } organisation { name } patientId emergency outcome } } } }`;
    const mas = await t.token('birgittaMas');
    const log = await t.gql(LOG, { staff: anna }, mas);
    expect(log.errors).toBeUndefined();
    expect(log.data.auditLog.edges.length).toBeGreaterThan(0);
    expect(
      log.data.auditLog.edges.every((e: any) => e.node.staff.name === 'Anna Nilsson' && e.node.organisation.name === 'Hemsjukvården Jönköping (demo)'),
    ).toBe(true);
    // Another organisation's staff are not in this MAS's log.
    const other = await t.gql(LOG, { staff: await t.staffId('erikGp') }, mas);
    expect(other.data.auditLog.edges).toEqual([]);
    const habo = await t.gql(LOG, { em: true }, await t.token('ingridMas'));
    expect(habo.data.auditLog.edges.length).toBeGreaterThan(0);
    expect(habo.data.auditLog.edges.every((e: any) => e.node.emergency)).toBe(true);

    const EXTRACT = `query($p: ID!) { patientLogExtract(patientId: $p, first: 100) { edges { node { at operation emergency organisation { name } } } } }`;
    const extract = await t.gql(EXTRACT, { p: esther }, mas);
    const units = new Set(extract.data.patientLogExtract.edges.map((e: any) => e.node.organisation.name));
    expect(units).toEqual(new Set(['Hemsjukvården Jönköping (demo)', 'Vårdcentralen Sjöbacken (demo)', 'Hemsjukvården Habo (demo)']));
    expect(extract.data.patientLogExtract.edges.some((e: any) => e.node.emergency)).toBe(true);

    for (const who of ['annaNurse', 'perAdmin'] as const) {
      expectError(await t.gql(LOG, {}, await t.token(who)), 'FORBIDDEN');
      expectError(await t.gql(EXTRACT, { p: esther }, await t.token(who)), 'NOT_FOUND');
    }
    // MAS of an organisation without a care relationship: as a missing patient.
    expectError(await t.gql(EXTRACT, { p: await patientId(t, 'margit') }, mas), 'NOT_FOUND');
    const [row] = await t.sql(
      `SELECT operation, patient_id FROM audit_log WHERE operation = 'patientLogExtract' AND outcome = 'ALLOWED' ORDER BY id DESC LIMIT 1`,
    );
    expect(row).toEqual({ operation: 'patientLogExtract', patient_id: esther });
  });
});
