import { generateKeyPair, SignJWT } from 'jose';
import { getIntrospectionQuery } from 'graphql';
import { signDevToken } from '../src/auth/token.service';
import { DEMO_ORGS, DEMO_STAFF } from '../src/demo/region';
import { expectError, startTestApp, TestApp } from './helpers/test-app';

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

const ME = `{ me { role staff { hsaId name } organisation { hsaId kind } assignment { role organisation { hsaId } } } }`;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('health', () => {
  it('answers liveness and readiness without a token', async () => {
    const live = await fetch(`${t.url}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${t.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as any).info.database.status).toBe('up');
  });
});

describe('me', () => {
  it.each([
    ['annaNurse', 'NURSE', 'MUNICIPALITY'],
    ['erikGp', 'PHYSICIAN', 'PRIMARY_CARE'],
    ['toveDischarge', 'DISCHARGE_COORDINATOR', 'HOSPITAL'],
    ['birgittaMas', 'MAS', 'MUNICIPALITY'],
    ['perAdmin', 'ADMIN', 'MUNICIPALITY'],
  ] as const)('returns %s acting as %s', async (staff, role, kind) => {
    const res = await t.gql(ME, {}, await t.token(staff));
    expect(res.errors).toBeUndefined();
    expect(res.data.me.role).toBe(role);
    expect(res.data.me.staff.hsaId).toBe(DEMO_STAFF[staff].hsaId);
    expect(res.data.me.organisation.kind).toBe(kind);
    expect(res.data.me.assignment.role).toBe(role);
  });

  it('acts in the assignment the token names when the staff member holds several', async () => {
    const asNurse = await t.gql(ME, {}, await t.token('mariaCoordinator', 'jonkoping', 'NURSE'));
    const asCoordinator = await t.gql(ME, {}, await t.token('mariaCoordinator', 'jonkoping', 'CARE_COORDINATOR'));
    expect(asNurse.data.me.role).toBe('NURSE');
    expect(asCoordinator.data.me.role).toBe('CARE_COORDINATOR');
    const ward = await t.gql(ME, {}, await t.token('toveDischarge', 'wardGeriatrics'));
    expect(ward.data.me.organisation.hsaId).toBe(DEMO_ORGS.wardGeriatrics.hsaId);
  });
});

describe('authentication', () => {
  const anna = DEMO_STAFF.annaNurse.hsaId;
  const jkpg = DEMO_ORGS.jonkoping.hsaId;

  async function refused(headers: Record<string, string>) {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: ME }),
    });
    const body = (await res.json()) as any;
    expect(body.data ?? null).toBeNull();
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(res.status).toBe(401);
    return body.errors[0].message as string;
  }

  it('refuses a request without a token', async () => {
    await refused({});
  });
  it('refuses a malformed Authorization header', async () => {
    await refused({ authorization: 'Basic dXNlcjpwYXNz' });
    await refused({ authorization: 'Bearer not-a-jwt' });
  });
  it('refuses an expired token', async () => {
    const token = await new SignJWT({ org: jkpg, role: 'NURSE' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(anna)
      .setIssuer(t.config.auth.issuer)
      .setAudience(t.config.auth.audience)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(t.config.auth.devSecret));
    expect(await refused({ authorization: `Bearer ${token}` })).toMatch(/expired/);
  });
  it('refuses a token signed with another key (forged)', async () => {
    const token = await signDevToken(t.config, { staffHsaId: anna, organisationHsaId: jkpg, role: 'NURSE' }, '1h', 'x'.repeat(40));
    await refused({ authorization: `Bearer ${token}` });
  });
  it('refuses an unsigned (alg none) token', async () => {
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = `${enc({ alg: 'none' })}.${enc({ sub: anna, org: jkpg, role: 'NURSE', iss: t.config.auth.issuer, aud: t.config.auth.audience, exp: Math.floor(Date.now() / 1000) + 600 })}.`;
    await refused({ authorization: `Bearer ${token}` });
  });
  it('refuses a token for another issuer or audience', async () => {
    const other = { ...t.config, auth: { ...t.config.auth, issuer: 'someone-else' } };
    await refused({ authorization: `Bearer ${await signDevToken(other, { staffHsaId: anna, organisationHsaId: jkpg, role: 'NURSE' })}` });
    const otherAud = { ...t.config, auth: { ...t.config.auth, audience: 'another-api' } };
    await refused({ authorization: `Bearer ${await signDevToken(otherAud, { staffHsaId: anna, organisationHsaId: jkpg, role: 'NURSE' })}` });
  });
  it('refuses a token naming an assignment the staff member does not hold', async () => {
    const wrongRole = await signDevToken(t.config, { staffHsaId: anna, organisationHsaId: jkpg, role: 'PHYSICIAN' });
    expect(await refused({ authorization: `Bearer ${wrongRole}` })).toMatch(/does not hold/);
    const wrongOrg = await signDevToken(t.config, { staffHsaId: anna, organisationHsaId: DEMO_ORGS.habo.hsaId, role: 'NURSE' });
    await refused({ authorization: `Bearer ${wrongOrg}` });
    const unknownStaff = await signDevToken(t.config, { staffHsaId: 'SE2120000530-NOBODY', organisationHsaId: jkpg, role: 'NURSE' });
    await refused({ authorization: `Bearer ${unknownStaff}` });
  });
  it('refuses introspection without a token', async () => {
    const res = await t.gql('{ __schema { queryType { name } } }');
    expectError(res, 'UNAUTHENTICATED');
  });
});

describe('staff administration', () => {
  const CREATE = `mutation($input: CreateStaffInput!) { createStaff(input: $input) { id hsaId name assignments { role organisation { hsaId } } } }`;

  it('lets an ADMIN register staff in their own organisation, audited', async () => {
    const res = await t.gql(
      CREATE,
      { input: { hsaId: 'SE2120000530-S901', name: 'Nora Test', professionTitle: 'Sjuksköterska', role: 'NURSE' } },
      await t.token('perAdmin'),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.createStaff.assignments).toEqual([{ role: 'NURSE', organisation: { hsaId: DEMO_ORGS.jonkoping.hsaId } }]);
    const audit = await t.sql(`SELECT operation, outcome, patient_id FROM audit_log WHERE details->>'staffId' = $1`, [res.data.createStaff.id]);
    expect(audit).toEqual([{ operation: 'createStaff', outcome: 'ALLOWED', patient_id: null }]);
    // The new staff member can sign in with that assignment.
    const me = await t.gql(
      ME,
      {},
      await signDevToken(t.config, { staffHsaId: 'SE2120000530-S901', organisationHsaId: DEMO_ORGS.jonkoping.hsaId, role: 'NURSE' }),
    );
    expect(me.data.me.staff.name).toBe('Nora Test');
  });

  it('refuses other roles, and logs the refusal', async () => {
    const before = await t.sql(`SELECT count(*)::int AS n FROM audit_log WHERE operation = 'createStaff' AND outcome = 'REFUSED'`);
    for (const who of ['annaNurse', 'evaManager', 'birgittaMas'] as const) {
      const res = await t.gql(CREATE, { input: { hsaId: 'SE2120000530-S902', name: 'X', professionTitle: 'Y', role: 'NURSE' } }, await t.token(who));
      expectError(res, 'FORBIDDEN');
    }
    const after = await t.sql(`SELECT count(*)::int AS n FROM audit_log WHERE operation = 'createStaff' AND outcome = 'REFUSED'`);
    expect(after[0].n - before[0].n).toBe(3);
    expect(await t.sql(`SELECT 1 FROM staff WHERE hsa_id = 'SE2120000530-S902'`)).toHaveLength(0);
  });

  it('refuses an ADMIN on another organisation’s staff', async () => {
    const anna = await t.staffId('annaNurse');
    const habo = await t.token('idaAdmin');
    const upd = await t.gql(`mutation($i: UpdateStaffInput!) { updateStaff(input: $i) { name } }`, { i: { staffId: anna, name: 'Hijacked' } }, habo);
    expectError(upd, 'FORBIDDEN');
    const [assignment] = await t.sql(`SELECT id FROM assignment WHERE staff_id = $1`, [anna]);
    const end = await t.gql(`mutation($id: ID!) { endAssignment(assignmentId: $id) { id } }`, { id: assignment.id }, habo);
    expectError(end, 'FORBIDDEN');
    const [row] = await t.sql(`SELECT s.name, a.ended_at FROM staff s JOIN assignment a ON a.staff_id = s.id WHERE s.id = $1`, [anna]);
    expect(row).toEqual({ name: 'Anna Nilsson', ended_at: null });
  });

  it('refuses a bad HSA-id and empty names with field errors, writing nothing', async () => {
    const res = await t.gql(CREATE, { input: { hsaId: 'SE123-bad', name: 'A', professionTitle: 'B', role: 'NURSE' } }, await t.token('perAdmin'));
    const err = expectError(res, 'BAD_USER_INPUT');
    expect(err.extensions.fields).toEqual([expect.objectContaining({ field: 'input.hsaId' })]);
    const literal = await t.gql(
      `mutation { createStaff(input: { hsaId: "nope", name: "A", professionTitle: "B", role: NURSE }) { id } }`,
      {},
      await t.token('perAdmin'),
    );
    expectError(literal, 'BAD_USER_INPUT');
    const empty = await t.gql(CREATE, { input: { hsaId: 'SE2120000530-S903', name: '  ', professionTitle: '', role: 'NURSE' } }, await t.token('perAdmin'));
    const e2 = expectError(empty, 'BAD_USER_INPUT');
    expect(e2.extensions.fields!.map((f) => f.field).sort()).toEqual(['input.name', 'input.professionTitle']);
    expect(await t.sql(`SELECT 1 FROM staff WHERE hsa_id IN ('SE2120000530-S903')`)).toHaveLength(0);
  });

  it('ends an assignment so that tokens naming it stop working', async () => {
    const admin = await t.token('perAdmin');
    const add = await t.gql(
      `mutation($i: AddAssignmentInput!) { addAssignment(input: $i) { id role } }`,
      { i: { staffHsaId: DEMO_STAFF.karinNurse.hsaId, role: 'REHAB' } },
      admin,
    );
    expect(add.data.addAssignment.role).toBe('REHAB');
    const token = await t.token('karinNurse', 'jonkoping', 'REHAB');
    expect((await t.gql(ME, {}, token)).data.me.role).toBe('REHAB');
    const dup = await t.gql(
      `mutation($i: AddAssignmentInput!) { addAssignment(input: $i) { id } }`,
      { i: { staffHsaId: DEMO_STAFF.karinNurse.hsaId, role: 'REHAB' } },
      admin,
    );
    expectError(dup, 'CONFLICT');
    const end = await t.gql(`mutation($id: ID!) { endAssignment(assignmentId: $id) { endedAt } }`, { id: add.data.addAssignment.id }, admin);
    expect(end.data.endAssignment.endedAt).toBeTruthy();
    expectError(await t.gql(ME, {}, token), 'UNAUTHENTICATED');
  });

  it('lists the staff directory of a unit, paginated', async () => {
    const token = await t.token('annaNurse');
    const vc = await t.orgId('vcSjobacken');
    const q = `query($org: ID, $after: String) { staffMembers(organisationId: $org, first: 2, after: $after) { edges { node { name } } pageInfo { hasNextPage endCursor } } }`;
    const p1 = await t.gql(q, { org: vc }, token);
    expect(p1.data.staffMembers.edges.map((e: any) => e.node.name)).toEqual(['Erik Sjöberg', 'Fatima Rahimi']);
    const p2 = await t.gql(q, { org: vc, after: p1.data.staffMembers.pageInfo.endCursor }, token);
    expect(p2.data.staffMembers.edges.map((e: any) => e.node.name)).toEqual(['Helena Vik', 'Johan Berglund']);
    expectError(await t.gql(q, { org: vc, after: 'garbage' }, token), 'BAD_USER_INPUT');
    expectError(await t.gql(`{ staffMembers(first: 1000) { edges { cursor } } }`, {}, token), 'BAD_USER_INPUT');
  });

  it('returns NOT_FOUND for an unknown organisation and a field error for a malformed id', async () => {
    const token = await t.token('annaNurse');
    expectError(await t.gql(`{ organisation(id: "00000000-0000-4000-8000-000000000000") { name } }`, {}, token), 'NOT_FOUND');
    const bad = expectError(await t.gql(`{ organisation(id: "42") { name } }`, {}, token), 'BAD_USER_INPUT');
    expect(bad.extensions.fields).toEqual([{ field: 'id', message: expect.any(String) }]);
  });
});

describe('audit log', () => {
  it('is append-only: UPDATE, DELETE and TRUNCATE are refused by the database', async () => {
    await t.gql(
      `mutation { createStaff(input: { hsaId: "SE2120000530-S904", name: "A", professionTitle: "B", role: NURSE }) { id } }`,
      {},
      await t.token('annaNurse'),
    );
    const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM audit_log`);
    expect(n).toBeGreaterThan(0);
    await expect(t.sql(`UPDATE audit_log SET purpose = 'tampered'`)).rejects.toThrow(/append-only/);
    await expect(t.sql(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(t.sql(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    const [{ n: after }] = await t.sql(`SELECT count(*)::int AS n FROM audit_log`);
    expect(after).toBe(n);
  });
});

describe('migrations', () => {
  it('agree with the entities (no pending schema change)', async () => {
    const sql = await t.ds.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((q) => q.query)).toEqual([]);
  });
});

describe('GraphQL limits', () => {
  it('rejects an over-deep query before running any SQL', async () => {
    const deep = `{ me { staff { assignments { organisation { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { name } } } } } } } } } } } } } } } } } }`;
    const res = await t.gql(deep, {}, await t.token('annaNurse'));
    expect(res.errors?.[0].message).toMatch(/depth/i);
    expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.data).toBeUndefined();
    expect(res.extensions?.sqlStatements).toBe(0);
  });

  it('does not exempt fragments or operations named like introspection', async () => {
    const parents = '{ parent '.repeat(13) + '{ name }' + ' }'.repeat(13);
    for (const q of [
      `query __schema { me { staff { ...__schema } } } fragment __schema on Staff { assignments { organisation ${parents} } }`,
      `query IntrospectionQuery { me { staff { ... on Staff { assignments { organisation ${parents} } } } } }`,
    ]) {
      const res = await t.gql(q, {}, await t.token('annaNurse'));
      expect(res.errors?.[0].message).toMatch(/depth limit of 15 exceeded/);
      expect(res.extensions?.sqlStatements).toBe(0);
    }
  });

  it('rejects an over-aliased query before running any SQL', async () => {
    const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: me { role }`).join(' ');
    const res = await t.gql(`{ ${aliases} }`, {}, await t.token('annaNurse'));
    expect(res.errors?.[0].message).toMatch(/alias/i);
    expect(res.extensions?.sqlStatements).toBe(0);
  });

  it('admits the standard introspection query in development', async () => {
    const res = await t.gql(getIntrospectionQuery(), {}, await t.token('annaNurse'));
    expect(res.errors).toBeUndefined();
    expect(res.data.__schema.queryType.name).toBe('Query');
  });

  it('refuses HTTP batching and oversized bodies', async () => {
    const token = await t.token('annaNurse');
    const batch = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify([{ query: '{ me { role } }' }, { query: '{ me { role } }' }]),
    });
    expect(batch.status).toBe(400);
    const big = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `{ me { role } } # ${'x'.repeat(300_000)}` }),
    });
    expect(big.status).toBe(413);
  });

  it('refuses a simple cross-site form post (CSRF prevention)', async () => {
    const res = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ me { role } }')}`, { method: 'GET' });
    expect(res.status).toBe(400);
  });
});

describe('production mode', () => {
  let prod: TestApp;
  let jwks: import('node:http').Server;
  let privateKey: Key;

  beforeAll(async () => {
    const http = await import('node:http');
    const { exportJWK } = await import('jose');
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey as Key;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwks = http.createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    const port = (jwks.address() as import('node:net').AddressInfo).port;
    prod = await startTestApp({
      NODE_ENV: 'production',
      AUTH_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`,
      AUTH_ISSUER: 'https://idp.example.test',
      AUTH_AUDIENCE: 'esther-api',
    });
  });
  afterAll(async () => {
    await prod.close();
    jwks.close();
  });

  const idpToken = (key: Key, claims: Record<string, string> = {}) =>
    new SignJWT({ org: DEMO_ORGS.jonkoping.hsaId, role: 'NURSE', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject(DEMO_STAFF.annaNurse.hsaId)
      .setIssuer('https://idp.example.test')
      .setAudience('esther-api')
      .setExpirationTime('5m')
      .sign(key);

  it('verifies tokens against the identity provider’s JWKS', async () => {
    const res = await prod.gql(ME, {}, await idpToken(privateKey));
    expect(res.errors).toBeUndefined();
    expect(res.data.me.role).toBe('NURSE');
  });

  it('refuses locally signed development tokens', async () => {
    const dev = await signDevToken(t.config, { staffHsaId: DEMO_STAFF.annaNurse.hsaId, organisationHsaId: DEMO_ORGS.jonkoping.hsaId, role: 'NURSE' });
    expectError(await prod.gql(ME, {}, dev), 'UNAUTHENTICATED');
    const other = await generateKeyPair('RS256');
    expectError(await prod.gql(ME, {}, await idpToken(other.privateKey as Key)), 'UNAUTHENTICATED');
  });

  it('turns introspection off and hides field suggestions', async () => {
    const token = await idpToken(privateKey);
    const intro = await prod.gql('{ __schema { queryType { name } } }', {}, token);
    expect(intro.errors?.[0].message).toMatch(/introspection/i);
    const deep = await prod.gql(
      '{ me { staff { assignments { organisation { parent { parent { parent { parent { parent { parent { name } } } } } } } } } } }',
      {},
      token,
    );
    expect(deep.errors?.[0].message).toMatch(/depth limit of 10/);
    const typo = await prod.gql('{ me { rol } }', {}, token);
    expect(typo.errors?.[0].message).not.toMatch(/Did you mean/);
    expect(typo.extensions?.sqlStatements).toBeUndefined();
  });
});
