import 'reflect-metadata';
import { ChildProcess, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { signDevToken } from '../src/auth/token.service';
import { AppConfig, loadConfig } from '../src/config/config';
import { freePort } from '../src/database/embedded-postgres';
import { Fixtures, loadFixtures, municipalityNurse, Queryable } from './fixtures';
import { arg, number } from './lib/args';
import { BenchServer, benchDatabaseName, benchServer, dropDatabase, freshCopy } from './lib/db';
import { waitForHttp } from './lib/http';
import { InboxWatch } from './lib/inbox-watch';
import { Answered, answeredChecks, cutOffFates, FailedWrite, failedWriteFates, integrityChecks, WriteIntent, writeLedger, writeTarget } from './lib/integrity';
import { serviceEntry, startService } from './lib/service';
import { Answer, CutOffWrite, Endpoint, MixEntry, SoakDriver, SoakRequest } from './lib/soak-driver';
import { SoakMonitor } from './lib/soak-monitor';
import { ACKNOWLEDGE_SCENARIO, Scenario, SCENARIOS } from './scenarios';
import { seedBenchDatabase } from './seed';
import { PhaseRaw, PhaseSummary, SoakEvent, summarise, writeSoakReport } from './soak-report';

/**
 * Soak and faults (`npm run build:bench && node dist/bench/soak.js`): mixed reads and writes from
 * many concurrent clients for minutes, then the same load through two faults: PostgreSQL stopped
 * and started again (with live inbox subscribers connected before it, and one after), and one of
 * two service instances killed with SIGKILL during a burst of writes. Every write carries an
 * Idempotency-Key; a write cut off on the transport is retried with the same key and body.
 * Each phase runs on its own fresh copy of the generated region; afterwards the database is checked
 * (SIP versions, discharge processes, care relationships, the audit rows and stored writes of
 * everything the service answered, what became of the writes cut off, writes stored twice). Not run by CI.
 *
 * Options: --clients 50 --minutes 10 (the soak) --fault-minutes 4 (each fault; at most --minutes)
 *          --enrolled 20000 --seed 42 --phases soak,db-restart,instance-kill
 *          --db-down 8 (seconds PostgreSQL stays stopped) --restart-after 15 (seconds until the killed
 *          instance is started again; 0: it stays dead) --keep (keep the databases)
 *          --out NAME (write bench/results/NAME.md and .json only, leave the README alone)
 */

const USAGE = `Soak and faults: node dist/bench/soak.js [options]
  --clients 50         concurrent clients
  --minutes 10         the soak phase
  --fault-minutes 4    each fault phase (at most --minutes)
  --enrolled 20000     the generated region (--seed 42)
  --phases soak,db-restart,instance-kill
  --db-down 8          seconds PostgreSQL stays stopped
  --restart-after 15   seconds until the killed instance is started again (0: it stays dead)
  --keep               keep the databases
  --out NAME           write bench/results/NAME.md and .json only, leave bench/README.md alone
`;

const PHASES = ['soak', 'db-restart', 'instance-kill'] as const;
type PhaseName = (typeof PHASES)[number];

/** Whose tokens the clients use: nurses K1…K3 of the four largest municipalities. */
const ACTOR_MUNICIPALITIES = 4;
const NURSES_PER_MUNICIPALITY = 3;

/** Units picked by weight: mostly reads. A round is 20 decisions and completing it, sent in order by one client. */
const MIX: Record<string, number> = { caseload: 20, overview: 30, plan: 20, inbox: 10, 'publish SIP': 6, acknowledge: 6, round: 0.5 };
/** The burst of writes around the kill: writes only. */
const BURST: Record<string, number> = { 'publish SIP': 40, acknowledge: 40, round: 4 };

interface Options {
  clients: number;
  seconds: number;
  faultSeconds: number;
  enrolled: number;
  seed: number;
  phases: PhaseName[];
  dbDownSeconds: number;
  restartAfterSeconds: number;
  /** The service build every phase starts (a copy taken at the start, see serviceSnapshot). */
  entry: string;
  keep: boolean;
  out: string | null;
}

function options(): Options {
  const minutes = number('minutes', 10, 0.25);
  const phases = arg('phases', PHASES.join(',')).split(',') as PhaseName[];
  const unknown = phases.filter((p) => !PHASES.includes(p));
  if (unknown.length) throw new Error(`--phases takes ${PHASES.join(', ')}; not ${unknown.join(', ')}`);
  const out = arg('out', '');
  if (out && !/^[a-z0-9-]+$/.test(out)) throw new Error('--out takes a name of lowercase letters, digits and dashes');
  return {
    clients: Math.round(number('clients', 50, 1)),
    seconds: minutes * 60,
    faultSeconds: number('fault-minutes', Math.min(4, minutes), 0.25) * 60,
    enrolled: Math.round(number('enrolled', 20000, 1)),
    seed: Math.round(number('seed', 42)),
    phases,
    dbDownSeconds: number('db-down', 8, 1),
    restartAfterSeconds: number('restart-after', 15),
    entry: serviceSnapshot(),
    keep: process.argv.includes('--keep'),
    out: out || null,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A copy of the service build (dist/, under .data/soak-service) taken when the run starts, so that
 * every phase, and an instance started again, runs the same code however long the run takes
 * (dist/ is rebuilt by whoever works in the checkout). BENCH_SERVICE is run where it is.
 */
function serviceSnapshot(): string {
  if (process.env.BENCH_SERVICE) return serviceEntry();
  const dist = path.resolve('dist');
  const copy = path.resolve('.data/soak-service/dist');
  fs.rmSync(copy, { recursive: true, force: true });
  fs.cpSync(dist, copy, { recursive: true, filter: (f) => !['bench', 'test'].includes(path.relative(dist, f).split(path.sep)[0]) });
  return path.join(copy, path.relative(dist, serviceEntry()));
}

/** A service instance: its endpoint for the clients, its process (replaced when restarted) and its log file. */
class Instance {
  child: ChildProcess | null = null;
  /** Killed on purpose: its exit is not a failure. */
  killing = false;
  readonly endpoint: Endpoint;

  constructor(
    name: string,
    port: number,
    private readonly url: string,
    private readonly entry: string,
    readonly logPath: string,
    private readonly onExit: (what: string) => void,
  ) {
    this.endpoint = { name, port, up: true, agent: new http.Agent({ keepAlive: true, maxSockets: 256 }) };
  }

  async start(): Promise<void> {
    const fd = fs.openSync(this.logPath, 'a');
    const child = startService(this.url, this.endpoint.port, { output: fd, entry: this.entry });
    fs.closeSync(fd);
    this.child = child;
    this.killing = false;
    child.once('exit', (code, signal) => {
      if (this.child === child) this.child = null;
      if (!this.killing) this.onExit(`${this.endpoint.name} (pid ${child.pid}) exited with ${signal ?? `code ${code}`}`);
    });
    await waitForHttp(`http://127.0.0.1:${this.endpoint.port}/health/ready`);
    this.endpoint.up = true;
  }

  kill(signal: NodeJS.Signals): void {
    this.killing = true;
    this.child?.kill(signal);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.killing = true;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    if ((await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)])) === false) child.kill('SIGKILL');
    this.endpoint.agent.destroy();
  }
}

/** Who sends what: the fixtures of each municipality's first nurse, and a token for each of its nurses. */
interface Actors {
  /** Fixtures of nurse K1 of each municipality (its caseload, plans, rounds …). */
  fixtures: Fixtures[];
  /** Every nurse's token with the fixtures of its municipality. */
  nurses: Array<{ fx: Fixtures; token: string }>;
}

async function loadActors(db: Queryable, config: AppConfig): Promise<Actors> {
  const fixtures: Fixtures[] = [];
  const nurses: Actors['nurses'] = [];
  for (let m = 1; m <= ACTOR_MUNICIPALITIES; m++) {
    const fx = await loadFixtures(db, config, municipalityNurse(m));
    fixtures.push(fx);
    for (let k = 1; k <= NURSES_PER_MUNICIPALITY; k++)
      nurses.push({ fx, token: k === 1 ? fx.token : await signDevToken(config, municipalityNurse(m, k), '4h') });
  }
  return { fixtures, nurses };
}

const scenario = (name: string): Scenario => {
  const s = [...SCENARIOS, ACKNOWLEDGE_SCENARIO].find((x) => x.name === name);
  if (!s) throw new Error(`no scenario ${name}`);
  return s;
};

const oneOf = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)];

/**
 * The mix's sources, from the bench scenarios: reads as any of the nurses (each with its
 * municipality's patients), SIPs published and messages acknowledged by nurses of every
 * municipality (the prepared pools), rounds held by each municipality's first nurse. A request
 * without its own token is sent with its actor's.
 */
async function mixSources(
  db: Queryable,
  actors: Actors,
  cell: { connections: number; seconds: number; salt: string },
): Promise<Map<string, () => SoakRequest[] | null>> {
  const sources = new Map<string, () => SoakRequest[] | null>();
  const label = (name: string, i: number, n: number) => (name === 'round' ? (i < n - 1 ? 'round decision' : 'complete round') : name);
  const from = async (name: string, who: Array<{ fx: Fixtures; token: string }>) => {
    const made = await Promise.all(
      who.map(async (w) => ({ token: w.token, next: await scenario(name).source(db, w.fx, { ...cell, salt: `${cell.salt}-${name}-${w.fx.organisationId}` }) })),
    );
    sources.set(name, () => {
      const s = oneOf(made);
      const unit = s.next();
      return (
        unit &&
        unit.map((r, i) => {
          const l = label(name, i, unit.length);
          return { label: l, body: r.body, token: r.token ?? s.token, idempotent: WRITES.has(l) };
        })
      );
    });
  };
  for (const name of ['caseload', 'overview', 'plan', 'inbox']) await from(name, actors.nurses);
  const first = actors.fixtures[0];
  await from('publish SIP', [{ fx: first, token: first.token }]);
  await from('acknowledge', [{ fx: first, token: first.token }]);
  await from(
    'round',
    actors.fixtures.map((fx) => ({ fx, token: fx.token })),
  );
  return sources;
}

function mixOf(weights: Record<string, number>, sources: Map<string, () => SoakRequest[] | null>): MixEntry[] {
  return Object.entries(weights).map(([name, weight]) => ({ name, weight, next: sources.get(name)! }));
}

const WRITES = new Set(['publish SIP', 'acknowledge', 'round decision', 'complete round']);

interface Collector {
  answered: Answered;
  failed: FailedWrite[];
  /** Every write sent, with its key and target (for the ledger: keys and changes stored, duplicates). */
  intents: WriteIntent[];
  /** When (ms since the load started) a write that sends a live inbox event was answered: a SIP published, a decision creating a task. */
  eventSources: number[];
  onAnswer: (a: Answer) => void;
  onFailure: (r: SoakRequest, outcome: string) => void;
  onWrite: (r: SoakRequest, key: string) => void;
  organisationOf: (token: string) => string | null;
}

/**
 * What the clients were answered, for the checks afterwards: patient-bound requests (lists only
 * when they listed someone), published versions, decisions; the writes that failed; every write
 * sent. An answer replayed to a retry wrote nothing: its audit rows are the first request's.
 */
function collector(actors: Actors, now: () => number): Collector {
  const answered: Answered = { patientBound: [], published: [], decisions: [] };
  const failed: FailedWrite[] = [];
  const intents: WriteIntent[] = [];
  const eventSources: number[] = [];
  const organisationOf = new Map<string, string>();
  for (const fx of actors.fixtures) for (const [org, token] of fx.municipalityTokens) organisationOf.set(token, org);
  for (const n of actors.nurses) organisationOf.set(n.token, n.fx.organisationId);
  const listed = (v: unknown) => ((v as { edges?: unknown[] } | null)?.edges?.length ?? 0) > 0;
  const variables = (r: SoakRequest) => (JSON.parse(r.body) as { variables: Record<string, unknown> }).variables;
  return {
    answered,
    failed,
    intents,
    eventSources,
    organisationOf: (token) => organisationOf.get(token) ?? null,
    onWrite: (r, key) => intents.push({ label: r.label, key, target: writeTarget(r.label, variables(r), organisationOf.get(r.token) ?? null) }),
    onFailure: (r, outcome) => {
      if (WRITES.has(r.label)) failed.push({ label: r.label, outcome, variables: variables(r), organisationId: organisationOf.get(r.token) ?? null });
    },
    onAnswer: ({ label, requestId, json, replayed }) => {
      const d = json.data ?? {};
      const published = d.publishCarePlan as { id: string; publishedVersionNumber: number } | undefined;
      if (published) answered.published.push({ carePlanId: published.id, number: published.publishedVersionNumber });
      const decision = d.recordDecision as { id: string; task?: unknown } | undefined;
      if (decision) answered.decisions.push(decision.id);
      if (!replayed && (published || decision?.task)) eventSources.push(now());
      if (replayed) return; // the first request's audit rows are checked with the writes cut off
      if (label === 'complete round') return; // a round, not a patient: no audit row
      if (label === 'caseload' && !listed(d.myPatients)) return;
      if (label === 'inbox' && !listed(d.dischargeInbox)) return;
      answered.patientBound.push({ requestId, label });
    },
  };
}

interface LogLine {
  level?: number;
  msg?: string;
  /** TypeORM's logger puts its text here. */
  message?: string;
  err?: string | { message?: string };
}

/** Warn and error lines of a service log (pino JSON), by message. */
function readLog(file: string): PhaseRaw['logs'][string] {
  const counts = new Map<string, number>();
  const stderrHeads = new Map<string, number>();
  let errors = 0;
  let warnings = 0;
  let other = 0;
  for (const line of fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : []) {
    if (!line.trim()) continue;
    let entry: LogLine;
    try {
      entry = JSON.parse(line) as LogLine;
    } catch {
      // Not the service's JSON log: something printed to stderr (a stack trace); counted by its first line.
      other++;
      // Apollo prints an error thrown by a plugin hook (the cause of an INTERNAL 500) as "Unexpected error processing request: …".
      const head = /^(\w*(?:Error|Exception)\b.*|Unexpected error processing request: .*)/.exec(line)?.[1];
      if (head) stderrHeads.set(head.slice(0, 160), (stderrHeads.get(head.slice(0, 160)) ?? 0) + 1);
      continue;
    }
    const level = entry.level ?? 0;
    if (level >= 50) errors++;
    else if (level >= 40) warnings++;
    else continue;
    const err = typeof entry.err === 'string' ? entry.err : entry.err?.message;
    const msg = [entry.msg, entry.message, err].filter(Boolean).join(': ').slice(0, 160);
    counts.set(msg, (counts.get(msg) ?? 0) + 1);
  }
  const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 5);
  return { errors, warnings, other, top: top(counts), stderr: top(stderrHeads) };
}

interface PhaseContext {
  driver: SoakDriver;
  instances: Instance[];
  server: BenchServer;
  event: (kind: SoakEvent['kind'], what: string) => void;
  normal: MixEntry[];
  burst: MixEntry[];
  o: Options;
  /** Live inbox subscribers (the database restart), and the token of the one connected after it. */
  inbox: { watch: InboxWatch; lateToken: string; lateName: string } | null;
}

/** Live inbox subscribers connected before the fault: nurse K2 of each actor municipality (they receive CARE_PLAN_CHANGED of their patients' published SIPs and TASK_ASSIGNED of their rounds' decisions). */
const SUBSCRIBING_NURSE = 2;
/** The subscriber connected after the restart: nurse K3 of the first municipality (compare with K2 of the same municipality). */
const LATE_SUBSCRIBING_NURSE = 3;

/**
 * PostgreSQL stopped (fast shutdown: every connection cut) at 40 % of the phase, at most at minute
 * 2, and started again after --db-down seconds; then a new live inbox subscriber connects (a
 * refused connection is tried again every second, for a minute).
 */
async function databaseRestart({ driver, server, event, o, inbox, instances }: PhaseContext): Promise<void> {
  if (!server.outage) throw new Error('the database restart needs the embedded PostgreSQL (BENCH_DATABASE_URL is set)');
  await driver.until(Math.min(120, 0.4 * o.faultSeconds) * 1000);
  event('db-stop', 'PostgreSQL stopped (fast shutdown)');
  await server.outage.down();
  event('db-stopped', 'PostgreSQL is down');
  await sleep(o.dbDownSeconds * 1000);
  event('db-start', 'PostgreSQL starting');
  await server.outage.up();
  event('db-started', 'PostgreSQL accepts connections again');
  if (inbox) {
    const s = await inbox.watch.connect(inbox.lateName, 'after', instances[0].endpoint.port, inbox.lateToken, 60);
    const refused = s.attempts.filter((a) => a.outcome !== 'connected');
    event(
      'subscribed',
      s.connectedAt !== null
        ? `live inbox subscriber ${s.name} connected${refused.length ? ` after ${refused.length} refused attempts (${[...new Set(refused.map((a) => a.outcome))].join('; ')})` : ''}`
        : `live inbox subscriber ${s.name} could not connect in ${s.attempts.length} attempts (${[...new Set(refused.map((a) => a.outcome))].join('; ')})`,
    );
  }
}

/** A burst of writes from 3 s before the kill to 7 s after it; instance b killed with SIGKILL at half the phase (at most minute 2), started again after --restart-after seconds. */
async function instanceKill({ driver, instances, event, normal, burst, o }: PhaseContext): Promise<void> {
  const at = Math.min(120, 0.5 * o.faultSeconds) * 1000;
  const victim = instances[1];
  await driver.until(at - 3000);
  driver.setMix(burst);
  event('burst-start', 'burst of writes begins (publish SIP, acknowledge, round decisions only)');
  await driver.until(at);
  const inFlight = driver.inFlight(victim.endpoint.name);
  victim.kill('SIGKILL');
  event(
    'kill',
    `${victim.endpoint.name} killed with SIGKILL (pid ${victim.child?.pid}); requests in flight on it: ${
      inFlight.length
        ? Object.entries(count(inFlight))
            .map(([l, n]) => `${n} ${l}`)
            .join(', ')
        : 'none'
    }`,
  );
  await driver.until(at + 7000);
  driver.setMix(normal);
  event('burst-end', 'burst of writes ends');
  if (o.restartAfterSeconds > 0) {
    await driver.until(at + o.restartAfterSeconds * 1000);
    event('restart', `${victim.endpoint.name} started again`);
    await victim.start();
    event('restarted', `${victim.endpoint.name} ready again`);
  }
}

/** A write cut off and retried, as the checks take it. */
function retriedWrite(w: CutOffWrite, organisationId: string | null) {
  const last = w.attempts.at(-1);
  return {
    label: w.label,
    key: w.key,
    variables: w.variables,
    organisationId,
    requestId: w.requestId,
    firstRetryWall: w.attempts[0]?.wall ?? null,
    result: w.result,
    last: last ? last.outcome : 'no retry',
  };
}

function count(labels: string[]): Record<string, number> {
  const c: Record<string, number> = {};
  for (const l of labels) c[l] = (c[l] ?? 0) + 1;
  return c;
}

const TITLES: Record<PhaseName, string> = {
  soak: 'Soak',
  'db-restart': 'Fault 1: PostgreSQL restarted',
  'instance-kill': 'Fault 2: one of two instances killed',
};

async function runPhase(name: PhaseName, server: BenchServer, template: string, config: AppConfig, o: Options): Promise<PhaseSummary> {
  const seconds = name === 'soak' ? o.seconds : o.faultSeconds;
  const database = `${template}_soak`;
  process.stdout.write(`\n== ${TITLES[name]}: ${o.clients} clients, ${(seconds / 60).toFixed(1)} min\n`);
  const url = await freshCopy(server.url, template, database);
  const db = new Pool({ connectionString: url, max: 4 });
  db.on('error', () => undefined); // idle connections cut by the database restart; the next query opens a new one
  const logDir = path.resolve('.data/soak-logs');
  fs.mkdirSync(logDir, { recursive: true });
  const events: SoakEvent[] = [];
  let driver: SoakDriver | null = null;
  const event = (kind: SoakEvent['kind'], what: string) => {
    const e = { t: driver?.now() ?? 0, kind, what };
    events.push(e);
    process.stdout.write(`  ${(e.t / 1000).toFixed(1).padStart(6)} s  ${what}\n`);
  };
  const instances: Instance[] = [];
  try {
    const before = await integrityChecks(db);
    const actors = await loadActors(db, config);
    const sources = await mixSources(db, actors, { connections: o.clients, seconds, salt: name });
    for (const n of name === 'instance-kill' ? ['a', 'b'] : ['a']) {
      const logPath = path.join(logDir, `${name}-${n}.log`);
      fs.rmSync(logPath, { force: true });
      instances.push(new Instance(n, await freePort(), url, o.entry, logPath, (what) => event('exit', what)));
    }
    await Promise.all(instances.map((i) => i.start()));
    const collected = collector(actors, () => driver?.now() ?? 0);
    const { answered, failed, onAnswer, onFailure, onWrite } = collected;
    const normal = mixOf(MIX, sources);
    const since = (await db.query<{ now: Date }>('SELECT now()')).rows[0].now;
    driver = new SoakDriver({
      clients: o.clients,
      seconds,
      endpoints: instances.map((i) => i.endpoint),
      mix: normal,
      requestIdPrefix: `soak-${name}-${Date.now().toString(36)}`,
      onAnswer,
      onFailure,
      onWrite,
      retryCutOff: true,
    });
    const d = driver;
    let inbox: PhaseContext['inbox'] = null;
    if (name === 'db-restart') {
      // Connected before the load starts (their t is the driver's, which starts with the load: negative until then).
      const watch = new InboxWatch(() => (d.t0 ? d.now() : 0));
      for (const fx of actors.fixtures.slice(0, ACTOR_MUNICIPALITIES)) {
        const m = actors.fixtures.indexOf(fx) + 1;
        const s = await watch.connect(
          `nurse ${m}K${SUBSCRIBING_NURSE}`,
          'before',
          instances[0].endpoint.port,
          await signDevToken(config, municipalityNurse(m, SUBSCRIBING_NURSE), '4h'),
          5,
        );
        if (s.connectedAt === null)
          process.stdout.write(`  live inbox subscriber ${s.name} could not connect: ${s.attempts.map((a) => a.outcome).join('; ')}\n`);
      }
      inbox = {
        watch,
        lateToken: await signDevToken(config, municipalityNurse(1, LATE_SUBSCRIBING_NURSE), '4h'),
        lateName: `nurse 1K${LATE_SUBSCRIBING_NURSE}`,
      };
    }
    const monitor = new SoakMonitor(
      instances.map((i) => ({ endpoint: i.endpoint, pid: () => i.child?.pid })),
      () => d.now(),
    );
    monitor.start();
    const progress = setInterval(() => {
      const recent = d.samples.filter((s) => s.t > d.now() - 10_000);
      process.stdout.write(
        `  ${(d.now() / 1000).toFixed(0).padStart(6)} s  ${(recent.length / 10).toFixed(0)} req/s, ${recent.filter((s) => s.outcome !== 'ok').length} errors in the last 10 s\n`,
      );
    }, 30_000);
    const ctx: PhaseContext = { driver, instances, server, event, normal, burst: mixOf(BURST, sources), o, inbox };
    await driver.run(async () => {
      if (name === 'db-restart') await databaseRestart(ctx);
      if (name === 'instance-kill') await instanceKill(ctx);
    });
    clearInterval(progress);
    monitor.stop();
    await inbox?.watch.stop();
    const listeners = Number(
      (
        await db.query(
          `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'esther-events' AND query ILIKE 'LISTEN%'`,
        )
      ).rows[0].n,
    );
    const running = instances.filter((i) => i.child).length;
    for (const i of instances) await i.stop();
    process.stdout.write('  checking the database …\n');
    const after = await integrityChecks(db);
    const raw: PhaseRaw = {
      name,
      title: TITLES[name],
      clients: o.clients,
      seconds,
      instances: instances.map((i) => i.endpoint.name),
      samples: driver.samples,
      events,
      readiness: monitor.changes,
      polls: Object.fromEntries([...monitor.polls].map(([i, c]) => [i, Object.fromEntries(c)])),
      rss: monitor.rss,
      load: monitor.load,
      before,
      after,
      answered: await answeredChecks(db, answered),
      failedWrites: await failedWriteFates(db, failed),
      cutOffs: await cutOffFates(
        db,
        driver.cutOffs.map((w) => retriedWrite(w, collected.organisationOf(w.token))),
      ),
      ledger: await writeLedger(db, collected.intents, since),
      eventsIndicator: monitor.eventsChanges,
      inbox: inbox && { subscribers: inbox.watch.subscribers, eventSources: collected.eventSources },
      listeners: { found: listeners, expected: running },
      logs: Object.fromEntries(instances.map((i) => [i.endpoint.name, readLog(i.logPath)])),
      dry: Object.fromEntries(driver.dry),
      mismatchedRequestIds: driver.mismatchedRequestIds,
    };
    const summary = summarise(raw);
    process.stdout.write(
      `  ${summary.requests} requests, ${summary.rps.toFixed(1)} ok req/s, ${summary.errors} errors, p50/p95/p99 ${summary.p50.toFixed(0)}/${summary.p95.toFixed(0)}/${summary.p99.toFixed(0)} ms\n` +
        (summary.failures.length ? summary.failures.map((f) => `  did not hold: ${f}\n`).join('') : '  everything checked held\n'),
    );
    return summary;
  } finally {
    for (const i of instances) await i.stop();
    await db.end().catch(() => undefined);
    if (!o.keep) await dropDatabase(server.url, database);
  }
}

function commit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { encoding: 'utf8' }).trim();
    return dirty ? `${head} (with uncommitted changes under src/)` : head;
  } catch {
    return 'unknown';
  }
}

async function main() {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    // Without this, --help was taken for no option at all and started a full half-hour run.
    process.stdout.write(USAGE);
    return;
  }
  // Read when the run starts, with the build it copies (read at the end it named commits made during the run).
  const code = commit();
  const o = options();
  const config = loadConfig({ NODE_ENV: 'development' });
  const started = new Date().toISOString();
  const loadBefore = os.loadavg();
  const server = await benchServer();
  const phases: PhaseSummary[] = [];
  try {
    const seeded = await seedBenchDatabase(server.url, o.enrolled, o.seed);
    if (!seeded.reused) process.stdout.write(`Generated the region of ${o.enrolled} enrolled in ${seeded.seconds.toFixed(0)} s\n`);
    const template = benchDatabaseName(o.enrolled, o.seed);
    for (const name of o.phases) phases.push(await runPhase(name, server, template, config, o));
  } finally {
    await server.stop();
  }
  const file = writeSoakReport(
    phases,
    {
      started,
      enrolled: o.enrolled,
      seed: o.seed,
      clients: o.clients,
      minutes: o.seconds / 60,
      faultMinutes: o.faultSeconds / 60,
      commit: code,
      mix: Object.entries(MIX)
        .map(([n, w]) => `${n} ${w}`)
        .join(', '),
      loadBefore,
      loadAfter: os.loadavg(),
    },
    o.out,
  );
  process.stdout.write(`\nWrote ${file}${o.out ? '' : ' and the summary in bench/README.md'}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
