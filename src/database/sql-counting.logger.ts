import { Logger as TypeOrmLogger } from 'typeorm';
import { currentRequest } from '../common/request-context';
import { sqlTextOf } from './raw';
import { ErrorCode } from '../common/errors';
import { mapDatabaseError } from './database-errors';

export interface SqlLogSink {
  error(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  info(obj: Record<string, unknown>, msg: string): void;
}

/**
 * Counts every SQL statement sent for the current request (so tests and benchmarks can prove that
 * a list does not cost one query per row) and logs failures without parameters, which may hold
 * personal data.
 */
export class SqlCountingLogger implements TypeOrmLogger {
  constructor(private readonly sink?: SqlLogSink) {}

  logQuery(): void {
    const store = currentRequest();
    if (store) store.sqlCount++;
  }
  logQueryError(error: string | Error, query: unknown): void {
    const store = currentRequest();
    if (store) store.sqlCount++;
    const entry = { err: typeof error === 'string' ? error : error.message, query: sqlTextOf(query).slice(0, 500) };
    // A failure the API explains (a duplicate that raced, the database away) is not a fault of ours.
    const explained = typeof error === 'string' ? undefined : mapDatabaseError(error);
    if (!explained) this.sink?.error(entry, 'sql error');
    else if (explained.code === ErrorCode.SERVICE_UNAVAILABLE) this.sink?.warn({ ...entry, code: explained.code }, 'sql failed: database unavailable');
    else this.sink?.info({ ...entry, code: explained.code }, 'sql refused');
  }
  logQuerySlow(time: number, query: unknown): void {
    this.sink?.warn({ ms: time, query: sqlTextOf(query).slice(0, 500) }, 'slow sql');
  }
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.sink?.warn({ message: String(message) }, 'typeorm');
  }
}
