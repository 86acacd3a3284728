import 'reflect-metadata';
import { ChildProcess, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { loadConfig } from '../src/config/config';
import { freePort } from '../src/database/embedded-postgres';
import { loadFixtures } from './fixtures';
import { FOLLOW_UP_SCENARIOS } from './follow-up-scenarios';
import { arg, number, numbers } from './lib/args';
import { benchDatabaseName, dropDatabase, freshCopy } from './lib/db';
import { waitForHttp } from './lib/http';
import { load, LoadResult } from './lib/load';
import { baseBackup, Bouncer, cluster, ensurePackage, initPrimary, ownedDir, startBouncer, waitUntil } from './lib/pg-cluster';
import { startService } from './lib/service';
import { percentile } from './lib/stats';
import { Scenario, SCENARIOS } from './scenarios';
import { seedBenchDatabase } from './seed';

/**
 * More than one node, with real parts (`npm run bench:scale`, docs/SCALING.md): Debian's
 * PostgreSQL 15 as a primary (.data/scale/primary, WAL level replica) with the region generated into
 * it, a streaming replica made from it with pg_basebackup -R (.data/scale/replica), and Debian's
 * PgBouncer in transaction pooling mode in front of the primary. Then the service:
 *
 *   (a) one instance straight to the primary;
 *   (b) one instance through PgBouncer (DATABASE_POOLER=transaction: statements unnamed);
 *   (c) two instances through PgBouncer, the clients split between them;
 *   (d) the joint follow-up's indicators on an instance with DATABASE_READ_URL = the replica,
 *       against (b) reading the primary;
 *   (e) the SIP published (writes) on both instances, the replica's lag sampled throughout;
 *
 * and, as a check of the reason for (b)'s setting, a short burst of caseload requests on an
 * instance through PgBouncer WITHOUT it (named statements: they fail on PgBouncer 1.18).
 * Writes bench/results/scale.md. Installs pgbouncer and postgresql-15 with apt-get when missing (root).
 *
 * Options: --enrolled 20000 --seed 42 --connections 10,50 --duration 10 --pool 20 --keep
 */

const PG_BIN = process.env.SCALE_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const ROOT = path.resolve('.data/scale');

interface Sample {
  at: number;
  /** Bytes of WAL the primary wrote that the replica has not replayed (pg_stat_replication). */
  bytes: number | null;
  /** The replica's own measure: now() − last replayed transaction, 0 when all received is replayed. */
  lag: number | null;
  /** pg_stat_replication.replay_lag (seconds): the time for a commit on the primary to be replayed. */
  replayLag: number | null;
}

interface Cell {
  group: string;
  scenario: string;
  target: string;
  instances: number;
  connections: number;
  r: LoadResult;
  walBytes: number;
  auditRows: number;
  /** CPU seconds the primary's processes (postmaster, backends, WAL sender, …) used during the cell. */
  primaryCpu: number;
  lag: { maxBytes: number | null; maxLag: number | null; p95ReplayLag: number | null; maxReplayLag: number | null };
}

async function main() {
  const enrolled = numbers('enrolled', '20000')[0];
  const seed = Number(arg('seed', '42'));
  const connectionsList = numbers('connections', '10,50');
  const seconds = number('duration', 10, 1);
  const poolSize = number('pool', 20, 1);
  const keep = process.argv.includes('--keep');
  const started = performance.now();
  const loadBefore = os.loadavg();

  ensurePackage('pgbouncer', 'pgbouncer');
  ensurePackage('pg_basebackup', 'postgresql-15', () => fs.existsSync(path.join(PG_BIN, 'pg_basebackup')));
  ownedDir(ROOT);
  const sockets = ownedDir(path.join(ROOT, 'run'));
  const [pPrimary, pReplica, pBouncer] = [await freePort(), await freePort(), await freePort()];
  // The primary: durable (fsync on, synchronous_commit on), WAL for a streaming replica.
  const settings = {
    max_connections: '300',
    shared_buffers: '512MB',
    wal_level: 'replica',
    max_wal_senders: '5',
    wal_keep_size: '1GB',
    hot_standby: 'on',
    hot_standby_feedback: 'on',
    track_io_timing: 'on',
  };
  const primary = cluster(PG_BIN, 'primary', path.join(ROOT, 'primary'), pPrimary, sockets, settings);
  const replica = cluster(PG_BIN, 'replica', path.join(ROOT, 'replica'), pReplica, sockets, settings);
  const services: ChildProcess[] = [];
  let bouncer: Bouncer | undefined;
  const setup: string[] = [];
  const cells: Cell[] = [];
  let namedFailure: string;
  let work = '';
  try {
    await replica.stop();
    const fresh = await initPrimary(PG_BIN, primary.dir);
    await primary.start();
    const version = (await query(primary.url(), 'SELECT version() AS v'))[0].v as string;
    setup.push(`PostgreSQL: ${version.split(',')[0]}${fresh ? ' (cluster created)' : ''}`);

    // The region, generated once into the primary (the same generator as npm run bench).
    const seeded = await seedBenchDatabase(primary.url(), enrolled, seed);
    const template = benchDatabaseName(enrolled, seed);
    setup.push(
      seeded.reused ? `Region: ${enrolled} enrolled (seed ${seed}), reused` : `Region: ${enrolled} enrolled generated in ${seeded.seconds.toFixed(0)} s`,
    );
    work = `${template}_scale`;
    const workUrl = await freshCopy(primary.url(), template, work);
    const size = (await query(workUrl, 'SELECT pg_size_pretty(pg_database_size(current_database())) AS s'))[0].s as string;
    setup.push(`Database: ${size} (a file copy of the region, fresh each run)`);

    // The replica: a base backup of the whole cluster, streaming from then on.
    const t0 = performance.now();
    await baseBackup(PG_BIN, primary, replica.dir);
    await replica.start();
    await waitUntil(replica.url(work), 'SELECT pg_is_in_recovery() AS ok');
    const clusterSize = (await query(primary.url(), 'SELECT pg_size_pretty(sum(pg_database_size(datname))) AS s FROM pg_database'))[0].s as string;
    setup.push(`Replica: pg_basebackup -R of the whole cluster (${clusterSize}) in ${((performance.now() - t0) / 1000).toFixed(0)} s, then streaming`);

    bouncer = await startBouncer(path.join(ROOT, 'pgbouncer'), pBouncer, primary, poolSize, 1000);
    setup.push(
      `${bouncer.version}: pool_mode=transaction, default_pool_size=${poolSize} (server connections to the primary per database and user, for any number of instances), max_client_conn=1000`,
    );

    const db = new Client({ connectionString: workUrl });
    await db.connect();
    const fx = await loadFixtures(db, loadConfig({ NODE_ENV: 'development' }));
    const pooled = { DATABASE_POOLER: 'transaction', DATABASE_DIRECT_URL: workUrl };
    const start = async (name: string, url: string, env: Record<string, string> = {}) => {
      const port = await freePort();
      const log = fs.openSync(path.join(ROOT, `service-${name}.log`), 'w');
      const child = startService(url, port, { env, output: log });
      services.push(child);
      await waitForHttp(`http://127.0.0.1:${port}/health/live`);
      return { name, port, url: `http://127.0.0.1:${port}/graphql`, child };
    };
    // One at a time: each runs the (already applied) migrations at start.
    const direct = await start('direct', workUrl);
    const viaBouncer1 = await start('bouncer-1', bouncer.url(work), pooled);
    const viaBouncer2 = await start('bouncer-2', bouncer.url(work), pooled);
    const withReplica = await start('replica-reads', bouncer.url(work), { ...pooled, DATABASE_READ_URL: replica.url(work) });

    const ready = (await (await fetch(`http://127.0.0.1:${withReplica.port}/health/ready`)).json()) as { details?: Record<string, unknown> };
    setup.push(`Readiness of the instance with DATABASE_READ_URL: \`${JSON.stringify(ready.details?.readReplica)}\``);

    // Named statements through PgBouncer 1.18 in transaction mode: why DATABASE_POOLER exists.
    {
      const naive = await start('bouncer-named', bouncer.url(work));
      const caseload = SCENARIOS.find((s) => s.name === 'caseload')!;
      const r = await load({ url: naive.url, token: fx.token, connections: 10, seconds: 3, steps: 1, next: await caseload.source(db, fx, cell0(10)) });
      naive.child.kill('SIGTERM');
      const logText = fs.readFileSync(path.join(ROOT, 'service-bouncer-named.log'), 'utf8');
      const why = /prepared statement \\?"[^"\\]+\\?" (does not exist|already exists)/.exec(logText)?.[0] ?? null;
      namedFailure = `Without DATABASE_POOLER=transaction, through PgBouncer (named statements): ${r.requests + r.errors} caseload requests in 3 s at 10 clients, ${r.errors} failed${why ? ` (the service's log: \`${why.replace(/\\"/g, '"')}\`)` : ''}.`;
    }

    const monitor = await Monitor.start(primary.url(work), replica.url(work));
    const measure = async (group: string, sc: Scenario, target: string, urls: string[], connections: number) => {
      const per = urls.map((_, i) => Math.floor(connections / urls.length) + (i < connections % urls.length ? 1 : 0));
      const drive = async (secs: number, salt: string) => {
        const sources = await Promise.all(urls.map((_, i) => sc.source(db, fx, { connections: per[i], seconds: secs, salt: `${salt}-${i}` })));
        return Promise.all(urls.map((url, i) => load({ url, token: fx.token, connections: per[i], seconds: secs, steps: sc.steps ?? 1, next: sources[i] })));
      };
      await drive(Math.min(2, seconds), `warm-${group}-${target}-${connections}`);
      const cpu0 = clusterCpuSeconds(primary.dir);
      const wal0 = await monitor.lsn();
      const at0 = new Date();
      const from = Date.now();
      const parts = await drive(seconds, `cell-${group}-${target}-${connections}`);
      const to = Date.now();
      const primaryCpu = clusterCpuSeconds(primary.dir) - cpu0;
      const walBytes = Number((await query(primary.url(work), `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1) AS b`, [wal0]))[0].b);
      const auditRows = Number((await query(primary.url(work), `SELECT count(*) AS n FROM audit_log WHERE at >= $1`, [at0]))[0].n);
      const r = combine(parts);
      const lag = monitor.window(from, to + 1000);
      cells.push({ group, scenario: sc.name, target, instances: urls.length, connections, r, walBytes, auditRows, primaryCpu, lag });
      process.stdout.write(
        `${group.padEnd(10)} ${sc.name.padEnd(11)} ${target.padEnd(34)} c=${String(connections).padEnd(3)} ${r.rps.toFixed(1).padStart(7)} req/s  p50 ${r.p50.toFixed(0)}  p95 ${r.p95.toFixed(0)} ms  errors ${r.errors}` +
          `  WAL ${(walBytes / 1e6 / r.seconds).toFixed(2)} MB/s  primary CPU ${((primaryCpu * 1000) / Math.max(1, r.rps * r.seconds)).toFixed(1)} ms/req  lag max ${fmt(lag.maxLag, 3)} s\n`,
      );
    };

    const byName = (n: string) => SCENARIOS.find((s) => s.name === n)!;
    for (const sc of [byName('caseload'), byName('overview')]) {
      for (const c of connectionsList) {
        await measure('topology', sc, '(a) 1 instance, direct', [direct.url], c);
        await measure('topology', sc, '(b) 1 instance, PgBouncer', [viaBouncer1.url], c);
        await measure('topology', sc, '(c) 2 instances, PgBouncer', [viaBouncer1.url, viaBouncer2.url], c);
      }
    }
    const indicators = FOLLOW_UP_SCENARIOS.find((s) => s.name === 'indicators')!;
    await measure('follow-up', indicators, 'primary (PgBouncer)', [viaBouncer1.url], 10);
    await measure('follow-up', indicators, 'replica (DATABASE_READ_URL)', [withReplica.url], 10);
    const publish = byName('publish SIP');
    for (const c of connectionsList) await measure('writes', publish, '(c) 2 instances, PgBouncer', [viaBouncer1.url, viaBouncer2.url], c);
    await monitor.stop();
    await db.end();
  } finally {
    for (const s of services) s.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    await bouncer?.stop();
    if (work && !keep) await dropDatabase(primary.url(), work).catch(() => undefined);
    await replica.stop();
    await primary.stop();
  }
  write({ enrolled, seed, seconds, poolSize, setup, cells, namedFailure, loadBefore, minutes: (performance.now() - started) / 60_000 });
}

const TICKS = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;

/**
 * CPU seconds (user + system) of a cluster's processes: the postmaster's own and those of its
 * children that ended (cutime, cstime), and every live child's. Linux /proc only.
 */
function clusterCpuSeconds(dataDir: string): number {
  const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const stat = (p: number | string) => {
    try {
      const text = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
      return { ppid: Number(f[1]), utime: Number(f[11]), stime: Number(f[12]), cutime: Number(f[13]), cstime: Number(f[14]) };
    } catch {
      return null;
    }
  };
  const main = stat(pid);
  if (!main) return NaN;
  let ticks = main.utime + main.stime + main.cutime + main.cstime;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(entry);
    if (s && s.ppid === pid) ticks += s.utime + s.stime;
  }
  return ticks / TICKS;
}

function cell0(connections: number) {
  return { connections, seconds: 3, salt: 'named' };
}

/** Several instances' results as one: requests per second added, the worse percentiles, errors added. */
function combine(parts: LoadResult[]): LoadResult {
  if (parts.length === 1) return parts[0];
  return {
    rps: parts.reduce((s, p) => s + p.rps, 0),
    p50: Math.max(...parts.map((p) => p.p50)),
    p95: Math.max(...parts.map((p) => p.p95)),
    p99: Math.max(...parts.map((p) => p.p99)),
    errors: parts.reduce((s, p) => s + p.errors, 0),
    requests: parts.reduce((s, p) => s + p.requests, 0),
    seconds: Math.max(...parts.map((p) => p.seconds)),
    exhausted: parts.some((p) => p.exhausted),
  };
}

async function query(url: string, sql: string, params: unknown[] = []): Promise<Array<Record<string, unknown>>> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows;
  } finally {
    await c.end();
  }
}

/** Samples the replica's lag every 100 ms, from both ends, for the whole run. */
class Monitor {
  private samples: Sample[] = [];
  private running = true;
  private loop?: Promise<void>;

  private constructor(
    private readonly primary: Client,
    private readonly replica: Client,
  ) {}

  static async start(primaryUrl: string, replicaUrl: string): Promise<Monitor> {
    const p = new Client({ connectionString: primaryUrl });
    const r = new Client({ connectionString: replicaUrl });
    await Promise.all([p.connect(), r.connect()]);
    const m = new Monitor(p, r);
    m.loop = m.run();
    return m;
  }

  async lsn(): Promise<string> {
    return (await this.primary.query<{ l: string }>('SELECT pg_current_wal_lsn()::text AS l')).rows[0].l;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const at = Date.now();
      const [p, r] = await Promise.all([
        this.primary.query<{ bytes: string | null; replay_lag: string | null }>(
          `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::text AS bytes, extract(epoch FROM replay_lag)::text AS replay_lag FROM pg_stat_replication LIMIT 1`,
        ),
        this.replica.query<{ lag: string | null }>(
          `SELECT CASE WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
                       ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END::text AS lag`,
        ),
      ]);
      const num = (v: string | null | undefined) => (v === null || v === undefined ? null : Number(v));
      this.samples.push({ at, bytes: num(p.rows[0]?.bytes), replayLag: num(p.rows[0]?.replay_lag), lag: num(r.rows[0]?.lag) });
      await new Promise((res) => setTimeout(res, Math.max(0, 100 - (Date.now() - at))));
    }
  }

  window(from: number, to: number): Cell['lag'] {
    const s = this.samples.filter((x) => x.at >= from && x.at <= to);
    const max = (xs: Array<number | null>) => {
      const v = xs.filter((x): x is number => x !== null);
      return v.length ? Math.max(...v) : null;
    };
    const replay = s
      .map((x) => x.replayLag)
      .filter((x): x is number => x !== null)
      .sort((a, b) => a - b);
    return {
      maxBytes: max(s.map((x) => x.bytes)),
      maxLag: max(s.map((x) => x.lag)),
      p95ReplayLag: replay.length ? percentile(replay, 95) : null,
      maxReplayLag: replay.length ? replay[replay.length - 1] : null,
    };
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await Promise.all([this.primary.end(), this.replica.end()]);
  }
}

/** The primary's CPU time per request answered, in ms. */
function cpuPerRequest(c: Cell): string {
  return Number.isFinite(c.primaryCpu) ? ((c.primaryCpu * 1000) / Math.max(1, c.r.rps * c.r.seconds)).toFixed(1) : '–';
}

/** Seconds as milliseconds, one decimal. */
function ms(v: number | null): string {
  return v === null ? '–' : (v * 1000).toFixed(1);
}

function fmt(v: number | null, digits = 1): string {
  return v === null || Number.isNaN(v) ? '–' : v.toFixed(digits);
}

function write(o: {
  enrolled: number;
  seed: number;
  seconds: number;
  poolSize: number;
  setup: string[];
  cells: Cell[];
  namedFailure: string;
  loadBefore: number[];
  minutes: number;
}): void {
  const cpu = os.cpus();
  const pgb = spawnSync('pgbouncer', ['--version']).stdout?.toString().split('\n')[0] ?? '';
  const lines: string[] = [
    '# Scaling: instances, PgBouncer, a streaming replica',
    '',
    `Generated by \`npm run bench:scale -- --enrolled ${o.enrolled}\` (bench/scale.ts) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; see docs/SCALING.md for what it means.`,
    '',
    `Machine: ${cpu.length} × ${cpu[0]?.model ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; load average ${o.loadBefore.map((l) => l.toFixed(1)).join(' / ')} before, ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' / ',
      )} after (the machine is shared: other work ran beside this). Everything — PostgreSQL primary and replica, PgBouncer, every service instance and the load client — runs on these ${cpu.length} cores. ${pgb}. ${o.seconds} s per cell after a 2 s warm-up; ${o.minutes.toFixed(1)} min in all.`,
    '',
    ...o.setup.map((s) => `- ${s}`),
    `- ${o.namedFailure}`,
    '',
    '## Throughput by topology (reads)',
    '',
    'Requests per second over all instances; p50/p95 in ms (for two instances, the worse of the two). WAL: what the primary wrote meanwhile (the reads write their audit rows: one per patient shown). Primary CPU: user + system time of the primary’s processes (/proc) per request answered. Lag, sampled every 100 ms: replay_lag from the primary’s pg_stat_replication (the time from a commit on the primary to its replay on the replica), and the replica’s own measure (now − last replayed transaction while it has WAL left to replay; after an idle spell this overstates, since the last replayed transaction is old), the largest sample.',
    '',
    '| scenario | topology | clients | req/s | p50 | p95 | errors | audit rows/s | WAL MB/s | primary CPU ms/req | replay_lag p95 / max (ms) | replica lag max (s) |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const row = (c: Cell) =>
    `| ${c.scenario} | ${c.target} | ${c.connections} | ${c.r.rps.toFixed(1)} | ${fmt(c.r.p50, 0)} | ${fmt(c.r.p95, 0)} | ${c.r.errors} | ${(c.auditRows / c.r.seconds).toFixed(0)} | ${(c.walBytes / 1e6 / c.r.seconds).toFixed(2)} | ${cpuPerRequest(c)} | ${ms(c.lag.p95ReplayLag)} / ${ms(c.lag.maxReplayLag)} | ${fmt(c.lag.maxLag, 3)} |`;
  lines.push(...o.cells.filter((c) => c.group === 'topology').map(row));
  lines.push(
    '',
    '## The joint follow-up: primary or replica',
    '',
    '| scenario | reads on | clients | req/s | p50 | p95 | errors | primary CPU ms/req |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...o.cells
      .filter((c) => c.group === 'follow-up')
      .map(
        (c) =>
          `| ${c.scenario} | ${c.target} | ${c.connections} | ${c.r.rps.toFixed(1)} | ${fmt(c.r.p50, 0)} | ${fmt(c.r.p95, 0)} | ${c.r.errors} | ${cpuPerRequest(c)} |`,
      ),
    '',
    '## Writes and the replica’s lag',
    '',
    'The SIP published (publishCarePlan) on two instances through PgBouncer. Lag sampled every 100 ms: bytes of WAL not yet replayed and replay_lag from the primary’s pg_stat_replication, and the replica’s own measure.',
    '',
    '| scenario | clients | req/s | p95 | errors | audit rows/s | WAL MB/s | WAL per request (kB) | primary CPU ms/req | max bytes behind | replay_lag p95 / max (ms) | replica lag max (s) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...o.cells
      .filter((c) => c.group === 'writes')
      .map(
        (c) =>
          `| ${c.scenario} | ${c.connections} | ${c.r.rps.toFixed(1)} | ${fmt(c.r.p95, 0)} | ${c.r.errors} | ${(c.auditRows / c.r.seconds).toFixed(0)} | ${(c.walBytes / 1e6 / c.r.seconds).toFixed(2)} | ${(c.walBytes / 1e3 / Math.max(1, c.r.rps * c.r.seconds)).toFixed(1)} | ${cpuPerRequest(c)} | ${c.lag.maxBytes === null ? '–' : (c.lag.maxBytes / 1e3).toFixed(0) + ' kB'} | ${ms(c.lag.p95ReplayLag)} / ${ms(c.lag.maxReplayLag)} | ${fmt(c.lag.maxLag, 3)} |`,
      ),
    '',
  );
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/scale.md', lines.join('\n'));
  fs.writeFileSync('bench/results/scale.json', JSON.stringify(o, null, 1));
  process.stdout.write(`\nWrote bench/results/scale.md\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
