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
  let pg: EmbeddedPostgresHandle | null = await startEmbeddedPostgres({ dir, port: Number(process.env.BENCH_PG_PORT ?? 0), persistent: true });
  const port = pg.port;
  return {
    url: pg.url,
    stop: async () => {
      await pg?.stop();
      pg = null;
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
