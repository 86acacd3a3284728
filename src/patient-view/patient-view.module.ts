import { Module } from '@nestjs/common';
import { CarePlansModule } from '../care-plans/care-plans.module';
import { ExperienceModule } from '../experience/experience.module';
import { PatientViewResolver } from './patient-view.resolver';
import { PatientViewService } from './patient-view.service';
import { RepresentativesService } from './representatives.service';

/** The patient's own view: what a patient (or their representative) reads of their care, their proposals, and the representatives staff record. */
@Module({
  imports: [CarePlansModule, ExperienceModule],
  providers: [PatientViewService, RepresentativesService, PatientViewResolver],
})
export class PatientViewModule {}
