import { Client } from 'pg';
import { STOCKHOLM_SQL } from '../../src/common/calendar';
import { generateCarePlans } from './care-plans';
import { defineWho, loadDemoMap } from './clone';
import { generateDeteriorationPlans } from './deterioration-plans';
import { generateDischarges } from './discharges';
import { generateRounds } from './rounds';

/**
 * A whole region, generated inside PostgreSQL (INSERT … SELECT over generate_series): 13
 * municipalities of uneven size, ~50 primary care centres (a fifth privately run), 3 hospitals with
 * 3 wards each, staff in every role, and the enrolled patients with their enrollment, care team,
 * consents and access-log history; then their care (care-plans.ts, deterioration-plans.ts,
 * rounds.ts, discharges.ts): SIPs with versions, deterioration plans, round history with tasks,
 * hospital stays, cloned from the demo data. Deterministic for a seed: every "random" choice is a
 * hash of (seed, row, purpose), and every id is a hash too, so reruns produce identical data.
 * Dates are relative to BENCH_TODAY, fixed so that a seed always means the same region.
 */
export interface RegionSize {
  enrolled: number;
  seed: number;
}

export const MUNICIPALITIES = 13;
export const CENTRES = 50;
export const HOSPITALS = 3;
export const WARDS_PER_HOSPITAL = 3;
/**
 * Bumped whenever the generator (or the schema it fills) changes: the generated region is kept as a
 * template database named after it, so an old region is never mistaken for a current one.
 */
export const GENERATOR_VERSION = 3;
/** "Today" of the generated region: what is recent, due or overdue is relative to it (the demo's "now" too). */
export const BENCH_TODAY = '2026-11-22';

export async function generateRegion(c: Client, { enrolled, seed }: RegionSize): Promise<void> {
  if (process.env.BENCH_VERBOSE === '2') traceStatements(c);
  const s = String(seed);
  await c.query(`SET max_parallel_workers_per_gather = 0`);
  // Dates of timestamps, and whole-day shifts across daylight saving, as in Sweden.
  await c.query(`SET TIME ZONE ${STOCKHOLM_SQL}`);
  // r(salt, i) in [0,1): deterministic pseudo-random; id(kind, i): deterministic uuid, shaped as a
  // version-4 one (the API accepts only RFC 4122 ids as arguments).
  await c.query(`CREATE OR REPLACE FUNCTION pg_temp.r(salt text, i bigint) RETURNS double precision IMMUTABLE LANGUAGE sql AS
    $$ SELECT ('x' || substr(md5('${s}:' || salt || ':' || i), 1, 8))::bit(32)::bigint / 4294967296.0 $$`);
  await c.query(`CREATE OR REPLACE FUNCTION pg_temp.id(kind text, i bigint) RETURNS uuid IMMUTABLE LANGUAGE sql AS
    $$ SELECT (substr(h, 1, 12) || '4' || substr(h, 14, 3) || substr('89ab', 1 + position(substr(h, 17, 1) IN '0123456789abcdef') % 4, 1) || substr(h, 18))::uuid
         FROM (SELECT md5('${s}:' || kind || ':' || i) AS h) x $$`);

  // Organisations. Municipality m has weight w(m) = 13 - m + 1 (the largest first), for patient shares.
  await c.query(`
    INSERT INTO organisation (id, hsa_id, kind, name, municipality_code, principal_name, privately_run, parent_id)
    SELECT pg_temp.id('mun', m), 'SE21200009' || lpad(m::text, 2, '0') || '-HS' || m, 'MUNICIPALITY',
           'Hemsjukvården kommun ' || m || ' (bench)', lpad((600 + m)::text, 4, '0'), 'Kommun ' || m, false, NULL
      FROM generate_series(1, ${MUNICIPALITIES}) m`);
  await c.query(`
    INSERT INTO organisation (id, hsa_id, kind, name, municipality_code, principal_name, privately_run, parent_id)
    SELECT pg_temp.id('vc', v), 'SE2321000057-B' || lpad(v::text, 3, '0'), 'PRIMARY_CARE',
           'Vårdcentral ' || v || ' (bench)', NULL, 'Region (bench)', v % 5 = 0, NULL
      FROM generate_series(1, ${CENTRES}) v`);
  await c.query(`
    INSERT INTO organisation (id, hsa_id, kind, name, municipality_code, principal_name, privately_run, parent_id)
    SELECT pg_temp.id('hosp', h), 'SE2321000057-H' || h, 'HOSPITAL', 'Sjukhus ' || h || ' (bench)', NULL, 'Region (bench)', false, NULL
      FROM generate_series(1, ${HOSPITALS}) h`);
  await c.query(`
    INSERT INTO organisation (id, hsa_id, kind, name, municipality_code, principal_name, privately_run, parent_id)
    SELECT pg_temp.id('ward', w), 'SE2321000057-W' || lpad(w::text, 2, '0'), 'HOSPITAL', 'Avdelning ' || w || ' (bench)', NULL, 'Region (bench)', false,
           pg_temp.id('hosp', (w - 1) / ${WARDS_PER_HOSPITAL} + 1)
      FROM generate_series(1, ${HOSPITALS * WARDS_PER_HOSPITAL}) w`);

  // Staff: nurses scale with the municipality's share of patients (about one nurse per 25 enrolled).
  const nursesPerMunicipality = Math.max(4, Math.ceil(enrolled / MUNICIPALITIES / 25));
  const staffPlan: Array<[string, string, string, string, number]> = [
    // kind, org kind key, role, title, per organisation
    ['mnurse', 'mun', 'NURSE', 'Sjuksköterska', nursesPerMunicipality],
    ['mrehab', 'mun', 'REHAB', 'Fysioterapeut', Math.max(2, Math.ceil(nursesPerMunicipality / 4))],
    ['mcoord', 'mun', 'CARE_COORDINATOR', 'Vårdsamordnare', 3],
    ['mdis', 'mun', 'DISCHARGE_COORDINATOR', 'Vårdplanerare', 2],
    ['mmgr', 'mun', 'UNIT_MANAGER', 'Enhetschef', 1],
    ['mmas', 'mun', 'MAS', 'Medicinskt ansvarig sjuksköterska', 1],
    ['msocial', 'mun', 'SOCIAL_WORKER', 'Biståndshandläggare', 2],
    ['vgp', 'vc', 'PHYSICIAN', 'Distriktsläkare', 6],
    ['vnurse', 'vc', 'NURSE', 'Distriktssköterska', 4],
    ['vcoord', 'vc', 'CARE_COORDINATOR', 'Fast vårdkontakt', 1],
    ['vmgr', 'vc', 'UNIT_MANAGER', 'Verksamhetschef', 1],
    ['wdoc', 'ward', 'PHYSICIAN', 'Överläkare', 5],
    ['wnurse', 'ward', 'NURSE', 'Sjuksköterska', 10],
    ['wdis', 'ward', 'DISCHARGE_COORDINATOR', 'Utskrivningssamordnare', 2],
  ];
  const orgCount: Record<string, number> = { mun: MUNICIPALITIES, vc: CENTRES, ward: HOSPITALS * WARDS_PER_HOSPITAL };
  for (const [kind, org, role, title, per] of staffPlan) {
    await c.query(`
      INSERT INTO staff (id, hsa_id, name, profession_title)
      SELECT pg_temp.id('${kind}', o * 10000 + k), 'SE2321000057-' || upper('${kind}') || o || 'K' || k,
             (ARRAY['Anna','Erik','Maria','Lars','Karin','Johan','Sara','Nils','Eva','Ali','Fatima','Omar'])[1 + (o * 7 + k) % 12] || ' ' ||
             (ARRAY['Andersson','Johansson','Karlsson','Nilsson','Eriksson','Larsson','Olsson','Persson','Svensson','Gustafsson'])[1 + (o * 3 + k * 5) % 10],
             '${title}'
        FROM generate_series(1, ${orgCount[org]}) o, generate_series(1, ${per}) k`);
    await c.query(`
      INSERT INTO assignment (id, staff_id, organisation_id, role, valid_from)
      SELECT pg_temp.id('assignment:${kind}', o * 10000 + k), pg_temp.id('${kind}', o * 10000 + k), pg_temp.id('${org}', o), '${role}', '2025-01-01'
        FROM generate_series(1, ${orgCount[org]}) o, generate_series(1, ${per}) k`);
  }

  // Patients: municipality by weight (largest ~15 %, smallest ~1 %), a centre among four "near" it,
  // a nurse of the municipality and a GP of the centre. Born 1927–1950 (births spread by a bijection
  // so that birth date + serial is unique; the check digit is not computed: bench numbers are not valid personnummer).
  const weightSum = (MUNICIPALITIES * (MUNICIPALITIES + 1)) / 2;
  await c.query(`
    CREATE TEMP TABLE gen_patient AS
    SELECT i,
           pg_temp.id('pat', i) AS id,
           m,
           1 + ((m - 1) * 4 + floor(pg_temp.r('vc', i) * 4)::int) % ${CENTRES} AS v,
           1 + floor(pg_temp.r('nurse', i) * ${nursesPerMunicipality})::int AS nk,
           1 + floor(pg_temp.r('gp', i) * 6)::int AS gk,
           1 + floor(pg_temp.r('ward', i) * ${HOSPITALS * WARDS_PER_HOSPITAL})::int AS w,
           (date '1927-01-01' + ((i * 7919) % 8760)::int) AS born,
           date '2024-01-01' + floor(pg_temp.r('start', i) * 1050)::int AS start_date
      FROM (
        SELECT i, (SELECT min(m) FROM generate_series(1, ${MUNICIPALITIES}) m
                    WHERE (m * (2 * ${MUNICIPALITIES} - m + 1)) / 2.0 >= pg_temp.r('mun', i) * ${weightSum}) AS m
          FROM generate_series(1, ${enrolled}) i) x`);
  await c.query(`
    INSERT INTO patient (id, personnummer, coordination_number, given_name, family_name, birth_date, address, phone, protected_identity,
                         next_of_kin, what_matters_to_me, what_matters_to_me_recorded_by, registered_by_organisation_id, registered_by_staff_id, version)
    SELECT id, to_char(born, 'YYYYMMDD') || lpad((i / 8760)::text, 3, '0') || (i % 10), false,
           (ARRAY['Esther','Gunnar','Margit','Sven','Elsa','Karl','Ingrid','Astrid','Bertil','Greta','Olof','Britt'])[1 + i % 12],
           (ARRAY['Johansson','Lindqvist','Ek','Berg','Holm','Nyström','Svensson','Lund','Åkesson','Sjöberg','Dahl','Falk'])[1 + (i / 12) % 12] || ' ' || i,
           born, 'Gatan ' || (i % 97) || ', Kommun ' || m, NULL, i % 200 = 0,
           '[]'::jsonb, CASE WHEN i % 3 = 0 THEN 'Att få bo kvar hemma.' END, CASE WHEN i % 3 = 0 THEN pg_temp.id('mun', m) END,
           pg_temp.id('mun', m), pg_temp.id('mnurse', m * 10000 + nk), 1
      FROM gen_patient`);
  await c.query(`
    INSERT INTO home_healthcare_enrollment (id, patient_id, status, municipality_id, primary_care_id, named_nurse_id, named_physician_id, start_date, joint_home_visit_date, enrolled_by_staff_id)
    SELECT pg_temp.id('enrollment', i), id, 'ACTIVE', pg_temp.id('mun', m), pg_temp.id('vc', v), pg_temp.id('mnurse', m * 10000 + nk), pg_temp.id('vgp', v * 10000 + gk),
           start_date, CASE WHEN pg_temp.r('visit', i) < 0.6 THEN start_date + 2 END, pg_temp.id('mnurse', m * 10000 + nk)
      FROM gen_patient`);
  // A quarter have had an earlier, ended enrollment.
  await c.query(`
    INSERT INTO home_healthcare_enrollment (id, patient_id, status, municipality_id, primary_care_id, named_nurse_id, named_physician_id, start_date, end_date, end_reason, enrolled_by_staff_id)
    SELECT pg_temp.id('enrollment-ended', i), id, 'ENDED', pg_temp.id('mun', m), pg_temp.id('vc', v), pg_temp.id('mnurse', m * 10000 + nk), pg_temp.id('vgp', v * 10000 + gk),
           start_date - 400, start_date - 200, 'Avslutad (bench)', pg_temp.id('mnurse', m * 10000 + nk)
      FROM gen_patient WHERE pg_temp.r('prev', i) < 0.25`);
  // Care team: the municipality always; a ward for one in eight (a recent stay).
  await c.query(`
    INSERT INTO care_team_member (id, patient_id, organisation_id, reason, added_by_staff_id, added_by_organisation_id)
    SELECT pg_temp.id('care-team', i), id, pg_temp.id('mun', m), 'Hemsjukvård', pg_temp.id('mnurse', m * 10000 + nk), pg_temp.id('mun', m) FROM gen_patient`);
  await c.query(`
    INSERT INTO care_team_member (id, patient_id, organisation_id, reason, added_by_staff_id, added_by_organisation_id)
    SELECT pg_temp.id('care-team-ward', i), id, pg_temp.id('ward', w), 'Inlagd', pg_temp.id('mnurse', m * 10000 + nk), pg_temp.id('mun', m)
      FROM gen_patient WHERE pg_temp.r('ward?', i) < 0.125`);
  // Consents: 85 % information sharing over the care team, 70 % SIP.
  for (const [kind, share] of [
    ['INFORMATION_SHARING', 0.85],
    ['SIP', 0.7],
  ] as const) {
    await c.query(`
      INSERT INTO consent (id, patient_id, kind, given_by, scope, organisation_ids, valid_from, recorded_by_staff_id, recorded_by_organisation_id)
      SELECT pg_temp.id('consent:${kind}', i), id, '${kind}', 'PATIENT', 'CARE_TEAM', '{}', start_date, pg_temp.id('mnurse', m * 10000 + nk), pg_temp.id('mun', m)
        FROM gen_patient WHERE pg_temp.r('${kind}', i) < ${share}`);
  }
  // Access-log history: ~20 rows per patient over the past year, from the municipality and the centre.
  await c.query(`
    INSERT INTO audit_log (at, request_id, staff_id, staff_hsa_id, assignment_id, organisation_id, role, patient_id, operation, purpose, emergency, outcome)
    SELECT (date '${BENCH_TODAY}' - 365)::timestamptz + (pg_temp.r('at', p.i * 20 + k) * 365) * interval '1 day', NULL,
           pg_temp.id('mnurse', p.m * 10000 + p.nk), 'bench', pg_temp.id('asg', p.m), pg_temp.id(CASE WHEN k % 4 = 0 THEN 'vc' ELSE 'mun' END, CASE WHEN k % 4 = 0 THEN p.v ELSE p.m END),
           'NURSE', p.id, (ARRAY['patient','myPatients','updatePatient','activeDeteriorationPlan'])[1 + k % 4], 'care', k = 7 AND p.i % 500 = 0, 'ALLOWED'
      FROM gen_patient p, generate_series(1, 20) k`);

  // Their care, cloned from the demo data (loaded by loadDemoData before this runs).
  const demo = await loadDemoMap(c, nursesPerMunicipality);
  await defineWho(c, demo);
  await step('care plans', () => generateCarePlans(c, demo, BENCH_TODAY));
  await step('deterioration plans', () => generateDeteriorationPlans(c, demo, BENCH_TODAY));
  await step('rounds and tasks', () => generateRounds(c, BENCH_TODAY));
  await step('discharges', () => generateDischarges(c, BENCH_TODAY, MUNICIPALITIES));
  await step('vacuum analyze', () => c.query(`VACUUM ANALYZE`));
}

/** Runs one part of the generation, reporting how long it took when BENCH_VERBOSE is set. */
async function step(name: string, fn: () => Promise<unknown>): Promise<void> {
  const t0 = Date.now();
  await fn();
  if (process.env.BENCH_VERBOSE) process.stderr.write(`  ${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}

/** BENCH_VERBOSE=2: the time of every statement (to find what makes generation slow). */
function traceStatements(c: Client): void {
  const query = c.query.bind(c) as (...args: unknown[]) => Promise<unknown>;
  (c as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = async (...args: unknown[]) => {
    const t0 = Date.now();
    try {
      return await query(...args);
    } finally {
      process.stderr.write(`    ${((Date.now() - t0) / 1000).toFixed(2)} s  ${String(args[0]).replace(/\s+/g, ' ').trim().slice(0, 110)}\n`);
    }
  };
}
