import { DEMO_ORGS, DemoOrgKey } from '../../src/demo/region';
import { DEMO_PATIENTS, demoPersonnummer } from '../../src/demo/patients';
import { TestApp } from './test-app';

/** GraphQL documents and builders shared by the SIP tests. */
export const CONTENT = `fragment Content on CarePlanContent {
  reason nextFollowUpDate
  goals { id text } needs { id text }
  actions { id description kind status startDate endDate performedBy responsibleOrganisationId responsibleStaffId responsibleOrganisation { hsaId } responsibleStaff { name } }
  participants { id kind name relation attended organisationId staffId organisation { hsaId } staff { name } }
  overallResponsibleOrganisation { hsaId } coordinator { name }
}`;

export const PLAN = `fragment Plan on CarePlan {
  id patientId status version hasOpenDraft publishedVersionNumber nextFollowUpDate followUpOverdue myOrganisationParticipates publishBlockers
  closeReason closedAt
  participatingOrganisations { hsaId }
  draft { ...Content }
  currentVersion { number publishedAt publishedBy { name } publishedByOrganisation { hsaId } content { ...Content } }
}
${CONTENT}`;

export const GET = `query($id: ID!) { carePlan(id: $id) { ...Plan } } ${PLAN}`;
export const CREATE = `mutation($input: CreateCarePlanInput!) { createCarePlan(input: $input) { ...Plan } } ${PLAN}`;
export const UPDATE = `mutation($input: UpdateCarePlanDraftInput!) { updateCarePlanDraft(input: $input) { ...Plan } } ${PLAN}`;
export const PUBLISH = `mutation($input: CarePlanLifecycleInput!) { publishCarePlan(input: $input) { ...Plan } } ${PLAN}`;
export const REVISE = `mutation($input: CarePlanLifecycleInput!) { reviseCarePlan(input: $input) { ...Plan } } ${PLAN}`;
export const DISCARD = `mutation($input: CarePlanLifecycleInput!) { discardCarePlanRevision(input: $input) { ...Plan } } ${PLAN}`;
export const CLOSE = `mutation($input: CloseCarePlanInput!) { closeCarePlan(input: $input) { ...Plan } } ${PLAN}`;

export type DemoPatientKey = (typeof DEMO_PATIENTS)[number]['key'];

export async function patientId(t: TestApp, key: DemoPatientKey): Promise<string> {
  const [row] = await t.sql(`SELECT id FROM patient WHERE personnummer = $1`, [demoPersonnummer(DEMO_PATIENTS.find((p) => p.key === key)!)]);
  return row.id;
}

export async function orgIds(t: TestApp): Promise<Record<DemoOrgKey, string>> {
  const out = {} as Record<DemoOrgKey, string>;
  for (const k of Object.keys(DEMO_ORGS) as DemoOrgKey[]) out[k] = await t.orgId(k);
  return out;
}

/**
 * A complete draft between Jönköping municipality and a primary care centre: publishable when the
 * patient has SIP consent and today is before the follow-up date.
 */
export function completeDraft(
  o: { municipality: string; primaryCare: string; coordinator: string; nurse: string; gp: string },
  over: Record<string, unknown> = {},
) {
  return {
    reason: 'Behöver insatser från både kommun och region efter utskrivning.',
    goals: [{ text: 'Jag vill bo kvar hemma.' }, { text: 'Jag vill kunna gå ut på promenad.' }],
    needs: [{ text: 'Tillsyn av hjärtsvikt.' }],
    actions: [
      {
        description: 'Vägning tre dagar i veckan.',
        kind: 'HEALTH_CARE',
        responsibleOrganisationId: o.municipality,
        responsibleStaffId: o.nurse,
        startDate: '2026-12-01',
        status: 'ONGOING',
      },
      {
        description: 'Läkarbesök i hemmet var tredje månad.',
        kind: 'HEALTH_CARE',
        responsibleOrganisationId: o.primaryCare,
        responsibleStaffId: o.gp,
        startDate: '2026-12-01',
      },
      { description: 'Handlar på lördagar.', kind: 'NEXT_OF_KIN', performedBy: 'Birgit (maka)', startDate: '2026-12-05' },
    ],
    participants: [
      { kind: 'ORGANISATION', organisationId: o.municipality, attended: true },
      { kind: 'ORGANISATION', organisationId: o.primaryCare, attended: true },
      { kind: 'STAFF', organisationId: o.municipality, staffId: o.coordinator, attended: true },
      { kind: 'PATIENT', attended: true },
      { kind: 'NEXT_OF_KIN', name: 'Birgit Lindqvist', relation: 'maka', attended: false },
    ],
    overallResponsibleOrganisationId: o.municipality,
    coordinatorStaffId: o.coordinator,
    nextFollowUpDate: '2027-03-01',
    ...over,
  };
}

export type SipTokens = Record<'anna' | 'maria' | 'fatima' | 'johan' | 'linnea' | 'ulla' | 'emma' | 'eva' | 'per' | 'birgitta' | 'lars', string>;
export type SipStaff = Record<'maria' | 'anna' | 'fatima' | 'erik' | 'omar' | 'johan' | 'nils', string>;

/** Ids and tokens of the demo units and staff the SIP tests act as. */
export async function sipActors(t: TestApp): Promise<{ org: Record<DemoOrgKey, string>; s: SipStaff; tok: SipTokens }> {
  return {
    org: await orgIds(t),
    s: {
      maria: await t.staffId('mariaCoordinator'),
      anna: await t.staffId('annaNurse'),
      fatima: await t.staffId('fatimaGp'),
      erik: await t.staffId('erikGp'),
      omar: await t.staffId('omarRehab'),
      johan: await t.staffId('johanCoordinator'),
      nils: await t.staffId('nilsGp'),
    },
    tok: {
      anna: await t.token('annaNurse'),
      maria: await t.token('mariaCoordinator', 'jonkoping', 'CARE_COORDINATOR'),
      fatima: await t.token('fatimaGp'),
      johan: await t.token('johanCoordinator'),
      linnea: await t.token('linneaNurse'),
      ulla: await t.token('ullaNurse'),
      emma: await t.token('emmaNurse'),
      eva: await t.token('evaManager'),
      per: await t.token('perAdmin'),
      birgitta: await t.token('birgittaMas'),
      lars: await t.token('larsAdmin'),
    },
  };
}

/** Runs a GraphQL request that must succeed and returns its data. */
export async function gqlOk<T = any>(t: TestApp, query: string, vars: Record<string, unknown>, token: string): Promise<T> {
  const res = await t.gql(query, vars, token);
  expect(res.errors).toBeUndefined();
  return res.data;
}
