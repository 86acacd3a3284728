import type autocannonType from 'autocannon';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { percentile } from './stats';

// The load tools live in bench/node_modules (installed by `npm run bench`), not in the service's install.
const autocannon = createRequire(path.resolve('bench/package.json'))('autocannon') as typeof autocannonType;

export interface LoadResult {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** Transport errors, timeouts, non-2xx answers and answers carrying GraphQL `errors`. */
  errors: number;
  requests: number;
  seconds: number;
  /** The cell stopped early because its pool of prepared write targets ran out. */
  exhausted: boolean;
}

/** One request to send: the body, and the bearer token when it differs per request. */
export interface OutgoingRequest {
  body: string;
  token?: string;
}

/**
 * Units of work to send, one per call: usually one request; for a sequence (a round: 20 decisions
 * then completing it) the requests one client sends in order. Null when the prepared pool is used up.
 */
export type RequestSource = () => OutgoingRequest[] | null;

const FILLER = JSON.stringify({ query: '{ __typename }' });

/**
 * Drives one URL with POST bodies from `connections` concurrent clients for `seconds` (or until the
 * source runs dry), bounded and loopback only. A unit of `steps` requests is sent by one client in
 * order; its latency is the sum of its requests' response times, and throughput counts units
 * (a unit cut off by the end of the cell counts as the fraction of its requests answered).
 * Latencies are collected per unit so percentiles are exact; a response carrying GraphQL `errors`
 * counts as an error.
 */
export async function load(opts: {
  url: string;
  token: string;
  connections: number;
  seconds: number;
  steps: number;
  next: RequestSource;
}): Promise<LoadResult> {
  const url = new URL(opts.url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) throw new Error('benchmarks only drive servers on this machine');
  const latencies: number[] = [];
  let non2xx = 0;
  let exhausted = false;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${opts.token}` };
  const steps = Array.from({ length: opts.steps }, (_, j) => ({
    method: 'POST',
    setupRequest: (req: { body?: string; headers?: Record<string, string> }, context: Record<string, unknown>) => {
      if (j === 0) context.unit = exhausted ? null : opts.next();
      const r = (context.unit as OutgoingRequest[] | null)?.[j];
      if (!r) {
        // The pool of prepared write targets is used up: end the cell. What is still in flight
        // (at most one unit per connection) is not counted, nor is this harmless filler.
        if (!exhausted) {
          exhausted = true;
          setImmediate(() => instance.stop());
        }
        return { ...req, body: FILLER, headers };
      }
      return { ...req, body: r.body, headers: r.token ? { ...headers, authorization: `Bearer ${r.token}` } : headers };
    },
  }));
  const instance = autocannon({
    url: opts.url,
    method: 'POST',
    headers,
    connections: opts.connections,
    duration: opts.seconds,
    pipelining: 1,
    timeout: 30,
    verifyBody: (body: string) => !body.includes('"errors"'),
    requests: steps,
  });
  const t0 = performance.now();
  // Per client: the response times of the unit in progress (pipelining 1: responses come in order).
  const inUnit = new Map<unknown, { n: number; ms: number }>();
  let responses = 0;
  instance.on('response', (client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (exhausted) return;
    responses++;
    if (statusCode >= 300) non2xx++;
    const u = inUnit.get(client) ?? { n: 0, ms: 0 };
    u.n += 1;
    u.ms += responseTime;
    if (u.n === opts.steps) {
      latencies.push(u.ms);
      inUnit.delete(client);
    } else inUnit.set(client, u);
  });
  const result = await instance;
  const seconds = Math.min(opts.seconds, (performance.now() - t0) / 1000);
  latencies.sort((a, b) => a - b);
  return {
    // Units per second, counting the requests of units still in progress at the end as fractions.
    rps: responses / opts.steps / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: result.errors + result.timeouts + non2xx + (result.mismatches ?? 0),
    requests: latencies.length,
    seconds,
    exhausted,
  };
}
