import http from 'node:http';
import { performance } from 'node:perf_hooks';

/** One request of the soak: what it is (for the report), the GraphQL body and whose token. */
export interface SoakRequest {
  label: string;
  body: string;
  token: string;
}

/** A unit of work one client sends in order (usually one request; a round is its decisions and completing it). Null: the pool is used up. */
export type UnitSource = () => SoakRequest[] | null;

export interface MixEntry {
  name: string;
  /** Relative frequency of the entry's units. */
  weight: number;
  next: UnitSource;
}

/** A service instance the clients send to. `up` is what a load balancer believes: false after a transport error, true again when the instance answers its readiness probe. */
export interface Endpoint {
  name: string;
  port: number;
  up: boolean;
  agent: http.Agent;
}

/** One request as the client saw it. `t` is when it was sent, in ms since the start of the load. */
export interface Sample {
  t: number;
  ms: number;
  label: string;
  /** 'ok', or what went wrong: `GraphQL <extensions.code>`, `HTTP <status>`, `transport <error code>`. */
  outcome: string;
  endpoint: string;
}

export interface Answer {
  label: string;
  requestId: string;
  json: { data?: Record<string, unknown> | null };
}

export interface DriverOptions {
  clients: number;
  seconds: number;
  endpoints: Endpoint[];
  mix: MixEntry[];
  /** A prefix of the request ids sent in `x-request-id` (the service logs and audits under them). */
  requestIdPrefix: string;
  /** Every answer without errors, for the checks afterwards (audit rows, stored writes). */
  onAnswer: (a: Answer) => void;
  /** Every request that failed, with what went wrong (did a failed write commit anyway?). */
  onFailure?: (req: SoakRequest, outcome: string) => void;
  /** How long a client waits after a failed request before its next one (a client does not hammer a failing service). */
  backoffMs?: number;
  timeoutMs?: number;
}

export const OK = 'ok';

/** Transport errors after which a load balancer takes the instance out (the process is gone or the connection was cut). */
const GONE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ECONNABORTED']);

type Sent = { status: number; body: string; requestId: string | undefined } | { error: string };

function post(e: Endpoint, req: SoakRequest, requestId: string, timeoutMs: number): Promise<Sent> {
  return new Promise((resolve) => {
    const r = http.request(
      {
        host: '127.0.0.1',
        port: e.port,
        path: '/graphql',
        method: 'POST',
        agent: e.agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(req.body), authorization: `Bearer ${req.token}`, 'x-request-id': requestId },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const back = res.headers['x-request-id'];
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), requestId: typeof back === 'string' ? back : undefined });
        });
        res.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
      },
    );
    r.setTimeout(timeoutMs, () => r.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    r.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    r.end(req.body);
  });
}

/** What an answer says: OK, or the error key for the report. */
export function outcomeOf(sent: Sent): { outcome: string; json: Answer['json'] | null } {
  if ('error' in sent) return { outcome: `transport ${sent.error}`, json: null };
  type Body = { data?: Record<string, unknown> | null; errors?: Array<{ extensions?: { code?: string } }> };
  let json: Body | null = null;
  try {
    json = JSON.parse(sent.body) as Body;
  } catch {
    /* not JSON */
  }
  const http = sent.status === 200 ? '' : ` (HTTP ${sent.status})`;
  const codes = json?.errors?.map((e) => e.extensions?.code ?? 'without code');
  if (codes?.length) return { outcome: `GraphQL ${[...new Set(codes)].sort().join(' + ')}${http}`, json };
  if (sent.status !== 200) return { outcome: `HTTP ${sent.status}`, json };
  if (!json?.data) return { outcome: 'answer without data', json };
  return { outcome: OK, json };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Closed-loop load for a soak: `clients` concurrent clients, each sending its next unit as soon as
 * the last answered, picked from a weighted mix that can be swapped while running (a burst of
 * writes). Client i is homed on endpoint i mod n; after a transport error it sends to another
 * endpoint that is up until its own is up again (as a load balancer with health checks would;
 * nothing is retried, the failed request counts). Every request is recorded.
 */
export class SoakDriver {
  readonly samples: Sample[] = [];
  /** Units the mix could not give (its prepared pool was used up), by entry. */
  readonly dry = new Map<string, number>();
  /** Answers whose x-request-id differed from the one sent. */
  mismatchedRequestIds = 0;
  private mix: MixEntry[] = [];
  private total = 0;
  private stopping = false;
  private seq = 0;
  /** Requests sent and not yet answered, by request id. */
  private readonly flying = new Map<string, { endpoint: string; label: string }>();
  t0 = 0;

  constructor(private readonly opts: DriverOptions) {
    this.setMix(opts.mix);
  }

  /** Milliseconds since the load started. */
  now(): number {
    return performance.now() - this.t0;
  }

  setMix(mix: MixEntry[]): void {
    this.mix = mix;
    this.total = mix.reduce((s, m) => s + m.weight, 0);
  }

  private pick(): { entry: MixEntry; unit: SoakRequest[] | null } {
    let x = Math.random() * this.total;
    const entry = this.mix.find((m) => (x -= m.weight) < 0) ?? this.mix[this.mix.length - 1];
    return { entry, unit: entry.next() };
  }

  private route(home: number): Endpoint {
    const es = this.opts.endpoints;
    if (es[home].up) return es[home];
    return es.find((e) => e.up) ?? es[home];
  }

  private async client(i: number): Promise<void> {
    const { endpoints, backoffMs = 250, timeoutMs = 30_000 } = this.opts;
    const home = i % endpoints.length;
    while (!this.stopping) {
      const { entry, unit } = this.pick();
      if (!unit) {
        this.dry.set(entry.name, (this.dry.get(entry.name) ?? 0) + 1);
        await sleep(50);
        continue;
      }
      for (const req of unit) {
        if (this.stopping) break;
        const e = this.route(home);
        const requestId = `${this.opts.requestIdPrefix}-${(this.seq++).toString(36).padStart(6, '0')}`;
        const t = this.now();
        this.flying.set(requestId, { endpoint: e.name, label: req.label });
        const sent = await post(e, req, requestId, timeoutMs);
        this.flying.delete(requestId);
        const ms = this.now() - t;
        const { outcome, json } = outcomeOf(sent);
        this.samples.push({ t, ms, label: req.label, outcome, endpoint: e.name });
        if ('requestId' in sent && sent.requestId !== requestId) this.mismatchedRequestIds++;
        if (outcome === OK && json) this.opts.onAnswer({ label: req.label, requestId, json });
        else if (outcome !== OK) this.opts.onFailure?.(req, outcome);
        if ('error' in sent && GONE.has(sent.error)) e.up = false;
        if (outcome !== OK) await sleep(backoffMs);
      }
    }
  }

  /** Runs the load for `seconds`; `during` is called once it has started (fault injection), and awaited before returning. */
  async run(during: (driver: SoakDriver) => Promise<void> = async () => undefined): Promise<void> {
    this.t0 = performance.now();
    const stop = sleep(this.opts.seconds * 1000).then(() => (this.stopping = true));
    const clients = Array.from({ length: this.opts.clients }, (_, i) => sleep((i * 1000) / this.opts.clients).then(() => this.client(i)));
    await Promise.all([stop, during(this), ...clients]);
  }

  /** The labels of the requests in flight on an endpoint. */
  inFlight(endpoint: string): string[] {
    return [...this.flying.values()].filter((f) => f.endpoint === endpoint).map((f) => f.label);
  }

  /** Waits until `ms` since the start of the load. */
  async until(ms: number): Promise<void> {
    await sleep(Math.max(0, ms - this.now()));
  }
}
