import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EventBusHealthIndicator, HealthController } from './health.controller';

// EventBus comes from the global EventsModule.
@Module({ imports: [TerminusModule.forRoot({ logger: false })], controllers: [HealthController], providers: [EventBusHealthIndicator] })
export class HealthModule {}
