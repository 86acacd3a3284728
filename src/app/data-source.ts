import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';
import { IdempotencyClaim } from '../database/idempotency';
import { SnakeNamingStrategy } from '../database/snake-naming.strategy';
import { SqlCountingLogger, SqlLogSink } from '../database/sql-counting.logger';
import { installTimestamptzParser } from '../database/timestamptz';

installTimestamptzParser();

export function dataSourceOptions(url: string, sink?: SqlLogSink, poolSize = 20, applicationName = 'esther'): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    subscribers: [IdempotencyClaim],
    migrationsTableName: 'schema_migration',
    migrationsRun: false,
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: ['query', 'error', 'warn'],
    maxQueryExecutionTime: 1000,
    logger: new SqlCountingLogger(sink),
    extra: { max: poolSize, application_name: applicationName },
  };
}

export function createDataSource(url: string, sink?: SqlLogSink, poolSize?: number, applicationName?: string): DataSource {
  return new DataSource(dataSourceOptions(url, sink, poolSize, applicationName));
}

/** Run pending migrations, one transaction each. The only way the schema changes. */
export async function runMigrations(ds: DataSource): Promise<string[]> {
  const done = await ds.runMigrations({ transaction: 'each' });
  return done.map((m) => m.name);
}
