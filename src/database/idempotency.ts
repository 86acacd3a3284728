import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntitySubscriberInterface, EventSubscriber, TransactionCommitEvent } from 'typeorm';
import { conflict } from '../common/errors';
import { currentRequest } from '../common/request-context';
import { UNIQUE_INDEXES } from './constraints';

/** How long a key is remembered: a retry after a lost answer comes within minutes; a day is generous. */
export const IDEMPOTENCY_WINDOW_HOURS = 24;

/**
 * Claims a mutation's Idempotency-Key inside the first transaction of the request that commits,
 * so the key exists exactly when the write does: a retry that finds it does not write again, and
 * a write that rolled back left no key behind. A key still within its window makes the commit
 * fail with CONFLICT (two requests with one key at once: the second one loses, writing nothing).
 */
@EventSubscriber()
export class IdempotencyClaim implements EntitySubscriberInterface {
  async beforeTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const request = currentRequest();
    const claim = request?.idempotency;
    if (!claim || claim.claimed) return;
    const rows: unknown[] = await event.queryRunner.query(
      `INSERT INTO idempotency_key (actor_key, key, request_hash, request_id) VALUES ($1, $2, $3, $5)
       ON CONFLICT (actor_key, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, request_id = EXCLUDED.request_id, response = NULL, created_at = now()
        WHERE idempotency_key.created_at < now() - make_interval(hours => $4)
       RETURNING 1`,
      [claim.actorKey, claim.key, claim.requestHash, IDEMPOTENCY_WINDOW_HOURS, request!.requestId],
    );
    if (!rows.length) {
      const { field, message } = UNIQUE_INDEXES.uq_idempotency_key;
      throw conflict(`${field} ${message}`, { fields: [{ field, message }] });
    }
    claim.claimed = true;
  }
}

export interface StoredAnswer {
  requestHash: string;
  /** The answer sent the first time; null while the first request is still being answered (or was cut off). */
  response: Record<string, unknown> | null;
  /** Seconds since the write committed. */
  ageSeconds: number;
  /** The request that made the write (its access-log rows name the patients it reached). */
  requestId: string | null;
}

/** Reads and completes idempotency keys; the claim itself is IdempotencyClaim's. */
@Injectable()
export class IdempotencyStore implements OnModuleInit, OnModuleDestroy {
  private purge?: NodeJS.Timeout;

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  onModuleInit(): void {
    // Expired keys are ignored when read; this only keeps the table small.
    this.purge = setInterval(
      () =>
        void this.ds
          .query(`DELETE FROM idempotency_key WHERE created_at < now() - make_interval(hours => $1)`, [IDEMPOTENCY_WINDOW_HOURS])
          .catch(() => undefined),
      3_600_000,
    );
    this.purge.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.purge);
  }

  async find(actorKey: string, key: string): Promise<StoredAnswer | null> {
    const [row] = await this.ds.query(
      `SELECT request_hash, response, request_id, extract(epoch FROM now() - created_at)::float8 AS age FROM idempotency_key WHERE actor_key = $1 AND key = $2 AND created_at >= now() - make_interval(hours => $3)`,
      [actorKey, key, IDEMPOTENCY_WINDOW_HOURS],
    );
    return row ? { requestHash: row.request_hash, response: row.response, ageSeconds: Number(row.age), requestId: row.request_id } : null;
  }

  async answer(actorKey: string, key: string, response: Record<string, unknown>): Promise<void> {
    await this.ds.query(`UPDATE idempotency_key SET response = $3 WHERE actor_key = $1 AND key = $2`, [actorKey, key, JSON.stringify(response)]);
  }
}
