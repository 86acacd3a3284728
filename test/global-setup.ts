import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import 'reflect-metadata';
import { Client } from 'pg';
import { loadDemoData } from '../src/demo/load';
import { createDataSource, runMigrations } from '../src/app/data-source';
import { startEmbeddedPostgres, withDatabase } from '../src/database/embedded-postgres';
import globalTeardown from './global-teardown';

/**
 * Starts one PostgreSQL for the whole run (embedded, unless DATABASE_URL names a server) and
 * builds a template database: migrated, with the demo units and staff. Each test file then
 * clones its own database from the template (test/helpers/test-app.ts).
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const external = process.env.DATABASE_URL;
  let serverUrl: string;
  if (external) {
    serverUrl = external;
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esther-test-pg-'));
    fs.chmodSync(dir, 0o755); // the postgres system user must reach the data directory
    // embedded-postgres registers async-exit-hook, whose 'beforeExit' handler ends the process with
    // process.exit(0): that overrode the exit code Vitest sets when a test fails, so a red run
    // exited 0 and CI would have passed it. The teardown below stops PostgreSQL itself, so the
    // hook's 'beforeExit' and 'exit' handlers go (its signal handlers stay, for an interrupted run).
    const listening = { beforeExit: process.listeners('beforeExit'), exit: process.listeners('exit') };
    const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'data'), persistent: false });
    for (const l of process.listeners('beforeExit')) if (!listening.beforeExit.includes(l)) process.removeListener('beforeExit', l);
    for (const l of process.listeners('exit')) if (!listening.exit.includes(l)) process.removeListener('exit', l);
    (globalThis as Record<string, unknown>).__ESTHER_PG__ = { stop: pg.stop, dir };
    serverUrl = pg.url;
  }
  const template = `esther_tpl_${process.pid}`;
  const admin = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  const ds = createDataSource(withDatabase(serverUrl, template), undefined, 2);
  await ds.initialize();
  await runMigrations(ds);
  await loadDemoData(ds);
  await ds.destroy();
  process.env.ESTHER_TEST_SERVER_URL = serverUrl;
  process.env.ESTHER_TEST_TEMPLATE = template;
  if (process.env.TEST_REDIS_URL) process.env.ESTHER_TEST_REDIS_URL = process.env.TEST_REDIS_URL;
  else if (await answers('127.0.0.1', 6379)) process.env.ESTHER_TEST_REDIS_URL = 'redis://127.0.0.1:6379';
  delete process.env.DATABASE_URL; // each test file gets its own database instead
  return globalTeardown;
}

/** Does something listen on host:port? (Redis is optional: its tests run where it answers.) */
function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port, timeout: 300 }, () => {
      s.end();
      resolve(true);
    });
    s.on('error', () => resolve(false));
    s.on('timeout', () => {
      s.destroy();
      resolve(false);
    });
  });
}
