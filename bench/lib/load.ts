import type autocannonType from 'autocannon';
import { createRequire } from 'node:module';
import path from 'node:path';

// The load tools live in bench/node_modules (installed by `npm run bench`), not in the service's install.
const autocannon = createRequire(path.resolve('bench/package.json'))('autocannon') as typeof autocannonType;

export interface LoadResult {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  requests: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/**
 * Drives one URL with POST bodies from `connections` concurrent clients for `seconds`, bounded and
 * loopback only. Latencies are collected per response so p95 is exact (autocannon's summary skips it).
 */
export async function load(opts: { url: string; body: string; headers: Record<string, string>; connections: number; seconds: number }): Promise<LoadResult> {
  const url = new URL(opts.url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) throw new Error('benchmarks only drive servers on this machine');
  const latencies: number[] = [];
  let non2xx = 0;
  const instance = autocannon({
    url: opts.url,
    method: 'POST',
    body: opts.body,
    headers: { 'content-type': 'application/json', ...opts.headers },
    connections: opts.connections,
    duration: opts.seconds,
    pipelining: 1,
  });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    if (statusCode >= 300) non2xx++;
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    rps: latencies.length / opts.seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: result.errors + result.timeouts + non2xx,
    requests: latencies.length,
  };
}
