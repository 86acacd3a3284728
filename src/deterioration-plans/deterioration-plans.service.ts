import { Injectable } from '@nestjs/common';
import { PatientGate, PatientScope } from '../access/patient-gate';
import { PatientTx } from '../access/patient-tx';
import { Role } from '../common/roles';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { EventBus } from '../events/event-bus';
import { InboxEventKind } from '../events/inbox-event';
import { badInput, conflict, forbidden, preconditionFailed } from '../common/errors';
import { DeteriorationPlan, DeteriorationPlanStatus } from './deterioration-plan.entity';
import { DraftDeteriorationPlanInput, SignDeteriorationPlanInput, UpdateDeteriorationPlanDraftInput, WithdrawDeteriorationPlanInput } from './dto/plan.input';
import { canSeePlan, copySteps, PlanContent, signingProblems, toPlanContent } from './plan-content';
import { DETERIORATION_PLAN_RECORD } from './deterioration-plans.records';

const { DRAFT, ACTIVE, SUPERSEDED, WITHDRAWN } = DeteriorationPlanStatus;

/**
 * The lifecycle of deterioration plans: a nurse or physician drafts (or revises the active plan
 * into a new draft), edits with expectedVersion, a physician of an organisation in a care
 * relationship signs (superseding the previous version in the same transaction), and a plan can
 * be withdrawn with a reason. Signed versions are never edited; the database refuses it too.
 */
@Injectable()
export class DeteriorationPlansService {
  constructor(
    private readonly gate: PatientGate,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {}

  async draft(actor: Actor, input: DraftDeteriorationPlanInput): Promise<DeteriorationPlan> {
    const { content, errors } = toPlanContent(input, this.clock.today());
    if (errors.length) throw badInput(errors);
    return this.gate.patient(actor, input.patientId, { operation: 'draftDeteriorationPlan' }, async (scope) => {
      const planVersion = await this.openSeries(scope);
      return this.insertDraft(scope.tx, actor, planVersion, content, null);
    });
  }

  /** A new draft copied from the active plan, to be edited and signed. */
  async revise(actor: Actor, patientId: string): Promise<DeteriorationPlan> {
    return this.gate.patient(actor, patientId, { operation: 'reviseDeteriorationPlan' }, async (scope) => {
      const planVersion = await this.openSeries(scope);
      const active = await scope.tx.repo(DeteriorationPlan).findOneBy({ status: ACTIVE });
      if (!active || !canSeePlan(scope.grant, active))
        throw preconditionFailed('The patient has no active deterioration plan you can see to revise; draft a new one');
      const content: PlanContent = {
        conditions: [...active.conditions],
        treatmentLimitations: structuredClone(active.treatmentLimitations),
        steps: copySteps(active.steps),
        contacts: structuredClone(active.contacts),
        reviewDate: active.reviewDate,
      };
      return this.insertDraft(scope.tx, actor, planVersion, content, active.id);
    });
  }

  async updateDraft(actor: Actor, input: UpdateDeteriorationPlanDraftInput): Promise<DeteriorationPlan> {
    const { content, errors } = toPlanContent(input, this.clock.today());
    if (errors.length) throw badInput(errors);
    return this.gate.record(actor, DETERIORATION_PLAN_RECORD, input.planId, { operation: 'updateDeteriorationPlanDraft' }, async ({ tx, record: plan }) => {
      if (plan.status !== DRAFT)
        throw conflict(
          `This version is ${plan.status} and can no longer be edited; signed versions never change. Revise the active plan to make a new draft.`,
          { status: plan.status },
        );
      expectVersion(plan, input.expectedVersion);
      if (content.conditions) plan.conditions = content.conditions;
      if (content.treatmentLimitations) plan.treatmentLimitations = content.treatmentLimitations;
      if (content.steps) plan.steps = content.steps;
      if (content.contacts) plan.contacts = content.contacts;
      if (content.reviewDate !== undefined) plan.reviewDate = content.reviewDate;
      plan.lastEditedByStaffId = actor.staffId;
      return tx.repo(DeteriorationPlan).save(plan);
    });
  }

  /** PHYSICIAN only (policy). The draft becomes ACTIVE; the previous ACTIVE version becomes SUPERSEDED, in one transaction. */
  async sign(actor: Actor, input: SignDeteriorationPlanInput): Promise<DeteriorationPlan> {
    return this.announce(await this.signInTransaction(actor, input));
  }

  async withdraw(actor: Actor, input: WithdrawDeteriorationPlanInput): Promise<DeteriorationPlan> {
    return this.announce(await this.withdrawInTransaction(actor, input));
  }

  /** After commit: every organisation caring for the patient hears that the plan changed. */
  private async announce(plan: DeteriorationPlan): Promise<DeteriorationPlan> {
    await this.events.publish({ kind: InboxEventKind.DETERIORATION_PLAN_CHANGED, patientId: plan.patientId, entityId: plan.id, careRelationships: true });
    return plan;
  }

  private async signInTransaction(actor: Actor, input: SignDeteriorationPlanInput): Promise<DeteriorationPlan> {
    return this.gate.record(
      actor,
      DETERIORATION_PLAN_RECORD,
      input.planId,
      { operation: 'signDeteriorationPlan' },
      async ({ tx, grant, record: plan, refuse }) => {
        if (actor.role !== Role.PHYSICIAN) throw forbidden('Only a physician signs a deterioration plan');
        if (plan.status !== DRAFT) throw conflict(`Only a draft can be signed; this version is ${plan.status}`, { status: plan.status });
        expectVersion(plan, input.expectedVersion);
        const problems = signingProblems(plan, this.clock.today());
        if (problems.length) {
          refuse('incomplete');
          throw preconditionFailed(`The draft cannot be signed yet: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, { fields: problems });
        }
        const repo = tx.repo(DeteriorationPlan);
        const previous = await repo.findOne({ where: { status: ACTIVE }, lock: { mode: 'pessimistic_write' } });
        if (previous && !canSeePlan(grant, previous)) {
          refuse('active-plan-hidden');
          throw preconditionFailed(
            'The patient has an active plan recorded by another organisation that you may not see (no consent, or blocked); it cannot be superseded unseen',
          );
        }
        const now = this.clock.now();
        if (previous) {
          previous.status = SUPERSEDED;
          previous.supersededAt = now;
          previous.supersededByPlanId = plan.id;
          await repo.save(previous);
        }
        plan.status = ACTIVE;
        plan.signedAt = now;
        plan.signedByStaffId = actor.staffId;
        plan.signedByOrganisationId = actor.organisationId;
        plan.lastEditedByStaffId = actor.staffId;
        return repo.save(plan);
      },
    );
  }

  /** An ACTIVE plan: physician only. A DRAFT: nurse or physician. Superseded and withdrawn versions stay as they are. */
  private async withdrawInTransaction(actor: Actor, input: WithdrawDeteriorationPlanInput): Promise<DeteriorationPlan> {
    return this.gate.record(actor, DETERIORATION_PLAN_RECORD, input.planId, { operation: 'withdrawDeteriorationPlan' }, async ({ tx, record: plan }) => {
      if (plan.status === SUPERSEDED || plan.status === WITHDRAWN) throw conflict(`This version is already ${plan.status}`, { status: plan.status });
      if (plan.status === ACTIVE && actor.role !== Role.PHYSICIAN) throw forbidden('Only a physician withdraws an active deterioration plan');
      expectVersion(plan, input.expectedVersion);
      plan.status = WITHDRAWN;
      plan.withdrawnAt = this.clock.now();
      plan.withdrawnByStaffId = actor.staffId;
      plan.withdrawalReason = input.reason;
      return tx.repo(DeteriorationPlan).save(plan);
    });
  }

  /**
   * Serialises changes to one patient's series, refuses a second open draft, and returns the next
   * version number. The partial unique index on drafts backs this up.
   */
  private async openSeries({ tx, grant, refuse }: PatientScope): Promise<number> {
    await tx.lockSeries('deterioration_plan');
    const rows = await tx.query<{
      id: string;
      status: DeteriorationPlanStatus;
      recorded_by_organisation_id: string;
      signed_by_organisation_id: string | null;
      next: number;
    }>(
      `SELECT d.id, d.status, d.recorded_by_organisation_id, d.signed_by_organisation_id,
              (SELECT coalesce(max(plan_version), 0) + 1 FROM deterioration_plan WHERE patient_id = $1) AS next
         FROM (SELECT 1) one LEFT JOIN deterioration_plan d ON d.patient_id = $1 AND d.status = 'DRAFT'`,
      [grant.patientId],
    );
    const open = rows[0];
    if (open.id) {
      const visible = canSeePlan(grant, { recordedByOrganisationId: open.recorded_by_organisation_id, signedByOrganisationId: open.signed_by_organisation_id });
      refuse('draft-exists');
      throw conflict('A draft of this patient’s deterioration plan is already open; edit it, or withdraw it first', visible ? { draftPlanId: open.id } : {});
    }
    return Number(open.next);
  }

  private insertDraft(tx: PatientTx, actor: Actor, planVersion: number, content: PlanContent, basedOnPlanId: string | null) {
    const repo = tx.repo(DeteriorationPlan);
    return repo.save(
      repo.create({
        planVersion,
        status: DRAFT,
        conditions: content.conditions ?? [],
        treatmentLimitations: content.treatmentLimitations ?? [],
        steps: content.steps ?? [],
        contacts: content.contacts ?? [],
        reviewDate: content.reviewDate ?? null,
        basedOnPlanId,
        recordedByOrganisationId: actor.organisationId,
        draftedByStaffId: actor.staffId,
        lastEditedByStaffId: actor.staffId,
      }),
    );
  }
}

function expectVersion(plan: DeteriorationPlan, expected: number): void {
  if (plan.version !== expected) {
    throw conflict(`The plan was changed by someone else (version ${plan.version}, you had ${expected}); reload and try again`, {
      currentVersion: plan.version,
    });
  }
}
