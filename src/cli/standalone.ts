import { DataSource } from 'typeorm';
import { loadConfig } from '../config/config';
import { createDataSource, runMigrations } from '../app/data-source';
import { startEmbeddedPostgres } from '../database/embedded-postgres';

/** For CLI commands: the same database `npm start` uses, migrated. */
export async function withDatabase<T>(fn: (ds: DataSource) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const pg = config.databaseUrl ? undefined : await startEmbeddedPostgres({ dir: config.embeddedPgDir, port: config.embeddedPgPort, persistent: true });
  const ds = createDataSource(config.databaseUrl ?? pg!.url, undefined, 2);
  try {
    await ds.initialize();
    await runMigrations(ds);
    return await fn(ds);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await pg?.stop();
  }
}
