import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys of mutations: one row per (actor, key), inserted in the same transaction as the
 * mutation's write (src/database/idempotency.ts), with the answer stored once it is sent.
 */
export class IdempotencyKeys1796400000000 implements MigrationInterface {
  name = 'IdempotencyKeys1796400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "idempotency_key" ("actor_key" text NOT NULL, "key" text NOT NULL, "request_hash" text NOT NULL, "response" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_idempotency_key" PRIMARY KEY ("actor_key", "key"))`,
    );
    await q.query(`CREATE INDEX "ix_idempotency_key_created" ON "idempotency_key" ("created_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "idempotency_key"`);
  }
}
