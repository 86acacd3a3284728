import { Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Loaders } from '../common/ctx.decorator';
import { RequestLoaders } from '../common/loaders';
import { PatientType, PatientView } from '../patients/patient.types';
import { TaskLoaders } from './tasks.loader';

@Resolver(() => PatientType)
export class PatientTaskCountResolver {
  @ResolveField(() => Int, { description: 'How many tasks about the patient are open (for lists; see openTasks for them).' })
  async openTaskCount(@Parent() v: PatientView, @Loaders() l: RequestLoaders): Promise<number> {
    return (await l.get(TaskLoaders).openByPatient.load(v.entity.id)).length;
  }
}
