import { Module } from '@nestjs/common';
import { CarePlanActionResolver, CarePlanContentResolver, CarePlanParticipantResolver, CarePlanVersionResolver } from './care-plan-content.resolver';
import { CarePlanFollowUpService } from './care-plan-follow-up.service';
import {
  CarePlanFollowUpResolver,
  CarePlanMeetingInvitationResolver,
  CarePlanMeetingMoveResolver,
  CarePlanMeetingsResolver,
} from './care-plan-meetings.resolver';
import { CarePlanMeetingsService } from './care-plan-meetings.service';
import { CarePlanQueriesService } from './care-plan-queries.service';
import { CarePlanLoaders } from './care-plans.loader';
import { CarePlansResolver } from './care-plans.resolver';
import { CarePlansService } from './care-plans.service';
import { PatientCarePlanResolver } from './patient-care-plan.resolver';

/** Coordinated individual plans (SIP): lifecycle, versions, meetings, follow-ups. */
@Module({
  providers: [
    CarePlansService,
    CarePlanQueriesService,
    CarePlanMeetingsService,
    CarePlanFollowUpService,
    CarePlanLoaders,
    CarePlansResolver,
    CarePlanContentResolver,
    CarePlanVersionResolver,
    CarePlanActionResolver,
    CarePlanParticipantResolver,
    CarePlanMeetingsResolver,
    CarePlanMeetingInvitationResolver,
    CarePlanMeetingMoveResolver,
    CarePlanFollowUpResolver,
    PatientCarePlanResolver,
  ],
  exports: [CarePlansService, CarePlanMeetingsService, CarePlanLoaders],
})
export class CarePlansModule {}
