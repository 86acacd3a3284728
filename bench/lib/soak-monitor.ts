import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import type { Endpoint } from './soak-driver';

/** A service instance watched during the load: its endpoint and its current process id (it changes when the instance is restarted). */
export interface Watched {
  endpoint: Endpoint;
  pid(): number | undefined;
}

/** The readiness answer of an instance changed: `200`, `503`, another status, `down` (no connection) or `timeout`. */
export interface ReadinessChange {
  t: number;
  instance: string;
  from: string;
  to: string;
}

export interface RssSample {
  t: number;
  instance: string;
  pid: number;
  mib: number;
}

/** The machine's 1-minute load average: the service, PostgreSQL and the clients, and whatever else runs. */
export interface LoadSample {
  t: number;
  load1: number;
}

/** VmRSS of a process in MiB, from /proc; null when it is gone. */
export function rssMib(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** The readiness body's `events` indicator (the event bus of the live inbox): `up`, `degraded (reconnecting)` …, or `no answer` / `not reported`. */
export const NO_ANSWER = 'no answer';

function eventsIndicator(body: string): string {
  try {
    const b = JSON.parse(body) as {
      details?: Record<string, { status?: string; state?: string }>;
      info?: Record<string, { status?: string; state?: string }>;
      error?: Record<string, { status?: string; state?: string }>;
    };
    const e = b.details?.events ?? b.info?.events ?? b.error?.events;
    if (!e?.status) return 'not reported';
    return e.status === 'up' ? 'up' : `${e.status}${e.state ? ` (${e.state})` : ''}`;
  } catch {
    return 'not reported';
  }
}

function ready(port: number, timeoutMs: number): Promise<{ answer: string; events: string }> {
  return new Promise((resolve) => {
    const r = http.get({ host: '127.0.0.1', port, path: '/health/ready', agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ answer: String(res.statusCode), events: eventsIndicator(Buffer.concat(chunks).toString('utf8')) }));
    });
    r.setTimeout(timeoutMs, () => r.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    r.on('error', (e: NodeJS.ErrnoException) => resolve({ answer: e.code === 'TIMEOUT' ? 'timeout' : 'down', events: NO_ANSWER }));
  });
}

/**
 * Polls `GET /health/ready` of every instance every 250 ms (one poll in flight per instance) and
 * records when its answer changes, and when its `events` indicator (the live inbox's event bus)
 * changes; samples each instance's resident memory and the load average every second. An
 * instance that answers at all is marked up for the clients again (the load balancer's view).
 */
export class SoakMonitor {
  readonly changes: ReadinessChange[] = [];
  /** Changes of the readiness body's `events` indicator (`up`, `degraded (reconnecting)`, `no answer` …). */
  readonly eventsChanges: ReadinessChange[] = [];
  readonly rss: RssSample[] = [];
  readonly load: LoadSample[] = [];
  /** Readiness polls per instance and answer. */
  readonly polls = new Map<string, Map<string, number>>();
  private readonly state = new Map<string, string>();
  private readonly eventsState = new Map<string, string>();
  private readonly busy = new Set<string>();
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly watched: Watched[],
    private readonly now: () => number,
  ) {}

  start(): void {
    this.timers = [setInterval(() => this.pollAll(), 250), setInterval(() => this.sample(), 1000)];
    this.sample();
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
  }

  private pollAll(): void {
    for (const w of this.watched) {
      const name = w.endpoint.name;
      if (this.busy.has(name)) continue;
      this.busy.add(name);
      void ready(w.endpoint.port, 3000).then(({ answer, events }) => {
        // Timed by when the answer came: a poll sent just before a fault may be answered after it.
        const t = this.now();
        this.busy.delete(name);
        const counts = this.polls.get(name) ?? new Map<string, number>();
        counts.set(answer, (counts.get(answer) ?? 0) + 1);
        this.polls.set(name, counts);
        const before = this.state.get(name);
        if (before !== answer) {
          this.changes.push({ t, instance: name, from: before ?? 'start', to: answer });
          this.state.set(name, answer);
        }
        const eventsBefore = this.eventsState.get(name);
        if (eventsBefore !== events) {
          this.eventsChanges.push({ t, instance: name, from: eventsBefore ?? 'start', to: events });
          this.eventsState.set(name, events);
        }
        if (/^\d+$/.test(answer)) w.endpoint.up = true;
      });
    }
  }

  private sample(): void {
    this.load.push({ t: this.now(), load1: os.loadavg()[0] });
    for (const w of this.watched) {
      const pid = w.pid();
      const mib = pid ? rssMib(pid) : null;
      if (pid && mib !== null) this.rss.push({ t: this.now(), instance: w.endpoint.name, pid, mib });
    }
  }
}
