import { AsyncLocalStorage } from 'node:async_hooks';

/** Per-request facts that code deep in the stack needs without threading them through every call. */
export interface RequestStore {
  requestId: string;
  /** SQL statements sent to PostgreSQL while serving this request. */
  sqlCount: number;
}

export const requestStorage = new AsyncLocalStorage<RequestStore>();

export function currentRequest(): RequestStore | undefined {
  return requestStorage.getStore();
}
