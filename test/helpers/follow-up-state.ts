import { ENROLLMENT_STATE_DRIFT_SQL, FACT_DRIFT_SQL } from '../../src/follow-up/enrollment-state';

/** Throws when the follow-up's kept enrollment states or facts differ from a recomputation from their sources. */
export async function assertFollowUpStateKept(query: (sql: string) => Promise<unknown[]>, where: string): Promise<void> {
  const drift = await query(ENROLLMENT_STATE_DRIFT_SQL);
  if (drift.length) throw new Error(`follow_up_enrollment_state differs from its sources in ${where}: ${JSON.stringify(drift.slice(0, 5))}`);
  const facts = await query(FACT_DRIFT_SQL);
  if (facts.length) throw new Error(`follow_up_fact differs from its sources in ${where}: ${JSON.stringify(facts.slice(0, 5))}`);
}
