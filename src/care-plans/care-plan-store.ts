import { EntityManager } from 'typeorm';
import { conflict, notFound, preconditionFailed } from '../common/errors';
import { CarePlan, CarePlanAction, CarePlanGoal, CarePlanNeed, CarePlanParticipant } from './care-plan.entity';
import { CarePlanSnapshot } from './care-plan-snapshot';

/** SQL condition: consent row `alias` is an active SIP consent on the date in `dateParam`. */
export function hasSipConsentSql(alias: string, dateParam: string): string {
  return `${alias}.kind = 'SIP' AND ${alias}.revoked_at IS NULL AND ${alias}.valid_from <= ${dateParam}::date
          AND (${alias}.valid_until IS NULL OR ${alias}.valid_until >= ${dateParam}::date)`;
}

export async function hasSipConsent(m: EntityManager, patientId: string, today: string): Promise<boolean> {
  const rows = await m.query(`SELECT 1 FROM consent c WHERE c.patient_id = $1 AND ${hasSipConsentSql('c', '$2')} LIMIT 1`, [patientId, today]);
  return rows.length > 0;
}

/** The plan row, locked for the rest of the transaction (SELECT … FOR UPDATE) when `lock`. */
export async function loadPlan(m: EntityManager, id: string, lock: boolean): Promise<CarePlan> {
  const plan = await m.getRepository(CarePlan).findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  if (!plan) throw notFound('Care plan');
  return plan;
}

/** Optimistic concurrency: the caller must have read the version now stored. */
export function expectVersion(plan: CarePlan, expected: number): void {
  if (plan.version !== expected) {
    throw conflict(`The plan was changed by someone else (version ${plan.version}, you had ${expected}); reload it and apply your change again`, {
      currentVersion: plan.version,
    });
  }
}

/** The open draft as a snapshot, read inside the caller's transaction. */
export async function readDraft(m: EntityManager, plan: CarePlan): Promise<CarePlanSnapshot> {
  const where = { where: { carePlanId: plan.id }, order: { position: 'ASC' as const } };
  const goals = await m.getRepository(CarePlanGoal).find(where);
  const needs = await m.getRepository(CarePlanNeed).find(where);
  const actions = await m.getRepository(CarePlanAction).find(where);
  const participants = await m.getRepository(CarePlanParticipant).find(where);
  return {
    reason: plan.reason,
    goals: goals.map((g) => ({ id: g.id, text: g.text })),
    needs: needs.map((n) => ({ id: n.id, text: n.text })),
    actions: actions.map((a) => ({
      id: a.id,
      description: a.description,
      kind: a.kind,
      responsibleOrganisationId: a.responsibleOrganisationId,
      responsibleStaffId: a.responsibleStaffId,
      performedBy: a.performedBy,
      startDate: a.startDate,
      endDate: a.endDate,
      status: a.status,
    })),
    participants: participants.map((p) => ({
      id: p.id,
      kind: p.kind,
      organisationId: p.organisationId,
      staffId: p.staffId,
      name: p.name,
      relation: p.relation,
      attended: p.attended,
    })),
    overallResponsibleOrganisationId: plan.overallResponsibleOrganisationId,
    coordinatorStaffId: plan.coordinatorStaffId,
    nextFollowUpDate: plan.nextFollowUpDate,
  };
}

export type DraftList = 'goals' | 'needs' | 'actions' | 'participants';
export const DRAFT_LISTS: readonly DraftList[] = ['goals', 'needs', 'actions', 'participants'];

const LIST_ENTITY = { goals: CarePlanGoal, needs: CarePlanNeed, actions: CarePlanAction, participants: CarePlanParticipant } as const;

/**
 * Writes the draft's lists that changed and its scalar fields. Items that stay keep their rows
 * (updated in place, by id); only items removed from the list are deleted. Tasks refer to SIP
 * actions by id with a foreign key (ON DELETE RESTRICT), so removing an action a task refers to is
 * refused: PRECONDITION_FAILED, end it with a status instead. Published versions are not touched:
 * they live in care_plan_version.
 */
export async function writeDraft(m: EntityManager, plan: CarePlan, s: CarePlanSnapshot, lists: readonly DraftList[]): Promise<void> {
  for (const list of lists) {
    const entity = LIST_ENTITY[list];
    const rows = (s[list] as Array<{ id: string }>).map((item, position) => ({ ...item, carePlanId: plan.id, position }));
    try {
      await m
        .createQueryBuilder()
        .delete()
        .from(entity)
        .where('care_plan_id = :plan AND NOT (id = ANY (:keep))', { plan: plan.id, keep: rows.map((r) => r.id) })
        .execute();
    } catch (e) {
      if ((e as { code?: string; constraint?: string }).constraint === 'fk_task_care_plan_action') {
        throw preconditionFailed('A task refers to an action you are removing from the SIP; keep the action and set its status to DONE or CANCELLED instead');
      }
      throw e;
    }
    if (rows.length) await m.getRepository(entity).upsert(rows as never, ['id']);
  }
  plan.reason = s.reason;
  plan.overallResponsibleOrganisationId = s.overallResponsibleOrganisationId;
  plan.coordinatorStaffId = s.coordinatorStaffId;
  plan.nextFollowUpDate = s.nextFollowUpDate;
}

/** Saves the plan row with the version bumped: every change of the draft or the lifecycle goes through here. */
export async function savePlan(m: EntityManager, plan: CarePlan, staffId: string, now: Date): Promise<CarePlan> {
  plan.version += 1;
  plan.updatedAt = now;
  plan.updatedByStaffId = staffId;
  const { id, patientId: _p, patient: _pe, overallResponsibleOrganisation: _o, coordinator: _c, createdAt: _ca, createdByStaffId: _cs, createdByOrganisationId: _co, ...changes } = plan;
  await m.getRepository(CarePlan).update(id, changes);
  return refreshParticipants(m, plan);
}

/**
 * Recomputes the organisations taking part: the open draft's participants (or, for a plan never
 * published, its last draft's) and the version in force's. The source of the SIP_PARTICIPANT care
 * relationship while the plan is not closed: the array on the plan, and the same as rows in
 * care_plan_organisation (none once closed), in one statement.
 */
export async function refreshParticipants(m: EntityManager, plan: CarePlan): Promise<CarePlan> {
  const res = await m.query(
    `WITH plan AS (
       UPDATE care_plan cp SET participant_organisation_ids = ARRAY(
         SELECT DISTINCT o FROM (
           SELECT x.organisation_id AS o FROM care_plan_participant x WHERE x.care_plan_id = cp.id AND x.organisation_id IS NOT NULL AND (cp.draft_open OR cp.published_version_number IS NULL)
           UNION ALL
           SELECT unnest(v.participant_organisation_ids) FROM care_plan_version v WHERE v.care_plan_id = cp.id AND v.number = cp.published_version_number
         ) s ORDER BY o)
       WHERE cp.id = $1 RETURNING cp.id, cp.patient_id, cp.status, cp.participant_organisation_ids),
     gone AS (
       DELETE FROM care_plan_organisation x USING plan
        WHERE x.care_plan_id = plan.id AND (plan.status = 'CLOSED' OR x.organisation_id <> ALL (plan.participant_organisation_ids))),
     added AS (
       INSERT INTO care_plan_organisation (care_plan_id, organisation_id, patient_id)
       SELECT plan.id, o, plan.patient_id FROM plan CROSS JOIN LATERAL unnest(plan.participant_organisation_ids) AS o
        WHERE plan.status <> 'CLOSED'
       ON CONFLICT DO NOTHING)
     SELECT participant_organisation_ids FROM plan`,
    [plan.id],
  );
  const rows = (Array.isArray(res[0]) ? res[0] : res) as Array<{ participant_organisation_ids: string[] }>;
  plan.participantOrganisationIds = rows[0].participant_organisation_ids;
  return plan;
}
