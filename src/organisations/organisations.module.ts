import { Module } from '@nestjs/common';
import { OrganisationLoaders } from './organisations.loader';
import { AssignmentResolver, OrganisationsResolver, StaffResolver } from './organisations.resolver';
import { OrganisationsService } from './organisations.service';

@Module({
  providers: [OrganisationsService, OrganisationsResolver, StaffResolver, AssignmentResolver, OrganisationLoaders],
  exports: [OrganisationsService, OrganisationLoaders],
})
export class OrganisationsModule {}
