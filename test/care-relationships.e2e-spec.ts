import { Client } from 'pg';
import { careRelationshipDdl, CARE_RELATIONSHIP_REBUILD_SQL, CARE_RELATIONSHIP_REFRESH_FUNCTION } from '../src/access/care-relationship';
import { CARE_RELATIONSHIP_SOURCES } from '../src/app/care-relationship.sources';
import { withCheckDigit } from '../src/demo/patients';
import { RELATIONSHIP_DRIFT_SQL } from './helpers/care-relationships';
import { patientId } from './helpers/patients';
import { startTestApp, TestApp } from './helpers/test-app';

/**
 * care_relationship is the materialisation of the care-relationship sources that every access
 * decision and the caseload read. These tests prove the database keeps it equal to its definition:
 * the installed triggers are the ones the current sources generate, every kind of change (through
 * the API, in bulk, concurrently) leaves no drift, and the caseload follows at once.
 */

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const drift = () => t.sql(RELATIONSHIP_DRIFT_SQL);

const CASELOAD = `query($first: Int!, $after: String) { myPatients(first: $first, after: $after) {
  edges { node { id familyName givenName } } pageInfo { hasNextPage endCursor } } }`;

/** The body between the $fn$ quotes of a generated CREATE FUNCTION. */
function bodyOf(statement: string): string {
  return statement.split('$fn$')[1];
}

describe('the installed triggers', () => {
  it('are exactly what the current sources generate (a changed source needs a migration running careRelationshipDdl)', async () => {
    const ddl = careRelationshipDdl(CARE_RELATIONSHIP_SOURCES);
    const functions = ddl.filter((s) => s.startsWith('CREATE OR REPLACE FUNCTION'));
    expect(functions).toHaveLength(3);
    for (const f of functions) {
      const name = /FUNCTION (\w+)\(/.exec(f)![1];
      const [row] = await t.sql<{ prosrc: string }>(`SELECT prosrc FROM pg_proc WHERE proname = $1`, [name]);
      expect(row?.prosrc, `function ${name}`).toBe(bodyOf(f));
    }
    const triggers = await t.sql<{ tgname: string; table: string }>(
      `SELECT tgname, tgrelid::regclass::text AS table FROM pg_trigger WHERE tgname LIKE 'care_relationship%' AND NOT tgisinternal ORDER BY 2, 1`,
    );
    const expected = [
      ...[...new Set(CARE_RELATIONSHIP_SOURCES.map((s) => s.table))].flatMap((table) =>
        ['delete', 'insert', 'update'].map((e) => ({ tgname: `care_relationship_${e}`, table })),
      ),
      { tgname: 'care_relationship_patient_name', table: 'patient' },
    ].sort((a, b) => a.table.localeCompare(b.table) || a.tgname.localeCompare(b.tgname));
    expect(triggers).toEqual(expected);
  });

  it('hold the demo data right, and a full rebuild changes nothing', async () => {
    expect(await drift()).toEqual([]);
    const before = await t.sql(`SELECT * FROM care_relationship ORDER BY organisation_id, patient_id`);
    expect(before.length).toBeGreaterThan(10);
    await t.sql(CARE_RELATIONSHIP_REBUILD_SQL);
    expect(await t.sql(`SELECT * FROM care_relationship ORDER BY organisation_id, patient_id`)).toEqual(before);
  });

  it('detect drift (the check itself can fail)', async () => {
    const client = new Client({ connectionString: t.dbUrl });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query(`DELETE FROM care_relationship WHERE ctid = (SELECT ctid FROM care_relationship LIMIT 1)`);
      expect((await client.query(RELATIONSHIP_DRIFT_SQL)).rows).toHaveLength(1);
      await client.query('ROLLBACK');
    } finally {
      await client.end();
    }
  });
});

describe('changes to the sources', () => {
  it('a bulk insert and a bulk update refresh every patient they touch', async () => {
    const ward = await t.orgId('wardGeriatrics');
    const staff = await t.staffId('toveDischarge');
    const patients = (await t.sql<{ id: string }>(`SELECT id FROM patient ORDER BY id`)).map((r) => r.id);
    await t.sql(
      `INSERT INTO care_team_member (patient_id, organisation_id, reason, added_by_staff_id, added_by_organisation_id)
       SELECT p, $1, 'bulk', $2, $1 FROM unnest($3::uuid[]) p
        WHERE NOT EXISTS (SELECT 1 FROM care_team_member m WHERE m.patient_id = p AND m.organisation_id = $1 AND m.removed_at IS NULL)`,
      [ward, staff, patients],
    );
    expect(await drift()).toEqual([]);
    const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM care_relationship WHERE organisation_id = $1 AND 'CARE_TEAM' = ANY (kinds)`, [ward]);
    expect(n).toBe(patients.length);
    await t.sql(`UPDATE care_team_member SET removed_at = now(), removal_reason = 'bulk' WHERE organisation_id = $1 AND reason = 'bulk'`, [ward]);
    expect(await drift()).toEqual([]);
  });

  it('two transactions changing one patient’s relationships at once leave no stale row', async () => {
    const reg = await t.gql(
      `mutation($i: RegisterPatientInput!) { registerPatient(input: $i) { patientId } }`,
      { i: { personnummer: withCheckDigit('19330505', '101'), purpose: 'ENROLLMENT', givenName: 'Britt', familyName: 'Samtidig', nextOfKin: [] } },
      await t.token('annaNurse'),
    );
    const patient = reg.data.registerPatient.patientId as string;
    const [ward, habo, staff] = [await t.orgId('wardGeriatrics'), await t.orgId('habo'), await t.staffId('toveDischarge')];
    const a = new Client({ connectionString: t.dbUrl });
    const b = new Client({ connectionString: t.dbUrl });
    await Promise.all([a.connect(), b.connect()]);
    try {
      // A adds the ward, B adds Habo, interleaved: B's refresh waits for A, then sees A's row.
      await a.query('BEGIN');
      await b.query('BEGIN');
      await a.query(
        `INSERT INTO care_team_member (patient_id, organisation_id, reason, added_by_staff_id, added_by_organisation_id) VALUES ($1, $2, 'a', $3, $2)`,
        [patient, ward, staff],
      );
      const bDone = b.query(
        `INSERT INTO care_team_member (patient_id, organisation_id, reason, added_by_staff_id, added_by_organisation_id) VALUES ($1, $2, 'b', $3, $2)`,
        [patient, habo, staff],
      );
      await new Promise((r) => setTimeout(r, 200));
      const [{ waiting }] = (await t.sql(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`,
      )) as Array<{ waiting: number }>;
      expect(waiting).toBe(1);
      await a.query('COMMIT');
      await bDone;
      await b.query('COMMIT');
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
    const rows = await t.sql(`SELECT organisation_id FROM care_relationship WHERE patient_id = $1 ORDER BY organisation_id`, [patient]);
    expect(rows.map((r) => r.organisation_id).sort()).toEqual([ward, habo].sort());
    expect(await drift()).toEqual([]);
  });

  it('an enrollment ended and a care-team change at the same moment, through the API, agree with the sources', async () => {
    const vc = await t.orgId('vcSjobacken');
    const [anna, erik] = [await t.staffId('annaNurse'), await t.staffId('erikGp')];
    const ENROLL = `mutation($i: EnrollPatientInput!) { enrollPatient(input: $i) { id } }`;
    const END = `mutation($i: EndEnrollmentInput!) { endEnrollment(input: $i) { status } }`;
    const ADD = `mutation($i: AddCareTeamMemberInput!) { addCareTeamMember(input: $i) { id } }`;
    for (let i = 0; i < 3; i++) {
      const reg = await t.gql(
        `mutation($i: RegisterPatientInput!) { registerPatient(input: $i) { patientId } }`,
        { i: { personnummer: withCheckDigit(`1931060${i + 1}`, '202'), purpose: 'ENROLLMENT', givenName: 'Gun', familyName: `Parallell ${i}`, nextOfKin: [] } },
        await t.token('annaNurse'),
      );
      const patient = reg.data.registerPatient.patientId as string;
      const enrolled = await t.gql(
        ENROLL,
        { i: { patientId: patient, primaryCareCentreId: vc, namedNurseId: anna, namedPhysicianId: erik, startDate: '2026-11-23' } },
        await t.token('annaNurse'),
      );
      // The centre adds the municipality's home help to the care team (a relationship with an author).
      expect(
        (await t.gql(ADD, { i: { patientId: patient, organisationId: await t.orgId('jonkoping'), reason: 'Hemtjänst' } }, await t.token('erikGp'))).errors,
      ).toBeUndefined();
      const [ended, added] = await Promise.all([
        t.gql(END, { i: { enrollmentId: enrolled.data.enrollPatient.id, endDate: '2026-11-30', reason: 'Flyttar' } }, await t.token('erikGp')),
        t.gql(ADD, { i: { patientId: patient, organisationId: await t.orgId('wardGeriatrics'), reason: 'Inlagd' } }, await t.token('annaNurse')),
      ]);
      expect(ended.errors).toBeUndefined();
      expect(added.errors).toBeUndefined();
      expect(await drift()).toEqual([]);
      // The centre's relationship went with the enrollment; Jönköping stays through its care-team row.
      const kinds = await t.sql(`SELECT organisation_id, kinds FROM care_relationship WHERE patient_id = $1`, [patient]);
      expect(kinds.find((k) => k.organisation_id === vc)).toBeUndefined();
    }
  });
});

describe('the caseload', () => {
  it('follows a rename at once and pages by the new name', async () => {
    const token = await t.token('annaNurse');
    const all: Array<{ id: string; familyName: string }> = [];
    let after: string | null = null;
    do {
      const res: any = await t.gql(CASELOAD, { first: 3, after }, token);
      expect(res.errors).toBeUndefined();
      all.push(...res.data.myPatients.edges.map((e: any) => e.node));
      after = res.data.myPatients.pageInfo.hasNextPage ? res.data.myPatients.pageInfo.endCursor : null;
    } while (after);
    expect(all.length).toBeGreaterThan(3);
    const names = all.map((p) => p.familyName ?? '');
    expect(names).toEqual([...names].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    const esther = await patientId(t, 'esther');
    const [{ version }] = await t.sql(`SELECT version FROM patient WHERE id = $1`, [esther]);
    const renamed = await t.gql(
      `mutation($i: UpdatePatientInput!) { updatePatient(input: $i) { familyName } }`,
      { i: { patientId: esther, expectedVersion: version, familyName: 'Aaberg' } },
      token,
    );
    expect(renamed.errors).toBeUndefined();
    const first = await t.gql(CASELOAD, { first: 1 }, token);
    expect(first.data.myPatients.edges[0].node).toMatchObject({ id: esther, familyName: 'Aaberg' });
    const [row] = await t.sql(`SELECT family_name FROM care_relationship WHERE patient_id = $1 LIMIT 1`, [esther]);
    expect(row.family_name).toBe('Aaberg');
  });

  it('refuses a cursor it did not hand out, naming the argument', async () => {
    const token = await t.token('annaNurse');
    for (const after of [
      'not-a-cursor',
      Buffer.from(JSON.stringify(['A', 'B', 'not-a-uuid'])).toString('base64url'),
      Buffer.from(JSON.stringify(['A', 2, '00000000-0000-4000-8000-000000000000'])).toString('base64url'),
    ]) {
      const res = await t.gql(CASELOAD, { first: 2, after }, token);
      expect(res.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'after', message: 'is not a cursor returned by this list' }],
      });
    }
  });

  it('costs the same SQL for 2 or 20 patients', async () => {
    const token = await t.token('annaNurse');
    const small = await t.gql(CASELOAD, { first: 2 }, token);
    const large = await t.gql(CASELOAD, { first: 20 }, token);
    expect(small.data.myPatients.edges).toHaveLength(2);
    expect(large.data.myPatients.edges.length).toBeGreaterThan(2);
    expect(small.extensions?.sqlStatements).toBe(large.extensions?.sqlStatements);
  });
});

describe('the refresh function', () => {
  it('does nothing for an empty or null list', async () => {
    await t.sql(`SELECT ${CARE_RELATIONSHIP_REFRESH_FUNCTION}('{}'::uuid[])`);
    await t.sql(`SELECT ${CARE_RELATIONSHIP_REFRESH_FUNCTION}(NULL)`);
    expect(await drift()).toEqual([]);
  });
});
