import 'reflect-metadata';
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { signDevToken } from '../src/auth/token.service';
import { DEMO_ORGS, DEMO_STAFF } from '../src/demo/region';
import { loadConfig } from '../src/config/config';
import { freePort, startEmbeddedPostgres, withDatabase } from '../src/database/embedded-postgres';
import { COMPARE_QUERY, EXPORT_QUERY, followUpPeriod, INDICATORS_QUERY } from './follow-up-scenarios';
import { load } from './lib/load';
import { waitForHttp } from './lib/http';

/**
 * The joint follow-up at demo scale: the data `npm start` loads into an empty database (two demo
 * municipalities and their centres, eleven patients), in a throwaway embedded PostgreSQL, served by
 * the service as `npm start` runs it. For followUpIndicators of Jönköping (its UNIT_MANAGER and MAS
 * in turn), compareFollowUp and the CSV export, the last 12 months: one request alone (its SQL
 * statements and time), then each at the given numbers of concurrent clients.
 *
 * `npm run build:bench && node dist/bench/follow-up-demo.js --connections 1,10 --duration 10`
 * (the load tool is installed by `npm run bench`). BENCH_SERVICE=<path to main.js> drives another
 * build of the service, as in run.ts.
 */

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}

async function main() {
  const connectionsList = arg('connections', '1,10').split(',').map(Number);
  const seconds = Number(arg('duration', '10'));
  const config = loadConfig({ NODE_ENV: 'development' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esther-demo-bench-'));
  const pg = await startEmbeddedPostgres({ dir, persistent: false });
  const admin = new Client({ connectionString: withDatabase(pg.url, 'postgres') });
  await admin.connect();
  await admin.query('CREATE DATABASE esther_demo_bench');
  await admin.end();
  const url = withDatabase(pg.url, 'esther_demo_bench');
  const port = await freePort();
  const service = fork(path.resolve(process.env.BENCH_SERVICE ?? 'dist/src/main.js'), [], {
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), NODE_ENV: 'development', LOG_LEVEL: 'warn', DEMO_DATA: 'true', REPORT_SQL_COUNT: 'true' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  try {
    await waitForHttp(`http://127.0.0.1:${port}/health/live`);
    const token = (staff: keyof typeof DEMO_STAFF, role: string) =>
      signDevToken(config, { staffHsaId: DEMO_STAFF[staff].hsaId, organisationHsaId: DEMO_ORGS.jonkoping.hsaId, role }, '1h');
    const tokens = [await token('evaManager', 'UNIT_MANAGER'), await token('birgittaMas', 'MAS')];
    const period = followUpPeriod();
    const graphql = `http://127.0.0.1:${port}/graphql`;
    process.stdout.write(`Demo data, ${period.from} – ${period.to}, ${seconds} s per cell\n`);
    for (const [name, query] of [
      ['indicators', INDICATORS_QUERY],
      ['compare', COMPARE_QUERY],
      ['export', EXPORT_QUERY],
    ] as const) {
      const body = JSON.stringify({ query, variables: { period } });
      const t0 = performance.now();
      const res = await fetch(graphql, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[0]}` }, body });
      const json = (await res.json()) as { errors?: unknown; extensions?: { sqlStatements?: number } };
      const alone = performance.now() - t0;
      if (json.errors) throw new Error(`${name}: ${JSON.stringify(json.errors).slice(0, 400)}`);
      process.stdout.write(`${name.padEnd(11)} alone: ${alone.toFixed(1)} ms, ${json.extensions?.sqlStatements ?? '?'} SQL statements\n`);
      for (const connections of connectionsList) {
        let i = 0;
        const next = () => [{ body, token: tokens[i++ % tokens.length] }];
        await load({ url: graphql, token: tokens[0], connections, seconds: Math.min(2, seconds), steps: 1, next });
        const r = await load({ url: graphql, token: tokens[0], connections, seconds, steps: 1, next });
        process.stdout.write(
          `${name.padEnd(11)} c=${String(connections).padEnd(3)} ${r.rps.toFixed(1).padStart(7)} req/s  p50 ${r.p50.toFixed(1)}  p95 ${r.p95.toFixed(1)}  p99 ${r.p99.toFixed(1)} ms  errors ${r.errors}\n`,
        );
      }
    }
  } finally {
    service.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
