import { AsyncLocalStorage } from 'node:async_hooks';

/** Per-request facts that code deep in the stack needs without threading them through every call. */
export interface RequestStore {
  requestId: string;
  /** SQL statements sent to PostgreSQL while serving this request. */
  sqlCount: number;
  /**
   * A mutation sent with an Idempotency-Key: the key is claimed by the first transaction of the
   * request that commits (src/database/idempotency.ts), in that transaction.
   */
  idempotency?: { actorKey: string; key: string; requestHash: string; claimed: boolean };
}

export const requestStorage = new AsyncLocalStorage<RequestStore>();

export function currentRequest(): RequestStore | undefined {
  return requestStorage.getStore();
}
