import { Clock } from '../../src/common/clock';
import { withCheckDigit } from '../../src/demo/patients';
import { DemoOrgKey, DemoStaffKey } from '../../src/demo/region';
import { TestApp } from './test-app';

/** The project's present, as the demo data assumes it: Sunday 2026-11-22, 11:00 in Stockholm. */
export const NOW = new Date('2026-11-22T10:00:00Z');

export function pinClock(t: TestApp, at: Date = NOW): void {
  t.app.get(Clock).set(at);
}

export const ROUND_FIELDS = `id title kind status videoLink startsAt endsAt cancellationReason organiser { name } participatingOrganisations { name }
  participants { staff { name } organisation { name } attended }`;
export const CREATE_ROUND = `mutation($i: CreateRoundInput!) { createRound(input: $i) { ${ROUND_FIELDS} } }`;
export const READ_ROUND = `query($id: ID!) { round(id: $id) { ${ROUND_FIELDS} } }`;
export const START_ROUND = `mutation($id: ID!) { startRound(roundId: $id) { id status startedAt } }`;
export const COMPLETE_ROUND = `mutation($i: CompleteRoundInput!) { completeRound(input: $i) { id status completedAt participants { staff { name } attended } } }`;
export const CANCEL_ROUND = `mutation($i: CancelRoundInput!) { cancelRound(input: $i) { id status cancellationReason } }`;
export const SUGGEST = `query($id: ID!) { suggestedAgenda(roundId: $id) { patient { id givenName familyName } reasons { reason description detail } } }`;
export const ADD_ITEM = `mutation($i: AddAgendaItemInput!) { addAgendaItem(input: $i) { id position reasons addedManually notesVersion patient { id givenName } } }`;
export const NOTES = `mutation($i: UpdateAgendaNotesInput!) { updateAgendaNotes(input: $i) { id notes notesVersion notesUpdatedBy { name } } }`;
export const DECIDE = `mutation($i: RecordDecisionInput!) { recordDecision(input: $i) { id text decidedBy { name } decidedByOrganisation { name }
  task { id title status dueDate overdue assignedToMe carePlanId carePlanActionId deteriorationPlanId assignee { role staff { name } organisation { name } } patient { id } } } }`;
export const SUMMARY = `query($id: ID!) { roundSummary(roundId: $id) { round { id status } attended { name } absent { name }
  patients { position reasons notes patient { givenName } decisions { text decidedBy { name } task { title } } tasks { title status assignee { role organisation { name } } } } } }`;

export interface RoundIds {
  org: Record<DemoOrgKey, string>;
  staff: Partial<Record<DemoStaffKey, string>>;
}

export async function orgIds(t: TestApp): Promise<Record<DemoOrgKey, string>> {
  const keys: DemoOrgKey[] = ['hospital', 'wardMedicine', 'wardGeriatrics', 'jonkoping', 'habo', 'vcSjobacken', 'vcEkdalen'];
  return Object.fromEntries(await Promise.all(keys.map(async (k) => [k, await t.orgId(k)]))) as Record<DemoOrgKey, string>;
}

export async function staffIds<K extends DemoStaffKey>(t: TestApp, keys: K[]): Promise<Record<K, string>> {
  return Object.fromEntries(await Promise.all(keys.map(async (k) => [k, await t.staffId(k)]))) as Record<K, string>;
}

/** Plans a round as `who` and returns its id (throws on errors). */
export async function planRound(t: TestApp, who: DemoStaffKey, input: Record<string, unknown>): Promise<string> {
  const res = await t.gql(CREATE_ROUND, { i: { kind: 'REGULAR', startsAt: '2026-11-23T08:00:00Z', ...input } }, await t.token(who));
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.createRound.id;
}

/** Registers a patient as a Jönköping nurse and enrolls them with the given primary care centre. */
export async function enrolledPatient(
  t: TestApp,
  opts: { serial: string; name: string; primaryCare: string; physician: string; start: string },
): Promise<string> {
  const token = await t.token('annaNurse');
  const reg = await t.gql(
    `mutation($i: RegisterPatientInput!) { registerPatient(input: $i) { patientId } }`,
    { i: { personnummer: withCheckDigit('19400202', opts.serial), purpose: 'ENROLLMENT', givenName: opts.name, familyName: 'Rondsson', nextOfKin: [] } },
    token,
  );
  if (reg.errors) throw new Error(JSON.stringify(reg.errors));
  const id = reg.data.registerPatient.patientId;
  const enr = await t.gql(
    `mutation($i: EnrollPatientInput!) { enrollPatient(input: $i) { id } }`,
    {
      i: {
        patientId: id,
        primaryCareCentreId: opts.primaryCare,
        namedNurseId: await t.staffId('annaNurse'),
        namedPhysicianId: opts.physician,
        startDate: opts.start,
      },
    },
    token,
  );
  if (enr.errors) throw new Error(JSON.stringify(enr.errors));
  return id;
}
