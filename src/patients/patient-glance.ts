/**
 * What lists show about each patient at a glance (the caseload: the current SIP, the deterioration
 * plan, open tasks). The capability that owns the data contributes a source, as the capabilities
 * contribute care-relationship and agenda-suggestion sources: a scalar SQL expression over the
 * patient id `g.patient_id` (no parameters) yielding jsonb, or NULL when there is nothing. The
 * patients module fetches every source for a whole page in ONE statement (PatientLoaders.glance);
 * each capability's field resolver reads its own key and applies its own access rule.
 */
export interface PatientGlanceSource {
  /** The key of this source's value in the glance, e.g. "currentCarePlan". */
  key: string;
  description: string;
  /** A scalar subquery or expression over `g.patient_id`, yielding jsonb or NULL. */
  sql: string;
}

/** The statement: one row per patient id in `$1`, one jsonb column per source. */
export function glanceQuery(sources: readonly PatientGlanceSource[]): string {
  const keys = new Set<string>();
  for (const s of sources) {
    if (!/^[a-zA-Z]+$/.test(s.key) || keys.has(s.key)) throw new Error(`bad or repeated glance key ${s.key}`);
    if (/\$\d/.test(s.sql)) throw new Error(`glance source ${s.key} may not use parameters`);
    keys.add(s.key);
  }
  const columns = sources.map((s) => `(${s.sql}) AS "${s.key}"`);
  return `SELECT g.patient_id${columns.map((c) => `, ${c}`).join('')} FROM unnest($1::uuid[]) AS g(patient_id)`;
}
