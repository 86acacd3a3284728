import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

/** One request of the soak: what it is (for the report), the GraphQL body and whose token. */
export interface SoakRequest {
  label: string;
  body: string;
  token: string;
  /** A write: sent with a fresh `Idempotency-Key`, kept for its retries. */
  idempotent?: boolean;
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
  /** The service answered a retry with the first request's stored answer (`Idempotent-Replayed: true`): it wrote nothing now. */
  replayed?: boolean;
}

/** One retry of a write cut off on a transport error: when it was sent (ms since the start of the load, and wall-clock ms), where, and what came back. */
export interface RetryAttempt {
  t: number;
  wall: number;
  ms: number;
  endpoint: string;
  requestId: string;
  outcome: string;
  /** `Idempotent-Replayed: true`: the first answer, stored when the first request was applied. */
  replayed: boolean;
  /** CONFLICT 409 with `extensions.applied: true`: applied, its answer not stored (lost, or still coming). */
  applied: boolean;
}

/**
 * How a retry ended: `replayed` (the first had been applied; its answer came back), `applied-409`
 * (the first had been applied; its answer was lost or not stored yet), `fresh` (applied now: the
 * first never committed), `refused` (another error: `result` of the last attempt), `unreached`
 * (every attempt failed on the transport or with 503).
 */
export type RetryResult = 'replayed' | 'applied-409' | 'fresh' | 'refused' | 'unreached';

/** A write whose first request failed on a transport error and was retried with the same key and body. */
export interface CutOffWrite {
  label: string;
  key: string;
  /** The GraphQL variables (what the write was about). */
  variables: Record<string, unknown>;
  token: string;
  /** The first request: when sent, where, its request id and its transport error. */
  t: number;
  endpoint: string;
  requestId: string;
  outcome: string;
  attempts: RetryAttempt[];
  result: RetryResult;
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
  /** Every request that failed, with what went wrong (did a failed write commit anyway?); not a write cut off and retried (see `cutOffs`). */
  onFailure?: (req: SoakRequest, outcome: string) => void;
  /** Every write sent (once per intended change, not per retry), with its idempotency key. */
  onWrite?: (req: SoakRequest, key: string) => void;
  /**
   * A write cut off on a transport error (reset, refused, timeout) is sent again, as a careful
   * client would, with the same Idempotency-Key and body to an instance that is up, until the
   * answer says what became of it (at most RETRY_ATTEMPTS times, 250 ms, 500 ms, 1 s … apart).
   */
  retryCutOff?: boolean;
  /** How long a client waits after a failed request before its next one (a client does not hammer a failing service). */
  backoffMs?: number;
  timeoutMs?: number;
}

export const OK = 'ok';

/** Transport errors after which a load balancer takes the instance out (the process is gone or the connection was cut). */
const GONE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/** Retries of a cut-off write before giving up (with the backoff doubling from 250 ms: about 16 s in all, longer than the killed instance stays away). */
export const RETRY_ATTEMPTS = 6;

type Sent = { status: number; body: string; requestId: string | undefined; replayed: boolean } | { error: string };

function post(e: Endpoint, req: SoakRequest, requestId: string, timeoutMs: number, idempotencyKey?: string): Promise<Sent> {
  return new Promise((resolve) => {
    const r = http.request(
      {
        host: '127.0.0.1',
        port: e.port,
        path: '/graphql',
        method: 'POST',
        agent: e.agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(req.body),
          authorization: `Bearer ${req.token}`,
          'x-request-id': requestId,
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const back = res.headers['x-request-id'];
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            requestId: typeof back === 'string' ? back : undefined,
            replayed: res.headers['idempotent-replayed'] === 'true',
          });
        });
        res.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
      },
    );
    r.setTimeout(timeoutMs, () => r.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    r.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    r.end(req.body);
  });
}

interface Outcome {
  outcome: string;
  json: Answer['json'] | null;
  /** An idempotent retry refused CONFLICT because its first request was applied (`extensions.applied`). */
  applied: boolean;
  /** CONFLICT naming `Idempotency-Key`: another request with the key was being applied at that moment (retry shortly). */
  keyBusy: boolean;
}

/** What an answer says: OK, or the error key for the report. */
export function outcomeOf(sent: Sent): Outcome {
  if ('error' in sent) return { outcome: `transport ${sent.error}`, json: null, applied: false, keyBusy: false };
  type Body = {
    data?: Record<string, unknown> | null;
    errors?: Array<{ extensions?: { code?: string; applied?: boolean; fields?: Array<{ field?: string }> } }>;
  };
  let json: Body | null = null;
  try {
    json = JSON.parse(sent.body) as Body;
  } catch {
    /* not JSON */
  }
  const http = sent.status === 200 ? '' : ` (HTTP ${sent.status})`;
  const codes = json?.errors?.map((e) => e.extensions?.code ?? 'without code');
  const conflicts = json?.errors?.filter((e) => e.extensions?.code === 'CONFLICT') ?? [];
  const flags = {
    applied: conflicts.some((e) => e.extensions?.applied === true),
    keyBusy: conflicts.some((e) => e.extensions?.fields?.some((f) => f.field === 'Idempotency-Key')),
  };
  if (codes?.length) return { outcome: `GraphQL ${[...new Set(codes)].sort().join(' + ')}${http}`, json, ...flags };
  if (sent.status !== 200) return { outcome: `HTTP ${sent.status}`, json, ...flags };
  if (!json?.data) return { outcome: 'answer without data', json, ...flags };
  return { outcome: OK, json, ...flags };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function variablesOf(req: SoakRequest): Record<string, unknown> {
  return (JSON.parse(req.body) as { variables?: Record<string, unknown> }).variables ?? {};
}

/**
 * Closed-loop load for a soak: `clients` concurrent clients, each sending its next unit as soon as
 * the last answered, picked from a weighted mix that can be swapped while running (a burst of
 * writes). Client i is homed on endpoint i mod n; after a transport error it sends to another
 * endpoint that is up until its own is up again (as a load balancer with health checks would).
 * Every write carries a fresh Idempotency-Key. With `retryCutOff` a write cut off on a transport
 * error is retried (same key, same body) until its answer says what became of it, before the
 * client goes on; the failed first request counts in `samples`, the retries are in `cutOffs`.
 * Nothing else is retried. Every request is recorded.
 */
export class SoakDriver {
  readonly samples: Sample[] = [];
  /** Units the mix could not give (its prepared pool was used up), by entry. */
  readonly dry = new Map<string, number>();
  /** Writes cut off on a transport error and retried (with `retryCutOff`). */
  readonly cutOffs: CutOffWrite[] = [];
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
        const requestId = this.nextRequestId();
        const key = req.idempotent ? randomUUID() : undefined;
        if (key) this.opts.onWrite?.(req, key);
        const t = this.now();
        this.flying.set(requestId, { endpoint: e.name, label: req.label });
        const sent = await post(e, req, requestId, timeoutMs, key);
        this.flying.delete(requestId);
        const ms = this.now() - t;
        const { outcome, json } = outcomeOf(sent);
        this.samples.push({ t, ms, label: req.label, outcome, endpoint: e.name });
        if ('requestId' in sent && sent.requestId !== requestId) this.mismatchedRequestIds++;
        if ('error' in sent && GONE.has(sent.error)) e.up = false;
        if (outcome === OK && json) this.opts.onAnswer({ label: req.label, requestId, json, replayed: 'replayed' in sent && sent.replayed });
        else if (key && 'error' in sent && this.opts.retryCutOff) {
          await this.retry(
            {
              label: req.label,
              key,
              variables: variablesOf(req),
              token: req.token,
              t,
              endpoint: e.name,
              requestId,
              outcome,
              attempts: [],
              result: 'unreached',
            },
            req,
            home,
          );
          continue;
        } else if (outcome !== OK) this.opts.onFailure?.(req, outcome);
        if (outcome !== OK) await sleep(backoffMs);
      }
    }
  }

  private nextRequestId(): string {
    return `${this.opts.requestIdPrefix}-${(this.seq++).toString(36).padStart(6, '0')}`;
  }

  /**
   * A careful client's retry of a write cut off on the transport: the same key and body to an
   * instance that is up, again while the transport fails or the service answers 503 or CONFLICT
   * naming the key (two requests with one key at once), until the answer says what became
   * of the write. Runs even while the load is stopping: the write must be settled.
   */
  private async retry(w: CutOffWrite, req: SoakRequest, home: number): Promise<void> {
    const { backoffMs = 250, timeoutMs = 30_000 } = this.opts;
    this.cutOffs.push(w);
    for (let attempt = 0; attempt < RETRY_ATTEMPTS; attempt++) {
      await sleep(backoffMs * 2 ** attempt);
      const e = this.route(home);
      const requestId = this.nextRequestId();
      const t = this.now();
      const wall = Date.now();
      const sent = await post(e, req, requestId, timeoutMs, w.key);
      const { outcome, json, applied, keyBusy } = outcomeOf(sent);
      const replayed = 'replayed' in sent && sent.replayed;
      w.attempts.push({ t, wall, ms: this.now() - t, endpoint: e.name, requestId, outcome, replayed, applied });
      if ('error' in sent) {
        if (GONE.has(sent.error)) e.up = false;
        continue;
      }
      if (outcome === OK && json) {
        w.result = replayed ? 'replayed' : 'fresh';
        this.opts.onAnswer({ label: req.label, requestId, json, replayed });
        return;
      }
      if (applied) {
        w.result = 'applied-409';
        return;
      }
      if (outcome.includes('SERVICE_UNAVAILABLE') || keyBusy) continue;
      w.result = 'refused';
      return;
    }
    const last = w.attempts.at(-1);
    w.result = last && !last.outcome.startsWith('transport') && !last.outcome.includes('SERVICE_UNAVAILABLE') ? 'refused' : 'unreached';
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
