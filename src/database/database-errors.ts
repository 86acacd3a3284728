import { AppError, badInput, conflict, ErrorCode, serviceUnavailable } from '../common/errors';
import { CHECK_CONSTRAINTS, UNIQUE_INDEXES } from './constraints';

/** What PostgreSQL (through pg or TypeORM) says about a failed statement. */
interface DriverError {
  code?: string;
  constraint?: string;
  detail?: string;
  column?: string;
  message?: string;
}

function driverErrorOf(e: unknown): DriverError | undefined {
  if (!e || typeof e !== 'object') return undefined;
  const inner = (e as { driverError?: unknown }).driverError; // TypeORM's QueryFailedError
  return (inner && typeof inner === 'object' ? inner : e) as DriverError;
}

/** The SQLSTATE of a failed statement (through pg or TypeORM), if it has one. */
export function sqlStateOf(e: unknown): string | undefined {
  const code = driverErrorOf(e)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** SQLSTATEs and socket errors that mean "the database is away", not "this request is wrong". */
const UNAVAILABLE_SQLSTATE = new Set(['57P01', '57P02', '57P03', '53300', '57014', '3D000']);
const UNAVAILABLE_SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not established|the database system is (shutting down|starting up)/i;

/** TypeORM errors raised when a connection was lost and released under a running request. */
const RELEASED_RUNNER = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);

/** snake_case column → the camelCase field clients send. */
const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** `Key (hsa_id)=(SE…) already exists.` → hsa_id; the first column of a composite key. */
function keyColumn(detail: string | undefined): string | undefined {
  const m = /^Key \(([a-z_]+)/.exec(detail ?? '');
  return m?.[1];
}

/**
 * The one mapping from a database error to what a client is told, or undefined when the error is
 * not one the API explains (it stays INTERNAL). `locate` turns a field name into its path in the
 * request's arguments (`hsaId` → `input.hsaId`) where it can.
 *
 * - unique violation → CONFLICT naming the field (see constraints.ts), e.g. two createStaff at once;
 * - serialization failure or deadlock → CONFLICT: someone else changed it at the same moment;
 * - foreign key violation → NOT_FOUND for a reference to nothing, CONFLICT for a delete of something still referred to;
 * - a check constraint a client's value can break (constraints.ts), a value the database cannot
 *   store (22xxx: too long, out of range, not a uuid) → BAD_USER_INPUT; other checks and not-null
 *   violations are faults of ours (INTERNAL);
 * - connection lost, database shutting down or gone, pool exhausted, statement timeout → SERVICE_UNAVAILABLE (HTTP 503).
 */
export function mapDatabaseError(e: unknown, locate: (field: string) => string = (f) => f): AppError | undefined {
  if (e instanceof AppError) return e;
  const d = driverErrorOf(e);
  if (!d) return undefined;
  const code = typeof d.code === 'string' ? d.code : '';
  // TypeORM's answers for a query on a connection the pool already dropped (the server went away mid-request).
  if (RELEASED_RUNNER.has(String((e as { name?: string }).name))) return serviceUnavailable();
  if (UNAVAILABLE_SQLSTATE.has(code) || code.startsWith('08') || UNAVAILABLE_SOCKET.has(code) || UNAVAILABLE_MESSAGE.test(d.message ?? '')) {
    return serviceUnavailable();
  }
  switch (code) {
    case '23505': {
      const meaning = d.constraint ? UNIQUE_INDEXES[d.constraint] : undefined;
      const field = meaning ? locate(meaning.field) : undefined;
      if (meaning && field) return conflict(`${field} ${meaning.message}`, { fields: [{ field, message: meaning.message }] });
      return conflict('Someone else saved the same thing at the same moment; reload and try again');
    }
    case '40001':
    case '40P01':
    case '55P03':
      return conflict('Someone else changed this at the same moment; reload and try again');
    case '23503': {
      const column = keyColumn(d.detail);
      if (/still referenced/.test(d.detail ?? '')) return conflict('Other records still refer to this; it cannot be removed');
      const field = column ? locate(camel(column)) : 'input';
      return new AppError(ErrorCode.NOT_FOUND, `${field} not found`, { fields: [{ field, message: 'refers to nothing that exists' }] });
    }
    case '23514': {
      const meaning = d.constraint ? CHECK_CONSTRAINTS[d.constraint] : undefined;
      if (!meaning) return undefined; // our own rule broken by our own write: a fault, INTERNAL
      const field = locate(meaning.field);
      return badInput([{ field, message: meaning.message }]);
    }
  }
  if (code.startsWith('22')) return badInput([{ field: locate('input'), message: 'holds a value the database cannot store' }]);
  return undefined;
}
