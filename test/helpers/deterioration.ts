import { DEMO_PATIENTS, demoPersonnummer } from '../../src/demo/patients';
import { DemoStaffKey } from '../../src/demo/region';
import { TestApp } from './test-app';

/** Everything a client may ask of a plan, for assertions. */
export const PLAN = `fragment P on DeteriorationPlan {
  id patientId planVersion version status conditions reviewDate dueForReview basedOnPlanId supersededByPlanId supersededAt withdrawnAt withdrawalReason signedAt
  signedBy { name } signedByOrganisation { hsaId } recordedBy { hsaId } draftedBy { name }
  treatmentLimitations { kind details decidedBy decidedOn patientTookPart nextOfKinTookPart }
  steps { id order trigger { kind observation comparator threshold overDays unit sign description } actions { description performer asNeededMedication } }
  contactLadder { hours role name phone }
}`;

export const Q = {
  active: `query($p: ID!) { activeDeteriorationPlan(patientId: $p) { ...P } } ${PLAN}`,
  byId: `query($id: ID!) { deteriorationPlan(id: $id) { ...P } } ${PLAN}`,
  history: `query($p: ID!, $first: Int, $after: String) { deteriorationPlanHistory(patientId: $p, first: $first, after: $after) { edges { cursor node { id planVersion status signedBy { name } recordedBy { name } draftedBy { name } signedByOrganisation { name } } } pageInfo { hasNextPage endCursor } } }`,
  due: `query($within: Int, $first: Int, $after: String) { deteriorationPlansDueForReview(withinDays: $within, first: $first, after: $after) { edges { node { id patientId reviewDate dueForReview recordedBy { hsaId } } } pageInfo { hasNextPage endCursor } } }`,
  evaluate: `query($p: ID!, $o: [ObservationInput!]!) { evaluateDeterioration(patientId: $p, observations: $o) {
    evaluatedAt plan { id status dueForReview contactLadder(hours: OUT_OF_HOURS) { role phone } }
    matched { reason observed { kind value overDays unit } step { id order trigger { description } actions { description performer asNeededMedication } } }
    notEvaluable { reason step { order trigger { description } } } } }`,
  draft: `mutation($i: DraftDeteriorationPlanInput!) { draftDeteriorationPlan(input: $i) { ...P } } ${PLAN}`,
  revise: `mutation($p: ID!) { reviseDeteriorationPlan(patientId: $p) { ...P } } ${PLAN}`,
  update: `mutation($i: UpdateDeteriorationPlanDraftInput!) { updateDeteriorationPlanDraft(input: $i) { ...P } } ${PLAN}`,
  sign: `mutation($i: SignDeteriorationPlanInput!) { signDeteriorationPlan(input: $i) { ...P } } ${PLAN}`,
  withdraw: `mutation($i: WithdrawDeteriorationPlanInput!) { withdrawDeteriorationPlan(input: $i) { ...P } } ${PLAN}`,
};

/** A plan complete enough to sign: five steps of every kind of trigger, both halves of the contact ladder. */
export function planContent(over: Record<string, unknown> = {}) {
  return {
    conditions: ['Hjärtsvikt', 'KOL'],
    treatmentLimitations: [
      { kind: 'NO_CPR', decidedBy: 'Fatima Rahimi, specialistläkare', decidedOn: '2026-11-02', patientTookPart: true, nextOfKinTookPart: false },
      {
        kind: 'HOSPITAL_ONLY_IF',
        details: 'Sjukhus endast om andningen inte går att lindra hemma',
        decidedBy: 'Fatima Rahimi',
        decidedOn: '2026-11-02',
        patientTookPart: true,
        nextOfKinTookPart: true,
      },
    ],
    steps: [
      {
        trigger: { kind: 'MEASURED', observation: 'RESPIRATORY_RATE', comparator: 'GT', threshold: 25 },
        actions: [{ description: 'Ring jourläkaren', performer: 'ON_CALL_PHYSICIAN' }],
      },
      {
        trigger: { kind: 'MEASURED', observation: 'OXYGEN_SATURATION', comparator: 'LT', threshold: 90 },
        actions: [{ description: 'Ge syrgas enligt ordination och ring läkaren', performer: 'NURSE' }],
      },
      {
        trigger: { kind: 'MEASURED', observation: 'NEWS2', comparator: 'GTE', threshold: 5 },
        actions: [{ description: 'Läkarbedömning samma dag', performer: 'PHYSICIAN' }],
      },
      {
        trigger: { kind: 'MEASURED', observation: 'WEIGHT_CHANGE', comparator: 'GTE', threshold: 2, overDays: 3 },
        actions: [{ description: 'Ge extra dos vätskedrivande', performer: 'NURSE', asNeededMedication: 'Furosemid 40 mg, 1 tablett' }],
      },
      { trigger: { kind: 'SIGN', sign: 'Nytillkommen förvirring' }, actions: [{ description: 'Ring sjuksköterskan i tjänst', performer: 'NURSE' }] },
    ],
    contacts: [
      { hours: 'OFFICE_HOURS', role: 'Distriktsläkare', name: 'Vårdcentralen Sjöbacken', phone: '036-10 20 31' },
      { hours: 'OUT_OF_HOURS', role: 'Jourläkare', name: 'Jourcentralen', phone: '036-10 11 12' },
      { hours: 'ALL_HOURS', role: 'Sjuksköterska i tjänst', name: 'Hemsjukvården', phone: '036-10 50 99' },
    ],
    reviewDate: '2027-05-01',
    ...over,
  };
}

export async function demoPatientId(t: TestApp, key: string): Promise<string> {
  const p = DEMO_PATIENTS.find((d) => d.key === key)!;
  const [row] = await t.sql('SELECT id FROM patient WHERE personnummer = $1', [demoPersonnummer(p)]);
  return row.id;
}

/** Drafts a complete plan as `nurse` and signs it as `physician`; returns the signed plan. */
export async function draftAndSign(t: TestApp, patientId: string, nurse: DemoStaffKey, physician: DemoStaffKey, over: Record<string, unknown> = {}) {
  const d = await t.gql(Q.draft, { i: { patientId, ...planContent(over) } }, await t.token(nurse));
  if (d.errors) throw new Error(JSON.stringify(d.errors));
  const s = await t.gql(
    Q.sign,
    { i: { planId: d.data.draftDeteriorationPlan.id, expectedVersion: d.data.draftDeteriorationPlan.version } },
    await t.token(physician),
  );
  if (s.errors) throw new Error(JSON.stringify(s.errors));
  return s.data.signDeteriorationPlan;
}

export async function auditRows(t: TestApp, patientId: string | null, operation: string) {
  return t.sql<{ outcome: string; emergency: boolean; details: Record<string, unknown> | null; staff_hsa_id: string }>(
    `SELECT outcome, emergency, details, staff_hsa_id FROM audit_log WHERE operation = $1 AND patient_id IS NOT DISTINCT FROM $2 ORDER BY id`,
    [operation, patientId],
  );
}
