import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shutdownGracefully } from '../src/bootstrap';
import { patientId } from './helpers/patients';
import { expectError, startTestApp, TestApp } from './helpers/test-app';

/** What happens around the steady state: retried writes and what the logs say. */
let t: TestApp;
const logLines: string[] = [];
beforeAll(async () => {
  t = await startTestApp({ LOG_LEVEL: 'info' }, { logLines });
});
afterAll(async () => {
  await t?.close();
});

const SEND = `mutation($i: SendHandoverInput!) { sendHandover(input: $i) { id situation } }`;

async function send(vars: Record<string, unknown>, token: string, key?: string) {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify({ query: SEND, variables: vars }),
  });
  return {
    status: res.status,
    replayed: res.headers.get('idempotent-replayed'),
    body: (await res.json()) as { data?: any; errors?: Array<{ message: string; extensions: Record<string, unknown> }> },
  };
}

describe('idempotent writes', () => {
  let input: Record<string, unknown>;
  let anna: string;
  const handovers = async () => (await t.sql(`SELECT count(*)::int AS n FROM handover WHERE situation LIKE 'Idem %'`))[0].n as number;

  beforeAll(async () => {
    anna = await t.token('annaNurse');
    input = {
      patientId: await patientId(t, 'esther'),
      receiverOrganisationId: await t.orgId('vcSjobacken'),
      occasion: 'CHANGE_IN_CONDITION',
      background: 'b',
      assessment: 'a',
      recommendation: 'r',
    };
  });

  it('answers a retry with the same key and request with the first answer, writing once', async () => {
    const key = randomUUID();
    const first = await send({ i: { ...input, situation: 'Idem 1' } }, anna, key);
    expect(first.body.errors).toBeUndefined();
    const again = await send({ i: { ...input, situation: 'Idem 1' } }, anna, key);
    expect(again.status).toBe(200);
    expect(again.replayed).toBe('true');
    expect(again.body.data).toEqual(first.body.data);
    expect(await handovers()).toBe(1);
    // The replayed answer shows patient data again: it is logged with its patient, as a replay.
    const replayLog = await t.sql(`SELECT operation, purpose, patient_id FROM audit_log WHERE purpose = 'idempotent replay'`);
    expect(replayLog).toEqual([{ operation: 'sendHandover', purpose: 'idempotent replay', patient_id: input.patientId }]);
    // Without a key, the same request is a new handover.
    await send({ i: { ...input, situation: 'Idem 1' } }, anna);
    expect(await handovers()).toBe(2);
  });

  it('refuses the same key with a different request, naming the header', async () => {
    const key = randomUUID();
    await send({ i: { ...input, situation: 'Idem 2' } }, anna, key);
    const other = await send({ i: { ...input, situation: 'Idem 2, ändrad' } }, anna, key);
    expect(other.status).toBe(400);
    expect(other.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'Idempotency-Key', message: 'was used for a different request' }],
    });
    expect(await handovers()).toBe(3);
  });

  it('writes once when the same request is sent five times at once', async () => {
    const key = randomUUID();
    const before = await handovers();
    const answers = await Promise.all(Array.from({ length: 5 }, () => send({ i: { ...input, situation: 'Idem 3' } }, anna, key)));
    expect(await handovers()).toBe(before + 1);
    const ids = new Set(answers.filter((a) => a.body.data?.sendHandover).map((a) => a.body.data.sendHandover.id));
    expect(ids.size).toBe(1);
    for (const a of answers.filter((x) => x.body.errors)) expect(a.body.errors![0].extensions.code).toBe('CONFLICT');
    // Once the first answer is stored, every retry gets it.
    const later = await send({ i: { ...input, situation: 'Idem 3' } }, anna, key);
    expect(later.body.data.sendHandover.id).toBe([...ids][0]);
  });

  it('keeps no key for a request that wrote nothing, and scopes keys to the actor', async () => {
    const key = randomUUID();
    const refused = await send({ i: { ...input, patientId: randomUUID(), situation: 'Idem 4' } }, anna, key);
    expectError({ status: refused.status, ...refused.body } as never, 'NOT_FOUND');
    const fixed = await send({ i: { ...input, situation: 'Idem 4' } }, anna, key);
    expect(fixed.body.errors).toBeUndefined();
    expect(fixed.replayed).toBeNull();
    const karin = await send({ i: { ...input, situation: 'Idem 4' } }, await t.token('karinNurse'), key);
    expect(karin.replayed).toBeNull();
    expect(karin.body.data.sendHandover.id).not.toBe(fixed.body.data.sendHandover.id);
  });

  it('tells a retry whose first answer was lost (the instance stopped after the commit) that the write was applied, and writes nothing', async () => {
    const key = randomUUID();
    await send({ i: { ...input, situation: 'Idem 6' } }, anna, key);
    const before = await handovers();
    // As if the instance died between the commit and storing the answer, a minute and more ago.
    await t.sql(`UPDATE idempotency_key SET response = NULL, created_at = now() - interval '2 minutes' WHERE key = $1`, [key]);
    const retry = await send({ i: { ...input, situation: 'Idem 6' } }, anna, key);
    expect(retry.status).toBe(409);
    expect(retry.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/was applied/), extensions: { code: 'CONFLICT', applied: true } });
    expect(await handovers()).toBe(before);
  });

  it('still sends the answer of a committed write when its answer cannot be stored, and a later retry is told it was applied', async () => {
    const key = randomUUID();
    await t.sql(`ALTER TABLE idempotency_key ADD CONSTRAINT test_no_answers CHECK (response IS NULL) NOT VALID`);
    let first;
    try {
      first = await send({ i: { ...input, situation: 'Idem 7' } }, anna, key);
    } finally {
      await t.sql(`ALTER TABLE idempotency_key DROP CONSTRAINT test_no_answers`);
    }
    expect(first.status).toBe(200);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data.sendHandover.situation).toBe('Idem 7');
    const retry = await send({ i: { ...input, situation: 'Idem 7' } }, anna, key);
    expect(retry.status).toBe(409);
    expect(retry.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', applied: true });
  });

  it('refuses a key that is not one', async () => {
    const res = await send({ i: { ...input, situation: 'Idem 5' } }, anna, 'short');
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].extensions.fields).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
  });
});

describe('log levels that mean something', () => {
  const parsed = () =>
    logLines.flatMap((l) => l.split('\n').filter(Boolean)).map((l) => JSON.parse(l) as { level: number; msg: string; code?: string; err?: { stack?: string } });

  it('logs expected refusals at info or warn without a stack, and INTERNAL at error with one', async () => {
    logLines.length = 0;
    const anna = await t.token('annaNurse');
    // NOT_FOUND and BAD_USER_INPUT: everyday answers; FORBIDDEN: security-relevant.
    await t.gql(`query($id: ID!) { patient(id: $id) { id } }`, { id: randomUUID() }, anna);
    await t.gql(
      `mutation($i: CreateStaffInput!) { createStaff(input: $i) { id } }`,
      { i: { hsaId: 'SE2120000530-L001', name: '', professionTitle: 'x', role: 'NURSE' } },
      await t.token('perAdmin'),
    );
    await t.gql(
      `mutation($i: CreateStaffInput!) { createStaff(input: $i) { id } }`,
      { i: { hsaId: 'SE2120000530-L002', name: 'Lo', professionTitle: 'x', role: 'NURSE' } },
      anna,
    );
    const refusals = parsed().filter((l) => l.msg === 'refused');
    expect(refusals.map((l) => [l.code, l.level]).sort()).toEqual([
      ['BAD_USER_INPUT', 30],
      ['FORBIDDEN', 40],
      ['NOT_FOUND', 30],
    ]);
    expect(parsed().filter((l) => l.level >= 50)).toEqual([]);
    expect(JSON.stringify(refusals)).not.toMatch(/stack|at .*\.ts:\d+/);

    // A fault of ours: the audit row of a patient read cannot be written.
    await t.sql(`ALTER TABLE audit_log ADD CONSTRAINT test_refuse_reads CHECK (operation <> 'patient') NOT VALID`);
    try {
      expectError(await t.gql(`query($id: ID!) { patient(id: $id) { id } }`, { id: await patientId(t, 'esther') }, anna), 'INTERNAL');
    } finally {
      await t.sql(`ALTER TABLE audit_log DROP CONSTRAINT test_refuse_reads`);
    }
    const errors = parsed().filter((l) => l.level >= 50);
    expect(errors.map((l) => l.msg)).toContain('internal error');
    expect(errors.find((l) => l.msg === 'internal error')?.err?.stack).toMatch(/\n\s+at /);
  });
});

describe('a clean shutdown', () => {
  it('lets the requests in flight finish, refuses new connections, and stops the database only after', async () => {
    const app = await startTestApp();
    const events: string[] = [];
    const holder = new Client({ connectionString: app.dbUrl });
    await holder.connect();
    try {
      const anna = await app.token('annaNurse');
      const input = {
        patientId: await patientId(app, 'esther'),
        receiverOrganisationId: await app.orgId('vcSjobacken'),
        occasion: 'CHANGE_IN_CONDITION',
        background: 'b',
        assessment: 'a',
        recommendation: 'r',
      };
      // Writes wait on a lock, so they are in flight when the shutdown starts.
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE handover IN ACCESS EXCLUSIVE MODE');
      const inFlight = Array.from({ length: 5 }, (_, n) =>
        app.gql(SEND, { i: { ...input, situation: `Drain ${n}` } }, anna).then((r) => {
          events.push('answered');
          return r;
        }),
      );
      await new Promise((r) => setTimeout(r, 300));
      const stopped = shutdownGracefully(app.app, { drainMs: 10_000, afterClose: async () => void events.push('database stopped') });
      await new Promise((r) => setTimeout(r, 100));
      await expect(
        fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' }),
      ).rejects.toThrow();
      await holder.query('COMMIT');
      const answers = await Promise.all(inFlight);
      await stopped;
      expect(answers.map((a) => a.errors?.[0].extensions.code ?? 'OK')).toEqual(['OK', 'OK', 'OK', 'OK', 'OK']);
      expect(events).toEqual(['answered', 'answered', 'answered', 'answered', 'answered', 'database stopped']);
      expect((await t.sql(`SELECT 1`)).length).toBe(1); // the shared test server itself is untouched
    } finally {
      await holder.end().catch(() => undefined);
    }
  });
});

describe('HTTP routes outside GraphQL', () => {
  it('answer in JSON, not an HTML error page', async () => {
    const res = await fetch(`${t.url}/health/nope`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/json/);
    expect(await res.json()).toMatchObject({ statusCode: 404 });
  });
});
