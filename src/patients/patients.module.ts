import { Module } from '@nestjs/common';
import { CareTeamService } from './care-team.service';
import { ConsentService } from './consent.service';
import { PatientLoaders } from './patients.loader';
import { CareRelationshipResolver, CareTeamMemberResolver, ConsentResolver, EnrollmentResolver, PatientsResolver } from './patients.resolver';
import { PatientsService } from './patients.service';

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
  ],
  exports: [PatientsService, PatientLoaders],
})
export class PatientsModule {}
