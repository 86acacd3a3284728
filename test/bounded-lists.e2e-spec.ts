import { RecordExperienceAnswersInput } from '../src/experience/dto/experience.input';
import fs from 'node:fs';
import { buildSchema, getNamedType, getNullableType, GraphQLObjectType, GraphQLSchema, isEnumType, isListType, isObjectType } from 'graphql';
import { getMetadataStorage } from 'class-validator';
import { CARE_RELATIONSHIP_SOURCES } from '../src/app/care-relationship.sources';
import {
  MAX_MEETING_MOVES,
  MAX_MEETING_PERSONS,
  RecordCarePlanFollowUpInput,
  RecordCarePlanMeetingHeldInput,
  ScheduleCarePlanMeetingInput,
} from '../src/care-plans/dto/care-plan-meeting.input';
import { UpdateCarePlanDraftInput } from '../src/care-plans/dto/care-plan.input';
import { SCHEMA_FILE } from '../src/cli/schema-file';
import { MAX_LIST_SIZE } from '../src/common/pagination';
import {
  MAX_ACTIONS,
  MAX_CONDITIONS,
  MAX_CONTACTS,
  MAX_LIMITATIONS,
  MAX_STEPS,
  PlanContentInput,
  PlanStepInput,
} from '../src/deterioration-plans/dto/plan.input';
import { MAX_EPISODE_CONTACTS, MAX_EPISODE_OBSERVATIONS, RecordDeteriorationEpisodeInput } from '../src/deterioration-plans/dto/episode.input';
import { MAX_DISCREPANCIES, MAX_MEDICATION_LINES, RecordMedicationReconciliationInput } from '../src/discharges/dto/medication.input';
import { DischargeHandoverInput, DischargeNoteInput } from '../src/discharges/dto/message.input';
import { MAX_MONTHS } from '../src/follow-up/period';
import { RecordConsentInput } from '../src/patients/dto/consent.input';
import { MAX_PROPOSED_GOALS, ProposeCarePlanChangeInput } from '../src/patient-view/dto/patient-view.input';
import { MAX_VISIT_PARTICIPANTS, RecordJointHomeVisitInput } from '../src/patients/dto/continuity.input';
import { RegisterPatientInput, UpdatePatientInput } from '../src/patients/dto/patient.input';
import { CompleteRoundInput, CreateRoundInput } from '../src/rounds/dto/round.input';
import { DEMO_ROUND_IDS } from '../src/demo/rounds';
import { auditMark, auditSince, patientId } from './helpers/patients';
import { expectError, startTestApp, TestApp } from './helpers/test-app';

/**
 * Every list in the API is bounded. A list-typed field of an object type is one of:
 *   (a) the `edges` of a …Connection (cursor-paginated, `first` at most 100);
 *   (b) a field with a `first` argument (ListArgs: the first 1–200, default 50);
 *   (c) bounded by design: listed below with the reason, checked against the validation it cites.
 * A new list field fails this test until it is one of them.
 */

/** Input limits the reasons cite; each is checked against the class-validator metadata. */
const cited: Array<{ input: new () => object; property: string; max: number }> = [];
function byInput(max: number, what: string, input: new () => object, property: string): string {
  cited.push({ input, property, max });
  return `at most ${max} ${what} (ArrayMaxSize(${max}) on ${input.name}.${property})`;
}
/** Enums the reasons cite as the bound (a fixed set of values in code); each is checked to be an enum of the schema. */
const enums = new Set<string>();
function oneEachOf(name: string, what = 'value'): string {
  enums.add(name);
  return `at most one ${what} per value of the enum ${name}: a set, not a history`;
}

const WITHHELD = oneEachOf('WithheldReason', 'reason');
const CHANGED_FIELDS = 'names of the fields that differ between two versions of one item: a fixed set in code (care-plan-diff.ts)';
const SIP_GOALS = byInput(30, 'goals per version (a version is a snapshot of a draft)', UpdateCarePlanDraftInput, 'goals');
const SIP_NEEDS = byInput(30, 'needs per version (a version is a snapshot of a draft)', UpdateCarePlanDraftInput, 'needs');
const SIP_ACTIONS = byInput(50, 'actions per version (a version is a snapshot of a draft)', UpdateCarePlanDraftInput, 'actions');
const SIP_PARTICIPANTS = byInput(40, 'participants per version (a version is a snapshot of a draft)', UpdateCarePlanDraftInput, 'participants');
const DIFF = (items: string) =>
  `a subset of the ${items} of one of the two versions compared: ${items === 'goals' ? SIP_GOALS : items === 'needs' ? SIP_NEEDS : items === 'actions' ? SIP_ACTIONS : SIP_PARTICIPANTS}`;
const PLAN_STEPS = byInput(MAX_STEPS, 'steps per plan version (MAX_STEPS; a signed version never changes)', PlanContentInput, 'steps');
const EVALUATED_STEPS = `at most one entry per step of the active plan evaluated (evaluateTriggers): ${PLAN_STEPS}`;
const ROUND_PARTICIPANTS = `${byInput(50, 'staff invited when the round is created', CreateRoundInput, 'participantStaffIds')}, plus ${byInput(100, 'attendees named when it is completed', CompleteRoundInput, 'attendedStaffIds')}; one row per round and staff member (uq_round_participant), no other way in`;
const REGISTER =
  'one row per municipality, or per primary care centre, of the region’s organisation register (reference data, changing when units open or close, not with use); the comparison is meant to show every one side by side';
const INDICATORS = oneEachOf('FollowUpIndicatorCode', 'indicator');
const DISCHARGE_MEDICATIONS = byInput(
  MAX_MEDICATION_LINES,
  'medication lines in the discharge notice’s handover, stored once',
  DischargeHandoverInput,
  'medications',
);

const BOUNDED_BY_DESIGN: Record<string, string> = {
  'AccessBasis.relationships': `the kinds of care relationship one organisation has with the patient, each at most once: ${CARE_RELATIONSHIP_SOURCES.length} sources (CARE_RELATIONSHIP_SOURCES)`,
  'AgendaItem.reasons': oneEachOf('AgendaReason', 'reason'),
  'AgendaItem.withheld': WITHHELD,
  'AgendaSuggestion.reasons': `${oneEachOf('AgendaReason', 'reason')} (grouped per reason in AGENDA_SUGGESTIONS_SQL)`,
  'GetCarePlansBody.content': 'always one piece: the plan as HTML (toCarePlanDocument)',
  'GetCarePlansBody.participatingCareUnitHSAId': `the distinct units one published version names: its participants (${SIP_PARTICIPANTS}), the unit with overall responsibility and those responsible for actions (${SIP_ACTIONS})`,
  'CarePlan.participatingOrganisations': `the distinct organisations of the draft’s participants and of the version in force’s: ${SIP_PARTICIPANTS}, twice`,
  'CarePlan.publishBlockers': oneEachOf('CarePlanPublishRequirement', 'requirement'),
  'CarePlanActionChange.changedFields': CHANGED_FIELDS,
  'CarePlanGoalChange.changedFields': CHANGED_FIELDS,
  'CarePlanNeedChange.changedFields': CHANGED_FIELDS,
  'CarePlanParticipantChange.changedFields': CHANGED_FIELDS,
  'CarePlanDiff.changedFields': 'the plan-level fields that differ: reason, overallResponsibleOrganisationId, coordinatorStaffId, nextFollowUpDate',
  'CarePlanActionDiff.added': DIFF('actions'),
  'CarePlanActionDiff.changed': DIFF('actions'),
  'CarePlanActionDiff.removed': DIFF('actions'),
  'CarePlanGoalDiff.added': DIFF('goals'),
  'CarePlanGoalDiff.changed': DIFF('goals'),
  'CarePlanGoalDiff.removed': DIFF('goals'),
  'CarePlanNeedDiff.added': DIFF('needs'),
  'CarePlanNeedDiff.changed': DIFF('needs'),
  'CarePlanNeedDiff.removed': DIFF('needs'),
  'CarePlanParticipantDiff.added': DIFF('participants'),
  'CarePlanParticipantDiff.changed': DIFF('participants'),
  'CarePlanParticipantDiff.removed': DIFF('participants'),
  'CarePlanContent.actions': SIP_ACTIONS,
  'CarePlanContent.goals': SIP_GOALS,
  'CarePlanContent.needs': SIP_NEEDS,
  'CarePlanContent.participants': SIP_PARTICIPANTS,
  'CarePlanFollowUp.experience': `${oneEachOf('CarePlanExperienceQuestion', 'answer')} (uq_care_plan_experience_answer; ${byInput(20, 'answers', RecordCarePlanFollowUpInput, 'experience')})`,
  'ExperienceSurvey.answers': `${oneEachOf('CarePlanExperienceQuestion', 'answer')} (uq_experience_answer_question; ${byInput(4, 'answers', RecordExperienceAnswersInput, 'answers')})`,
  'CarePlanFollowUp.outcomes': `one per goal or action of the version followed up (uq_care_plan_follow_up_outcome_item): ${byInput(80, 'outcomes', RecordCarePlanFollowUpInput, 'outcomes')}`,
  'CarePlanMeeting.attendingStaff': `set once, when the meeting is recorded as held: ${byInput(40, 'staff', RecordCarePlanMeetingHeldInput, 'attendingStaffIds')}`,
  'CarePlanMeeting.invitedPersons': `${byInput(MAX_MEETING_PERSONS, 'invited persons attended', RecordCarePlanMeetingHeldInput, 'attendedPersonIds')}; inviteToCarePlanMeeting refuses more than MAX_MEETING_PERSONS = ${MAX_MEETING_PERSONS} persons per meeting (the patient at most once, uq_care_plan_meeting_person_patient)`,
  'CarePlanMeeting.moves': `moveCarePlanMeeting refuses a move after MAX_MEETING_MOVES = ${MAX_MEETING_MOVES} (care-plan-meetings.service.ts): cancel and schedule a new meeting instead`,
  'CarePlanMeeting.invitations': `made only when the meeting is scheduled, one per organisation (uq_care_plan_meeting_invitation): ${byInput(20, 'organisations', ScheduleCarePlanMeetingInput, 'invitedOrganisationIds')}`,
  'Consent.organisationIds': byInput(50, 'organisations named in a consent', RecordConsentInput, 'organisationIds'),
  'DeteriorationEpisode.contacts': `recorded once, never changed: ${byInput(MAX_EPISODE_CONTACTS, 'contacts', RecordDeteriorationEpisodeInput, 'contacts')}`,
  'DeteriorationEpisode.matchedSteps': `a snapshot of the evaluation, recorded once: ${EVALUATED_STEPS}`,
  'DeteriorationEpisode.observations': `recorded once, never changed: ${byInput(MAX_EPISODE_OBSERVATIONS, 'observations', RecordDeteriorationEpisodeInput, 'observations')}`,
  'DeteriorationEvaluation.matched': EVALUATED_STEPS,
  'DeteriorationEvaluation.notEvaluable': EVALUATED_STEPS,
  'DeteriorationPlan.conditions': byInput(MAX_CONDITIONS, 'conditions per plan version (MAX_CONDITIONS)', PlanContentInput, 'conditions'),
  'DeteriorationPlan.contactLadder': byInput(MAX_CONTACTS, 'rungs per plan version (MAX_CONTACTS; `hours` only narrows it)', PlanContentInput, 'contacts'),
  'DeteriorationPlan.steps': PLAN_STEPS,
  'DeteriorationPlan.treatmentLimitations': byInput(
    MAX_LIMITATIONS,
    'limitations per plan version (MAX_LIMITATIONS)',
    PlanContentInput,
    'treatmentLimitations',
  ),
  'MyCarePlan.goals': `the published version's: ${SIP_GOALS}`,
  'MyCarePlan.actions': `the published version's: ${SIP_ACTIONS}`,
  'MyContacts.contactLadder': `the rungs of the signed plan for the current hours: ${byInput(MAX_CONTACTS, 'rungs per plan version (MAX_CONTACTS)', PlanContentInput, 'contacts')}`,
  'CarePlanProposal.goals': `stored once as proposed: ${byInput(MAX_PROPOSED_GOALS, 'goals per proposal (MAX_PROPOSED_GOALS)', ProposeCarePlanChangeInput, 'goals')}`,
  'UrgentCarePlan.contactLadder': `the rungs of the signed plan for the current hours: ${byInput(MAX_CONTACTS, 'rungs per plan version (MAX_CONTACTS)', PlanContentInput, 'contacts')}`,
  'UrgentCarePlan.treatmentLimitations': `the signed plan's: ${byInput(MAX_LIMITATIONS, 'limitations per plan version (MAX_LIMITATIONS)', PlanContentInput, 'treatmentLimitations')}`,
  'UrgentPlanSummary.conditions': `the signed plan's: ${byInput(MAX_CONDITIONS, 'conditions per plan version (MAX_CONDITIONS)', PlanContentInput, 'conditions')}`,
  'DeteriorationPlanStep.actions': byInput(MAX_ACTIONS, 'actions per step (MAX_ACTIONS)', PlanStepInput, 'actions'),
  'DischargeHandover.currentMedications': `the lines of \`medications\` not STOPPED: ${DISCHARGE_MEDICATIONS}`,
  'DischargeHandover.medications': DISCHARGE_MEDICATIONS,
  'DischargeHandover.riskAssessments': `exactly one per RiskArea: ${byInput(3, 'assessments', DischargeHandoverInput, 'riskAssessments')}`,
  'DischargeMessage.medications': byInput(MAX_MEDICATION_LINES, 'medication lines in a status message, stored once', DischargeNoteInput, 'medications'),
  'DischargeMessage.receivers':
    'the parties of the process other than the sender: at most 2 of hospital, municipality and primary care centre (messages.service.ts)',
  'FollowUpCell.distribution': 'how many answered 1, 2, 3, 4 and 5: five counts',
  'FollowUpComparison.indicators': INDICATORS,
  'FollowUpComparison.municipalities': REGISTER,
  'FollowUpComparison.primaryCareCentres': REGISTER,
  'FollowUpComparisonRow.values': INDICATORS,
  'FollowUpIndicator.months': `the calendar months the period touches, at most MAX_MONTHS = ${MAX_MONTHS} (period.ts refuses longer periods)`,
  'FollowUpReport.indicators': INDICATORS,
  'JointHomeVisit.participants': `recorded once, never changed: ${byInput(MAX_VISIT_PARTICIPANTS, 'participants', RecordJointHomeVisitInput, 'participantStaffIds')}`,
  'MedicationReconciliation.discrepancies': `recorded once, never changed (uq_medication_reconciliation_process): ${byInput(MAX_DISCREPANCIES, 'discrepancies', RecordMedicationReconciliationInput, 'discrepancies')}`,
  'Patient.nextOfKin': `${byInput(10, 'next of kin', RegisterPatientInput, 'nextOfKin')}; ${byInput(10, 'next of kin', UpdatePatientInput, 'nextOfKin')}`,
  'Patient.withheld': WITHHELD,
  'Round.participants': ROUND_PARTICIPANTS,
  'Round.participatingOrganisations': `set when the round is created: ${byInput(20, 'organisations', CreateRoundInput, 'participatingOrganisationIds')}`,
  'RoundDecision.withheld': WITHHELD,
  'RoundSummary.absent': `the participants who did not attend: ${ROUND_PARTICIPANTS}`,
  'RoundSummary.attended': `the participants who attended: ${ROUND_PARTICIPANTS}`,
  'Task.withheld': WITHHELD,
};

interface ListFieldReport {
  /** List fields that are neither connection edges, nor take `first`, nor bounded by design. */
  unbounded: string[];
  /** Table entries that name no list field of the schema, or one that takes `first` or is a connection's edges now. */
  stale: string[];
}

/** Every list-typed field of every object type, judged against the three ways a list may be bounded. */
function checkListFields(schema: GraphQLSchema, boundedByDesign: Record<string, string>): ListFieldReport & { all: string[] } {
  const all: string[] = [];
  const paged = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!isListType(getNullableType(field.type))) continue;
      const name = `${type.name}.${field.name}`;
      all.push(name);
      if ((type.name.endsWith('Connection') && field.name === 'edges') || field.args.some((a) => a.name === 'first')) paged.add(name);
    }
  }
  return {
    all,
    unbounded: all.filter((f) => !paged.has(f) && !(f in boundedByDesign)),
    stale: Object.keys(boundedByDesign).filter((f) => !all.includes(f) || paged.has(f)),
  };
}

function arrayMaxSize(input: new () => object, property: string): number | undefined {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(input, '', true, false);
  return metadata.find((m) => m.propertyName === property && m.name === 'arrayMaxSize')?.constraints?.[0];
}

describe('every list is bounded', () => {
  const schema = buildSchema(fs.readFileSync(SCHEMA_FILE, 'utf8'));
  const report = checkListFields(schema, BOUNDED_BY_DESIGN);

  it('each list field of the schema is connection edges, takes `first`, or is bounded by design with a reason', () => {
    expect(report.all.length).toBeGreaterThan(90);
    expect(report.unbounded).toEqual([]);
  });

  it('the bounded-by-design table names only list fields that exist and have no `first`', () => {
    expect(report.stale).toEqual([]);
    for (const reason of Object.values(BOUNDED_BY_DESIGN)) expect(reason.length).toBeGreaterThan(20);
  });

  it('the limits the reasons cite are the validation in force', () => {
    expect(cited.length).toBeGreaterThan(15);
    for (const { input, property, max } of cited)
      expect({ field: `${input.name}.${property}`, max: arrayMaxSize(input, property) }).toEqual({ field: `${input.name}.${property}`, max });
    for (const name of enums) expect(isEnumType(schema.getType(name)), name).toBe(true);
    // Where the list holds the enum's values themselves, it is that enum's list.
    const elementOf = (f: string) => getNamedType((schema.getType(f.split('.')[0]) as GraphQLObjectType).getFields()[f.split('.')[1]].type).name;
    for (const f of ['AgendaItem.withheld', 'Patient.withheld', 'RoundDecision.withheld', 'Task.withheld']) expect(elementOf(f), f).toBe('WithheldReason');
    expect(elementOf('AgendaItem.reasons')).toBe('AgendaReason');
    expect(elementOf('CarePlan.publishBlockers')).toBe('CarePlanPublishRequirement');
  });

  it('the check itself: an unbounded list fails it, and so does a table entry for a field that is gone', () => {
    const toy = buildSchema(`type Query { a: [Int!]! b(first: Int): [Int!]! c: [Int!] d: Int x: XConnection }
      type XConnection { edges: [Int!]! }`);
    expect(checkListFields(toy, { 'Query.c': 'two at most' })).toMatchObject({ unbounded: ['Query.a'], stale: [] });
    expect(checkListFields(toy, { 'Query.a': 'x', 'Query.c': 'x', 'Query.gone': 'x', 'Query.d': 'x', 'Query.b': 'x' }).stale).toEqual([
      'Query.gone',
      'Query.d',
      'Query.b',
    ]);
  });
});

describe('a patient’s open tasks, a page at a time', () => {
  let t: TestApp;
  let esther: string;
  let sip: string;
  let token: string;
  /** Esther's open tasks as the API must order them: due date, then id. */
  let expected: string[];
  const PAGE = `query($id: ID!, $first: Int, $after: String) { patient(id: $id) { openTaskCount openTasks(first: $first, after: $after) {
    edges { cursor node { id title dueDate } } pageInfo { hasNextPage endCursor } } } }`;
  const ADDED = 25;

  beforeAll(async () => {
    t = await startTestApp();
    esther = await patientId(t, 'esther');
    token = await t.token('annaNurse');
    // Copies of one of Esther's open tasks, due over a few days (several on one day, so the id decides),
    // linked to her SIP (so that its `tasks` list is long too).
    const [{ row }] = await t.sql<{ row: Record<string, unknown> }>(
      `SELECT to_jsonb(x) AS row FROM task x WHERE x.patient_id = $1 AND x.status = 'OPEN' ORDER BY x.due_date, x.id LIMIT 1`,
      [esther],
    );
    [{ id: sip }] = await t.sql<{ id: string }>(`SELECT id FROM care_plan WHERE patient_id = $1 AND status = 'ACTIVE'`, [esther]);
    const copies = Array.from({ length: ADDED }, (_, i) => ({
      ...row,
      id: crypto.randomUUID(),
      title: `Uppgift ${i + 1}`,
      due_date: `2026-12-0${1 + (i % 5)}`,
      care_plan_id: sip,
    }));
    await t.sql(`INSERT INTO task SELECT * FROM jsonb_populate_recordset(NULL::task, $1::jsonb)`, [JSON.stringify(copies)]);
    expected = (
      await t.sql<{ id: string }>(`SELECT id FROM task WHERE patient_id = $1 AND status IN ('OPEN', 'ACCEPTED', 'DECLINED') ORDER BY due_date, id`, [esther])
    ).map((r) => r.id);
  });
  afterAll(() => t?.close());

  it('answers the first page with hasNextPage, the next one after its endCursor, and openTaskCount the total', async () => {
    expect(expected.length).toBeGreaterThan(ADDED);
    const first = await t.gql(PAGE, { id: esther, first: 10 }, token);
    expect(first.errors).toBeUndefined();
    const page1 = first.data.patient.openTasks;
    expect(first.data.patient.openTaskCount).toBe(expected.length);
    expect(page1.edges.map((e: any) => e.node.id)).toEqual(expected.slice(0, 10));
    expect(page1.pageInfo).toEqual({ hasNextPage: true, endCursor: page1.edges[9].cursor });

    const second = await t.gql(PAGE, { id: esther, first: 10, after: page1.pageInfo.endCursor }, token);
    expect(second.data.patient.openTasks.edges.map((e: any) => e.node.id)).toEqual(expected.slice(10, 20));
    expect(second.data.patient.openTasks.pageInfo.hasNextPage).toBe(true);

    // Paging on to the end gives every open task once, in order; the last page says there is no more.
    const seen = [...page1.edges, ...second.data.patient.openTasks.edges].map((e: any) => e.node.id);
    let after = second.data.patient.openTasks.pageInfo.endCursor;
    for (;;) {
      const page = (await t.gql(PAGE, { id: esther, first: 10, after }, token)).data.patient.openTasks;
      seen.push(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
  });

  it('gives 20 by default, and a page that ends exactly at the last task says there is no next page', async () => {
    const dflt = await t.gql(`query($id: ID!) { patient(id: $id) { openTasks { edges { node { id } } pageInfo { hasNextPage } } } }`, { id: esther }, token);
    expect(dflt.data.patient.openTasks.edges).toHaveLength(20);
    const all = await t.gql(PAGE, { id: esther, first: expected.length }, token);
    expect(all.data.patient.openTasks.edges).toHaveLength(expected.length);
    expect(all.data.patient.openTasks.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses a page size out of range, and a cursor it did not make, naming the argument', async () => {
    for (const first of [0, 101, -1]) {
      expect(expectError(await t.gql(PAGE, { id: esther, first }, token), 'BAD_USER_INPUT').extensions.fields).toEqual([
        { field: 'first', message: expect.any(String) },
      ]);
    }
    const forged = Buffer.from(JSON.stringify(['2026-02-30', expected[0]])).toString('base64url');
    for (const after of ['bm9wZQ', forged, Buffer.from('["x"]').toString('base64url')]) {
      expect(expectError(await t.gql(PAGE, { id: esther, first: 5, after }, token), 'BAD_USER_INPUT').extensions.fields).toEqual([
        { field: 'after', message: 'is not a cursor returned by this list' },
      ]);
    }
  });

  it('reads the open tasks of a whole caseload page in one statement, whatever its length', async () => {
    const CASELOAD = `query($n: Int!) { myPatients(first: $n) { edges { node { id openTasks(first: 2) { edges { node { id } } pageInfo { hasNextPage } } } } } }`;
    const one = await t.gql(CASELOAD, { n: 1 }, token);
    const many = await t.gql(CASELOAD, { n: 8 }, token);
    expect(many.errors).toBeUndefined();
    expect(many.data.myPatients.edges.length).toBeGreaterThan(1);
    const estherRow = many.data.myPatients.edges.find((e: any) => e.node.id === esther);
    expect(estherRow.node.openTasks.edges.map((e: any) => e.node.id)).toEqual(expected.slice(0, 2));
    expect(estherRow.node.openTasks.pageInfo.hasNextPage).toBe(true);
    expect(many.extensions?.sqlStatements).toBe(one.extensions?.sqlStatements);
  });

  it('a SIP’s tasks are bounded the same way: the first `first`, earliest due first', async () => {
    const Q = `query($id: ID!, $f: Int) { carePlan(id: $id) { tasks(first: $f) { id } } }`;
    const all = (await t.gql(Q, { id: sip, f: MAX_LIST_SIZE }, token)).data.carePlan.tasks.map((x: any) => x.id);
    expect(all.length).toBeGreaterThanOrEqual(ADDED);
    expect(all).toEqual((await t.sql<{ id: string }>(`SELECT id FROM task WHERE care_plan_id = $1 ORDER BY due_date, id`, [sip])).map((r) => r.id));
    expect((await t.gql(Q, { id: sip, f: 5 }, token)).data.carePlan.tasks.map((x: any) => x.id)).toEqual(all.slice(0, 5));
    expect((await t.gql(`query($id: ID!) { carePlan(id: $id) { tasks { id } } }`, { id: sip }, token)).data.carePlan.tasks).toHaveLength(
      Math.min(all.length, 50),
    );
  });

  it('a round’s agenda gives its first `first` items, and reads (and logs) only those', async () => {
    const Q = `query($id: ID!, $f: Int) { round(id: $id) { agenda(first: $f) { id position patient { id } } } }`;
    const all = (await t.gql(Q, { id: DEMO_ROUND_IDS.lastWeek, f: MAX_LIST_SIZE }, token)).data.round.agenda;
    expect(all.map((i: any) => i.position)).toEqual([...all.map((i: any) => i.position)].sort((a, b) => a - b));
    expect(all.length).toBeGreaterThan(1);
    const mark = await auditMark(t);
    const one = (await t.gql(Q, { id: DEMO_ROUND_IDS.lastWeek, f: 1 }, token)).data.round.agenda;
    expect(one).toEqual(all.slice(0, 1));
    expect((await auditSince(t, mark)).filter((r) => r.operation === 'roundAgenda').map((r) => r.patient_id)).toEqual([all[0].patient.id]);
  });

  it('a list field with `first` answers at most that many, and refuses a bad `first` naming it', async () => {
    const Q = `query($id: ID!, $f: Int) { patient(id: $id) { consents(first: $f) { kind } careRelationships(first: $f) { kind } enrollments { startDate } } }`;
    const all = await t.gql(Q, { id: esther, f: MAX_LIST_SIZE }, token);
    expect(all.errors).toBeUndefined();
    expect(all.data.patient.careRelationships.length).toBeGreaterThan(1);
    const one = await t.gql(Q, { id: esther, f: 1 }, token);
    expect(one.data.patient.careRelationships).toEqual(all.data.patient.careRelationships.slice(0, 1));
    expect(one.data.patient.consents).toEqual(all.data.patient.consents.slice(0, 1));
    for (const f of [0, MAX_LIST_SIZE + 1, null]) {
      const fields = expectError(await t.gql(Q, { id: esther, f }, token), 'BAD_USER_INPUT').extensions.fields;
      expect(fields?.map((x) => x.field)).toEqual(expect.arrayContaining(['first']));
      expect(fields?.every((x) => x.field === 'first')).toBe(true);
    }
  });
});
