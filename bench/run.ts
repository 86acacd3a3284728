import 'reflect-metadata';
import { ChildProcess, fork } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { loadConfig } from '../src/config/config';
import { freePort } from '../src/database/embedded-postgres';
import { Fixtures, loadFixtures } from './fixtures';
import { arg, numbers } from './lib/args';
import { benchDatabaseName, benchServer, dropDatabase, freshCopy } from './lib/db';
import { CpuMeter } from './lib/cpu';
import { load, LoadResult, RequestSource } from './lib/load';
import { startService } from './lib/service';
import { waitForHttp } from './lib/http';
import { caseloadRows, PEER_CASELOAD, preparePeer } from './peer-schema';
import { Probe, Row, writeReport } from './report';
import { Scenario, SCENARIOS } from './scenarios';
import { auditArgs, seedBenchDatabase } from './seed';
import { parseProfile } from './generate/region';

/**
 * One command for the suite (`npm run bench`): for each region size, generate the region once (a
 * template database, reused by later runs), start each run on a fresh copy of it, start the service,
 * the hand-written floor and PostGraphile on that copy as separate processes, drive them from this
 * process with the same requests at 1, 10 and 50 concurrent clients, and write the results table.
 *
 * Options: --enrolled 2000,20000 --connections 1,10,50 --duration 10 --seed 42
 *          --scenarios caseload,overview (default: all) --keep (keep the run's copy of the database)
 *          --only-esther (leave out the floor and PostGraphile) --out NAME (write bench/results/NAME.md,
 *          leave latest.md and the README alone: for a before/after run with BENCH_SERVICE)
 *          --audit-years 5 [--audit-rows-per-day 10000] (the region with years of access-log history: bench/generate/audit-history.ts)
 *          --variant NAME:KEY=VALUE[,KEY=VALUE] (a second instance of the service, started with
 *          those environment variables, measured beside the first as "Esther (NAME)", e.g.
 *          `--variant graphql-js:GRAPHQL_EXECUTOR=standard`)
 *          --profile national|region (the shape of the generated region; default: national from 200,000 enrolled)
 */

/** `--variant NAME:KEY=VALUE,…`: the name and the environment of a second service instance. */
function variantOf(spec: string): { name: string; env: Record<string, string> } | null {
  if (!spec) return null;
  const m = /^([\w.-]+):(\w+=[^,]*(?:,\w+=[^,]*)*)$/.exec(spec);
  if (!m) throw new Error('--variant takes NAME:KEY=VALUE[,KEY=VALUE], e.g. graphql-js:GRAPHQL_EXECUTOR=standard');
  return { name: m[1], env: Object.fromEntries(m[2].split(',').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])) };
}

async function waitFor(child: ChildProcess, what: string, ms = 120_000): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not come up`)), ms);
    child.once('exit', (code) => reject(new Error(`${what} exited (${code}) before it was ready`)));
    child.once('message', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

interface Target {
  name: string;
  url: string;
  /** The request this target answers for a scenario's request (the peer speaks its own schema). */
  translate: (body: string) => string;
  /** SQL statements of one request, when the target does not report them itself. */
  statements?: (send: () => Promise<unknown>) => Promise<number>;
  /** The process answering, for its CPU time per request. */
  pid?: number;
}

async function post(url: string, body: string, token: string): Promise<{ json: Record<string, unknown>; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
  const json = (await res.json()) as Record<string, unknown>;
  return { json, ms: performance.now() - t0 };
}

async function main() {
  const sizes = numbers('enrolled', '2000,20000');
  const connectionsList = numbers('connections', '1,10,50');
  const seconds = Number(arg('duration', '10'));
  const seed = Number(arg('seed', '42'));
  const only = arg('scenarios', '');
  const scenarios = only ? SCENARIOS.filter((s) => only.split(',').includes(s.name)) : SCENARIOS;
  const keep = process.argv.includes('--keep');
  const onlyEsther = process.argv.includes('--only-esther');
  const profile = parseProfile(arg('profile', ''));
  const out = arg('out', '');
  const audit = auditArgs(process.argv);
  const variant = variantOf(arg('variant', ''));
  if (out && !/^[a-z0-9-]+$/.test(out)) throw new Error('--out takes a name of lowercase letters, digits and dashes');
  const config = loadConfig({ NODE_ENV: 'development' });
  const started = performance.now();
  const loadBefore = os.loadavg();
  const server = await benchServer();
  const rows: Row[] = [];
  const probes: Probe[] = [];
  const generated: string[] = [];
  try {
    for (const enrolled of sizes) {
      const seeded = await seedBenchDatabase(server.url, enrolled, seed, false, audit, profile);
      const template = benchDatabaseName(enrolled, seed, audit, profile);
      process.stdout.write(`\n== ${enrolled} enrolled (${seeded.reused ? 'region reused' : `region generated in ${seeded.seconds.toFixed(0)} s`})\n`);
      if (!seeded.reused) generated.push(`${enrolled}: ${seeded.seconds.toFixed(0)} s`);
      const url = await freshCopy(server.url, template, `${template}_run`);
      const db = new Client({ connectionString: url });
      await db.connect();
      await preparePeer(db);
      const fx = await loadFixtures(db, config);
      const [pService, pFloor, pPeer] = [await freePort(), await freePort(), await freePort()];
      const service = startService(url, pService);
      const pVariant = variant ? await freePort() : 0;
      const second = variant ? startService(url, pVariant, { env: variant.env }) : null;
      const floor = fork(path.resolve('dist/bench/floor.js'), [url, String(pFloor)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      const peer = fork(path.resolve('bench/peer-postgraphile.mjs'), [url, String(pPeer)], {
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        env: { ...process.env, GRAPHILE_ENV: 'production' },
      });
      try {
        await Promise.all([
          waitForHttp(`http://127.0.0.1:${pService}/health/live`),
          ...(second ? [waitForHttp(`http://127.0.0.1:${pVariant}/health/live`)] : []),
          waitFor(floor, 'the floor'),
          waitFor(peer, 'PostGraphile'),
        ]);
        const peerStatements = async (send: () => Promise<unknown>) => {
          const count = async () => ((await (await fetch(`http://127.0.0.1:${pPeer + 1}/`)).json()) as { statements: number }).statements;
          const before = await count();
          await send();
          return (await count()) - before;
        };
        const esther: Target = { name: 'Esther', url: `http://127.0.0.1:${pService}/graphql`, translate: (b) => b, pid: service.pid };
        const others: Target[] = variant
          ? [{ name: `Esther (${variant.name})`, url: `http://127.0.0.1:${pVariant}/graphql`, translate: (b) => b, pid: second?.pid }]
          : [];
        const compared: Target[] = [
          esther,
          ...others,
          { name: 'floor (pg, hand-written SQL)', url: `http://127.0.0.1:${pFloor}/graphql`, translate: (b) => b, pid: floor.pid },
          {
            name: 'PostGraphile 5',
            url: `http://127.0.0.1:${pPeer}/graphql`,
            translate: (b) => {
              const first = (JSON.parse(b) as { variables: { first: number } }).variables.first;
              return JSON.stringify({ query: PEER_CASELOAD, variables: { org: fx.organisationId, n: first + 1, first } });
            },
            statements: peerStatements,
            pid: peer.pid,
          },
        ];
        // CPU per request of each target's process and of the PostgreSQL server (/proc; null elsewhere).
        const meter = await CpuMeter.of(db);
        for (const sc of scenarios) {
          const targets = sc.compared && !onlyEsther ? compared : [esther, ...others];
          await probe(sc, targets, db, fx, enrolled, probes);
          for (const connections of connectionsList) {
            if (sc.maxConnections && connections > sc.maxConnections) continue;
            for (const t of targets) {
              // Warm up (JIT, pools, caches) without recording, then the measured cell.
              await run(sc, t, db, fx, Math.min(connections, 10), Math.min(2, seconds), `warm-${enrolled}-${connections}`);
              const before = meter?.sample(t.pid) ?? null;
              const r = await run(sc, t, db, fx, connections, seconds, `cell-${enrolled}-${connections}`);
              const cpu = CpuMeter.perRequest(before, meter?.sample(t.pid) ?? null, r.rps * r.seconds);
              const sql = probes.find((p) => p.enrolled === enrolled && p.scenario === sc.name && p.target === t.name)?.statements.at(-1) ?? null;
              rows.push({ enrolled, scenario: sc.name, target: t.name, connections, r, sql, cpu });
              process.stdout.write(
                `${sc.name.padEnd(12)} ${t.name.padEnd(29)} c=${String(connections).padEnd(3)} ${r.rps.toFixed(1).padStart(7)} req/s  p50 ${r.p50.toFixed(1)}  p95 ${r.p95.toFixed(1)}  p99 ${r.p99.toFixed(1)} ms` +
                  `  errors ${r.errors}${cpu ? `  CPU ${cpu.process.toFixed(2)} + ${cpu.postgres.toFixed(2)} ms/req` : ''}${r.exhausted ? `  (pool used up after ${r.seconds.toFixed(1)} s)` : ''}\n`,
              );
            }
          }
        }
      } finally {
        service.kill('SIGTERM');
        second?.kill('SIGTERM');
        peer.kill('SIGTERM');
        floor.kill('SIGTERM');
        await db.end();
        await new Promise((r) => setTimeout(r, 1000));
        if (!keep) await dropDatabase(server.url, `${template}_run`);
      }
    }
  } finally {
    await server.stop();
  }
  const minutes = (performance.now() - started) / 60_000;
  writeReport(rows, probes, {
    seconds,
    seed,
    loadBefore,
    loadAfter: os.loadavg(),
    minutes,
    generated,
    connections: connectionsList,
    sizes,
    service: process.env.BENCH_SERVICE ?? null,
    out: out || null,
  });
}

/** One load cell of a scenario against a target. */
async function run(sc: Scenario, t: Target, db: Client, fx: Fixtures, connections: number, seconds: number, salt: string): Promise<LoadResult> {
  const source = await sc.source(db, fx, { connections, seconds, salt: `${salt}-${t.name}` });
  const next: RequestSource = () => source()?.map((r) => ({ ...r, body: t.translate(r.body) })) ?? null;
  return load({ url: t.url, token: fx.token, connections, seconds, steps: sc.steps ?? 1, next });
}

/**
 * Each scenario's request alone first: it must answer without errors, the SQL statements it costs
 * are recorded (at two list lengths for lists: the count must not grow with the list), and for the
 * caseload the three targets must return the same rows.
 */
async function probe(sc: Scenario, targets: Target[], db: Client, fx: Fixtures, enrolled: number, probes: Probe[]): Promise<void> {
  const steps = sc.steps ?? 1;
  const requests = sc.write ? [{ label: steps > 1 ? `one unit (${steps} requests)` : 'one write', body: '' }] : sc.probe(fx);
  const answers: Array<{ target: string; rows: unknown }> = [];
  for (const t of targets) {
    const statements: number[] = [];
    const ms: number[] = [];
    for (const req of requests) {
      // A write's unit comes from its pool (prepared for one); its statements and time are summed over its requests.
      const unit = sc.write ? (await sc.source(db, fx, { connections: 1, seconds: 0, salt: `probe-${enrolled}` }))()! : [{ body: req.body, token: req.token }];
      let total = 0;
      let elapsed = 0;
      for (const one of unit) {
        const send = () => post(t.url, t.translate(one.body), one.token ?? fx.token);
        let answer: { json: Record<string, unknown>; ms: number } | undefined;
        const counted = t.statements ? await t.statements(async () => (answer = await send())) : null;
        answer ??= await send();
        if (answer.json.errors || !answer.json.data)
          throw new Error(`${sc.name} (${req.label}) on ${t.name} answered errors: ${JSON.stringify(answer.json.errors ?? answer.json).slice(0, 600)}`);
        total += counted ?? (answer.json.extensions as { sqlStatements?: number } | undefined)?.sqlStatements ?? NaN;
        elapsed += answer.ms;
        if (sc.compared && req === requests[requests.length - 1]) answers.push({ target: t.name, rows: caseloadRows(answer.json) });
      }
      statements.push(total);
      ms.push(elapsed);
    }
    probes.push({ enrolled, scenario: sc.name, target: t.name, labels: requests.map((r) => r.label), statements, ms });
  }
  for (const a of answers.slice(1)) {
    if (!isDeepStrictEqual(a.rows, answers[0].rows)) {
      throw new Error(
        `${sc.name}: ${a.target} does not return the same data as ${answers[0].target}:\n${JSON.stringify(a.rows).slice(0, 800)}\n${JSON.stringify(answers[0].rows).slice(0, 800)}`,
      );
    }
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
