import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { stockholmDate } from '../src/common/calendar';
import { BENCH_ACTOR } from './fixtures';
import { pageSql } from './floor';
import { number } from './lib/args';
import { benchDatabaseName, benchServer, dropDatabase, freshCopy } from './lib/db';
import { auditArgs, seedBenchDatabase } from './seed';

/**
 * What the access log costs a list read (`npm run bench:audit-cost -- --enrolled 20000 [--audit-years 5 --audit-rows-per-day N] [--iterations 400]`).
 *
 * The caseload's statements as the floor sends them (bench/floor.ts: the page with everything on
 * it, then the audit insert of one row per patient shown, each a named prepared statement), on one
 * connection, against a copy of the region (with its years of log history when asked): each
 * iteration times the read alone and the insert alone, in alternation, after a warm-up. The
 * answer: the insert's share of "read + insert", the database cost of a list read with its audit
 * row against the same statements without it. The service's own overhead (HTTP, GraphQL, the gate)
 * comes on top of the read and is not counted here, so the share of a whole request is smaller.
 */
async function main() {
  const enrolled = number('enrolled', 20000, 1);
  const seed = number('seed', 42, 1);
  const iterations = number('iterations', 400, 10);
  const first = number('first', 50, 1);
  const audit = auditArgs(process.argv);
  const server = await benchServer();
  try {
    await seedBenchDatabase(server.url, enrolled, seed, false, audit);
    const template = benchDatabaseName(enrolled, seed, audit);
    const url = await freshCopy(server.url, template, `${template}_cost`);
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      const actor = (
        await c.query(
          `SELECT s.id AS staff_id, a.id AS assignment_id, o.id AS organisation_id, a.role::text AS role FROM staff s
             JOIN assignment a ON a.staff_id = s.id JOIN organisation o ON o.id = a.organisation_id WHERE s.hsa_id = $1 AND o.hsa_id = $2 LIMIT 1`,
          [BENCH_ACTOR.staffHsaId, BENCH_ACTOR.organisationHsaId],
        )
      ).rows[0] as { staff_id: string; assignment_id: string; organisation_id: string; role: string };
      const { rows: logRows } = await c.query<{ n: string }>(`SELECT count(*)::text AS n FROM audit_log`);
      const today = stockholmDate(new Date());
      const read = () => c.query({ name: 'cost_page', text: pageSql(first + 1), values: [actor.organisation_id, actor.staff_id, today] });
      const insert = (ids: string[]) =>
        c.query({
          name: 'cost_audit',
          text: `INSERT INTO audit_log (request_id, staff_id, staff_hsa_id, assignment_id, organisation_id, role, patient_id, operation, purpose)
                 SELECT $1, $2, $3, $4, $5, $6, unnest($7::uuid[]), 'myPatients', 'care'`,
          values: [randomUUID(), actor.staff_id, BENCH_ACTOR.staffHsaId, actor.assignment_id, actor.organisation_id, actor.role, ids],
        });
      const times = { read: [] as number[], insert: [] as number[] };
      for (let i = 0; i < iterations + 50; i++) {
        const t0 = performance.now();
        const page = (await read()).rows.slice(0, first) as Array<{ id: string }>;
        const t1 = performance.now();
        await insert(page.map((r) => r.id));
        const t2 = performance.now();
        if (i < 50) continue; // warm-up
        times.read.push(t1 - t0);
        times.insert.push(t2 - t1);
      }
      const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const line = (name: string, xs: number[]) => `| ${name} | ${q(xs, 0.5).toFixed(2)} | ${q(xs, 0.95).toFixed(2)} | ${mean(xs).toFixed(2)} |`;
      const share = mean(times.insert) / (mean(times.read) + mean(times.insert));
      process.stdout.write(
        [
          `Region ${enrolled} enrolled${audit ? `, ${audit.years} years of access log at ${audit.rowsPerDay} rows/day` : ''}: ${logRows[0].n} log rows; caseload page of ${first}, ${iterations} iterations on one connection.`,
          '',
          '| statement | p50 ms | p95 ms | mean ms |',
          '|---|---:|---:|---:|',
          line('caseload page (read)', times.read),
          line(`audit insert (${first} rows)`, times.insert),
          line(
            'read + insert',
            times.read.map((r, i) => r + times.insert[i]),
          ),
          '',
          `The audit insert is ${(share * 100).toFixed(1)} % of read + insert (the read alone ${(100 * (mean(times.insert) / mean(times.read))).toFixed(1)} % slower with it).`,
          '',
        ].join('\n'),
      );
    } finally {
      await c.end();
      await dropDatabase(server.url, `${template}_cost`);
    }
  } finally {
    await server.stop();
  }
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
