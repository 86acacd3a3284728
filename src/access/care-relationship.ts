/**
 * Where care relationships (vårdrelationer) come from. Each capability that makes an organisation
 * part of a patient's care contributes a source: a SELECT of (patient_id, organisation_id) over its
 * own table, active rows only. access/ unions them; nothing else decides who has a relationship.
 *
 * The union is the definition. What the service reads is its materialisation, the table
 * `care_relationship` (one row per organisation and patient), kept equal to the union by triggers
 * on every source table in the same statement that changes a source (see careRelationshipDdl), so
 * that "this organisation's patients, by name" and "may this organisation see these patients" are
 * index lookups at any region size instead of a seven-branch union.
 */
export interface CareRelationshipSource {
  /** e.g. ENROLLMENT, CARE_TEAM, SIP_PARTICIPANT, DISCHARGE_PROCESS. */
  kind: string;
  /**
   * A direct relationship means the organisation cares for the patient itself: it reads and
   * changes the patient record, sees a protected identity and names the care team. An indirect
   * one (taking part in the SIP) reads the patient without a protected identity and works in the
   * joint plan. See docs/ACCESS.md, generated from these declarations.
   */
  direct: boolean;
  /** Who creates it, and by which operation. Never the organisation for itself. */
  author: string;
  /** When it ends. */
  ends: string;
  /** `SELECT patient_id, organisation_id FROM <table> WHERE <active>`, no parameters. */
  sql: string;
  /** The table the SELECT reads (it has a `patient_id` column): its triggers keep the materialisation current. */
  table: string;
  description: string;
}

/** The materialised relationships in force, one row per organisation and patient (see careRelationshipDdl). */
export const CARE_RELATIONSHIP_TABLE = 'care_relationship';

/** The union of all sources as one SQL relation (patient_id, organisation_id, kind, direct). */
export function relationshipUnion(sources: readonly CareRelationshipSource[]): string {
  return sources
    .map((s) => `SELECT src.patient_id, src.organisation_id, '${s.kind}'::text AS kind, ${s.direct ? 'true' : 'false'} AS direct FROM (${s.sql}) src`)
    .join('\nUNION ALL\n');
}

/** Whether a relationship kind is direct (a property of its source). */
export function directKinds(sources: readonly CareRelationshipSource[]): ReadonlySet<string> {
  return new Set(sources.filter((s) => s.direct).map((s) => s.kind));
}

export const CARE_RELATIONSHIP_REFRESH_FUNCTION = 'care_relationship_refresh';
export const CARE_RELATIONSHIP_TRIGGER_FUNCTION = 'care_relationship_on_change';

/**
 * The statements that make `care_relationship` follow the sources (run by a migration; a test
 * checks the database holds exactly what the current sources generate, so adding or changing a
 * source needs a migration that runs this again):
 *
 * - `care_relationship_refresh(ids)` recomputes the rows of these patients from the union. It first
 *   locks the patients' rows FOR NO KEY UPDATE, in id order: two transactions changing the same
 *   patient's relationships take turns (the second then reads the first's committed sources, so
 *   neither leaves a stale row), a rename of the patient waits for it (and it for the rename), and
 *   inserts that merely reference the patient (foreign keys take KEY SHARE) are not blocked.
 * - one statement-level trigger per source table and event (transition tables), so a bulk insert
 *   refreshes each patient once per statement;
 * - a row trigger on patient keeping the copied names (the caseload's sort key) current.
 */
export function careRelationshipDdl(sources: readonly CareRelationshipSource[]): string[] {
  const tables = [...new Set(sources.map((s) => s.table))].sort();
  const statements = [
    `CREATE OR REPLACE FUNCTION ${CARE_RELATIONSHIP_REFRESH_FUNCTION}(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN
    RETURN;
  END IF;
  PERFORM 1 FROM patient WHERE id = ANY (ids) ORDER BY id FOR NO KEY UPDATE;
  DELETE FROM care_relationship WHERE patient_id = ANY (ids);
  INSERT INTO care_relationship (organisation_id, patient_id, kinds, direct, family_name, given_name)
  SELECT r.organisation_id, r.patient_id, array_agg(DISTINCT r.kind ORDER BY r.kind), bool_or(r.direct), p.family_name, p.given_name
    FROM (${relationshipUnion(sources)}) r
    JOIN patient p ON p.id = r.patient_id
   WHERE r.patient_id = ANY (ids)
   GROUP BY r.organisation_id, r.patient_id, p.family_name, p.given_name;
END
$fn$`,
    `CREATE OR REPLACE FUNCTION ${CARE_RELATIONSHIP_TRIGGER_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM ${CARE_RELATIONSHIP_REFRESH_FUNCTION}(ARRAY(SELECT DISTINCT patient_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM ${CARE_RELATIONSHIP_REFRESH_FUNCTION}(ARRAY(SELECT DISTINCT patient_id FROM old_rows));
  ELSE
    PERFORM ${CARE_RELATIONSHIP_REFRESH_FUNCTION}(ARRAY(SELECT patient_id FROM new_rows UNION SELECT patient_id FROM old_rows));
  END IF;
  RETURN NULL;
END
$fn$`,
    `CREATE OR REPLACE FUNCTION care_relationship_patient_name() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE care_relationship SET family_name = NEW.family_name, given_name = NEW.given_name WHERE patient_id = NEW.id;
  RETURN NULL;
END
$fn$`,
    `DROP TRIGGER IF EXISTS care_relationship_patient_name ON patient`,
    `CREATE TRIGGER care_relationship_patient_name AFTER UPDATE OF family_name, given_name ON patient FOR EACH ROW
       WHEN (OLD.family_name IS DISTINCT FROM NEW.family_name OR OLD.given_name IS DISTINCT FROM NEW.given_name)
       EXECUTE FUNCTION care_relationship_patient_name()`,
  ];
  for (const t of tables) {
    const on = `EXECUTE FUNCTION ${CARE_RELATIONSHIP_TRIGGER_FUNCTION}()`;
    statements.push(
      `DROP TRIGGER IF EXISTS care_relationship_insert ON ${t}`,
      `DROP TRIGGER IF EXISTS care_relationship_update ON ${t}`,
      `DROP TRIGGER IF EXISTS care_relationship_delete ON ${t}`,
      `CREATE TRIGGER care_relationship_insert AFTER INSERT ON ${t} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT ${on}`,
      `CREATE TRIGGER care_relationship_update AFTER UPDATE ON ${t} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT ${on}`,
      `CREATE TRIGGER care_relationship_delete AFTER DELETE ON ${t} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT ${on}`,
    );
  }
  return statements;
}

/** Recomputes every patient's rows (after a migration changed the sources, or to repair). */
export const CARE_RELATIONSHIP_REBUILD_SQL = `SELECT ${CARE_RELATIONSHIP_REFRESH_FUNCTION}(ARRAY(SELECT id FROM patient))`;
