import { definePolicy, noPatientData, onPatient, onRecord, patientList } from '../access/policy';
import { CARE_ROLES, Role } from '../common/roles';
import { OrganisationKind } from '../common/organisation-kind';
import { AGENDA_ITEM_RECORD } from './rounds.records';

const { NURSE, PHYSICIAN, REHAB, CARE_COORDINATOR } = Role;
/** Who plans and runs rounds: the GP, the nurses and the care coordinators. */
const PLANNERS = [NURSE, PHYSICIAN, CARE_COORDINATOR] as const;
/** Who works in a round (agenda, notes, decisions): the planners and, increasingly, rehab staff. */
const MEMBERS = [NURSE, PHYSICIAN, REHAB, CARE_COORDINATOR] as const;
/** Who organises a round: the primary care centre, the municipality, and the teams that visit at home (mobile team, SSIH). */
const ROUND_ORGANISERS = [
  OrganisationKind.PRIMARY_CARE,
  OrganisationKind.MUNICIPALITY,
  OrganisationKind.MOBILE_TEAM,
  OrganisationKind.SPECIALISED_PALLIATIVE_HOME_CARE,
];
const ROUND = 'your organisation organises or takes part in the round (others: NOT_FOUND, logged)';
const PATIENT = `${ROUND}; care relationship between your organisation and the patient`;

export const roundsPolicy = definePolicy('Rounds', {
  round: {
    roles: CARE_ROLES,
    does: 'Read a round; its agenda lists the patients you may read',
    scope: `${ROUND}; one audit row per patient on the agenda`,
    access: patientList('the round’s agenda: patients the reader may see'),
  },
  rounds: {
    roles: CARE_ROLES,
    does: 'Rounds your organisation organises or takes part in',
    scope: 'one audit row per patient when the agenda is read',
    access: patientList('the rounds’ agendas, when read: patients the reader may see'),
  },
  suggestedAgenda: {
    roles: MEMBERS,
    does: 'Patients proposed for the agenda, with reasons',
    scope: `${ROUND}; one audit row per patient proposed`,
    access: patientList('patients the round’s organisations share'),
    expensive: true,
  },
  roundSummary: {
    roles: CARE_ROLES,
    does: 'The record of a round: attendance, notes, decisions and tasks per patient',
    scope: `${ROUND}; one audit row per patient`,
    access: patientList('the round’s agenda: patients the reader may see'),
  },
  createRound: {
    roles: PLANNERS,
    does: 'Plan a round with participating organisations and staff',
    scope:
      'organiser: your organisation; the participating organisations are units with a standing care relationship (not an ambulance service or out-of-hours unit)',
    organisations: {
      kinds: ROUND_ORGANISERS,
      refusal: 'Rounds are organised by a primary care centre or a municipality, or by a mobile team or specialised palliative home care (SSIH)',
    },
    access: noPatientData('a round: time, organisations, staff'),
  },
  startRound: { roles: PLANNERS, does: 'Start a planned round', scope: ROUND, access: noPatientData('a round: time, organisations, staff') },
  completeRound: {
    roles: PLANNERS,
    does: 'Complete a round, recording who attended',
    scope: ROUND,
    access: noPatientData('a round: time, organisations, staff'),
  },
  cancelRound: {
    roles: PLANNERS,
    does: 'Cancel a planned round with a reason',
    scope: 'the organiser only',
    access: noPatientData('a round: time, organisations, staff'),
  },
  addAgendaItem: {
    roles: MEMBERS,
    does: 'Put a patient on the agenda (a suggestion or by hand)',
    scope: `${PATIENT}; the organiser and a participating organisation care for the patient`,
    access: onPatient('input.patientId', 'write'),
  },
  removeAgendaItem: {
    roles: MEMBERS,
    does: 'Take a patient off the agenda before decisions are recorded',
    scope: PATIENT,
    access: onRecord(AGENDA_ITEM_RECORD, 'itemId', 'write'),
  },
  updateAgendaNotes: {
    roles: MEMBERS,
    does: 'Replace an agenda item’s notes',
    scope: `${PATIENT}; expectedVersion`,
    access: onRecord(AGENDA_ITEM_RECORD, 'input.itemId', 'write'),
  },
  recordDecision: {
    roles: MEMBERS,
    does: 'Record a decision during the round, optionally creating a task',
    scope: PATIENT,
    access: onRecord(AGENDA_ITEM_RECORD, 'input.itemId', 'write'),
  },
});
