import { GraphQLSchemaHost } from '@nestjs/graphql';
import { createClient } from 'graphql-ws';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { PatientGrant } from '../src/access/patient-grant';
import { RecordKind } from '../src/access/record-kind';
import { ALL_ROLES, Role } from '../src/common/roles';
import { organisationsOf } from '../src/access/policy';
import { ACCESS } from '../src/app/registry';
import { signDevToken } from '../src/auth/token.service';
import { Clock } from '../src/common/clock';
import {
  documentFor,
  expectedOutcome,
  Expected,
  Fixture,
  FIXTURE_FUNCTION,
  grantOf,
  nextPersonnummer,
  readOnlyMessage,
  State,
  STATES,
  targetOf,
  writeCounterDdl,
} from './helpers/matrix';
import { startTestApp, TestApp } from './helpers/test-app';

/**
 * Every root operation × every role × every relationship state, generated from the policy
 * declarations and the schema (test/helpers/matrix.ts). For each case it asserts the answer (the
 * uniform refusal, exactly as for an id that does not exist; the read-only refusal; or passing the
 * gate), that a refusal wrote nothing, and the audit rows: the refusal with its patient and stage,
 * or an entry with the patient and the emergency flag where emergency access widened the answer.
 * An operation without a declaration fails the contract test and the guard; one whose service does
 * not go through the gate as declared fails here.
 */

let t: TestApp;
const ORG_KINDS = {
  MX: 'MUNICIPALITY',
  PX: 'PRIMARY_CARE',
  HX: 'HOSPITAL',
  TX: 'MOBILE_TEAM',
  SX: 'SPECIALISED_PALLIATIVE_HOME_CARE',
  AX: 'AMBULANCE',
  OX: 'OUT_OF_HOURS',
  MO: 'MUNICIPALITY',
  PO: 'PRIMARY_CARE',
  HO: 'HOSPITAL',
} as const;
type OrgKey = keyof typeof ORG_KINDS;
/** The calling organisation X of each kind. */
const ACTOR_ORG_OF_KIND: Record<string, OrgKey> = {
  MUNICIPALITY: 'MX',
  PRIMARY_CARE: 'PX',
  HOSPITAL: 'HX',
  MOBILE_TEAM: 'TX',
  SPECIALISED_PALLIATIVE_HOME_CARE: 'SX',
  AMBULANCE: 'AX',
  OUT_OF_HOURS: 'OX',
};
const ACTOR_ORGS = Object.values(ACTOR_ORG_OF_KIND);
const orgs = {} as Record<OrgKey, { id: string; hsa: string }>;
const staff = {} as Record<string, { id: string; hsa: string; assignment: string }>;
const tokens = new Map<string, string>();
const fixtures = new Map<string, Fixture>();

const staffKey = (org: OrgKey, role: Role) => `${org}/${role}`;

beforeAll(async () => {
  t = await startTestApp();
  for (const [key, kind] of Object.entries(ORG_KINDS) as Array<[OrgKey, string]>) {
    const hsa = `SE9990000001-${key}`;
    const [o] = await t.sql(
      `INSERT INTO organisation (hsa_id, kind, name, principal_name, municipality_code, principal) VALUES ($1, $2, $3, 'Matrisregionen', $4, $5) RETURNING id`,
      [hsa, kind, `Matris ${key}`, kind === 'MUNICIPALITY' ? '0999' : null, kind === 'MOBILE_TEAM' ? 'REGION' : null],
    );
    orgs[key] = { id: o.id, hsa };
    for (const role of [...ALL_ROLES, 'NURSE2']) {
      const staffHsa = `SE9990000001-${key}${role.replace(/_/g, '')}`.slice(0, 31);
      const [s] = await t.sql(`INSERT INTO staff (hsa_id, name, profession_title) VALUES ($1, $2, $3) RETURNING id`, [staffHsa, `${key} ${role}`, role]);
      const [a] = await t.sql(
        `INSERT INTO assignment (staff_id, organisation_id, role, valid_from) VALUES ($1, $2, $3, now() - interval '1 day') RETURNING id`,
        [s.id, o.id, role === 'NURSE2' ? 'NURSE' : role],
      );
      staff[staffKey(key, role as Role)] = { id: s.id, hsa: staffHsa, assignment: a.id };
    }
  }
  await t.sql(FIXTURE_FUNCTION);
  const tables = t.ds.entityMetadatas.map((m) => m.tableName).filter((n) => n !== 'audit_log');
  for (const ddl of writeCounterDdl(tables)) await t.sql(ddl);
});
afterAll(() => t.close());

async function tokenOf(org: OrgKey, role: Role): Promise<string> {
  const key = staffKey(org, role);
  let tok = tokens.get(key);
  if (!tok) {
    tok = await signDevToken(t.config, { staffHsaId: staff[key].hsa, organisationHsaId: orgs[org].hsa, role }, '2h');
    tokens.set(key, tok);
  }
  return tok;
}

async function makeFixture(state: State, org: OrgKey, role: Role): Promise<Fixture> {
  const pnr = nextPersonnummer();
  const actor = staff[staffKey(org, role)];
  const other = staff[staffKey(org, 'NURSE2' as Role)];
  const [row] = await t.sql(`SELECT matrix_fixture($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) AS f`, [
    state,
    pnr,
    orgs[org].id,
    actor.id,
    actor.assignment,
    role,
    other.id,
    other.assignment,
    orgs.MO.id,
    orgs.PO.id,
    orgs.HO.id,
    staff[staffKey('MO', Role.NURSE)].id,
    staff[staffKey('PO', Role.PHYSICIAN)].id,
    staff[staffKey('HO', Role.DISCHARGE_COORDINATOR)].id,
  ]);
  const { patient, ...records } = row.f as Record<string, string>;
  return { patient, personnummer: pnr, records };
}

/** A fixture to read from, shared by the cases that cannot change it (refused roles and queries). */
async function sharedFixture(state: State, org: OrgKey, role: Role): Promise<Fixture> {
  const key = `${org}/${role}/${state}`;
  let f = fixtures.get(key);
  if (!f) fixtures.set(key, (f = await makeFixture(state, org, role)));
  return f;
}

interface Answer {
  status: number;
  data: unknown;
  errors: Array<{ code: string; message: string }> | undefined;
}

async function call(op: string, org: OrgKey, role: Role, fixture: Fixture, targetValue: string | null): Promise<Answer> {
  const rule = ACCESS.operations.get(op)!;
  const target = targetOf(rule.access);
  const schema = t.app.get(GraphQLSchemaHost).schema;
  const today = t.app.get(Clock).today();
  const ids = { po: orgs.PO.id, mo: orgs.MO.id, actor: staff[staffKey(org, role)].id, poGp: staff[staffKey('PO', Role.PHYSICIAN)].id };
  const doc = documentFor(schema, op, { target: target && targetValue ? { path: target.path, value: targetValue } : null, fixture, ids, today });
  const token = await tokenOf(org, role);
  if (doc.root === 'subscription') return subscribe(doc.query, doc.variables, token);
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: doc.query, variables: doc.variables }),
  });
  const body = (await res.json()) as { data?: unknown; errors?: Array<{ message: string; extensions: { code: string } }> };
  return { status: res.status, data: body.data ?? null, errors: body.errors?.map((e) => ({ code: e.extensions.code, message: e.message })) };
}

/** A subscription: refused at once with an error, or running (then closed) after a short wait. */
function subscribe(query: string, variables: Record<string, unknown>, token: string): Promise<Answer> {
  const client = createClient({
    url: `${t.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: true,
  });
  return new Promise<Answer>((resolve) => {
    const timer = setTimeout(() => {
      stop();
      void client.dispose();
      resolve({ status: 200, data: { running: true }, errors: undefined });
    }, 400);
    const stop = client.subscribe(
      { query, variables },
      {
        next: (m) => {
          if (m.errors) {
            clearTimeout(timer);
            stop();
            void client.dispose();
            resolve({ status: 200, data: null, errors: m.errors.map((e) => ({ code: String(e.extensions?.code), message: e.message })) });
          }
        },
        error: (e) => {
          clearTimeout(timer);
          void client.dispose();
          const errors = Array.isArray(e)
            ? e.map((x: { message: string; extensions?: { code?: string } }) => ({ code: String(x.extensions?.code), message: x.message }))
            : [{ code: 'CLOSED', message: String(e) }];
          resolve({ status: 200, data: null, errors });
        },
        complete: () => undefined,
      },
    );
  });
}

const random = (op: string, target: ReturnType<typeof targetOf>): string | null => (target ? (target.personnummer ? nextPersonnummer() : randomUUID()) : null);

async function auditMark(): Promise<string> {
  return (await t.sql(`SELECT coalesce(max(id), 0)::text AS m FROM audit_log`))[0].m;
}
async function writes(): Promise<number> {
  return Number((await t.sql(`SELECT n FROM matrix_writes`))[0].n);
}

interface Row {
  operation: string;
  outcome: string;
  patient_id: string | null;
  emergency: boolean;
  reason: string | null;
  stage: string | null;
}

/** The rows the record kinds' visibility rules look at (the record addressed and its parent), read from the fixture. */
async function recordsSeen(kind: RecordKind | null, fixture: Fixture): Promise<Array<{ kind: RecordKind; row: { id: string; patientId: string } }>> {
  const out: Array<{ kind: RecordKind; row: { id: string; patientId: string } }> = [];
  let k = kind;
  let id = k ? fixture.records[k.table] : null;
  while (k && id) {
    const row = (await t.ds.getRepository(k.entity).findOneBy({ id } as never)) as { id: string; patientId: string } & Record<string, string>;
    out.push({ kind: k, row });
    id = k.parent ? row[k.parent.key] : null;
    k = k.parent?.kind ?? null;
  }
  return out;
}

const controls = new Map<string, Answer>();

it('holds for every operation, role and relationship state, as the policies declare', async () => {
  const failures: string[] = [];
  const tally: Record<string, number> = {};
  let cases = 0;
  const started = Date.now();
  const ops = ACCESS.policies.flatMap((p) => Object.keys(p.operations));
  const schema = t.app.get(GraphQLSchemaHost).schema;
  // Every root operation is in the matrix: one without a declaration fails here (and at the guard).
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((type) => (type ? Object.keys(type.getFields()) : []));
  expect([...roots].sort()).toEqual([...ops].sort());
  const mutations = new Set(Object.keys(schema.getMutationType()?.getFields() ?? {}));

  for (const [index, op] of ops.entries()) {
    const rule = ACCESS.operations.get(op)!;
    const target = targetOf(rule.access);
    const recordKind = rule.access.kind === 'record' ? rule.access.record : null;
    // Every state as the first kind the operation is open to; then, in the `direct` state, one kind it
    // is not open to and one of the newer kinds it is open to (a mobile team or SSIH), each taken in turn
    // from operation to operation so that every kind is called across the matrix.
    const kinds = organisationsOf(rule).kinds;
    const fitting: OrgKey = ACTOR_ORG_OF_KIND[kinds[0]];
    const unfitting = ACTOR_ORGS.filter((o) => !kinds.includes(ORG_KINDS[o]));
    const newer = (['TX', 'SX'] as const).filter((o) => kinds.includes(ORG_KINDS[o]) && o !== fitting);
    const runs: Array<{ org: OrgKey; state: State }> = [
      ...STATES.map((state) => ({ org: fitting, state })),
      ...(unfitting.length ? [{ org: unfitting[index % unfitting.length], state: 'direct' as State }] : []),
      ...(newer.length ? [{ org: newer[index % newer.length], state: 'direct' as State }] : []),
    ];
    for (const role of ALL_ROLES) {
      for (const { org, state } of runs) {
        cases++;
        const where = `${op} × ${role} × ${state}${org !== fitting ? ` (as ${ORG_KINDS[org]})` : ''}`;
        const fresh = mutations.has(op) && rule.roles.includes(role);
        const fixture = fresh ? await makeFixture(state, org, role) : await sharedFixture(state, org, role);
        const grant: PatientGrant = grantOf(state, fixture.patient, orgs[org].id, orgs.MO.id);
        const expected: Expected = expectedOutcome(rule, role, ORG_KINDS[org], grant, await recordsSeen(recordKind, fixture));
        tally[expected.kind] = (tally[expected.kind] ?? 0) + 1;
        const controlKey = `${op}/${org}/${role}`;
        if (expected.kind === 'absent' && !controls.has(controlKey)) {
          controls.set(controlKey, await call(op, org, role, await sharedFixture(state, org, role), random(op, target)));
        }
        const mark = await auditMark();
        const before = await writes();
        const targetValue = target ? (target.record ? fixture.records[target.record] : target.personnummer ? fixture.personnummer : fixture.patient) : null;
        const answer = await call(op, org, role, fixture, targetValue);
        const after = await writes();
        const rows = (await t.sql(
          `SELECT operation, outcome::text, patient_id, emergency, details->>'reason' AS reason, details->>'stage' AS stage FROM audit_log WHERE id > $1 ORDER BY id`,
          [mark],
        )) as Row[];
        const fail = (why: string) =>
          failures.push(`${where}: ${why}; answer ${JSON.stringify(answer.errors ?? answer.data).slice(0, 240)}; log ${JSON.stringify(rows).slice(0, 400)}`);
        const patientOfTarget = target ? fixture.patient : null;
        const refusal = rows.filter((r) => r.outcome === 'REFUSED' && (r.stage === 'access' || r.stage === 'policy'));

        switch (expected.kind) {
          case 'role-refused':
          case 'organisation-refused': {
            const reason = expected.kind === 'role-refused' ? 'role' : 'organisation-kind';
            const code = answer.errors?.[0]?.code;
            const label =
              rule.access.kind === 'record'
                ? `${rule.access.record.label} not found`
                : (rule.access.kind === 'patient' || rule.access.kind === 'personnummer') && rule.access.reach !== 'register'
                  ? 'Patient not found'
                  : null;
            if (expected.kind === 'organisation-refused') {
              if (code !== 'FORBIDDEN' || answer.errors?.[0]?.message !== organisationsOf(rule).refusal) fail('expected the organisation-kind refusal');
            } else if (rule.absentAsNull) {
              if (answer.errors || JSON.stringify(answer.data) !== JSON.stringify({ [op]: null })) fail('expected null, as a miss');
            } else if (label) {
              if (code !== 'NOT_FOUND' || answer.errors?.[0]?.message !== label) fail(`expected "${label}"`);
            } else if (code !== 'FORBIDDEN') fail('expected FORBIDDEN');
            if (after !== before) fail(`wrote ${after - before} rows`);
            if (rows.length !== 1 || rows[0].reason !== reason || rows[0].patient_id !== patientOfTarget)
              fail(`expected one REFUSED row (${reason}) with the patient`);
            break;
          }
          case 'absent': {
            const control = controls.get(controlKey)!;
            if (JSON.stringify({ d: answer.data, e: answer.errors }) !== JSON.stringify({ d: control.data, e: control.errors }))
              fail(`expected the answer for a random id ${JSON.stringify(control.errors ?? control.data)}`);
            if (after !== before) fail(`wrote ${after - before} rows`);
            if (
              refusal.length !== 1 ||
              refusal[0].patient_id !== fixture.patient ||
              refusal[0].emergency !== expected.emergencyFlag ||
              rows.some((r) => r.outcome === 'ALLOWED')
            ) {
              fail('expected one REFUSED access row with the patient, flagged emergency when the caller held emergency access (or read urgently)');
            }
            break;
          }
          case 'read-only': {
            if (answer.errors?.[0]?.code !== 'FORBIDDEN' || answer.errors[0].message !== readOnlyMessage(expected.reason))
              fail(`expected the read-only refusal (${expected.reason})`);
            if (after !== before) fail(`wrote ${after - before} rows`);
            if (
              refusal.length !== 1 ||
              refusal[0].reason !== expected.reason ||
              refusal[0].patient_id !== fixture.patient ||
              refusal[0].emergency !== grant.emergency
            )
              fail('expected one REFUSED access row with the patient and the emergency flag');
            break;
          }
          case 'passes': {
            if (refusal.length) fail('refused at the door');
            if (answer.status >= 500) fail(`HTTP ${answer.status}`);
            if (answer.errors?.some((e) => e.code === 'INTERNAL')) fail('INTERNAL');
            if (target && !rows.some((r) => r.patient_id === fixture.patient)) fail('no audit row with the patient');
            const reach = rule.access.kind === 'list' || rule.access.kind === 'none' || rule.access.kind === 'aggregate' ? null : rule.access.reach;
            if (reach === 'read' || reach === 'write' || reach === 'write-direct' || reach === 'urgent') {
              for (const r of rows.filter((x) => x.outcome === 'ALLOWED' && x.patient_id === fixture.patient)) {
                if (r.emergency !== expected.emergencyFlag) fail(`ALLOWED row flagged emergency=${r.emergency}, expected ${expected.emergencyFlag}`);
              }
            }
            tally[answer.errors ? 'passes, then turned down by a rule' : 'passes, and succeeds'] =
              (tally[answer.errors ? 'passes, then turned down by a rule' : 'passes, and succeeds'] ?? 0) + 1;
            break;
          }
        }
      }
    }
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `authorization matrix: ${cases} cases (${ops.length} operations × ${ALL_ROLES.length} roles × ${STATES.length} states, and the ${ACTOR_ORGS.length} organisation kinds) in ${seconds} s: ${JSON.stringify(tally)}`,
  );
  if (process.env.MATRIX_FAILURES) (await import('node:fs')).writeFileSync(process.env.MATRIX_FAILURES, failures.join('\n'));
  expect({ failed: failures.length, first: failures.slice(0, 40) }).toEqual({ failed: 0, first: [] });
}, 600_000);
