import { Injectable } from '@nestjs/common';
import { Field, ID, Int, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { DataSource, In, Not } from 'typeorm';
import { Clock } from '../common/clock';
import { Loaders } from '../common/ctx.decorator';
import { LoaderFactory, RequestLoaders } from '../common/loaders';
import { LocalDateScalar } from '../common/scalars';
import { PatientType, PatientView } from '../patients/patient.types';
import { CarePlan } from './care-plan.entity';
import { CarePlanStatus } from './care-plan.enums';
import { planAccess } from './care-plan-rules';

@ObjectType('CarePlanSummary', { description: 'The patient’s current SIP at a glance (for lists such as the caseload); open the plan with carePlan(id) for its content.' })
export class CarePlanSummaryType {
  @Field(() => ID)
  id: string;
  @Field(() => CarePlanStatus)
  status: CarePlanStatus;
  @Field(() => Int, { nullable: true, description: 'The published version in force; null while only a draft exists.' })
  publishedVersionNumber: number | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'Next planned follow-up (uppföljning).' })
  nextFollowUpDate: string | null;
  @Field({ description: 'The follow-up date has passed without a follow-up being recorded.' })
  followUpOverdue: boolean;
}

/** Per patient: the SIP that is not closed (at most one). */
@Injectable()
export class PatientCarePlanLoaders implements LoaderFactory<DataLoader<string, CarePlan | null>> {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}
  create(): DataLoader<string, CarePlan | null> {
    return new DataLoader(async (ids) => {
      const rows = await this.ds.getRepository(CarePlan).find({ where: { patientId: In([...ids]), status: Not(CarePlanStatus.CLOSED) }, order: { createdAt: 'DESC' } });
      const byPatient = new Map<string, CarePlan>();
      for (const r of rows) if (!byPatient.has(r.patientId)) byPatient.set(r.patientId, r);
      return ids.map((id) => byPatient.get(id) ?? null);
    });
  }
}

@Resolver(() => PatientType)
export class PatientCarePlanResolver {
  constructor(private readonly clock: Clock) {}

  @ResolveField(() => CarePlanSummaryType, { nullable: true, description: 'The patient’s current SIP (active or draft) as a summary; null when there is none you may see.' })
  async currentCarePlan(@Parent() v: PatientView, @Loaders() l: RequestLoaders): Promise<CarePlanSummaryType | null> {
    const plan = await l.get(PatientCarePlanLoaders).load(v.entity.id);
    if (!plan || !planAccess(v.grant, plan).read) return null;
    const due = plan.nextFollowUpDate;
    return { id: plan.id, status: plan.status, publishedVersionNumber: plan.publishedVersionNumber, nextFollowUpDate: due, followUpOverdue: !!due && due < this.clock.today() };
  }
}
