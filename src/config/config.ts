import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting the service reads from its environment, validated once at start.
 * A bad value stops the process with a message naming the variable.
 */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);

const httpUrl = (what: string) =>
  z.preprocess(
    emptyToUndefined,
    z
      .url()
      .regex(/^https?:\/\//, `must be an http:// or https:// URL (${what})`)
      .optional(),
  );

/**
 * OpenTelemetry tracing (src/observability/tracing.ts). Read before anything else loads, so that
 * instrumentation is registered first; validated again with the rest by loadConfig.
 */
const TRACING_FIELDS = {
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl('the collector; traces go to <url>/v1/traces'),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: httpUrl('the full URL traces are posted to'),
  OTEL_TRACES_EXPORTER: z.preprocess(emptyToUndefined, z.enum(['otlp', 'none'], 'must be otlp or none').optional()),
  OTEL_SERVICE_NAME: z.preprocess(emptyToUndefined, z.string().min(1).max(100).default('esther')),
  OTEL_SDK_DISABLED: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).default('false')),
};

export interface TracingConfig {
  /** On when an OTLP endpoint is set or OTEL_TRACES_EXPORTER=otlp, unless OTEL_TRACES_EXPORTER=none or OTEL_SDK_DISABLED=true. */
  enabled: boolean;
  serviceName: string;
}

function tracingOf(c: z.infer<z.ZodObject<typeof TRACING_FIELDS>>): TracingConfig {
  const configured = !!(c.OTEL_EXPORTER_OTLP_ENDPOINT || c.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || c.OTEL_TRACES_EXPORTER === 'otlp');
  return { enabled: configured && c.OTEL_TRACES_EXPORTER !== 'none' && c.OTEL_SDK_DISABLED !== 'true', serviceName: c.OTEL_SERVICE_NAME };
}

/**
 * The tracing settings alone, for src/observability/tracing.ts (which runs before loadConfig).
 * Undefined when one of them is invalid: tracing stays off and loadConfig stops the service naming it.
 */
export function loadTracingConfig(env: NodeJS.ProcessEnv = process.env): TracingConfig | undefined {
  const parsed = z.object(TRACING_FIELDS).safeParse(env);
  return parsed.success ? tracingOf(parsed.data) : undefined;
}

export const configSchema = z
  .object({
    NODE_ENV: z.preprocess(emptyToUndefined, z.enum(['development', 'test', 'production']).default('development')),
    PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
    DATABASE_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection URL')
        .optional(),
    ),
    DATABASE_READ_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection URL (a streaming read replica of DATABASE_URL)')
        .optional(),
    ),
    DATABASE_DIRECT_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection URL (the primary itself, not through a pooler)')
        .optional(),
    ),
    DATABASE_POOLER: z.preprocess(emptyToUndefined, z.enum(['none', 'transaction'], 'must be none or transaction').default('none')),
    EMBEDDED_PG_DIR: z.preprocess(emptyToUndefined, z.string().default('.data/postgres')),
    EMBEDDED_PG_PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(0)),
    LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(LOG_LEVELS).default('info')),
    DEMO_DATA: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).default('true')),
    AUTH_JWKS_URL: z.preprocess(emptyToUndefined, z.url().optional()),
    AUTH_ISSUER: z.preprocess(emptyToUndefined, z.string().min(1).default('esther-dev')),
    AUTH_AUDIENCE: z.preprocess(emptyToUndefined, z.string().min(1).default('esther')),
    AUTH_DEV_SECRET: z.preprocess(
      emptyToUndefined,
      z.string().min(32, 'must be at least 32 characters').default('esther-development-signing-key-not-for-production-use'),
    ),
    PATIENT_TOKEN_JWKS_URL: z.preprocess(emptyToUndefined, z.url().optional()),
    PATIENT_TOKEN_ISSUER: z.preprocess(emptyToUndefined, z.string().min(1).default('esther-dev-patient')),
    PATIENT_TOKEN_AUDIENCE: z.preprocess(emptyToUndefined, z.string().min(1).default('esther-patient')),
    AUTH_ORG_CLAIM: z.preprocess(emptyToUndefined, z.string().min(1).default('org')),
    AUTH_ROLE_CLAIM: z.preprocess(emptyToUndefined, z.string().min(1).default('role')),
    AUTH_MAX_TOKEN_HOURS: z.preprocess(
      emptyToUndefined,
      z.coerce.number().positive('must be a positive number of hours').max(24, 'must be at most 24 hours (a working day and a night shift)').default(12),
    ),
    REQUEST_BODY_LIMIT: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^\d+(kb|mb)$/, 'must look like 100kb or 1mb')
        .default('200kb'),
    ),
    CORS_ORIGINS: z.preprocess(emptyToUndefined, z.string().default('')),
    REDIS_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
        .optional(),
    ),
    REPORT_SQL_COUNT: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).optional()),
    GRAPHQL_EXECUTOR: z.preprocess(emptyToUndefined, z.enum(['jit', 'standard'], 'must be jit or standard').default('standard')),
    RATE_LIMIT_PER_MINUTE: z.preprocess(emptyToUndefined, z.coerce.number().int('must be a whole number').min(0, 'must be 0 (off) or more').default(600)),
    RATE_LIMIT_EXPENSIVE_PER_MINUTE: z.preprocess(
      emptyToUndefined,
      z.coerce.number().int('must be a whole number').min(0, 'must be 0 (off) or more').default(30),
    ),
    RATE_LIMIT_IP_PER_MINUTE: z.preprocess(emptyToUndefined, z.coerce.number().int('must be a whole number').min(0, 'must be 0 (off) or more').default(6000)),
    SHUTDOWN_DRAIN_MS: z.preprocess(
      emptyToUndefined,
      z.coerce.number().int('must be a whole number of milliseconds').min(0).max(120_000, 'must be at most 120000 (2 minutes)').default(10_000),
    ),
    FOLLOW_UP_STATEMENT_TIMEOUT_MS: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number()
        .int('must be a whole number of milliseconds')
        .min(0, 'must be 0 (off) or more')
        .max(3_600_000, 'must be at most 3600000 (an hour)')
        .default(120_000),
    ),
    TRUST_PROXY: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(
          /^(false|true|loopback|\d{1,2}|[0-9a-fA-F.:/, ]+)$/,
          'must be false, true, loopback, a number of proxy hops, or addresses/subnets separated by commas',
        )
        .default('false'),
    ),
    ACKNOWLEDGEMENT_HOURS: z.preprocess(
      emptyToUndefined,
      z.coerce.number().positive('must be a positive number of hours').max(720, 'must be at most 720 hours (30 days)').default(24),
    ),
    EXPERIENCE_INTERVAL_DAYS: z.preprocess(
      emptyToUndefined,
      z.coerce.number().int('must be a whole number of days').min(30, 'must be at least 30 days').max(730, 'must be at most 730 days (two years)').default(180),
    ),
    METRICS_ENABLED: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).default('true')),
    METRICS_TOKEN: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .min(16, 'must be at least 16 characters')
        .max(256, 'must be at most 256 characters')
        .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces (it is sent in an Authorization header)')
        .optional(),
    ),
    RESERVE_SNAPSHOT_DIR: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .max(1024, 'must be at most 1024 characters')
        .refine((v) => path.isAbsolute(v), 'must be an absolute path (the directory the scheduled reserve snapshot files are written to)')
        .refine((v) => !v.includes('\0'), 'must not contain a NUL character')
        .optional(),
    ),
    RESERVE_SNAPSHOT_INTERVAL_MINUTES: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number()
        .int('must be a whole number of minutes')
        .min(1, 'must be at least 1 minute')
        .max(1440, 'must be at most 1440 minutes (a day)')
        .optional(),
    ),
    INBOX_REPLAY_DAYS: z.preprocess(
      emptyToUndefined,
      z.coerce.number().int('must be a whole number of days').min(1, 'must be at least 1 day').max(30, 'must be at most 30 days').default(7),
    ),
    INBOX_REPLAY_MAX_EVENTS: z.preprocess(
      emptyToUndefined,
      z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000, 'must be at most 10000').default(1000),
    ),
    INBOX_PRUNE_INTERVAL_MINUTES: z.preprocess(
      emptyToUndefined,
      z.coerce.number().int('must be a whole number of minutes').min(0, 'must be 0 (off) or more').max(1440, 'must be at most 1440 minutes (a day)').optional(),
    ),
    DEADLINE_WATCH_INTERVAL_SECONDS: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number()
        .int('must be a whole number of seconds')
        .min(0, 'must be 0 (off) or more')
        .max(3600, 'must be at most 3600 seconds (an hour)')
        .optional(),
    ),
    DEADLINE_WATCH_LOOKBACK_HOURS: z.preprocess(
      emptyToUndefined,
      z.coerce.number().int('must be a whole number of hours').min(1, 'must be at least 1 hour').max(720, 'must be at most 720 hours (30 days)').default(48),
    ),
    AUDIT_PARTITIONS_AHEAD: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number()
        .int('must be a whole number of months')
        .min(1, 'must be at least 1 month (next month’s partition must exist before it begins)')
        .max(24, 'must be at most 24 months')
        .default(3),
    ),
    AUDIT_RETENTION_YEARS: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number()
        .int('must be a whole number of years')
        .min(5, 'must be at least 5 years (the access log is kept at least five years)')
        .max(100, 'must be at most 100 years')
        .default(5),
    ),
    ...TRACING_FIELDS,
  })
  .superRefine((c, ctx) => {
    if (c.DATABASE_POOLER === 'transaction' && !c.DATABASE_DIRECT_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_DIRECT_URL'],
        message:
          'is required when DATABASE_POOLER=transaction (LISTEN/NOTIFY, the leader locks and the migrations need a session of their own on the primary, which a transaction pooler does not keep)',
      });
    }
    if (c.PATIENT_TOKEN_ISSUER === c.AUTH_ISSUER && c.PATIENT_TOKEN_AUDIENCE === c.AUTH_AUDIENCE) {
      ctx.addIssue({
        code: 'custom',
        path: ['PATIENT_TOKEN_AUDIENCE'],
        message: 'must differ from AUTH_AUDIENCE when PATIENT_TOKEN_ISSUER equals AUTH_ISSUER: a patient token must never pass for a staff token',
      });
    }
    if (c.RESERVE_SNAPSHOT_INTERVAL_MINUTES !== undefined && !c.RESERVE_SNAPSHOT_DIR) {
      ctx.addIssue({
        code: 'custom',
        path: ['RESERVE_SNAPSHOT_INTERVAL_MINUTES'],
        message: 'has no effect without RESERVE_SNAPSHOT_DIR: set the directory the reserve snapshot files go to, or leave both unset',
      });
    }
    if (c.NODE_ENV === 'production') {
      if (!c.DATABASE_URL) {
        ctx.addIssue({
          code: 'custom',
          path: ['DATABASE_URL'],
          message: 'is required when NODE_ENV=production (the embedded PostgreSQL is for development and tests only)',
        });
      }
      if (!c.AUTH_JWKS_URL) {
        ctx.addIssue({
          code: 'custom',
          path: ['AUTH_JWKS_URL'],
          message: 'is required when NODE_ENV=production (tokens must be verified against the identity provider)',
        });
      }
      if (c.AUTH_ISSUER === 'esther-dev') {
        ctx.addIssue({ code: 'custom', path: ['AUTH_ISSUER'], message: 'must name the identity provider when NODE_ENV=production' });
      }
      if (c.PATIENT_TOKEN_JWKS_URL && c.PATIENT_TOKEN_ISSUER === 'esther-dev-patient') {
        ctx.addIssue({ code: 'custom', path: ['PATIENT_TOKEN_ISSUER'], message: 'must name the patients’ identity provider when NODE_ENV=production' });
      }
      if (c.REPORT_SQL_COUNT === 'true') {
        ctx.addIssue({ code: 'custom', path: ['REPORT_SQL_COUNT'], message: 'is for development and benchmarks only' });
      }
    }
  });

export type RawConfig = z.infer<typeof configSchema>;

export interface AppConfig {
  nodeEnv: 'development' | 'test' | 'production';
  isProduction: boolean;
  port: number;
  databaseUrl?: string;
  /**
   * A streaming read replica of the primary (DATABASE_READ_URL): the joint follow-up's indicators
   * and the log review's reads go there; every write (their audit rows too) stays on the primary.
   * Unset: everything on the primary.
   */
  databaseReadUrl?: string;
  /**
   * The primary without a pooler in between (DATABASE_DIRECT_URL), for what needs a session: the
   * event bus's LISTEN/NOTIFY, the leader locks (session advisory locks) and the migrations.
   * Unset: the same as DATABASE_URL.
   */
  databaseDirectUrl?: string;
  /**
   * `transaction` when DATABASE_URL goes through a pooler in transaction mode (PgBouncer
   * pool_mode=transaction, before 1.21): statements are sent unnamed (still parameterised), since
   * a statement prepared on one server connection is not there on the next.
   */
  databasePooler: 'none' | 'transaction';
  embeddedPgDir: string;
  embeddedPgPort: number;
  logLevel: (typeof LOG_LEVELS)[number];
  demoData: boolean;
  auth: {
    jwksUrl?: string;
    issuer: string;
    audience: string;
    devSecret?: string;
    orgClaim: string;
    roleClaim: string;
    /** The longest a token may live (exp − iat, or exp − now without iat); a token without exp is refused. */
    maxTokenHours: number;
  };
  /**
   * Patients' sign-in (in Sweden the region's e-identification for 1177): a separate identity
   * provider whose tokens name the person by personnummer in `sub`. Its issuer and audience
   * always differ from the staff tokens', so neither kind of token is ever taken for the other.
   * Production: verified against PATIENT_TOKEN_JWKS_URL (without it, patients cannot sign in);
   * development and tests: the local key the staff tokens use.
   */
  patientAuth: {
    jwksUrl?: string;
    issuer: string;
    audience: string;
    devSecret?: string;
  };
  requestBodyLimit: string;
  corsOrigins: string[];
  reportSqlCount: boolean;
  /**
   * What runs a validated GraphQL operation (GRAPHQL_EXECUTOR): `jit`, each distinct document
   * compiled once into a JavaScript function (graphql-jit) and that function run per request;
   * `standard`, graphql-js's interpreter. Answers are the same (src/common/jit-executor.ts).
   */
  graphqlExecutor: 'jit' | 'standard';
  /** Inbox events travel over Redis pub/sub when set, else PostgreSQL LISTEN/NOTIFY. */
  redisUrl?: string;
  /**
   * Requests a minute: per actor (any operation), per actor for expensive operations (each root
   * field counted, aliases too), and per client address (every request to /graphql). 0 turns one off.
   */
  rateLimits: { perActor: number; expensivePerActor: number; perAddress: number };
  /** On SIGTERM/SIGINT, how long requests in flight get to finish before their connections are cut. */
  shutdownDrainMs: number;
  /**
   * How long one statement of the joint follow-up (indicators, comparison, CSV) may run before
   * PostgreSQL stops it (statement_timeout, set for its transaction only); 0: no limit. A client that
   * gave up does not stop its statements, so without a limit they run on and hold a connection.
   */
  followUpStatementTimeoutMs: number;
  /** Express's "trust proxy": which proxies' X-Forwarded-For names the client's address. */
  trustProxy: boolean | number | string;
  /** Hours a receiver has to acknowledge (kvittera) a discharge message or a handover. */
  acknowledgementHours: number;
  /** Days from one answered (or declined) experience survey to the next one due (EXPERIENCE_INTERVAL_DAYS). */
  experienceIntervalDays: number;
  /** GET /metrics (Prometheus); when `token` is set it requires `Authorization: Bearer <token>`. */
  metrics: { enabled: boolean; token?: string };
  /** OpenTelemetry traces (started by src/observability/tracing.ts before the application loads). */
  tracing: TracingConfig;
  /**
   * The reserve routine's schedule (reservrutin): with `dir`, one instance writes every home
   * healthcare unit's latest reserve snapshot (PDF and JSON) there every `intervalMinutes`. Off
   * without `dir`.
   */
  reserveSnapshot: { dir?: string; intervalMinutes: number };
  /**
   * The live inbox (docs/LIVE-EVENTS.md): a reconnecting subscriber is sent the events it missed
   * from the last `replayDays` days, at most `replayMaxEvents` of them (else it is told to reload);
   * one instance deletes older stored events every `pruneIntervalMinutes` (0: off). The deadline
   * watcher looks every `deadlineWatchSeconds` (0: off) for deadlines that fell due in the last
   * `deadlineLookbackHours` and raises one inbox event for each. Both are off in tests unless set.
   */
  liveEvents: { replayDays: number; replayMaxEvents: number; pruneIntervalMinutes: number; deadlineWatchSeconds: number; deadlineLookbackHours: number };
  /**
   * The access log (docs/AUDIT-LOG.md): one instance makes sure that the monthly partitions of the
   * current month and the next `partitionsAhead` exist, at start and daily; rows are kept and read
   * for `retentionYears` (the log extract and the review read no older rows; the archive command
   * detaches only partitions entirely older).
   */
  audit: { partitionsAhead: number; retentionYears: number };
}

/** Minutes between scheduled reserve snapshots when RESERVE_SNAPSHOT_DIR is set and the interval is not. */
export const DEFAULT_RESERVE_SNAPSHOT_INTERVAL_MINUTES = 60;

export class ConfigError extends Error {}

/** Parse and validate; throws ConfigError listing each bad variable by name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(environment)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const isProduction = c.NODE_ENV === 'production';
  return {
    nodeEnv: c.NODE_ENV,
    isProduction,
    port: c.PORT,
    databaseUrl: c.DATABASE_URL,
    databaseReadUrl: c.DATABASE_READ_URL,
    databaseDirectUrl: c.DATABASE_DIRECT_URL,
    databasePooler: c.DATABASE_POOLER,
    embeddedPgDir: c.EMBEDDED_PG_DIR,
    embeddedPgPort: c.EMBEDDED_PG_PORT,
    logLevel: c.LOG_LEVEL,
    demoData: c.DEMO_DATA === 'true',
    auth: {
      jwksUrl: c.AUTH_JWKS_URL,
      issuer: c.AUTH_ISSUER,
      audience: c.AUTH_AUDIENCE,
      // The local signing key is never honoured in production.
      devSecret: isProduction ? undefined : c.AUTH_DEV_SECRET,
      orgClaim: c.AUTH_ORG_CLAIM,
      roleClaim: c.AUTH_ROLE_CLAIM,
      maxTokenHours: c.AUTH_MAX_TOKEN_HOURS,
    },
    patientAuth: {
      jwksUrl: c.PATIENT_TOKEN_JWKS_URL,
      issuer: c.PATIENT_TOKEN_ISSUER,
      audience: c.PATIENT_TOKEN_AUDIENCE,
      devSecret: isProduction ? undefined : c.AUTH_DEV_SECRET,
    },
    requestBodyLimit: c.REQUEST_BODY_LIMIT,
    corsOrigins: c.CORS_ORIGINS.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    reportSqlCount: c.REPORT_SQL_COUNT ? c.REPORT_SQL_COUNT === 'true' : !isProduction,
    graphqlExecutor: c.GRAPHQL_EXECUTOR,
    redisUrl: c.REDIS_URL,
    acknowledgementHours: c.ACKNOWLEDGEMENT_HOURS,
    experienceIntervalDays: c.EXPERIENCE_INTERVAL_DAYS,
    rateLimits: { perActor: c.RATE_LIMIT_PER_MINUTE, expensivePerActor: c.RATE_LIMIT_EXPENSIVE_PER_MINUTE, perAddress: c.RATE_LIMIT_IP_PER_MINUTE },
    shutdownDrainMs: c.SHUTDOWN_DRAIN_MS,
    followUpStatementTimeoutMs: c.FOLLOW_UP_STATEMENT_TIMEOUT_MS,
    trustProxy: c.TRUST_PROXY === 'true' ? true : c.TRUST_PROXY === 'false' ? false : /^\d+$/.test(c.TRUST_PROXY) ? Number(c.TRUST_PROXY) : c.TRUST_PROXY,
    metrics: { enabled: c.METRICS_ENABLED === 'true', token: c.METRICS_TOKEN },
    tracing: tracingOf(c),
    reserveSnapshot: { dir: c.RESERVE_SNAPSHOT_DIR, intervalMinutes: c.RESERVE_SNAPSHOT_INTERVAL_MINUTES ?? DEFAULT_RESERVE_SNAPSHOT_INTERVAL_MINUTES },
    liveEvents: {
      replayDays: c.INBOX_REPLAY_DAYS,
      replayMaxEvents: c.INBOX_REPLAY_MAX_EVENTS,
      pruneIntervalMinutes: c.INBOX_PRUNE_INTERVAL_MINUTES ?? (c.NODE_ENV === 'test' ? 0 : 60),
      deadlineWatchSeconds: c.DEADLINE_WATCH_INTERVAL_SECONDS ?? (c.NODE_ENV === 'test' ? 0 : 60),
      deadlineLookbackHours: c.DEADLINE_WATCH_LOOKBACK_HOURS,
    },
    audit: { partitionsAhead: c.AUDIT_PARTITIONS_AHEAD, retentionYears: c.AUDIT_RETENTION_YEARS },
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
/** The connection URL actually in use (the embedded server's when DATABASE_URL is unset). */
export const DATABASE_URL = Symbol('DATABASE_URL');
/**
 * The primary without a pooler (DATABASE_DIRECT_URL, else the URL in use): for sessions that must
 * last beyond one transaction — LISTEN, session advisory locks (LeaderLock).
 */
export const DATABASE_DIRECT_URL = Symbol('DATABASE_DIRECT_URL');
