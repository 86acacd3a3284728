import { AsyncLocalStorage } from 'node:async_hooks';
import type { ServerResponse } from 'node:http';

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
  /** The HTTP response, to tell when the client went away before it was sent (whenClientGone). */
  response?: ServerResponse;
}

export const requestStorage = new AsyncLocalStorage<RequestStore>();

export function currentRequest(): RequestStore | undefined {
  return requestStorage.getStore();
}

/**
 * Calls `listener` once if the client of the current request closes its connection before the
 * response was sent (a closed browser tab, a proxy's timeout), at once if that already happened.
 * Returns the function that stops listening; outside a request it does nothing.
 */
export function whenClientGone(listener: () => void): () => void {
  const res = currentRequest()?.response;
  if (!res) return () => undefined;
  const closed = () => {
    if (!res.writableFinished) listener();
  };
  if (res.closed) {
    closed();
    return () => undefined;
  }
  res.once('close', closed);
  return () => res.off('close', closed);
}
