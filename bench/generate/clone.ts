import { Client } from 'pg';
import { DEMO_ORGS, DEMO_STAFF, DemoOrgKey, DemoStaffKey } from '../../src/demo/region';

/**
 * Cloning the demo's clinical content (Esther's SIP, her deterioration plan, the demo stays in
 * hospital…) onto every generated patient, inside PostgreSQL with INSERT … SELECT.
 *
 * The demo rows name demo units and demo staff. For a generated patient they must name that
 * patient's own units and staff instead, which depend on five numbers per patient, always in scope
 * under these names where the SQL below is used:
 *   m  — the municipality (1…13),   v  — the primary care centre (1…50),
 *   nk — the named nurse (1…n),     gk — the named GP (1…6),   w — the hospital ward (1…9).
 * `pg_temp.who(x, m, v, nk, gk, w)` maps a demo unit or staff id to the generated one (any other id
 * passes through), and `substitute()` does the same inside jsonb/text (a published SIP snapshot),
 * where every other uuid is an item id (goal, action, step…) made unique per patient. Generated ids
 * never depend on the demo's own (random) ids, so a seed always gives the same region.
 */

/**
 * SQL for the generated unit that stands in for each demo unit. The generated region has no mobile
 * team, ambulance service or out-of-hours unit, and no cloned content names the demo's (Esther's
 * care-team membership of the mobile team is not cloned): those keys are left out, their ids pass
 * through.
 */
const ORG_SQL: Partial<Record<DemoOrgKey, string>> = {
  jonkoping: `pg_temp.id('mun', m)`,
  habo: `pg_temp.id('mun', m)`,
  vcSjobacken: `pg_temp.id('vc', v)`,
  vcEkdalen: `pg_temp.id('vc', v)`,
  wardMedicine: `pg_temp.id('ward', w)`,
  wardGeriatrics: `pg_temp.id('ward', w)`,
  hospital: `pg_temp.id('hosp', (w - 1) / 3 + 1)`,
};

/** SQL for the generated staff member who stands in for each demo staff member (kinds as in region.ts; the staff of the units left out above are left out too). */
function staffSql(nursesPerMunicipality: number): Partial<Record<DemoStaffKey, string>> {
  const mun = (kind: string, k: string) => `pg_temp.id('${kind}', m * 10000 + ${k})`;
  const vc = (kind: string, k: string) => `pg_temp.id('${kind}', v * 10000 + ${k})`;
  const ward = (kind: string, k: string) => `pg_temp.id('${kind}', w * 10000 + ${k})`;
  const otherNurse = `(nk % ${nursesPerMunicipality}) + 1`;
  return {
    annaNurse: mun('mnurse', 'nk'),
    karinNurse: mun('mnurse', otherNurse),
    omarRehab: mun('mrehab', '1'),
    mariaCoordinator: mun('mcoord', '1'),
    saraSocial: mun('msocial', '1'),
    evaManager: mun('mmgr', '1'),
    birgittaMas: mun('mmas', '1'),
    jonasDischarge: mun('mdis', '1'),
    perAdmin: mun('mmgr', '1'),
    linneaNurse: mun('mnurse', 'nk'),
    henrikManager: mun('mmgr', '1'),
    ingridMas: mun('mmas', '1'),
    idaAdmin: mun('mmgr', '1'),
    erikGp: vc('vgp', 'gk'),
    fatimaGp: vc('vgp', '(gk % 6) + 1'),
    sofiaNurse: vc('vnurse', '1'),
    johanCoordinator: vc('vcoord', '1'),
    helenaManager: vc('vmgr', '1'),
    larsAdmin: vc('vmgr', '1'),
    nilsGp: vc('vgp', 'gk'),
    ullaNurse: vc('vnurse', '1'),
    aliPhysician: ward('wdoc', '1'),
    emmaNurse: ward('wnurse', '1'),
    toveDischarge: ward('wdis', '1'),
    gustavPhysician: ward('wdoc', '2'),
    monaAdmin: ward('wdis', '2'),
  };
}

export interface DemoEntity {
  /** The demo row's uuid. */
  id: string;
  /** A placeholder that is not uuid-shaped, used while item ids are rewritten. */
  token: string;
  /** SQL for the generated id (uses m, v, nk, gk, w). */
  sql: string;
}

/** Demo units and staff by their id in this database, with what stands in for them. */
export type DemoMap = Map<string, DemoEntity>;

export async function loadDemoMap(c: Client, nursesPerMunicipality: number): Promise<DemoMap> {
  const map: DemoMap = new Map();
  const orgs = (await c.query(`SELECT id, hsa_id FROM organisation WHERE hsa_id = ANY ($1)`, [Object.values(DEMO_ORGS).map((o) => o.hsaId)])).rows as Array<{
    id: string;
    hsa_id: string;
  }>;
  for (const [key, o] of Object.entries(DEMO_ORGS) as Array<[DemoOrgKey, { hsaId: string }]>) {
    const row = orgs.find((r) => r.hsa_id === o.hsaId);
    if (!row) throw new Error(`demo unit ${key} is missing: loadDemoData must run before the region is generated`);
    const sql = ORG_SQL[key];
    if (sql) map.set(row.id, { id: row.id, token: `{{org:${key}}}`, sql });
  }
  const staff = staffSql(nursesPerMunicipality);
  const people = (await c.query(`SELECT id, hsa_id FROM staff WHERE hsa_id = ANY ($1)`, [Object.values(DEMO_STAFF).map((s) => s.hsaId)])).rows as Array<{
    id: string;
    hsa_id: string;
  }>;
  for (const [key, s] of Object.entries(DEMO_STAFF) as Array<[DemoStaffKey, { hsaId: string }]>) {
    const row = people.find((r) => r.hsa_id === s.hsaId);
    if (!row) throw new Error(`demo staff ${key} is missing: loadDemoData must run before the region is generated`);
    const sql = staff[key];
    if (sql) map.set(row.id, { id: row.id, token: `{{staff:${key}}}`, sql });
  }
  return map;
}

/** Defines pg_temp.who(x uuid, m, v, nk, gk, w): the generated unit or staff for a demo one, else x. */
export async function defineWho(c: Client, map: DemoMap): Promise<void> {
  const cases = [...map.values()].map((e) => `WHEN '${e.id}'::uuid THEN ${e.sql}`).join('\n      ');
  await c.query(`CREATE OR REPLACE FUNCTION pg_temp.who(x uuid, m int, v int, nk int, gk int, w int) RETURNS uuid IMMUTABLE LANGUAGE sql AS
    $$ SELECT CASE x
      ${cases}
      ELSE x END $$`);
}

/** SQL for the same call with the five numbers taken from table alias `t`. */
export function who(col: string, t: string): string {
  return `pg_temp.who(${col}, ${t}.m, ${t}.v, ${t}.nk, ${t}.gk, ${t}.w)`;
}

export interface Tokenised {
  text: string;
  entities: DemoEntity[];
}

/**
 * Item ids (goals, actions, plan steps…) of a demo text, each given a stable 12-hex-digit suffix in
 * order of first appearance, so that generated ids do not depend on the demo's random ids and the
 * same item keeps one id across versions.
 */
export class ItemIds {
  private readonly suffixes = new Map<string, string>();
  suffix(id: string): string {
    let s = this.suffixes.get(id);
    if (!s) {
      s = (this.suffixes.size + 1).toString(16).padStart(12, '0');
      this.suffixes.set(id, s);
    }
    return s;
  }
  /** Bind as a jsonb parameter for itemId(). */
  toJson(): string {
    return JSON.stringify(Object.fromEntries(this.suffixes));
  }
}

const ITEM = '§item§';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/**
 * Prepares a demo text (e.g. a snapshot), once, in JavaScript: demo unit and staff ids become
 * tokens, every other uuid is an item id and becomes a marker followed by its stable suffix.
 */
export function tokenise(text: string, map: DemoMap, items: ItemIds): Tokenised {
  const entities: DemoEntity[] = [];
  for (const e of map.values()) {
    if (text.includes(e.id)) {
      text = text.split(e.id).join(e.token);
      entities.push(e);
    }
  }
  return { text: text.replace(UUID, (id) => ITEM + items.suffix(id)), entities };
}

/**
 * SQL that turns a tokenised demo text (bound as `param`) into the generated patient's: item ids
 * get `prefix` (24 characters, unique per patient) before their suffix; the tokens become the
 * patient's units and staff (m, v, nk, gk, w of alias `t`).
 */
export function substitute(param: string, tokenised: Tokenised, prefix: string, t: string): string {
  let sql = `replace(${param}, '${ITEM}', ${prefix})`;
  for (const e of tokenised.entities) sql = `replace(${sql}, '${e.token}', (${rowSql(e.sql, t)})::text)`;
  return sql;
}

/** The generated patient's id for a demo item id column; `items` is the ItemIds bound as jsonb. */
export function itemId(col: string, prefix: string, items: string): string {
  return `(${prefix} || (${items} ->> ${col}::text))::uuid`;
}

/** Qualifies the five numbers in a mapping expression with table alias `t`. */
function rowSql(sql: string, t: string): string {
  return sql.replace(/\b(m|v|nk|gk|w)\b/g, `${t}.$1`);
}
