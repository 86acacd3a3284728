import { PatientTx } from '../access/patient-tx';
import { PatientGrant } from '../access/patient-grant';
import { planAccess } from '../care-plans/care-plan-rules';
import { badInput, FieldError } from '../common/errors';
import { canSeePlan } from '../deterioration-plans/plan-content';
import { TaskPlanKind } from './task.entity';

/**
 * The plan links of a task, checked against the patient the task is about and what the actor may
 * see. A plan of another patient, a plan that does not exist and a plan the actor may not read get
 * the same answer, so the check reveals nothing about other patients' plans.
 *
 * - carePlanId: a SIP of the patient, not closed, that the actor may read (participant, or
 *   consent to read another's documentation).
 * - carePlanActionId: an action of that SIP as it stands now (the draft, or the version in force
 *   when no revision is open); needs carePlanId.
 * - deteriorationPlanId: a version of the patient's deterioration plan the actor may see, either
 *   the active one or the open draft (a superseded or withdrawn version is history).
 */
export interface PlanLinks {
  carePlanId?: string | null;
  carePlanActionId?: string | null;
  deteriorationPlanId?: string | null;
}

interface LinkRow {
  cp_patient: string | null;
  cp_status: string | null;
  cp_participants: string[] | null;
  cp_created_by: string | null;
  action_ok: boolean;
  dp_patient: string | null;
  dp_status: string | null;
  dp_recorded_by: string | null;
  dp_signed_by: string | null;
}

const NOT_SIP = 'is not a SIP of this patient that you may read';
const NOT_DP = 'is not a deterioration plan of this patient that you may see';

/** Field errors for the links of a new task (named under `field`); one statement when any link is given. */
export async function planLinkErrors(tx: PatientTx, grant: PatientGrant, links: PlanLinks, field: string): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (links.carePlanActionId && !links.carePlanId)
    errors.push({ field: `${field}.carePlanActionId`, message: 'needs carePlanId (the SIP the action belongs to)' });
  if (!links.carePlanId && !links.deteriorationPlanId) return errors;
  const [r] = await tx.query<LinkRow>(
    `SELECT cp.patient_id AS cp_patient, cp.status AS cp_status, cp.participant_organisation_ids AS cp_participants, cp.created_by_organisation_id AS cp_created_by,
            EXISTS (SELECT 1 FROM care_plan_action a WHERE a.id = $2::uuid AND a.care_plan_id = $1::uuid) AS action_ok,
            dp.patient_id AS dp_patient, dp.status AS dp_status, dp.recorded_by_organisation_id AS dp_recorded_by, dp.signed_by_organisation_id AS dp_signed_by
       FROM (SELECT 1) one
       LEFT JOIN care_plan cp ON cp.id = $1::uuid AND cp.patient_id = $4::uuid
       LEFT JOIN deterioration_plan dp ON dp.id = $3::uuid AND dp.patient_id = $4::uuid`,
    [links.carePlanId ?? null, links.carePlanActionId ?? null, links.deteriorationPlanId ?? null, tx.patientId],
  );
  if (links.carePlanId) {
    const readable =
      r.cp_patient === grant.patientId &&
      planAccess(grant, { participantOrganisationIds: r.cp_participants ?? [], createdByOrganisationId: r.cp_created_by! }).read;
    if (!readable) errors.push({ field: `${field}.carePlanId`, message: NOT_SIP });
    else if (r.cp_status === 'CLOSED' || r.cp_status === 'SUPERSEDED')
      errors.push({ field: `${field}.carePlanId`, message: 'is a closed SIP; link the patient’s open SIP' });
    else if (links.carePlanActionId && !r.action_ok) errors.push({ field: `${field}.carePlanActionId`, message: 'is not an action of that SIP' });
  }
  if (links.deteriorationPlanId) {
    const visible =
      r.dp_patient === grant.patientId && canSeePlan(grant, { recordedByOrganisationId: r.dp_recorded_by!, signedByOrganisationId: r.dp_signed_by });
    if (!visible) errors.push({ field: `${field}.deteriorationPlanId`, message: NOT_DP });
    else if (r.dp_status !== 'ACTIVE' && r.dp_status !== 'DRAFT')
      errors.push({ field: `${field}.deteriorationPlanId`, message: `is a ${r.dp_status} version; link the active plan or the open draft` });
  }
  return errors;
}

export interface Fulfilment {
  kind: TaskPlanKind;
  planId: string;
  version: number;
}

interface FulfilmentRow {
  patient_id: string;
  participants: string[] | null;
  created_by: string | null;
  recorded_by: string | null;
  signed_by: string | null;
  signed: boolean;
  number: number | null;
  version_ok: boolean;
}

/**
 * The plan version named as having fulfilled a task, checked and completed with its number:
 *
 * - CARE_PLAN: planId is a SIP of the task's patient the actor may read, and version a published
 *   version of it; without a version, the version in force is recorded (BAD_USER_INPUT when none
 *   has been published).
 * - DETERIORATION_PLAN: planId is a signed version of the patient's deterioration plan (each
 *   version is its own row) that the actor may see; version, when given, must be its planVersion,
 *   and is filled in from it otherwise.
 *
 * It need not be the plan the task links to: any plan of the same patient counts (a SIP closed and
 * started anew; the new deterioration-plan version that replaced the linked one). Not checked:
 * that the version was published after the task was made.
 */
export async function checkFulfilment(
  tx: PatientTx,
  grant: PatientGrant,
  f: { kind: TaskPlanKind; planId: string; version?: number | null },
  field: string,
): Promise<Fulfilment> {
  const sip = f.kind === TaskPlanKind.CARE_PLAN;
  const [r] = await tx.query<FulfilmentRow>(
    sip
      ? `SELECT cp.patient_id, cp.participant_organisation_ids AS participants, cp.created_by_organisation_id AS created_by, NULL AS recorded_by, NULL AS signed_by,
                true AS signed, coalesce($2::int, cp.published_version_number) AS number,
                EXISTS (SELECT 1 FROM care_plan_version v WHERE v.care_plan_id = cp.id AND v.number = coalesce($2::int, cp.published_version_number)) AS version_ok
           FROM care_plan cp WHERE cp.id = $1 AND cp.patient_id = $3`
      : `SELECT dp.patient_id, NULL AS participants, NULL AS created_by, dp.recorded_by_organisation_id AS recorded_by, dp.signed_by_organisation_id AS signed_by,
                dp.signed_at IS NOT NULL AS signed, dp.plan_version AS number, ($2::int IS NULL OR $2::int = dp.plan_version) AS version_ok
           FROM deterioration_plan dp WHERE dp.id = $1 AND dp.patient_id = $3`,
    [f.planId, f.version ?? null, tx.patientId],
  );
  const visible =
    !!r &&
    r.patient_id === grant.patientId &&
    (sip
      ? planAccess(grant, { participantOrganisationIds: r.participants ?? [], createdByOrganisationId: r.created_by! }).read
      : canSeePlan(grant, { recordedByOrganisationId: r.recorded_by!, signedByOrganisationId: r.signed_by }));
  if (!visible) throw badInput(`${field}.planId`, sip ? NOT_SIP : NOT_DP);
  if (!r.signed) throw badInput(`${field}.planId`, 'is an unsigned draft; name the signed version that fulfilled the task');
  if (!r.version_ok || r.number === null) {
    throw badInput(
      `${field}.version`,
      sip
        ? f.version
          ? 'is not a published version of that SIP'
          : 'is missing, and the SIP has no published version yet'
        : `is not the number of that version (it is ${r.number})`,
    );
  }
  return { kind: f.kind, planId: f.planId, version: r.number };
}
