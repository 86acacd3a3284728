import { Client } from 'pg';
import { withDatabase } from '../src/database/embedded-postgres';
import { loadConfig } from '../src/config/config';
import { prepared, runPrepared } from '../src/database/raw';
import { expectError, startTestApp, TestApp } from './helpers/test-app';

/*
 * More than one node (docs/SCALING.md). DATABASE_READ_URL: the follow-up's and the log review's
 * reads go to the read database, their audit rows to the primary. The proof: the read database
 * here is a second copy of the same template (same ids) that is then made to differ from the
 * primary, so an answer shows which of the two it was read from. DATABASE_POOLER=transaction: the
 * hot paths (caseload, access decisions, loaders) with every prepared statement sent unnamed.
 */

const server = () => process.env.ESTHER_TEST_SERVER_URL!;

async function admin<T>(db: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: withDatabase(server(), db) });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const INDICATORS = `query($p: FollowUpPeriodInput!) { r: followUpIndicators(period: $p) {
  indicators { code total { value denominator suppressed } } } }`;
const AUDIT = `query { auditLog(first: 100) { edges { node { operation purpose } } } }`;
const PERIOD = { from: '2026-01-01', to: '2026-12-31' };

describe('DATABASE_READ_URL: follow-up and log-review reads on the read database, their audit rows on the primary', () => {
  let t: TestApp;
  let copy: string;

  beforeAll(async () => {
    copy = `esther_read_${process.pid}_${Date.now()}`;
    await admin('postgres', (c) => c.query(`CREATE DATABASE ${copy} TEMPLATE ${process.env.ESTHER_TEST_TEMPLATE}`));
    t = await startTestApp({ DATABASE_READ_URL: withDatabase(server(), copy) });
  });

  afterAll(async () => {
    await t?.close();
    // Closing the app closed the read pool too: no session is left on the read database.
    const left = await admin('postgres', (c) => c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`, [copy]));
    await admin('postgres', (c) => c.query(`DROP DATABASE IF EXISTS ${copy} WITH (FORCE)`));
    expect(left.rows[0].n).toBe(0);
  });

  it('reads the access log from the read database and writes the search’s own audit row to the primary', async () => {
    const manager = await t.token('evaManager');
    const [org, staff] = [await t.orgId('jonkoping'), await t.staffId('evaManager')];
    // A row only the read database has.
    await admin(copy, (c) =>
      c.query(
        `INSERT INTO audit_log (at, request_id, staff_id, staff_hsa_id, assignment_id, organisation_id, role, patient_id, operation, purpose, emergency, outcome)
         SELECT now(), gen_random_uuid(), s.id, s.hsa_id, a.id, a.organisation_id, a.role, NULL, 'onlyOnTheReadDatabase', 'test', false, 'ALLOWED'
           FROM staff s JOIN assignment a ON a.staff_id = s.id WHERE s.id = $1 AND a.organisation_id = $2 LIMIT 1`,
        [staff, org],
      ),
    );
    const res = await t.gql(AUDIT, {}, manager);
    expect(res.errors).toBeUndefined();
    const ops = res.data.auditLog.edges.map((e: { node: { operation: string } }) => e.node.operation);
    expect(ops).toContain('onlyOnTheReadDatabase');
    // The search is logged on the primary, not on the read database.
    expect(await t.sql(`SELECT 1 FROM audit_log WHERE operation = 'auditLog' AND staff_id = $1`, [staff])).toHaveLength(1);
    expect(await t.sql(`SELECT 1 FROM audit_log WHERE operation = 'onlyOnTheReadDatabase'`)).toHaveLength(0);
    const onCopy = await admin(copy, (c) => c.query(`SELECT 1 FROM audit_log WHERE operation = 'auditLog'`));
    expect(onCopy.rows).toHaveLength(0);
  });

  it('computes the follow-up indicators on the read database and logs the call on the primary', async () => {
    const manager = await t.token('evaManager');
    const before = await t.gql(INDICATORS, { p: PERIOD }, manager);
    expect(before.errors).toBeUndefined();
    // The read database loses the indicators' source tables: the same call now fails there
    // (a database error, INTERNAL), which it could not if it were computed on the primary.
    await admin(copy, (c) => c.query('ALTER TABLE home_healthcare_enrollment RENAME TO enrollment_elsewhere'));
    try {
      const after = await t.gql(INDICATORS, { p: PERIOD }, manager);
      expectError(after, 'INTERNAL');
    } finally {
      await admin(copy, (c) => c.query('ALTER TABLE enrollment_elsewhere RENAME TO home_healthcare_enrollment'));
    }
    // One audit row per answered call, on the primary only; the failed read wrote none.
    const staff = await t.staffId('evaManager');
    expect(await t.sql(`SELECT 1 FROM audit_log WHERE operation = 'followUpIndicators' AND staff_id = $1`, [staff])).toHaveLength(1);
    expect((await admin(copy, (c) => c.query(`SELECT 1 FROM audit_log WHERE operation = 'followUpIndicators'`))).rows).toHaveLength(0);
  });

  it('reads a review list on the read database and logs each patient shown on the primary', async () => {
    const mas = await t.token('birgittaMas');
    const q = `query { careTeamChangesForReview(first: 50) { edges { node { id patientId } } } }`;
    const primaryCount = (await t.sql(`SELECT count(*)::int AS n FROM care_team_member`))[0].n as number;
    // The read database forgets the care-team changes: the review shows none, though the primary has them.
    await admin(copy, (c) => c.query('DELETE FROM care_team_member'));
    const res = await t.gql(q, {}, mas);
    expect(res.errors).toBeUndefined();
    expect(res.data.careTeamChangesForReview.edges).toHaveLength(0);
    expect(primaryCount).toBeGreaterThan(0);
    // The empty page is logged (patient null) on the primary.
    const staff = await t.staffId('birgittaMas');
    expect(await t.sql(`SELECT patient_id FROM audit_log WHERE operation = 'careTeamChangesForReview' AND staff_id = $1`, [staff])).toEqual([
      { patient_id: null },
    ]);
  });

  it('reports the read database in readiness: answering, but not a standby (degraded, still ready)', async () => {
    const res = await fetch(`${t.url}/health/ready`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { info?: Record<string, unknown>; details: Record<string, { status: string; replica?: boolean; inRecovery?: boolean }> };
    expect(body.details.readReplica).toMatchObject({ status: 'degraded', replica: true, inRecovery: false });
  });
});

describe('DATABASE_POOLER=transaction: the hot paths with statements unnamed', () => {
  let plain: TestApp;
  let pooled: TestApp;

  /** Runs one of the service's prepared statements in a transaction of the app, and counts the statements then prepared on that session. */
  async function preparedAfterRun(app: TestApp): Promise<number> {
    return app.ds.transaction(async (m) => {
      const rows = await runPrepared<{ id: string }>(m, prepared('SELECT id FROM patient ORDER BY id LIMIT 1'), []);
      expect(rows).toHaveLength(1);
      const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE 'esther_%'`);
      return n as number;
    });
  }

  beforeAll(async () => {
    plain = await startTestApp();
    // A second instance on the same database, as if behind PgBouncer; the direct URL is required with the setting.
    pooled = await startTestApp({ DATABASE_POOLER: 'transaction', DATABASE_DIRECT_URL: plain.dbUrl }, { databaseOf: plain });
  });

  afterAll(async () => {
    await pooled?.close();
    await plain?.close();
  });

  it('prepares no named statement on the session, where the default setting does', async () => {
    expect(await preparedAfterRun(pooled)).toBe(0);
    expect(await preparedAfterRun(plain)).toBeGreaterThan(0);
  });

  it('answers the caseload, a patient and the follow-up through the hot paths unnamed, exactly as with named statements', async () => {
    const nurse = await pooled.token('annaNurse');
    const LIST = `query { myPatients(first: 20) { edges { node { id givenName openTaskCount currentCarePlan { status } } } } }`;
    const list = await pooled.gql(LIST, {}, nurse);
    expect(list.errors).toBeUndefined();
    expect(list.data).toEqual((await plain.gql(LIST, {}, await plain.token('annaNurse'))).data);
    const id = list.data.myPatients.edges[0].node.id as string;
    const ONE = `query($id: ID!) { patient(id: $id) { id givenName careTeam { reason } activeEnrollment { startDate } } }`;
    const one = await pooled.gql(ONE, { id }, nurse);
    expect(one.errors).toBeUndefined();
    expect(one.data).toEqual((await plain.gql(ONE, { id }, await plain.token('annaNurse'))).data);
    const manager = await pooled.token('evaManager');
    const followUp = await pooled.gql(INDICATORS, { p: PERIOD }, manager);
    expect(followUp.errors).toBeUndefined();
    // Still no named statement on any session the checks can see.
    expect(await preparedAfterRun(pooled)).toBe(0);
  });
});

describe('DATABASE_DIRECT_URL: the sessions that outlive a transaction use it', () => {
  let plain: TestApp;
  let split: TestApp;
  const role = 'esther_direct_test';

  beforeAll(async () => {
    plain = await startTestApp();
    // Another login on the same server (a member of the owner, so the migrations check passes),
    // so that pg_stat_activity tells the direct URL's sessions from the pooled ones.
    await admin('postgres', async (c) => {
      await c.query(`DO $$ BEGIN CREATE ROLE ${role} LOGIN PASSWORD 'direct-test' IN ROLE esther; EXCEPTION WHEN duplicate_object THEN NULL; END $$`);
    });
    const direct = new URL(plain.dbUrl);
    direct.username = role;
    direct.password = 'direct-test';
    split = await startTestApp({ DATABASE_POOLER: 'transaction', DATABASE_DIRECT_URL: direct.toString() }, { databaseOf: plain });
  });

  afterAll(async () => {
    await split?.close();
    await plain?.close();
  });

  it('LISTENs on the direct URL, and the pooled data source does not', async () => {
    const db = new URL(plain.dbUrl).pathname.slice(1);
    const sessions = await plain.sql<{ usename: string; application_name: string }>(
      `SELECT usename, application_name FROM pg_stat_activity WHERE datname = $1 AND application_name = 'esther-events' ORDER BY usename`,
      [db],
    );
    // One listener per app: the plain app's as esther, the split app's as the direct URL's role.
    expect(sessions.map((s) => s.usename)).toEqual(['esther', role]);
    // The split app's pooled connections are esther's (DATABASE_URL).
    const pooled = await split.sql<{ u: string }>('SELECT current_user AS u');
    expect(pooled[0].u).toBe('esther');
  });
});

describe('configuration of the database URLs', () => {
  it('names a bad DATABASE_READ_URL or DATABASE_DIRECT_URL, and a pooler without a direct URL', () => {
    expect(() => loadConfig({ DATABASE_READ_URL: 'mysql://replica/db' })).toThrow(/DATABASE_READ_URL: must be a postgres:\/\//);
    expect(() => loadConfig({ DATABASE_DIRECT_URL: 'http://x' })).toThrow(/DATABASE_DIRECT_URL: must be a postgres:\/\//);
    expect(() => loadConfig({ DATABASE_POOLER: 'session' })).toThrow(/DATABASE_POOLER: must be none or transaction/);
    expect(() => loadConfig({ DATABASE_POOLER: 'transaction', DATABASE_URL: 'postgres://bouncer:6432/esther' })).toThrow(
      /DATABASE_DIRECT_URL: is required when DATABASE_POOLER=transaction/,
    );
    const c = loadConfig({
      DATABASE_URL: 'postgres://bouncer:6432/esther',
      DATABASE_DIRECT_URL: 'postgres://primary:5432/esther',
      DATABASE_READ_URL: 'postgres://replica:5432/esther',
      DATABASE_POOLER: 'transaction',
    });
    expect(c).toMatchObject({
      databaseDirectUrl: 'postgres://primary:5432/esther',
      databaseReadUrl: 'postgres://replica:5432/esther',
      databasePooler: 'transaction',
    });
    expect(loadConfig({}).databasePooler).toBe('none');
    expect(loadConfig({}).databaseReadUrl).toBeUndefined();
  });
});
