import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { stockholmDate } from '../src/common/calendar';
import { BENCH_ACTOR } from './fixtures';
import { pageSql } from './floor';
import { number } from './lib/args';
import { benchDatabaseName, benchServer, dropDatabase, freshCopy } from './lib/db';
import { auditArgs, seedBenchDatabase } from './seed';
import { loadConfig } from '../src/config/config';
import { freePort } from '../src/database/embedded-postgres';
import { loadFixtures } from './fixtures';
import { waitForHttp } from './lib/http';
import { load, LoadResult } from './lib/load';
import { startService } from './lib/service';
import { CASELOAD_QUERY } from './scenarios';

/**
 * What the access log costs a list read (`npm run bench:audit-cost -- --enrolled 20000 [--audit-years 5 --audit-rows-per-day N] [--iterations 400]`).
 *
 * The caseload's statements as the floor sends them (bench/floor.ts: the page with everything on
 * it, then the audit insert of one row per patient shown, each a named prepared statement), on one
 * connection, against a copy of the region (with its years of log history when asked): each
 * iteration times the read in a transaction of its own, and the read with the insert in one
 * transaction (as the gate does), in alternation, after a warm-up. The answer: what the audit rows
 * add to the database time of a list read. The service's own overhead (HTTP, GraphQL, the gate)
 * comes on top of the read and is not counted here, so the share of a whole request is smaller.
 *
 * Then the same two transactions from `--clients N` connections at once (default 10; 1 skips it),
 * in alternating phases of `--phase-seconds` (default 5), four of each kind: what the log costs the
 * database's throughput when the commits' WAL flushes are shared by concurrent transactions (group
 * commit), as they are under load.
 *
 * Then the whole request (`--service-seconds S`, default 5; 0 skips it): the service's caseload
 * (`myPatients(first: 50)`, as the bench's caseload scenario) against two copies of the region, one
 * as it is and one where a BEFORE INSERT trigger on audit_log drops every row and the id takes no
 * number from its sequence (the statement, its decision and a trigger call per row still run, about
 * 0.1–0.2 ms for 50 rows; the heap, the four indexes, the WAL and the commit's flush do not), in
 * alternating phases at 1 and at 10 clients: what storing the log costs a
 * list read end to end, HTTP, GraphQL, the gate and the access decision included.
 */
async function main() {
  const enrolled = number('enrolled', 20000, 1);
  const seed = number('seed', 42, 1);
  const iterations = number('iterations', 400, 10);
  const first = number('first', 50, 1);
  const clients = number('clients', 10, 1);
  const phaseSeconds = number('phase-seconds', 5, 1);
  const serviceSeconds = number('service-seconds', 5, 0);
  const audit = auditArgs(process.argv);
  const server = await benchServer();
  try {
    await seedBenchDatabase(server.url, enrolled, seed, false, audit);
    const template = benchDatabaseName(enrolled, seed, audit);
    const url = await freshCopy(server.url, template, `${template}_cost`);
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      const actor = (
        await c.query(
          `SELECT s.id AS staff_id, a.id AS assignment_id, o.id AS organisation_id, a.role::text AS role FROM staff s
             JOIN assignment a ON a.staff_id = s.id JOIN organisation o ON o.id = a.organisation_id WHERE s.hsa_id = $1 AND o.hsa_id = $2 LIMIT 1`,
          [BENCH_ACTOR.staffHsaId, BENCH_ACTOR.organisationHsaId],
        )
      ).rows[0] as CostActor;
      const { rows: logRows } = await c.query<{ n: string }>(`SELECT count(*)::text AS n FROM audit_log`);
      const today = stockholmDate(new Date());
      const read = () => readPage(c, actor, first, today);
      const insert = (ids: string[]) => insertAudit(c, actor, ids);
      // The service reads a list and writes its audit rows in one transaction (the gate's): the
      // same here. Without the log, the transaction is the read alone (read-only: its commit writes
      // no WAL); with it, the insert and a commit that flushes WAL. Alternated, after a warm-up.
      const times = { without: [] as number[], with: [] as number[], insert: [] as number[] };
      for (let i = 0; i < iterations + 50; i++) {
        const t0 = performance.now();
        await c.query('BEGIN');
        await read();
        await c.query('COMMIT');
        const t1 = performance.now();
        await c.query('BEGIN');
        const page = (await read()).rows.slice(0, first) as Array<{ id: string }>;
        const t2 = performance.now();
        await insert(page.map((r) => r.id));
        await c.query('COMMIT');
        const t3 = performance.now();
        if (i < 50) continue;
        times.without.push(t1 - t0);
        times.with.push(t3 - t1);
        times.insert.push(t3 - t2);
      }
      const q = (xs: number[], p: number) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
      const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
      const line = (name: string, xs: number[]) => `| ${name} | ${q(xs, 0.5).toFixed(2)} | ${q(xs, 0.95).toFixed(2)} | ${mean(xs).toFixed(2)} |`;
      const { rows: settings } = await c.query<{ name: string; setting: string }>(
        `SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'wal_sync_method') ORDER BY name`,
      );
      process.stdout.write(
        [
          `Region ${enrolled} enrolled${audit ? `, ${audit.years} years of access log at ${audit.rowsPerDay} rows/day` : ''}: ${logRows[0].n} log rows; caseload page of ${first}, ${iterations} iterations on one connection; ${settings.map((x) => `${x.name}=${x.setting}`).join(', ')}.`,
          '',
          '| transaction | p50 ms | p95 ms | mean ms |',
          '|---|---:|---:|---:|',
          line('caseload page, no audit (BEGIN; read; COMMIT)', times.without),
          line(`caseload page with its audit rows (BEGIN; read; insert ${first} rows; COMMIT)`, times.with),
          line('of which the insert and its commit', times.insert),
          '',
          `The audit rows add ${((100 * (mean(times.with) - mean(times.without))) / mean(times.without)).toFixed(1)} % (mean) and ${((100 * (q(times.with, 0.5) - q(times.without, 0.5))) / q(times.without, 0.5)).toFixed(1)} % (p50) to the list read's database time.`,
          '',
        ].join('\n'),
      );
      if (clients > 1) await concurrent(url, clients, phaseSeconds, actor, first, today);
    } finally {
      await c.end();
      await dropDatabase(server.url, `${template}_cost`);
    }
    if (serviceSeconds > 0) await wholeRequest(server.url, template, serviceSeconds);
  } finally {
    await server.stop();
  }
}

type CostActor = { staff_id: string; assignment_id: string; organisation_id: string; role: string };

/** The caseload page as the floor reads it (one row more than shown, for "has a next page"). */
const readPage = (k: Client, actor: CostActor, first: number, today: string) =>
  k.query({ name: 'cost_page', text: pageSql(first + 1), values: [actor.organisation_id, actor.staff_id, today] });

/** The page's audit rows, one per patient shown, in one statement (as the gate writes them). */
const insertAudit = (k: Client, actor: CostActor, ids: string[]) =>
  k.query({
    name: 'cost_audit',
    text: `INSERT INTO audit_log (request_id, staff_id, staff_hsa_id, assignment_id, organisation_id, role, patient_id, operation, purpose)
           SELECT $1, $2, $3, $4, $5, $6, unnest($7::uuid[]), 'myPatients', 'care'`,
    values: [randomUUID(), actor.staff_id, BENCH_ACTOR.staffHsaId, actor.assignment_id, actor.organisation_id, actor.role, ids],
  });

/** Transactions a second from `clients` connections, read alone against read and audit insert, in alternating phases. */
async function concurrent(url: string, clients: number, seconds: number, actor: CostActor, first: number, today: string): Promise<void> {
  const conns = await Promise.all(
    Array.from({ length: clients }, async () => {
      const k = new Client({ connectionString: url });
      await k.connect();
      return k;
    }),
  );
  const tx = async (k: Client, audited: boolean) => {
    await k.query('BEGIN');
    const page = (await readPage(k, actor, first, today)).rows.slice(0, first) as Array<{ id: string }>;
    if (audited)
      await insertAudit(
        k,
        actor,
        page.map((r) => r.id),
      );
    await k.query('COMMIT');
  };
  const phase = async (audited: boolean) => {
    const until = performance.now() + seconds * 1000;
    const counts = await Promise.all(
      conns.map(async (k) => {
        let n = 0;
        while (performance.now() < until) {
          await tx(k, audited);
          n++;
        }
        return n;
      }),
    );
    return counts.reduce((a, b) => a + b, 0) / seconds;
  };
  try {
    await phase(false);
    await phase(true);
    const rates = { without: [] as number[], with: [] as number[] };
    for (let i = 0; i < 4; i++) {
      rates.without.push(await phase(false));
      rates.with.push(await phase(true));
    }
    const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
    const w = mean(rates.without);
    const a = mean(rates.with);
    process.stdout.write(
      [
        `${clients} connections at once, alternating phases of ${seconds} s (four of each kind after one warm-up of each):`,
        '',
        '| transaction | per second (mean of 4 phases) | each phase |',
        '|---|---:|---|',
        `| caseload page, no audit | ${w.toFixed(0)} | ${rates.without.map((x) => x.toFixed(0)).join(', ')} |`,
        `| caseload page with its ${first} audit rows | ${a.toFixed(0)} | ${rates.with.map((x) => x.toFixed(0)).join(', ')} |`,
        '',
        `Under load the audit rows cost ${((100 * (w - a)) / w).toFixed(1)} % of the database's list reads a second (${((1000 / a - 1000 / w) * clients).toFixed(2)} ms more per read at ${clients} at once).`,
        '',
      ].join('\n'),
    );
  } finally {
    await Promise.all(conns.map((k) => k.end()));
  }
}

/**
 * The caseload request through the service, with the log stored and with its rows dropped by a
 * trigger, in alternating phases (a warm-up of each, then four of each) at 1 and 10 clients.
 */
async function wholeRequest(serverUrl: string, template: string, seconds: number): Promise<void> {
  const names = { on: `${template}_svc_on`, off: `${template}_svc_off` };
  const urls = { on: await freshCopy(serverUrl, template, names.on), off: await freshCopy(serverUrl, template, names.off) };
  const off = new Client({ connectionString: urls.off });
  await off.connect();
  // A BEFORE ROW trigger on the partitioned table fires for the partition the row would go to; NULL drops the row.
  // The id's default goes too: nextval writes WAL now and then, and a transaction that wrote WAL waits
  // for its flush at commit, which is part of what is measured.
  await off.query(`ALTER TABLE audit_log ALTER COLUMN id DROP DEFAULT`);
  await off.query(`CREATE FUNCTION bench_audit_dropped() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$`);
  await off.query(`CREATE TRIGGER bench_audit_dropped BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION bench_audit_dropped()`);
  const fx = await loadFixtures(off, loadConfig({ NODE_ENV: 'development' }));
  await off.end();
  const ports = { on: await freePort(), off: await freePort() };
  const services = { on: startService(urls.on, ports.on), off: startService(urls.off, ports.off) };
  try {
    await Promise.all([waitForHttp(`http://127.0.0.1:${ports.on}/health/live`), waitForHttp(`http://127.0.0.1:${ports.off}/health/live`)]);
    const body = JSON.stringify({ query: CASELOAD_QUERY, variables: { first: 50 } });
    const cell = (which: 'on' | 'off', connections: number) =>
      load({ url: `http://127.0.0.1:${ports[which]}/graphql`, token: fx.token, connections, seconds, steps: 1, next: () => [{ body }] });
    const lines: string[] = [];
    for (const connections of [1, 10]) {
      await cell('off', connections);
      await cell('on', connections);
      const runs: Record<'on' | 'off', LoadResult[]> = { on: [], off: [] };
      for (let i = 0; i < 4; i++) {
        runs.off.push(await cell('off', connections));
        runs.on.push(await cell('on', connections));
      }
      const errors = [...runs.on, ...runs.off].reduce((n, r) => n + r.errors, 0);
      if (errors > 0) throw new Error(`the caseload answered ${errors} errors`);
      const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
      const rps = { on: mean(runs.on.map((r) => r.rps)), off: mean(runs.off.map((r) => r.rps)) };
      const p50 = { on: mean(runs.on.map((r) => r.p50)), off: mean(runs.off.map((r) => r.p50)) };
      lines.push(
        `| ${connections} | ${rps.off.toFixed(1)} | ${rps.on.toFixed(1)} | ${((100 * (rps.off - rps.on)) / rps.off).toFixed(1)} % | ${p50.off.toFixed(2)} | ${p50.on.toFixed(2)} | ${((100 * (p50.on - p50.off)) / p50.off).toFixed(1)} % | ${runs.off.map((r) => r.rps.toFixed(0)).join(', ')} / ${runs.on.map((r) => r.rps.toFixed(0)).join(', ')} |`,
      );
    }
    process.stdout.write(
      [
        `The whole caseload request (myPatients(first: 50) through the service), phases of ${seconds} s alternating, four of each after a warm-up of each; "rows dropped": a trigger discards the audit rows (the statement still runs):`,
        '',
        '| clients | req/s, rows dropped | req/s, rows stored | throughput cost | p50 ms, dropped | p50 ms, stored | latency cost | each phase (req/s, dropped / stored) |',
        '|---:|---:|---:|---:|---:|---:|---:|---|',
        ...lines,
        '',
      ].join('\n'),
    );
  } finally {
    services.on.kill('SIGTERM');
    services.off.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
    await dropDatabase(serverUrl, names.on);
    await dropDatabase(serverUrl, names.off);
  }
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
