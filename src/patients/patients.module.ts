import { Module } from '@nestjs/common';
import { CareTeamService } from './care-team.service';
import { ConsentService } from './consent.service';
import { PatientLoaders } from './patients.loader';
import { CareRelationshipResolver, CareTeamMemberResolver, ConsentResolver, EnrollmentResolver, PatientsResolver } from './patients.resolver';
import { PatientsService } from './patients.service';
import { ContinuityLoaders } from './continuity.loader';
import {
  ContinuityResolver,
  EnrollmentContinuityResolver,
  FrailtyAssessmentResolver,
  HousingRecordResolver,
  JointHomeVisitResolver,
  NamedContactChangeResolver,
} from './continuity.resolver';
import { ContinuityService } from './continuity.service';

@Module({
  providers: [
    PatientsService,
    CareTeamService,
    ConsentService,
    PatientLoaders,
    PatientsResolver,
    EnrollmentResolver,
    CareTeamMemberResolver,
    CareRelationshipResolver,
    ConsentResolver,
    ContinuityService,
    ContinuityLoaders,
    ContinuityResolver,
    EnrollmentContinuityResolver,
    NamedContactChangeResolver,
    HousingRecordResolver,
    FrailtyAssessmentResolver,
    JointHomeVisitResolver,
  ],
  exports: [PatientsService, PatientLoaders],
})
export class PatientsModule {}
