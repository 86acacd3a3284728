import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { GraphqlRequestObserver, MetricsPlugin } from './graphql-metrics';
import { MetricsController } from './metrics.controller';
import { Metrics } from './metrics';
import { PoolMetrics } from './pool.metrics';
import { ReserveModule } from '../reserve/reserve.module';
import { ReserveMetrics } from './reserve.metrics';
import { ReplicaMetrics } from './replica.metrics';

/**
 * Operations: GET /metrics in Prometheus's format (METRICS_ENABLED, METRICS_TOKEN): per GraphQL
 * operation requests, durations and errors, refusals before GraphQL, the database pool, the event
 * bus, the read replica's lag, the reserve snapshot schedule and Node's process metrics. Tracing is not here: it must start before anything else loads
 * (tracing.ts, imported first by main.ts). EventBus comes from the global EventsModule.
 */
@Module({})
export class ObservabilityModule {
  static forConfig(config: AppConfig): DynamicModule {
    if (!config.metrics.enabled) return { module: ObservabilityModule };
    return {
      module: ObservabilityModule,
      imports: [ReserveModule],
      controllers: [MetricsController],
      providers: [Metrics, PoolMetrics, ReplicaMetrics, ReserveMetrics, GraphqlRequestObserver, MetricsPlugin],
    };
  }
}
