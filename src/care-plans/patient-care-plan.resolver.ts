import { Field, ID, Int, ObjectType, ResolveField, Resolver } from '@nestjs/graphql';
import { Clock } from '../common/clock';
import { GqlContext } from '../common/graphql-context';
import { LocalDateScalar } from '../common/scalars';
import { PatientType, PatientView } from '../patients/patient.types';
import { PatientLoaders } from '../patients/patients.loader';
import { CarePlanStatus, PlanType } from './care-plan.enums';
import { planAccess } from './care-plan-rules';
import { CarePlanGlance, CURRENT_CARE_PLAN_GLANCE } from './care-plans.glance';

@ObjectType('CarePlanSummary', {
  description: 'The patient’s current SIP at a glance (for lists such as the caseload); open the plan with carePlan(id) for its content.',
})
export class CarePlanSummaryType {
  @Field(() => ID, { description: 'The SIP’s id; open it with carePlan(id).' })
  id: string;
  @Field(() => CarePlanStatus, { description: 'DRAFT (not yet published) or ACTIVE (a version in force).' })
  status: CarePlanStatus;
  @Field(() => PlanType, { description: 'SIP or patient agreement (patientkontrakt).' })
  planType: PlanType;
  @Field(() => Int, { nullable: true, description: 'The published version in force; null while only a draft exists.' })
  publishedVersionNumber: number | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'Next planned follow-up (uppföljning).' })
  nextFollowUpDate: string | null;
  @Field({ description: 'The follow-up date has passed without a follow-up being recorded.' })
  followUpOverdue: boolean;
}

@Resolver(() => PatientType)
export class PatientCarePlanResolver {
  constructor(private readonly clock: Clock) {}

  @ResolveField(() => CarePlanSummaryType, {
    nullable: true,
    description:
      'The patient’s current care plan, a SIP or a patient agreement (active or draft; the one in force first while a SIP replacing an agreement is drafted), as a summary; null when there is none you may see.',
  })
  currentCarePlan(v: PatientView, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(PatientLoaders).glance.use(v.entity.id, (g) => this.summary(v, g[CURRENT_CARE_PLAN_GLANCE.key] as CarePlanGlance | null));
  }

  private summary(v: PatientView, plan: CarePlanGlance | null): CarePlanSummaryType | null {
    if (!plan || !planAccess(v.grant, plan).read) return null;
    const due = plan.followUpDue;
    return {
      id: plan.id,
      status: plan.status as CarePlanStatus,
      planType: (plan.planType as PlanType | undefined) ?? PlanType.SIP,
      publishedVersionNumber: plan.publishedVersionNumber,
      nextFollowUpDate: due,
      followUpOverdue: !!due && due < this.clock.today(),
    };
  }
}
