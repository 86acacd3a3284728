import { randomUUID } from 'node:crypto';
import { patientId } from './helpers/patients';
import { startTestApp, TestApp } from './helpers/test-app';

/**
 * GRAPHQL_EXECUTOR: the compiled executor (graphql-jit) and graphql-js (the default) answer every
 * request alike, byte for byte: data, errors (codes, messages, field names, paths, locations),
 * HTTP statuses and the SQL statements spent. Two instances on one database, one of each, are sent
 * the same requests; only reads and refused writes, so both see the same rows.
 */
let jit: TestApp;
let standard: TestApp;

beforeAll(async () => {
  jit = await startTestApp({ GRAPHQL_EXECUTOR: 'jit' });
  standard = await startTestApp({}, { databaseOf: jit });
});
afterAll(async () => {
  await standard?.close();
  await jit?.close();
});

interface Sent {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  token?: string;
}

async function post(t: TestApp, body: Sent): Promise<{ status: number; text: string }> {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(body.token ? { authorization: `Bearer ${body.token}` } : {}) },
    body: JSON.stringify({ query: body.query, variables: body.variables, operationName: body.operationName }),
  });
  return { status: res.status, text: await res.text() };
}

/** esther_graphql_executions_total by executor, from GET /metrics. */
async function executions(t: TestApp): Promise<Record<string, number>> {
  const text = await (await fetch(`${t.url}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^esther_graphql_executions_total\{executor="([^"]+)"\} (\d+)$/gm)) out[m[1]] = Number(m[2]);
  return out;
}

const CASELOAD = `query Caseload($first: Int!) {
  myPatients(first: $first) {
    edges { node { id personnummer givenName familyName
      activeEnrollment { startDate namedNurse { name } primaryCareCentre { name } }
      currentCarePlan { status publishedVersionNumber nextFollowUpDate followUpOverdue }
      activeDeteriorationPlanSummary { reviewDate dueForReview }
      openTaskCount } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const OVERVIEW = `query Overview($id: ID!) {
  patient(id: $id) {
    id personnummer givenName familyName birthDate protectedIdentity withheld hasBlockedInformation version
    nextOfKin { name relation phone isRepresentative }
    activeEnrollment { startDate namedNurse { name } primaryCareCentre { name } municipality { name } }
    careTeam { reason addedAt organisation { name kind } }
    consents { kind scope validFrom validUntil active recordedBy { name } }
    currentCarePlan { id status publishedVersionNumber nextFollowUpDate followUpOverdue }
    openTasks(first: 5) { edges { node { id title dueDate overdue status } } pageInfo { hasNextPage } }
  }
}`;

const FRAGMENTS = `query Shaped($withPlan: Boolean!, $skipName: Boolean = false, $first: Int = 3) {
  a: myPatients(first: $first) { edges { cursor node { __typename ...Who currentCarePlan @include(if: $withPlan) { status } } } }
  b: myPatients(first: 1) { edges { node { ... on Patient { id givenName @skip(if: $skipName) } } } }
  me { __typename role }
}
fragment Who on Patient { id familyName }`;

const ROUND = `mutation NewRound($input: CreateRoundInput!) { createRound(input: $input) { id startsAt } }`;
const REGISTER = `mutation Register($i: RegisterPatientInput!) { registerPatient(input: $i) { patientId } }`;

describe('the jit and graphql-js executors', () => {
  it('give the same answers, errors included', async () => {
    const anna = await jit.token('annaNurse');
    const omar = await jit.token('omarRehab');
    const esther = await patientId(jit, 'esther');
    const centre = await jit.orgId('vcSjobacken');
    const requests: Array<[string, Sent]> = [
      ['the caseload', { query: CASELOAD, variables: { first: 50 }, token: anna }],
      ['one patient', { query: OVERVIEW, variables: { id: esther }, token: anna }],
      ['a patient not found (NOT_FOUND, data null)', { query: OVERVIEW, variables: { id: randomUUID() }, token: anna }],
      ['an id that is not a UUID', { query: OVERVIEW, variables: { id: 'x' }, token: anna }],
      ['partial data beside an error', { query: `{ me { role } patient(id: "${randomUUID()}") { id } }`, token: anna }],
      ['aliases, fragments, @skip/@include with variables and defaults', { query: FRAGMENTS, variables: { withPlan: true }, token: anna }],
      ['…the other way', { query: FRAGMENTS, variables: { withPlan: false, skipName: true, first: 2 }, token: anna }],
      ['a variable of the wrong type', { query: CASELOAD, variables: { first: 'many' }, token: anna }],
      ['a required variable left out', { query: CASELOAD, variables: {}, token: anna }],
      ['an out-of-range argument (the resolver refuses)', { query: CASELOAD, variables: { first: 100000 }, token: anna }],
      [
        'a DateTime that does not exist',
        { query: ROUND, variables: { input: { kind: 'REGULAR', startsAt: '2026-02-30T10:00:00Z', participatingOrganisationIds: [] } }, token: anna },
      ],
      [
        'a DateTime without an offset',
        { query: ROUND, variables: { input: { kind: 'REGULAR', startsAt: '2026-03-01T10:00:00', participatingOrganisationIds: [] } }, token: anna },
      ],
      [
        'an unknown field in an input',
        { query: ROUND, variables: { input: { kind: 'REGULAR', startsAt: '2026-03-01T10:00:00Z', participatingOrganisationIds: [], x: 1 } }, token: anna },
      ],
      [
        'a bad enum value deep in a list',
        { query: ROUND, variables: { input: { kind: 'NOPE', startsAt: '2026-03-01T10:00:00Z', participatingOrganisationIds: [centre, 'x'] } }, token: anna },
      ],
      [
        'a required input field with a default, refused by the pipe',
        { query: ROUND, variables: { input: { kind: 'REGULAR', startsAt: '2026-03-01T10:00:00Z', participatingOrganisationIds: ['x'] } }, token: anna },
      ],
      [
        'a write refused for the role (FORBIDDEN)',
        { query: REGISTER, variables: { i: { personnummer: '194001014564', purpose: 'ENROLLMENT', givenName: 'A', familyName: 'B' } }, token: omar },
      ],
      [
        'a write refused field by field (class-validator)',
        {
          query: REGISTER,
          variables: {
            i: {
              personnummer: '194001014564',
              purpose: 'ENROLLMENT',
              givenName: ' ',
              familyName: 'B',
              nextOfKin: [{ name: '', relation: 'son', phone: 'call me', isRepresentative: false }],
            },
          },
          token: anna,
        },
      ],
      ['no token (UNAUTHENTICATED)', { query: CASELOAD, variables: { first: 5 } }],
      ['a syntax error', { query: `{ me { role }`, token: anna }],
      ['an unknown field (validation)', { query: `{ me { nope } }`, token: anna }],
      ['too deep (graphql-armor)', { query: `{ me { ${'a { '.repeat(20)}b${' }'.repeat(20)} } }`, token: anna }],
      ['an unknown operation name', { query: `query A { me { role } } query B { me { role } }`, operationName: 'C', token: anna }],
      ['the chosen one of two operations', { query: `query A { me { role } } query B { me { __typename } }`, operationName: 'B', token: anna }],
      ['introspection', { query: `{ __schema { queryType { name } types { name kind } } }`, token: anna }],
      [
        'deprecated fields',
        { query: `{ __type(name: "MedicationLine") { fields(includeDeprecated: true) { name isDeprecated deprecationReason } } }`, token: anna },
      ],
    ];
    const before = await executions(jit);
    for (const [what, body] of requests) {
      const [a, b] = [await post(jit, body), await post(standard, body)];
      expect({ status: a.status, body: JSON.parse(a.text) as unknown }, what).toEqual({ status: b.status, body: JSON.parse(b.text) as unknown });
    }
    // The cases above say what they should: a few spot checks that they did.
    const caseload = JSON.parse((await post(jit, requests[0][1])).text) as { data: { myPatients: { edges: unknown[] } } };
    expect(caseload.data.myPatients.edges.length).toBeGreaterThan(0);
    const badDate = JSON.parse((await post(jit, requests[10][1])).text) as { errors: Array<{ extensions: { code: string; fields: unknown } }> };
    expect(badDate.errors[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.startsAt', message: expect.stringContaining('2026-02-30') }],
    });
    const deprecated = JSON.parse((await post(jit, requests[24][1])).text) as { data: { __type: { fields: Array<{ isDeprecated: boolean }> } } };
    expect(deprecated.data.__type.fields.some((f) => f.isDeprecated)).toBe(true);

    // 21 of the 25 requests reached execution (not: the syntax error, the unknown field, the one
    // too deep, the one without a token). The jit instance compiled and ran 18 of them and the two
    // spot checks after; graphql-js ran the unknown operation name and the two introspection
    // queries, and the third spot check.
    const after = await executions(jit);
    expect({ jit: (after.jit ?? 0) - (before.jit ?? 0), 'graphql-js': (after['graphql-js'] ?? 0) - (before['graphql-js'] ?? 0) }).toEqual({
      jit: 20,
      'graphql-js': 4,
    });
    // The standard instance never used the compiler.
    expect(await executions(standard)).toEqual({ 'graphql-js': 21 });
  });

  it('is chosen by GRAPHQL_EXECUTOR, graphql-js unless told otherwise', () => {
    expect(jit.config.graphqlExecutor).toBe('jit');
    expect(standard.config.graphqlExecutor).toBe('standard');
  });
});
