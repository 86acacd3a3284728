import { GraphQLSchemaHost } from '@nestjs/graphql';
import fc from 'fast-check';
import { GraphQLField } from 'graphql';
import { ACCESS } from '../src/app/registry';
import { DEMO_ORGS, DEMO_STAFF, DemoOrgKey, DemoStaffKey } from '../src/demo/region';
import { Clock } from '../src/common/clock';
import { documentOf, Mode, pointedArb, Pools, show, variablesArb } from './helpers/fuzz';
import { writeCounterDdl } from './helpers/matrix';
import { startTestApp, TestApp } from './helpers/test-app';

/**
 * Property-based robustness of every mutation, through the real GraphQL endpoint. From the schema,
 * each mutation gets generated variables for all its arguments (test/helpers/fuzz.ts: hostile
 * text, odd dates, real and random ids, wrong types, nulls, missing and unknown fields), sent as
 * demo staff in many roles (mostly ones the operation's policy admits, so that inputs reach the
 * resolvers). For every request:
 *  - no error is INTERNAL and no HTTP status is 5xx: whatever a client sends is answered with a
 *    client error (BAD_USER_INPUT, NOT_FOUND, ...) or succeeds;
 *  - a refusal writes nothing: when the answer has errors and no data for the mutation, no row
 *    outside audit_log changed (a row trigger on every other table counts writes, in the same
 *    transaction, so a rolled-back write counts nothing).
 * Inputs are a mix (see the modes in test/helpers/fuzz.ts): plausible ones, which get deepest;
 * plausible ones with one edge value somewhere (starting also from inputs that succeeded earlier in
 * the run); hostile content of the right types; and wrong types, which variable coercion refuses.
 * Sometimes the same request is sent twice at once (a duplicate submit), which finds unique-key
 * races. The run is printed: inputs, requests, how they ended, and which mutations never succeeded.
 *
 * Replay: the seed is printed, and FUZZ_SEED=<seed> runs the same inputs again, in the same order.
 * The ids are drawn from the rows of the database as the run has left them (so that later mutations
 * find what earlier ones created), in table order rather than by id, so the same seed picks the same
 * rows on every run. Replay the whole run: with FUZZ_ONLY=a,b (only those mutations) the tables
 * hold other rows, and so the inputs differ. FUZZ_RUNS sets the inputs per mutation (default 60),
 * FUZZ_VERBOSE=1 prints the outcomes per mutation. (Two requests sent at once race, so a failure
 * that needed the race may not come back on every replay.)
 */

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const ONLY = process.env.FUZZ_ONLY ? new Set(process.env.FUZZ_ONLY.split(',').map((s) => s.trim())) : null;

let t: TestApp;

interface Actor {
  label: string;
  staff: DemoStaffKey | null;
  org: DemoOrgKey | null;
  role: string | null;
}
/** Every assignment of the demo staff (nurses, MAS, physicians, hospital staff, coordinators, admins...), and no token at all. */
const ACTORS: Actor[] = (Object.entries(DEMO_STAFF) as Array<[DemoStaffKey, (typeof DEMO_STAFF)[DemoStaffKey]]>).flatMap(([staff, s]) =>
  (s.assignments as ReadonlyArray<readonly [DemoOrgKey, string]>).map(([org, role]) => ({ label: `${staff}@${org}/${role}`, staff, org, role })),
);
const ANONYMOUS: Actor = { label: 'anonymous', staff: null, org: null, role: null };
const tokens = new Map<string, string>();

async function tokenOf(a: Actor): Promise<string | undefined> {
  if (!a.staff) return undefined;
  let tok = tokens.get(a.label);
  if (!tok) tokens.set(a.label, (tok = await t.token(a.staff, a.org!, a.role!)));
  return tok;
}

beforeAll(async () => {
  t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_IP_PER_MINUTE: '0', RATE_LIMIT_EXPENSIVE_PER_MINUTE: '0' });
  for (const ddl of writeCounterDdl(await countedTables())) await t.sql(ddl);
});
afterAll(() => t?.close());

/** Every table of the public schema except the access log (and its partitions), the migrations table and the counter itself. */
async function countedTables(): Promise<string[]> {
  const rows = await t.sql<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
       AND table_name NOT IN ('audit_log', 'schema_migration', 'matrix_writes')
       AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = format('public.%I', table_name)::regclass) ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

async function writes(): Promise<number> {
  return Number((await t.sql(`SELECT n FROM matrix_writes`))[0].n);
}

/**
 * Real values to draw from: ids of every table, patients' personnummer, HSA-ids. In table order
 * (ctid), not by id: the demo data and the writes of a run come in the same order on every run, so
 * a seed picks the same rows again although their ids are new (the first and last 30 of a table).
 */
async function readPools(): Promise<Pools> {
  const tables = await t.sql<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'id' AND data_type = 'uuid' ORDER BY 1`,
  );
  const union = tables.map((r) => `(SELECT '${r.name}' AS t, id::text AS id, row_number() OVER (ORDER BY ctid) AS n FROM "${r.name}")`).join(' UNION ALL ');
  const ids: Record<string, string[]> = {};
  for (const r of await t.sql<{ t: string; id: string }>(`SELECT t, id FROM (${union}) x ORDER BY t, n`)) (ids[r.t] ??= []).push(r.id);
  const ends = <T>(xs: T[]) => (xs.length > 60 ? [...xs.slice(0, 30), ...xs.slice(-30)] : xs);
  for (const k of Object.keys(ids)) ids[k] = ends(ids[k]);
  const personnummer = ends((await t.sql<{ p: string }>(`SELECT personnummer AS p FROM patient ORDER BY ctid`)).map((r) => r.p));
  const hsaIds = ends(
    (
      await t.sql<{ h: string }>(
        `SELECT hsa_id AS h FROM (SELECT hsa_id, ctid, 0 AS k FROM organisation UNION ALL SELECT hsa_id, ctid, 1 FROM staff) x ORDER BY k, ctid`,
      )
    ).map((r) => r.h),
  );
  return { ids, personnummer, hsaIds, today: t.app.get(Clock).today() };
}

/**
 * The order of the run: mutations that create first (so that later ones find their records), those
 * that end or remove something last, and ending assignments at the very end (the demo tokens stop
 * working); alphabetical within each.
 */
function runOrder(ops: string[]): string[] {
  const phase = (op: string) =>
    op === 'endAssignment'
      ? 3
      : /^(create|register|open|add|enroll|draft|record|request|schedule|send|block|set)/.test(op)
        ? 0
        : /^(cancel|close|end|remove|withdraw|lift|revoke|discard)/.test(op)
          ? 2
          : 1;
  return [...ops].sort((a, b) => phase(a) - phase(b) || a.localeCompare(b));
}

interface Answer {
  status: number;
  body?: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; path?: unknown[]; extensions?: { code?: string } }> };
  /** The body when it was not JSON. */
  raw?: string;
  /** The x-request-id header, to find the request in the server log. */
  requestId?: string | null;
}

async function send(query: string, variables: Record<string, unknown>, token: string | undefined): Promise<Answer> {
  try {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(30_000),
    });
    const raw = await res.text();
    const requestId = res.headers.get('x-request-id');
    try {
      return { status: res.status, body: JSON.parse(raw) as Answer['body'], requestId };
    } catch {
      return { status: res.status, raw: raw.slice(0, 300), requestId };
    }
  } catch (e) {
    return { status: 599, raw: `no answer: ${String(e)}` };
  }
}

const showAnswer = (a: Answer) =>
  `HTTP ${a.status} (request ${a.requestId ?? '-'}) ${a.body ? show({ data: a.body.data, errors: a.body.errors?.map((e) => ({ code: e.extensions?.code, message: e.message, path: e.path })) }, 1_500) : JSON.stringify(a.raw)}`;

interface Case {
  actor: Actor;
  mode: Mode | 'pointed';
  twice: boolean;
  variables: Record<string, unknown>;
  /** How fast-check shows the case in a counterexample. */
  [fc.toStringMethod]: () => string;
}

/** How an answer ended, for the printed tally. */
function outcomeOf(op: string, a: Answer): string {
  if (!a.body) return `HTTP ${a.status}`;
  const e = a.body.errors?.[0];
  if (!e) return 'ok';
  // Errors raised before execution (variable coercion, validation) carry no path.
  return `${e.extensions?.code ?? 'no code'}${e.path?.[0] === op ? '' : ' (before execution)'}`;
}

it('the write counter counts committed writes outside audit_log, and not rolled-back ones', async () => {
  const tables = await countedTables();
  const [{ n: triggers }] = await t.sql(`SELECT count(DISTINCT tgrelid)::int AS n FROM pg_trigger WHERE tgname = 'matrix_count_write'`);
  expect(triggers).toBe(tables.length);
  expect(tables).toEqual(expect.arrayContaining(['patient', 'care_plan', 'task', 'staff', 'care_relationship']));

  // A successful mutation bumps it.
  const before = await writes();
  const admin = await t.token('perAdmin');
  const ok = await t.gql(
    `mutation { createStaff(input: { hsaId: "SE2120000530-FUZZ1", name: "Fuzz Kontroll", professionTitle: "Sjuksköterska", role: NURSE }) { id } }`,
    undefined,
    admin,
  );
  expect(ok.errors).toBeUndefined();
  const afterOk = await writes();
  expect(afterOk).toBeGreaterThan(before);

  // A write rolled back counts nothing; a committed one counts.
  const qr = t.ds.createQueryRunner();
  await qr.startTransaction();
  await qr.query(`UPDATE staff SET name = name WHERE hsa_id = 'SE2120000530-FUZZ1'`);
  await qr.rollbackTransaction();
  await qr.release();
  expect(await writes()).toBe(afterOk);
  await t.sql(`UPDATE staff SET name = name WHERE hsa_id = 'SE2120000530-FUZZ1'`);
  expect(await writes()).toBe(afterOk + 1);

  // A refusal (the same HSA-id again) writes nothing.
  const again = await t.gql(
    `mutation { createStaff(input: { hsaId: "SE2120000530-FUZZ1", name: "Fuzz Kontroll", professionTitle: "Sjuksköterska", role: NURSE }) { id } }`,
    undefined,
    admin,
  );
  expect(again.errors?.length).toBeGreaterThan(0);
  expect(await writes()).toBe(afterOk + 1);
});

it('every mutation, on generated inputs: never INTERNAL or 5xx, and a refusal writes nothing', async () => {
  const schema = t.app.get(GraphQLSchemaHost).schema;
  const fields = schema.getMutationType()?.getFields() ?? {};
  const all = Object.keys(fields).sort();
  const ops = runOrder(all).filter((o) => !ONLY || ONLY.has(o));
  const started = Date.now();
  const tried: Record<string, number> = {};
  const succeeded: Record<string, number> = {};
  const tally: Record<string, number> = {};
  const failures: string[] = [];
  let requests = 0;
  /** Outcomes per mutation (printed with FUZZ_VERBOSE=1). */
  const perOp: Record<string, Record<string, number>> = {};
  let last = await writes();
  let successesThatWrote = 0;

  console.log(`mutation fuzz: seed ${SEED} (replay with FUZZ_SEED=${SEED}), ${RUNS} inputs for each of ${ops.length} mutations`);

  for (const op of ops) {
    const field = fields[op] as GraphQLField<unknown, unknown>;
    const query = documentOf('mutation', field);
    const pools = await readPools();
    const rule = ACCESS.operations.get(op);
    const fitting = ACTORS.filter(
      (a) => rule && rule.roles.includes(a.role as never) && (!rule.organisations || rule.organisations.kinds.includes(DEMO_ORGS[a.org!].kind)),
    );
    const actor = fc.oneof(
      ...(fitting.length ? [{ weight: 14, arbitrary: fc.constantFrom(...fitting) }] : []),
      { weight: 5, arbitrary: fc.constantFrom(...ACTORS) },
      { weight: 1, arbitrary: fc.constant(ANONYMOUS) },
    );
    const twice = fc.oneof({ weight: 11, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });
    // Inputs that succeeded in this run (with their actor): pointed inputs start from them.
    const successes: Array<{ actor: Actor; variables: Record<string, unknown> }> = [];
    const plain = fc.record({ actor, variables: variablesArb(field, pools, 'plain') });
    const base = fc.oneof(
      { weight: 1, arbitrary: plain },
      { weight: 2, arbitrary: fc.nat().chain((i) => (successes.length ? fc.constant(successes[i % successes.length]) : plain)) },
    );
    const caseOf = (mode: Case['mode'], input: fc.Arbitrary<{ actor: Actor; variables: Record<string, unknown> }>) =>
      fc.record({ input, twice }).map(({ input: { actor: a, variables }, twice: tw }): Case => ({
        actor: a,
        mode,
        twice: tw,
        variables,
        [fc.toStringMethod]: () => `${op} as ${a.label} (${mode}${tw ? ', sent twice at once' : ''}): ${show(variables, 800)}`,
      }));
    const cases = fc.oneof(
      { weight: 3, arbitrary: caseOf('plain', plain) },
      { weight: 3, arbitrary: caseOf('pointed', pointedArb(field, pools, base)) },
      { weight: 2, arbitrary: caseOf('hostile', fc.record({ actor, variables: variablesArb(field, pools, 'hostile') })) },
      { weight: 2, arbitrary: caseOf('wrong', fc.record({ actor, variables: variablesArb(field, pools, 'wrong') })) },
    );

    const property = fc.asyncProperty(cases, async (c: Case) => {
      tried[op] = (tried[op] ?? 0) + 1;
      const token = await tokenOf(c.actor);
      const answers = c.twice ? await Promise.all([send(query, c.variables, token), send(query, c.variables, token)]) : [await send(query, c.variables, token)];
      requests += answers.length;
      const now = await writes();
      const wrote = now - last;
      last = now;
      const problems: string[] = [];
      for (const a of answers) {
        const outcome = outcomeOf(op, a);
        tally[outcome] = (tally[outcome] ?? 0) + 1;
        if (outcome === 'ok') succeeded[op] = (succeeded[op] ?? 0) + 1;
        (perOp[op] ??= {})[outcome] = (perOp[op][outcome] ?? 0) + 1;
        if (a.status >= 500) problems.push(`HTTP ${a.status}`);
        if (a.body?.errors?.some((e) => e.extensions?.code === 'INTERNAL')) problems.push('INTERNAL');
      }
      const refused = answers.every((a) => !!a.body?.errors?.length && a.body.data?.[op] == null);
      if (refused && wrote !== 0) problems.push(`refused, yet wrote ${wrote} row(s) outside audit_log`);
      if (!refused && answers.some((a) => !a.body?.errors) && wrote > 0) successesThatWrote++;
      if (!c.twice && answers[0].body && !answers[0].body.errors && successes.length < 30) successes.push({ actor: c.actor, variables: c.variables });
      if (problems.length) {
        throw new Error(
          `${op} as ${c.actor.label}${c.twice ? ' (sent twice at once)' : ''}: ${[...new Set(problems)].join(', ')}\n` +
            `  variables: ${show(c.variables)}\n` +
            answers.map((a) => `  answer: ${showAnswer(a)}`).join('\n'),
        );
      }
    });
    // One seed for the run; each mutation draws from its own stream of it.
    const seed = (SEED ^ hash(op)) | 0;
    const details = await fc.check(property, { seed, numRuns: RUNS });
    if (details.failed) {
      const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      failures.push(
        `[${op}] failed after ${details.numRuns} input(s), shrunk ${details.numShrinks} time(s) (fast-check seed ${seed}, path ${details.counterexamplePath})\n` +
          `Counterexample: ${details.counterexample ? fc.stringify(details.counterexample[0]) : '-'}\n${error}`,
      );
    }
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const inputs = Object.values(tried).reduce((s, n) => s + n, 0);
  const never = ops.filter((o) => !succeeded[o]);
  const fewest = Math.min(...ops.map((o) => tried[o] ?? 0));
  console.log(
    `mutation fuzz: ${inputs} inputs (${requests} requests, at least ${fewest} per mutation) over ${ops.length} mutations in ${seconds} s, seed ${SEED}; ` +
      `outcomes ${JSON.stringify(Object.fromEntries(Object.entries(tally).sort((a, b) => b[1] - a[1])))}; ` +
      `no success for ${never.length}: ${never.join(', ') || '-'}`,
  );

  // FUZZ_VERBOSE=1: how each mutation's inputs ended.
  if (process.env.FUZZ_VERBOSE) for (const [o, v] of Object.entries(perOp)) console.log(`  ${o}: ${JSON.stringify(v)}`);
  // Every mutation of the schema was tried (a new mutation is picked up from the schema; one the fuzzer cannot generate for fails here).
  const missing = (ONLY ? all.filter((o) => ONLY.has(o)) : all).filter((o) => (tried[o] ?? 0) < RUNS && !failures.some((f) => f.startsWith(`[${o}]`)));
  expect(missing, 'mutations not tried (or tried fewer times than FUZZ_RUNS)').toEqual([]);
  // The write check can fail: successful mutations were seen to write.
  expect(successesThatWrote, 'no successful mutation wrote a row: the write counter would not see a write either').toBeGreaterThan(0);
  expect(failures.length, `seed ${SEED} (replay with FUZZ_SEED=${SEED}): ${failures.length} mutation(s) failed\n\n${failures.join('\n\n')}`).toBe(0);
}, 600_000);

/** A stable 32-bit hash of a name (FNV-1a), to give each mutation its own stream of the seed. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}
