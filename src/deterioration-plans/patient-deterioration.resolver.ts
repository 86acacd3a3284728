import { Injectable } from '@nestjs/common';
import { Field, ID, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { DataSource, In } from 'typeorm';
import { Clock } from '../common/clock';
import { Loaders } from '../common/ctx.decorator';
import { LoaderFactory, RequestLoaders } from '../common/loaders';
import { LocalDateScalar } from '../common/scalars';
import { PatientType, PatientView } from '../patients/patient.types';
import { DeteriorationPlan, DeteriorationPlanStatus } from './deterioration-plan.entity';
import { canSeePlan, isDueForReview } from './plan-content';

@ObjectType('DeteriorationPlanSummary', { description: 'Whether the patient has an active, physician-signed deterioration action plan, and whether it is due for review; open it with activeDeteriorationPlan.' })
export class DeteriorationPlanSummaryType {
  @Field(() => ID)
  id: string;
  @Field(() => LocalDateScalar)
  reviewDate: string;
  @Field({ description: 'The review date has come: the plan is still valid to read but should be reviewed.' })
  dueForReview: boolean;
}

/** Per patient: the ACTIVE deterioration plan (at most one). */
@Injectable()
export class PatientDeteriorationLoaders implements LoaderFactory<DataLoader<string, DeteriorationPlan | null>> {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}
  create(): DataLoader<string, DeteriorationPlan | null> {
    return new DataLoader(async (ids) => {
      const rows = await this.ds.getRepository(DeteriorationPlan).find({
        where: { patientId: In([...ids]), status: DeteriorationPlanStatus.ACTIVE },
        select: { id: true, patientId: true, reviewDate: true, recordedByOrganisationId: true, signedByOrganisationId: true },
      });
      const byPatient = new Map(rows.map((r) => [r.patientId, r]));
      return ids.map((id) => byPatient.get(id) ?? null);
    });
  }
}

@Resolver(() => PatientType)
export class PatientDeteriorationResolver {
  constructor(private readonly clock: Clock) {}

  @ResolveField(() => DeteriorationPlanSummaryType, { nullable: true, description: 'The active deterioration action plan at a glance; null when there is none you may see.' })
  async activeDeteriorationPlanSummary(@Parent() v: PatientView, @Loaders() l: RequestLoaders): Promise<DeteriorationPlanSummaryType | null> {
    const plan = await l.get(PatientDeteriorationLoaders).load(v.entity.id);
    if (!plan || !canSeePlan(v.grant, plan)) return null;
    return { id: plan.id, reviewDate: plan.reviewDate!, dueForReview: isDueForReview({ status: DeteriorationPlanStatus.ACTIVE, reviewDate: plan.reviewDate }, this.clock.today()) };
  }
}
