import fs from 'node:fs';
import type { Client } from 'pg';

/** /proc/<pid>/stat counts CPU time in clock ticks of 1/100 s (USER_HZ) on Linux. */
const TICKS_PER_SECOND = 100;

/** User plus system CPU seconds of a process, and its parent's pid (null: not readable, e.g. not Linux). */
function stat(pid: number): { cpu: number; ppid: number } | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command may hold spaces and parentheses: the fields start after the last ')'.
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

/** CPU seconds of one process and of every process of the PostgreSQL server, at one instant. */
export interface CpuSample {
  process: number;
  postgres: Map<number, number>;
}

/** CPU milliseconds per request: the target's own process and the PostgreSQL server's processes. */
export interface CpuPerRequest {
  process: number;
  postgres: number;
}

/**
 * Reads what a benchmark cell cost in CPU, from /proc: the target's process (the service, the floor,
 * PostGraphile) and all processes of the PostgreSQL server it talks to (its backends and background
 * workers: the children of the server's postmaster), so that "CPU per request" is measured rather
 * than inferred from throughput. Null when the server's processes cannot be read (not Linux, or a
 * server on another machine through BENCH_DATABASE_URL).
 */
export class CpuMeter {
  private constructor(private readonly postmaster: number) {}

  /** The meter for the server `db` is connected to. */
  static async of(db: Client): Promise<CpuMeter | null> {
    const { rows } = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const backend = stat(rows[0].pid);
    return backend ? new CpuMeter(backend.ppid) : null;
  }

  sample(pid: number | undefined): CpuSample | null {
    const own = pid ? stat(pid) : null;
    if (!own) return null;
    const postgres = new Map<number, number>();
    const main = stat(this.postmaster);
    if (main) postgres.set(this.postmaster, main.cpu);
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const s = stat(Number(entry));
      if (s && s.ppid === this.postmaster) postgres.set(Number(entry), s.cpu);
    }
    return { process: own.cpu, postgres };
  }

  /** Milliseconds of CPU per request between two samples (a process started in between counts from zero). */
  static perRequest(before: CpuSample | null, after: CpuSample | null, requests: number): CpuPerRequest | null {
    if (!before || !after || requests <= 0) return null;
    let postgres = 0;
    for (const [pid, cpu] of after.postgres) postgres += cpu - (before.postgres.get(pid) ?? 0);
    return { process: ((after.process - before.process) * 1000) / requests, postgres: (postgres * 1000) / requests };
  }
}
