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

export async function runFamilies(m: EntityManager, q: FamilyQuery): Promise<MetricTable> {
  // No JIT compilation for these statements (this transaction only): their CTEs' row estimates run
  // to millions where thousands come back, which crosses jit_above_cost, and on a server built with
  // LLVM (Debian's PostgreSQL 15) compiling then cost 1.5 s for a statement that runs in 90 ms
  // (docs/SCALING.md). SET LOCAL ends with the transaction, so it is safe through a transaction pooler.
  await m.query('SET LOCAL jit = off');
  const table = new MetricTable();
  for (const family of FAMILIES) table.add(await family(m, q));
  return table;
}
