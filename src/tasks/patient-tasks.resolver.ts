import { Int, ResolveField, Resolver } from '@nestjs/graphql';
import { GqlContext } from '../common/graphql-context';
import { PatientType, PatientView } from '../patients/patient.types';
import { PatientLoaders } from '../patients/patients.loader';
import { OPEN_TASK_COUNT_GLANCE } from './tasks.glance';

@Resolver(() => PatientType)
export class PatientTaskCountResolver {
  @ResolveField(() => Int, { description: 'How many tasks about the patient are open: OPEN, ACCEPTED or DECLINED (for lists; see openTasks for them).' })
  openTaskCount(v: PatientView, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.get(PatientLoaders).glance.use(v.entity.id, (g) => Number(g[OPEN_TASK_COUNT_GLANCE.key] ?? 0));
  }
}
