import { Client } from 'pg';
import { STOCKHOLM_SQL } from '../src/common/calendar';

/**
 * What PostGraphile needs to answer the caseload with the same data, created in the benchmark's
 * copy of the database only (never by a migration): the page as a set-returning function and the
 * patient's summaries as computed columns, with the service's visibility rules (consent, block) in
 * SQL. Emergency access is left out (it needs the staff member; the generated region has none).
 * The names follow PostGraphile's conventions: `patient_active_enrollment(p patient)` becomes the
 * field `activeEnrollment` on Patient.
 */
const STOCKHOLM_TODAY = `(now() AT TIME ZONE ${STOCKHOLM_SQL})::date`;

const FUNCTIONS = [
  `CREATE OR REPLACE FUNCTION bench_caseload(org uuid, n int) RETURNS SETOF patient STABLE LANGUAGE sql AS $$
     SELECT p.* FROM care_relationship r JOIN patient p ON p.id = r.patient_id WHERE r.organisation_id = org
      ORDER BY r.family_name, r.given_name, r.patient_id LIMIT n $$`,
  `CREATE OR REPLACE FUNCTION bench_sees(patient uuid, org uuid, recorded_by uuid) RETURNS boolean STABLE LANGUAGE sql AS $$
     SELECT recorded_by IS NULL OR recorded_by = org OR (
       NOT EXISTS (SELECT 1 FROM information_block b WHERE b.patient_id = patient AND b.organisation_id = recorded_by AND b.lifted_at IS NULL)
       AND EXISTS (SELECT 1 FROM consent c WHERE c.patient_id = patient AND c.kind = 'INFORMATION_SHARING' AND c.revoked_at IS NULL
                     AND c.valid_from <= ${STOCKHOLM_TODAY} AND (c.valid_until IS NULL OR c.valid_until >= ${STOCKHOLM_TODAY})
                     AND (org = ANY (c.organisation_ids) OR c.scope = 'CARE_TEAM'))) $$`,
  `CREATE OR REPLACE FUNCTION patient_active_enrollment(p patient) RETURNS home_healthcare_enrollment STABLE LANGUAGE sql AS $$
     SELECT e.* FROM home_healthcare_enrollment e WHERE e.patient_id = p.id AND e.status = 'ACTIVE' $$`,
  `CREATE OR REPLACE FUNCTION patient_current_care_plan(p patient, org uuid) RETURNS care_plan STABLE LANGUAGE sql AS $$
     SELECT cp.* FROM care_plan cp WHERE cp.patient_id = p.id AND cp.status <> 'CLOSED'
        AND (org = ANY (cp.participant_organisation_ids) OR bench_sees(p.id, org, cp.created_by_organisation_id))
      ORDER BY cp.created_at DESC LIMIT 1 $$`,
  // The date in force (the draft's proposal is draft_next_follow_up_date), exposed as nextFollowUpDate.
  `CREATE OR REPLACE FUNCTION care_plan_next_follow_up_date(cp care_plan) RETURNS date STABLE LANGUAGE sql AS $$
     SELECT cp.follow_up_due $$`,
  `CREATE OR REPLACE FUNCTION care_plan_follow_up_overdue(cp care_plan) RETURNS boolean STABLE LANGUAGE sql AS $$
     SELECT cp.follow_up_due IS NOT NULL AND cp.follow_up_due < ${STOCKHOLM_TODAY} $$`,
  `CREATE OR REPLACE FUNCTION patient_active_deterioration_plan_summary(p patient, org uuid) RETURNS deterioration_plan STABLE LANGUAGE sql AS $$
     SELECT d.* FROM deterioration_plan d WHERE d.patient_id = p.id AND d.status = 'ACTIVE'
        AND (d.signed_by_organisation_id = org OR bench_sees(p.id, org, d.recorded_by_organisation_id)) $$`,
  `CREATE OR REPLACE FUNCTION deterioration_plan_due_for_review(d deterioration_plan) RETURNS boolean STABLE LANGUAGE sql AS $$
     SELECT d.review_date IS NOT NULL AND d.review_date <= ${STOCKHOLM_TODAY} $$`,
  `CREATE OR REPLACE FUNCTION patient_open_task_count(p patient) RETURNS int STABLE LANGUAGE sql AS $$
     SELECT count(*)::int FROM task t WHERE t.patient_id = p.id AND t.status = 'OPEN' $$`,
];

export async function preparePeer(db: Client): Promise<void> {
  for (const sql of FUNCTIONS) await db.query(sql);
}

/** The caseload as PostGraphile serves it: one more row than shown, for hasNextPage. */
export const PEER_CASELOAD = `query Caseload($org: UUID!, $n: Int!, $first: Int!) {
  benchCaseload(org: $org, n: $n, first: $first) {
    nodes { rowId personnummer givenName familyName
      activeEnrollment { startDate staffByNamedNurseId { name } organisationByPrimaryCareId { name } }
      currentCarePlan(org: $org) { status publishedVersionNumber nextFollowUpDate followUpOverdue }
      activeDeteriorationPlanSummary(org: $org) { reviewDate dueForReview }
      openTaskCount }
    pageInfo { hasNextPage }
  }
}`;

interface PeerNode {
  rowId: string;
  personnummer: string;
  givenName: string;
  familyName: string;
  activeEnrollment: { startDate: string; staffByNamedNurseId: { name: string }; organisationByPrimaryCareId: { name: string } } | null;
  currentCarePlan: unknown;
  activeDeteriorationPlanSummary: unknown;
  openTaskCount: number;
}

/** The caseload rows of a response, as the service shapes them, for comparing the three answers. */
export function caseloadRows(json: unknown): { rows: unknown[]; hasNextPage: boolean } {
  const data = (json as { data: Record<string, unknown> }).data;
  if (data.myPatients) {
    const c = data.myPatients as { edges: Array<{ node: unknown }>; pageInfo: { hasNextPage: boolean } };
    return { rows: c.edges.map((e) => e.node), hasNextPage: c.pageInfo.hasNextPage };
  }
  const c = data.benchCaseload as { nodes: PeerNode[]; pageInfo: { hasNextPage: boolean } };
  return {
    rows: c.nodes.map((n) => ({
      id: n.rowId,
      personnummer: n.personnummer,
      givenName: n.givenName,
      familyName: n.familyName,
      activeEnrollment: n.activeEnrollment && {
        startDate: n.activeEnrollment.startDate,
        namedNurse: { name: n.activeEnrollment.staffByNamedNurseId.name },
        primaryCareCentre: { name: n.activeEnrollment.organisationByPrimaryCareId.name },
      },
      currentCarePlan: n.currentCarePlan,
      activeDeteriorationPlanSummary: n.activeDeteriorationPlanSummary,
      openTaskCount: n.openTaskCount,
    })),
    hasNextPage: c.pageInfo.hasNextPage,
  };
}
