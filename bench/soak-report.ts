import fs from 'node:fs';
import type { AnsweredCheck, Check, FailedWriteFate } from './lib/integrity';
import type { Sample } from './lib/soak-driver';
import { OK } from './lib/soak-driver';
import type { LoadSample, ReadinessChange, RssSample } from './lib/soak-monitor';
import { percentile } from './lib/stats';
import { machine } from './report';

export type EventKind = 'db-stop' | 'db-stopped' | 'db-start' | 'db-started' | 'burst-start' | 'kill' | 'burst-end' | 'restart' | 'restarted' | 'exit';

/** Something the run did or saw, at `t` ms since the load started. */
export interface SoakEvent {
  t: number;
  kind: EventKind;
  what: string;
}

/** What one phase (the soak, or a fault) measured, raw. */
export interface PhaseRaw {
  name: string;
  title: string;
  clients: number;
  seconds: number;
  instances: string[];
  samples: Sample[];
  events: SoakEvent[];
  readiness: ReadinessChange[];
  polls: Record<string, Record<string, number>>;
  rss: RssSample[];
  load: LoadSample[];
  before: Check[];
  after: Check[];
  answered: AnsweredCheck[];
  failedWrites: FailedWriteFate[];
  /** Event listeners (LISTEN) connected at the end, of the instances running. */
  listeners: { found: number; expected: number };
  /** Service log lines at warn and error level, by instance and message; `other`: lines that are not its JSON log (stack traces printed to stderr), `stderr` by their first line. */
  logs: Record<string, { errors: number; warnings: number; other: number; top: Array<[string, number]>; stderr: Array<[string, number]> }>;
  dry: Record<string, number>;
  mismatchedRequestIds: number;
}

interface MinuteRow {
  minute: number;
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** Highest VmRSS of the minute by instance, MiB. */
  rss: Record<string, number>;
  /** The machine's 1-minute load average at the end of the minute. */
  load1: number;
}

interface OutcomeRow {
  outcome: string;
  count: number;
  first: number;
  last: number;
  labels: Record<string, number>;
}

interface IntegrityRow {
  name: string;
  rule: string;
  before: number;
  after: number;
  /** Rows breaking the rule after the load that did not break it before. */
  added: number;
  samples: string[];
}

export interface PhaseSummary {
  name: string;
  title: string;
  clients: number;
  seconds: number;
  instances: string[];
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  outcomes: OutcomeRow[];
  operations: Array<{ label: string; requests: number; errors: number; p50: number; p95: number; p99: number }>;
  minutes: MinuteRow[];
  events: SoakEvent[];
  readiness: ReadinessChange[];
  readinessSummary: string[];
  polls: Record<string, Record<string, number>>;
  integrity: IntegrityRow[];
  answered: AnsweredCheck[];
  failedWrites: FailedWriteFate[];
  /** Requests sent to each instance. */
  byInstance: Record<string, number>;
  listeners: { found: number; expected: number };
  logs: PhaseRaw['logs'];
  dry: Record<string, number>;
  mismatchedRequestIds: number;
  /** What did not hold, in plain words; empty when everything held. */
  failures: string[];
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function latencies(samples: Sample[]): { p50: number; p95: number; p99: number } {
  const ok = samples.filter((s) => s.outcome === OK).map((s) => s.ms);
  ok.sort((a, b) => a - b);
  return { p50: percentile(ok, 50), p95: percentile(ok, 95), p99: percentile(ok, 99) };
}

/** When each instance stopped being ready after a fault, and when it was ready again by itself. */
function readinessSummary(p: PhaseRaw): string[] {
  const at = (kind: EventKind) => p.events.find((e) => e.kind === kind)?.t;
  const fault = at('db-stop') ?? at('kill');
  if (fault === undefined) {
    const notReady = p.readiness.filter((c) => c.from !== 'start' && c.to !== '200');
    return notReady.length ? [`readiness left 200 ${notReady.length} times without a fault: ${notReady.map((c) => `${c.instance} → ${c.to} at ${sec(c.t)}`).join(', ')}`] : ['ready (200) throughout'];
  }
  const back = at('db-started') ?? at('restart');
  const lines: string[] = [];
  for (const instance of p.instances) {
    const changes = p.readiness.filter((c) => c.instance === instance && c.t >= fault - 250);
    const lost = changes.find((c) => c.to !== '200');
    if (!lost) {
      lines.push(`${instance}: ready (200) throughout`);
      continue;
    }
    const regained = changes.find((c) => c.t > lost.t && c.to === '200');
    const answers = [...new Set(changes.filter((c) => c.t >= lost.t && (!regained || c.t < regained.t)).map((c) => c.to))].join(', ');
    lines.push(
      `${instance}: not ready (${answers}) from ${sec(lost.t - fault)} after the fault` +
        (regained ? `; ready again ${sec(regained.t - fault)} after the fault${back !== undefined ? ` (${sec(regained.t - back)} after ${at('db-started') !== undefined ? 'PostgreSQL was back' : 'the restart'})` : ''}` : '; never ready again before the end of the run'),
    );
  }
  return lines;
}

export function summarise(p: PhaseRaw): PhaseSummary {
  const end = p.seconds * 1000;
  const samples = p.samples;
  const errors = samples.filter((s) => s.outcome !== OK);
  const outcomes = new Map<string, OutcomeRow>();
  for (const s of errors) {
    const at = s.t + s.ms;
    const o = outcomes.get(s.outcome) ?? { outcome: s.outcome, count: 0, first: at, last: at, labels: {} };
    o.count++;
    o.first = Math.min(o.first, at);
    o.last = Math.max(o.last, at);
    o.labels[s.label] = (o.labels[s.label] ?? 0) + 1;
    outcomes.set(s.outcome, o);
  }
  const labels = [...new Set(samples.map((s) => s.label))].sort();
  const minutes: MinuteRow[] = [];
  for (let m = 0; m * 60_000 < end; m++) {
    const inMinute = samples.filter((s) => s.t >= m * 60_000 && s.t < (m + 1) * 60_000);
    const span = Math.min(60_000, end - m * 60_000) / 1000;
    const rss: Record<string, number> = {};
    for (const r of p.rss.filter((x) => x.t >= m * 60_000 && x.t < (m + 1) * 60_000)) rss[r.instance] = Math.max(rss[r.instance] ?? 0, r.mib);
    const load1 = p.load.filter((x) => x.t < (m + 1) * 60_000).at(-1)?.load1 ?? NaN;
    minutes.push({ minute: m + 1, requests: inMinute.length, errors: inMinute.filter((s) => s.outcome !== OK).length, rps: inMinute.filter((s) => s.outcome === OK).length / span, ...latencies(inMinute), rss, load1 });
  }
  const integrity = p.after.map((a) => {
    const before = new Set(p.before.find((b) => b.name === a.name)?.violations ?? []);
    const added = a.violations.filter((v) => !before.has(v));
    return { name: a.name, rule: a.rule, before: before.size, after: a.violations.length, added: added.length, samples: added.slice(0, 5) };
  });
  const failures: string[] = [];
  // Errors are expected from the fault until 10 s after the database or the instance is back (by when the answer came); any other is a failure.
  const faultAt = p.events.find((e) => e.kind === 'db-stop' || e.kind === 'kill')?.t;
  const settledAt = Math.max(...p.events.filter((e) => e.kind === 'db-started' || e.kind === 'restarted' || e.kind === 'kill').map((e) => e.t)) + 10_000;
  const outside = (x: Sample) => faultAt === undefined || x.t + x.ms < faultAt || x.t + x.ms > settledAt;
  const stray = new Map<string, number>();
  for (const x of errors.filter(outside)) stray.set(x.outcome, (stray.get(x.outcome) ?? 0) + 1);
  if (stray.size) failures.push(`errors ${faultAt === undefined ? 'without a fault' : 'outside the fault (before it, or later than 10 s after the recovery)'}: ${[...stray].map(([o, n]) => `${n} × ${o}`).join(', ')}`);
  const internal = errors.filter((x) => !outside(x) && x.outcome.includes('INTERNAL')).length;
  if (internal) failures.push(`${internal} answers during the fault were INTERNAL (the service did not recognise the cause; its log is below)`);
  for (const i of integrity) if (i.added) failures.push(`${i.name}: ${i.added} rows break it after the load (${i.samples.join(', ')})`);
  for (const a of p.answered) if (a.missing) failures.push(`${a.label}: ${a.missing} of ${a.answered} missing (${a.samples.join(', ')})`);
  for (const w of p.failedWrites) if (w.committed && !w.outcome.startsWith('transport')) failures.push(`${w.label}: ${w.committed} of ${w.failed} answered ${w.outcome} were stored anyway`);
  const summary = readinessSummary(p);
  for (const line of summary) if (line.includes('never ready again')) failures.push(`readiness: ${line}`);
  if (p.listeners.found < p.listeners.expected) failures.push(`event listeners (LISTEN) at the end: ${p.listeners.found} of ${p.listeners.expected} instances (one without it never hears inbox events again: its live inbox subscriptions stay silent)`);
  for (const e of p.events.filter((x) => x.kind === 'exit')) failures.push(`an instance exited unasked: ${e.what}`);
  if (p.mismatchedRequestIds) failures.push(`${p.mismatchedRequestIds} answers carried another x-request-id than the one sent`);
  for (const [name, n] of Object.entries(p.dry)) failures.push(`the prepared pool of ${name} ran dry ${n} times (the load was lighter on it than the mix says)`);
  const rssFirst = minutes[0]?.rss ?? {};
  const rssLast = minutes[minutes.length - 1]?.rss ?? {};
  for (const [instance, last] of Object.entries(rssLast)) {
    const first = rssFirst[instance];
    if (first && minutes.length >= 5 && last > first * 1.5) failures.push(`memory of ${instance} grew from ${fmt(first, 0)} MiB (first minute) to ${fmt(last, 0)} MiB (last minute)`);
  }
  return {
    name: p.name,
    title: p.title,
    clients: p.clients,
    seconds: p.seconds,
    instances: p.instances,
    requests: samples.length,
    errors: errors.length,
    rps: samples.filter((s) => s.outcome === OK).length / p.seconds,
    ...latencies(samples),
    outcomes: [...outcomes.values()].sort((a, b) => b.count - a.count),
    operations: labels.map((label) => {
      const of = samples.filter((s) => s.label === label);
      return { label, requests: of.length, errors: of.filter((s) => s.outcome !== OK).length, ...latencies(of) };
    }),
    minutes,
    events: p.events,
    readiness: p.readiness,
    readinessSummary: summary,
    polls: p.polls,
    integrity,
    answered: p.answered,
    failedWrites: p.failedWrites,
    byInstance: Object.fromEntries(p.instances.map((i) => [i, samples.filter((s) => s.endpoint === i).length])),
    listeners: p.listeners,
    logs: p.logs,
    dry: p.dry,
    mismatchedRequestIds: p.mismatchedRequestIds,
    failures,
  };
}

export interface SoakInfo {
  started: string;
  enrolled: number;
  seed: number;
  clients: number;
  minutes: number;
  faultMinutes: number;
  commit: string;
  mix: string;
  loadBefore: number[];
  loadAfter: number[];
}

function rssCell(m: MinuteRow): string {
  return Object.entries(m.rss)
    .map(([i, v]) => `${i} ${fmt(v, 0)}`)
    .join(', ');
}

function minuteTable(minutes: MinuteRow[]): string[] {
  return [
    '| minute | requests | errors | ok req/s | p50 ms | p95 ms | p99 ms | service RSS MiB | load |',
    '|---:|---:|---:|---:|---:|---:|---:|---|---:|',
    ...minutes.map((m) => `| ${m.minute} | ${m.requests} | ${m.errors} | ${fmt(m.rps)} | ${fmt(m.p50)} | ${fmt(m.p95)} | ${fmt(m.p99)} | ${rssCell(m)} | ${fmt(m.load1)} |`),
  ];
}

/** The summary table of every phase (also the README's). */
function summaryTable(phases: PhaseSummary[]): string[] {
  const lines = ['| phase | clients | minutes | instances | requests | ok req/s | errors | p50 / p95 / p99 ms | RSS MiB, first → last minute | readiness | checks |', '|---|---:|---:|---:|---:|---:|---:|---|---|---|---|'];
  for (const p of phases) {
    const first = p.minutes[0];
    const last = p.minutes[p.minutes.length - 1];
    const rss = p.instances.map((i) => `${i} ${fmt(first?.rss[i] ?? NaN, 0)} → ${fmt(last?.rss[i] ?? NaN, 0)}`).join('; ');
    const errors = p.errors ? `${p.errors} (${p.outcomes.slice(0, 3).map((o) => `${o.count} ${o.outcome}`).join(', ')}${p.outcomes.length > 3 ? ', …' : ''})` : '0';
    const integrity = p.failures.length ? `**${p.failures.length} did not hold** (below)` : 'all held';
    lines.push(
      `| ${p.title} | ${p.clients} | ${fmt(p.seconds / 60, p.seconds % 60 ? 1 : 0)} | ${p.instances.length} | ${p.requests} | ${fmt(p.rps)} | ${errors} | ${fmt(p.p50)} / ${fmt(p.p95)} / ${fmt(p.p99)} | ${rss} | ${p.readinessSummary.join('; ')} | ${integrity} |`,
    );
  }
  return lines;
}

function phaseSection(p: PhaseSummary): string[] {
  const lines = [`### ${p.title}`, ''];
  if (p.events.length) {
    lines.push('What happened:', '');
    for (const e of p.events) lines.push(`- ${sec(e.t)}: ${e.what}`);
    lines.push('');
  }
  lines.push('Per minute (latency of the requests answered without errors; RSS is the highest VmRSS of the minute; load is the machine’s 1-minute load average at its end):', '');
  lines.push(...minuteTable(p.minutes));
  lines.push('', 'Per operation:', '', '| request | requests | errors | p50 ms | p95 ms | p99 ms |', '|---|---:|---:|---:|---:|---:|');
  for (const o of p.operations) lines.push(`| ${o.label} | ${o.requests} | ${o.errors} | ${fmt(o.p50)} | ${fmt(o.p95)} | ${fmt(o.p99)} |`);
  lines.push('', 'Errors by kind (GraphQL `extensions.code`, HTTP status, transport error), with when the first and the last were answered:', '');
  if (!p.outcomes.length) lines.push('None.');
  else {
    lines.push('| error | count | first | last | requests |', '|---|---:|---:|---:|---|');
    for (const o of p.outcomes)
      lines.push(
        `| ${o.outcome} | ${o.count} | ${sec(o.first)} | ${sec(o.last)} | ${Object.entries(o.labels)
          .map(([l, n]) => `${l} ${n}`)
          .join(', ')} |`,
      );
  }
  lines.push('', 'Readiness (`GET /health/ready` every 250 ms):', '');
  for (const r of p.readinessSummary) lines.push(`- ${r}`);
  const changes = p.readiness.filter((c) => c.from !== 'start');
  if (changes.length) lines.push(`- changes: ${changes.map((c) => `${c.instance} ${c.from} → ${c.to} at ${sec(c.t)}`).join('; ')}`);
  lines.push(
    `- polls: ${Object.entries(p.polls)
      .map(([i, counts]) => `${i} ${Object.entries(counts).map(([a, n]) => `${n} × ${a}`).join(', ')}`)
      .join('; ')}`,
  );
  lines.push('', 'Integrity afterwards (SQL on the database; "before" is the fresh copy of the region before the load):', '');
  lines.push('| check | before | after | new |', '|---|---:|---:|---:|');
  for (const i of p.integrity) lines.push(`| ${i.name} | ${i.before} | ${i.after} | ${i.added ? `**${i.added}**` : 0} |`);
  lines.push('', '| answered by the service | answered | not found in the database |', '|---|---:|---:|');
  for (const a of p.answered) lines.push(`| ${a.label} | ${a.answered} | ${a.missing ? `**${a.missing}**` : 0} |`);
  if (p.failedWrites.length) {
    lines.push('', 'Writes that failed, and whether they were stored anyway (a write cut off with the connection may have committed; one answered with an error must not have):', '');
    lines.push('| request | error | failed | stored anyway |', '|---|---|---:|---:|');
    for (const w of p.failedWrites) lines.push(`| ${w.label} | ${w.outcome} | ${w.failed} | ${w.committed} |`);
  }
  if (p.instances.length > 1) lines.push('', `Requests by instance: ${Object.entries(p.byInstance).map(([i, n]) => `${i} ${n}`).join(', ')}.`);
  lines.push('', `Event listeners (LISTEN) connected at the end: ${p.listeners.found} of ${p.listeners.expected}.`);
  const logs = Object.entries(p.logs);
  if (logs.length) {
    lines.push('', 'Service logs (warn and error lines):', '');
    for (const [i, l] of logs) {
      lines.push(`- ${i}: ${l.errors} errors, ${l.warnings} warnings${l.top.length ? `; most frequent: ${l.top.map(([m, n]) => `${n} × “${m}”`).join('; ')}` : ''}`);
      if (l.other) lines.push(`  - ${l.other} lines printed to stderr outside the JSON log${l.stderr.length ? `, starting ${l.stderr.map(([m, n]) => `${n} × “${m}”`).join('; ')}` : ''}`);
    }
  }
  lines.push('', p.failures.length ? 'Did not hold:' : 'Everything checked held.', '');
  for (const f of p.failures) lines.push(`- ${f}`);
  lines.push('');
  return lines;
}

/** bench/results/<name>.md and .json, and the summary between the soak markers of bench/README.md (unless `out` names the file: then the README is left alone). */
export function writeSoakReport(phases: PhaseSummary[], info: SoakInfo, out: string | null): string {
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
  const head = [
    `Run ${info.started} on ${machine()}, commit ${info.commit}. ${info.enrolled} enrolled (seed ${info.seed}), ${info.clients} concurrent clients; ` +
      `the soak ${info.minutes} min, each fault ${info.faultMinutes} min. Rate limits off (RATE_LIMIT_PER_MINUTE, RATE_LIMIT_IP_PER_MINUTE, RATE_LIMIT_EXPENSIVE_PER_MINUTE = 0). ` +
      `Load average (1/5/15 min) before: ${load(info.loadBefore)}, after: ${load(info.loadAfter)}.`,
    '',
    `Mix (units picked by weight): ${info.mix}.`,
    '',
  ];
  const summary = [...head, ...summaryTable(phases), ''];
  const failures = phases.flatMap((p) => p.failures.map((f) => `- ${p.title}: ${f}`));
  summary.push(...(failures.length ? ['Did not hold:', '', ...failures, ''] : ['Everything checked held in every phase.', '']));
  const name = out ?? `soak-${info.started.replace(/[:.]/g, '-')}`;
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync(`bench/results/${name}.md`, [...summary, ...phases.flatMap(phaseSection)].join('\n'));
  fs.writeFileSync(`bench/results/${name}.json`, JSON.stringify({ info, phases }, null, 1));
  if (!out) {
    const readme = 'bench/README.md';
    const src = fs.readFileSync(readme, 'utf8');
    const start = src.indexOf('<!-- soak:start -->');
    const end = src.indexOf('<!-- soak:end -->');
    const soak = phases.find((p) => p.name === 'soak');
    const perMinute = soak
      ? [`Per minute of the soak (full details, and each fault's minutes, in \`bench/results/${name}.md\`):`, '', ...minuteTable(soak.minutes), '']
      : [];
    if (start >= 0 && end > start) fs.writeFileSync(readme, src.slice(0, start + '<!-- soak:start -->'.length) + '\n' + [...summary, ...perMinute].join('\n') + src.slice(end));
  }
  return `bench/results/${name}.md`;
}
