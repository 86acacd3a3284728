import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * More kinds of organisation and the urgent read (issue 20, "Whoever comes at 3 a.m."):
 *
 * - `organisation_kind` gains MOBILE_TEAM, SPECIALISED_PALLIATIVE_HOME_CARE, AMBULANCE and
 *   OUT_OF_HOURS; a mobile team records its principal (`principal`: REGION or MUNICIPALITY, null for
 *   the other kinds, whose principal follows from the kind), and only a municipal unit has a
 *   kommunkod (the rules of src/organisations/organisation-rules.ts, as check constraints);
 * - staff get a work phone (`phone`), the fast vårdkontakt's number the urgent read gives;
 * - `emergency_access` records urgent reads too (`kind` URGENT_READ), for the same review; such a
 *   row expires as it opens, so it never grants access.
 *
 * Transactions: the migrations run one transaction each (runMigrations, `transaction: 'each'`).
 * PostgreSQL (12 and later) allows `ALTER TYPE … ADD VALUE` inside a transaction, but a value added
 * there cannot be used until the transaction commits ("unsafe use of new value"). So nothing below
 * names a new kind as an enum value: the check constraints compare `kind::text`, which uses no
 * value of the type. The demo loader, which inserts the new kinds, runs after the commit.
 */
export class OrganisationKindsUrgentRead1796600000000 implements MigrationInterface {
  name = 'OrganisationKindsUrgentRead1796600000000';

  async up(q: QueryRunner): Promise<void> {
    for (const kind of ['MOBILE_TEAM', 'SPECIALISED_PALLIATIVE_HOME_CARE', 'AMBULANCE', 'OUT_OF_HOURS']) {
      await q.query(`ALTER TYPE "public"."organisation_kind" ADD VALUE IF NOT EXISTS '${kind}'`);
    }
    await q.query(`CREATE TYPE "public"."principal_kind" AS ENUM('REGION', 'MUNICIPALITY')`);
    await q.query(`ALTER TABLE "organisation" ADD "principal" "public"."principal_kind"`);
    await q.query(`ALTER TABLE "organisation" ADD CONSTRAINT "ck_organisation_principal" CHECK (("kind"::text = 'MOBILE_TEAM') = ("principal" IS NOT NULL))`);
    await q.query(
      `ALTER TABLE "organisation" ADD CONSTRAINT "ck_organisation_municipality_code" CHECK (("municipality_code" IS NOT NULL) = ("kind"::text = 'MUNICIPALITY' OR ("kind"::text = 'MOBILE_TEAM' AND "principal" = 'MUNICIPALITY')))`,
    );
    await q.query(`ALTER TABLE "staff" ADD "phone" character varying(30)`);
    await q.query(`CREATE TYPE "public"."emergency_access_kind" AS ENUM('EMERGENCY_ACCESS', 'URGENT_READ')`);
    await q.query(`ALTER TABLE "emergency_access" ADD "kind" "public"."emergency_access_kind" NOT NULL DEFAULT 'EMERGENCY_ACCESS'`);
    await q.query(
      `ALTER TABLE "emergency_access" ADD CONSTRAINT "ck_emergency_access_urgent_read" CHECK ("kind" <> 'URGENT_READ' OR "expires_at" = "opened_at")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "emergency_access" DROP CONSTRAINT "ck_emergency_access_urgent_read"`);
    await q.query(`DELETE FROM "emergency_access" WHERE "kind" = 'URGENT_READ'`);
    await q.query(`ALTER TABLE "emergency_access" DROP COLUMN "kind"`);
    await q.query(`DROP TYPE "public"."emergency_access_kind"`);
    await q.query(`ALTER TABLE "staff" DROP COLUMN "phone"`);
    await q.query(`ALTER TABLE "organisation" DROP CONSTRAINT "ck_organisation_municipality_code"`);
    await q.query(`ALTER TABLE "organisation" DROP CONSTRAINT "ck_organisation_principal"`);
    await q.query(`ALTER TABLE "organisation" DROP COLUMN "principal"`);
    await q.query(`DROP TYPE "public"."principal_kind"`);
    // An enum value cannot be dropped: the type is made again without the new kinds (this fails
    // while a unit of one of them is registered, as it should).
    await q.query(`ALTER TYPE "public"."organisation_kind" RENAME TO "organisation_kind_old"`);
    await q.query(`CREATE TYPE "public"."organisation_kind" AS ENUM('MUNICIPALITY', 'PRIMARY_CARE', 'HOSPITAL')`);
    await q.query(`ALTER TABLE "organisation" ALTER COLUMN "kind" TYPE "public"."organisation_kind" USING "kind"::text::"public"."organisation_kind"`);
    await q.query(`DROP TYPE "public"."organisation_kind_old"`);
  }
}
