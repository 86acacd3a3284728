import { MigrationInterface, QueryRunner } from 'typeorm';

export class CareRelationships1795456274196 implements MigrationInterface {
  name = 'CareRelationships1795456274196';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "care_relationship" ("organisation_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "kinds" text array NOT NULL, "direct" boolean NOT NULL, "family_name" character varying(100) NOT NULL, "given_name" character varying(100) NOT NULL, CONSTRAINT "PK_449750d25847191338abbe9d959" PRIMARY KEY ("organisation_id", "patient_id"))`,
    );
    await q.query(`CREATE INDEX "ix_care_relationship_patient" ON "care_relationship"  ("patient_id") `);
    await q.query(`CREATE INDEX "ix_care_relationship_caseload" ON "care_relationship"  ("organisation_id", "family_name", "given_name", "patient_id") `);
    await q.query(
      `ALTER TABLE "care_relationship" ADD CONSTRAINT "FK_4715ca0280f01eb98a56f38e39c" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "care_relationship" ADD CONSTRAINT "FK_a3fe54d56ae2941e639b1e0aa46" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Written by hand: what careRelationshipDdl(CARE_RELATIONSHIP_SOURCES) generated for the four
    // sources of this migration (frozen here; test/care-relationships.e2e-spec.ts fails when the
    // sources change without a migration running the new text), then every patient's rows.
    await q.query(`CREATE OR REPLACE FUNCTION care_relationship_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN
    RETURN;
  END IF;
  PERFORM 1 FROM patient WHERE id = ANY (ids) ORDER BY id FOR NO KEY UPDATE;
  DELETE FROM care_relationship WHERE patient_id = ANY (ids);
  INSERT INTO care_relationship (organisation_id, patient_id, kinds, direct, family_name, given_name)
  SELECT r.organisation_id, r.patient_id, array_agg(DISTINCT r.kind ORDER BY r.kind), bool_or(r.direct), p.family_name, p.given_name
    FROM (SELECT src.patient_id, src.organisation_id, 'ENROLLMENT'::text AS kind, true AS direct FROM (SELECT patient_id, municipality_id AS organisation_id FROM home_healthcare_enrollment WHERE status = 'ACTIVE'
        UNION ALL
        SELECT patient_id, primary_care_id AS organisation_id FROM home_healthcare_enrollment WHERE status = 'ACTIVE') src
UNION ALL
SELECT src.patient_id, src.organisation_id, 'CARE_TEAM'::text AS kind, true AS direct FROM (SELECT patient_id, organisation_id FROM care_team_member WHERE removed_at IS NULL) src
UNION ALL
SELECT src.patient_id, src.organisation_id, 'SIP_PARTICIPANT'::text AS kind, false AS direct FROM (SELECT patient_id, organisation_id FROM care_plan_organisation) src
UNION ALL
SELECT src.patient_id, src.organisation_id, 'DISCHARGE_PROCESS'::text AS kind, true AS direct FROM (SELECT patient_id, hospital_id AS organisation_id FROM discharge_process WHERE status NOT IN ('CLOSED', 'CANCELLED')
        UNION ALL
        SELECT patient_id, municipality_id AS organisation_id FROM discharge_process WHERE status NOT IN ('CLOSED', 'CANCELLED')
        UNION ALL
        SELECT patient_id, primary_care_id AS organisation_id FROM discharge_process WHERE status NOT IN ('CLOSED', 'CANCELLED')) src) r
    JOIN patient p ON p.id = r.patient_id
   WHERE r.patient_id = ANY (ids)
   GROUP BY r.organisation_id, r.patient_id, p.family_name, p.given_name;
END
$fn$`);
    await q.query(`CREATE OR REPLACE FUNCTION care_relationship_on_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM care_relationship_refresh(ARRAY(SELECT DISTINCT patient_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM care_relationship_refresh(ARRAY(SELECT DISTINCT patient_id FROM old_rows));
  ELSE
    PERFORM care_relationship_refresh(ARRAY(SELECT patient_id FROM new_rows UNION SELECT patient_id FROM old_rows));
  END IF;
  RETURN NULL;
END
$fn$`);
    await q.query(`CREATE OR REPLACE FUNCTION care_relationship_patient_name() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE care_relationship SET family_name = NEW.family_name, given_name = NEW.given_name WHERE patient_id = NEW.id;
  RETURN NULL;
END
$fn$`);
    await q.query(`DROP TRIGGER IF EXISTS care_relationship_patient_name ON patient`);
    await q.query(`CREATE TRIGGER care_relationship_patient_name AFTER UPDATE OF family_name, given_name ON patient FOR EACH ROW
       WHEN (OLD.family_name IS DISTINCT FROM NEW.family_name OR OLD.given_name IS DISTINCT FROM NEW.given_name)
       EXECUTE FUNCTION care_relationship_patient_name()`);
    await q.query(`DROP TRIGGER IF EXISTS care_relationship_insert ON care_plan_organisation`);
    await q.query(`DROP TRIGGER IF EXISTS care_relationship_update ON care_plan_organisation`);
    await q.query(`DROP TRIGGER IF EXISTS care_relationship_delete ON care_plan_organisation`);
    await q.query(
      `CREATE TRIGGER care_relationship_insert AFTER INSERT ON care_plan_organisation REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION care_relationship_on_change()`,
    );
    await q.query(
      `CREATE TRIGGER care_relationship_update AFTER UPDATE ON care_plan_organisation REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION care_relationship_on_change()`,
    );
    await q.query(
      `CREATE TRIGGER care_relationship_delete AFTER DELETE ON care_plan_organisation REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION care_relationship_on_change()`,
    );
    await q.query(`DROP TRIGGER IF EXISTS care_relationship_insert ON care_team_member`);
    await q.query(`DROP TRIGGER IF EXISTS care_relationship_update ON care_team_member`);
    await q.query(`DROP TRIGGER IF EXISTS care_relationship_delete ON care_team_member`);
    await q.query(
      `CREATE TRIGGER care_relationship_insert AFTER INSERT ON care_team_member REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION care_relationship_on_change()`,
    );
    await q.query(
      `CREATE TRIGGER care_relationship_update AFTER UPDATE ON care_team_member REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION care_relationship_on_change()`,
    );
    await q.query(
      `CREATE TRIGGER care_relationship_delete AFTER DELETE ON care_team_member REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION care_relationship_on_change()`,
    );
    await q.query(`DROP TRIGGER IF EXISTS care_relationship_insert ON discharge_process`);
    await q.query(`DROP TRIGGER IF EXISTS care_relationship_update ON discharge_process`);
    await q.query(`DROP TRIGGER IF EXISTS care_relationship_delete ON discharge_process`);
    await q.query(
      `CREATE TRIGGER care_relationship_insert AFTER INSERT ON discharge_process REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION care_relationship_on_change()`,
    );
    await q.query(
      `CREATE TRIGGER care_relationship_update AFTER UPDATE ON discharge_process REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION care_relationship_on_change()`,
    );
    await q.query(
      `CREATE TRIGGER care_relationship_delete AFTER DELETE ON discharge_process REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION care_relationship_on_change()`,
    );
    await q.query(`DROP TRIGGER IF EXISTS care_relationship_insert ON home_healthcare_enrollment`);
    await q.query(`DROP TRIGGER IF EXISTS care_relationship_update ON home_healthcare_enrollment`);
    await q.query(`DROP TRIGGER IF EXISTS care_relationship_delete ON home_healthcare_enrollment`);
    await q.query(
      `CREATE TRIGGER care_relationship_insert AFTER INSERT ON home_healthcare_enrollment REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION care_relationship_on_change()`,
    );
    await q.query(
      `CREATE TRIGGER care_relationship_update AFTER UPDATE ON home_healthcare_enrollment REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION care_relationship_on_change()`,
    );
    await q.query(
      `CREATE TRIGGER care_relationship_delete AFTER DELETE ON home_healthcare_enrollment REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION care_relationship_on_change()`,
    );
    await q.query(`SELECT care_relationship_refresh(ARRAY(SELECT id FROM patient))`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['care_plan_organisation', 'care_team_member', 'discharge_process', 'home_healthcare_enrollment']) {
      for (const e of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER IF EXISTS care_relationship_${e} ON ${t}`);
    }
    await q.query(`DROP TRIGGER IF EXISTS care_relationship_patient_name ON patient`);
    await q.query(`DROP FUNCTION IF EXISTS care_relationship_patient_name()`);
    await q.query(`DROP FUNCTION IF EXISTS care_relationship_on_change()`);
    await q.query(`DROP FUNCTION IF EXISTS care_relationship_refresh(uuid[])`);
    await q.query(`ALTER TABLE "care_relationship" DROP CONSTRAINT "FK_a3fe54d56ae2941e639b1e0aa46"`);
    await q.query(`ALTER TABLE "care_relationship" DROP CONSTRAINT "FK_4715ca0280f01eb98a56f38e39c"`);
    await q.query(`DROP INDEX "public"."ix_care_relationship_caseload"`);
    await q.query(`DROP INDEX "public"."ix_care_relationship_patient"`);
    await q.query(`DROP TABLE "care_relationship"`);
  }
}
