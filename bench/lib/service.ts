import { ChildProcess, fork } from 'node:child_process';
import path from 'node:path';

/**
 * The rate limits (per actor, per client IP, for expensive operations) switched off: every
 * benchmark client comes from 127.0.0.1 and a few actors, which is not what the limits are for.
 */
export const RATE_LIMITS_OFF = { RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_IP_PER_MINUTE: '0', RATE_LIMIT_EXPENSIVE_PER_MINUTE: '0' } as const;

/** The service build to drive: BENCH_SERVICE (another build, e.g. the code before a change), else dist/src/main.js. */
export function serviceEntry(): string {
  return path.resolve(process.env.BENCH_SERVICE ?? 'dist/src/main.js');
}

/**
 * Starts the service (`entry`, by default serviceEntry()) as a separate process on `databaseUrl`.
 * BENCH_SERVICE_NODE_ARGS adds Node flags, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` for a CPU
 * profile of the service under the load. `output`: a file descriptor for its stdout and stderr
 * (default: stdout ignored, stderr inherited).
 */
export function startService(databaseUrl: string, port: number, opts: { output?: number; env?: Record<string, string>; entry?: string } = {}): ChildProcess {
  return fork(opts.entry ?? serviceEntry(), [], {
    // As `npm start` runs it: a larger young generation (GC was a fifth of the CPU on list requests).
    execArgv: ['--max-semi-space-size=32', ...(process.env.BENCH_SERVICE_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [])],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'false',
      REPORT_SQL_COUNT: 'true',
      ...RATE_LIMITS_OFF,
      ...opts.env,
    },
    stdio: opts.output === undefined ? ['ignore', 'ignore', 'inherit', 'ipc'] : ['ignore', opts.output, opts.output, 'ipc'],
  });
}
