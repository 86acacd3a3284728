import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { loadDemoData } from '../src/demo/load';
import { createDataSource, runMigrations } from '../src/app/data-source';
import { benchDatabaseName, benchServer, databaseExists, recreateDatabase } from './lib/db';
import { generateRegion, parseProfile, RegionProfile } from './generate/region';

export function parseArgs(argv: string[]): { enrolled: number; seed: number; force: boolean; profile?: RegionProfile } {
  const get = (name: string, def: number) => {
    const i = argv.indexOf(`--${name}`);
    if (i < 0) return def;
    const v = Number(argv[i + 1]);
    if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} takes a positive whole number`);
    return v;
  };
  const p = argv.indexOf('--profile');
  return { enrolled: get('enrolled', 2000), seed: get('seed', 42), force: argv.includes('--force'), profile: parseProfile(p < 0 ? undefined : argv[p + 1]) };
}

/** Migrates a fresh database, loads the demo units and staff (for tokens) and generates the region. */
export async function seedBenchDatabase(
  serverUrl: string,
  enrolled: number,
  seed: number,
  force = false,
  profile?: RegionProfile,
): Promise<{ url: string; seconds: number; reused: boolean }> {
  const name = benchDatabaseName(enrolled, seed, profile);
  if (!force && (await databaseExists(serverUrl, name))) {
    return { url: serverUrl.replace(/\/[^/]*$/, '/' + name), seconds: 0, reused: true };
  }
  const t0 = performance.now();
  const url = await recreateDatabase(serverUrl, name);
  const ds = createDataSource(url, undefined, 2);
  await ds.initialize();
  await runMigrations(ds);
  await loadDemoData(ds);
  await ds.destroy();
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await generateRegion(c, { enrolled, seed, profile });
  } finally {
    await c.end();
  }
  return { url, seconds: (performance.now() - t0) / 1000, reused: false };
}

if (require.main === module) {
  (async () => {
    const { enrolled, seed, force, profile } = parseArgs(process.argv.slice(2));
    const server = await benchServer();
    try {
      const r = await seedBenchDatabase(server.url, enrolled, seed, force, profile);
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
