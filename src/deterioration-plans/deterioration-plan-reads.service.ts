import { Injectable } from '@nestjs/common';
import { CARE_RELATIONSHIP_TABLE } from '../access/care-relationship';
import { PatientGate } from '../access/patient-gate';
import { Actor } from '../common/actor';
import { addDays } from '../common/calendar';
import { Clock } from '../common/clock';
import { badInput } from '../common/errors';
import { ConnectionShape, keyset, PageArgs } from '../common/pagination';
import { DeteriorationPlan, DeteriorationPlanStatus, PlanStepRecord } from './deterioration-plan.entity';
import { NotEvaluableReason } from './deterioration-plan.types';
import { DueForReviewArgs, ObservationInput } from './dto/plan.input';
import { canSeePlan, toObservations } from './plan-content';
import { DETERIORATION_PLAN_RECORD } from './deterioration-plans.records';
import { evaluateTriggers, TriggerMatch, validateObservations } from './triggers';

/** What evaluateDeterioration answers (the DeteriorationEvaluation GraphQL type). */
export interface DeteriorationEvaluation {
  evaluatedAt: Date;
  plan: DeteriorationPlan | null;
  matched: Array<TriggerMatch<PlanStepRecord>>;
  notEvaluable: Array<{ step: PlanStepRecord; reason: NotEvaluableReason }>;
}

/** A patient's plan versions, newest first. */
const HISTORY_PAGES = keyset<DeteriorationPlan>([{ sql: 'p.planVersion', type: 'int', of: (p) => p.planVersion }], 'desc');

/** Active plans due for review, by review date (never NULL on the plans listed: the list asks for a date). */
const DUE_FOR_REVIEW_PAGES = keyset<DeteriorationPlan>([
  { sql: 'p.review_date', type: 'date', of: (p) => p.reviewDate! },
  { sql: 'p.id', type: 'uuid', of: (p) => p.id },
]);

/** Reading deterioration plans: the 3 a.m. read, evaluation of fresh observations, history, plans due for review. */
@Injectable()
export class DeteriorationPlanReadsService {
  constructor(
    private readonly gate: PatientGate,
    private readonly clock: Clock,
  ) {}

  /**
   * The plan in force, with steps, limitations and contacts (all in the plan row): one SELECT
   * inside the audited access. Null when there is none, or none the actor may see.
   */
  async active(actor: Actor, patientId: string): Promise<DeteriorationPlan | null> {
    return this.gate.patient(actor, patientId, { operation: 'activeDeteriorationPlan', readOnly: true }, async ({ tx, grant }) => {
      const plan = await tx.repo(DeteriorationPlan).findOneBy({ status: DeteriorationPlanStatus.ACTIVE });
      return plan && canSeePlan(grant, plan) ? plan : null;
    });
  }

  async byId(actor: Actor, planId: string): Promise<DeteriorationPlan> {
    return this.gate.record(actor, DETERIORATION_PLAN_RECORD, planId, { operation: 'deteriorationPlan' }, async ({ record }) => record);
  }

  /** Every version the actor may see, newest first. */
  async history(actor: Actor, patientId: string, args: PageArgs): Promise<ConnectionShape<DeteriorationPlan>> {
    const first = args.first ?? 20;
    return this.gate.patient(actor, patientId, { operation: 'deteriorationPlanHistory' }, async ({ tx, grant }) => {
      const qb = tx.repo(DeteriorationPlan).createQueryBuilder('p');
      // Visibility in SQL (the grant is known), so that pages are full; canSeePlan below is the same rule.
      const own = 'p.recordedByOrganisationId = :org OR p.signedByOrganisationId = :org';
      if (grant.consent || grant.emergency)
        qb.andWhere(`(${own} OR NOT (p.recordedByOrganisationId = ANY(:blocked)))`, { blocked: grant.blockedOrganisationIds });
      else qb.andWhere(`(${own})`);
      qb.setParameter('org', grant.actorOrganisationId);
      const named = {};
      const after = HISTORY_PAGES.where(args.after, named);
      if (after) qb.andWhere(after, named);
      const rows = await qb
        .orderBy(HISTORY_PAGES.order)
        .limit(first + 1)
        .getMany();
      return HISTORY_PAGES.page(
        rows.filter((p) => canSeePlan(grant, p)),
        first,
      );
    });
  }

  /**
   * Active plans due for review (review date today or within `withinDays`) of the patients your
   * organisation has a care relationship with, by review date. One audit row per patient listed.
   */
  async dueForReview(actor: Actor, args: DueForReviewArgs): Promise<ConnectionShape<DeteriorationPlan>> {
    const first = args.first ?? 20;
    const until = addDays(this.clock.today(), args.withinDays ?? 0);
    const params: unknown[] = [until, actor.organisationId];
    const next = DUE_FOR_REVIEW_PAGES.where(args.after, params);
    const after = next ? `AND ${next}` : '';
    let more = false;
    // The organisation's care relationships are the list's own condition; the gate confirms (and
    // logs) every row's patient, and each plan's own visibility (consent, block) is applied after.
    const { read, allowed } = await this.gate.list(
      actor,
      { operation: 'deteriorationPlansDueForReview' },
      async (q) => {
        const rows = await q.query<{ id: string }>(
          `SELECT p.id FROM deterioration_plan p
            WHERE p.status = 'ACTIVE' AND (p.review_date <= $1::date OR p.review_requested_at IS NOT NULL)
              AND p.patient_id IN (SELECT rel.patient_id FROM ${CARE_RELATIONSHIP_TABLE} rel WHERE rel.organisation_id = $2::uuid) ${after}
            ORDER BY ${DUE_FOR_REVIEW_PAGES.orderBy} LIMIT ${first + 1}`,
          params,
        );
        more = rows.length > first;
        const ids = rows.slice(0, first).map((r) => r.id);
        return q.rows(DeteriorationPlan, ids);
      },
      (p) => p.patientId,
    );
    // Paging follows the rows read, not only those shown, so a hidden plan never stops the list.
    return DUE_FOR_REVIEW_PAGES.pageOf(
      read,
      more,
      allowed.filter(({ row, grant }) => canSeePlan(grant, row)).map(({ row }) => ({ row, node: row })),
    );
  }

  /**
   * Which steps of the active plan the observations trigger, in plan order. Pure evaluation
   * (triggers.ts) on the plan read inside the audited access; logged as a read.
   */
  async evaluate(actor: Actor, patientId: string, input: ObservationInput[]): Promise<DeteriorationEvaluation> {
    const observations = toObservations(input);
    const errors = validateObservations(observations, 'observations');
    if (errors.length) throw badInput(errors);
    const details = { observationKinds: observations.map((o) => o.kind) };
    return this.gate.patient(actor, patientId, { operation: 'evaluateDeterioration', details }, async ({ tx, grant }) => {
      const found = await tx.repo(DeteriorationPlan).findOneBy({ status: DeteriorationPlanStatus.ACTIVE });
      const plan = found && canSeePlan(grant, found) ? found : null;
      const result = evaluateTriggers(plan?.steps ?? [], observations);
      return {
        evaluatedAt: this.clock.now(),
        plan,
        matched: result.matched,
        notEvaluable: result.notEvaluable.map((n) => ({ step: n.step, reason: n.reason as NotEvaluableReason })),
      };
    });
  }
}
