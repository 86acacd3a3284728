import { signDevToken } from '../src/auth/token.service';
import { Clock } from '../src/common/clock';
import { dischargeFamily } from '../src/follow-up/sql/discharges.sql';
import { setClock } from './helpers/discharges';
import { addPatient, buildFixture, cellInShort as fmt, enroll, Fixture, FollowUpCell as Cell, OrgKey, parseCsv, stay, task } from './helpers/follow-up';
import { auditMark, auditSince } from './helpers/patients';
import { expectError, GqlResult, startTestApp, TestApp } from './helpers/test-app';

/*
 * The joint follow-up of a mobile team and of an SSIH unit: the enrolled patients who had the team in
 * their care team, counted on the days they had it. Hand-built region (test/helpers/follow-up.ts) plus:
 * a regional mobile team MT, a second team MT2, an SSIH unit, an ambulance and an out-of-hours unit,
 * each with a unit manager. The clock stands at 2026-05-20 12:00 Stockholm; the period is Feb–Apr 2026.
 *
 * Aneby (TM) enrolls P1–P8 with Åsen (VCA) from 2025-06-01, all through the period.
 * Care teams (Stockholm days):
 *   MT:   P1–P5 from 2026-01-15 on; P6 from 2026-03-10 on; P7 from 2025-10-01 to 2026-01-19 (removed
 *         before the period); P9 (never enrolled) from 2026-01-01 on.
 *   SSIH: P1–P5 from 2026-02-01 00:00 to 2026-04-01 00:00 (removed at midnight: March 31 is the last day).
 * Tasks: P1–P5 due 2026-03-10 completed on time; P6 due 2026-02-20 completed on time (before MT had
 * P6); P8 due 2026-03-10 never completed.
 *
 *   ENROLLED          TM (municipality)  MT                SSIH
 *   period, Feb..Apr  8, 8, 8, 8         6, 5, 6, 6        5, 5, 5, 0
 *   TASKS_ON_TIME     6/7                5/5               5/5
 */

const CELL = `month from to value denominator ratePer100 suppressed distribution`;
const INDICATORS = `query($p: FollowUpPeriodInput!, $m: ID, $c: ID, $team: ID) {
  r: followUpIndicators(period: $p, municipalityId: $m, primaryCareCentreId: $c, teamId: $team) {
  scope { description municipality { name } primaryCareCentre { name } team { name kind } }
  indicators { code total { ${CELL} } months { ${CELL} } } } }`;
const CSV = `query($p: FollowUpPeriodInput!, $team: ID, $content: FollowUpExport) { r: exportFollowUpCsv(period: $p, teamId: $team, content: $content) }`;
const FEB_APR = { from: '2026-02-01', to: '2026-04-30' };

const UNITS = {
  MT: { hsa: 'SE2321000057-T11', kind: 'MOBILE_TEAM', name: 'Mobila teamet Aneby (test)', principal: 'REGION', code: null },
  MT2: { hsa: 'SE2321000057-T12', kind: 'MOBILE_TEAM', name: 'Mobila teamet Tranås (test)', principal: 'REGION', code: null },
  SSIH: { hsa: 'SE2321000057-T13', kind: 'SPECIALISED_PALLIATIVE_HOME_CARE', name: 'SSIH Höglandet (test)', principal: null, code: null },
  AMB: { hsa: 'SE2321000057-T14', kind: 'AMBULANCE', name: 'Ambulansen (test)', principal: null, code: null },
  OOH: { hsa: 'SE2321000057-T15', kind: 'OUT_OF_HOURS', name: 'Jourcentralen (test)', principal: null, code: null },
} as const;
type Unit = keyof typeof UNITS;

let t: TestApp;
let f: Fixture;
const unit = {} as Record<Unit, string>;
const managerToken = (u: Unit) => signDevToken(t.config, { staffHsaId: `${UNITS[u].hsa}M`, organisationHsaId: UNITS[u].hsa, role: 'UNIT_MANAGER' });

async function as(who: Unit | 'mgrTM', query: string, vars: Record<string, unknown>): Promise<GqlResult> {
  return t.gql(query, vars, who === 'mgrTM' ? await f.token('mgrTM') : await managerToken(who));
}
async function ok(who: Unit | 'mgrTM', query: string, vars: Record<string, unknown>) {
  const res = await as(who, query, vars);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.r;
}
function table(report: { indicators: Array<{ code: string; total: Cell; months: Cell[] }> }): Record<string, string[]> {
  return Object.fromEntries(report.indicators.map((i) => [i.code, [i.total, ...i.months].map(fmt)]));
}

async function member(patient: string, u: Unit, addedAt: string, removedAt: string | null = null) {
  await t.sql(
    `INSERT INTO care_team_member (patient_id, organisation_id, reason, added_by_staff_id, added_by_organisation_id, added_at,
                                   removed_at, removed_by_staff_id, removed_by_organisation_id, removal_reason)
     VALUES ($1, $2, 'Test', $3, $4, $5, $6, $7, $8, $9)`,
    [
      f.patient[patient],
      unit[u],
      f.staff.nurse,
      f.org.TM,
      addedAt,
      removedAt,
      removedAt ? f.staff.nurse : null,
      removedAt ? f.org.TM : null,
      removedAt ? 'Test' : null,
    ],
  );
}

beforeAll(async () => {
  t = await startTestApp();
  f = await buildFixture(t);
  for (const [k, u] of Object.entries(UNITS) as Array<[Unit, (typeof UNITS)[Unit]]>) {
    const [row] = await t.sql(
      `INSERT INTO organisation (hsa_id, kind, name, municipality_code, principal_name, principal) VALUES ($1, $2, $3, $4, 'Region Test', $5) RETURNING id`,
      [u.hsa, u.kind, u.name, u.code, u.principal],
    );
    unit[k] = row.id;
    const [s] = await t.sql(`INSERT INTO staff (hsa_id, name, profession_title) VALUES ($1, $2, 'Enhetschef') RETURNING id`, [`${u.hsa}M`, `Chef ${k}`]);
    await t.sql(`INSERT INTO assignment (staff_id, organisation_id, role, valid_from) VALUES ($1, $2, 'UNIT_MANAGER', '2025-01-01T00:00:00Z')`, [s.id, row.id]);
  }
  (f.org as Record<string, string>).SSIH = unit.SSIH;
  for (const p of ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9']) await addPatient(t, f, p);
  for (const p of ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8']) await enroll(t, f, p, 'TM', 'VCA', 'ga', '2025-06-01');
  for (const p of ['P1', 'P2', 'P3', 'P4', 'P5']) {
    await member(p, 'MT', '2026-01-15T09:00:00Z');
    await member(p, 'SSIH', '2026-01-31T23:00:00Z', '2026-03-31T22:00:00Z');
    await task(t, f, p, '2026-03-10', { completedAt: '2026-03-09T10:00:00Z' });
  }
  await member('P6', 'MT', '2026-03-10T12:00:00Z');
  await member('P7', 'MT', '2025-10-01T09:00:00Z', '2026-01-19T12:00:00Z');
  await member('P9', 'MT', '2026-01-01T09:00:00Z');
  await task(t, f, 'P6', '2026-02-20', { completedAt: '2026-02-19T10:00:00Z' });
  await task(t, f, 'P8', '2026-03-10');
});
beforeEach(() => setClock(t, '2026-05-20T10:00:00Z'));
afterEach(() => t.app.get(Clock).set(null));
afterAll(() => t.close());

describe('follow-up scope of a mobile team and of SSIH', () => {
  it('the municipality sees all its enrolled patients', async () => {
    const r = await ok('mgrTM', INDICATORS, { p: FEB_APR });
    expect(table(r).ENROLLED).toEqual(['8', '8', '8', '8']);
    expect(table(r).TASKS_ON_TIME[0]).toBe('6/7 85.7');
  });

  it('the mobile team’s manager sees exactly the patients it had in their care team, on those days', async () => {
    const r = await ok('MT', INDICATORS, { p: FEB_APR });
    expect(r.scope).toEqual({
      description: 'Mobila teamet Aneby (test): inskrivna patienter i vårdteamet',
      municipality: null,
      primaryCareCentre: null,
      team: { name: 'Mobila teamet Aneby (test)', kind: 'MOBILE_TEAM' },
    });
    expect(table(r).ENROLLED).toEqual(['6', '5', '6', '6']);
    expect(table(r).TASKS_ON_TIME[0]).toBe('5/5 100');
    // Naming its own team is the same; the municipality narrowing to the team sees the same patients.
    expect(table(await ok('MT', INDICATORS, { p: FEB_APR, team: unit.MT })).ENROLLED).toEqual(['6', '5', '6', '6']);
    const shared = await ok('mgrTM', INDICATORS, { p: FEB_APR, team: unit.MT });
    expect(table(shared).ENROLLED).toEqual(['6', '5', '6', '6']);
    expect(shared.scope.description).toBe('Mobila teamet Aneby (test) med Hemsjukvården Aneby (test): gemensamma patienter i vårdteamet');
  });

  it('an SSIH unit’s scope ends with the day before its removal at midnight', async () => {
    const r = await ok('SSIH', INDICATORS, { p: FEB_APR });
    expect(table(r).ENROLLED).toEqual(['5', '5', '5', '0']);
    expect(table(r).TASKS_ON_TIME[0]).toBe('5/5 100');
  });

  it('the CSV follows the team scope', async () => {
    const text = await ok('MT', CSV, { p: FEB_APR });
    const [head, ...rows] = parseCsv(text);
    const col = (name: string) => head.indexOf(name);
    const enrolled = rows.find((r) => r[col('indicator_code')] === 'ENROLLED' && r[col('month')] === '')!;
    expect(enrolled[col('scope_kind')]).toBe('TEAM');
    expect(enrolled[col('value')]).toBe('6');
    expectError(await as('MT', CSV, { p: FEB_APR, team: unit.MT, content: 'COMPARISON' }), 'BAD_USER_INPUT');
  });

  it('refuses ambulance and out-of-hours units, and another team’s scope, logged like another municipality', async () => {
    const mark = await auditMark(t);
    expectError(await as('AMB', INDICATORS, { p: FEB_APR }), 'FORBIDDEN');
    expectError(await as('OOH', INDICATORS, { p: FEB_APR }), 'FORBIDDEN');
    expectError(await as('MT', INDICATORS, { p: FEB_APR, team: unit.MT2 }), 'FORBIDDEN');
    expectError(await as('MT2', INDICATORS, { p: FEB_APR, team: unit.SSIH }), 'FORBIDDEN');
    expectError(await as('mgrTM', INDICATORS, { p: FEB_APR, m: f.org.TM2 }), 'FORBIDDEN');
    const rows = await auditSince(t, mark);
    expect(rows.map((r) => [r.operation, r.outcome, r.patient_id, r.details?.reason ?? null])).toEqual([
      // Ambulance and out-of-hours units use no follow-up operation at all: the guard refuses their kind.
      ['followUpIndicators', 'REFUSED', null, 'organisation-kind'],
      ['followUpIndicators', 'REFUSED', null, 'organisation-kind'],
      ['followUpIndicators', 'REFUSED', null, 'other-team'],
      ['followUpIndicators', 'REFUSED', null, 'other-team'],
      ['followUpIndicators', 'REFUSED', null, 'other-municipality'],
    ]);
    // A teamId that is not a team is bad input naming the field.
    const bad = expectError(await as('mgrTM', INDICATORS, { p: FEB_APR, team: f.org.VCA }), 'BAD_USER_INPUT');
    expect(bad.extensions.fields).toEqual([{ field: 'teamId', message: 'must be a mobile team or a specialised palliative home care unit (SSIH)' }]);
  });

  it('discharge facts count for a team when it was the open-care receiver or in the care team that day', async () => {
    const s = (patient: string, pc: string, admittedAt: string, dischargedAt: string) =>
      stay(t, f, patient, { mun: 'TM', pc: pc as OrgKey, admittedAt, dischargedAt, messages: [['ADMISSION_NOTICE', admittedAt]] });
    await s('P8', 'SSIH', '2026-03-01T08:00:00Z', '2026-03-05T10:00:00Z'); // SSIH received P8 (not in its care team)
    await s('P2', 'VCA', '2026-03-02T08:00:00Z', '2026-03-06T10:00:00Z'); // P2 had SSIH in its care team
    await s('P3', 'VCA', '2026-04-05T08:00:00Z', '2026-04-10T10:00:00Z'); // after SSIH left P3's care team
    await s('P7', 'VCA', '2026-03-01T08:00:00Z', '2026-03-04T10:00:00Z'); // never SSIH's
    const now = new Date('2026-05-20T10:00:00Z');
    const q = { ...FEB_APR, months: false, municipalityId: null, primaryCareId: null, compare: false, now, today: '2026-05-20' };
    const discharges = async (scope: { municipalityId?: string; primaryCareId?: string; teamId?: string }) => {
      const rows = await dischargeFamily(t.ds.manager, { ...q, teamId: null, ...scope });
      return rows.find((r) => r.bucket === 'PERIOD')?.metrics.discharges ?? 0;
    };
    expect(await discharges({ teamId: unit.SSIH })).toBe(2);
    expect(await discharges({ municipalityId: f.org.TM })).toBe(4);
    // A centre's scope counts only the stays it received.
    expect(await discharges({ primaryCareId: f.org.VCA })).toBe(3);
  });
});
