import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config';
import { expectError, startTestApp, TestApp } from './helpers/test-app';

/**
 * The joint follow-up's statements stop when they should not go on. FOLLOW_UP_STATEMENT_TIMEOUT_MS: a follow-up statement that runs past the limit is stopped by
 * PostgreSQL, the caller is told so (SERVICE_UNAVAILABLE naming the setting, HTTP 503), the attempt is
 * in the access log as FAILED, and nothing of the statement is left running. The statement is made to
 * wait, not to compute for long: another connection holds the kept enrollment rows locked, and a
 * wait for a lock counts toward statement_timeout as running does. And a caller who goes away (the
 * connection closed before the answer) stops them at once, whatever the limit.
 */
const INDICATORS = `query($p: FollowUpPeriodInput!) { r: followUpIndicators(period: $p) { from to indicators { code total { value suppressed } } } }`;
const COMPARE = `query($p: FollowUpPeriodInput!) { r: compareFollowUp(period: $p) { from municipalities { organisation { id } } } }`;

describe('joint follow-up statement timeout', () => {
  let t: TestApp;
  let locker: Client;
  const period = { from: '2026-01-01', to: '2026-03-31' };

  beforeAll(async () => {
    t = await startTestApp({ FOLLOW_UP_STATEMENT_TIMEOUT_MS: '400' });
    locker = new Client({ connectionString: t.dbUrl });
    await locker.connect();
  });
  afterAll(async () => {
    await locker?.end();
    await t?.close();
  });

  const failedRows = (operation: string) =>
    t.sql<{ outcome: string; details: { reason?: string; timeoutMs?: number; period?: unknown } }>(
      `SELECT outcome::text, details FROM audit_log WHERE operation = $1 AND purpose = 'joint follow-up' ORDER BY id`,
      [operation],
    );

  it('answers within the limit as before', async () => {
    const res = await t.gql(INDICATORS, { p: period }, await t.token('evaManager'));
    expect(res.errors).toBeUndefined();
    expect(res.data.r.indicators.length).toBeGreaterThan(10);
  });

  it('stops a statement that runs past the limit, says so, logs the attempt as FAILED and leaves nothing running', async () => {
    const token = await t.token('evaManager');
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE follow_up_enrollment_state IN ACCESS EXCLUSIVE MODE');
    try {
      const started = Date.now();
      const res = await t.gql(INDICATORS, { p: period }, token);
      const took = Date.now() - started;
      expect(res.status).toBe(503);
      const err = expectError(res, 'SERVICE_UNAVAILABLE');
      expect(err.message).toContain('FOLLOW_UP_STATEMENT_TIMEOUT_MS');
      expect(err.message).toContain('0.4 s');
      expect(err.extensions).toMatchObject({ retryAfterSeconds: 60, timeoutMs: 400 });
      expect(res.data?.r ?? null).toBeNull();
      // Stopped by the limit, not by anything else: not before 400 ms, and well before a lock would be let go.
      expect(took).toBeGreaterThanOrEqual(400);
      expect(took).toBeLessThan(10_000);
      // Nothing of it still waits or runs in PostgreSQL.
      const running = await t.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`,
      );
      expect(running[0].n).toBe(0);
    } finally {
      await locker.query('ROLLBACK');
    }
    const rows = await failedRows('followUpIndicators');
    const failed = rows.filter((r) => r.outcome === 'FAILED');
    expect(failed).toHaveLength(1);
    expect(failed[0].details).toMatchObject({ reason: 'statement-timeout', timeoutMs: 400, period });
    // The call before it and none for the stopped one: one ALLOWED row.
    expect(rows.filter((r) => r.outcome === 'ALLOWED')).toHaveLength(1);
  });

  it('holds for the comparison of all units too, and the next call answers once the lock is gone', async () => {
    const token = await t.token('evaManager');
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE follow_up_enrollment_state IN ACCESS EXCLUSIVE MODE');
    try {
      const res = await t.gql(COMPARE, { p: period }, token);
      expectError(res, 'SERVICE_UNAVAILABLE');
    } finally {
      await locker.query('ROLLBACK');
    }
    expect((await failedRows('compareFollowUp')).map((r) => r.outcome)).toEqual(['FAILED']);
    const again = await t.gql(COMPARE, { p: period }, token);
    expect(again.errors).toBeUndefined();
    expect(again.data.r.municipalities.length).toBeGreaterThan(0);
  });

  describe('a caller who goes away', () => {
    let g: TestApp;
    let holder: Client;
    beforeAll(async () => {
      g = await startTestApp();
      holder = new Client({ connectionString: g.dbUrl });
      await holder.connect();
    });
    afterAll(async () => {
      await holder?.end();
      await g?.close();
    });

    const waiting = async () =>
      (
        await g.sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND application_name LIKE 'esther-follow-up-%'`,
        )
      )[0].n;
    const until = async (what: () => Promise<boolean>, ms: number) => {
      const end = Date.now() + ms;
      while (!(await what())) {
        if (Date.now() > end) return false;
        await new Promise((r) => setTimeout(r, 25));
      }
      return true;
    };

    it('stops the statement at once (the limit is two minutes here) and logs the attempt as FAILED', async () => {
      expect(g.config.followUpStatementTimeoutMs).toBe(120_000);
      const token = await g.token('evaManager');
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE follow_up_enrollment_state IN ACCESS EXCLUSIVE MODE');
      try {
        const abort = new AbortController();
        const sent = fetch(`${g.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: INDICATORS, variables: { p: period } }),
          signal: abort.signal,
        }).catch((e: Error) => e);
        // The call's statement waits on the lock, tagged as the follow-up's.
        expect(await until(async () => (await waiting()) === 1, 10_000)).toBe(true);
        const closed = Date.now();
        abort.abort();
        expect(await sent).toBeInstanceOf(Error);
        // Gone within moments, with the lock still held: cancelled, not timed out.
        expect(await until(async () => (await waiting()) === 0, 5_000)).toBe(true);
        expect(Date.now() - closed).toBeLessThan(5_000);
      } finally {
        await holder.query('ROLLBACK');
      }
      const logged = async () =>
        g.sql<{ outcome: string; details: { reason?: string; timeoutMs?: number } }>(
          `SELECT outcome::text, details FROM audit_log WHERE operation = 'followUpIndicators' AND purpose = 'joint follow-up' ORDER BY id`,
        );
      expect(await until(async () => (await logged()).length > 0, 5_000)).toBe(true);
      const rows = await logged();
      expect(rows).toHaveLength(1);
      expect(rows[0].outcome).toBe('FAILED');
      expect(rows[0].details.reason).toBe('client-gone');
      // The next call, its caller staying, answers.
      const again = await g.gql(INDICATORS, { p: period }, token);
      expect(again.errors).toBeUndefined();
    });
  });

  it('is validated: a value that is not a whole number of milliseconds stops the service naming it', () => {
    expect(() => loadConfig({ FOLLOW_UP_STATEMENT_TIMEOUT_MS: '2.5' })).toThrow(/FOLLOW_UP_STATEMENT_TIMEOUT_MS: must be a whole number/);
    expect(() => loadConfig({ FOLLOW_UP_STATEMENT_TIMEOUT_MS: '-1' })).toThrow(/FOLLOW_UP_STATEMENT_TIMEOUT_MS: must be 0/);
    expect(loadConfig({}).followUpStatementTimeoutMs).toBe(120_000);
    expect(loadConfig({ FOLLOW_UP_STATEMENT_TIMEOUT_MS: '0' }).followUpStatementTimeoutMs).toBe(0);
  });
});
