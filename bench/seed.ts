import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { loadDemoData } from '../src/demo/load';
import { createDataSource, runMigrations } from '../src/app/data-source';
import { benchDatabaseName, benchServer, databaseExists, recreateDatabase, renameDatabase } from './lib/db';
import { generateAuditHistory } from './generate/audit-history';
import { BENCH_TODAY, generateRegion, parseProfile, RegionProfile } from './generate/region';
import { ENROLLMENT_STATE_REBUILD_SQL, keptTriggers } from '../src/follow-up/enrollment-state';

/** Years of access-log history, and rows a day, added to the region (`--audit-years`, `--audit-rows-per-day`; bench/generate/audit-history.ts). */
export interface AuditHistoryArgs {
  years: number;
  rowsPerDay: number;
}

/** The audit-history options, when `--audit-years` is given (rows a day default 10,000: about 1 % of a 20,000 region's real rate). */
export function auditArgs(argv: string[]): AuditHistoryArgs | undefined {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    if (i < 0) return undefined;
    const v = Number(argv[i + 1]);
    if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} takes a positive whole number`);
    return v;
  };
  const years = get('audit-years');
  const rowsPerDay = get('audit-rows-per-day');
  if (years === undefined) {
    if (rowsPerDay !== undefined) throw new Error('--audit-rows-per-day needs --audit-years');
    return undefined;
  }
  return { years, rowsPerDay: rowsPerDay ?? 10_000 };
}

export function parseArgs(argv: string[]): { enrolled: number; seed: number; force: boolean; audit?: AuditHistoryArgs; profile?: RegionProfile } {
  const get = (name: string, def: number) => {
    const i = argv.indexOf(`--${name}`);
    if (i < 0) return def;
    const v = Number(argv[i + 1]);
    if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} takes a positive whole number`);
    return v;
  };
  const p = argv.indexOf('--profile');
  return {
    enrolled: get('enrolled', 2000),
    seed: get('seed', 42),
    force: argv.includes('--force'),
    audit: auditArgs(argv),
    profile: parseProfile(p < 0 ? undefined : argv[p + 1]),
  };
}

/** Migrates a fresh database, loads the demo units and staff (for tokens) and generates the region. */
export async function seedBenchDatabase(
  serverUrl: string,
  enrolled: number,
  seed: number,
  force = false,
  audit?: AuditHistoryArgs,
  profile?: RegionProfile,
): Promise<{ url: string; seconds: number; reused: boolean }> {
  const name = benchDatabaseName(enrolled, seed, audit, profile);
  if (!force && (await databaseExists(serverUrl, name))) {
    return { url: serverUrl.replace(/\/[^/]*$/, '/' + name), seconds: 0, reused: true };
  }
  const t0 = performance.now();
  // Generated under a working name and renamed when complete: a generation that fails or is stopped
  // halfway leaves no database under the region's name for a later run to take as generated.
  const url = await recreateDatabase(serverUrl, `${name}_partial`);
  const ds = createDataSource(url, undefined, 2);
  await ds.initialize();
  await runMigrations(ds);
  await loadDemoData(ds);
  await ds.destroy();
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    // The follow-up's kept rows (src/follow-up/enrollment-state.ts) are not refreshed statement by
    // statement while the generator writes in bulk with plain SQL (each statement would recompute every
    // patient's rows): their triggers are off meanwhile, then one backfill from what it wrote, the same
    // as the migration's, and the triggers on again for the service.
    for (const [table, trigger] of keptTriggers()) await c.query(`ALTER TABLE ${table} DISABLE TRIGGER ${trigger}`);
    await generateRegion(c, { enrolled, seed, profile });
    // The region's year of access-log rows came before their months had partitions: into their months now, not at the service's first start.
    await c.query(`SELECT audit_log_rehome_default()`);
    if (audit) {
      const t1 = performance.now();
      const rows = await generateAuditHistory(c, { ...audit, today: BENCH_TODAY, enrolled }, (line) => {
        if (process.env.BENCH_VERBOSE) process.stderr.write(`${line}\n`);
      });
      process.stdout.write(
        `Access-log history: ${rows} rows over ${audit.years} years (${audit.rowsPerDay} a day) in ${((performance.now() - t1) / 1000).toFixed(0)} s\n`,
      );
    }
    for (const sql of ENROLLMENT_STATE_REBUILD_SQL) await c.query(sql);
    for (const [table, trigger] of keptTriggers()) await c.query(`ALTER TABLE ${table} ENABLE TRIGGER ${trigger}`);
    await c.query(`ANALYZE audit_log`);
  } finally {
    await c.end();
  }
  await renameDatabase(serverUrl, `${name}_partial`, name);
  return { url: url.replace(/\/[^/]*$/, '/' + name), seconds: (performance.now() - t0) / 1000, reused: false };
}

if (require.main === module) {
  (async () => {
    const { enrolled, seed, force, audit, profile } = parseArgs(process.argv.slice(2));
    const server = await benchServer();
    try {
      const r = await seedBenchDatabase(server.url, enrolled, seed, force, audit, profile);
      process.stdout.write(
        r.reused
          ? `Region with ${enrolled} enrolled (seed ${seed}) already generated; --force to redo.\n`
          : `Generated a region with ${enrolled} enrolled (seed ${seed}) in ${r.seconds.toFixed(1)} s.\n`,
      );
    } finally {
      await server.stop();
    }
  })().catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
