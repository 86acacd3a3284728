import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EventBusHealthIndicator, HealthController, ReplicaHealthIndicator } from './health.controller';

// EventBus comes from the global EventsModule, ReplicaStatus from the global ReadDatabaseModule.
@Module({ imports: [TerminusModule.forRoot({ logger: false })], controllers: [HealthController], providers: [EventBusHealthIndicator, ReplicaHealthIndicator] })
export class HealthModule {}
