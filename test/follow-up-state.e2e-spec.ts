import { Client } from 'pg';
import {
  ENROLLMENT_STATE_DRIFT_SQL,
  ENROLLMENT_STATE_REBUILD_SQL,
  ENROLLMENT_STATE_TABLE,
  enrollmentStateDdl,
  enrollmentStateSql,
  FACT_DRIFT_SQL,
  factSql,
  FACT_TABLE,
  KEPT_SOURCES,
  keptTriggers,
} from '../src/follow-up/enrollment-state';
import { startTestApp, TestApp } from './helpers/test-app';

/**
 * follow_up_enrollment_state is what the follow-up's enrollment statement reads instead of the
 * region's care plans, deterioration plans and assignments. These tests prove the database keeps it
 * equal to a recomputation from the sources (ENROLLMENT_STATE_DRIFT_SQL): the installed function and
 * triggers are the ones the definition generates, and every kind of change to a source (including
 * retroactive ones: an enrollment ended or removed, a SIP closed back in time, a plan withdrawn, a GP's
 * assignment ended, a bulk insert with plain SQL) leaves no drift. Every e2e file checks the same at
 * its end (test/helpers/test-app.ts), so the capabilities' own write paths are checked too.
 */

let t: TestApp;
let c: Client;

beforeAll(async () => {
  t = await startTestApp();
  c = new Client({ connectionString: t.dbUrl });
  await c.connect();
});
afterAll(async () => {
  await c.end();
  await t.close();
});

/** Both kept tables against a recomputation from the sources: the rows that differ. */
const drift = async () => [...(await c.query(ENROLLMENT_STATE_DRIFT_SQL)).rows, ...(await c.query(FACT_DRIFT_SQL)).rows];
const kept = async () => (await c.query(`SELECT * FROM ${ENROLLMENT_STATE_TABLE} ORDER BY enrollment_id`)).rows;
const facts = async () => (await c.query(`SELECT * FROM ${FACT_TABLE} ORDER BY kind, fact_id, enrollment_id`)).rows;

/** Runs the change in a transaction that is rolled back, checking there is no drift before the end. */
async function inRolledBack(change: () => Promise<void>): Promise<void> {
  await c.query('BEGIN');
  try {
    await change();
  } finally {
    await c.query('ROLLBACK');
  }
}

const bodyOf = (statement: string) => statement.split('$fn$')[1];

describe('the installed function and triggers', () => {
  it('are exactly what the definition generates (a changed definition needs a migration running enrollmentStateDdl)', async () => {
    const functions = enrollmentStateDdl().filter((s) => s.startsWith('CREATE OR REPLACE FUNCTION'));
    expect(functions).toHaveLength(4 + 2 * KEPT_SOURCES.length);
    for (const f of functions) {
      const name = /FUNCTION (\w+)\(/.exec(f)![1];
      const { rows } = await c.query<{ prosrc: string }>(`SELECT prosrc FROM pg_proc WHERE proname = $1`, [name]);
      expect(rows[0]?.prosrc, `function ${name}`).toBe(bodyOf(f));
    }
    const { rows } = await c.query<{ tgname: string; table: string }>(
      `SELECT tgname, tgrelid::regclass::text AS table FROM pg_trigger WHERE tgname LIKE 'follow_up_state%' AND NOT tgisinternal ORDER BY 2, 1`,
    );
    const expected = [
      ...[...KEPT_SOURCES.map((s) => s.table), 'assignment'].flatMap((table) =>
        ['delete', 'insert', 'update'].map((e) => ({ tgname: `follow_up_state_${e}`, table })),
      ),
      { tgname: 'follow_up_state_insert', table: 'care_plan_version' },
    ].sort((a, b) => a.table.localeCompare(b.table) || a.tgname.localeCompare(b.tgname));
    expect(rows).toEqual(expected);
    // bench/seed.ts turns off exactly these while it generates a region.
    expect(
      keptTriggers()
        .map(([table, tgname]) => ({ tgname, table }))
        .sort((a, b) => a.table.localeCompare(b.table) || a.tgname.localeCompare(b.tgname)),
    ).toEqual(expected);
  });

  it('hold the demo data right (every enrollment, with states), and a full rebuild changes nothing', async () => {
    expect(await drift()).toEqual([]);
    const before = await kept();
    const { rows } = await c.query(`SELECT count(*)::int AS n FROM home_healthcare_enrollment`);
    expect(before).toHaveLength(rows[0].n);
    expect(before.filter((r) => r.sip).length).toBeGreaterThan(0);
    expect(before.filter((r) => r.plan).length).toBeGreaterThan(0);
    expect(before.filter((r) => r.gp).length).toBeGreaterThan(0);
    const factsBefore = await facts();
    for (const kind of ['FU', 'FU_OUT', 'EXP', 'TASK']) expect(factsBefore.filter((r) => r.kind === kind).length, kind).toBeGreaterThan(0);
    for (const s of ENROLLMENT_STATE_REBUILD_SQL) await c.query(s);
    expect(await kept()).toEqual(before);
    expect(await facts()).toEqual(factsBefore);
  });

  it('detect drift (the check itself can fail)', async () => {
    await inRolledBack(async () => {
      await c.query(
        `UPDATE ${ENROLLMENT_STATE_TABLE} SET sip = NULL WHERE enrollment_id = (SELECT enrollment_id FROM ${ENROLLMENT_STATE_TABLE} WHERE sip IS NOT NULL LIMIT 1)`,
      );
      expect(await drift()).toHaveLength(1);
      await c.query(`DELETE FROM ${ENROLLMENT_STATE_TABLE} WHERE enrollment_id = (SELECT enrollment_id FROM ${ENROLLMENT_STATE_TABLE} LIMIT 1 OFFSET 1)`);
      expect(await drift()).toHaveLength(2);
      await c.query(`UPDATE ${FACT_TABLE} SET ok = NOT ok WHERE ctid = (SELECT ctid FROM ${FACT_TABLE} WHERE kind = 'FU' LIMIT 1)`);
      expect(await drift()).toHaveLength(3);
    });
  });
});

describe('refreshed by family', () => {
  const mentions = (sql: string, table: string) => new RegExp(`\\b(FROM|JOIN) ${table}\\b`).test(sql);

  it('every source declares each family that reads it (a wrong declaration would leave rows stale)', () => {
    const stateSql = enrollmentStateSql('true');
    // Each branch of the facts, with the kind its one-time filter names.
    const branches = factSql(() => 'true', 'k')
      .split('UNION ALL')
      .map((sql) => ({ sql, kind: /'(\w+)' = ANY \(k\)/.exec(sql)![1] }));
    expect(new Set(branches.map((b) => b.kind))).toEqual(new Set(['FU', 'FU_OUT', 'EXP', 'TASK']));
    for (const src of KEPT_SOURCES) {
      expect(src.state, `${src.table}: state`).toBe(mentions(stateSql, src.table));
      // Every fact is joined with its enrollments, so an enrollment feeds every kind.
      const kinds =
        src.table === 'home_healthcare_enrollment' ? ['FU', 'FU_OUT', 'EXP', 'TASK'] : branches.filter((b) => mentions(b.sql, src.table)).map((b) => b.kind);
      expect([...src.facts].sort(), `${src.table}: facts`).toEqual([...new Set(kinds)].sort());
    }
  });

  it('a task changed recomputes its TASK facts and leaves the states and other facts as they were', async () => {
    await inRolledBack(async () => {
      const { rows } = await c.query(
        `SELECT t.id, t.patient_id FROM task t JOIN ${FACT_TABLE} f ON f.kind = 'TASK' AND f.fact_id = t.id
          WHERE t.status = 'OPEN' AND EXISTS (SELECT 1 FROM ${FACT_TABLE} o WHERE o.patient_id = t.patient_id AND o.kind <> 'TASK')
          ORDER BY t.id LIMIT 1`,
      );
      expect(rows).toHaveLength(1);
      const versions = async () =>
        (
          await c.query(
            `SELECT 'state' AS what, xmin::text FROM ${ENROLLMENT_STATE_TABLE} WHERE patient_id = $1
             UNION ALL SELECT kind, xmin::text FROM ${FACT_TABLE} WHERE patient_id = $1 AND kind <> 'TASK' ORDER BY 1, 2`,
            [rows[0].patient_id],
          )
        ).rows;
      const before = await versions();
      expect(before.some((r) => r.what === 'state')).toBe(true);
      await c.query(`UPDATE task SET status = 'COMPLETED', completed_at = now() WHERE id = $1`, [rows[0].id]);
      expect(await drift()).toEqual([]);
      const { rows: done } = await c.query(`SELECT done FROM ${FACT_TABLE} WHERE kind = 'TASK' AND fact_id = $1`, [rows[0].id]);
      expect(done.map((r) => r.done)).toContain(true);
      // Rewritten rows would carry this transaction's id.
      expect(await versions()).toEqual(before);
    });
  });
});

describe('changes to the sources, retroactive ones too', () => {
  it('an enrollment ended back in time, moved to another centre, or removed', async () => {
    await inRolledBack(async () => {
      const { rows } = await c.query(`SELECT id, start_date FROM home_healthcare_enrollment WHERE end_date IS NULL AND status = 'ACTIVE' ORDER BY id LIMIT 3`);
      expect(rows).toHaveLength(3);
      await c.query(`UPDATE home_healthcare_enrollment SET end_date = start_date + 3, status = 'ENDED', end_reason = 'test' WHERE id = $1`, [rows[0].id]);
      expect(await drift()).toEqual([]);
      const { rows: ended } = await c.query(`SELECT end_date, upper(sip) AS sip_end FROM ${ENROLLMENT_STATE_TABLE} WHERE enrollment_id = $1`, [rows[0].id]);
      expect(ended[0].end_date).not.toBeNull();
      const other = await c.query(`SELECT id FROM organisation WHERE kind = 'PRIMARY_CARE' ORDER BY id LIMIT 1`);
      await c.query(`UPDATE home_healthcare_enrollment SET primary_care_id = $2 WHERE id = $1`, [rows[1].id, other.rows[0].id]);
      expect(await drift()).toEqual([]);
      await c.query(`SAVEPOINT s`);
      try {
        await c.query(`DELETE FROM home_healthcare_enrollment WHERE id = $1`, [rows[2].id]);
        expect(await drift()).toEqual([]);
      } catch {
        // Another table refers to the enrollment: it cannot be removed, which is what the app does too.
        await c.query(`ROLLBACK TO SAVEPOINT s`);
      }
    });
  });

  it('a SIP closed back in time, and a first version published (a new SIP in force)', async () => {
    await inRolledBack(async () => {
      const { rows } = await c.query(
        `SELECT cp.id, cp.patient_id FROM care_plan cp JOIN ${ENROLLMENT_STATE_TABLE} k ON k.patient_id = cp.patient_id
          WHERE cp.plan_type = 'SIP' AND cp.closed_at IS NULL AND k.sip IS NOT NULL ORDER BY cp.id LIMIT 1`,
      );
      expect(rows).toHaveLength(1);
      const before = (await c.query(`SELECT sip::text FROM ${ENROLLMENT_STATE_TABLE} WHERE patient_id = $1`, [rows[0].patient_id])).rows;
      await c.query(`UPDATE care_plan SET closed_at = now() - interval '20 days' WHERE id = $1`, [rows[0].id]);
      expect(await drift()).toEqual([]);
      const after = (await c.query(`SELECT sip::text FROM ${ENROLLMENT_STATE_TABLE} WHERE patient_id = $1`, [rows[0].patient_id])).rows;
      expect(after).not.toEqual(before);
      await c.query(`UPDATE care_plan SET plan_type = 'PATIENT_AGREEMENT' WHERE id = $1`, [rows[0].id]);
      expect(await drift()).toEqual([]);
    });
    await inRolledBack(async () => {
      // A SIP without a published first version gets one: its days start then.
      const { rows } = await c.query(
        `SELECT cp.id FROM care_plan cp WHERE NOT EXISTS (SELECT 1 FROM care_plan_version v WHERE v.care_plan_id = cp.id) ORDER BY cp.id LIMIT 1`,
      );
      if (rows.length) {
        const cols = await c.query(
          `SELECT column_name FROM information_schema.columns WHERE table_name = 'care_plan_version' AND column_name NOT IN ('id', 'care_plan_id', 'number', 'published_at') ORDER BY ordinal_position`,
        );
        const names = cols.rows.map((r) => r.column_name as string).join(', ');
        await c.query(
          `INSERT INTO care_plan_version (care_plan_id, number, published_at, ${names})
           SELECT $1, 1, now() - interval '5 days', ${names} FROM care_plan_version ORDER BY id LIMIT 1`,
          [rows[0].id],
        );
        expect(await drift()).toEqual([]);
      }
    });
  });

  it('a deterioration plan withdrawn, and a GP who left the centre', async () => {
    await inRolledBack(async () => {
      const { rows } = await c.query(`SELECT id FROM deterioration_plan WHERE status = 'ACTIVE' ORDER BY id LIMIT 1`);
      expect(rows).toHaveLength(1);
      await c.query(`UPDATE deterioration_plan SET status = 'WITHDRAWN', withdrawn_at = now() - interval '2 days', withdrawal_reason = 'test' WHERE id = $1`, [
        rows[0].id,
      ]);
      expect(await drift()).toEqual([]);
    });
    await inRolledBack(async () => {
      const { rows } = await c.query(
        `SELECT a.id FROM assignment a JOIN home_healthcare_enrollment e ON e.named_physician_id = a.staff_id AND e.primary_care_id = a.organisation_id
          WHERE a.role = 'PHYSICIAN' AND a.ended_at IS NULL ORDER BY a.id LIMIT 1`,
      );
      expect(rows).toHaveLength(1);
      const before = await kept();
      await c.query(`UPDATE assignment SET ended_at = now() - interval '10 days' WHERE id = $1`, [rows[0].id]);
      expect(await drift()).toEqual([]);
      expect(await kept()).not.toEqual(before);
      await c.query(`DELETE FROM assignment WHERE id = $1`, [rows[0].id]).catch(() => undefined);
    });
  });

  it('a bulk insert with plain SQL (as the benchmark generator writes) refreshes every patient it touches', async () => {
    await inRolledBack(async () => {
      const cols = await c.query(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'home_healthcare_enrollment' AND column_name NOT IN ('id', 'status', 'start_date', 'end_date', 'end_reason') ORDER BY ordinal_position`,
      );
      const names = cols.rows.map((r) => r.column_name as string).join(', ');
      // Every patient gets an earlier, ended enrollment (the second one of many patients: counted once).
      await c.query(
        `INSERT INTO home_healthcare_enrollment (status, start_date, end_date, end_reason, ${names})
         SELECT 'ENDED', e.start_date - 200, e.start_date - 100, 'bulk', ${names.replace(/(\w+)/g, 'e.$1')}
           FROM home_healthcare_enrollment e WHERE e.status = 'ACTIVE'`,
      );
      expect(await drift()).toEqual([]);
      const { rows: after } = await c.query(
        `SELECT count(*)::int AS n FROM ${ENROLLMENT_STATE_TABLE} k JOIN home_healthcare_enrollment e ON e.id = k.enrollment_id WHERE e.end_reason = 'bulk'`,
      );
      expect(after[0].n).toBeGreaterThan(0);
    });
  });

  it('facts: an enrollment ended before an answer, a follow-up recorded late, a respondent corrected, a SIP closed before its date', async () => {
    await inRolledBack(async () => {
      const { rows } = await c.query(
        `SELECT k.enrollment_id, k.day FROM ${FACT_TABLE} k JOIN home_healthcare_enrollment e ON e.id = k.enrollment_id
          WHERE k.kind = 'EXP' AND e.start_date < k.day ORDER BY k.fact_id LIMIT 1`,
      );
      expect(rows).toHaveLength(1);
      const before = (await facts()).length;
      await c.query(`UPDATE home_healthcare_enrollment SET end_date = $2::date - 1, status = 'ENDED', end_reason = 'test' WHERE id = $1`, [
        rows[0].enrollment_id,
        rows[0].day,
      ]);
      expect(await drift()).toEqual([]);
      expect((await facts()).length).toBeLessThan(before);
    });
    await inRolledBack(async () => {
      const { rows } = await c.query(`SELECT f.id FROM care_plan_follow_up f JOIN ${FACT_TABLE} k ON k.fact_id = f.id AND k.kind = 'FU' ORDER BY f.id LIMIT 1`);
      expect(rows).toHaveLength(1);
      await c.query(`UPDATE care_plan_follow_up SET follow_up_date = due_date + 5 WHERE id = $1`, [rows[0].id]);
      expect(await drift()).toEqual([]);
      const { rows: fact } = await c.query(`SELECT ok FROM ${FACT_TABLE} WHERE fact_id = $1`, [rows[0].id]);
      expect(fact.every((r) => r.ok === false)).toBe(true);
    });
    await inRolledBack(async () => {
      const { rows } = await c.query(`SELECT id FROM experience_survey WHERE respondent IS NOT NULL ORDER BY id LIMIT 1`);
      if (rows.length) {
        await c.query(`UPDATE experience_survey SET respondent = NULL WHERE id = $1`, [rows[0].id]);
        expect(await drift()).toEqual([]);
      }
      await c.query(
        `UPDATE care_plan SET status = 'CLOSED', closed_at = now() - interval '400 days' WHERE id IN (SELECT fact_id FROM ${FACT_TABLE} WHERE kind = 'FU_OUT')`,
      );
      expect(await drift()).toEqual([]);
      expect((await facts()).filter((r) => r.kind === 'FU_OUT')).toEqual([]);
    });
  });

  it('facts: a task completed, one cancelled', async () => {
    await inRolledBack(async () => {
      const { rows } = await c.query(`SELECT id FROM task WHERE status NOT IN ('COMPLETED', 'CANCELLED') ORDER BY id LIMIT 2`);
      expect(rows).toHaveLength(2);
      await c.query(`UPDATE task SET status = 'COMPLETED', completed_at = now() WHERE id = $1`, [rows[0].id]);
      await c.query(`UPDATE task SET status = 'CANCELLED', cancelled_at = now() WHERE id = $1`, [rows[1].id]);
      expect(await drift()).toEqual([]);
      expect((await facts()).filter((r) => r.fact_id === rows[1].id)).toEqual([]);
    });
  });
});
