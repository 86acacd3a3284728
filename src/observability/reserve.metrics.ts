import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { ReserveScheduler } from '../reserve/reserve.scheduler';
import { Metrics } from './metrics';

/**
 * The reserve routine's schedule (RESERVE_SNAPSHOT_DIR): its runs on this instance by outcome,
 * whether this instance is the one writing the files, and when it last wrote them, so that an
 * alert can say when the printouts for a service outage have gone stale. Read from the scheduler
 * when Prometheus scrapes; no label holds anything but an outcome.
 */
@Injectable()
export class ReserveMetrics {
  constructor(scheduler: ReserveScheduler, metrics: Metrics) {
    let counted = { written: 0, partial: 0, failed: 0, skipped: 0 };
    new Counter({
      name: 'esther_reserve_snapshot_runs_total',
      help: 'Runs of the reserve snapshot schedule on this instance, by outcome: written (every unit), partial (some units failed), failed (none written), skipped (another instance writes the files, or a run was under way)',
      labelNames: ['outcome'] as const,
      registers: [metrics.registry],
      collect() {
        const runs = scheduler.status().runs;
        for (const outcome of ['written', 'partial', 'failed', 'skipped'] as const) {
          this.inc({ outcome }, Math.max(0, runs[outcome] - counted[outcome]));
        }
        counted = { ...runs };
      },
    });
    new Gauge({
      name: 'esther_reserve_snapshot_leader',
      help: 'The reserve snapshot schedule: 1 when this instance holds its lock and writes the files, 0 when another does or the schedule is off (RESERVE_SNAPSHOT_DIR unset)',
      registers: [metrics.registry],
      collect() {
        this.set(scheduler.status().leader ? 1 : 0);
      },
    });
    new Gauge({
      name: 'esther_reserve_snapshot_last_success_timestamp_seconds',
      help: 'When this instance last wrote the reserve snapshot files (Unix time, seconds); absent until it has',
      registers: [metrics.registry],
      collect() {
        const at = scheduler.status().lastSuccessAt;
        if (at) this.set(at.getTime() / 1000);
        else this.reset();
      },
    });
  }
}
