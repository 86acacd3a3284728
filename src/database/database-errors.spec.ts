import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { mapDatabaseError } from './database-errors';

/** The driver errors PostgreSQL and TypeORM raise, as the mapping sees them (shapes seen in the soak's faults). */
const pgError = (fields: Record<string, string>) => new QueryFailedError('INSERT …', [], Object.assign(new Error(fields.message ?? 'pg'), fields));

describe('mapDatabaseError', () => {
  it('answers SERVICE_UNAVAILABLE for a database that went away under a request', () => {
    for (const e of [
      new QueryRunnerAlreadyReleasedError(),
      new QueryRunnerProviderAlreadyReleasedError(),
      pgError({ code: '57P01', message: 'terminating connection due to administrator command' }),
      pgError({ code: '57P03', message: 'the database system is shutting down' }),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      new Error('Connection terminated unexpectedly'),
    ]) {
      expect(mapDatabaseError(e)?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 2 });
    }
  });

  it('names the field of a unique index, at its place in the arguments', () => {
    const e = pgError({ code: '23505', constraint: 'uq_staff_hsa_id', detail: 'Key (hsa_id)=(SE1) already exists.' });
    expect(mapDatabaseError(e, (f) => `input.${f}`)?.extensions).toMatchObject({
      code: 'CONFLICT',
      fields: [{ field: 'input.hsaId', message: 'is already used by another staff member' }],
    });
  });

  it('leaves a broken rule of our own, or anything unknown, to INTERNAL', () => {
    expect(mapDatabaseError(pgError({ code: '23514', constraint: 'ck_deterioration_plan_signed' }))).toBeUndefined();
    expect(mapDatabaseError(pgError({ code: '23502', column: 'name' }))).toBeUndefined();
    expect(mapDatabaseError(new TypeError('x is undefined'))).toBeUndefined();
  });
});
