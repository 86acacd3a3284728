import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { PatientGate } from '../access/patient-gate';
import { Actor } from '../common/actor';
import { addDays, lastInstantOfStockholmDay } from '../common/calendar';
import { Clock } from '../common/clock';
import { badInput, notFound, preconditionFailed } from '../common/errors';
import { ConnectionShape, keyset } from '../common/pagination';
import { CarePlan } from './care-plan.entity';
import { CarePlanStatus } from './care-plan.enums';
import { diffCarePlans } from './care-plan-diff';
import { planAccess } from './care-plan-rules';
import { CARE_PLAN_RECORD } from './care-plans.records';
import { redactIdentity, versionInForceAt } from './care-plan-snapshot';
import { readDraft } from './care-plan-store';
import { CarePlanVersion } from './care-plan-version.entity';
import { CarePlanDiffType, CarePlanType, CarePlanVersionType, toPlanType, toVersionType } from './care-plan.types';
import { CarePlanDiffArgs, CarePlanInForceArgs, CarePlansArgs, DueForFollowUpArgs } from './dto/care-plan.input';

/** A patient's plans, newest first. */
const PLAN_PAGES = keyset<CarePlan>(
  [
    { sql: 'p.createdAt', type: 'timestamptz', of: (p) => p.createdAt },
    { sql: 'p.id', type: 'uuid', of: (p) => p.id },
  ],
  'desc',
);

/** Active plans due for follow-up, by due date (never NULL on the plans listed: the list asks for a date). */
const FOLLOW_UP_PAGES = keyset<CarePlan>([
  { sql: 'cp.follow_up_due', type: 'date', of: (p) => p.followUpDue! },
  { sql: 'cp.id', type: 'uuid', of: (p) => p.id },
]);

/** Reading SIPs: one plan, a patient's plans, versions, the version in force, diffs, plans due for follow-up. */
@Injectable()
export class CarePlanQueriesService {
  constructor(
    private readonly gate: PatientGate,
    private readonly clock: Clock,
  ) {}

  async get(actor: Actor, id: string): Promise<CarePlanType> {
    return this.gate.record(actor, CARE_PLAN_RECORD, id, { operation: 'carePlan' }, async ({ record: plan, grant }) =>
      toPlanType(plan, planAccess(grant, plan)),
    );
  }

  /** The patient's plans, newest first; plans the actor may not read are left out. */
  async listForPatient(actor: Actor, args: CarePlansArgs): Promise<ConnectionShape<CarePlanType>> {
    const first = args.first ?? 20;
    return this.gate.patient(actor, args.patientId, { operation: 'carePlans' }, async ({ tx, grant }) => {
      const qb = tx.repo(CarePlan).createQueryBuilder('p');
      if (args.status?.length) qb.andWhere('p.status IN (:...status)', { status: args.status });
      const named = {};
      const after = PLAN_PAGES.where(args.after, named);
      if (after) qb.andWhere(after, named);
      const rows = await qb
        .orderBy(PLAN_PAGES.order)
        .take(first + 1)
        .getMany();
      const page = rows.slice(0, first);
      const visible = page.map((p) => ({ row: p, node: toPlanType(p, planAccess(grant, p)) })).filter(({ node }) => node.access.read);
      return PLAN_PAGES.pageOf(page, rows.length > first, visible);
    });
  }

  async version(actor: Actor, carePlanId: string, number: number): Promise<CarePlanVersionType> {
    return this.gate.record(actor, CARE_PLAN_RECORD, carePlanId, { operation: 'carePlanVersion', details: { number } }, async ({ tx, record: plan, grant }) => {
      const v = await tx.repo(CarePlanVersion).findOneBy({ carePlanId: plan.id, number });
      if (!v) throw notFound('Version');
      return toVersionType(v, planAccess(grant, plan).identityVisible);
    });
  }

  /** "What did the plan say on 3 March?": the version in force at an instant, or at the end of a Swedish calendar day. */
  async inForce(actor: Actor, args: CarePlanInForceArgs): Promise<CarePlanVersionType | null> {
    if ((args.at ? 1 : 0) + (args.date ? 1 : 0) !== 1) throw badInput('at', 'give exactly one of at and date');
    const at = args.at ? new Date(args.at) : lastInstantOfStockholmDay(args.date!);
    const details = { at: at.toISOString() };
    return this.gate.record(actor, CARE_PLAN_RECORD, args.carePlanId, { operation: 'carePlanInForce', details }, async ({ tx, record: plan, grant }) => {
      const versions = await tx.repo(CarePlanVersion).find({ select: { number: true, publishedAt: true }, where: { carePlanId: plan.id } });
      const number = versionInForceAt(versions, at, plan.closedAt);
      if (number === null) return null;
      return toVersionType(await tx.repo(CarePlanVersion).findOneByOrFail({ carePlanId: plan.id, number }), planAccess(grant, plan).identityVisible);
    });
  }

  async diff(actor: Actor, args: CarePlanDiffArgs): Promise<CarePlanDiffType> {
    const from = args.fromVersion ?? null;
    const to = args.toVersion ?? null;
    const details = { fromVersion: from, toVersion: to };
    return this.gate.record(actor, CARE_PLAN_RECORD, args.carePlanId, { operation: 'carePlanDiff', details }, async ({ tx, record: plan, grant }) => {
      const access = planAccess(grant, plan);
      const wanted = [from, to].filter((n): n is number => n !== null);
      const versions = wanted.length ? await tx.repo(CarePlanVersion).findBy({ carePlanId: plan.id, number: In(wanted) }) : [];
      const snapshotOf = (n: number, field: string) => {
        const v = versions.find((x) => x.number === n);
        if (!v) throw badInput(field, 'is not a published version of this plan');
        return v.snapshot;
      };
      const before = from === null ? null : snapshotOf(from, 'fromVersion');
      let after;
      if (to === null) {
        if (!plan.draftOpen) throw preconditionFailed('There is no open draft to compare with; give toVersion');
        after = await readDraft(tx, plan);
      } else {
        after = snapshotOf(to, 'toVersion');
      }
      const d = diffCarePlans(before && redactIdentity(before, access.identityVisible), redactIdentity(after, access.identityVisible));
      return { fromVersion: from, toVersion: to, ...d };
    });
  }

  /**
   * Active plans the actor's organisation takes part in, due for follow-up within `withinDays`,
   * overdue first (by due date). Fixed SQL cost: the page, the entities, the grants, one audit insert.
   */
  async dueForFollowUp(actor: Actor, args: DueForFollowUpArgs): Promise<ConnectionShape<CarePlanType>> {
    const first = args.first ?? 20;
    const until = addDays(this.clock.today(), args.withinDays);
    const params: unknown[] = [actor.organisationId, until];
    const next = FOLLOW_UP_PAGES.where(args.after, params);
    const after = next ? `AND ${next}` : '';
    let more = false;
    // The organisation takes part in every plan listed, which is a care relationship: the list's own
    // condition is the access rule, and the gate confirms (and logs) every row.
    const { read, allowed } = await this.gate.list(
      actor,
      { operation: 'carePlansDueForFollowUp' },
      async (q) => {
        const rows = await q.query<{ id: string }>(
          `SELECT cp.id FROM care_plan cp
            WHERE cp.status = '${CarePlanStatus.ACTIVE}' AND cp.participant_organisation_ids @> ARRAY[$1::uuid]
              AND cp.follow_up_due <= $2::date ${after}
            ORDER BY ${FOLLOW_UP_PAGES.orderBy} LIMIT ${first + 1}`,
          params,
        );
        more = rows.length > first;
        const ids = rows.slice(0, first).map((r) => r.id);
        return q.rows(CarePlan, ids);
      },
      (p) => p.patientId,
    );
    return FOLLOW_UP_PAGES.pageOf(
      read,
      more,
      allowed.map(({ row, grant }) => ({ row, node: toPlanType(row, planAccess(grant, row)) })),
    );
  }
}
