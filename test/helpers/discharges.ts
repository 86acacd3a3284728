import { DemoOrgKey, DemoStaffKey } from '../../src/demo/region';
import { DEMO_PATIENTS, demoPersonnummer, withCheckDigit } from '../../src/demo/patients';
import { Clock } from '../../src/common/clock';
import { GqlResult, TestApp } from './test-app';

/** Everything about a process the tests look at. */
export const PROCESS = `fragment P on DischargeProcess {
  id status admittedAt dischargedAt closedAt cancelledAt cancellationReason cancellationNote myParty plannedDischargeDate
  careContact { name }
  hospitalWard { hsaId } municipality { hsaId } primaryCareCentre { hsaId }
  patient { id givenName }
  messages {
    id kind sentAt acknowledgementDueAt contentWithheld withheldReason note plannedDischargeDate sipId proposedMeetingAt
    carePlan { id status version myOrganisationParticipates }
    senderOrganisation { hsaId } senderStaff { name } appointedCareContact { name }
    handover { reasonForAdmission responsibleClinicians careSummary currentHealthAndFunction riskAssessments { area level note } medicationChanges
      medications { ...Line } currentMedications { lineNumber name dosage } followUp }
    medications { ...Line }
    receivers { organisation { hsaId } acknowledgedAt acknowledgementDueAt acknowledgementState acknowledgedBy { name } }
  }
  deadlines { kind dueAt doneAt state mine messageId responsibleOrganisation { hsaId } }
  paymentResponsibility { agreedDays dailyAmountSek days amountSek firstPayableDate payableDates running }
}
fragment Line on MedicationLine { lineNumber substance product strength dose route status reason followUpDate nllReference }`;

const withP = (op: string) => `${op} ${PROCESS}`;

export const Q = {
  open: withP(`mutation($i: OpenDischargeProcessInput!) { r: openDischargeProcess(input: $i) { ...P } }`),
  status: withP(`mutation($i: DischargeNoteInput!) { r: sendStatusMessage(input: $i) { ...P } }`),
  admission: withP(`mutation($i: DischargeNoteInput!) { r: sendAdmissionNotice(input: $i) { ...P } }`),
  appoint: withP(`mutation($i: AppointCareContactInput!) { r: appointCareContact(input: $i) { ...P } }`),
  planned: withP(`mutation($i: PlannedDischargeDateInput!) { r: sharePlannedDischargeDate(input: $i) { ...P } }`),
  ready: withP(`mutation($i: ReadyForDischargeInput!) { r: issueReadyForDischarge(input: $i) { ...P } }`),
  withdraw: withP(`mutation($i: ReadyForDischargeInput!) { r: withdrawReadyForDischarge(input: $i) { ...P } }`),
  discharge: withP(`mutation($i: DischargeNoticeInput!) { r: sendDischargeNotice(input: $i) { ...P } }`),
  sip: withP(`mutation($i: SipInvitationInput!) { r: sendSipInvitation(input: $i) { ...P } }`),
  close: withP(`mutation($id: ID!) { r: closeDischargeProcess(processId: $id) { ...P } }`),
  cancel: withP(`mutation($i: CancelDischargeProcessInput!) { r: cancelDischargeProcess(input: $i) { ...P } }`),
  get: withP(`query($id: ID!) { r: dischargeProcess(id: $id) { ...P } }`),
  list: withP(
    `query($patientId: ID!, $first: Int, $after: String) { r: dischargeProcesses(patientId: $patientId, first: $first, after: $after) { edges { cursor node { ...P } } pageInfo { hasNextPage endCursor } } }`,
  ),
  ack: `mutation($id: ID!) { r: acknowledgeDischargeMessage(messageId: $id) { id kind contentWithheld receivers { organisation { hsaId } acknowledgedAt acknowledgementState acknowledgedBy { name } } } }`,
  inbox: `query($first: Int, $after: String) { r: dischargeInbox(first: $first, after: $after) {
    edges { cursor node { overdueCount process { id status patient { givenName } }
      awaitingUs { kind state dueAt messageId }
      unacknowledgedMessages { id kind contentWithheld note senderOrganisation { hsaId } receivers { organisation { hsaId } acknowledgementState } } } }
    pageInfo { hasNextPage endCursor } } }`,
};

export const HANDOVER_CONTENT = {
  reasonForAdmission: 'Pneumoni',
  responsibleClinicians: 'Medicinavdelning M1, Ali Karimi',
  careSummary: 'Antibiotika intravenöst i tre dygn, sedan peroralt. Inga komplikationer.',
  currentHealthAndFunction: 'Går med rollator, orienterad.',
  riskAssessments: [
    { area: 'FALLS', level: 'RISK', note: 'Downton 3' },
    { area: 'PRESSURE_ULCERS', level: 'NO_RISK' },
    { area: 'NUTRITION', level: 'NOT_ASSESSED' },
  ],
  medicationChanges: 'Amoxicillin insatt i 5 dagar.',
  medications: [
    {
      substance: 'amoxicillin',
      product: 'Amoxicillin 500 mg kapsel',
      dose: '1 kapsel 3 gånger dagligen i 5 dagar',
      route: 'ORAL',
      status: 'NEW',
      reason: 'Pneumoni.',
    },
    { substance: 'furosemid', strength: '40 mg', dose: '1 tablett på morgonen', route: 'ORAL', status: 'UNCHANGED' },
    { product: 'Ibuprofen 400 mg tablett', dose: '1 tablett vid behov', route: 'ORAL', status: 'STOPPED', reason: 'Njurfunktionen.' },
  ],
  followUp: 'Vårdcentralen följer upp om en vecka.',
};

export function personnummerOf(key: string): string {
  return demoPersonnummer(DEMO_PATIENTS.find((p) => p.key === key)!);
}

export async function patientIdOf(t: TestApp, key: string): Promise<string> {
  return (await t.sql('SELECT id FROM patient WHERE personnummer = $1', [personnummerOf(key)]))[0].id;
}

/** A fresh, valid personnummer for patients registered by a test (serials 500+ are not demo). */
export function freshPersonnummer(i: number): string {
  return withCheckDigit('19300101', String(500 + i).padStart(3, '0'));
}

export function setClock(t: TestApp, iso: string): void {
  t.app.get(Clock).set(new Date(iso));
}

/** Run a query as a demo staff member and return `data.r`, failing the test on any error. */
export async function as<T = any>(t: TestApp, who: DemoStaffKey, org: DemoOrgKey | undefined, query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await t.gql(query, variables, await t.token(who, org));
  if (res.errors) throw new Error(`${who}: ${JSON.stringify(res.errors)}`);
  return res.data.r as T;
}

/** Run a query expecting an error; returns the response. */
export async function attempt(
  t: TestApp,
  who: DemoStaffKey,
  org: DemoOrgKey | undefined,
  query: string,
  variables: Record<string, unknown>,
): Promise<GqlResult> {
  return t.gql(query, variables, await t.token(who, org));
}
