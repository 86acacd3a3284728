import fs from 'node:fs';
import path from 'node:path';
import type { InboxSubscriber } from './lib/inbox-watch';
import type { AnsweredCheck, Check, CutOffFate, FailedWriteFate, WriteLedger } from './lib/integrity';
import type { Sample } from './lib/soak-driver';
import { OK } from './lib/soak-driver';
import type { LoadSample, ReadinessChange, RssSample } from './lib/soak-monitor';
import { percentile } from './lib/stats';
import { machine } from './report';

export type EventKind =
  'db-stop' | 'db-stopped' | 'db-start' | 'db-started' | 'subscribed' | 'burst-start' | 'kill' | 'burst-end' | 'restart' | 'restarted' | 'exit';

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
  /** Writes cut off on the transport and retried with the same Idempotency-Key: what became of them. */
  cutOffs: CutOffFate[];
  /** Per kind of write: sent, keys stored, changes stored, stored twice (SQL). */
  ledger: WriteLedger[];
  /** Changes of the readiness body's `events` indicator, by instance. */
  eventsIndicator: ReadinessChange[];
  /** Live inbox subscribers (the database restart) and when a write that sends an event was answered. */
  inbox: { subscribers: InboxSubscriber[]; eventSources: number[] } | null;
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

/** Ten seconds of the live inbox: events the subscribers connected before the fault received (together), the one connected after, and writes answered that send an event. */
export interface InboxWindow {
  from: number;
  /** PostgreSQL during the window: up, or down for some of it. */
  database: 'up' | 'down';
  before: number;
  after: number;
  sources: number;
}

export interface InboxSummary {
  subscribers: Array<{
    name: string;
    when: 'before' | 'after';
    connectedAt: number | null;
    refused: string[];
    events: number;
    closed: string[];
    firstAfterBack: number | null;
  }>;
  windows: InboxWindow[];
  /** Events per 10 s received by the subscribers connected before (together), and writes that send one, before / during / after the outage. */
  rates: Array<{ span: 'before' | 'during' | 'after'; seconds: number; events: number; sources: number }>;
  /** Delivery delay (from the event's `at` to its arrival), ms. */
  delayP50: number;
  delayMax: number;
  lines: string[];
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
  /** Absent in results written before writes carried idempotency keys. */
  cutOffs?: CutOffFate[];
  ledger?: WriteLedger[];
  eventsIndicator?: ReadinessChange[];
  eventsSummary?: string[];
  inbox?: InboxSummary | null;
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
    return notReady.length
      ? [`readiness left 200 ${notReady.length} times without a fault: ${notReady.map((c) => `${c.instance} → ${c.to} at ${sec(c.t)}`).join(', ')}`]
      : ['ready (200) throughout'];
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
        (regained
          ? `; ready again ${sec(regained.t - fault)} after the fault${back !== undefined ? ` (${sec(regained.t - back)} after ${at('db-started') !== undefined ? 'PostgreSQL was back' : 'the restart'})` : ''}`
          : '; never ready again before the end of the run'),
    );
  }
  return lines;
}

/** The `events` readiness indicator of each instance: its changes, timed from the fault and from the recovery. */
function eventsSummary(p: PhaseRaw): string[] {
  const at = (kind: EventKind) => p.events.find((e) => e.kind === kind)?.t;
  const fault = at('db-stop') ?? at('kill');
  const back = at('db-started') ?? at('restart');
  const rel = (t: number) =>
    [
      fault !== undefined && t >= fault ? `${sec(t - fault)} after the fault` : '',
      back !== undefined && t >= back ? `${sec(t - back)} after ${at('db-started') !== undefined ? 'PostgreSQL was back' : 'the restart'}` : '',
    ]
      .filter(Boolean)
      .join(', ');
  return p.instances.map((instance) => {
    const changes = p.eventsIndicator.filter((c) => c.instance === instance);
    const first = changes[0]?.to ?? 'never answered';
    const later = changes.slice(1).map((c) => `→ ${c.to} at ${sec(c.t)}${rel(c.t) ? ` (${rel(c.t)})` : ''}`);
    return `${instance}: ${first}${later.length ? ` ${later.join(' ')}` : ' throughout'}`;
  });
}

/** Events per 10 s window, before / during / after the outage, and when events came again once PostgreSQL was back. */
function inboxSummary(p: PhaseRaw): InboxSummary | null {
  if (!p.inbox) return null;
  const end = p.seconds * 1000;
  const down = p.events.find((e) => e.kind === 'db-stop')?.t ?? end;
  const back = p.events.find((e) => e.kind === 'db-started')?.t ?? end;
  const before = p.inbox.subscribers.filter((s) => s.when === 'before');
  const after = p.inbox.subscribers.filter((s) => s.when === 'after');
  const count = (list: InboxSubscriber[], from: number, to: number) => list.reduce((n, s) => n + s.events.filter((e) => e.t >= from && e.t < to).length, 0);
  const sources = (from: number, to: number) => p.inbox!.eventSources.filter((t) => t >= from && t < to).length;
  const windows: InboxWindow[] = [];
  for (let from = 0; from < end; from += 10_000) {
    const to = Math.min(end, from + 10_000);
    windows.push({
      from,
      database: to > down && from < back ? 'down' : 'up',
      before: count(before, from, to),
      after: count(after, from, to),
      sources: sources(from, to),
    });
  }
  const rates = (
    [
      ['before', 0, down],
      ['during', down, back],
      ['after', back, end],
    ] as const
  ).map(([span, from, to]) => {
    const per10 = (n: number) => (to > from ? (n * 10_000) / (to - from) : NaN);
    return { span, seconds: (to - from) / 1000, events: per10(count(before, from, to)), sources: per10(sources(from, to)) };
  });
  const delays = p.inbox.subscribers.flatMap((s) => s.events.map((e) => e.delayMs)).sort((a, b) => a - b);
  const subscribers = p.inbox.subscribers.map((s) => {
    const first = s.events.find((e) => e.t >= back);
    return {
      name: s.name,
      when: s.when,
      connectedAt: s.connectedAt,
      refused: s.attempts.filter((a) => a.outcome !== 'connected').map((a) => a.outcome),
      events: s.events.length,
      closed: s.closed.map((c) => `${c.what} at ${sec(c.t)}`),
      firstAfterBack: first ? first.t - back : null,
    };
  });
  const firstBack = subscribers.filter((s) => s.when === 'before' && s.firstAfterBack !== null).map((s) => s.firstAfterBack!);
  const rate = (span: string) => rates.find((r) => r.span === span)!;
  // Writes answered once PostgreSQL was back but before any event came through again: published while the event listener was still reconnecting (the bus does not replay).
  const gap = firstBack.length ? sources(back, back + Math.min(...firstBack)) : sources(back, end);
  const lines = [
    `subscribers connected before the fault (${before.map((s) => s.name).join(', ')}): ${fmt(rate('before').events)} events per 10 s before the outage, ${fmt(rate('during').events)} during it (${sec(back - down)}), ${fmt(rate('after').events)} after it; writes answered that send an event: ${fmt(rate('before').sources)} / ${fmt(rate('during').sources)} / ${fmt(rate('after').sources)} per 10 s`,
    firstBack.length
      ? `first event after PostgreSQL was back: ${sec(Math.min(...firstBack))} after it (each subscriber: ${subscribers
          .filter((s) => s.when === 'before')
          .map((s) => `${s.name} ${s.firstAfterBack === null ? 'none' : sec(s.firstAfterBack)}`)
          .join(
            ', ',
          )}); in between, ${gap} writes that send an event were answered (events published while the event listener is still reconnecting are not replayed)`
      : `no subscriber connected before the fault received an event after PostgreSQL was back, while ${gap} writes that send an event were answered`,
    ...subscribers
      .filter((s) => s.when === 'after')
      .map((s) =>
        s.connectedAt === null
          ? `subscriber connected after the restart (${s.name}): never connected (${[...new Set(s.refused)].join('; ')})`
          : `subscriber connected after the restart (${s.name}): connected ${sec(s.connectedAt - back)} after PostgreSQL was back${s.refused.length ? ` (${s.refused.length} attempts refused first: ${[...new Set(s.refused)].join('; ')})` : ''}; ${s.events} events, the first ${s.firstAfterBack === null ? '– (none)' : `${sec(s.firstAfterBack)} after PostgreSQL was back`}; in the same time the subscriber of the same municipality connected before received ${sameMunicipality(p.inbox!.subscribers, s.name, s.connectedAt)}`,
      ),
    `delivery delay (the event's \`at\` to its arrival): p50 ${fmt(percentile(delays, 50), 0)} ms, max ${fmt(delays.at(-1) ?? NaN, 0)} ms`,
    ...subscribers.filter((s) => s.closed.length).map((s) => `${s.name}'s socket closed: ${s.closed.join('; ')}`),
  ];
  return { subscribers, windows, rates, delayP50: percentile(delays, 50), delayMax: delays.at(-1) ?? NaN, lines };
}

/** Events the subscriber of the same municipality connected before received since `from` (nurse 1K3 → 1K2). */
function sameMunicipality(subs: InboxSubscriber[], name: string, from: number | null): string {
  const m = /^nurse (\d+)K/.exec(name)?.[1];
  const twin = subs.find((s) => s.when === 'before' && /^nurse (\d+)K/.exec(s.name)?.[1] === m);
  return twin && from !== null ? `${twin.events.filter((e) => e.t >= from).length} (${twin.name})` : '–';
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
    minutes.push({
      minute: m + 1,
      requests: inMinute.length,
      errors: inMinute.filter((s) => s.outcome !== OK).length,
      rps: inMinute.filter((s) => s.outcome === OK).length / span,
      ...latencies(inMinute),
      rss,
      load1,
    });
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
  if (stray.size)
    failures.push(
      `errors ${faultAt === undefined ? 'without a fault' : 'outside the fault (before it, or later than 10 s after the recovery)'}: ${[...stray].map(([o, n]) => `${n} × ${o}`).join(', ')}`,
    );
  const internal = errors.filter((x) => !outside(x) && x.outcome.includes('INTERNAL')).length;
  if (internal) failures.push(`${internal} answers during the fault were INTERNAL (the service did not recognise the cause; its log is below)`);
  for (const i of integrity) if (i.added) failures.push(`${i.name}: ${i.added} rows break it after the load (${i.samples.join(', ')})`);
  for (const a of p.answered) if (a.missing) failures.push(`${a.label}: ${a.missing} of ${a.answered} missing (${a.samples.join(', ')})`);
  for (const w of p.failedWrites)
    if (w.committed && !w.outcome.startsWith('transport')) failures.push(`${w.label}: ${w.committed} of ${w.failed} answered ${w.outcome} were stored anyway`);
  const summary = readinessSummary(p);
  for (const line of summary) if (line.includes('never ready again')) failures.push(`readiness: ${line}`);
  for (const c of p.cutOffs) {
    const what = `${c.label} cut off on the transport and retried with the same Idempotency-Key`;
    if (c.unanswered)
      failures.push(`${what}: ${c.unanswered} of ${c.committed} that committed were not acknowledged as applied by the retry (${c.samples.join(', ')})`);
    else if (c.samples.length) failures.push(`${what}: inconsistent (${c.samples.join(', ')})`);
    if (c.auditMissing) failures.push(`${what}: ${c.auditMissing} of ${c.committed} committed without their audit row`);
    if (c.label !== 'acknowledge' && c.storedAfter !== c.committed + c.fresh)
      failures.push(`${what}: ${c.storedAfter} stored afterwards, but ${c.committed} committed by the first request and ${c.fresh} applied by the retry`);
  }
  for (const l of p.ledger) {
    if (l.twice) failures.push(`${l.label}: ${l.twice} changes stored twice (${l.rule}; ${l.samples.join(', ')})`);
    if (l.changes !== null && l.changes !== l.keys)
      failures.push(`${l.label}: ${l.changes} changes stored but ${l.keys} idempotency keys (one is claimed with each committed write)`);
  }
  const events = eventsSummary(p);
  const stayedDead = p.events.some((e) => e.kind === 'kill') && !p.events.some((e) => e.kind === 'restarted');
  for (const i of p.instances.filter((x) => !(stayedDead && p.events.some((e) => e.kind === 'kill' && e.what.startsWith(`${x} `))))) {
    const last = p.eventsIndicator.filter((c) => c.instance === i).at(-1);
    if (last && last.to !== 'up') failures.push(`readiness: the events indicator of ${i} ended ${last.to}`);
  }
  const inbox = inboxSummary(p);
  if (inbox) {
    for (const s of inbox.subscribers) {
      if (s.connectedAt === null)
        failures.push(
          `live inbox: ${s.name} (${s.when === 'before' ? 'before the fault' : 'after the restart'}) never connected (${[...new Set(s.refused)].join('; ')})`,
        );
      if (s.closed.length) failures.push(`live inbox: ${s.name}'s socket closed (${s.closed.join('; ')})`);
    }
    if (!inbox.subscribers.some((s) => s.when === 'before' && s.firstAfterBack !== null))
      failures.push('live inbox: no event reached a subscriber connected before the fault after PostgreSQL was back');
    for (const s of inbox.subscribers.filter((x) => x.when === 'after' && x.connectedAt !== null && x.events === 0))
      failures.push(`live inbox: ${s.name}, connected after the restart, received no event`);
  }
  if (p.listeners.found < p.listeners.expected)
    failures.push(
      `event listeners (LISTEN) at the end: ${p.listeners.found} of ${p.listeners.expected} instances (one without it never hears inbox events again: its live inbox subscriptions stay silent)`,
    );
  for (const e of p.events.filter((x) => x.kind === 'exit')) failures.push(`an instance exited unasked: ${e.what}`);
  if (p.mismatchedRequestIds) failures.push(`${p.mismatchedRequestIds} answers carried another x-request-id than the one sent`);
  for (const [name, n] of Object.entries(p.dry))
    failures.push(`the prepared pool of ${name} ran dry ${n} times (the load was lighter on it than the mix says)`);
  const rssFirst = minutes[0]?.rss ?? {};
  const rssLast = minutes[minutes.length - 1]?.rss ?? {};
  for (const [instance, last] of Object.entries(rssLast)) {
    const first = rssFirst[instance];
    if (first && minutes.length >= 5 && last > first * 1.5)
      failures.push(`memory of ${instance} grew from ${fmt(first, 0)} MiB (first minute) to ${fmt(last, 0)} MiB (last minute)`);
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
    cutOffs: p.cutOffs,
    ledger: p.ledger,
    eventsIndicator: p.eventsIndicator,
    eventsSummary: events,
    inbox,
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
  /** The machine (CPU, memory, Node, kernel); absent in results written before it was kept. */
  machine?: string;
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
    ...minutes.map(
      (m) => `| ${m.minute} | ${m.requests} | ${m.errors} | ${fmt(m.rps)} | ${fmt(m.p50)} | ${fmt(m.p95)} | ${fmt(m.p99)} | ${rssCell(m)} | ${fmt(m.load1)} |`,
    ),
  ];
}

/** The summary table of phases, each with the run it comes from when `runOf` is given (the README's may combine runs). */
function summaryTable(phases: PhaseSummary[], runOf?: (p: PhaseSummary) => string): string[] {
  const lines = runOf
    ? [
        '| phase | run | clients | minutes | instances | requests | ok req/s | errors | p50 / p95 / p99 ms | RSS MiB, first → last minute | readiness | checks |',
        '|---|---|---:|---:|---:|---:|---:|---:|---|---|---|---|',
      ]
    : [
        '| phase | clients | minutes | instances | requests | ok req/s | errors | p50 / p95 / p99 ms | RSS MiB, first → last minute | readiness | checks |',
        '|---|---:|---:|---:|---:|---:|---:|---|---|---|---|',
      ];
  for (const p of phases) {
    const first = p.minutes[0];
    const last = p.minutes[p.minutes.length - 1];
    const rss = p.instances.map((i) => `${i} ${fmt(first?.rss[i] ?? NaN, 0)} → ${fmt(last?.rss[i] ?? NaN, 0)}`).join('; ');
    const errors = p.errors
      ? `${p.errors} (${p.outcomes
          .slice(0, 3)
          .map((o) => `${o.count} ${o.outcome}`)
          .join(', ')}${p.outcomes.length > 3 ? ', …' : ''})`
      : '0';
    const integrity = p.failures.length ? `**${p.failures.length} did not hold** (below)` : 'all held';
    lines.push(
      `| ${p.title}${runOf ? ` | ${runOf(p)}` : ''} | ${p.clients} | ${fmt(p.seconds / 60, p.seconds % 60 ? 1 : 0)} | ${p.instances.length} | ${p.requests} | ${fmt(p.rps)} | ${errors} | ${fmt(p.p50)} / ${fmt(p.p95)} / ${fmt(p.p99)} | ${rss} | ${p.readinessSummary.join('; ')} | ${integrity} |`,
    );
  }
  return lines;
}

/** Writes cut off on the transport and retried with the same key: the table (empty when none were). */
function cutOffTable(p: PhaseSummary): string[] {
  if (!p.cutOffs?.length) return [];
  const lines = [
    '| write | cut off | first committed (stored anyway) | … retry answered: replayed | … retry answered: 409 applied | … **not acknowledged** | first did not commit: the retry applied it | … not applied | stored afterwards | committed without audit row |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const c of p.cutOffs)
    lines.push(
      `| ${c.label} | ${c.cutOff} | ${c.committed} | ${c.replayed} | ${c.applied409} | ${c.unanswered ? `**${c.unanswered}**` : 0} | ${c.fresh} | ${c.notApplied} | ${c.storedAfter} | ${c.label === 'complete round' ? '–' : c.auditMissing ? `**${c.auditMissing}**` : 0} |`,
    );
  const other = p.cutOffs.flatMap((c) => Object.entries(c.other).map(([o, n]) => `${c.label}: ${n} × ${o}`));
  if (other.length) lines.push('', `Retries that did not apply the write: ${other.join('; ')}.`);
  return lines;
}

function ledgerTable(p: PhaseSummary): string[] {
  if (!p.ledger?.length) return [];
  return [
    '| write | sent (one key each) | keys stored | changes stored | stored twice | what counts as twice |',
    '|---|---:|---:|---:|---:|---|',
    ...p.ledger.map(
      (l) => `| ${l.label} | ${l.sent} | ${l.keys} | ${l.changes ?? '–'} | ${l.twice === null ? '–' : l.twice ? `**${l.twice}**` : 0} | ${l.rule} |`,
    ),
  ];
}

function inboxWindows(i: InboxSummary): string[] {
  return [
    '| from | PostgreSQL | events to the subscribers connected before | events to the subscriber connected after | writes answered that send an event |',
    '|---:|---|---:|---:|---:|',
    ...i.windows.map((w) => `| ${sec(w.from)} | ${w.database} | ${w.before} | ${w.after} | ${w.sources} |`),
  ];
}

function phaseSection(p: PhaseSummary): string[] {
  const lines = [`### ${p.title}`, ''];
  if (p.events.length) {
    lines.push('What happened:', '');
    for (const e of p.events) lines.push(`- ${sec(e.t)}: ${e.what}`);
    lines.push('');
  }
  lines.push(
    'Per minute (latency of the requests answered without errors; RSS is the highest VmRSS of the minute; load is the machine’s 1-minute load average at its end):',
    '',
  );
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
  if (p.eventsSummary) lines.push(`- the \`events\` indicator (the live inbox's event bus): ${p.eventsSummary.join('; ')}`);
  lines.push(
    `- polls: ${Object.entries(p.polls)
      .map(
        ([i, counts]) =>
          `${i} ${Object.entries(counts)
            .map(([a, n]) => `${n} × ${a}`)
            .join(', ')}`,
      )
      .join('; ')}`,
  );
  lines.push('', 'Integrity afterwards (SQL on the database; "before" is the fresh copy of the region before the load):', '');
  lines.push('| check | before | after | new |', '|---|---:|---:|---:|');
  for (const i of p.integrity) lines.push(`| ${i.name} | ${i.before} | ${i.after} | ${i.added ? `**${i.added}**` : 0} |`);
  lines.push('', '| answered by the service | answered | not found in the database |', '|---|---:|---:|');
  for (const a of p.answered) lines.push(`| ${a.label} | ${a.answered} | ${a.missing ? `**${a.missing}**` : 0} |`);
  if (p.failedWrites.length) {
    lines.push(
      '',
      'Writes that failed, and whether they were stored anyway (a write cut off with the connection may have committed; one answered with an error must not have):',
      '',
    );
    lines.push('| request | error | failed | stored anyway |', '|---|---|---:|---:|');
    for (const w of p.failedWrites) lines.push(`| ${w.label} | ${w.outcome} | ${w.failed} | ${w.committed} |`);
  }
  if (p.cutOffs?.length) {
    lines.push(
      '',
      'Writes cut off on the transport (reset, refused) and retried by the client with the same Idempotency-Key and body on an instance that was up. "First committed": the key was claimed by a transaction that began before the retry was sent (SQL on idempotency_key); such a write must be acknowledged by the retry, with the first answer replayed or CONFLICT 409 `applied: true`:',
      '',
      ...cutOffTable(p),
    );
  }
  if (p.ledger?.length)
    lines.push('', 'Every write sent, by SQL afterwards (each committed write claims its key in its own transaction):', '', ...ledgerTable(p));
  if (p.inbox)
    lines.push(
      '',
      'Live inbox (graphql-ws `inboxEvents`, subscribers on the instance):',
      '',
      ...p.inbox.lines.map((l) => `- ${l}`),
      '',
      ...inboxWindows(p.inbox),
    );
  if (p.instances.length > 1)
    lines.push(
      '',
      `Requests by instance: ${Object.entries(p.byInstance)
        .map(([i, n]) => `${i} ${n}`)
        .join(', ')}.`,
    );
  lines.push('', `Event listeners (LISTEN) connected at the end: ${p.listeners.found} of ${p.listeners.expected}.`);
  const logs = Object.entries(p.logs);
  if (logs.length) {
    lines.push('', 'Service logs (warn and error lines):', '');
    for (const [i, l] of logs) {
      lines.push(
        `- ${i}: ${l.errors} errors, ${l.warnings} warnings${l.top.length ? `; most frequent: ${l.top.map(([m, n]) => `${n} × “${m}”`).join('; ')}` : ''}`,
      );
      if (l.other)
        lines.push(
          `  - ${l.other} lines printed to stderr outside the JSON log${l.stderr.length ? `, starting ${l.stderr.map(([m, n]) => `${n} × “${m}”`).join('; ')}` : ''}`,
        );
    }
  }
  lines.push('', p.failures.length ? 'Did not hold:' : 'Everything checked held.', '');
  for (const f of p.failures) lines.push(`- ${f}`);
  lines.push('');
  return lines;
}

/** A results file of an earlier run: its info and phases (as written by writeSoakReport). */
interface StoredRun {
  file: string;
  info: SoakInfo;
  phases: PhaseSummary[];
}

/**
 * Runs whose results are in bench/results (soak-<time>.json, the name a run that writes the README
 * takes), newest first; a run written with --out is not among them.
 */
function storedRuns(): StoredRun[] {
  const dir = 'bench/results';
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /^soak-\d{4}-\d{2}-\d{2}T[\d-]+Z\.json$/.test(f))
    .flatMap((f) => {
      try {
        const r = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { info: SoakInfo; phases: PhaseSummary[] };
        return r.info?.started && Array.isArray(r.phases) ? [{ file: path.join(dir, f), info: r.info, phases: r.phases }] : [];
      } catch {
        return [];
      }
    })
    .sort((a, b) => b.info.started.localeCompare(a.info.started));
}

function runLine(r: StoredRun, label: string, latest: boolean): string {
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
  const i = r.info;
  // Results written before the writes carried idempotency keys have no ledger.
  const keys = r.phases.some((p) => p.ledger)
    ? ''
    : ' Writes sent without Idempotency-Key, nothing retried, no live inbox subscribers (the bench before them).';
  return (
    `- **${label}**${latest ? ' (the latest)' : ''}: ${i.started}${i.machine ? ` on ${i.machine}` : ''}, commit ${i.commit}; phases ${r.phases.map((p) => p.title).join(', ')}. ${i.enrolled} enrolled (seed ${i.seed}), ${i.clients} concurrent clients; ` +
    `the soak ${i.minutes} min, each fault ${i.faultMinutes} min. Load average (1/5/15 min) before: ${load(i.loadBefore)}, after: ${load(i.loadAfter)}. Mix: ${i.mix}.${keys} Details: \`${r.file.replace(/\.json$/, '.md')}\`.`
  );
}

/**
 * The README's soak section: for each phase, the last run that ran it (this run's phases, the
 * others from the newest results of a run that had them), each row naming its run.
 */
function readmeSection(current: StoredRun): string[] {
  const runs = [current, ...storedRuns().filter((r) => r.file !== current.file)];
  const rows: Array<{ phase: PhaseSummary; run: StoredRun }> = [];
  for (const name of ['soak', 'db-restart', 'instance-kill']) {
    const run = runs.find((r) => r.phases.some((p) => p.name === name));
    if (run) rows.push({ phase: run.phases.find((p) => p.name === name)!, run });
  }
  const used = [...new Set(rows.map((r) => r.run))].sort((a, b) => a.info.started.localeCompare(b.info.started));
  const label = (r: StoredRun) => `run ${used.indexOf(r) + 1}`;
  const runOf = (p: PhaseSummary) => label(rows.find((r) => r.phase === p)!.run);
  const lines = [
    `Each phase as it ran last; a run of some phases only (\`--phases\`) leaves the others' rows from the run that last had them. Rate limits off (RATE_LIMIT_PER_MINUTE, RATE_LIMIT_IP_PER_MINUTE, RATE_LIMIT_EXPENSIVE_PER_MINUTE = 0).`,
    '',
    ...used.map((r) => runLine(r, label(r), r === current)),
    '',
    ...summaryTable(
      rows.map((r) => r.phase),
      runOf,
    ),
    '',
  ];
  const failures = rows.flatMap(({ phase }) => phase.failures.map((f) => `- ${phase.title} (${runOf(phase)}): ${f}`));
  lines.push(...(failures.length ? ['Did not hold:', '', ...failures, ''] : ['Everything checked held in every phase.', '']));
  for (const { phase } of rows) {
    if (phase.cutOffs?.length)
      lines.push(`${phase.title} (${runOf(phase)}), writes cut off by the kill and retried with the same Idempotency-Key:`, '', ...cutOffTable(phase), '');
    if (phase.ledger?.length && phase.name === 'instance-kill')
      lines.push(`${phase.title} (${runOf(phase)}), every write sent, by SQL:`, '', ...ledgerTable(phase), '');
    if (phase.inbox) {
      lines.push(`${phase.title} (${runOf(phase)}), the live inbox:`, '', ...phase.inbox.lines.map((l) => `- ${l}`));
      if (phase.eventsSummary) lines.push(`- readiness's \`events\` indicator: ${phase.eventsSummary.join('; ')}`);
      const w = phase.inbox.windows;
      lines.push(
        `- events per 10 s to the subscribers connected before (from 0 s; **bold**: PostgreSQL down for some of that window): ${w.map((x) => (x.database === 'down' ? `**${x.before}**` : String(x.before))).join(', ')}`,
        '',
      );
    }
  }
  const soak = rows.find((r) => r.phase.name === 'soak');
  if (soak)
    lines.push(
      `Per minute of the soak (${label(soak.run)}; full details, and each fault's minutes, in \`${soak.run.file.replace(/\.json$/, '.md')}\`):`,
      '',
      ...minuteTable(soak.phase.minutes),
      '',
    );
  return lines;
}

/** bench/results/<name>.md and .json, and the summary between the soak markers of bench/README.md (unless `out` names the file: then the README is left alone). */
export function writeSoakReport(phases: PhaseSummary[], given: SoakInfo, out: string | null): string {
  const info: SoakInfo = { ...given, machine: given.machine ?? machine() };
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
  const head = [
    `Run ${info.started} on ${info.machine}, commit ${info.commit}. ${info.enrolled} enrolled (seed ${info.seed}), ${info.clients} concurrent clients; ` +
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
    const section = readmeSection({ file: `bench/results/${name}.json`, info, phases });
    if (start >= 0 && end > start) fs.writeFileSync(readme, src.slice(0, start + '<!-- soak:start -->'.length) + '\n' + section.join('\n') + src.slice(end));
  }
  return `bench/results/${name}.md`;
}
