import 'reflect-metadata';
import { ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { CARE_RELATIONSHIPS_SQL } from '../src/access/care-relationship.sources';
import { signDevToken } from '../src/auth/token.service';
import { loadConfig } from '../src/config/config';
import { freePort } from '../src/database/embedded-postgres';
import { startFloor } from './floor';
import { benchServer } from './lib/db';
import { load, LoadResult } from './lib/load';
import { BENCH_ACTOR, SCENARIOS } from './scenarios';
import { seedBenchDatabase } from './seed';

/**
 * One command for the suite: for each region size, generate (or reuse) the data, start the service,
 * the hand-written floor and PostGraphile on the same database, drive each with the same requests
 * at 1, 10 and 50 concurrent clients, and write the results table.
 */
interface Row {
  enrolled: number;
  scenario: string;
  target: string;
  connections: number;
  r: LoadResult;
  sql: number | null;
}

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}

async function waitForHttp(url: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}

function startService(databaseUrl: string, port: number): ChildProcess {
  return fork(path.resolve('dist/src/main.js'), [], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), NODE_ENV: 'development', LOG_LEVEL: 'warn', DEMO_DATA: 'false', REPORT_SQL_COUNT: 'true' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
}

function startPeer(databaseUrl: string, port: number): ChildProcess {
  return fork(path.resolve('bench/peer-postgraphile.mjs'), [databaseUrl, String(port)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env: { ...process.env, GRAPHILE_ENV: 'production' } });
}

async function preparePeer(databaseUrl: string): Promise<string> {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  await c.query(`CREATE OR REPLACE FUNCTION bench_caseload(org uuid, n int) RETURNS SETOF patient STABLE LANGUAGE sql AS $$
      WITH rel AS (${CARE_RELATIONSHIPS_SQL})
      SELECT p.* FROM patient p WHERE p.id IN (SELECT patient_id FROM rel WHERE organisation_id = org)
       ORDER BY p.family_name, p.given_name, p.id LIMIT n $$`);
  const org = (await c.query('SELECT id FROM organisation WHERE hsa_id = $1', [BENCH_ACTOR.organisationHsaId])).rows[0].id as string;
  await c.end();
  return org;
}

const PEER_CASELOAD = `query Caseload($org: UUID!, $n: Int!) {
  benchCaseload(org: $org, n: $n) { nodes { id personnummer givenName familyName
    homeHealthcareEnrollmentsByPatientId(condition: { status: ACTIVE }) { nodes { startDate staffByNamedNurseId { name } organisationByPrimaryCareId { name } } } } }
}`;

async function main() {
  const sizes = arg('enrolled', '2000,20000').split(',').map(Number);
  const connectionsList = arg('connections', '1,10,50').split(',').map(Number);
  const seconds = Number(arg('duration', '10'));
  const seed = Number(arg('seed', '42'));
  const config = loadConfig({ NODE_ENV: 'development' });
  const token = await signDevToken(config, BENCH_ACTOR, '2h');
  const server = await benchServer();
  const rows: Row[] = [];
  try {
    for (const enrolled of sizes) {
      const seeded = await seedBenchDatabase(server.url, enrolled, seed);
      process.stdout.write(`\n== ${enrolled} enrolled (${seeded.reused ? 'reused' : `generated in ${seeded.seconds.toFixed(0)} s`})\n`);
      const org = await preparePeer(seeded.url);
      const [pService, pFloor, pPeer] = [await freePort(), await freePort(), await freePort()];
      const service = startService(seeded.url, pService);
      const floor = await startFloor(seeded.url, config.auth.devSecret!, config.auth.issuer, config.auth.audience, pFloor);
      const peer = startPeer(seeded.url, pPeer);
      try {
        await waitForHttp(`http://127.0.0.1:${pService}/health/live`);
        await new Promise<void>((resolve) => peer.once('message', () => resolve()));
        for (const sc of SCENARIOS) {
          const targets: Array<{ target: string; url: string; body: string; sql: () => Promise<number | null> }> = [
            { target: 'Esther', url: `http://127.0.0.1:${pService}/graphql`, body: JSON.stringify({ query: sc.query, variables: sc.variables }), sql: async () => null },
            { target: 'floor (pg, hand-written SQL)', url: `http://127.0.0.1:${pFloor}/graphql`, body: JSON.stringify({ query: sc.query, variables: sc.variables }), sql: async () => 3 },
            {
              target: 'PostGraphile 5',
              url: `http://127.0.0.1:${pPeer}/graphql`,
              body: JSON.stringify({ query: PEER_CASELOAD, variables: { org, n: 50 } }),
              sql: async () => null,
            },
          ];
          for (const t of targets) {
            // One request alone first: correctness and SQL statements.
            const one = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: t.body });
            const json = (await one.json()) as { data?: unknown; errors?: unknown; extensions?: { sqlStatements?: number } };
            if (json.errors) throw new Error(`${t.target} answered errors: ${JSON.stringify(json.errors).slice(0, 500)}`);
            let sql = json.extensions?.sqlStatements ?? (await t.sql());
            if (t.target === 'PostGraphile 5') {
              const before = ((await (await fetch(`http://127.0.0.1:${pPeer + 1}/`)).json()) as { statements: number }).statements;
              await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: t.body });
              sql = ((await (await fetch(`http://127.0.0.1:${pPeer + 1}/`)).json()) as { statements: number }).statements - before;
            }
            for (const connections of connectionsList) {
              const r = await load({ url: t.url, body: t.body, headers: { authorization: `Bearer ${token}` }, connections, seconds });
              rows.push({ enrolled, scenario: sc.name, target: t.target, connections, r, sql });
              process.stdout.write(`${sc.name.padEnd(10)} ${t.target.padEnd(30)} c=${String(connections).padEnd(3)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1)} ms  p95 ${r.p95.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  errors ${r.errors}  sql/req ${sql ?? '?'}\n`);
            }
          }
        }
      } finally {
        service.kill('SIGTERM');
        peer.kill('SIGTERM');
        floor.close();
      }
    }
  } finally {
    await server.stop();
  }
  writeReport(rows, { seconds, seed });
}

function writeReport(rows: Row[], opts: { seconds: number; seed: number }): void {
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
  const lines = [`Run ${new Date().toISOString()} on ${machine}; ${opts.seconds} s per cell, seed ${opts.seed}.`, ''];
  lines.push('| enrolled | scenario | target | clients | req/s | p50 ms | p95 ms | p99 ms | errors | SQL/request | vs floor (req/s) | vs PostGraphile (req/s) |');
  lines.push('|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    const same = (target: string) => rows.find((x) => x.enrolled === row.enrolled && x.scenario === row.scenario && x.connections === row.connections && x.target.startsWith(target));
    const floor = same('floor');
    const peer = same('PostGraphile');
    const ratio = (o?: Row) => (o && row.target === 'Esther' ? (row.r.rps / o.r.rps).toFixed(2) : '');
    lines.push(
      `| ${row.enrolled} | ${row.scenario} | ${row.target} | ${row.connections} | ${row.r.rps.toFixed(0)} | ${row.r.p50.toFixed(1)} | ${row.r.p95.toFixed(1)} | ${row.r.p99.toFixed(1)} | ${row.r.errors} | ${row.sql ?? '?'} | ${ratio(floor)} | ${ratio(peer)} |`,
    );
  }
  const table = lines.join('\n') + '\n';
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/latest.md', table);
  const readme = 'bench/README.md';
  if (fs.existsSync(readme)) {
    const src = fs.readFileSync(readme, 'utf8');
    const start = src.indexOf('<!-- results:start -->');
    const end = src.indexOf('<!-- results:end -->');
    if (start >= 0 && end > start) fs.writeFileSync(readme, src.slice(0, start + '<!-- results:start -->'.length) + '\n' + table + src.slice(end));
  }
  process.stdout.write(`\nWrote bench/results/latest.md\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
