import { CARE_RELATIONSHIPS_DEFINITION_SQL } from '../../src/app/care-relationship.sources';

/**
 * The rows where the materialised care relationships differ from their definition (the union of
 * the sources), with both sides; empty when the triggers kept the table right.
 */
export const RELATIONSHIP_DRIFT_SQL = `
  WITH d AS (
    SELECT r.organisation_id, r.patient_id, array_agg(DISTINCT r.kind ORDER BY r.kind) AS kinds, bool_or(r.direct) AS direct, p.family_name, p.given_name
      FROM (${CARE_RELATIONSHIPS_DEFINITION_SQL}) r JOIN patient p ON p.id = r.patient_id
     GROUP BY r.organisation_id, r.patient_id, p.family_name, p.given_name)
  SELECT to_jsonb(d) AS expected, to_jsonb(c) AS stored
    FROM d FULL JOIN care_relationship c ON c.organisation_id = d.organisation_id AND c.patient_id = d.patient_id
   WHERE d.patient_id IS NULL OR c.patient_id IS NULL
      OR d.kinds <> c.kinds::text[] OR d.direct <> c.direct OR d.family_name <> c.family_name OR d.given_name <> c.given_name`;

/** Throws when the materialised care relationships drifted from their definition. */
export async function assertRelationshipsMaterialised(query: (sql: string) => Promise<unknown[]>, where: string): Promise<void> {
  const drift = await query(RELATIONSHIP_DRIFT_SQL);
  if (drift.length) throw new Error(`care_relationship differs from its sources in ${where}: ${JSON.stringify(drift.slice(0, 5))}`);
}
