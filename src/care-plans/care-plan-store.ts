import { In, Not } from 'typeorm';
import { PatientTx } from '../access/patient-tx';
import { conflict, preconditionFailed } from '../common/errors';
import { CarePlan, CarePlanAction, CarePlanGoal, CarePlanNeed, CarePlanParticipant } from './care-plan.entity';
import { agreementPart, CarePlanSnapshot } from './care-plan-snapshot';

/** SQL condition: consent row `alias` is an active SIP consent on the date in `dateParam`. */
export function hasSipConsentSql(alias: string, dateParam: string): string {
  return `${alias}.kind = 'SIP' AND ${alias}.revoked_at IS NULL AND ${alias}.valid_from <= ${dateParam}::date
          AND (${alias}.valid_until IS NULL OR ${alias}.valid_until >= ${dateParam}::date)`;
}

export async function hasSipConsent(tx: PatientTx, today: string): Promise<boolean> {
  const rows = await tx.query(`SELECT 1 FROM consent c WHERE c.patient_id = $1 AND ${hasSipConsentSql('c', '$2')} LIMIT 1`, [tx.patientId, today]);
  return rows.length > 0;
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
export async function readDraft(tx: PatientTx, plan: CarePlan): Promise<CarePlanSnapshot> {
  const order = { order: { position: 'ASC' as const } };
  const goals = await tx.children(CarePlanGoal, 'carePlanId', plan.id).find(order);
  const needs = await tx.children(CarePlanNeed, 'carePlanId', plan.id).find(order);
  const actions = await tx.children(CarePlanAction, 'carePlanId', plan.id).find(order);
  const participants = await tx.children(CarePlanParticipant, 'carePlanId', plan.id).find(order);
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
    nextFollowUpDate: plan.draftNextFollowUpDate,
    ...draftAgreement(plan),
  };
}

/** The plan row's type and agreement fields, as a snapshot holds them. */
export function draftAgreement(plan: CarePlan): Required<Pick<CarePlanSnapshot, 'planType'>> & ReturnType<typeof agreementPart> {
  return {
    planType: plan.planType,
    agreementText: plan.agreementText,
    careContactStaffId: plan.careContactStaffId,
    agreedTime: plan.agreedTime ? new Date(plan.agreedTime).toISOString() : null,
    daytimeContactName: plan.daytimeContactName,
    daytimeContactPhone: plan.daytimeContactPhone,
    outOfHoursContactName: plan.outOfHoursContactName,
    outOfHoursContactPhone: plan.outOfHoursContactPhone,
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
export async function writeDraft(tx: PatientTx, plan: CarePlan, s: CarePlanSnapshot, lists: readonly DraftList[]): Promise<void> {
  for (const list of lists) {
    const items = tx.children(LIST_ENTITY[list] as typeof CarePlanGoal, 'carePlanId', plan.id);
    const rows = (s[list] as Array<{ id: string }>).map((item, position) => ({ ...item, carePlanId: plan.id, position }));
    try {
      await items.delete(rows.length ? { id: Not(In(rows.map((r) => r.id))) } : {});
    } catch (e) {
      if ((e as { code?: string; constraint?: string }).constraint === 'fk_task_care_plan_action') {
        throw preconditionFailed('A task refers to an action you are removing from the SIP; keep the action and set its status to DONE or CANCELLED instead');
      }
      throw e;
    }
    await items.upsert(rows as never, ['id']);
  }
  plan.reason = s.reason;
  plan.overallResponsibleOrganisationId = s.overallResponsibleOrganisationId;
  plan.coordinatorStaffId = s.coordinatorStaffId;
  plan.draftNextFollowUpDate = s.nextFollowUpDate;
  const a = agreementPart(s);
  plan.agreementText = a.agreementText;
  plan.careContactStaffId = a.careContactStaffId;
  plan.agreedTime = a.agreedTime ? new Date(a.agreedTime) : null;
  plan.daytimeContactName = a.daytimeContactName;
  plan.daytimeContactPhone = a.daytimeContactPhone;
  plan.outOfHoursContactName = a.outOfHoursContactName;
  plan.outOfHoursContactPhone = a.outOfHoursContactPhone;
}

/** Saves the plan row with the version bumped: every change of the draft or the lifecycle goes through here. */
export async function savePlan(tx: PatientTx, plan: CarePlan, staffId: string, now: Date): Promise<CarePlan> {
  plan.version += 1;
  plan.updatedAt = now;
  plan.updatedByStaffId = staffId;
  const {
    id,
    patientId: _p,
    patient: _pe,
    overallResponsibleOrganisation: _o,
    coordinator: _c,
    careContact: _cc,
    supersedes: _su,
    supersededBy: _sb,
    createdAt: _ca,
    createdByStaffId: _cs,
    createdByOrganisationId: _co,
    ...changes
  } = plan;
  await tx.repo(CarePlan).update(id, changes);
  return refreshParticipants(tx, plan);
}

/**
 * Recomputes the organisations taking part: the open draft's participants (or, for a plan never
 * published, its last draft's) and the version in force's. The source of the SIP_PARTICIPANT care
 * relationship while the plan is not closed: the array on the plan, and the same as rows in
 * care_plan_organisation (none once closed), in one statement.
 */
export async function refreshParticipants(tx: PatientTx, plan: CarePlan): Promise<CarePlan> {
  const res = await tx.query(
    `WITH plan AS (
       UPDATE care_plan cp SET participant_organisation_ids = ARRAY(
         SELECT DISTINCT o FROM (
           SELECT x.organisation_id AS o FROM care_plan_participant x WHERE x.care_plan_id = cp.id AND x.organisation_id IS NOT NULL AND (cp.draft_open OR cp.published_version_number IS NULL)
           UNION ALL
           SELECT unnest(v.participant_organisation_ids) FROM care_plan_version v WHERE v.care_plan_id = cp.id AND v.number = cp.published_version_number
         ) s ORDER BY o)
       WHERE cp.id = $1 AND cp.patient_id = $2 RETURNING cp.id, cp.patient_id, cp.status, cp.participant_organisation_ids),
     gone AS (
       DELETE FROM care_plan_organisation x USING plan
        WHERE x.care_plan_id = plan.id AND (plan.status IN ('CLOSED', 'SUPERSEDED') OR x.organisation_id <> ALL (plan.participant_organisation_ids))),
     added AS (
       INSERT INTO care_plan_organisation (care_plan_id, organisation_id, patient_id)
       SELECT plan.id, o, plan.patient_id FROM plan CROSS JOIN LATERAL unnest(plan.participant_organisation_ids) AS o
        WHERE plan.status NOT IN ('CLOSED', 'SUPERSEDED')
       ON CONFLICT DO NOTHING)
     SELECT participant_organisation_ids FROM plan`,
    [plan.id, tx.patientId],
  );
  const rows = (Array.isArray(res[0]) ? res[0] : res) as Array<{ participant_organisation_ids: string[] }>;
  plan.participantOrganisationIds = rows[0].participant_organisation_ids;
  return plan;
}
