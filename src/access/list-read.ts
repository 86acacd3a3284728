import { DataSource, EntityManager } from 'typeorm';

/**
 * A list read (a caseload, an inbox, agenda suggestions) outside a transaction of its own: its page
 * query only reads, and allowedForList decides access and writes the audit rows in one statement,
 * so the decision and its log entry still cannot part and a failed audit write still fails the
 * request. Saves the BEGIN and COMMIT round trips on the busiest reads. A read that needs one
 * snapshot across several statements, or anything that writes besides the audit, keeps
 * `ds.transaction`.
 */
export function listRead<T>(ds: DataSource, fn: (m: EntityManager) => Promise<T>): Promise<T> {
  return fn(ds.manager);
}
