import { OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** How far a streaming replica is behind its primary, as the replica itself sees it. */
export interface ReplicaLag {
  /** Whether the server is a standby replaying the primary's WAL (false: it is a primary, a misconfiguration). */
  inRecovery: boolean;
  /**
   * Seconds between now and the last transaction replayed; 0 when everything received is replayed
   * (an idle primary writes no transaction, and its standby is then not behind). Null when nothing
   * has been replayed since the standby started.
   */
  lagSeconds: number | null;
}

/**
 * What health and metrics may know of the read replica: whether there is one and how far behind it
 * is. No data source: they ask `lag()` and nothing else (ReadDatabase is that and the handle).
 */
export abstract class ReplicaStatus {
  abstract readonly replica: boolean;
  abstract lag(): Promise<ReplicaLag | null>;
}

/**
 * Where the reads that may lag a little go (the joint follow-up's indicators, the log review's and
 * log extract's reads of the access log and review lists): a streaming read replica when
 * DATABASE_READ_URL is set, else the primary itself (`replica` false, `ds` the primary's data
 * source). Only reads: every write, the audit rows of these reads too, stays on the primary. Held
 * by the callers allowed a database handle (eslint.config.mjs: src/access, src/audit,
 * src/follow-up); health and metrics ask `lag()` only.
 */
export class ReadDatabase extends ReplicaStatus implements OnModuleDestroy {
  constructor(
    readonly ds: DataSource,
    readonly replica: boolean,
  ) {
    super();
  }

  /** The replica's lag (null without a replica). Throws when the replica does not answer. */
  async lag(): Promise<ReplicaLag | null> {
    if (!this.replica) return null;
    const [row] = await this.ds.query<Array<{ in_recovery: boolean; lag: string | null }>>(
      `SELECT pg_is_in_recovery() AS in_recovery,
              CASE WHEN NOT pg_is_in_recovery() THEN 0
                   WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
                   ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END::float8::text AS lag`,
    );
    return { inRecovery: row.in_recovery, lagSeconds: row.lag === null ? null : Math.max(0, Number(row.lag)) };
  }

  async onModuleDestroy(): Promise<void> {
    if (this.replica && this.ds.isInitialized) await this.ds.destroy();
  }
}
