import { DynamicModule, Global, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { sendStatementsUnnamed } from '../database/raw';
import { ReadDatabase, ReplicaStatus } from '../database/read-database';
import { createDataSource } from './data-source';

/** Connections of the read replica's pool (the follow-up and log review reads only). */
export const READ_POOL_SIZE = 10;

/**
 * The read side (ReadDatabase) for every module: a data source on DATABASE_READ_URL when set (no
 * migrations: a streaming replica is read only and follows the primary's schema), else the
 * primary's. Statements go unnamed on it too under DATABASE_POOLER=transaction.
 */
@Global()
@Module({})
export class ReadDatabaseModule {
  static forRoot(): DynamicModule {
    return {
      module: ReadDatabaseModule,
      providers: [
        {
          provide: ReadDatabase,
          inject: [APP_CONFIG, getDataSourceToken(), PinoLogger],
          useFactory: async (config: AppConfig, primary: DataSource, log: PinoLogger): Promise<ReadDatabase> => {
            if (!config.databaseReadUrl) return new ReadDatabase(primary, false);
            log.setContext('sql');
            const ds = createDataSource(
              config.databaseReadUrl,
              { error: (o, m) => log.error(o, m), warn: (o, m) => log.warn(o, m), info: (o, m) => log.info(o, m) },
              READ_POOL_SIZE,
              'esther-read',
            );
            if (config.databasePooler === 'transaction') sendStatementsUnnamed(ds);
            await ds.initialize();
            return new ReadDatabase(ds, true);
          },
        },
        // Health and metrics get the lag only, never the data source.
        { provide: ReplicaStatus, useExisting: ReadDatabase },
      ],
      exports: [ReadDatabase, ReplicaStatus],
    };
  }
}
