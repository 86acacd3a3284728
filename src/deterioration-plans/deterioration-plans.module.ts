import { PatientDeteriorationResolver } from './patient-deterioration.resolver';
import { Module } from '@nestjs/common';
import { DeteriorationEpisodesResolver, DeteriorationHandoverDraftResolver } from './deterioration-episodes.resolver';
import { DeteriorationEpisodesService } from './deterioration-episodes.service';
import { DeteriorationPlanReadsService } from './deterioration-plan-reads.service';
import { DeteriorationPlansResolver, DeteriorationTriggerResolver, ObservedValueResolver } from './deterioration-plans.resolver';
import { DeteriorationPlansService } from './deterioration-plans.service';
import { UrgentCarePlanResolver } from './urgent-care-plan.resolver';
import { UrgentCarePlanService } from './urgent-care-plan.service';

@Module({
  providers: [
    DeteriorationPlansService,
    DeteriorationPlanReadsService,
    DeteriorationPlansResolver,
    DeteriorationTriggerResolver,
    ObservedValueResolver,
    PatientDeteriorationResolver,
    UrgentCarePlanService,
    UrgentCarePlanResolver,
    DeteriorationEpisodesService,
    DeteriorationEpisodesResolver,
    DeteriorationHandoverDraftResolver,
  ],
})
export class DeteriorationPlansModule {}
