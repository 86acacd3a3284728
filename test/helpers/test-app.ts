import { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { signDevToken } from '../../src/auth/token.service';
import { createApp } from '../../src/bootstrap';
import { DEMO_ORGS, DEMO_STAFF, DemoOrgKey, DemoStaffKey } from '../../src/demo/region';
import { AppConfig, loadConfig } from '../../src/config/config';
import { withDatabase } from '../../src/database/embedded-postgres';
import { assertRelationshipsMaterialised } from './care-relationships';
import { assertFollowUpStateKept } from './follow-up-state';

export interface GqlResult<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; path?: string[]; extensions: { code: string; fields?: Array<{ field: string; message: string }>; [k: string]: unknown } }>;
  extensions?: { sqlStatements?: number };
}

export interface TestApp {
  app: INestApplication;
  url: string;
  ds: DataSource;
  config: AppConfig;
  dbUrl: string;
  /** POST a GraphQL request; `token` is sent as a bearer token when given. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult<T>>;
  /** A dev token for a demo staff member, acting in the given (or their first) assignment. */
  token(staff: DemoStaffKey, org?: DemoOrgKey, role?: string): Promise<string>;
  /** Id of a demo organisation. */
  orgId(org: DemoOrgKey): Promise<string>;
  staffId(staff: DemoStaffKey): Promise<string>;
  sql<T = any>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** Boots the real application on a random port against a fresh database cloned from the template. */
export async function startTestApp(env: Record<string, string> = {}, opts: { databaseOf?: TestApp; logLines?: string[] } = {}): Promise<TestApp> {
  const server = process.env.ESTHER_TEST_SERVER_URL;
  const template = process.env.ESTHER_TEST_TEMPLATE;
  if (!server || !template) throw new Error('test/global-setup.ts did not run');
  // A second instance may share the first one's database (as instances behind a load balancer do).
  const shared = opts.databaseOf;
  const dbName = shared ? new URL(shared.dbUrl).pathname.slice(1) : `esther_t_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: withDatabase(server, 'postgres') });
  await admin.connect();
  for (let attempt = 0; !shared; attempt++) {
    try {
      await admin.query(`CREATE DATABASE ${dbName} TEMPLATE ${template}`);
      break;
    } catch (e) {
      if (attempt > 20) throw e;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  await admin.end();
  const dbUrl = withDatabase(server, dbName);
  // Rate limits are off unless a test turns them on: a test file sends thousands of requests from one address.
  const noLimits = { RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_EXPENSIVE_PER_MINUTE: '0', RATE_LIMIT_IP_PER_MINUTE: '0' };
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', DATABASE_URL: dbUrl, ...noLimits, ...env });
  // With `logLines`, every JSON log line the app writes is collected there (LOG_LEVEL from env).
  const logDestination = opts.logLines ? { write: (line: string) => void opts.logLines!.push(line) } : undefined;
  const app = await createApp(config, dbUrl, { logDestination });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const ds = app.get<DataSource>(getDataSourceToken());
  const orgHsa = (k: DemoOrgKey) => DEMO_ORGS[k].hsaId;

  const t: TestApp = {
    app,
    url,
    ds,
    config,
    dbUrl,
    async gql(query, variables, token) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as Omit<GqlResult, 'status'>;
      return { status: res.status, ...body };
    },
    async token(staff, org, role) {
      const s = DEMO_STAFF[staff];
      const a = s.assignments.find(([o, r]) => (!org || o === org) && (!role || r === role)) ?? s.assignments[0];
      return signDevToken(config, { staffHsaId: s.hsaId, organisationHsaId: orgHsa(org ?? a[0]), role: role ?? a[1] });
    },
    async orgId(org) {
      const rows = await ds.query('SELECT id FROM organisation WHERE hsa_id = $1', [orgHsa(org)]);
      return rows[0].id;
    },
    async staffId(staff) {
      const rows = await ds.query('SELECT id FROM staff WHERE hsa_id = $1', [DEMO_STAFF[staff].hsaId]);
      return rows[0].id;
    },
    sql: (text, params) => ds.query(text, params),
    async close() {
      // Whatever the file did, the materialised care relationships must still equal their sources.
      // So must the follow-up's kept enrollment states.
      const check = shared
        ? null
        : assertRelationshipsMaterialised((q) => ds.query(q), dbName)
            .then(() => assertFollowUpStateKept((q) => ds.query(q), dbName))
            .catch((e: Error) => e);
      const drift = await check;
      await app.close();
      if (shared) return;
      const c = new Client({ connectionString: withDatabase(server, 'postgres') });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await c.end();
      if (drift) throw drift;
    },
  };
  return t;
}

/** Asserts a GraphQL error code and returns the first error. */
export function expectError(res: GqlResult, code: string) {
  expect(res.errors?.map((e) => e.extensions.code)).toContain(code);
  return res.errors!.find((e) => e.extensions.code === code)!;
}
