import { withCheckDigit } from '../src/demo/patients';
import { auditMark, auditSince, patientId, pnr } from './helpers/patients';
import { expectError, startTestApp, TestApp } from './helpers/test-app';

const PATIENT = `query($id: ID!) { patient(id: $id) { id personnummer givenName familyName whatMattersToMe withheld version
  activeEnrollment { status namedNurse { name } namedPhysician { name } primaryCareCentre { name } municipality { name } }
  careTeam { organisation { name } reason } myAccess { relationships consentCoversMyOrganisation } } }`;
const FIND = `query($p: Personnummer!) { findPatient(personnummer: $p) { id givenName } }`;
const REGISTER = `mutation($i: RegisterPatientInput!) { registerPatient(input: $i) { patientId purpose validUntil } }`;
const ENROLL = `mutation($i: EnrollPatientInput!) { enrollPatient(input: $i) { id status startDate namedNurse { name } namedPhysician { name } } }`;

let t: TestApp;
let esther: string;
const MISSING = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  t = await startTestApp();
  esther = await patientId(t, 'esther');
});
afterAll(() => t.close());

/** The answer for a patient that does not exist, to compare refusals with. */
async function missingAnswer(token: string) {
  const res = await t.gql(PATIENT, { id: MISSING }, token);
  return { data: res.data, errors: res.errors?.map((e) => ({ message: e.message, code: e.extensions.code })) };
}

describe('reading a patient', () => {
  it('lets the enrolling municipality and primary care centre read Esther', async () => {
    const asNurse = await t.gql(PATIENT, { id: esther }, await t.token('annaNurse'));
    expect(asNurse.errors).toBeUndefined();
    expect(asNurse.data.patient).toMatchObject({
      givenName: 'Esther',
      familyName: 'Johansson',
      withheld: [],
      activeEnrollment: {
        status: 'ACTIVE',
        namedNurse: { name: 'Anna Nilsson' },
        namedPhysician: { name: 'Erik Sjöberg' },
        primaryCareCentre: { name: 'Vårdcentralen Sjöbacken (demo)' },
      },
    });
    expect(asNurse.data.patient.whatMattersToMe).toMatch(/bo kvar hemma/);
    const asGp = await t.gql(PATIENT, { id: esther }, await t.token('erikGp'));
    expect(asGp.data.patient.myAccess).toEqual({ relationships: ['ENROLLMENT', 'SIP_PARTICIPANT'], consentCoversMyOrganisation: true });
    expect(asGp.data.patient.whatMattersToMe).toMatch(/bo kvar hemma/);
  });

  it('answers an organisation without a care relationship, and a role that may not read, exactly as for a missing patient', async () => {
    const habo = await t.token('linneaNurse');
    const expected = await missingAnswer(habo);
    expect(expected.errors).toEqual([{ message: 'Patient not found', code: 'NOT_FOUND' }]);
    for (const token of [habo, await t.token('perAdmin'), await t.token('evaManager'), await t.token('birgittaMas'), await t.token('nilsGp')]) {
      const res = await t.gql(PATIENT, { id: esther }, token);
      expect({ data: res.data, errors: res.errors?.map((e) => ({ message: e.message, code: e.extensions.code })) }).toEqual(expected);
    }
  });

  it('logs each read, allowed or refused, with the patient', async () => {
    const mark = await auditMark(t);
    await t.gql(PATIENT, { id: esther }, await t.token('annaNurse'));
    await t.gql(PATIENT, { id: esther }, await t.token('linneaNurse'));
    await t.gql(PATIENT, { id: esther }, await t.token('perAdmin'));
    const rows = await auditSince(t, mark);
    expect(rows.map((r) => [r.operation, r.outcome, r.patient_id])).toEqual([
      ['patient', 'ALLOWED', esther],
      ['patient', 'REFUSED', esther],
      ['patient', 'REFUSED', esther],
    ]);
    expect(rows.map((r) => r.organisation_id)).toEqual([await t.orgId('jonkoping'), await t.orgId('habo'), await t.orgId('jonkoping')]);
  });

  it('returns no patient data when the audit row cannot be written', async () => {
    await t.sql(`ALTER TABLE audit_log ADD CONSTRAINT test_refuse_patient_reads CHECK (operation <> 'patient') NOT VALID`);
    try {
      const res = await t.gql(PATIENT, { id: esther }, await t.token('annaNurse'));
      expect(res.data).toBeNull();
      expectError(res, 'INTERNAL');
      expect(JSON.stringify(res)).not.toMatch(/Esther|Johansson|check constraint|audit_log/);
    } finally {
      await t.sql(`ALTER TABLE audit_log DROP CONSTRAINT test_refuse_patient_reads`);
    }
  });
});

describe('finding a patient by personnummer', () => {
  it('finds by exact number in any accepted format, and logs hits and misses', async () => {
    const token = await t.token('annaNurse');
    const mark = await auditMark(t);
    const long = pnr('esther');
    const short = `${long.slice(2, 8)}-${long.slice(8)}`;
    expect((await t.gql(FIND, { p: short }, token)).data.findPatient).toEqual({ id: esther, givenName: 'Esther' });
    const unknown = withCheckDigit('19991231', '999');
    expect((await t.gql(FIND, { p: unknown }, token)).data.findPatient).toBeNull();
    const rows = await auditSince(t, mark);
    expect(rows.map((r) => [r.operation, r.outcome, r.patient_id, r.details?.reason ?? null])).toEqual([
      ['findPatient', 'ALLOWED', esther, null],
      ['findPatient', 'REFUSED', null, 'no-such-patient'],
    ]);
  });

  it('answers null, like a miss, without a care relationship or for a role that may not search, and logs the refusal', async () => {
    const mark = await auditMark(t);
    expect((await t.gql(FIND, { p: pnr('esther') }, await t.token('linneaNurse'))).data.findPatient).toBeNull();
    const admin = await t.gql(FIND, { p: pnr('esther') }, await t.token('perAdmin'));
    expect(admin.errors).toBeUndefined();
    expect(admin.data.findPatient).toBeNull();
    const rows = await auditSince(t, mark);
    // Both refusals are logged with the patient the number belongs to, so the log extract shows them.
    expect(rows.map((r) => [r.operation, r.outcome, r.patient_id, r.details?.reason])).toEqual([
      ['findPatient', 'REFUSED', esther, 'no-care-relationship'],
      ['findPatient', 'REFUSED', esther, 'role'],
    ]);
  });

  it('refuses a malformed personnummer naming the argument', async () => {
    const res = await t.gql(FIND, { p: '19380412-2245' }, await t.token('annaNurse'));
    const err = expectError(res, 'BAD_USER_INPUT');
    expect(err.extensions.fields).toEqual([{ field: 'p', message: expect.stringMatching(/personnummer/) }]);
  });
});

describe('registering a patient', () => {
  const input = (personnummer: string, purpose = 'HOSPITAL_STAY') => ({
    personnummer,
    purpose,
    givenName: 'Tora',
    familyName: 'Testsson',
    nextOfKin: [{ name: 'Bo Testsson', relation: 'son', isRepresentative: false }],
  });

  it('stores a new person, derives the birth date, gives the registering ward no access of its own, and logs it with the patient', async () => {
    const number = withCheckDigit('19400101', '123');
    const mark = await auditMark(t);
    const res = await t.gql(REGISTER, { i: input(`${number.slice(2, 8)}-${number.slice(8)}`) }, await t.token('toveDischarge'));
    expect(res.errors).toBeUndefined();
    const { patientId: id } = res.data.registerPatient;
    expect(res.data.registerPatient).toEqual({ patientId: expect.any(String), purpose: 'HOSPITAL_STAY', validUntil: expect.any(String) });
    expect(await t.sql('SELECT personnummer, birth_date::text, given_name FROM patient WHERE id = $1', [id])).toEqual([
      { personnummer: number, birth_date: '1940-01-01', given_name: 'Tora' },
    ]);
    expect(await t.sql('SELECT 1 FROM care_relationship WHERE patient_id = $1', [id])).toEqual([]);
    expect(await t.sql('SELECT 1 FROM care_team_member WHERE patient_id = $1', [id])).toEqual([]);
    expectError(await t.gql(PATIENT, { id }, await t.token('toveDischarge')), 'NOT_FOUND');
    const rows = await auditSince(t, mark);
    expect(rows.map((r) => [r.operation, r.outcome, r.patient_id, r.details?.known])).toEqual([
      ['registerPatient', 'ALLOWED', id, false],
      ['patient', 'REFUSED', id, undefined],
    ]);
  });

  it('answers a known personnummer exactly like a new one: the patient’s id, no data, nothing changed', async () => {
    const before = await t.sql(`SELECT p.*, (SELECT count(*)::int FROM patient) AS n FROM patient p WHERE personnummer = $1`, [pnr('protected')]);
    const known = await t.gql(REGISTER, { i: input(pnr('protected')) }, await t.token('emmaNurse'));
    const fresh = await t.gql(REGISTER, { i: input(withCheckDigit('19400101', '131')) }, await t.token('emmaNurse'));
    expect(known.errors).toBeUndefined();
    expect(Object.keys(known.data.registerPatient)).toEqual(Object.keys(fresh.data.registerPatient));
    expect(known.data.registerPatient).toEqual({ patientId: before[0].id, purpose: 'HOSPITAL_STAY', validUntil: expect.any(String) });
    expect(JSON.stringify(known)).not.toMatch(/Skyddad|Maj/);
    const after = await t.sql(`SELECT p.*, (SELECT count(*)::int FROM patient) AS n FROM patient p WHERE personnummer = $1`, [pnr('protected')]);
    expect(after).toEqual([{ ...before[0], n: before[0].n + 1 }]);
    const [row] = await t.sql(`SELECT outcome, patient_id, details FROM audit_log WHERE operation = 'registerPatient' ORDER BY id DESC OFFSET 1 LIMIT 1`);
    expect(row).toEqual({ outcome: 'ALLOWED', patient_id: before[0].id, details: { purpose: 'HOSPITAL_STAY', known: true } });
  });

  it('lets the ward continue with the stay it registered for: the discharge process gives the relationship, and it ends with the process', async () => {
    const number = withCheckDigit('19400101', '149');
    const reg = await t.gql(REGISTER, { i: input(number) }, await t.token('toveDischarge'));
    const id = reg.data.registerPatient.patientId;
    const OPEN = `mutation($i: OpenDischargeProcessInput!) { openDischargeProcess(input: $i) { id patient { givenName } } }`;
    const opened = await t.gql(
      OPEN,
      {
        i: {
          personnummer: number,
          admittedAt: new Date(Date.now() - 3_600_000).toISOString(),
          municipalityId: await t.orgId('jonkoping'),
          primaryCareCentreId: await t.orgId('vcSjobacken'),
        },
      },
      await t.token('toveDischarge'),
    );
    expect(opened.errors).toBeUndefined();
    expect(opened.data.openDischargeProcess.patient.givenName).toBe('Tora');
    expect((await t.gql(PATIENT, { id }, await t.token('toveDischarge'))).data.patient.myAccess.relationships).toEqual(['DISCHARGE_PROCESS']);
    const CANCEL = `mutation($i: CancelDischargeProcessInput!) { cancelDischargeProcess(input: $i) { status } }`;
    expect(
      (await t.gql(CANCEL, { i: { processId: opened.data.openDischargeProcess.id, reason: 'REMAINS_IN_HOSPITAL' } }, await t.token('toveDischarge'))).errors,
    ).toBeUndefined();
    expectError(await t.gql(PATIENT, { id }, await t.token('toveDischarge')), 'NOT_FOUND');
  });

  it('registers for the unit’s own process only: a primary care centre or a municipality registering for a stay is FORBIDDEN, before anything about the person', async () => {
    const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM patient`);
    for (const [who, purpose] of [
      ['sofiaNurse', 'ENROLLMENT'],
      ['annaNurse', 'HOSPITAL_STAY'],
      ['toveDischarge', 'ENROLLMENT'],
    ] as const) {
      for (const number of [pnr('esther'), withCheckDigit('19400101', '157')]) {
        const res = await t.gql(REGISTER, { i: input(number, purpose) }, await t.token(who));
        expect(res.errors?.map((e) => [e.extensions.code, e.message])).toEqual([['FORBIDDEN', expect.stringMatching(/^Only a /)]]);
      }
    }
    expect((await t.sql(`SELECT count(*)::int AS n FROM patient`))[0].n).toBe(n);
  });

  it('refuses bad input with field errors and writes nothing', async () => {
    const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM patient`);
    const bad = await t.gql(REGISTER, { i: input('19400101-1234') }, await t.token('annaNurse'));
    expect(expectError(bad, 'BAD_USER_INPUT').extensions.fields).toEqual([{ field: 'i.personnummer', message: expect.any(String) }]);
    const empty = await t.gql(
      REGISTER,
      {
        i: {
          ...input(withCheckDigit('19400101', '321'), 'ENROLLMENT'),
          givenName: ' ',
          nextOfKin: [{ name: '', relation: 'son', phone: 'call me', isRepresentative: false }],
        },
      },
      await t.token('annaNurse'),
    );
    expect(
      expectError(empty, 'BAD_USER_INPUT')
        .extensions.fields!.map((f) => f.field)
        .sort(),
    ).toEqual(['input.givenName', 'input.nextOfKin.0.name', 'input.nextOfKin.0.phone']);
    expect((await t.sql(`SELECT count(*)::int AS n FROM patient`))[0].n).toBe(n);
  });

  it('is refused for roles that do not register patients', async () => {
    for (const who of ['omarRehab', 'saraSocial', 'evaManager', 'perAdmin'] as const) {
      expectError(await t.gql(REGISTER, { i: input(withCheckDigit('19400101', '456'), 'ENROLLMENT') }, await t.token(who)), 'FORBIDDEN');
    }
  });
});

describe('home-healthcare enrollment', () => {
  let patient: string;
  let enrollmentId: string;
  let ids: Record<string, string>;

  beforeAll(async () => {
    const reg = await t.gql(
      REGISTER,
      { i: { personnummer: withCheckDigit('19370303', '111'), purpose: 'ENROLLMENT', givenName: 'Rut', familyName: 'Enroll', nextOfKin: [] } },
      await t.token('annaNurse'),
    );
    patient = reg.data.registerPatient.patientId;
    ids = {
      vc: await t.orgId('vcSjobacken'),
      anna: await t.staffId('annaNurse'),
      erik: await t.staffId('erikGp'),
      nils: await t.staffId('nilsGp'),
      omar: await t.staffId('omarRehab'),
    };
  });

  const enrollInput = () => ({
    patientId: patient,
    primaryCareCentreId: ids.vc,
    namedNurseId: ids.anna,
    namedPhysicianId: ids.erik,
    startDate: '2026-11-20',
    jointHomeVisitDate: '2026-11-21',
  });

  it('refuses a fast läkarkontakt who is not a physician of the named centre, and a named nurse who is not a nurse here, writing nothing', async () => {
    const res = await t.gql(ENROLL, { i: { ...enrollInput(), namedPhysicianId: ids.nils, namedNurseId: ids.omar } }, await t.token('annaNurse'));
    const err = expectError(res, 'BAD_USER_INPUT');
    expect(err.extensions.fields!.map((f) => f.field).sort()).toEqual(['input.namedNurseId', 'input.namedPhysicianId']);
    expect(await t.sql('SELECT 1 FROM home_healthcare_enrollment WHERE patient_id = $1', [patient])).toHaveLength(0);
  });

  it('refuses a role that may not enroll, and a municipality with neither a care relationship nor a registration, as a missing patient', async () => {
    for (const who of ['omarRehab', 'linneaNurse'] as const) {
      const res = await t.gql(ENROLL, { i: enrollInput() }, await t.token(who));
      expect(expectError(res, 'NOT_FOUND').message).toBe('Patient not found');
    }
    // Not a municipality: refused before anything about the patient, the same for any id.
    for (const id of [patient, MISSING]) {
      expect(expectError(await t.gql(ENROLL, { i: { ...enrollInput(), patientId: id } }, await t.token('sofiaNurse')), 'FORBIDDEN').message).toMatch(
        /Only a municipality/,
      );
    }
  });

  it('is open to a municipality for 24 hours after it registered the person, and not on emergency access', async () => {
    const number = withCheckDigit('19370505', '333');
    const id = (
      await t.gql(
        REGISTER,
        { i: { personnummer: number, purpose: 'ENROLLMENT', givenName: 'Late', familyName: 'Enroll', nextOfKin: [] } },
        await t.token('linneaNurse'),
      )
    ).data.registerPatient.patientId;
    await t.sql(
      `UPDATE patient_registration SET registered_at = registered_at - interval '25 hours', expires_at = expires_at - interval '25 hours' WHERE patient_id = $1`,
      [id],
    );
    const habo = {
      patientId: id,
      primaryCareCentreId: await t.orgId('vcEkdalen'),
      namedNurseId: await t.staffId('linneaNurse'),
      namedPhysicianId: await t.staffId('nilsGp'),
      startDate: '2026-11-20',
    };
    expect(expectError(await t.gql(ENROLL, { i: habo }, await t.token('linneaNurse')), 'NOT_FOUND').message).toBe('Patient not found');
    const OPEN = `mutation($i: OpenEmergencyAccessInput!) { openEmergencyAccess(input: $i) { id } }`;
    expect((await t.gql(OPEN, { i: { personnummer: number, reason: 'Medvetslös i hemmet' } }, await t.token('linneaNurse'))).errors).toBeUndefined();
    expect(expectError(await t.gql(ENROLL, { i: habo }, await t.token('linneaNurse')), 'NOT_FOUND').message).toBe('Patient not found');
    expect(await t.sql('SELECT 1 FROM home_healthcare_enrollment WHERE patient_id = $1', [id])).toEqual([]);
  });

  it('enrolls, which gives the primary care centre a care relationship', async () => {
    expectError(await t.gql(PATIENT, { id: patient }, await t.token('erikGp')), 'NOT_FOUND');
    const res = await t.gql(ENROLL, { i: enrollInput() }, await t.token('annaNurse'));
    expect(res.errors).toBeUndefined();
    enrollmentId = res.data.enrollPatient.id;
    expect(res.data.enrollPatient).toMatchObject({ status: 'ACTIVE', namedNurse: { name: 'Anna Nilsson' }, namedPhysician: { name: 'Erik Sjöberg' } });
    const gp = await t.gql(PATIENT, { id: patient }, await t.token('erikGp'));
    expect(gp.data.patient.myAccess.relationships).toEqual(['ENROLLMENT']);
  });

  it('refuses a second active enrollment, also when two arrive at once', async () => {
    expectError(await t.gql(ENROLL, { i: enrollInput() }, await t.token('karinNurse')), 'CONFLICT');
    const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM home_healthcare_enrollment WHERE patient_id = $1`, [patient]);
    expect(n).toBe(1);
    const reg = await t.gql(
      REGISTER,
      { i: { personnummer: withCheckDigit('19370404', '222'), purpose: 'ENROLLMENT', givenName: 'Two', familyName: 'Atonce', nextOfKin: [] } },
      await t.token('annaNurse'),
    );
    const other = reg.data.registerPatient.patientId;
    const results = await Promise.all(
      [t.token('annaNurse'), t.token('karinNurse')].map(async (tk) => t.gql(ENROLL, { i: { ...enrollInput(), patientId: other } }, await tk)),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expectError(
      results.find((r) => r.errors)!,
      'CONFLICT',
    );
    expect((await t.sql(`SELECT count(*)::int AS n FROM home_healthcare_enrollment WHERE patient_id = $1`, [other]))[0].n).toBe(1);
  });

  it('is ended by the primary care centre with a reason; the history stays and the relationship goes', async () => {
    const END = `mutation($i: EndEnrollmentInput!) { endEnrollment(input: $i) { status endDate endReason } }`;
    expectError(await t.gql(END, { i: { enrollmentId, endDate: '2026-11-19', reason: 'x' } }, await t.token('erikGp')), 'BAD_USER_INPUT');
    expectError(await t.gql(END, { i: { enrollmentId, endDate: '2026-11-30', reason: 'x' } }, await t.token('linneaNurse')), 'NOT_FOUND');
    const res = await t.gql(END, { i: { enrollmentId, endDate: '2026-11-30', reason: 'Flyttar till annan kommun' } }, await t.token('erikGp'));
    expect(res.data.endEnrollment).toEqual({ status: 'ENDED', endDate: '2026-11-30', endReason: 'Flyttar till annan kommun' });
    // The relationships ended with the enrollment: the municipality's too (registering gave it none).
    expectError(await t.gql(PATIENT, { id: patient }, await t.token('erikGp')), 'NOT_FOUND');
    expectError(await t.gql(PATIENT, { id: patient }, await t.token('annaNurse')), 'NOT_FOUND');
    // Within the registration's 24 hours the municipality may enroll again; the history stays.
    expect(
      (await t.gql(ENROLL, { i: { ...enrollInput(), startDate: '2026-12-01', jointHomeVisitDate: null } }, await t.token('annaNurse'))).errors,
    ).toBeUndefined();
    const nurse = await t.gql(`query($id: ID!) { patient(id: $id) { enrollments { status } } }`, { id: patient }, await t.token('annaNurse'));
    expect(nurse.data.patient).toEqual({ enrollments: [{ status: 'ACTIVE' }, { status: 'ENDED' }] });
  });
});

describe('care team', () => {
  const ADD = `mutation($i: AddCareTeamMemberInput!) { addCareTeamMember(input: $i) { id organisation { name } reason } }`;
  const REMOVE = `mutation($i: RemoveCareTeamMemberInput!) { removeCareTeamMember(input: $i) { removedAt removalReason } }`;

  it('adding an organisation gives it a care relationship; removing takes it away', async () => {
    const astrid = await patientId(t, 'astrid'); // known to geriatric ward G2 only
    const jkpg = await t.orgId('jonkoping');
    expectError(await t.gql(PATIENT, { id: astrid }, await t.token('annaNurse')), 'NOT_FOUND');
    expectError(await t.gql(ADD, { i: { patientId: astrid, organisationId: jkpg, reason: 'x' } }, await t.token('annaNurse')), 'NOT_FOUND');
    const added = await t.gql(
      ADD,
      { i: { patientId: astrid, organisationId: jkpg, reason: 'Hemsjukvård efter utskrivning' } },
      await t.token('toveDischarge', 'wardGeriatrics'),
    );
    expect(added.data.addCareTeamMember).toMatchObject({ organisation: { name: 'Hemsjukvården Jönköping (demo)' } });
    expectError(
      await t.gql(ADD, { i: { patientId: astrid, organisationId: jkpg, reason: 'again' } }, await t.token('toveDischarge', 'wardGeriatrics')),
      'CONFLICT',
    );
    const read = await t.gql(PATIENT, { id: astrid }, await t.token('annaNurse'));
    expect(read.data.patient.myAccess.relationships).toEqual(['CARE_TEAM']);
    expectError(await t.gql(REMOVE, { i: { memberId: added.data.addCareTeamMember.id, reason: 'x' } }, await t.token('omarRehab')), 'NOT_FOUND');
    const removed = await t.gql(
      REMOVE,
      { i: { memberId: added.data.addCareTeamMember.id, reason: 'Utskriven till annat boende' } },
      await t.token('annaNurse'),
    );
    expect(removed.data.removeCareTeamMember.removalReason).toBe('Utskriven till annat boende');
    expectError(await t.gql(PATIENT, { id: astrid }, await t.token('annaNurse')), 'NOT_FOUND');
  });
});

describe('updating a patient', () => {
  const UPDATE = `mutation($i: UpdatePatientInput!) { updatePatient(input: $i) { phone version } }`;

  it('takes expectedVersion and refuses a stale one with CONFLICT', async () => {
    const gunnar = await patientId(t, 'gunnar');
    const token = await t.token('karinNurse');
    const { version } = (await t.gql(PATIENT, { id: gunnar }, token)).data.patient;
    const [a, b] = await Promise.all([
      t.gql(UPDATE, { i: { patientId: gunnar, expectedVersion: version, phone: '036-11 11 11' } }, token),
      t.gql(UPDATE, { i: { patientId: gunnar, expectedVersion: version, phone: '036-22 22 22' } }, await t.token('erikGp')),
    ]);
    const winners = [a, b].filter((r) => !r.errors);
    const losers = [a, b].filter((r) => r.errors);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(expectError(losers[0], 'CONFLICT').extensions.currentVersion).toBe(version + 1);
    const [row] = await t.sql('SELECT phone, version FROM patient WHERE id = $1', [gunnar]);
    expect(row).toEqual({ phone: winners[0].data.updatePatient.phone, version: version + 1 });
  });
});
