import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { BENCH_ACTOR } from './fixtures';
import { number } from './lib/args';
import { benchDatabaseName, benchServer } from './lib/db';
import { auditArgs } from './seed';

/**
 * The log extract's and the review's statements on a generated region with years of log history
 * (`npm run build:bench && node dist/bench/audit-queries.js --enrolled 20000 --audit-years 5
 * --audit-rows-per-day 4000`; the region must exist: bench:seed). Read-only, on the template.
 *
 * "by id" is how they read before the log was partitioned (newest first by id, no bound on time);
 * "by time" is how they read now (newest first by time, from the retention start on: the newest
 * partitions' indexes, read backwards, until the page is full). Each statement for the same
 * patients, alternated, after a warm-up; with the partitions each plan reads.
 */
const COLUMNS =
  'l.id, l.at, l.request_id, l.staff_id, l.staff_hsa_id, l.assignment_id, l.organisation_id, l.role, l.patient_id, l.operation, l.purpose, l.emergency, l.outcome';
const STATEMENTS = {
  'extract, by id (before)': `SELECT ${COLUMNS} FROM audit_log l WHERE l.patient_id = $1::uuid AND $2::uuid IS NOT NULL ORDER BY l.id DESC LIMIT 21`,
  'extract, by time (now)': `SELECT ${COLUMNS} FROM audit_log l WHERE l.patient_id = $1::uuid AND $2::uuid IS NOT NULL AND l.at >= now() - interval '5 years' ORDER BY l.at DESC, l.id DESC LIMIT 21`,
  'review, by id (before)': `SELECT ${COLUMNS} FROM audit_log l WHERE l.organisation_id = $2::uuid AND l.patient_id = $1::uuid ORDER BY l.id DESC LIMIT 51`,
  'review, by time (now)': `SELECT ${COLUMNS} FROM audit_log l WHERE l.organisation_id = $2::uuid AND l.patient_id = $1::uuid AND l.at >= now() - interval '5 years' ORDER BY l.at DESC, l.id DESC LIMIT 51`,
};

async function main() {
  const enrolled = number('enrolled', 20000, 1);
  const seed = number('seed', 42, 1);
  const rounds = number('rounds', 200, 10);
  const audit = auditArgs(process.argv);
  const server = await benchServer();
  const c = new Client({ connectionString: server.url.replace(/\/[^/]*$/, '/' + benchDatabaseName(enrolled, seed, audit)) });
  await c.connect();
  try {
    const { rows: org } = await c.query<{ id: string }>(`SELECT id FROM organisation WHERE hsa_id = $1`, [BENCH_ACTOR.organisationHsaId]);
    const { rows: patients } = await c.query<{ id: string }>(
      `SELECT patient_id AS id FROM care_relationship WHERE organisation_id = $1 ORDER BY patient_id LIMIT 50`,
      [org[0].id],
    );
    const { rows: parts } = await c.query<{ n: string; rows: string }>(
      `SELECT count(*)::text AS n, sum(c.reltuples)::bigint::text AS rows FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'audit_log'::regclass`,
    );
    const times: Record<string, number[]> = Object.fromEntries(Object.keys(STATEMENTS).map((k) => [k, []]));
    for (let i = 0; i < rounds + 20; i++) {
      const p = patients[i % patients.length].id;
      for (const [name, sql] of Object.entries(STATEMENTS)) {
        const t0 = performance.now();
        await c.query({ name: name.replace(/\W+/g, '_'), text: sql, values: [p, org[0].id] });
        if (i >= 20) times[name].push(performance.now() - t0);
      }
    }
    const q = (xs: number[], f: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(f * xs.length))];
    const lines = [
      `Region ${enrolled} enrolled; audit_log: ${parts[0].n} partitions, ~${parts[0].rows} rows; ${rounds} rounds over ${patients.length} patients of the bench municipality; generic plans (named statements).`,
      '',
      '| statement | p50 ms | p95 ms | partitions planned / read | buffers (one run) |',
      '|---|---:|---:|---:|---:|',
    ];
    for (const [name, sql] of Object.entries(STATEMENTS)) {
      const plan = (await c.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, [patients[0].id, org[0].id])).rows[0]['QUERY PLAN'][0];
      const seen = new Set<string>();
      const read = new Set<string>();
      let buffers = 0;
      const walk = (n: Record<string, unknown>) => {
        if (typeof n['Relation Name'] === 'string') {
          seen.add(n['Relation Name']);
          if (Number(n['Actual Loops'] ?? 0) > 0) read.add(n['Relation Name']);
        }
        for (const ch of (n.Plans as Array<Record<string, unknown>>) ?? []) walk(ch);
      };
      walk(plan.Plan);
      buffers = Number(plan.Plan['Shared Hit Blocks'] ?? 0) + Number(plan.Plan['Shared Read Blocks'] ?? 0);
      lines.push(`| ${name} | ${q(times[name], 0.5).toFixed(2)} | ${q(times[name], 0.95).toFixed(2)} | ${seen.size} / ${read.size} | ${buffers} |`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await c.end();
    await server.stop();
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
