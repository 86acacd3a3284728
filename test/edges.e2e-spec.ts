import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { signDevToken } from '../src/auth/token.service';
import { DEMO_ORGS } from '../src/demo/region';
import { Clock } from '../src/common/clock';
import { UNIQUE_INDEXES } from '../src/database/constraints';
import { GRAPHQL_LIMITS } from '../src/common/graphql-armor';
import { draftAndSign, planContent, Q as DQ } from './helpers/deterioration';
import { patientId } from './helpers/patients';
import { expectError, startTestApp, TestApp } from './helpers/test-app';

/**
 * The edges a tester reaches first: hostile text, races on unique keys, lenient dates, HTTP-level
 * refusals, rate limits, concurrency codes and subscription close codes. Every refusal is in the
 * error contract (`errors[].extensions.code`) with its HTTP status, and writes nothing.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function post(body: string, headers: Record<string, string> = {}, app = t) {
  const res = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: JSON.parse(text) as { data?: unknown; errors?: Array<{ message: string; extensions: Record<string, unknown> }> },
  };
}

/** Rows in every table but the access log (and its monthly partitions): a refusal must leave it unchanged. */
async function rowsOutsideLog(): Promise<Record<string, number>> {
  const tables = await t.sql<{ t: string }>(
    `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'audit_log'
        AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = format('public.%I', tablename)::regclass) ORDER BY 1`,
  );
  const out: Record<string, number> = {};
  for (const { t: name } of tables) out[name] = (await t.sql(`SELECT count(*)::int AS n FROM "${name}"`))[0].n;
  return out;
}

describe('free text: one rule for every field', () => {
  const NUL = 'Andning\u0000 ansträngd';
  const REGISTER = `mutation($i: RegisterPatientInput!) { registerPatient(input: $i) { patientId } }`;
  const CREATE_STAFF = `mutation($i: CreateStaffInput!) { createStaff(input: $i) { id } }`;

  it('refuses a NUL byte or another control character with BAD_USER_INPUT naming the field, and writes nothing', async () => {
    const esther = await patientId(t, 'esther');
    const before = await rowsOutsideLog();
    const cases: Array<[string, Record<string, unknown>, string, string]> = [
      [
        `mutation($i: SendHandoverInput!) { sendHandover(input: $i) { id } }`,
        {
          i: {
            patientId: esther,
            receiverOrganisationId: await t.orgId('vcSjobacken'),
            occasion: 'CHANGE_IN_CONDITION',
            situation: NUL,
            background: 'b',
            assessment: 'a\u0007',
            recommendation: 'r',
          },
        },
        'annaNurse',
        'input.situation',
      ],
      [CREATE_STAFF, { i: { hsaId: 'SE2120000530-N001', name: NUL, professionTitle: 'Sjuksköterska', role: 'NURSE' } }, 'perAdmin', 'input.name'],
      [
        REGISTER,
        { i: { personnummer: '191212121212', purpose: 'ENROLLMENT', givenName: 'Tolvan', familyName: 'Tolvansson', address: 'Storgatan 1\u001b[2J' } },
        'annaNurse',
        'input.address',
      ],
      [
        `mutation($i: CreateRoundInput!) { createRound(input: $i) { id } }`,
        { i: { kind: 'REGULAR', startsAt: '2026-12-20T08:00:00Z', participatingOrganisationIds: [await t.orgId('jonkoping')], title: 'Rond\u007f' } },
        'erikGp',
        'input.title',
      ],
    ];
    for (const [query, vars, who, field] of cases) {
      const res = await t.gql(query, vars, await t.token(who as never));
      const err = expectError(res, 'BAD_USER_INPUT');
      expect(err.extensions.fields).toContainEqual({ field, message: expect.stringMatching(/control characters/) });
    }
    // A lone surrogate would be stored as U+FFFD: refused too.
    const lone = await t.gql(
      CREATE_STAFF,
      { i: { hsaId: 'SE2120000530-N002', name: 'Nora \ud800', professionTitle: 'x', role: 'NURSE' } },
      await t.token('perAdmin'),
    );
    expect(expectError(lone, 'BAD_USER_INPUT').extensions.fields).toEqual([{ field: 'input.name', message: expect.stringMatching(/well-formed Unicode/) }]);
    expect(await rowsOutsideLog()).toEqual(before);
  });

  it('keeps tab and line breaks, which notes are written with', async () => {
    const res = await t.gql(
      CREATE_STAFF,
      { i: { hsaId: 'SE2120000530-N003', name: 'Nora\tTest', professionTitle: 'Sjuksköterska\r\nnatt', role: 'NURSE' } },
      await t.token('perAdmin'),
    );
    expect(res.errors).toBeUndefined();
  });
});

describe('ids and optional fields', () => {
  it('takes an id in upper case as the same id', async () => {
    const esther = await patientId(t, 'esther');
    const res = await t.gql(`query($id: ID!) { patient(id: $id) { id givenName } }`, { id: esther.toUpperCase() }, await t.token('annaNurse'));
    expect(res.errors).toBeUndefined();
    expect(res.data.patient).toEqual({ id: esther, givenName: 'Esther' });
    const sent = await t.gql(
      `mutation($i: SendHandoverInput!) { sendHandover(input: $i) { id patient { id } } }`,
      {
        i: {
          patientId: esther.toUpperCase(),
          receiverOrganisationId: (await t.orgId('vcSjobacken')).toUpperCase(),
          occasion: 'CHANGE_IN_CONDITION',
          situation: 's',
          background: 'b',
          assessment: 'a',
          recommendation: 'r',
        },
      },
      await t.token('annaNurse'),
    );
    expect(sent.errors).toBeUndefined();
    expect(sent.data.sendHandover.patient.id).toBe(esther);
  });

  it('refuses null for a field that may only be left out, naming it', async () => {
    const staffId = await t.staffId('annaNurse');
    const res = await t.gql(`mutation($i: UpdateStaffInput!) { updateStaff(input: $i) { id } }`, { i: { staffId, name: null } }, await t.token('perAdmin'));
    expect(expectError(res, 'BAD_USER_INPUT').extensions.fields).toContainEqual({
      field: 'input.name',
      message: 'must not be null; leave it out to keep the current value',
    });
  });
});

describe('paged lists: a cursor the list did not make', () => {
  const cursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
  const ANY_ID = '00000000-0000-4000-8000-000000000000';
  // For every list: the right number of values with a wrong type among them, or a wrong number of values, or not JSON.
  const FORGED = [
    cursor(['x']),
    cursor(['x', 'y']),
    cursor(['x', 'y', 'z']),
    cursor(['2026-02-30', 7]),
    cursor([1.5, '2026-11-22T10:00:00.000Z', ANY_ID]),
    cursor(['yesterday', '1e3']),
    'bm9wZQ',
  ];

  it('is BAD_USER_INPUT naming `after` on every paged list, the caseload to the access log', async () => {
    const esther = await patientId(t, 'esther');
    const lists: Array<{ field: string; args?: string; who: string; vars?: Record<string, unknown> }> = [
      { field: 'myPatients', who: 'annaNurse' },
      { field: 'myTasks', who: 'annaNurse' },
      { field: 'organisationTasks', who: 'annaNurse' },
      { field: 'dischargeInbox', who: 'annaNurse' },
      { field: 'dischargeProcesses', args: 'patientId: $p', who: 'annaNurse' },
      { field: 'handovers', args: 'patientId: $p', who: 'annaNurse' },
      { field: 'handoverInbox', args: 'includeAcknowledged: true', who: 'annaNurse' },
      { field: 'carePlans', args: 'patientId: $p', who: 'annaNurse' },
      { field: 'carePlansDueForFollowUp', who: 'annaNurse' },
      { field: 'deteriorationPlanHistory', args: 'patientId: $p', who: 'annaNurse' },
      { field: 'deteriorationPlansDueForReview', args: 'withinDays: 30', who: 'annaNurse' },
      { field: 'rounds', who: 'erikGp' },
      { field: 'organisations', who: 'annaNurse' },
      { field: 'staffMembers', who: 'annaNurse' },
      { field: 'auditLog', who: 'birgittaMas' },
      { field: 'patientLogExtract', args: 'patientId: $p', who: 'birgittaMas' },
      { field: 'emergencyAccessesForReview', args: 'unreviewedOnly: false', who: 'ingridMas' },
      { field: 'careTeamChangesForReview', who: 'birgittaMas' },
    ];
    for (const { field, args, who } of lists) {
      const usesPatient = args?.includes('$p');
      const query = `query($after: String${usesPatient ? ', $p: ID!' : ''}) { ${field}(first: 2, after: $after${args ? `, ${args}` : ''}) { pageInfo { hasNextPage endCursor } } }`;
      const token = await t.token(who as never);
      const vars = usesPatient ? { p: esther } : {};
      const first = await t.gql(query, vars, token);
      expect(first.errors, field).toBeUndefined();
      for (const after of FORGED) {
        const res = await t.gql(query, { ...vars, after }, token);
        expect(res.errors?.[0].extensions, `${field} after ${after}`).toMatchObject({
          code: 'BAD_USER_INPUT',
          fields: [{ field: 'after', message: 'is not a cursor returned by this list' }],
        });
      }
    }
    // A patient's open tasks (a field of the patient) too.
    const open = `query($id: ID!, $after: String) { patient(id: $id) { openTasks(first: 2, after: $after) { pageInfo { endCursor } } } }`;
    for (const after of FORGED) {
      const res = await t.gql(open, { id: esther, after }, await t.token('annaNurse'));
      expect(res.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'after', message: 'is not a cursor returned by this list' }],
      });
    }
  });
});

describe('database errors are explained once', () => {
  it('answers a race on a unique key with CONFLICT naming the field: 8 createStaff with one HSA-id give 1 OK and 7 CONFLICT', async () => {
    const token = await t.token('perAdmin');
    const input = { hsaId: 'SE2120000530-R001', name: 'Rut Race', professionTitle: 'Sjuksköterska', role: 'NURSE' };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => t.gql(`mutation($i: CreateStaffInput!) { createStaff(input: $i) { id } }`, { i: input }, token)),
    );
    expect(answers.filter((a) => !a.errors)).toHaveLength(1);
    const refused = answers.filter((a) => a.errors);
    expect(refused.map((a) => a.errors![0].extensions.code)).toEqual(Array(7).fill('CONFLICT'));
    for (const a of refused) expect(a.errors![0].extensions.fields).toEqual([{ field: 'input.hsaId', message: expect.stringMatching(/already used/) }]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM staff WHERE hsa_id = $1`, [input.hsaId])).toEqual([{ n: 1 }]);
  });

  it('knows what every unique index of the database means to a client', async () => {
    const indexes = await t.sql<{ name: string }>(
      `SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public' AND indexdef LIKE 'CREATE UNIQUE INDEX%' AND indexname NOT LIKE 'PK\\_%' ORDER BY 1`,
    );
    const names = indexes.map((i) => i.name).filter((n) => !n.endsWith('_pkey'));
    expect(names.filter((n) => !UNIQUE_INDEXES[n])).toEqual([]);
    expect(Object.keys(UNIQUE_INDEXES).filter((n) => !names.includes(n))).toEqual([]);
  });
});

describe('DateTime is strict RFC 3339, and dates are plausible', () => {
  const round = async (startsAt: unknown) =>
    t.gql(
      `mutation($i: CreateRoundInput!) { createRound(input: $i) { id startsAt } }`,
      { i: { kind: 'REGULAR', startsAt, participatingOrganisationIds: [await t.orgId('jonkoping')] } },
      await t.token('erikGp'),
    );

  it.each([
    ['2026-02-30T10:00:00Z', /does not exist/],
    ['2026-12-20T10:00:00', /offset/],
    ['2026-12-20 10:00:00Z', /RFC 3339/],
    ['2026-12-20T24:00:00Z', /time of day that does not exist/],
    [1_790_000_000_000, /string/],
    [true, /string/],
  ])('refuses startsAt %s with BAD_USER_INPUT naming the field', async (value, why) => {
    const res = await round(value);
    expect(res.status).toBe(400);
    const err = expectError(res, 'BAD_USER_INPUT');
    expect(err.extensions.fields).toEqual([{ field: 'i.startsAt', message: expect.stringMatching(why) }]);
  });

  it('accepts an offset and answers in UTC', async () => {
    const res = await round('2026-12-20T09:30:00+01:00');
    expect(res.errors).toBeUndefined();
    expect(res.data.createRound.startsAt).toBe('2026-12-20T08:30:00.000Z');
  });

  it('refuses a date far outside its field’s plausible range, saying the range (the window follows the service clock)', async () => {
    t.app.get(Clock).set(new Date('2026-12-02T09:00:00Z'));
    try {
      const old = expectError(await round('1900-01-01T08:00:00Z'), 'BAD_USER_INPUT');
      expect(old.extensions.fields).toEqual([{ field: 'input.startsAt', message: 'must be between 2025-12-02 and 2029-12-02' }]);
      const esther = await patientId(t, 'esther');
      const [enr] = await t.sql(`SELECT id FROM home_healthcare_enrollment WHERE patient_id = $1 AND status = 'ACTIVE'`, [esther]);
      const end = await t.gql(
        `mutation($i: EndEnrollmentInput!) { endEnrollment(input: $i) { id } }`,
        { i: { enrollmentId: enr.id, endDate: '9999-12-31', reason: 'Flytt' } },
        await t.token('annaNurse'),
      );
      expect(expectError(end, 'BAD_USER_INPUT').extensions.fields).toEqual([{ field: 'input.endDate', message: 'must be between 2021-12-02 and 2031-12-02' }]);
    } finally {
      t.app.get(Clock).set(null);
    }
  });
});

describe('HTTP statuses of refusals before GraphQL runs', () => {
  it('answers a document over the token limit with 400, not 500', async () => {
    const fields = Array.from({ length: GRAPHQL_LIMITS.maxTokens }, () => '__typename').join(' ');
    const res = await post(JSON.stringify({ query: `{ ${fields} }` }), { authorization: `Bearer ${await t.token('annaNurse')}` });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers a malformed document with 400 and BAD_USER_INPUT, with or without a token', async () => {
    const headerSets: Array<Record<string, string>> = [{}, { authorization: `Bearer ${await t.token('annaNurse')}` }];
    for (const headers of headerSets) {
      const res = await post(JSON.stringify({ query: '{ __typename' }), headers);
      expect(res.status).toBe(400);
      expect(res.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^Syntax Error/), extensions: { code: 'BAD_USER_INPUT' } });
    }
  });

  it.each([
    ['no query', '{}'],
    ['a query that is not a string', '{"query": 5}'],
    ['variables that are not an object', '{"query": "{ __typename }", "variables": [1]}'],
    ['an unknown operation name', '{"query": "query A { __typename }", "operationName": "B"}'],
    ['two operations and no name', '{"query": "query A { __typename } query B { __typename }"}'],
    ['a batch (not accepted)', '[{"query": "{ __typename }"}]'],
    ['a JSON string', '"{ __typename }"'],
  ])('answers %s with a 4xx in the error contract', async (_what, body) => {
    const res = await post(body, { authorization: `Bearer ${await t.token('annaNurse')}` });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.errors?.[0].extensions.code).toEqual(expect.stringMatching(/^(BAD_USER_INPUT|UNAUTHENTICATED)$/));
  });

  it('answers an over-large body with 413 and truncated JSON with 400, both in the error contract', async () => {
    const big = await post(JSON.stringify({ query: '{ __typename }', variables: { x: 'x'.repeat(1_000_000) } }));
    expect(big.status).toBe(413);
    expect(big.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const cut = await post('{"query": "{ __typename }", "vari');
    expect(cut.status).toBe(400);
    expect(cut.body).toEqual({ errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_USER_INPUT' } }] });
  });

  it('answers a missing token with 401', async () => {
    const res = await post(JSON.stringify({ query: '{ me { staff { name } } }' }));
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('a database that is away', () => {
  it('answers SERVICE_UNAVAILABLE with 503 and Retry-After, not INTERNAL', async () => {
    const doomed = await startTestApp();
    try {
      const token = await doomed.token('annaNurse');
      expect((await doomed.gql('{ me { staff { name } } }', {}, token)).errors).toBeUndefined();
      const name = new URL(doomed.dbUrl).pathname.slice(1);
      await t.sql(`DROP DATABASE ${name} WITH (FORCE)`);
      const res = await post(JSON.stringify({ query: '{ myPatients(first: 5) { edges { node { id } } } }' }), { authorization: `Bearer ${token}` }, doomed);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('2');
      expect(res.body.errors?.map((e) => e.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);
    } finally {
      await doomed.close().catch(() => undefined);
    }
  });
});

describe('rate limits', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await startTestApp({ RATE_LIMIT_PER_MINUTE: '5', RATE_LIMIT_EXPENSIVE_PER_MINUTE: '3', RATE_LIMIT_IP_PER_MINUTE: '0' });
  });
  afterAll(async () => {
    await limited?.close();
  });

  it('answers the request over an actor’s budget with 429, RATE_LIMITED and Retry-After; another actor is unaffected', async () => {
    const token = await limited.token('annaNurse');
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await post(JSON.stringify({ query: '{ me { staff { name } } }' }), { authorization: `Bearer ${token}` }, limited));
    expect(answers.slice(0, 5).map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    const over = answers[5];
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(over.body.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    const other = await post(JSON.stringify({ query: '{ me { staff { name } } }' }), { authorization: `Bearer ${await limited.token('karinNurse')}` }, limited);
    expect(other.status).toBe(200);
  });

  it('charges every alias of an expensive operation, before any SQL runs', async () => {
    const token = await limited.token('birgittaMas');
    const period = 'period: { from: "2026-01-01", to: "2026-06-30" }';
    const aliased = Array.from({ length: 4 }, (_, i) => `e${i}: exportFollowUpCsv(${period})`).join(' ');
    const res = await post(JSON.stringify({ query: `{ ${aliased} }` }), { authorization: `Bearer ${token}` }, limited);
    expect(res.status).toBe(429);
    expect(res.body.errors?.[0].extensions.code).toBe('RATE_LIMITED');
    expect(res.body.errors?.[0].message).toMatch(/exports/);
    expect(res.body.data).toBeUndefined();
  });

  it('limits per client address before the body is read', async () => {
    const byAddress = await startTestApp({ RATE_LIMIT_IP_PER_MINUTE: '3' }, { databaseOf: limited });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await post(JSON.stringify({ query: '{ __typename }' }), {}, byAddress)).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await byAddress.close();
    }
  });

  it.runIf(!!process.env.ESTHER_TEST_REDIS_URL)('shares one budget between instances when REDIS_URL is set', async () => {
    const env = { RATE_LIMIT_PER_MINUTE: '4', REDIS_URL: process.env.ESTHER_TEST_REDIS_URL! };
    const a = await startTestApp(env, { databaseOf: limited });
    const b = await startTestApp(env, { databaseOf: limited });
    try {
      // A staff member of this run only, so that no other run's budget in the shared Redis counts.
      const hsa = `SE2120000530-L${Date.now().toString(36).slice(-6).toUpperCase()}`;
      await limited.sql(`INSERT INTO staff (hsa_id, name, profession_title) VALUES ($1, 'Lina Limit', 'Sjuksköterska')`, [hsa]);
      await limited.sql(`INSERT INTO assignment (staff_id, organisation_id, role) SELECT id, $2, 'NURSE' FROM staff WHERE hsa_id = $1`, [
        hsa,
        await limited.orgId('jonkoping'),
      ]);
      const token = await signDevToken(a.config, { staffHsaId: hsa, organisationHsaId: DEMO_ORGS.jonkoping.hsaId, role: 'NURSE' });
      const statuses = [];
      for (let i = 0; i < 5; i++)
        statuses.push((await post(JSON.stringify({ query: '{ me { staff { name } } }' }), { authorization: `Bearer ${token}` }, i % 2 ? b : a)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('one convention for concurrency codes', () => {
  it('answers two physicians signing one draft at once with one signature and one CONFLICT (reload), not PRECONDITION_FAILED', async () => {
    const patient = await patientId(t, 'gunnar');
    const d = await t.gql(DQ.draft, { i: { patientId: patient, ...planContent() } }, await t.token('annaNurse'));
    expect(d.errors).toBeUndefined();
    const sign = { i: { planId: d.data.draftDeteriorationPlan.id, expectedVersion: d.data.draftDeteriorationPlan.version } };
    const [x, y] = await Promise.all([t.gql(DQ.sign, sign, await t.token('erikGp')), t.gql(DQ.sign, sign, await t.token('fatimaGp'))]);
    const codes = [x, y].map((r) => r.errors?.[0].extensions.code ?? 'OK').sort();
    expect(codes).toEqual(['CONFLICT', 'OK']);
  });

  it('answers an edit racing a signature with CONFLICT', async () => {
    const patient = await patientId(t, 'gunnar');
    const signed = await draftAndSign(t, patient, 'annaNurse', 'erikGp');
    const edit = await t.gql(DQ.update, { i: { planId: signed.id, expectedVersion: signed.version, ...planContent() } }, await t.token('annaNurse'));
    expectError(edit, 'CONFLICT');
  });
});

describe('subscription refusals say why', () => {
  const closeOf = (connectionParams: Record<string, unknown>) =>
    new Promise<{ code: number; reason: string }>((resolve) => {
      const c = createClient({
        url: t.url.replace('http', 'ws') + '/graphql',
        webSocketImpl: WebSocket,
        connectionParams,
        retryAttempts: 0,
        lazy: false,
        onNonLazyError: () => undefined,
        on: { closed: (e) => resolve({ code: (e as { code: number }).code, reason: (e as { reason: string }).reason }) },
      });
      void c;
    });

  it('closes with 4401 and the reason for a missing, forged or expired token', async () => {
    expect(await closeOf({})).toEqual({ code: 4401, reason: expect.stringMatching(/Missing bearer token/) });
    expect(await closeOf({ authorization: 'Bearer forged' })).toEqual({ code: 4401, reason: 'Token is not valid' });
    const expired = await signDevToken(
      t.config,
      { staffHsaId: 'SE2120000530-S101', organisationHsaId: DEMO_ORGS.jonkoping.hsaId, role: 'NURSE' },
      Math.floor(Date.now() / 1000) - 60,
    );
    expect(await closeOf({ authorization: `Bearer ${expired}` })).toEqual({ code: 4401, reason: 'Token has expired' });
  });
});
