import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The access log partitioned by month (docs/AUDIT-LOG.md): `audit_log` becomes a table
 * PARTITIONED BY RANGE (at), one partition per calendar month in UTC (`audit_log_y2026m12`), and
 * a DEFAULT partition (`audit_log_default`) that takes a row whose month has no partition yet, so
 * the writer never fails for want of one. Existing rows are copied into partitions covering every
 * month they fall in, plus the current month and the next three.
 *
 * Works on PostgreSQL 15 as well as 18: an identity column on a partitioned table needs 17, so
 * `id` is a bigint drawn from a sequence (`bigserial`), continuing after the highest id copied.
 * The primary key is (id, at), as a partitioned table's must include the partition key.
 *
 * Append-only as before: the row trigger refusing UPDATE and DELETE is defined on the parent, and
 * PostgreSQL clones it onto every partition; the statement trigger refusing TRUNCATE is on the
 * parent and, created by audit_log_ensure_partition, on every partition (TRUNCATE of a partition
 * by name does not fire the parent's).
 *
 * Two functions, used by this migration and by the service's partition job
 * (src/audit/audit-partitions.ts):
 * - audit_log_ensure_partition(month): the month's partition with its TRUNCATE trigger, unless it
 *   exists; safe when two sessions call it at once (the loser answers false);
 * - audit_log_rehome_default(): when the DEFAULT partition holds rows, gives each of their months
 *   a partition and moves them there (the default is detached, its rows inserted again through the
 *   parent, then it is dropped and a new empty one attached, all in one transaction: no row is
 *   ever deleted or changed).
 */
export class AuditLogPartitions1797000000000 implements MigrationInterface {
  name = 'AuditLogPartitions1797000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "audit_log" RENAME TO "audit_log_unpartitioned"`);
    await q.query(`ALTER TABLE "audit_log_unpartitioned" RENAME CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" TO "audit_log_unpartitioned_pkey"`);
    await q.query(`ALTER INDEX "ix_audit_patient_at" RENAME TO "audit_log_unpartitioned_patient_at"`);
    await q.query(`ALTER INDEX "ix_audit_staff_at" RENAME TO "audit_log_unpartitioned_staff_at"`);
    await q.query(`ALTER INDEX "ix_audit_organisation_at" RENAME TO "audit_log_unpartitioned_organisation_at"`);
    await q.query(`ALTER SEQUENCE "audit_log_id_seq" RENAME TO "audit_log_unpartitioned_id_seq"`);

    await q.query(
      `CREATE TABLE "audit_log" ("id" bigserial NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "request_id" character varying(64), "staff_id" uuid NOT NULL, "staff_hsa_id" character varying(31) NOT NULL, "assignment_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "role" character varying(40) NOT NULL, "patient_id" uuid, "operation" character varying(80) NOT NULL, "purpose" character varying(200) NOT NULL, "emergency" boolean NOT NULL DEFAULT false, "outcome" "public"."audit_outcome" NOT NULL DEFAULT 'ALLOWED', "details" jsonb, CONSTRAINT "PK_57413b6472a19160df0c042426d" PRIMARY KEY ("id", "at")) PARTITION BY RANGE ("at")`,
    );
    await q.query(`CREATE INDEX "ix_audit_organisation_at" ON "audit_log" ("organisation_id", "at")`);
    await q.query(`CREATE INDEX "ix_audit_staff_at" ON "audit_log" ("staff_id", "at")`);
    await q.query(`CREATE INDEX "ix_audit_patient_at" ON "audit_log" ("patient_id", "at")`);
    await q.query(`CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`);
    await q.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`);

    await q.query(`CREATE FUNCTION audit_log_ensure_partition(month date) RETURNS boolean LANGUAGE plpgsql AS $$
      DECLARE
        first date := date_trunc('month', month)::date;
        part text := format('audit_log_y%sm%s', to_char(first, 'YYYY'), to_char(first, 'MM'));
      BEGIN
        IF to_regclass(format('public.%I', part)) IS NOT NULL THEN
          RETURN false;
        END IF;
        BEGIN
          EXECUTE format('CREATE TABLE public.%I PARTITION OF public.audit_log FOR VALUES FROM (%L) TO (%L)', part,
                         first::timestamp AT TIME ZONE 'UTC', (first + interval '1 month')::timestamp AT TIME ZONE 'UTC');
        EXCEPTION WHEN duplicate_table OR unique_violation OR invalid_object_definition THEN
          -- Another session made it meanwhile: that is the same partition.
          IF to_regclass(format('public.%I', part)) IS NULL THEN
            RAISE;
          END IF;
          RETURN false;
        END;
        EXECUTE format('CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON public.%I FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()', part);
        RETURN true;
      END $$`);

    await q.query(`CREATE FUNCTION audit_log_rehome_default() RETURNS integer LANGUAGE plpgsql AS $$
      DECLARE
        m date;
        moved integer;
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM public.audit_log_default) THEN
          RETURN 0;
        END IF;
        ALTER TABLE public.audit_log DETACH PARTITION public.audit_log_default;
        ALTER TABLE public.audit_log_default RENAME TO audit_log_default_rehoming;
        FOR m IN SELECT DISTINCT date_trunc('month', at AT TIME ZONE 'UTC')::date FROM public.audit_log_default_rehoming LOOP
          PERFORM audit_log_ensure_partition(m);
        END LOOP;
        CREATE TABLE public.audit_log_default PARTITION OF public.audit_log DEFAULT;
        CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON public.audit_log_default FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
        INSERT INTO public.audit_log SELECT * FROM public.audit_log_default_rehoming;
        GET DIAGNOSTICS moved = ROW_COUNT;
        DROP TABLE public.audit_log_default_rehoming;
        RETURN moved;
      END $$`);

    await q.query(`CREATE TABLE "audit_log_default" PARTITION OF "audit_log" DEFAULT`);
    await q.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log_default" FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`);
    // Every month the rows fall in, and the current month with the next three (the service's job keeps that many ahead).
    await q.query(`SELECT audit_log_ensure_partition(m::date) FROM (
        SELECT DISTINCT date_trunc('month', at AT TIME ZONE 'UTC') AS m FROM "audit_log_unpartitioned"
        UNION SELECT date_trunc('month', now() AT TIME ZONE 'UTC') + k * interval '1 month' FROM generate_series(0, 3) k) months ORDER BY m`);
    await q.query(`INSERT INTO "audit_log" SELECT * FROM "audit_log_unpartitioned"`);
    await q.query(`SELECT setval('audit_log_id_seq', coalesce((SELECT max(id) FROM "audit_log"), 0) + 1, false)`);
    await q.query(`DROP TABLE "audit_log_unpartitioned"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "audit_log" RENAME TO "audit_log_partitioned"`);
    await q.query(`ALTER TABLE "audit_log_partitioned" RENAME CONSTRAINT "PK_57413b6472a19160df0c042426d" TO "audit_log_partitioned_pkey"`);
    await q.query(`ALTER INDEX "ix_audit_patient_at" RENAME TO "audit_log_partitioned_patient_at"`);
    await q.query(`ALTER INDEX "ix_audit_staff_at" RENAME TO "audit_log_partitioned_staff_at"`);
    await q.query(`ALTER INDEX "ix_audit_organisation_at" RENAME TO "audit_log_partitioned_organisation_at"`);
    await q.query(`ALTER SEQUENCE "audit_log_id_seq" RENAME TO "audit_log_partitioned_id_seq"`);
    await q.query(
      `CREATE TABLE "audit_log" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "request_id" character varying(64), "staff_id" uuid NOT NULL, "staff_hsa_id" character varying(31) NOT NULL, "assignment_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "role" character varying(40) NOT NULL, "patient_id" uuid, "operation" character varying(80) NOT NULL, "purpose" character varying(200) NOT NULL, "emergency" boolean NOT NULL DEFAULT false, "outcome" "public"."audit_outcome" NOT NULL DEFAULT 'ALLOWED', "details" jsonb, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await q.query(`INSERT INTO "audit_log" OVERRIDING SYSTEM VALUE SELECT * FROM "audit_log_partitioned"`);
    await q.query(`SELECT setval(pg_get_serial_sequence('audit_log', 'id'), coalesce((SELECT max(id) FROM "audit_log"), 0) + 1, false)`);
    await q.query(`CREATE INDEX "ix_audit_organisation_at" ON "audit_log"  ("organisation_id", "at") `);
    await q.query(`CREATE INDEX "ix_audit_staff_at" ON "audit_log"  ("staff_id", "at") `);
    await q.query(`CREATE INDEX "ix_audit_patient_at" ON "audit_log"  ("patient_id", "at") `);
    await q.query(`CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`);
    await q.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`);
    // The partitions go with their parent (a DROP is no TRUNCATE: the triggers do not stop it).
    await q.query(`DROP TABLE "audit_log_partitioned"`);
    await q.query(`DROP FUNCTION audit_log_rehome_default()`);
    await q.query(`DROP FUNCTION audit_log_ensure_partition(date)`);
  }
}
