import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { ReplicaLag, ReplicaStatus } from '../database/read-database';
import { Metrics } from './metrics';

/**
 * The read replica's lag (DATABASE_READ_URL), asked of the replica when Prometheus scrapes:
 * seconds since the last transaction it replayed (0 when it has replayed all it received), and
 * whether it answered at all. Without a replica neither gauge has a value.
 */
@Injectable()
export class ReplicaMetrics {
  constructor(read: ReplicaStatus, metrics: Metrics) {
    if (!read.replica) return;
    // Both gauges of one scrape share one question to the replica (prom-client collects them together).
    let asked: Promise<ReplicaLag | null> | undefined;
    const ask = () => {
      asked ??= read.lag().finally(() => setImmediate(() => (asked = undefined)));
      return asked;
    };
    new Gauge({
      name: 'esther_db_replica_lag_seconds',
      help: 'Seconds the read replica (DATABASE_READ_URL) is behind the primary: now minus its last replayed transaction, 0 when it has replayed all it received',
      registers: [metrics.registry],
      async collect() {
        const lag = await ask().catch(() => null);
        if (lag?.inRecovery && lag.lagSeconds !== null) this.set(lag.lagSeconds);
        else this.reset();
      },
    });
    new Gauge({
      name: 'esther_db_replica_up',
      help: 'Whether the read replica answered the last scrape as a standby (1) or not (0)',
      registers: [metrics.registry],
      async collect() {
        const lag = await ask().catch(() => null);
        this.set(lag?.inRecovery ? 1 : 0);
      },
    });
  }
}
