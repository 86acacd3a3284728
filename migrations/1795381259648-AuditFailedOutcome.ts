import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditFailedOutcome1795381259648 implements MigrationInterface {
  name = 'AuditFailedOutcome1795381259648';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TYPE "public"."audit_outcome" ADD VALUE 'FAILED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE "public"."audit_outcome_old" AS ENUM('ALLOWED', 'REFUSED')`);
    await q.query(`ALTER TABLE "audit_log" ALTER COLUMN "outcome" TYPE "public"."audit_outcome_old" USING "outcome"::"text"::"public"."audit_outcome_old"`);
    await q.query(`DROP TYPE "public"."audit_outcome"`);
    await q.query(`ALTER TYPE "public"."audit_outcome_old" RENAME TO "audit_outcome"`);
  }
}
