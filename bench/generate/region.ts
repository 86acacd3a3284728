import { Client } from 'pg';
import { CARE_RELATIONSHIP_REFRESH_FUNCTION } from '../../src/access/care-relationship';
import { STOCKHOLM_SQL } from '../../src/common/calendar';
import { generateCarePlans } from './care-plans';
import { defineWho, loadDemoMap } from './clone';
import { generateDeteriorationPlans } from './deterioration-plans';
import { generateDischarges } from './discharges';
import { NationalLayout, nationalLayout } from './national';
import { generateRounds } from './rounds';

/**
 * A whole region, generated inside PostgreSQL (INSERT … SELECT over generate_series): 13
 * municipalities of uneven size, ~50 primary care centres (a fifth privately run), 3 hospitals with
 * 3 wards each (from NATIONAL_FROM enrolled: the country, see national.ts), staff in every role, and the enrolled patients with their enrollment, care team,
 * consents and access-log history; then their care (care-plans.ts, deterioration-plans.ts,
 * rounds.ts, discharges.ts): SIPs with versions, deterioration plans, round history with tasks,
 * hospital stays, cloned from the demo data. Deterministic for a seed: every "random" choice is a
 * hash of (seed, row, purpose), and every id is a hash too, so reruns produce identical data.
 * Dates are relative to BENCH_TODAY, fixed so that a seed always means the same region.
 */
export interface RegionSize {
  enrolled: number;
  seed: number;
  /** By default profileOf(enrolled). */
  profile?: RegionProfile;
}

export const MUNICIPALITIES = 13;
export const CENTRES = 50;
export const HOSPITALS = 3;
export const WARDS_PER_HOSPITAL = 3;
/**
 * Bumped whenever the generator (or the schema it fills) changes: the generated region is kept as a
 * template database named after it, so an old region is never mistaken for a current one.
 */
export const GENERATOR_VERSION = 5;
/**
 * From this many enrolled the region is the whole country (national.ts: 290 municipalities in 21
 * regions, ~1,200 centres, each region's hospitals); below it, one region of 13 municipalities, 50
 * centres and 3 hospitals (the baseline of the 2,000 and 20,000 runs, unchanged since version 3).
 */
export const NATIONAL_FROM = 200_000;

export type RegionProfile = 'region' | 'national';

export function profileOf(enrolled: number): RegionProfile {
  return enrolled >= NATIONAL_FROM ? 'national' : 'region';
}

/** `--profile national|region` (default: by size). */
export function parseProfile(value: string | undefined): RegionProfile | undefined {
  if (value === undefined || value === '') return undefined;
  if (value !== 'national' && value !== 'region') throw new Error('--profile takes national or region');
  return value;
}

/** "Today" of the generated region: what is recent, due or overdue is relative to it (the demo's "now" too). */
export const BENCH_TODAY = '2026-11-22';

export async function generateRegion(c: Client, { enrolled, seed, profile }: RegionSize): Promise<void> {
  if (process.env.BENCH_VERBOSE === '2') traceStatements(c);
  const progress = new Progress(c, enrolled);
  const national = (profile ?? profileOf(enrolled)) === 'national';
  const layout = national ? nationalLayout(enrolled, seed) : null;
  const municipalities = layout ? layout.municipalities.length : MUNICIPALITIES;
  const s = String(seed);
  await c.query(`SET max_parallel_workers_per_gather = 0`);
  // Bulk loading: nothing here needs to survive a crash before the end (a failed run is redone), and
  // the indexes dropped for the access log are rebuilt with more memory.
  await c.query(`SET synchronous_commit = off`);
  await c.query(`SET maintenance_work_mem = '512MB'`);
  await c.query(`SET work_mem = '64MB'`);
  // Dates of timestamps, and whole-day shifts across daylight saving, as in Sweden.
  await c.query(`SET TIME ZONE ${STOCKHOLM_SQL}`);
  // r(salt, i) in [0,1): deterministic pseudo-random; id(kind, i): deterministic uuid, shaped as a
  // version-4 one (the API accepts only RFC 4122 ids as arguments).
  await c.query(`CREATE OR REPLACE FUNCTION pg_temp.r(salt text, i bigint) RETURNS double precision IMMUTABLE LANGUAGE sql AS
    $$ SELECT ('x' || substr(md5('${s}:' || salt || ':' || i), 1, 8))::bit(32)::bigint / 4294967296.0 $$`);
  await c.query(`CREATE OR REPLACE FUNCTION pg_temp.id(kind text, i bigint) RETURNS uuid IMMUTABLE LANGUAGE sql AS
    $$ SELECT (substr(h, 1, 12) || '4' || substr(h, 14, 3) || substr('89ab', 1 + position(substr(h, 17, 1) IN '0123456789abcdef') % 4, 1) || substr(h, 18))::uuid
         FROM (SELECT md5('${s}:' || kind || ':' || i) AS h) x $$`);
  // The care relationships are materialised by statement triggers on their source tables; during
  // generation they are off, and the whole table is recomputed from the sources once at the end.
  const relationshipTables = await pausedRelationshipTriggers(c);

  await progress.step('organisations and staff', async () => {
    if (layout) await insertNationalOrganisations(c, layout);
    else await insertRegionOrganisations(c);
    await insertStaff(c, enrolled, layout);
  });

  // Patients. Baseline: municipality by weight (largest ~15 %, smallest ~1 %), a centre among four
  // "near" it. National: municipality by its share, a centre of the municipality by the centre's
  // weight, a ward of the region's hospitals. Both: a nurse of the municipality and a GP of the
  // centre. Born 1927–1950 (births spread by a bijection so that birth date + serial is unique;
  // the check digit is not computed: bench numbers are not valid personnummer).
  const nursesPerMunicipality = Math.max(4, Math.ceil(enrolled / MUNICIPALITIES / 25));
  await progress.step('patients, enrollments, care teams, consents', async () => {
    if (layout) await drawNationalPatients(c, enrolled, layout);
    else {
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
               (date '1927-01-01' + ((i::bigint * 7919) % 8760)::int) AS born,
               date '2024-01-01' + floor(pg_temp.r('start', i) * 1050)::int AS start_date
          FROM (
            SELECT i, (SELECT min(m) FROM generate_series(1, ${MUNICIPALITIES}) m
                        WHERE (m * (2 * ${MUNICIPALITIES} - m + 1)) / 2.0 >= pg_temp.r('mun', i) * ${weightSum}) AS m
              FROM generate_series(1, ${enrolled}) i) x`);
    }
    await insertPatients(c);
  });
  await progress.step('access-log history', () => insertAccessLog(c, enrolled, progress));

  // Their care, cloned from the demo data (loaded by loadDemoData before this runs). The "other
  // nurse" of a cloned row is another nurse of the same municipality (nurses 1…4 in the national
  // profile, where every municipality has at least 4).
  const demo = await loadDemoMap(c, layout ? 4 : nursesPerMunicipality);
  await defineWho(c, demo);
  await progress.step('care plans', () => generateCarePlans(c, demo, BENCH_TODAY));
  await progress.step('deterioration plans', () => generateDeteriorationPlans(c, demo, BENCH_TODAY));
  await progress.step('rounds and tasks', () => generateRounds(c, BENCH_TODAY));
  await progress.step('discharges', () => generateDischarges(c, BENCH_TODAY, municipalities));
  await progress.step('care relationships', () => rebuildCareRelationships(c, relationshipTables));
  await progress.step('vacuum analyze', () => c.query(`VACUUM ANALYZE`));
  progress.done();
}

async function insertRegionOrganisations(c: Client): Promise<void> {
  // Municipality m has weight w(m) = 13 - m + 1 (the largest first), for patient shares.
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
}

/**
 * The national profile's organisations, with temp tables gen_mun (m, region, nurses, vc_first,
 * vc_cuts, hosp_first, hosp_count) and gen_vc (v, m, region) for drawing the patients. HSA ids
 * as in the baseline, with more digits where the numbers grow (centre 1000, ward 100 on).
 */
async function insertNationalOrganisations(c: Client, layout: NationalLayout): Promise<void> {
  const mun = layout.municipalities;
  const reg = layout.regions;
  await c.query(
    `CREATE TEMP TABLE gen_mun AS
     SELECT x.m, x.region, x.nurses, x.vc_first, ARRAY(SELECT jsonb_array_elements_text(x.cuts)::float8) AS vc_cuts,
            ARRAY_LENGTH(ARRAY(SELECT jsonb_array_elements_text(x.cuts)), 1) AS cut_count, g.hosp_first, g.hosp_count
       FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::jsonb[]) AS x(m, region, nurses, vc_first, cuts)
       JOIN unnest($6::int[], $7::int[], $8::int[]) AS g(region, hosp_first, hosp_count) USING (region)`,
    [
      mun.map((x) => x.m),
      mun.map((x) => x.region),
      mun.map((x) => x.nurses),
      mun.map((x) => x.vcFirst),
      mun.map((x) => JSON.stringify(x.vcCuts)),
      reg.map((x) => x.region),
      reg.map((x) => x.hospFirst),
      reg.map((x) => x.hospitals),
    ],
  );
  await c.query(`ALTER TABLE gen_mun ADD PRIMARY KEY (m)`);
  await c.query(`
    CREATE TEMP TABLE gen_vc AS
    SELECT g.vc_first + k AS v, g.m, g.region FROM gen_mun g CROSS JOIN LATERAL generate_series(0, coalesce(g.cut_count, 0)) k`);
  await c.query(`
    INSERT INTO organisation (id, hsa_id, kind, name, municipality_code, principal_name, privately_run, parent_id)
    SELECT pg_temp.id('mun', m), 'SE21200009' || lpad(m::text, 2, '0') || '-HS' || m, 'MUNICIPALITY',
           'Hemsjukvården kommun ' || m || ' (bench)', lpad((600 + m)::text, 4, '0'), 'Kommun ' || m, false, NULL
      FROM gen_mun ORDER BY m`);
  await c.query(`
    INSERT INTO organisation (id, hsa_id, kind, name, municipality_code, principal_name, privately_run, parent_id)
    SELECT pg_temp.id('vc', v), 'SE2321000057-B' || CASE WHEN v < 1000 THEN lpad(v::text, 3, '0') ELSE v::text END, 'PRIMARY_CARE',
           'Vårdcentral ' || v || ' (bench)', NULL, 'Region ' || region || ' (bench)', v % 5 = 0, NULL
      FROM gen_vc ORDER BY v`);
  await c.query(`
    INSERT INTO organisation (id, hsa_id, kind, name, municipality_code, principal_name, privately_run, parent_id)
    SELECT pg_temp.id('hosp', h), 'SE2321000057-H' || h, 'HOSPITAL', 'Sjukhus ' || h || ' (bench)', NULL, 'Region ' || g.region || ' (bench)', false, NULL
      FROM (SELECT DISTINCT region, hosp_first, hosp_count FROM gen_mun) g CROSS JOIN LATERAL generate_series(g.hosp_first, g.hosp_first + g.hosp_count - 1) h
     ORDER BY h`);
  await c.query(`
    INSERT INTO organisation (id, hsa_id, kind, name, municipality_code, principal_name, privately_run, parent_id)
    SELECT pg_temp.id('ward', w), 'SE2321000057-W' || CASE WHEN w < 100 THEN lpad(w::text, 2, '0') ELSE w::text END, 'HOSPITAL',
           'Avdelning ' || w || ' (bench)', NULL, 'Region ' || g.region || ' (bench)', false, pg_temp.id('hosp', (w - 1) / ${WARDS_PER_HOSPITAL} + 1)
      FROM (SELECT DISTINCT region, hosp_first, hosp_count FROM gen_mun) g
     CROSS JOIN LATERAL generate_series((g.hosp_first - 1) * ${WARDS_PER_HOSPITAL} + 1, (g.hosp_first + g.hosp_count - 1) * ${WARDS_PER_HOSPITAL}) w
     ORDER BY w`);
}

/** Staff in every role of every organisation; municipal nurses scale with the municipality (about one per 25 enrolled). */
async function insertStaff(c: Client, enrolled: number, layout: NationalLayout | null): Promise<void> {
  const nursesPerMunicipality = Math.max(4, Math.ceil(enrolled / MUNICIPALITIES / 25));
  // kind, org kind key, role, title, per organisation (a number, or SQL over the national gen_mun row g).
  const staffPlan: Array<[string, string, string, string, number, string | null]> = [
    ['mnurse', 'mun', 'NURSE', 'Sjuksköterska', nursesPerMunicipality, 'g.nurses'],
    ['mrehab', 'mun', 'REHAB', 'Fysioterapeut', Math.max(2, Math.ceil(nursesPerMunicipality / 4)), 'greatest(2, (g.nurses + 3) / 4)'],
    ['mcoord', 'mun', 'CARE_COORDINATOR', 'Vårdsamordnare', 3, null],
    ['mdis', 'mun', 'DISCHARGE_COORDINATOR', 'Vårdplanerare', 2, null],
    ['mmgr', 'mun', 'UNIT_MANAGER', 'Enhetschef', 1, null],
    ['mmas', 'mun', 'MAS', 'Medicinskt ansvarig sjuksköterska', 1, null],
    ['msocial', 'mun', 'SOCIAL_WORKER', 'Biståndshandläggare', 2, null],
    ['vgp', 'vc', 'PHYSICIAN', 'Distriktsläkare', 6, null],
    ['vnurse', 'vc', 'NURSE', 'Distriktssköterska', 4, null],
    ['vcoord', 'vc', 'CARE_COORDINATOR', 'Fast vårdkontakt', 1, null],
    ['vmgr', 'vc', 'UNIT_MANAGER', 'Verksamhetschef', 1, null],
    ['wdoc', 'ward', 'PHYSICIAN', 'Överläkare', 5, null],
    ['wnurse', 'ward', 'NURSE', 'Sjuksköterska', 10, null],
    ['wdis', 'ward', 'DISCHARGE_COORDINATOR', 'Utskrivningssamordnare', 2, null],
  ];
  const orgCount: Record<string, number> = layout
    ? { mun: layout.municipalities.length, vc: layout.centres, ward: layout.hospitals * WARDS_PER_HOSPITAL }
    : { mun: MUNICIPALITIES, vc: CENTRES, ward: HOSPITALS * WARDS_PER_HOSPITAL };
  for (const [kind, org, role, title, per, nationalPer] of staffPlan) {
    const from =
      layout && nationalPer
        ? `(SELECT g.m AS o, k FROM gen_mun g CROSS JOIN LATERAL generate_series(1, ${nationalPer}) k) x`
        : `generate_series(1, ${orgCount[org]}) o, generate_series(1, ${per}) k`;
    await c.query(`
      INSERT INTO staff (id, hsa_id, name, profession_title)
      SELECT pg_temp.id('${kind}', o * 10000 + k), 'SE2321000057-' || upper('${kind}') || o || 'K' || k,
             (ARRAY['Anna','Erik','Maria','Lars','Karin','Johan','Sara','Nils','Eva','Ali','Fatima','Omar'])[1 + (o * 7 + k) % 12] || ' ' ||
             (ARRAY['Andersson','Johansson','Karlsson','Nilsson','Eriksson','Larsson','Olsson','Persson','Svensson','Gustafsson'])[1 + (o * 3 + k * 5) % 10],
             '${title}'
        FROM ${from}`);
    await c.query(`
      INSERT INTO assignment (id, staff_id, organisation_id, role, valid_from)
      SELECT pg_temp.id('assignment:${kind}', o * 10000 + k), pg_temp.id('${kind}', o * 10000 + k), pg_temp.id('${org}', o), '${role}', '2025-01-01'
        FROM ${from}`);
  }
}

/** gen_patient for the national profile: municipality by share, centre of the municipality by weight, ward of the region. */
async function drawNationalPatients(c: Client, enrolled: number, layout: NationalLayout): Promise<void> {
  await c.query(
    `CREATE TEMP TABLE gen_patient AS
     SELECT x.i,
            pg_temp.id('pat', x.i) AS id,
            x.m,
            g.vc_first + width_bucket(pg_temp.r('vc', x.i), g.vc_cuts) AS v,
            1 + floor(pg_temp.r('nurse', x.i) * g.nurses)::int AS nk,
            1 + floor(pg_temp.r('gp', x.i) * 6)::int AS gk,
            (g.hosp_first - 1) * ${WARDS_PER_HOSPITAL} + 1 + floor(pg_temp.r('ward', x.i) * g.hosp_count * ${WARDS_PER_HOSPITAL})::int AS w,
            (date '1927-01-01' + ((x.i::bigint * 7919) % 8760)::int) AS born,
            date '2024-01-01' + floor(pg_temp.r('start', x.i) * 1050)::int AS start_date
       FROM (SELECT i, 1 + width_bucket(pg_temp.r('mun', i), $1::float8[]) AS m FROM generate_series(1, ${enrolled}) i) x
       JOIN gen_mun g ON g.m = x.m
      ORDER BY x.i`,
    [layout.munCuts],
  );
}

/** The patients of gen_patient with their enrollment (a quarter with an earlier, ended one), care team and consents. */
async function insertPatients(c: Client): Promise<void> {
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
}

/**
 * Access-log history: ~20 rows per patient over the past year, from the municipality and the
 * centre. The log's secondary indexes are dropped first and built again after the rows are in
 * (same definitions), the rows go in by slices of patients (progress and remaining time per
 * slice), and each patient's ids are computed once rather than once per row.
 */
async function insertAccessLog(c: Client, enrolled: number, progress: Progress): Promise<void> {
  const indexes = (
    await c.query(
      `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
         FROM pg_index i WHERE i.indrelid = 'audit_log'::regclass AND NOT i.indisprimary AND NOT i.indisunique
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`,
    )
  ).rows as Array<{ name: string; def: string }>;
  for (const ix of indexes) await c.query(`DROP INDEX ${ix.name}`);
  const slices = enrolled >= 50_000 ? 10 : 1;
  const per = Math.ceil(enrolled / slices);
  for (let k = 0; k < slices; k++) {
    await progress.sub(`access log ${k + 1}/${slices}`, (k + 1) / slices, () =>
      c.query(`
        WITH p AS MATERIALIZED (
          SELECT i, id, m, v, pg_temp.id('mnurse', m * 10000 + nk) AS nurse, pg_temp.id('asg', m) AS asg, pg_temp.id('vc', v) AS vc, pg_temp.id('mun', m) AS mun
            FROM gen_patient WHERE i > ${k * per} AND i <= ${(k + 1) * per})
        INSERT INTO audit_log (at, request_id, staff_id, staff_hsa_id, assignment_id, organisation_id, role, patient_id, operation, purpose, emergency, outcome)
        SELECT (date '${BENCH_TODAY}' - 365)::timestamptz + (pg_temp.r('at', p.i * 20 + k) * 365) * interval '1 day', NULL,
               p.nurse, 'bench', p.asg, CASE WHEN k % 4 = 0 THEN p.vc ELSE p.mun END,
               'NURSE', p.id, (ARRAY['patient','myPatients','updatePatient','activeDeteriorationPlan'])[1 + k % 4], 'care', k = 7 AND p.i % 500 = 0, 'ALLOWED'
          FROM p, generate_series(1, 20) k
         ORDER BY p.i, k`),
    );
  }
  // The log is partitioned by month: its indexes are partitioned indexes, whose definition reads
  // "ON ONLY audit_log" (the parent alone, left invalid). Built without ONLY, each reaches every
  // partition again, the months already made ahead included.
  for (const ix of indexes) await progress.sub(`index ${ix.name}`, 1, () => c.query(ix.def.replace(/ ON ONLY /, ' ON ')));
  const missing = (
    await c.query(
      `SELECT count(*)::int AS n FROM pg_inherits h JOIN pg_class p ON p.oid = h.inhrelid
        WHERE h.inhparent = 'audit_log'::regclass
          AND ((SELECT count(*) FROM pg_index i WHERE i.indrelid = p.oid) < (SELECT count(*) FROM pg_index i WHERE i.indrelid = 'audit_log'::regclass)
               OR EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = 'audit_log'::regclass AND NOT i.indisvalid))`,
    )
  ).rows[0].n as number;
  if (missing) throw new Error(`access log: ${missing} partitions lack an index of the log after the rebuild`);
}

/** The care-relationship triggers of the source tables, disabled until rebuildCareRelationships. */
async function pausedRelationshipTriggers(c: Client): Promise<string[]> {
  const tables = (
    await c.query(
      `SELECT DISTINCT tgrelid::regclass::text AS t FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE 'care\\_relationship\\_%' AND tgrelid <> 'patient'::regclass ORDER BY 1`,
    )
  ).rows.map((r: { t: string }) => r.t);
  for (const t of tables) {
    for (const trigger of ['care_relationship_insert', 'care_relationship_update', 'care_relationship_delete']) {
      await c.query(`ALTER TABLE ${t} DISABLE TRIGGER ${trigger}`);
    }
  }
  return tables;
}

/** Recomputes every patient's care relationships from the sources (what the triggers would have left), and turns the triggers on again. */
async function rebuildCareRelationships(c: Client, tables: string[]): Promise<void> {
  await c.query(`SELECT ${CARE_RELATIONSHIP_REFRESH_FUNCTION}(ARRAY(SELECT id FROM patient ORDER BY id))`);
  for (const t of tables) {
    for (const trigger of ['care_relationship_insert', 'care_relationship_update', 'care_relationship_delete']) {
      await c.query(`ALTER TABLE ${t} ENABLE TRIGGER ${trigger}`);
    }
  }
}

/** What each step costs, roughly, as a share of the whole (measured at 20,000 enrolled): for the estimate of the time remaining. */
const STEP_SHARE: Record<string, number> = {
  'organisations and staff': 0.01,
  'patients, enrollments, care teams, consents': 0.1,
  'access-log history': 0.12,
  'care plans': 0.45,
  'deterioration plans': 0.03,
  'rounds and tasks': 0.08,
  discharges: 0.1,
  'care relationships': 0.03,
  'vacuum analyze': 0.08,
};

/**
 * Progress on stderr: after each step (and each slice of a long one) the rows it inserted, its
 * time, the time so far and an estimate of the time remaining (from the steps' usual shares).
 */
class Progress {
  private readonly t0 = Date.now();
  private done_ = 0;
  private rows = 0;
  private current = '';

  constructor(
    c: Client,
    private readonly enrolled: number,
  ) {
    const query = c.query.bind(c) as (...args: unknown[]) => Promise<unknown>;
    (c as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = async (...args: unknown[]) => {
      const r = (await query(...args)) as { command?: string; rowCount?: number | null } | undefined;
      if (r && (r.command === 'INSERT' || r.command === 'SELECT') && /^\s*(WITH|INSERT|CREATE TEMP TABLE)/i.test(String(args[0]))) this.rows += r.rowCount ?? 0;
      return r;
    };
  }

  async step(name: string, fn: () => Promise<unknown>): Promise<void> {
    const t = Date.now();
    const rows0 = this.rows;
    this.current = name;
    await fn();
    this.done_ += STEP_SHARE[name] ?? 0;
    this.print(name, this.rows - rows0, t);
  }

  /** A part of the current step; `fraction` of the step is done after it. */
  async sub(name: string, fraction: number, fn: () => Promise<unknown>): Promise<void> {
    const t = Date.now();
    const rows0 = this.rows;
    await fn();
    this.print(`  ${name}`, this.rows - rows0, t, this.done_ + (STEP_SHARE[this.current] ?? 0) * fraction);
  }

  done(): void {
    process.stderr.write(`  generated ${this.enrolled} enrolled in ${fmtSeconds((Date.now() - this.t0) / 1000)}\n`);
  }

  private print(name: string, rows: number, since: number, done = this.done_): void {
    const elapsed = (Date.now() - this.t0) / 1000;
    const total = Object.values(STEP_SHARE).reduce((x, y) => x + y, 0);
    const left = done > 0 ? (elapsed * (total - done)) / done : NaN;
    process.stderr.write(
      `  ${name}: ${rows > 0 ? `${rows.toLocaleString('en')} rows, ` : ''}${fmtSeconds((Date.now() - since) / 1000)}` +
        ` (elapsed ${fmtSeconds(elapsed)}, about ${Number.isFinite(left) ? fmtSeconds(Math.max(0, left)) : '?'} left)\n`,
    );
  }
}

function fmtSeconds(s: number): string {
  return s < 90 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
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
