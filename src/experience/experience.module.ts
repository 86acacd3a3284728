import { Module } from '@nestjs/common';
import { ExperienceLoaders } from './experience.loader';
import { ExperienceResolver, PatientExperienceResolver } from './experience.resolver';
import { ExperienceService } from './experience.service';

/** Experience surveys (patientenkät) of every enrolled patient: due at enrollment and then every EXPERIENCE_INTERVAL_DAYS. */
@Module({
  providers: [ExperienceService, ExperienceLoaders, ExperienceResolver, PatientExperienceResolver],
  exports: [ExperienceService],
})
export class ExperienceModule {}
