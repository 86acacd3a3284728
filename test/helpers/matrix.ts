import {
  getNamedType,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputField,
  GraphQLInputType,
  GraphQLSchema,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { PatientGrant } from '../../src/access/patient-grant';
import { READ_ONLY_MESSAGES, ReadOnlyReason } from '../../src/access/patient-gate';
import { AccessTarget, OperationRule, organisationsOf, Reach } from '../../src/access/policy';
import { RecordKind } from '../../src/access/record-kind';
import { Role } from '../../src/common/roles';
import { withCheckDigit } from '../../src/demo/patients';

/**
 * The authorization matrix: every root operation × every role × every relationship state, with the
 * expected outcome derived from the declarations (the operation's roles, organisation kinds and
 * access target with its reach; the record kinds' visibility rules) and the state's declared grant.
 * Nothing here is written per operation: the arguments come from the schema, with sample values
 * chosen by argument name and type.
 */

/** The relationship states of the calling organisation X with the fixture patient P. */
export const STATES = ['none', 'indirect', 'direct', 'emergency', 'consent-revoked', 'blocked', 'protected-identity'] as const;
export type State = (typeof STATES)[number];

/**
 * What each state is, as a grant (the decision the gate should reach for X and P). Every fixture
 * patient is enrolled by the other municipality MO with the other centre PO, in hospital on the
 * other ward HO, with a consent to information sharing covering the care team (revoked in
 * `consent-revoked`). X's own relationship:
 *  - none: nothing; emergency: nothing, and the caller's own emergency access;
 *  - indirect: X takes part in P's SIP; protected-identity: the same, and P has skyddad identitet;
 *  - direct: MO added X to the care team; consent-revoked and blocked: the same, with the consent
 *    revoked, or with MO's information blocked (spärrad).
 */
export function grantOf(state: State, patientId: string, x: string, mo: string): PatientGrant {
  const rel: Record<State, string[]> = {
    none: [],
    emergency: [],
    indirect: ['SIP_PARTICIPANT'],
    'protected-identity': ['SIP_PARTICIPANT'],
    direct: ['CARE_TEAM'],
    'consent-revoked': ['CARE_TEAM'],
    blocked: ['CARE_TEAM'],
  };
  return {
    patientId,
    exists: true,
    relationships: rel[state],
    direct: ['direct', 'consent-revoked', 'blocked'].includes(state),
    emergency: state === 'emergency',
    consent: rel[state].length > 0 && state !== 'consent-revoked',
    blockedOrganisationIds: state === 'blocked' ? [mo] : [],
    protectedIdentity: state === 'protected-identity',
    actorOrganisationId: x,
  };
}

/** The outcome the declarations give for one case. */
export type Expected =
  | { kind: 'role-refused' }
  | { kind: 'organisation-refused' }
  | { kind: 'absent'; emergencyFlag: boolean }
  | { kind: 'read-only'; reason: ReadOnlyReason }
  | { kind: 'passes'; emergencyFlag: boolean };

const isEmergencyOnly = (g: PatientGrant) => g.emergency && g.relationships.length === 0;
const widens = (g: PatientGrant) => g.emergency && (g.relationships.length === 0 || !g.consent);
const noEmergency = (g: PatientGrant): PatientGrant => ({ ...g, emergency: false });

/**
 * The expected outcome: the policy's roles and organisation kinds first, then, for an operation
 * that addresses one patient, the declared reach applied to the state's grant and the visibility
 * rules of the record addressed (and of its parent), as the policy file states them.
 */
export function expectedOutcome(
  rule: OperationRule,
  role: Role,
  actorKind: string,
  grant: PatientGrant,
  visibleRecords: Array<{ kind: RecordKind; row: { id: string; patientId: string } }>,
): Expected {
  if (!rule.roles.includes(role)) return { kind: 'role-refused' };
  if (!organisationsOf(rule).kinds.includes(actorKind)) return { kind: 'organisation-refused' };
  const t = rule.access;
  if (t.kind !== 'patient' && t.kind !== 'record' && t.kind !== 'personnummer') return { kind: 'passes', emergencyFlag: false };
  const reach: Reach = t.reach;
  const allowed = grant.exists && (grant.relationships.length > 0 || grant.emergency);
  const absent = { kind: 'absent', emergencyFlag: grant.emergency } as const;
  if (reach === 'register') return { kind: 'passes', emergencyFlag: false };
  if (reach === 'establish') {
    const needs = t.kind === 'patient' && t.needsRelationship;
    return needs && grant.relationships.length === 0 ? absent : { kind: 'passes', emergencyFlag: false };
  }
  if (reach === 'review') {
    return visibleRecords.every(({ kind, row }) => !kind.visible || kind.visible(grant, row)) ? { kind: 'passes', emergencyFlag: false } : absent;
  }
  // The urgent read needs no relationship and flags every attempt; a protected identity (never seen
  // without a direct relationship) answers as absence. The fixture's active plan is recorded and signed
  // by PO, which no state blocks, so every other state reads it.
  if (reach === 'urgent') return grant.protectedIdentity && !grant.direct ? { kind: 'absent', emergencyFlag: true } : { kind: 'passes', emergencyFlag: true };
  if (!allowed) return absent;
  if (visibleRecords.some(({ kind, row }) => kind.visible && !kind.visible(grant, row))) return absent;
  if (reach === 'read') return { kind: 'passes', emergencyFlag: widens(grant) };
  if (isEmergencyOnly(grant)) return { kind: 'read-only', reason: 'emergency-read-only' };
  if (reach === 'write-direct' && !grant.direct) return { kind: 'read-only', reason: 'direct-relationship-required' };
  if (visibleRecords.some(({ kind, row }) => kind.visible && !kind.visible(noEmergency(grant), row)))
    return { kind: 'read-only', reason: 'emergency-read-only' };
  return { kind: 'passes', emergencyFlag: false };
}

export function readOnlyMessage(reason: ReadOnlyReason): string {
  return READ_ONLY_MESSAGES[reason];
}

// ---- the fixture ----

/** Ids of one fixture: the patient and a record of every kind an operation addresses by id. */
export interface Fixture {
  patient: string;
  personnummer: string;
  records: Record<string, string>;
}

/**
 * One plpgsql function builds a fixture in one round trip: a patient in the given state towards
 * the calling organisation, and one record of every kind, recorded by the other organisations (so
 * that consent and block rules bite), except those that are the caller's by nature (its own block,
 * its staff's block opening and emergency access, a handover to it, a task for it).
 */
export const FIXTURE_FUNCTION = `
CREATE OR REPLACE FUNCTION matrix_fixture(state text, pnr text, x uuid, actor uuid, actor_assignment uuid, actor_role text, x_other uuid, x_other_assignment uuid,
                                          mo uuid, po uuid, ho uuid, mo_nurse uuid, po_gp uuid, ho_dc uuid) RETURNS jsonb LANGUAGE plpgsql AS $fn$
DECLARE
  p uuid; enrollment uuid; process uuid; message uuid; consent uuid; plan uuid; plan_version uuid; meeting uuid; dp_active uuid; dp_draft uuid;
  task uuid; handover uuid; member uuid; episode uuid; x_block uuid; opening uuid; x_emergency uuid; round uuid; item uuid;
  representative uuid; proposal uuid;
  participants uuid[];
BEGIN
  INSERT INTO patient (version, personnummer, given_name, family_name, birth_date, next_of_kin, protected_identity, what_matters_to_me, what_matters_to_me_recorded_by, registered_by_organisation_id, registered_by_staff_id)
  VALUES (1, pnr, 'Matris', 'Patient', to_date(substr(pnr, 1, 8), 'YYYYMMDD'), '[]', state = 'protected-identity', 'Att få bo hemma.', mo, mo, mo_nurse) RETURNING id INTO p;
  INSERT INTO home_healthcare_enrollment (patient_id, municipality_id, primary_care_id, named_nurse_id, named_physician_id, start_date, enrolled_by_staff_id, status)
  VALUES (p, mo, po, mo_nurse, po_gp, '2026-11-01', mo_nurse, 'ACTIVE') RETURNING id INTO enrollment;
  INSERT INTO discharge_process (patient_id, hospital_id, municipality_id, primary_care_id, admitted_at, agreed_days, opened_by_staff_id, status)
  VALUES (p, ho, mo, po, now() - interval '2 hours', 3, ho_dc, 'ADMITTED') RETURNING id INTO process;
  INSERT INTO discharge_message (process_id, patient_id, kind, sender_organisation_id, sender_staff_id, sent_at, acknowledgement_due_at, note)
  VALUES (process, p, 'ADMISSION_NOTICE', ho, ho_dc, now() - interval '1 hour', now() + interval '23 hours', 'Inlagd med andningsbesvär.') RETURNING id INTO message;
  INSERT INTO discharge_message_receiver (message_id, process_id, organisation_id) VALUES (message, process, mo), (message, process, po);
  INSERT INTO consent (patient_id, kind, given_by, scope, organisation_ids, valid_from, recorded_by_staff_id, recorded_by_organisation_id, revoked_at, revoked_by_staff_id, revocation_reason)
  VALUES (p, 'INFORMATION_SHARING', 'PATIENT', 'CARE_TEAM', '{}', '2026-01-01', mo_nurse, mo,
          CASE WHEN state = 'consent-revoked' THEN now() END, CASE WHEN state = 'consent-revoked' THEN mo_nurse END, CASE WHEN state = 'consent-revoked' THEN 'Återkallat' END)
  RETURNING id INTO consent;
  INSERT INTO consent (patient_id, kind, given_by, scope, organisation_ids, valid_from, recorded_by_staff_id, recorded_by_organisation_id)
  VALUES (p, 'SIP', 'PATIENT', 'CARE_TEAM', '{}', '2026-01-01', mo_nurse, mo);
  participants := CASE WHEN state IN ('indirect', 'protected-identity') THEN ARRAY[mo, po, x] ELSE ARRAY[mo, po] END;
  INSERT INTO care_plan (id, patient_id, status, version, draft_open, reason, participant_organisation_ids, created_by_staff_id, created_by_organisation_id, created_at, updated_at, updated_by_staff_id)
  VALUES (gen_random_uuid(), p, 'DRAFT', 1, true, 'Insatser från både kommun och region.', participants, mo_nurse, mo, now(), now(), mo_nurse) RETURNING id INTO plan;
  INSERT INTO care_plan_participant (id, care_plan_id, position, kind, organisation_id)
  SELECT gen_random_uuid(), plan, ord - 1, 'ORGANISATION', o FROM unnest(participants) WITH ORDINALITY AS u(o, ord);
  INSERT INTO care_plan_organisation (care_plan_id, organisation_id, patient_id) SELECT plan, o, p FROM unnest(participants) AS o;
  INSERT INTO care_plan_version (care_plan_id, patient_id, number, snapshot, participant_organisation_ids, published_at, published_by_staff_id, published_by_organisation_id)
  VALUES (plan, p, 1, jsonb_build_object('reason', 'Insatser från både kommun och region.', 'goals', '[]'::jsonb, 'needs', '[]'::jsonb, 'actions', '[]'::jsonb, 'participants', '[]'::jsonb,
          'overallResponsibleOrganisationId', mo, 'coordinatorStaffId', null, 'nextFollowUpDate', '2027-06-01'), participants, now() - interval '1 day', mo_nurse, mo)
  RETURNING id INTO plan_version;
  INSERT INTO care_plan_meeting (care_plan_id, patient_id, starts_at, place, status, scheduled_by_staff_id, scheduled_by_organisation_id, scheduled_at, attending_staff_ids)
  VALUES (plan, p, now() + interval '1 day', 'HOME', 'SCHEDULED', mo_nurse, mo, now(), '{}') RETURNING id INTO meeting;
  INSERT INTO care_plan_meeting_invitation (meeting_id, organisation_id, invited_at) SELECT meeting, o, now() FROM unnest(participants) AS o;
  INSERT INTO deterioration_plan (version, patient_id, plan_version, status, conditions, treatment_limitations, steps, contacts, review_date, recorded_by_organisation_id, drafted_by_staff_id, last_edited_by_staff_id, signed_at, signed_by_staff_id, signed_by_organisation_id)
  VALUES (1, p, 1, 'ACTIVE', '{Hjärtsvikt}', '[]', '[]', '[]', '2027-06-01', po, po_gp, po_gp, now(), po_gp, po) RETURNING id INTO dp_active;
  INSERT INTO deterioration_plan (version, patient_id, plan_version, status, conditions, treatment_limitations, steps, contacts, review_date, recorded_by_organisation_id, drafted_by_staff_id, last_edited_by_staff_id)
  VALUES (1, p, 2, 'DRAFT', '{Hjärtsvikt}', '[]', '[]', '[]', '2027-06-01', po, po_gp, po_gp) RETURNING id INTO dp_draft;
  INSERT INTO deterioration_episode (patient_id, occurred_at, observations, actions_taken, outcome, recorded_by_organisation_id, recorded_by_staff_id)
  VALUES (p, now() - interval '1 hour', '[{"kind": "PULSE", "value": 96}]', 'Extra dos enligt ordination.', 'STAYED_HOME', mo, mo_nurse) RETURNING id INTO episode;
  INSERT INTO task (patient_id, title, assignee_organisation_id, assignee_staff_id, due_date, created_by_staff_id, created_by_organisation_id)
  VALUES (p, 'Uppföljning', x, actor, current_date + 7, mo_nurse, mo) RETURNING id INTO task;
  INSERT INTO handover (patient_id, occasion, sender_organisation_id, sender_staff_id, receiver_organisation_id, sent_at, situation, background, assessment, recommendation, acknowledgement_due_at, urgency, requested_response, respond_by)
  VALUES (p, 'CHANGE_IN_CONDITION', po, po_gp, x, now(), 'S', 'B', 'A', 'R', now() + interval '24 hours', 'TODAY', 'PHONE_ASSESSMENT', now() + interval '4 hours') RETURNING id INTO handover;
  INSERT INTO care_team_member (patient_id, organisation_id, reason, added_by_staff_id, added_by_organisation_id) VALUES (p, po, 'Vårdcentral', mo_nurse, mo) RETURNING id INTO member;
  IF state IN ('direct', 'consent-revoked', 'blocked') THEN
    INSERT INTO care_team_member (patient_id, organisation_id, reason, added_by_staff_id, added_by_organisation_id) VALUES (p, x, 'Ingår i vården', mo_nurse, mo);
  END IF;
  IF state = 'blocked' THEN
    INSERT INTO information_block (patient_id, organisation_id, recorded_by_staff_id) VALUES (p, mo, mo_nurse);
  END IF;
  INSERT INTO information_block (patient_id, organisation_id, recorded_by_staff_id) VALUES (p, x, actor) RETURNING id INTO x_block;
  INSERT INTO block_opening (patient_id, staff_id, organisation_id, basis, reason, requested_at) VALUES (p, actor, x, 'PATIENT_CONSENT', 'Samtycke', now()) RETURNING id INTO opening;
  IF state = 'emergency' THEN
    INSERT INTO emergency_access (patient_id, staff_id, assignment_id, organisation_id, reason, opened_at, expires_at)
    VALUES (p, actor, actor_assignment, x, 'Medvetslös', now() - interval '1 minute', now() + interval '4 hours');
  END IF;
  INSERT INTO emergency_access (patient_id, staff_id, assignment_id, organisation_id, reason, opened_at, expires_at)
  VALUES (p, x_other, x_other_assignment, x, 'Tidigare nödåtkomst', now() - interval '2 days', now() - interval '2 days' + interval '4 hours') RETURNING id INTO x_emergency;
  INSERT INTO round (kind, starts_at, organiser_id, participating_organisation_ids, created_by_staff_id) VALUES ('REGULAR', now() + interval '1 day', po, ARRAY[mo, x], po_gp) RETURNING id INTO round;
  INSERT INTO round_agenda_item (round_id, patient_id, position, reasons, added_by_staff_id, added_by_organisation_id) VALUES (round, p, 1, '{}', po_gp, po) RETURNING id INTO item;
  INSERT INTO patient_representative (patient_id, representative_personnummer, name, kind, valid_from, recorded_at, recorded_by_staff_id, recorded_by_organisation_id)
  VALUES (p, '196503042826', 'Matris Ombud', 'OMBUD', '2026-01-01', now(), mo_nurse, mo) RETURNING id INTO representative;
  INSERT INTO care_plan_proposal (patient_id, care_plan_id, goals, message, status, proposed_at)
  VALUES (p, plan, '["Att gå till brevlådan"]', 'Från patienten', 'PROPOSED', now()) RETURNING id INTO proposal;
  RETURN jsonb_build_object('patient', p, 'home_healthcare_enrollment', enrollment, 'discharge_process', process, 'discharge_message', message, 'consent', consent,
    'care_plan', plan, 'care_plan_version', plan_version, 'care_plan_meeting', meeting, 'deterioration_plan', dp_draft, 'deterioration_plan_active', dp_active, 'deterioration_episode', episode, 'task', task, 'handover', handover,
    'care_team_member', member, 'information_block', x_block, 'block_opening', opening, 'emergency_access', x_emergency, 'round', round, 'round_agenda_item', item,
    'patient_representative', representative, 'care_plan_proposal', proposal);
END
$fn$`;

/**
 * Counts every row written outside the access log, transactionally: a refused request that wrote
 * and rolled back counts nothing, a write that committed counts. Installed in the matrix's own
 * test database only.
 */
export function writeCounterDdl(tables: string[]): string[] {
  return [
    `CREATE TABLE matrix_writes (n bigint NOT NULL)`,
    `INSERT INTO matrix_writes VALUES (0)`,
    `CREATE FUNCTION matrix_count_write() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN UPDATE matrix_writes SET n = n + 1; RETURN NULL; END $fn$`,
    ...tables.map((t) => `CREATE TRIGGER matrix_count_write AFTER INSERT OR UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION matrix_count_write()`),
  ];
}

let serial = 0;
/** A fresh valid personnummer per fixture (born 1930–1935, serials 100–999). */
export function nextPersonnummer(): string {
  const n = serial++;
  const day = 1 + (n % 28);
  const month = 1 + (Math.floor(n / 28) % 12);
  const year = 1930 + Math.floor(n / 336);
  return withCheckDigit(`${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`, String(100 + (Math.floor(n / 4032) % 900)).padStart(3, '0'));
}

// ---- arguments, from the schema ----

export interface ArgContext {
  /** The argument path (e.g. `input.taskId`) that names the operation's target, and its value. */
  target: { path: string; value: string } | null;
  fixture: Fixture;
  ids: Record<string, string>;
  today: string;
}

/** Sample values by argument name, for what the schema's types alone do not make valid. */
function idFor(name: string, c: ArgContext): string {
  const r = c.fixture.records;
  const byName: Record<string, string | undefined> = {
    patientId: c.fixture.patient,
    carePlanId: r.care_plan,
    meetingId: r.care_plan_meeting,
    versionId: r.care_plan_version,
    planId: r.deterioration_plan,
    deteriorationPlanId: r.deterioration_plan,
    taskId: r.task,
    processId: r.discharge_process,
    messageId: r.discharge_message,
    handoverId: r.handover,
    enrollmentId: r.home_healthcare_enrollment,
    memberId: r.care_team_member,
    consentId: r.consent,
    blockId: r.information_block,
    openingId: r.block_opening,
    emergencyAccessId: r.emergency_access,
    roundId: r.round,
    representativeId: r.patient_representative,
    proposalId: r.care_plan_proposal,
    itemId: r.round_agenda_item,
    receiverOrganisationId: c.ids.po,
    primaryCareCentreId: c.ids.po,
    municipalityId: c.ids.mo,
    organisationId: c.ids.po,
    namedNurseId: c.ids.actor,
    namedPhysicianId: c.ids.poGp,
    staffId: c.ids.poGp,
  };
  return byName[name] ?? '00000000-0000-4000-8000-00000000a11d';
}

function dateFor(name: string, c: ArgContext): string {
  if (/^(validFrom|decidedOn)$/.test(name)) return '2026-01-01';
  if (/^(nextFollowUpDate|dueDate|reviewDate|plannedDate|validUntil|to)$/.test(name)) return '2027-06-01';
  if (/^(endDate)$/.test(name)) return '2027-01-31';
  return c.today;
}

function dateTimeFor(name: string): string {
  if (/^(admittedAt|heldAt|dischargedAt|from)$/.test(name)) return new Date(Date.now() - 3_600_000).toISOString();
  if (/^(startsAt|proposedMeetingAt|endsAt)$/.test(name)) return new Date(Date.now() + 2 * 86_400_000).toISOString();
  return new Date().toISOString();
}

function scalarFor(typeName: string, name: string, c: ArgContext): unknown {
  switch (typeName) {
    case 'ID':
      return idFor(name, c);
    case 'Int':
      return ({ expectedVersion: 1, first: 5, withinDays: 14, number: 1, agreedDays: 3, score: 3, year: 2026 } as Record<string, number>)[name] ?? 1;
    case 'Float':
      return 1;
    case 'Boolean':
      return false;
    case 'String':
      if (/^(at|from|to)$|At$/.test(name)) return dateTimeFor(name);
      if (/^(videoLink)$/.test(name)) return 'https://video.example.se/rond';
      if (/^(phone)$/.test(name)) return '036-10 20 30';
      return 'Matrisprov';
    case 'LocalDate':
      return dateFor(name, c);
    case 'DateTime':
      return dateTimeFor(name);
    case 'Personnummer':
      return c.fixture.personnummer;
    case 'HsaId':
      return 'SE9990000001-NEW';
    case 'MunicipalityCode':
      return '0680';
    default:
      throw new Error(`the matrix has no sample for the scalar ${typeName} (${name})`);
  }
}

/**
 * Enum values by argument name where the first value is not a valid choice for the case (`status`:
 * a medication line that is NEW needs no reason; the first in the schema's order, CHANGED, does;
 * `reason` and `kind` for moveCarePlanMeeting and inviteToCarePlanMeeting).
 * Used only when the enum has the value.
 */
const ENUM_SAMPLES: Record<string, string> = {
  purpose: 'ENROLLMENT',
  content: 'INDICATORS',
  dialect: 'RFC4180',
  place: 'HOME',
  status: 'NEW',
  // A SIP meeting is not moved for NO_LONGER_NEEDED (it is cancelled), and the patient is invited without a name.
  reason: 'PATIENT_REQUEST',
  kind: 'PATIENT',
};
/** Lists that must hold more than one element to be valid input (one per enum value of their elements, e.g. each risk area). */
const LIST_LENGTH: Record<string, number> = { riskAssessments: 3, participantStaffIds: 2 };
/**
 * Optional fields given anyway, because a rule before any access decision asks for one of them
 * (`product`: a medication line names its product or its substance).
 */
const OPTIONAL_GIVEN = new Set(['at', 'note', 'product']);

function valueFor(type: GraphQLInputType, name: string, path: string, c: ArgContext, index = 0): unknown {
  if (c.target && path === c.target.path) return c.target.value;
  if (isNonNullType(type)) return valueFor(type.ofType, name, path, c, index);
  if (isListType(type)) return Array.from({ length: LIST_LENGTH[name] ?? 1 }, (_, i) => valueFor(type.ofType, name, `${path}.${i}`, c, i));
  const named = getNamedType(type);
  if (isEnumType(named)) {
    const wanted = ENUM_SAMPLES[name];
    const values = named.getValues();
    return wanted && named.getValue(wanted) ? wanted : values[index % values.length].value;
  }
  if (isScalarType(named)) return scalarFor(named.name, name, c);
  if (isInputObjectType(named)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(named.getFields()) as GraphQLInputField[]) {
      const targeted = c.target?.path === `${path}.${f.name}`;
      if ((isNonNullType(f.type) && f.defaultValue === undefined) || OPTIONAL_GIVEN.has(f.name))
        out[f.name] = valueFor(f.type, f.name, `${path}.${f.name}`, c, index);
      else if (targeted) out[f.name] = c.target!.value;
    }
    return out;
  }
  throw new Error(`no sample for ${path}`);
}

/** A document calling one root field with generated variables, selecting only `__typename`. */
/** A document calling one root field with the given arguments, each a variable of its own type; `__typename` on a composite result. */
export function rootFieldDocument(root: string, name: string, field: GraphQLField<unknown, unknown>, args: readonly GraphQLArgument[]): string {
  const defs = args.map((a) => `$${a.name}: ${a.type.toString()}`);
  const call = `${field.name}${args.length ? `(${args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : ''}`;
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  return `${root} ${name}${defs.length ? `(${defs.join(', ')})` : ''} { ${call}${selection} }`;
}

export function documentFor(
  schema: GraphQLSchema,
  op: string,
  c: ArgContext,
): { query: string; variables: Record<string, unknown>; root: 'query' | 'mutation' | 'subscription' } {
  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ] as const;
  for (const [root, type] of roots) {
    const field = type?.getFields()[op] as GraphQLField<unknown, unknown> | undefined;
    if (!field) continue;
    const variables: Record<string, unknown> = {};
    const given = (field.args as GraphQLArgument[]).filter((a) => {
      const required = (isNonNullType(a.type) && a.defaultValue === undefined) || OPTIONAL_GIVEN.has(a.name);
      const targeted = c.target && (c.target.path === a.name || c.target.path.startsWith(`${a.name}.`));
      return required || targeted;
    });
    for (const a of given) variables[a.name] = valueFor(a.type, a.name, a.name, c);
    return { root, variables, query: rootFieldDocument(root, 'Matrix', field, given) };
  }
  throw new Error(`${op} is not a root field`);
}

/** The argument path and record key an operation's declared target names. */
export function targetOf(t: AccessTarget): { path: string; record: string | null; personnummer: boolean } | null {
  if (t.kind === 'patient') return { path: t.arg, record: null, personnummer: false };
  if (t.kind === 'record') return { path: t.arg, record: t.record.table, personnummer: false };
  if (t.kind === 'personnummer') return { path: t.arg, record: null, personnummer: true };
  return null;
}
