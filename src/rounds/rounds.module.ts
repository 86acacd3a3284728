import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { AgendaResolver, RoundDecisionResolver, TaskDecisionResolver } from './agenda.resolver';
import { AgendaService } from './agenda.service';
import { RoundLoaders } from './rounds.loader';
import { RoundParticipantResolver, RoundsResolver, RoundSummaryResolver } from './rounds.resolver';
import { RoundsService } from './rounds.service';

@Module({
  imports: [TasksModule],
  providers: [
    RoundsService,
    AgendaService,
    RoundLoaders,
    RoundsResolver,
    RoundParticipantResolver,
    RoundSummaryResolver,
    AgendaResolver,
    RoundDecisionResolver,
    TaskDecisionResolver,
  ],
  exports: [RoundsService, RoundLoaders],
})
export class RoundsModule {}
