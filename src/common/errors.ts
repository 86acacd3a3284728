import { GraphQLError, GraphQLFormattedError } from 'graphql';

/** The only values `extensions.code` ever takes. Clients can switch on them. */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  PRECONDITION_FAILED = 'PRECONDITION_FAILED',
  INTERNAL = 'INTERNAL',
}

export interface FieldError {
  field: string;
  message: string;
}

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
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

export const unauthenticated = (message = 'A valid bearer token is required') => new AppError(ErrorCode.UNAUTHENTICATED, message);
export const forbidden = (message = 'Your role in this organisation may not do this') => new AppError(ErrorCode.FORBIDDEN, message);
export const notFound = (what: string) => new AppError(ErrorCode.NOT_FOUND, `${what} not found`);
export const conflict = (message: string, extra: Record<string, unknown> = {}) => new AppError(ErrorCode.CONFLICT, message, extra);
export const preconditionFailed = (message: string, extra: Record<string, unknown> = {}) =>
  new AppError(ErrorCode.PRECONDITION_FAILED, message, extra);

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
const ARG_RE = /^(?:Expected value of type "[^"]+", found [^;]*; )?(.*)$/s;

/**
 * The one mapping from anything thrown to what a client sees. Unknown errors become a generic
 * INTERNAL with no message detail; SQL, stack traces and personal data never leave the server.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, onInternal: (e: unknown) => void): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  const code = formatted.extensions?.code as string | undefined;
  const base = { locations: formatted.locations, path: formatted.path };

  if (original instanceof AppError || (code && KNOWN.has(code) && code !== ErrorCode.INTERNAL && !(original instanceof Error && !(original instanceof GraphQLError)))) {
    const { http: _http, stacktrace: _s, ...ext } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return { message: formatted.message, ...base, extensions: { ...ext, code: code ?? ErrorCode.INTERNAL } };
  }

  // Request documents the server refuses before running anything: parse, validation, limits.
  if (code === 'GRAPHQL_PARSE_FAILED' || code === 'GRAPHQL_VALIDATION_FAILED' || code === 'BAD_REQUEST' || code === 'PERSISTED_QUERY_NOT_SUPPORTED' || code === 'OPERATION_RESOLUTION_FAILURE') {
    return { message: formatted.message, ...base, extensions: { code: ErrorCode.BAD_USER_INPUT } };
  }
  // Scalar and variable coercion failures: name the field.
  if (code === 'BAD_USER_INPUT' || (!code && error instanceof GraphQLError && !error.originalError)) {
    const m = VARIABLE_RE.exec(formatted.message);
    const r = VARIABLE_ROOT_RE.exec(formatted.message);
    const field = m ? m[2] : r ? r[1] : undefined;
    const reason = m ? m[3] : r ? r[2] : ARG_RE.exec(formatted.message)?.[1] ?? formatted.message;
    return {
      message: formatted.message,
      ...base,
      extensions: { code: ErrorCode.BAD_USER_INPUT, fields: field ? [{ field, message: reason }] : [] },
    };
  }
  if (error instanceof GraphQLError && !error.originalError && code && !KNOWN.has(code)) {
    // Other Apollo-produced request errors (e.g. bad HTTP use) are the client's to fix.
    return { message: formatted.message, ...base, extensions: { code: ErrorCode.BAD_USER_INPUT } };
  }
  onInternal(original);
  return { message: 'Internal server error', ...base, extensions: { code: ErrorCode.INTERNAL } };
}
