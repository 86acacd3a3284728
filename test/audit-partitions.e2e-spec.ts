import { QueryRunner } from 'typeorm';
import { AuditLogPartitions1797000000000 } from '../migrations/1797000000000-AuditLogPartitions';
import { signDevPatientToken } from '../src/auth/token.service';
import { AuditPartitions, ensurePartitions, monthStart, partitionName, retentionStart } from '../src/audit/audit-partitions';
import { ArchiveRefusal } from '../src/audit/audit-partitions';
import { parseAuditArchiveArgs, runAuditArchive } from '../src/cli/audit-archive';
import { Clock } from '../src/common/clock';
import { patientId, pnr } from './helpers/patients';
import { startTestApp, TestApp } from './helpers/test-app';

/**
 * The access log partitioned by month (docs/AUDIT-LOG.md), through the real service and database:
 * the migration keeps every row and every answer, the job makes partitions ahead and rehomes rows
 * of the DEFAULT partition, the archive command detaches only partitions older than the
 * retention, the log stays append-only on every partition, and the extract and review read only
 * the partitions of their period.
 */

let t: TestApp;
let esther: string;
let anna: string;
let jonkoping: string;
beforeAll(async () => {
  t = await startTestApp();
  esther = await patientId(t, 'esther');
  anna = await t.staffId('annaNurse');
  jonkoping = await t.orgId('jonkoping');
  // The job's run at start has finished before the tests look: a run here is refused while it is under way.
  while ((await t.app.get(AuditPartitions).runOnce()).outcome !== 'ran') await new Promise((r) => setTimeout(r, 50));
});
afterAll(async () => {
  t.app.get(Clock).set(null);
  await t.close();
});

const READ = `query($id: ID!) { patient(id: $id) { givenName } }`;
const EXTRACT = `query($p: ID!, $first: Int, $after: String) { patientLogExtract(patientId: $p, first: $first, after: $after) { edges { node { at operation emergency outcome } } pageInfo { hasNextPage endCursor } } }`;
const REVIEW = `query($p: ID, $from: String, $to: String, $first: Int, $after: String) { auditLog(patientId: $p, from: $from, to: $to, first: $first, after: $after) { edges { node { id at operation outcome patientId staff { name } } } pageInfo { hasNextPage endCursor } } }`;
const MY_LOG = `query($first: Int) { myLogExtract(first: $first) { edges { node { at who unit role operation outcome } } } }`;

/** The log reads themselves add rows to what they read: compared without them. */
const READS_OF_THE_LOG = new Set(['patientLogExtract', 'auditLog', 'myLogExtract']);

async function migrate(direction: 'up' | 'down') {
  const qr: QueryRunner = t.ds.createQueryRunner();
  try {
    await qr.startTransaction();
    await new AuditLogPartitions1797000000000()[direction](qr);
    await qr.commitTransaction();
  } catch (e) {
    await qr.rollbackTransaction();
    throw e;
  } finally {
    await qr.release();
  }
}

/** Every page of a list, `size` rows at a time (the cursors carried across). */
async function allPages(query: string, vars: Record<string, unknown>, token: string, field: string, size = 4) {
  const out: any[] = [];
  let after: string | null = null;
  for (;;) {
    const res = await t.gql(query, { ...vars, first: size, after }, token);
    expect(res.errors).toBeUndefined();
    const page: { edges: Array<{ node: unknown }>; pageInfo: { hasNextPage: boolean; endCursor: string } } = res.data[field];
    out.push(...page.edges.map((e: any) => e.node));
    if (!page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor;
  }
}

async function answers() {
  const mas = await t.token('birgittaMas');
  const patient = await signDevPatientToken(t.config, pnr('esther'));
  const my = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${patient}` },
    body: JSON.stringify({ query: MY_LOG, variables: { first: 100 } }),
  }).then((r) => r.json() as Promise<any>);
  expect(my.errors).toBeUndefined();
  const keep = (rows: any[]) => rows.filter((r) => !READS_OF_THE_LOG.has(r.operation));
  return {
    extract: keep(await allPages(EXTRACT, { p: esther }, mas, 'patientLogExtract')),
    review: keep(await allPages(REVIEW, { p: esther }, mas, 'auditLog')),
    mine: keep(my.data.myLogExtract.edges.map((e: any) => e.node)),
  };
}

/** Partitions attached to the log, by name. */
async function attached(): Promise<string[]> {
  return (
    await t.sql(`SELECT c.relname AS n FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'audit_log'::regclass ORDER BY 1`)
  ).map((r) => r.n);
}

describe('the log extract and the patient’s own reads', () => {
  it('shows the patient’s own reads with no unit (byPatient), and every unit’s read with its unit', async () => {
    const patient = await signDevPatientToken(t.config, pnr('esther'));
    const my = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${patient}` },
      body: JSON.stringify({ query: MY_LOG, variables: { first: 1 } }),
    }).then((r) => r.json() as Promise<any>);
    expect(my.errors).toBeUndefined();
    const mas = await t.token('birgittaMas');
    const res = await t.gql(
      `query($p: ID!) { patientLogExtract(patientId: $p, first: 100) { edges { node { operation byPatient organisation { name } } } } }`,
      { p: esther },
      mas,
    );
    expect(res.errors).toBeUndefined();
    const rows = res.data.patientLogExtract.edges.map((e: any) => e.node);
    const own = rows.filter((r: any) => r.operation === 'myLogExtract');
    expect(own.length).toBeGreaterThan(0);
    for (const r of own) expect(r).toEqual({ operation: 'myLogExtract', byPatient: true, organisation: null });
    const units = rows.filter((r: any) => !r.byPatient);
    expect(units.length).toBeGreaterThan(0);
    for (const r of units) expect(r.organisation?.name).toEqual(expect.any(String));
  });
});

describe('the migration', () => {
  it('moves every row into monthly partitions: the log extract, the review and the patient’s own extract read the same before and after', async () => {
    await migrate('down');
    expect((await t.sql(`SELECT relkind FROM pg_class WHERE relname = 'audit_log'`))[0].relkind).toBe('r');
    // Rows of the service, and rows written months and years ago (one older than the retention).
    for (let i = 0; i < 3; i++) expect((await t.gql(READ, { id: esther }, await t.token('annaNurse'))).errors).toBeUndefined();
    const [{ assignment }] = await t.sql(`SELECT id AS assignment FROM assignment WHERE staff_id = $1 LIMIT 1`, [anna]);
    for (const age of ['14 months', '4 years 11 months', '6 years', '2 days']) {
      await t.sql(
        `INSERT INTO audit_log (at, staff_id, staff_hsa_id, assignment_id, organisation_id, role, patient_id, operation, purpose)
         VALUES (now() - $1::interval, $2, 'SE2120000530-S101', $3, $4, 'NURSE', $5, 'patient', 'care')`,
        [age, anna, assignment, jonkoping, esther],
      );
    }
    const before = await answers();
    const ids = (await t.sql(`SELECT count(*)::int AS n, max(id)::text AS max FROM audit_log`))[0];

    await migrate('up');
    expect((await t.sql(`SELECT relkind FROM pg_class WHERE relname = 'audit_log'`))[0].relkind).toBe('p');
    expect((await t.sql(`SELECT count(*)::int AS n, max(id)::text AS max FROM audit_log`))[0]).toEqual(ids);
    // A partition for every month a row fell in; none of them in the DEFAULT partition.
    const months = (await t.sql(`SELECT DISTINCT tableoid::regclass::text AS p, date_trunc('month', at AT TIME ZONE 'UTC') AS m FROM audit_log`)).map(
      (r) => r.p,
    );
    expect(months).not.toContain('audit_log_default');
    const now = new Date();
    for (const back of [14, 59, 72]) expect(months).toContain(partitionName(monthStart(now, -back)));
    const after = await answers();
    expect(after).toEqual(before);
    // Within the retention (five years): the rows of 14 months and 4 years 11 months ago; not the one of 6 years ago.
    const years = after.extract.map((e: any) => Math.round((now.getTime() - Date.parse(e.at)) / (365.25 * 86_400_000)));
    expect(years).toContain(1);
    expect(years).toContain(5);
    expect(years.every((y: number) => y <= 5)).toBe(true);
    expect(after.review.filter((e: any) => Date.parse(e.at) < monthStart(now, -12).getTime())).toHaveLength(2);
    expect(after.mine.length).toBe(after.extract.length);

    // New rows get new ids after the copied ones, in this month's partition, at the top of the extract.
    expect((await t.gql(READ, { id: esther }, await t.token('annaNurse'))).errors).toBeUndefined();
    const [row] = await t.sql(`SELECT id, at, tableoid::regclass::text AS p FROM audit_log WHERE operation = 'patient' ORDER BY id DESC LIMIT 1`);
    expect(BigInt(row.id)).toBeGreaterThan(BigInt(ids.max));
    expect(row.p).toBe(partitionName(now));
    const latest = await answers();
    expect(Date.parse(latest.extract[0].at)).toBe(row.at.getTime());
    expect(latest.extract.slice(1)).toEqual(after.extract);
  });
});

describe('the partitions made ahead', () => {
  it('makes the current month and the next AUDIT_PARTITIONS_AHEAD months at start, then nothing more on a second run', async () => {
    const now = new Date();
    const parts = await attached();
    for (let k = 0; k <= t.config.audit.partitionsAhead; k++) expect(parts).toContain(partitionName(monthStart(now, k)));
    expect(parts).toContain('audit_log_default');
    const jobs = t.app.get(AuditPartitions);
    expect(await jobs.runOnce()).toEqual({ outcome: 'ran', result: { created: [], rehomed: 0 } });
  });

  it('follows the clock: a run in a later month makes that month and the next three, once', async () => {
    const clock = t.app.get(Clock);
    const jobs = t.app.get(AuditPartitions);
    try {
      clock.set(new Date('2031-11-15T10:00:00Z'));
      expect(await jobs.runOnce()).toEqual({
        outcome: 'ran',
        result: { created: ['audit_log_y2031m11', 'audit_log_y2031m12', 'audit_log_y2032m01', 'audit_log_y2032m02'], rehomed: 0 },
      });
      expect(await jobs.runOnce()).toEqual({ outcome: 'ran', result: { created: [], rehomed: 0 } });
    } finally {
      clock.set(null);
    }
  });

  it('makes each partition once when two runs race (two instances, no lock between them)', async () => {
    const at = new Date('2033-04-02T00:00:00Z');
    const [a, b] = await Promise.all([ensurePartitions(t.ds, at, 2), ensurePartitions(t.ds, at, 2)]);
    expect([...a.created, ...b.created].sort()).toEqual(['audit_log_y2033m04', 'audit_log_y2033m05', 'audit_log_y2033m06']);
    expect((await attached()).filter((n) => n.startsWith('audit_log_y2033'))).toEqual(['audit_log_y2033m04', 'audit_log_y2033m05', 'audit_log_y2033m06']);
  });

  it('never fails a write for want of a partition: the row waits in the DEFAULT partition, and the next run moves it into its month', async () => {
    const clock = t.app.get(Clock);
    try {
      clock.set(new Date('2036-07-04T09:00:00Z'));
      expect((await t.gql(READ, { id: esther }, await t.token('annaNurse'))).errors).toBeUndefined();
      const [row] = await t.sql(`SELECT id::text, tableoid::regclass::text AS p FROM audit_log WHERE at >= '2036-07-01' AND operation = 'patient'`);
      expect(row.p).toBe('audit_log_default');
      const run = await t.app.get(AuditPartitions).runOnce();
      expect(run).toMatchObject({ outcome: 'ran', result: { rehomed: 1 } });
      expect((await t.sql(`SELECT tableoid::regclass::text AS p FROM audit_log WHERE id = $1`, [row.id]))[0].p).toBe('audit_log_y2036m07');
      expect((await t.sql(`SELECT count(*)::int AS n FROM audit_log_default`))[0].n).toBe(0);
      // The new DEFAULT partition is append-only too.
      await expect(t.sql(`TRUNCATE audit_log_default`)).rejects.toThrow(/append-only/);
      // Still in the patient's extract.
      const mas = await t.token('birgittaMas');
      const first = await t.gql(EXTRACT, { p: esther, first: 2 }, mas);
      expect(first.data.patientLogExtract.edges.map((e: any) => e.node)).toEqual([
        expect.objectContaining({ at: '2036-07-04T09:00:00.000Z', operation: 'patientLogExtract' }),
        expect.objectContaining({ at: '2036-07-04T09:00:00.000Z', operation: 'patient' }),
      ]);
    } finally {
      clock.set(null);
    }
  });
});

describe('append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE on the log, on a monthly partition and on the DEFAULT partition', async () => {
    const month = partitionName(new Date());
    // A row in the DEFAULT partition too (a month without a partition yet), so that its row trigger has a row to refuse.
    const [{ assignment }] = await t.sql(`SELECT id AS assignment FROM assignment WHERE staff_id = $1 LIMIT 1`, [anna]);
    await t.sql(
      `INSERT INTO audit_log (at, staff_id, staff_hsa_id, assignment_id, organisation_id, role, patient_id, operation, purpose)
       VALUES ('2040-01-01T00:00:00Z', $1, 'SE2120000530-S101', $2, $3, 'NURSE', $4, 'patient', 'care')`,
      [anna, assignment, jonkoping, esther],
    );
    expect((await t.sql(`SELECT count(*)::int AS n FROM audit_log_default`))[0].n).toBe(1);
    const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM audit_log`);
    expect((await t.sql(`SELECT count(*)::int AS n FROM ${month}`))[0].n).toBeGreaterThan(0);
    for (const table of ['audit_log', month, 'audit_log_default']) {
      await expect(t.sql(`UPDATE ${table} SET purpose = 'tampered'`)).rejects.toThrow(/append-only/);
      await expect(t.sql(`DELETE FROM ${table}`)).rejects.toThrow(/append-only/);
      await expect(t.sql(`TRUNCATE ${table}`)).rejects.toThrow(/append-only/);
    }
    expect((await t.sql(`SELECT count(*)::int AS n FROM audit_log`))[0].n).toBe(n);
  });
});

describe('partition pruning', () => {
  /** The SQL statements the service sends while `fn` runs, with their parameters. */
  async function statementsOf(fn: () => Promise<unknown>): Promise<Array<{ sql: string; params: unknown[] }>> {
    const seen: Array<{ sql: string; params: unknown[] }> = [];
    const query = t.ds.query.bind(t.ds);
    const spy = vi.spyOn(t.ds, 'query').mockImplementation((sql: string, params?: any) => {
      seen.push({ sql, params: (params as unknown[]) ?? [] });
      return query(sql, params);
    });
    try {
      await fn();
    } finally {
      spy.mockRestore();
    }
    return seen;
  }

  /** The audit_log partitions a statement's plan reads. */
  async function partitionsRead(s: { sql: string; params: unknown[] }): Promise<string[]> {
    const [{ 'QUERY PLAN': plan }] = await t.sql(`EXPLAIN (FORMAT JSON) ${s.sql}`, s.params);
    const names = new Set<string>();
    const walk = (node: any) => {
      if (typeof node?.['Relation Name'] === 'string' && node['Relation Name'].startsWith('audit_log')) names.add(node['Relation Name']);
      for (const child of node?.Plans ?? []) walk(child);
    };
    walk(plan[0].Plan);
    return [...names].sort();
  }

  it('the log extract and the review read only the partitions of their period, never those older than the retention', async () => {
    const now = new Date();
    // Partitions from before the retention up to now (the migration made those of the rows it copied).
    await ensurePartitions(t.ds, monthStart(now, -63), 4);
    const kept = retentionStart(now, t.config.audit.retentionYears);
    const mas = await t.token('birgittaMas');

    const extract = (await statementsOf(() => t.gql(EXTRACT, { p: esther, first: 3 }, mas))).filter((s) => /FROM audit_log l WHERE l\.patient_id/.test(s.sql));
    expect(extract).toHaveLength(1);
    const read = await partitionsRead(extract[0]);
    expect(read).toContain(partitionName(now));
    expect(read).toContain(partitionName(monthStart(kept, 1)));
    // Nothing ending before the retention starts.
    const all = await attached();
    const old = all.filter((n) => /^audit_log_y/.test(n) && n < partitionName(kept));
    expect(old.length).toBeGreaterThan(0);
    for (const n of old) expect(read).not.toContain(n);

    // A page further on reads nothing newer than its cursor's month: the page ending at the row of 14 months ago.
    const page1 = await t.gql(EXTRACT, { p: esther, first: 100 }, mas);
    const edges = page1.data.patientLogExtract.edges.map((e: any) => e.node);
    const upTo = edges.findIndex((e: any) => Date.parse(e.at) < monthStart(now, -12).getTime());
    expect(upTo).toBeGreaterThan(0);
    // Each extract adds its own row at the top: one more row to reach the same one.
    const cursor = (await t.gql(EXTRACT, { p: esther, first: upTo + 2 }, mas)).data.patientLogExtract.pageInfo.endCursor;
    const next = (await statementsOf(() => t.gql(EXTRACT, { p: esther, first: 3, after: cursor }, mas))).filter((s) =>
      /FROM audit_log l WHERE l\.patient_id/.test(s.sql),
    );
    const nextRead = await partitionsRead(next[0]);
    const cursorMonth = partitionName(new Date(edges[upTo].at));
    expect(nextRead).toContain(cursorMonth);
    expect(nextRead.filter((n) => n.startsWith('audit_log_y') && n > cursorMonth)).toEqual([]);

    // The review of one month reads that month's partition alone.
    const from = monthStart(now, -2);
    await ensurePartitions(t.ds, from, 0);
    const review = (
      await statementsOf(() => t.gql(REVIEW, { p: esther, from: from.toISOString(), to: monthStart(now, -1).toISOString(), first: 10 }, mas))
    ).filter((s) => /FROM audit_log l WHERE l\.organisation_id/.test(s.sql));
    expect(review).toHaveLength(1);
    expect(await partitionsRead(review[0])).toEqual([partitionName(from)]);
    // Without a period: the retention bounds it.
    const open = (await statementsOf(() => t.gql(REVIEW, { p: esther, first: 10 }, mas))).filter((s) =>
      /FROM audit_log l WHERE l\.organisation_id/.test(s.sql),
    );
    const openRead = await partitionsRead(open[0]);
    for (const n of old) expect(openRead).not.toContain(n);
    expect(openRead).toContain(partitionName(now));
  });
});

describe('the archive command', () => {
  it('reads its arguments, naming a mistake', () => {
    expect(parseAuditArchiveArgs(['--before', '2021-12', '--dry-run'])).toEqual({ before: '2021-12', dryRun: true });
    expect(parseAuditArchiveArgs(['--before=2021-12'])).toEqual({ before: '2021-12', dryRun: false });
    expect(parseAuditArchiveArgs(['--help'])).toBe('help');
    expect(() => parseAuditArchiveArgs(['--before'])).toThrow(ArchiveRefusal);
    expect(() => parseAuditArchiveArgs(['--after', 'x'])).toThrow(/not an argument/);
  });

  it('detaches only partitions older than the retention, refuses younger ones, and says how to dump and drop them', async () => {
    const now = new Date();
    const years = t.config.audit.retentionYears;
    await ensurePartitions(t.ds, monthStart(now, -75), 2);
    const kept = retentionStart(now, years);
    const young = partitionName(monthStart(kept, 1));
    expect(await attached()).toContain(young);

    // A month younger than the retention: refused, nothing detached.
    const tooYoung = monthStart(kept, 1).toISOString().slice(0, 7);
    await expect(runAuditArchive(t.ds, { before: tooYoung, dryRun: false }, now, years)).rejects.toThrow(ArchiveRefusal);
    await expect(runAuditArchive(t.ds, { before: '2021-13', dryRun: false }, now, years)).rejects.toThrow(/not a month/);

    const due = (await attached()).filter((n) => /^audit_log_y/.test(n) && n < partitionName(kept));
    // A row in the youngest of them, to show it stays unchangeable once detached.
    const [{ assignment }] = await t.sql(`SELECT id AS assignment FROM assignment WHERE staff_id = $1 LIMIT 1`, [anna]);
    await t.sql(
      `INSERT INTO audit_log (at, staff_id, staff_hsa_id, assignment_id, organisation_id, role, patient_id, operation, purpose)
       VALUES ($1::timestamptz + interval '1 day', $2, 'SE2120000530-S101', $3, $4, 'NURSE', $5, 'patient', 'care')`,
      [monthStart(now, -61), anna, assignment, jonkoping, esther],
    );
    expect(due[due.length - 1]).toBe(partitionName(monthStart(now, -61)));
    expect(due).toEqual(expect.arrayContaining([partitionName(monthStart(now, -75)), partitionName(monthStart(now, -73))]));
    const dry = await runAuditArchive(t.ds, { dryRun: true }, now, years);
    expect(dry.result.detached.map((p) => p.name)).toEqual(due);
    expect(dry.report).toMatch(/dry run/);
    expect((await attached()).filter((n) => due.includes(n))).toEqual(due);

    // Only the two oldest months.
    const before = monthStart(now, -73).toISOString().slice(0, 7);
    const some = await runAuditArchive(t.ds, { before, dryRun: false }, now, years);
    expect(some.result.detached.map((p) => p.name)).toEqual([partitionName(monthStart(now, -75)), partitionName(monthStart(now, -74))]);

    const run = await runAuditArchive(t.ds, { dryRun: false }, now, years);
    const rest = due.filter((n) => !some.result.detached.some((p) => p.name === n));
    expect(run.result.detached.map((p) => p.name)).toEqual(rest);
    const still = await attached();
    for (const n of due) expect(still).not.toContain(n);
    expect(still).toContain(young);
    expect(still).toContain(partitionName(now));
    for (const n of due) expect(run.report).toContain(`pg_dump --format=custom --table=public.${n} --file=${n}.dump`);

    // A detached partition still refuses changes until it is dropped.
    const gone = due[due.length - 1];
    await expect(t.sql(`UPDATE ${gone} SET purpose = 'tampered'`)).rejects.toThrow(/append-only/);
    await expect(t.sql(`DELETE FROM ${gone}`)).rejects.toThrow(/append-only/);
    await expect(t.sql(`TRUNCATE ${gone}`)).rejects.toThrow(/append-only/);

    // Nothing more to detach; the detached ones are listed until dropped.
    const again = await runAuditArchive(t.ds, { dryRun: false }, now, years);
    expect(again.result.detached).toEqual([]);
    expect(again.result.waiting.map((p) => p.name)).toEqual(due);
    await t.sql(`DROP TABLE ${gone}`);
    expect((await runAuditArchive(t.ds, { dryRun: true }, now, years)).result.waiting.map((p) => p.name)).not.toContain(gone);
  });
});
