import { Module } from '@nestjs/common';
import { CarePlanTasksResolver, DeteriorationPlanTasksResolver } from './plan-tasks.resolver';
import { TaskLoaders } from './tasks.loader';
import { PatientTasksResolver, TaskAssigneeResolver, TaskAssignmentEventResolver, TasksResolver } from './tasks.resolver';
import { PatientTaskCountResolver } from './patient-tasks.resolver';
import { TasksService } from './tasks.service';

@Module({
  providers: [
    TasksService,
    TaskLoaders,
    TasksResolver,
    TaskAssigneeResolver,
    TaskAssignmentEventResolver,
    PatientTasksResolver,
    PatientTaskCountResolver,
    CarePlanTasksResolver,
    DeteriorationPlanTasksResolver,
  ],
  exports: [TasksService, TaskLoaders],
})
export class TasksModule {}
