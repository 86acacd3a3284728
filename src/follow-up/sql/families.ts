import { EntityManager } from 'typeorm';
import { MetricRow, MetricTable } from '../measure';
import { experienceFamily, followUpFamily } from './care-plans.sql';
import { FamilyQuery } from './common.sql';
import { continuityFamily } from './continuity.sql';
import { dischargeFamily, paymentFamily } from './discharges.sql';
import { enrollmentFamily } from './enrollment.sql';
import { episodesFamily } from './episodes.sql';
import { roundsFamily, tasksFamily } from './rounds-tasks.sql';

/**
 * Every indicator family, one SQL statement each: 8 statements per answer, whatever the number of
 * patients, months or organisations. Run one after the other on the caller's transaction (one
 * connection, one snapshot).
 */
export const FAMILIES: ReadonlyArray<(m: EntityManager, q: FamilyQuery) => Promise<MetricRow[]>> = [
  enrollmentFamily,
  followUpFamily,
  experienceFamily,
  dischargeFamily,
  paymentFamily,
  roundsFamily,
  tasksFamily,
  continuityFamily,
  episodesFamily,
];

/**
 * The settings of the families' transaction (SET LOCAL: they end with it, so they are safe through a
 * transaction pooler), with `extra` ones, in one statement that also answers the backend's process id.
 *
 * No JIT compilation for these statements: their CTEs' row estimates run to millions where thousands
 * come back, which crosses jit_above_cost, and on a server built with LLVM (Debian's PostgreSQL 15)
 * compiling then cost 1.5 s for a statement that runs in 90 ms (docs/SCALING.md).
 */
export async function startFamilies(m: EntityManager, extra: Record<string, string> = {}): Promise<number> {
  const settings: Array<[string, string]> = [['jit', 'off'], ...Object.entries(extra)];
  const rows: Array<{ pid: number }> = await m.query(
    `SELECT ${settings.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ')}, pg_backend_pid() AS pid`,
    settings.flat(),
  );
  return rows[0].pid;
}

/**
 * Every family on the caller's transaction. `started`: startFamilies was run on it already.
 * `stopped`: asked before each statement; when it answers true, no further statement is sent and
 * `FamiliesStopped` is thrown (a caller who went away).
 */
export async function runFamilies(m: EntityManager, q: FamilyQuery, opts: { started?: boolean; stopped?: () => boolean } = {}): Promise<MetricTable> {
  if (!opts.started) await startFamilies(m);
  const table = new MetricTable();
  for (const family of FAMILIES) {
    if (opts.stopped?.()) throw new FamiliesStopped();
    table.add(await family(m, q));
  }
  return table;
}

/** runFamilies stopped before its next statement (its `stopped` answered true). */
export class FamiliesStopped extends Error {}
