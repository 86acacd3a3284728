import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgresHandle, startEmbeddedPostgres, withDatabase } from '../../src/database/embedded-postgres';
import { MIGRATIONS } from '../../migrations';
import { GENERATOR_VERSION, profileOf, RegionProfile } from '../generate/region';

export interface BenchServer {
  url: string;
  stop(): Promise<void>;
  /**
   * The embedded server only: stop it (a fast shutdown: every connection is cut, as in a crash
   * of the database or a failover) and start it again on the same port and data directory.
   * Absent for BENCH_DATABASE_URL's server, which the benchmark does not own.
   */
  outage?: { down(): Promise<void>; up(): Promise<void> };
}

/**
 * The benchmark's PostgreSQL: BENCH_DATABASE_URL's server when set, else an embedded one kept
 * under .data/bench-postgres (so a 20,000-patient region is generated once).
 */
export async function benchServer(): Promise<BenchServer> {
  if (process.env.BENCH_DATABASE_URL) return { url: process.env.BENCH_DATABASE_URL, stop: async () => undefined };
  const dir = path.resolve('.data/bench-postgres');
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const release = claimBenchServer(`${dir}.lock`);
  let pg: EmbeddedPostgresHandle | null;
  try {
    pg = await startEmbeddedPostgres({ dir, port: Number(process.env.BENCH_PG_PORT ?? 0), persistent: true });
  } catch (e) {
    release();
    throw e;
  }
  const port = pg.port;
  return {
    url: pg.url,
    stop: async () => {
      try {
        await pg?.stop();
      } finally {
        pg = null;
        release();
      }
    },
    outage: {
      down: async () => {
        await pg?.stop();
        pg = null;
      },
      up: async () => {
        pg ??= await startEmbeddedPostgres({ dir, port, persistent: true });
      },
    },
  };
}

/**
 * One benchmark command at a time on the embedded server: a second one would start the server again
 * on the same data directory and cut the first one's connections (a region being generated is then
 * lost). The lock file holds the owner's pid; one left by a process that is gone is taken over.
 * Returns the release.
 */
function claimBenchServer(lock: string): () => void {
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
      const owner = Number(fs.readFileSync(lock, 'utf8').trim());
      if (owner && owner !== process.pid && alive(owner)) {
        throw new Error(
          `Another benchmark command (pid ${owner}) is using the embedded PostgreSQL under .data/bench-postgres: run one at a time (its lock is ${lock}), or point one at its own server with BENCH_DATABASE_URL`,
          { cause: e },
        );
      }
      fs.rmSync(lock, { force: true });
    }
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    try {
      if (fs.readFileSync(lock, 'utf8').trim() === String(process.pid)) fs.rmSync(lock, { force: true });
    } catch {
      /* already gone */
    }
  };
  process.once('exit', release);
  return release;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Named after the generator's version and the schema's (the number of migrations), so a region made
 * before either changed is never reused; with years of access-log history, after its size too; a
 * profile other than the size's own (--profile) is named too.
 */
export function benchDatabaseName(enrolled: number, seed: number, audit?: { years: number; rowsPerDay: number }, profile?: RegionProfile): string {
  const history = audit ? `_a${audit.years}y${audit.rowsPerDay}` : '';
  const other = profile && profile !== profileOf(enrolled) ? `_${profile}` : '';
  return `esther_bench_${enrolled}_s${seed}_g${GENERATOR_VERSION}_m${MIGRATIONS.length}${history}${other}`;
}

export async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  const c = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await c.connect();
  try {
    return (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  } finally {
    await c.end();
  }
}

export async function recreateDatabase(serverUrl: string, name: string): Promise<string> {
  const c = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  } finally {
    await c.end();
  }
  return withDatabase(serverUrl, name);
}

/** Renames a database (replacing one of the new name), once nothing is connected to it. */
export async function renameDatabase(serverUrl: string, from: string, to: string): Promise<void> {
  const c = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS ${to} WITH (FORCE)`);
    await c.query(`ALTER DATABASE ${from} RENAME TO ${to}`);
  } finally {
    await c.end();
  }
}

/**
 * A fresh working copy of a generated region (a file copy of the template database, seconds even
 * for a large region), so every run starts from the same data: benchmarks write (audit rows,
 * published versions, decisions) and would otherwise drift from run to run.
 */
export async function freshCopy(serverUrl: string, template: string, name: string): Promise<string> {
  const c = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name} TEMPLATE ${template} STRATEGY FILE_COPY`);
  } finally {
    await c.end();
  }
  return withDatabase(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const c = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await c.end();
  }
}
