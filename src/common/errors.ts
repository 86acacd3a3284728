import { GraphQLError, GraphQLFormattedError } from 'graphql';

/** The only values `extensions.code` ever takes. Clients can switch on them. */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  PRECONDITION_FAILED = 'PRECONDITION_FAILED',
  /** Too many requests from this actor or address: wait `retryAfterSeconds` (HTTP 429, Retry-After). */
  RATE_LIMITED = 'RATE_LIMITED',
  /** The database cannot be reached right now: retry after `retryAfterSeconds` (HTTP 503, Retry-After). */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL = 'INTERNAL',
}

export interface FieldError {
  field: string;
  message: string;
}

/**
 * HTTP statuses of codes that concern the whole request. Field-level refusals (FORBIDDEN,
 * NOT_FOUND, BAD_USER_INPUT in a resolver, CONFLICT, PRECONDITION_FAILED) answer 200 with `errors`,
 * as GraphQL over HTTP does for a document that executed; see the README's error section.
 */
export const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
};

/** An error the API means to tell the client about; everything else becomes INTERNAL. */
export class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    super(message, {
      extensions: { code, ...extra, ...(HTTP_STATUS[code] ? { http: { status: HTTP_STATUS[code] } } : {}) },
    });
  }
}

/** Retry-After for SERVICE_UNAVAILABLE: a restart or failover of the database takes seconds. */
export const UNAVAILABLE_RETRY_SECONDS = 2;

export const serviceUnavailable = (retryAfterSeconds = UNAVAILABLE_RETRY_SECONDS) =>
  new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'The database is not reachable right now; retry shortly', { retryAfterSeconds });
export const rateLimited = (retryAfterSeconds: number, limit: string) =>
  new AppError(ErrorCode.RATE_LIMITED, `Too many requests (${limit}); retry after ${retryAfterSeconds} s`, { retryAfterSeconds, limit });
export const unauthenticated = (message = 'A valid bearer token is required') => new AppError(ErrorCode.UNAUTHENTICATED, message);
export const forbidden = (message = 'Your role in this organisation may not do this') => new AppError(ErrorCode.FORBIDDEN, message);
export const notFound = (what: string) => new AppError(ErrorCode.NOT_FOUND, `${what} not found`);
export const conflict = (message: string, extra: Record<string, unknown> = {}) => new AppError(ErrorCode.CONFLICT, message, extra);
export const preconditionFailed = (message: string, extra: Record<string, unknown> = {}) => new AppError(ErrorCode.PRECONDITION_FAILED, message, extra);

export function badInput(fields: FieldError[] | string, message?: string): AppError {
  const list = typeof fields === 'string' ? [{ field: fields, message: message ?? 'is invalid' }] : fields;
  return new AppError(ErrorCode.BAD_USER_INPUT, message && typeof fields !== 'string' ? message : describeFields(list), { fields: list });
}

function describeFields(fields: FieldError[]): string {
  return 'Invalid input: ' + fields.map((f) => `${f.field} ${f.message}`).join('; ');
}

const KNOWN = new Set<string>(Object.values(ErrorCode));

/** graphql-js variable coercion says e.g. `Variable "$input" got invalid value "x" at "input.hsaId"; ...`. */
const VARIABLE_RE = /^Variable "\$(\w+)" got invalid value .*? at "([^"]+)"; (.*)$/s;
const VARIABLE_ROOT_RE = /^Variable "\$(\w+)" got invalid value [^;]*; (.*)$/s;
/** …and for a required input field left out: `Field "reason" of required type "String!" was not provided.` */
const MISSING_FIELD_RE = /^Field "(\w+)" of required type "[^"]+" was not provided\.$/;

/**
 * The one mapping from anything thrown to what a client sees. Unknown errors become a generic
 * INTERNAL with no message detail; SQL, stack traces and personal data never leave the server.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  onInternal: (e: unknown) => void,
  explain: (e: unknown) => AppError | undefined = () => undefined,
  onRefusal: (code: string, path: GraphQLFormattedError['path']) => void = () => undefined,
): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  const code = formatted.extensions?.code as string | undefined;
  const base = { locations: formatted.locations, path: formatted.path };

  if (original instanceof AppError) {
    const { http: _http, stacktrace: _s, ...ext } = (formatted.extensions ?? {}) as Record<string, unknown>;
    onRefusal(original.code, formatted.path);
    return { message: formatted.message, ...base, extensions: ext };
  }
  // Thrown by our code or a library while executing: never shown to the client, unless it is one
  // the API explains (a database error outside a resolver, e.g. the database away during sign-in).
  if (original instanceof Error && !(original instanceof GraphQLError)) {
    const explained = explain(original);
    if (explained) {
      const { http: _http, ...ext } = explained.extensions as Record<string, unknown>;
      onRefusal(explained.code, formatted.path);
      return { message: explained.message, ...base, extensions: ext };
    }
    onInternal(original);
    return { message: 'Internal server error', ...base, extensions: { code: ErrorCode.INTERNAL } };
  }
  // Variable coercion (scalars such as HsaId, enums, required fields): name the field, with list
  // positions written as class-validator names them (`input.lines.1.route`, not `input.lines[1].route`).
  const m = VARIABLE_RE.exec(formatted.message);
  const r = m ? null : VARIABLE_ROOT_RE.exec(formatted.message);
  if (m || r) {
    const at = (m ? m[2] : r![1]).replace(/\[(\d+)\]/g, '.$1');
    const reason = m ? m[3] : r![2];
    // A required input field left out is reported at its object: name the field itself.
    const missing = MISSING_FIELD_RE.exec(reason);
    const field = missing ? `${at}.${missing[1]}` : at;
    return { message: formatted.message, ...base, extensions: { code: ErrorCode.BAD_USER_INPUT, fields: [{ field, message: reason }] } };
  }
  // Everything else Apollo or graphql-js refuses before running: parse, validation, limits, bad HTTP use.
  if (code && KNOWN.has(code) && code !== ErrorCode.INTERNAL) {
    return { message: formatted.message, ...base, extensions: { code } };
  }
  if (code === 'INTERNAL_SERVER_ERROR' || code === ErrorCode.INTERNAL) {
    onInternal(original);
    return { message: 'Internal server error', ...base, extensions: { code: ErrorCode.INTERNAL } };
  }
  return { message: formatted.message, ...base, extensions: { code: ErrorCode.BAD_USER_INPUT } };
}

/** Runs an insert; a unique-constraint violation (a concurrent duplicate) becomes CONFLICT. */
export async function uniqueOrConflict<T>(write: () => Promise<T>, message: string): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if ((e as { code?: string }).code === '23505') throw conflict(message);
    throw e;
  }
}
