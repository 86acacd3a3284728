import { INestApplication, Logger } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { createClient, Client as WsClient } from 'graphql-ws';
import Redis from 'ioredis';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { signDevToken } from '../src/auth/token.service';
import { createApp } from '../src/bootstrap';
import { DEMO_ORGS, DEMO_STAFF, DemoStaffKey } from '../src/demo/region';
import { loadDemoData } from '../src/demo/load';
import { AppConfig, loadConfig } from '../src/config/config';
import { EmbeddedPostgresHandle, freePort, startEmbeddedPostgres, withDatabase } from '../src/database/embedded-postgres';
import { EventBus } from '../src/events/event-bus';
import { InboxEventKind } from '../src/events/inbox-event';
import { pnr } from './helpers/patients';

/**
 * The live inbox survives a database restart. The shared test PostgreSQL must not restart (other
 * files use it at the same time), so this file runs its own, on a fixed port, and stops and starts it.
 */

const SUB = `subscription { inboxEvents { id kind patientId entityId at } }`;
const HANDOVER = `mutation($i: SendHandoverInput!) { sendHandover(input: $i) { id } }`;
const SBAR = { situation: 'Ökad andfåddhet.', background: 'Hjärtsvikt.', assessment: 'Möjlig vätskeansamling.', recommendation: 'Läkarbedömning i dag.' };
const DB = 'esther_recovery';
const REDIS_URL = process.env.ESTHER_TEST_REDIS_URL;

interface Booted {
  app: INestApplication;
  url: string;
  config: AppConfig;
  bus: EventBus;
  closed: boolean;
}

let dir: string;
let port: number;
let pg: EmbeddedPostgresHandle | undefined;
let dbUrl: string;
let a: Booted;
const apps: Booted[] = [];
const clients: WsClient[] = [];
let warn: ReturnType<typeof vi.spyOn>;
let info: ReturnType<typeof vi.spyOn>;
let error: ReturnType<typeof vi.spyOn>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (cond: () => boolean | Promise<boolean>, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!(await cond()) && Date.now() < end) await sleep(50);
  return cond();
};
const messages = (spy: ReturnType<typeof vi.spyOn>) => spy.mock.calls.map((c: unknown[]) => String(c[0]));
const lostLogs = () => messages(warn).filter((m: string) => m.includes('event listener lost its connection') && m.includes('reconnecting'));
const backLogs = () => messages(info).filter((m: string) => m.startsWith('event listener reconnected after'));

const startPostgres = () => startEmbeddedPostgres({ dir: path.join(dir, 'data'), port, persistent: true });

async function admin<T = any>(sql: string, params?: unknown[]): Promise<T[]> {
  const c = new Client({ connectionString: withDatabase(pg!.url, 'postgres') });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

async function boot(env: Record<string, string> = {}): Promise<Booted> {
  const noLimits = { RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_EXPENSIVE_PER_MINUTE: '0', RATE_LIMIT_IP_PER_MINUTE: '0' };
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', DATABASE_URL: dbUrl, ...noLimits, ...env });
  const app = await createApp(config, dbUrl);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const b: Booted = { app, url, config, bus: app.get(EventBus), closed: false };
  apps.push(b);
  return b;
}

async function close(b: Booted): Promise<void> {
  if (b.closed) return;
  b.closed = true;
  await b.app.close();
}

function token(b: Booted, staff: DemoStaffKey): Promise<string> {
  const [org, role] = DEMO_STAFF[staff].assignments[0];
  return signDevToken(b.config, { staffHsaId: DEMO_STAFF[staff].hsaId, organisationHsaId: DEMO_ORGS[org].hsaId, role });
}

async function gql(b: Booted, query: string, variables: Record<string, unknown>, bearer: string) {
  const res = await fetch(`${b.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, ...((await res.json()) as { data?: any; errors?: any[] }) };
}

async function ready(b: Booted): Promise<{ status: number; body: any }> {
  const res = await fetch(`${b.url}/health/ready`);
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    throw new Error(`readiness answered ${res.status} ${text}`);
  }
}

/** A subscriber (graphql-ws, as a browser would connect), with what it received. */
async function subscriber(b: Booted, staff: DemoStaffKey) {
  let opened!: (ok: boolean) => void;
  const connected = new Promise<boolean>((r) => (opened = r));
  const bearer = await token(b, staff);
  const client = createClient({
    url: b.url.replace('http', 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${bearer}` },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
    on: { connected: () => opened(true), closed: () => opened(false) },
  });
  clients.push(client);
  const events: any[] = [];
  const errors: unknown[] = [];
  let closed = false;
  client.subscribe({ query: SUB }, { next: (v) => events.push(v.data?.inboxEvents ?? v), error: (e) => errors.push(e), complete: () => (closed = true) });
  expect(await connected).toBe(true);
  await sleep(300); // the subscription registers on the server
  return { events, errors, isClosed: () => closed };
}

async function ids(b: Booted) {
  const ds = b.app.get<DataSource>(getDataSourceToken());
  const [[esther], [sjobacken]] = await Promise.all([
    ds.query('SELECT id FROM patient WHERE personnummer = $1', [pnr('esther')]),
    ds.query('SELECT id FROM organisation WHERE hsa_id = $1', [DEMO_ORGS.vcSjobacken.hsaId]),
  ]);
  return { esther: esther.id as string, sjobacken: sjobacken.id as string };
}

/** A handover to Vårdcentralen Sjöbacken: Johan (its coordinator) gets a HANDOVER event. */
async function sendHandover(b: Booted): Promise<string> {
  const { esther, sjobacken } = await ids(b);
  const res = await gql(
    b,
    HANDOVER,
    { i: { patientId: esther, receiverOrganisationId: sjobacken, occasion: 'CHANGE_IN_CONDITION', ...SBAR } },
    await token(b, 'annaNurse'),
  );
  expect(res.errors).toBeUndefined();
  return res.data.sendHandover.id;
}

const got = (s: { events: any[] }, entityId: string) => s.events.filter((e) => e.kind === InboxEventKind.HANDOVER && e.entityId === entityId);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esther-recovery-pg-'));
  fs.chmodSync(dir, 0o755); // the postgres system user must reach the data directory
  port = await freePort();
  pg = await startPostgres();
  await admin(`CREATE DATABASE ${DB}`);
  dbUrl = withDatabase(pg.url, DB);
  warn = vi.spyOn(Logger.prototype, 'warn');
  info = vi.spyOn(Logger.prototype, 'log');
  error = vi.spyOn(Logger.prototype, 'error');
  a = await boot(); // migrates
  await loadDemoData(a.app.get<DataSource>(getDataSourceToken()));
});

afterAll(async () => {
  await Promise.allSettled(clients.splice(0).map((c) => c.dispose()));
  for (const b of apps) await close(b).catch(() => undefined);
  await pg?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

describe('the event bus heals after PostgreSQL restarts', () => {
  it('a subscriber connected before the restart gets the next event; readiness fails while the database is away and reports the bus until it is back', async () => {
    expect(a.bus.connectionState()).toMatchObject({ transport: 'postgres', status: 'connected', outages: 0 });
    const before = await subscriber(a, 'johanCoordinator');
    const first = await sendHandover(a);
    expect(await until(() => got(before, first).length === 1, 5000)).toBe(true);
    const warned = lostLogs().length;

    // PostgreSQL stops (fast shutdown: every connection is terminated) for ~4 s.
    const stoppedAt = Date.now();
    await pg!.stop();
    pg = undefined;
    expect(await until(() => a.bus.connectionState().status === 'reconnecting', 5000)).toBe(true);
    const outage = a.bus.connectionState();
    expect(outage.outages).toBe(1);
    expect(outage.since.getTime()).toBeGreaterThanOrEqual(stoppedAt - 1000);

    // Readiness: the database is down, so 503 as before; the body also shows the bus reconnecting since then.
    const down = await ready(a);
    expect(down.status).toBe(503);
    expect(down.body.error.database.status).toBe('down');
    expect(down.body.info.events).toMatchObject({
      status: 'degraded',
      state: 'reconnecting',
      transport: 'postgres',
      since: outage.since.toISOString(),
      outages: 1,
    });

    // A publish while the database is away fails cleanly: logged, never thrown at the request.
    const errorsBefore = messages(error).length;
    await expect(a.bus.publish({ kind: InboxEventKind.HANDOVER, patientId: null, entityId: 'during-outage', organisationIds: [] })).resolves.toBeUndefined();
    expect(messages(error).slice(errorsBefore)).toEqual([expect.stringMatching(/^could not publish HANDOVER event: /)]);

    await sleep(Math.max(0, 4000 - (Date.now() - stoppedAt)));
    pg = await startPostgres();
    const restartedAt = Date.now();

    // The bus comes back by itself within a few seconds, and readiness with it.
    expect(await until(async () => (await ready(a)).status === 200 && a.bus.connectionState().status === 'connected', 12_000)).toBe(true);
    const back = await ready(a);
    expect(back.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, events: { status: 'up', state: 'connected', outages: 1 } } });
    const recoveredMs = Date.now() - restartedAt;
    expect(recoveredMs).toBeLessThan(12_000);

    // The subscriber connected before the restart (same socket) gets the next event; so does one connecting now.
    expect(before.isClosed()).toBe(false);
    const after = await subscriber(a, 'johanCoordinator');
    const next = await sendHandover(a);
    expect(await until(() => got(before, next).length === 1 && got(after, next).length === 1, 5000)).toBe(true);
    expect(before.errors).toEqual([]);
    expect(after.errors).toEqual([]);

    // One warning for the outage (not one per attempt), and one line when it was over.
    expect(lostLogs().length - warned).toBe(1);
    expect(backLogs()).toEqual([expect.stringMatching(/^event listener reconnected after \d+\.\d s; events flow again$/)]);
  });

  it('while only the bus is away, readiness still answers 200 ("degraded") and shows since when', async () => {
    const s = await subscriber(a, 'johanCoordinator');
    await ready(a); // a warm pool connection for the database ping
    // New connections to the database are refused, and the server drops the bus's listener:
    // the database still answers through the open connections, the bus cannot get back.
    await admin(`ALTER DATABASE ${DB} ALLOW_CONNECTIONS false`);
    try {
      const dropped = await admin(
        `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = $1 AND application_name = 'esther-events' AND query LIKE 'LISTEN%'`,
        [DB],
      );
      expect(dropped).toEqual([{ ok: true }]);
      expect(await until(() => a.bus.connectionState().status === 'reconnecting', 5000)).toBe(true);
      await sleep(1200); // some attempts fail
      const degraded = await ready(a);
      expect(degraded.status).toBe(200);
      expect(degraded.body).toMatchObject({
        status: 'degraded',
        info: {
          database: { status: 'up' },
          events: { status: 'degraded', state: 'reconnecting', since: a.bus.connectionState().since.toISOString(), outages: 2 },
        },
        error: {},
      });
      expect(a.bus.connectionState().lastError).toMatch(/not currently accepting connections/);
    } finally {
      await admin(`ALTER DATABASE ${DB} ALLOW_CONNECTIONS true`);
    }
    expect(await until(() => a.bus.connectionState().status === 'connected', 12_000)).toBe(true);
    expect((await ready(a)).body).toMatchObject({ status: 'ok', info: { events: { status: 'up', outages: 2 } } });
    const id = await sendHandover(a);
    expect(await until(() => got(s, id).length === 1, 5000)).toBe(true);
  });

  it('closing the service while the bus is reconnecting leaves no connection and no retry behind', async () => {
    await admin(`ALTER DATABASE ${DB} ALLOW_CONNECTIONS false`);
    try {
      await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'esther-events' AND query LIKE 'LISTEN%'`, [
        DB,
      ]);
      expect(await until(() => a.bus.connectionState().status === 'reconnecting', 5000)).toBe(true);
      await sleep(800);
      await Promise.allSettled(clients.splice(0).map((c) => c.dispose()));
      const started = Date.now();
      await close(a);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(a.bus.connectionState().status).toBe('stopped');
    } finally {
      await admin(`ALTER DATABASE ${DB} ALLOW_CONNECTIONS true`);
    }
    const backBefore = backLogs().length;
    await sleep(2500); // longer than any retry delay so far
    expect(backLogs().length).toBe(backBefore);
    expect(await admin(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE 'esther%'`, [DB])).toEqual([]);
  });
});

describe.runIf(REDIS_URL)('the event bus heals after Redis drops its subscriber', () => {
  it('the subscriber is resubscribed and the next event arrives', async () => {
    const r = await boot({ REDIS_URL: REDIS_URL! });
    expect(r.bus.connectionState()).toMatchObject({ transport: 'redis', status: 'connected', outages: 0 });
    const s = await subscriber(r, 'johanCoordinator');
    const first = await sendHandover(r);
    expect(await until(() => got(s, first).length === 1, 5000)).toBe(true);
    const warned = lostLogs().length;

    // Drop exactly this service's subscriber connection (other files may use the same Redis).
    const redis = new Redis(REDIS_URL!, { lazyConnect: true });
    await redis.connect();
    try {
      const name = `esther_inbox_events:${new URL(dbUrl).host}/${DB}:listen`;
      const list = String(await redis.client('LIST'));
      const mine = list.split('\n').filter((l) => l.includes(` name=${name} `));
      expect(mine).toHaveLength(1);
      const id = /\bid=(\d+)/.exec(mine[0])![1];
      expect(await redis.client('KILL', 'ID', id)).toBe(1);
    } finally {
      redis.disconnect();
    }
    expect(await until(() => r.bus.connectionState().outages === 1 && r.bus.connectionState().status === 'connected', 10_000)).toBe(true);
    expect((await ready(r)).body).toMatchObject({ status: 'ok', info: { events: { status: 'up', transport: 'redis', outages: 1 } } });
    expect(lostLogs().length - warned).toBe(1);

    const next = await sendHandover(r);
    expect(await until(() => got(s, next).length === 1, 5000)).toBe(true);
    expect(s.errors).toEqual([]);
  });
});
