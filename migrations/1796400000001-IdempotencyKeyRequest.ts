import { MigrationInterface, QueryRunner } from 'typeorm';

/** The request that claimed a key: a replayed answer is logged for the patients that request reached. */
export class IdempotencyKeyRequest1796400000001 implements MigrationInterface {
  name = 'IdempotencyKeyRequest1796400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "idempotency_key" ADD "request_id" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "idempotency_key" DROP COLUMN "request_id"`);
  }
}
