import { ResolveField, Resolver } from '@nestjs/graphql';
import { isAllowed } from '../access/patient-grant';
import { Actor } from '../common/actor';
import { CarePlanType } from '../care-plans/care-plan.types';
import { Clock } from '../common/clock';
import { RequestLoaders } from '../common/loaders';
import { checkedArgs, FieldArgs, firstOf, ListArgs } from '../common/pagination';
import { actorOf, GqlContext } from '../common/graphql-context';
import { DeteriorationPlan } from '../deterioration-plans/deterioration-plan.entity';
import { DeteriorationPlanType } from '../deterioration-plans/deterioration-plan.types';
import { Task } from './task.entity';
import { TaskType, toTaskType } from './task.types';
import { TaskLoaders } from './tasks.loader';

const SEEN_AS_IN_LISTS =
  'Open, completed and cancelled, earliest due first: the first `first` of them. Shown as in the task lists: free text recorded by another organisation is null without the patient’s consent, and `withheld` says why.';

/**
 * "A task linked to a plan shows on that plan." The plan was read (and logged) by the request;
 * the tasks come from TaskLoaders (one query for any number of plans) and the access decision
 * from one more query for the patients of the plans that have tasks. No audit row of their own.
 */
async function linkedTasks(tasks: Task[], patientId: string, actor: Actor, l: RequestLoaders, today: string): Promise<TaskType[]> {
  if (tasks.length === 0) return [];
  const grant = await l.get(TaskLoaders).grants(actor).load(patientId);
  if (!grant || !isAllowed(grant)) return [];
  return tasks.map((t) => toTaskType(t, grant, actor, today));
}

@Resolver(() => CarePlanType)
export class CarePlanTasksResolver {
  constructor(private readonly clock: Clock) {}

  @ResolveField(() => [TaskType], { description: `Tasks linked to this SIP, e.g. "update SIP action 3" decided at a round. ${SEEN_AS_IN_LISTS}` })
  async tasks(p: CarePlanType, @FieldArgs(ListArgs) args: ListArgs, ctx: GqlContext): Promise<TaskType[]> {
    const { first } = checkedArgs(ListArgs, args);
    return linkedTasks(firstOf(await ctx.loaders.get(TaskLoaders).byCarePlan.load(p.id), first), p.patientId, actorOf(ctx), ctx.loaders, this.clock.today());
  }
}

@Resolver(() => DeteriorationPlanType)
export class DeteriorationPlanTasksResolver {
  constructor(private readonly clock: Clock) {}

  @ResolveField(() => [TaskType], {
    description: `Tasks linked to this version of the deterioration plan, e.g. "GP to review the plan" decided at a round. ${SEEN_AS_IN_LISTS}`,
  })
  async tasks(p: DeteriorationPlan, @FieldArgs(ListArgs) args: ListArgs, ctx: GqlContext): Promise<TaskType[]> {
    const { first } = checkedArgs(ListArgs, args);
    return linkedTasks(
      firstOf(await ctx.loaders.get(TaskLoaders).byDeteriorationPlan.load(p.id), first),
      p.patientId,
      actorOf(ctx),
      ctx.loaders,
      this.clock.today(),
    );
  }
}
