import { Field, ID, ObjectType, ResolveField, Resolver } from '@nestjs/graphql';
import { Clock } from '../common/clock';
import { GqlContext } from '../common/graphql-context';
import { LocalDateScalar } from '../common/scalars';
import { PatientType, PatientView } from '../patients/patient.types';
import { PatientLoaders } from '../patients/patients.loader';
import { DeteriorationPlanStatus } from './deterioration-plan.entity';
import { ACTIVE_DETERIORATION_PLAN_GLANCE, DeteriorationPlanGlance } from './deterioration-plans.glance';
import { canSeePlan, isDueForReview } from './plan-content';

@ObjectType('DeteriorationPlanSummary', {
  description:
    'Whether the patient has an active, physician-signed deterioration action plan, and whether it is due for review; open it with activeDeteriorationPlan.',
})
export class DeteriorationPlanSummaryType {
  @Field(() => ID, { description: 'The active plan’s id; read it whole with deteriorationPlan(id) or activeDeteriorationPlan(patientId).' })
  id: string;
  @Field(() => LocalDateScalar, { description: 'When the active plan is to be reviewed (YYYY-MM-DD); every signed plan has one.' })
  reviewDate: string;
  @Field({ description: 'The review date has come: the plan is still valid to read but should be reviewed.' })
  dueForReview: boolean;
}

@Resolver(() => PatientType)
export class PatientDeteriorationResolver {
  constructor(private readonly clock: Clock) {}

  @ResolveField(() => DeteriorationPlanSummaryType, {
    nullable: true,
    description: 'The active deterioration action plan at a glance; null when there is none you may see.',
  })
  activeDeteriorationPlanSummary(v: PatientView, _args: unknown, ctx: GqlContext) {
    return ctx.loaders
      .get(PatientLoaders)
      .glance.use(v.entity.id, (g) => this.summary(v, g[ACTIVE_DETERIORATION_PLAN_GLANCE.key] as DeteriorationPlanGlance | null));
  }

  private summary(v: PatientView, plan: DeteriorationPlanGlance | null): DeteriorationPlanSummaryType | null {
    if (!plan || !canSeePlan(v.grant, plan)) return null;
    return {
      id: plan.id,
      reviewDate: plan.reviewDate!,
      dueForReview: isDueForReview({ status: DeteriorationPlanStatus.ACTIVE, reviewDate: plan.reviewDate }, this.clock.today()),
    };
  }
}
