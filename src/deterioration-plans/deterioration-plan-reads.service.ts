import { Injectable } from '@nestjs/common';
import { UUID_PATTERN } from '../common/validators';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CARE_RELATIONSHIP_TABLE } from '../access/care-relationship.sources';
import { PatientAccessService } from '../access/patient-access.service';
import { PatientGrant } from '../access/patient-grant';
import { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { badInput } from '../common/errors';
import { ConnectionShape, decodeCursor, encodeCursor, PageArgs, toConnection } from '../common/pagination';
import { isLocalDate } from '../common/scalars';
import { DeteriorationPlan, DeteriorationPlanStatus, PlanStepRecord } from './deterioration-plan.entity';
import { NotEvaluableReason } from './deterioration-plan.types';
import { DueForReviewArgs, ObservationInput } from './dto/plan.input';
import { PlanAccess } from './plan-access';
import { canSeePlan, toObservations } from './plan-content';
import { evaluateTriggers, TriggerMatch, validateObservations } from './triggers';

/** What evaluateDeterioration answers (the DeteriorationEvaluation GraphQL type). */
export interface DeteriorationEvaluation {
  evaluatedAt: Date;
  plan: DeteriorationPlan | null;
  matched: Array<TriggerMatch<PlanStepRecord>>;
  notEvaluable: Array<{ step: PlanStepRecord; reason: NotEvaluableReason }>;
}

/** Reading deterioration plans: the 3 a.m. read, evaluation of fresh observations, history, plans due for review. */
@Injectable()
export class DeteriorationPlanReadsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: PatientAccessService,
    private readonly plans: PlanAccess,
    private readonly clock: Clock,
  ) {}

  /**
   * The plan in force, with steps, limitations and contacts (all in the plan row): one SELECT
   * inside the audited access. Null when there is none, or none the actor may see.
   */
  async active(actor: Actor, patientId: string): Promise<DeteriorationPlan | null> {
    return this.access.withPatient(actor, patientId, { operation: 'activeDeteriorationPlan', readOnly: true }, async ({ manager, grant }) => {
      const plan = await manager.getRepository(DeteriorationPlan).findOneBy({ patientId, status: DeteriorationPlanStatus.ACTIVE });
      return plan && canSeePlan(grant, plan) ? plan : null;
    });
  }

  async byId(actor: Actor, planId: string): Promise<DeteriorationPlan> {
    return this.plans.forPlan(actor, planId, { operation: 'deteriorationPlan' }, { lock: false }, async ({ plan }) => plan);
  }

  /** Every version the actor may see, newest first. */
  async history(actor: Actor, patientId: string, args: PageArgs): Promise<ConnectionShape<DeteriorationPlan>> {
    const first = args.first ?? 20;
    return this.access.withPatient(actor, patientId, { operation: 'deteriorationPlanHistory' }, async ({ manager, grant }) => {
      const qb = manager.getRepository(DeteriorationPlan).createQueryBuilder('p').where('p.patientId = :patientId', { patientId });
      // Visibility in SQL (the grant is known), so that pages are full; canSeePlan below is the same rule.
      const own = 'p.recordedByOrganisationId = :org OR p.signedByOrganisationId = :org';
      if (grant.consent || grant.emergency) qb.andWhere(`(${own} OR NOT (p.recordedByOrganisationId = ANY(:blocked)))`, { blocked: grant.blockedOrganisationIds });
      else qb.andWhere(`(${own})`);
      qb.setParameter('org', grant.actorOrganisationId);
      if (args.after) {
        const [v] = decodeCursor(args.after, 1);
        if (typeof v !== 'number') throw badInput('after', 'is not a cursor returned by this list');
        qb.andWhere('p.planVersion < :v', { v });
      }
      const rows = await qb.orderBy('p.planVersion', 'DESC').limit(first + 1).getMany();
      return toConnection(
        rows.filter((p) => canSeePlan(grant, p)),
        first,
        (p) => [p.planVersion],
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
    return this.ds.transaction(async (m) => {
      const qb = m
        .getRepository(DeteriorationPlan)
        .createQueryBuilder('p')
        .where(`p.status = 'ACTIVE' AND p.reviewDate <= :until`, { until })
        .andWhere(`p.patientId IN (SELECT rel.patient_id FROM ${CARE_RELATIONSHIP_TABLE} rel WHERE rel.organisation_id = :org)`, { org: actor.organisationId });
      if (args.after) {
        const [afterDate, afterId] = decodeCursor(args.after, 2);
        if (typeof afterDate !== 'string' || !isLocalDate(afterDate) || typeof afterId !== 'string' || !UUID_PATTERN.test(afterId)) throw badInput('after', 'is not a cursor returned by this list');
        qb.andWhere('(p.reviewDate, p.id) > (CAST(:afterDate AS date), CAST(:afterId AS uuid))', { afterDate, afterId });
      }
      const rows = await qb.orderBy('p.reviewDate', 'ASC').addOrderBy('p.id', 'ASC').limit(first + 1).getMany();
      const page = rows.slice(0, first);
      const grants = await this.access.allowedForList(actor, page.map((p) => p.patientId), { operation: 'deteriorationPlansDueForReview' }, m);
      const visible = (p: DeteriorationPlan) => {
        const g: PatientGrant | undefined = grants.get(p.patientId);
        return !!g && canSeePlan(g, p);
      };
      const cursor = (p: DeteriorationPlan) => encodeCursor([p.reviewDate!, p.id]);
      // Paging follows the rows read, not only those shown, so a hidden plan never stops the list.
      return {
        edges: page.filter(visible).map((node) => ({ node, cursor: cursor(node) })),
        pageInfo: { hasNextPage: rows.length > first, endCursor: page.length ? cursor(page[page.length - 1]) : null },
      };
    });
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
    return this.access.withPatient(actor, patientId, { operation: 'evaluateDeterioration', details }, async ({ manager, grant }) => {
      const found = await manager.getRepository(DeteriorationPlan).findOneBy({ patientId, status: DeteriorationPlanStatus.ACTIVE });
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


function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
