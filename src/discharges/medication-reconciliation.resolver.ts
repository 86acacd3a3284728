import { Args, Mutation, ResolveField, Resolver } from '@nestjs/graphql';
import { canSeeAuthor } from '../access/patient-grant';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { CurrentActor } from '../common/ctx.decorator';
import { actorOf, GqlContext } from '../common/graphql-context';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationLoaders } from '../organisations/organisations.loader';
import { Staff } from '../organisations/staff.entity';
import { TaskType, toTaskType } from '../tasks/task.types';
import { TaskLoaders } from '../tasks/tasks.loader';
import { DischargeLoaders } from './discharges.loader';
import { DischargeProcessType, withheldReason } from './discharges.types';
import { RecordMedicationReconciliationInput } from './dto/medication.input';
import { MedicationReconciliationService } from './medication-reconciliation.service';
import { discrepancyView, MedicationDiscrepancyType, MedicationReconciliationType, reconciliationView } from './medication.types';

@Resolver(() => MedicationReconciliationType)
export class MedicationReconciliationResolver {
  constructor(private readonly reconciliations: MedicationReconciliationService) {}

  @Mutation(() => DischargeProcessType, {
    description:
      'The receiving municipality’s nurse records the medication reconciliation (läkemedelsavstämning) of a discharge: everything at home matches the discharge medication list, or the discrepancies found. Each discrepancy becomes a task for the patient’s fast läkarkontakt (the named GP of the active enrollment; without one, the physicians of the receiving primary care centre), due the next day, linked back through `Task.medicationDiscrepancy`. Meets the process’s MEDICATION_RECONCILIATION deadline (24 hours from the discharge). Once per discharge: CONFLICT (with `extensions.reconciliationId`) when already recorded. PRECONDITION_FAILED before the discharge (naming the status), or when the discharge list is withheld from your organisation. Never under emergency access.',
  })
  recordMedicationReconciliation(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The discharge process, whether everything matched, the discrepancies and an optional note.' })
    input: RecordMedicationReconciliationInput,
  ) {
    return this.reconciliations.record(actor, input);
  }

  @ResolveField(() => Organisation, {
    nullable: true,
    description: 'The municipality that recorded it; null when the patient has blocked (spärrat) its information from you.',
  })
  recordedByOrganisation(r: MedicationReconciliationType, _args: unknown, ctx: GqlContext) {
    return canSeeAuthor(r.grant, r.organisationId) ? ctx.loaders.get(OrganisationLoaders).organisation.load(r.organisationId) : null;
  }

  @ResolveField(() => Staff, { nullable: true, description: 'The nurse who recorded it; null when the municipality’s information is blocked from you.' })
  recordedBy(r: MedicationReconciliationType, _args: unknown, ctx: GqlContext) {
    return canSeeAuthor(r.grant, r.organisationId) ? ctx.loaders.get(OrganisationLoaders).staff.load(r.recordedByStaffId) : null;
  }

  @ResolveField(() => [MedicationDiscrepancyType], {
    nullable: true,
    description: 'The discrepancies, in the order recorded (at most 30); empty when everything matched, null when withheld from you (`contentWithheld`).',
  })
  async discrepancies(r: MedicationReconciliationType, _args: unknown, ctx: GqlContext): Promise<MedicationDiscrepancyType[] | null> {
    if (r.contentWithheld) return null;
    return (await ctx.loaders.get(DischargeLoaders).discrepanciesOfReconciliation.load(r.id)).map((d) => discrepancyView(d, r.processId, r.grant));
  }
}

@Resolver(() => DischargeProcessType)
export class DischargeProcessReconciliationResolver {
  @ResolveField(() => MedicationReconciliationType, {
    nullable: true,
    description:
      'The medication reconciliation (läkemedelsavstämning) recorded by the receiving municipality after the discharge; null until it is recorded. Its deadline is among `deadlines` (MEDICATION_RECONCILIATION).',
  })
  async medicationReconciliation(v: DischargeProcessType, _args: unknown, ctx: GqlContext): Promise<MedicationReconciliationType | null> {
    const loaders = ctx.loaders.get(DischargeLoaders);
    const r = await loaders.reconciliationOfProcess.load(v.id);
    if (!r) return null;
    const count = r.matches ? 0 : (await loaders.discrepanciesOfReconciliation.load(r.id)).length;
    return reconciliationView(r, count, v.grant, withheldReason(v.grant, r.organisationId));
  }
}

@Resolver(() => MedicationDiscrepancyType)
export class MedicationDiscrepancyResolver {
  constructor(private readonly clock: Clock) {}

  @ResolveField(() => TaskType, {
    nullable: true,
    description: 'The task for the patient’s GP that the discrepancy became, with its status and outcome; null if you may not see it.',
  })
  async task(d: MedicationDiscrepancyType, _args: unknown, ctx: GqlContext): Promise<TaskType | null> {
    const task = await ctx.loaders.get(TaskLoaders).byId.load(d.taskId);
    return task && task.patientId === d.grant.patientId ? toTaskType(task, d.grant, actorOf(ctx), this.clock.today()) : null;
  }
}

@Resolver(() => TaskType)
export class TaskMedicationDiscrepancyResolver {
  @ResolveField(() => MedicationDiscrepancyType, {
    nullable: true,
    description:
      'For a task made from a medication reconciliation’s discrepancy: the discrepancy, naming its reconciliation and discharge process. Null for other tasks, and when the task’s text is withheld from you.',
  })
  async medicationDiscrepancy(t: TaskType, _args: unknown, ctx: GqlContext): Promise<MedicationDiscrepancyType | null> {
    if (t.withheld.length) return null;
    const loaders = ctx.loaders.get(DischargeLoaders);
    const d = await loaders.discrepancyOfTask.load(t.id);
    if (!d) return null;
    const r = await loaders.reconciliation.load(d.reconciliationId);
    return r ? discrepancyView(d, r.processId, t.grant) : null;
  }
}
