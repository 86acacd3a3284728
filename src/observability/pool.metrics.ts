import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { Metrics } from './metrics';

/** The counts pg's Pool keeps (TypeORM's PostgresDriver holds it as `master`). */
interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
}

/**
 * The database pool's gauges, read from the pg Pool behind TypeORM when Prometheus scrapes:
 * clients open, idle, the queries waiting for a client, and the pool's size. Reads counts only,
 * never queries (the reason this file may hold the DataSource: eslint.config.mjs).
 */
@Injectable()
export class PoolMetrics {
  constructor(ds: DataSource, metrics: Metrics) {
    const pool = (): PoolCounts | undefined => {
      const master = (ds.driver as { master?: PoolCounts }).master;
      return ds.isInitialized && master && typeof master.totalCount === 'number' ? master : undefined;
    };
    const gauge = (name: string, help: string, read: (p: PoolCounts) => number | undefined) =>
      new Gauge({
        name,
        help,
        registers: [metrics.registry],
        collect() {
          const p = pool();
          const value = p && read(p);
          if (typeof value === 'number') this.set(value);
          else this.reset();
        },
      });
    gauge('esther_db_pool_clients', 'Connections the database pool holds (in use and idle)', (p) => p.totalCount);
    gauge('esther_db_pool_idle_clients', 'Connections of the database pool that are idle', (p) => p.idleCount);
    gauge('esther_db_pool_waiting_requests', 'Queries waiting for a connection of the database pool (all of them in use)', (p) => p.waitingCount);
    gauge('esther_db_pool_max_clients', 'The largest number of connections the database pool opens', (p) => p.options?.max);
  }
}
