import { Module } from '@nestjs/common';
import { PlanExportResolver } from './plan-export.resolver';
import { PlanExportService } from './plan-export.service';

/** The plan leaves the service: FHIR R4, GetCarePlans and the patient's printout of published SIP versions. */
@Module({
  providers: [PlanExportService, PlanExportResolver],
})
export class PlanExportModule {}
