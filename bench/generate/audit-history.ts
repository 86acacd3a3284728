import { Client } from 'pg';

/**
 * Years of access-log history for a generated region (`--audit-years 5 --audit-rows-per-day N`),
 * on the session that generated the region (it reuses region.ts's pg_temp.r / pg_temp.id and its
 * gen_patient table, so the rows name the region's real patients, nurses, units and assignments).
 *
 * The volume a region really writes (docs/AUDIT-LOG.md, "How much"): the service writes one row per
 * patient per list read (a caseload page of 50 is 50 rows) and one per patient read or change. For
 * a region with 20,000 enrolled patients, about 1,400 staff use it on a day (a nurse per 25 enrolled,
 * rehabilitation staff and coordinators, the centres' GPs and nurses), each about 1,000 rows a day
 * (15 caseload pages of 50, 20 patients opened with a few reads each, inboxes and agendas): about
 * 1 to 1.5 million rows a day, some 2 billion rows in five years. That does not fit this machine's
 * disk or a benchmark's time, so the rate is a flag; the report says which was used.
 *
 * Every month of the span gets its partition first (so no row lands in the DEFAULT partition), then
 * one INSERT per month, the rows spread over the day and over the region's patients, with the mix of
 * operations of a working day (mostly list reads), about 1 % refused and 1 in 5,000 under emergency
 * access.
 */
export interface AuditHistoryOptions {
  years: number;
  rowsPerDay: number;
  /** The last day of the history (the region's "today"). */
  today: string;
  enrolled: number;
}

/** A deterministic number in [0, 1) for row n and a salt: PostgreSQL's own 64-bit hash (an md5 per row, as region.ts draws, is too slow for billions). */
const draw = (salt: number) => `((hashint8extended(n, ${salt}) & 2147483647) / 2147483648.0)`;

export async function generateAuditHistory(c: Client, o: AuditHistoryOptions, progress?: (line: string) => void): Promise<number> {
  // Who acts for each patient, computed once (region.ts's ids: the patient's nurse, the municipality's assignment, its units).
  await c.query(`DROP TABLE IF EXISTS gen_audit_actor`);
  await c.query(`CREATE TEMP TABLE gen_audit_actor AS
    SELECT i, id AS patient_id, pg_temp.id('mnurse', m * 10000 + nk) AS staff_id, pg_temp.id('asg', m) AS assignment_id,
           pg_temp.id('mun', m) AS municipality_id, pg_temp.id('vc', v) AS centre_id
      FROM gen_patient`);
  await c.query(`CREATE UNIQUE INDEX ON gen_audit_actor (i)`);
  await c.query(`ANALYZE gen_audit_actor`);
  const first = (await c.query<{ d: string }>(`SELECT to_char(date_trunc('month', date '${o.today}' - interval '${o.years} years'), 'YYYY-MM-DD') AS d`))
    .rows[0].d;
  await c.query(
    `SELECT audit_log_ensure_partition(m::date) FROM generate_series(date '${first}', date '${o.today}' + interval '3 months', interval '1 month') m`,
  );
  const months = (
    await c.query<{ from: string; to: string; base: string }>(
      `SELECT to_char(greatest(m, date '${o.today}' - interval '${o.years} years'), 'YYYY-MM-DD') AS from,
              to_char(least(m + interval '1 month', date '${o.today}' + 1), 'YYYY-MM-DD') AS to,
              (greatest(m, date '${o.today}' - interval '${o.years} years')::date - (date '${o.today}' - interval '${o.years} years')::date)::text AS base
         FROM generate_series(date '${first}', date '${o.today}', interval '1 month') m ORDER BY m`,
    )
  ).rows;
  let total = 0;
  for (const m of months) {
    // n numbers every row of the history (day × rowsPerDay + k): the choices are hashes of it.
    const res = await c.query(`
      INSERT INTO audit_log (at, request_id, staff_id, staff_hsa_id, assignment_id, organisation_id, role, patient_id, operation, purpose, emergency, outcome)
      SELECT r.d::timestamptz + ${draw(1)} * interval '1 day', NULL, a.staff_id, 'bench', a.assignment_id,
             CASE WHEN n % 4 = 0 THEN a.centre_id ELSE a.municipality_id END, 'NURSE', a.patient_id,
             CASE WHEN op < 0.60 THEN 'myPatients' WHEN op < 0.80 THEN 'patient' WHEN op < 0.90 THEN 'activeDeteriorationPlan'
                  WHEN op < 0.95 THEN 'dischargeInbox' ELSE 'updatePatient' END,
             'care', n % 5000 = 0, CASE WHEN n % 100 = 0 THEN 'REFUSED' ELSE 'ALLOWED' END::audit_outcome
        FROM (SELECT d, n, ${draw(2)} AS op, 1 + floor(${draw(3)} * ${o.enrolled})::int AS pi
                FROM generate_series(date '${m.from}', date '${m.to}' - 1, interval '1 day') WITH ORDINALITY AS days(d, j),
                     generate_series(1, ${o.rowsPerDay}) k,
                     LATERAL (SELECT (${m.base} + j - 1) * ${o.rowsPerDay} + k AS n) x) r
        JOIN gen_audit_actor a ON a.i = r.pi`);
    total += res.rowCount ?? 0;
    progress?.(`  audit history ${m.from.slice(0, 7)}: ${total} rows`);
  }
  await c.query(`ANALYZE audit_log`);
  return total;
}
