import { definePolicy, onPatient, onRecord, patientList } from '../access/policy';
import { Role } from '../common/roles';
import { CARE_PLAN_MEETING_RECORD, CARE_PLAN_RECORD } from './care-plans.records';

const { NURSE, PHYSICIAN, REHAB, DISCHARGE_COORDINATOR, CARE_COORDINATOR, SOCIAL_WORKER } = Role;

/**
 * Reading and writing a SIP is care work: the care roles. Unit managers, MAS and administrators
 * follow results through aggregates and the access log, not by reading plan content.
 */
export const SIP_READ_ROLES = [NURSE, PHYSICIAN, REHAB, DISCHARGE_COORDINATOR, CARE_COORDINATOR, SOCIAL_WORKER] as const;
export const SIP_WRITE_ROLES = SIP_READ_ROLES;

const READ = 'participant organisation; or another organisation with a care relationship, information-sharing consent and no block';
const WRITE = 'participant organisation';
const DRAFT = `${WRITE}; expectedVersion (CONFLICT when stale)`;

export const carePlansPolicy = definePolicy('Coordinated individual plans (SIP)', {
  carePlan: {
    roles: SIP_READ_ROLES,
    does: 'Read a SIP: draft, version in force, history, meetings, follow-ups',
    scope: READ,
    access: onRecord(CARE_PLAN_RECORD, 'id', 'read'),
  },
  carePlans: {
    roles: SIP_READ_ROLES,
    does: 'A patient’s SIPs, newest first',
    scope: `care relationship; each plan: ${READ}`,
    access: onPatient('patientId', 'read'),
  },
  carePlanVersion: {
    roles: SIP_READ_ROLES,
    does: 'Read one published version of a SIP',
    scope: READ,
    access: onRecord(CARE_PLAN_RECORD, 'carePlanId', 'read'),
  },
  carePlanInForce: {
    roles: SIP_READ_ROLES,
    does: 'The version of a SIP in force at an instant or on a date',
    scope: READ,
    access: onRecord(CARE_PLAN_RECORD, 'carePlanId', 'read'),
  },
  carePlanDiff: {
    roles: SIP_READ_ROLES,
    does: 'What changed between two versions (or a version and the draft)',
    scope: READ,
    access: onRecord(CARE_PLAN_RECORD, 'carePlanId', 'read'),
  },
  carePlansDueForFollowUp: {
    roles: SIP_READ_ROLES,
    does: 'Active SIPs your organisation takes part in that are due for follow-up, overdue first',
    scope: 'own organisation’s plans; one audit row per patient',
    access: patientList('plans the organisation takes part in'),
  },
  createCarePlan: {
    roles: SIP_WRITE_ROLES,
    does: 'Start a SIP or a patient agreement (planType); your organisation becomes a participant',
    scope:
      'care relationship (not emergency access alone); one open plan of each type per patient; no agreement while a SIP is open, no SIP while an agreement is open',
    access: onPatient('input.patientId', 'write'),
  },
  updateCarePlanDraft: {
    roles: SIP_WRITE_ROLES,
    does: 'Change the draft of a SIP',
    scope: DRAFT,
    access: onRecord(CARE_PLAN_RECORD, 'input.carePlanId', 'write'),
  },
  publishCarePlan: {
    roles: SIP_WRITE_ROLES,
    does: 'Publish the draft as the next version',
    scope: `${DRAFT}; a SIP: SIP consent, two organisations, overall responsibility, a goal, an action, a future follow-up date; a patient agreement (one organisation): the agreement text, an action, a fixed care contact of the publishing organisation, a future agreed time, daytime and out-of-hours contacts`,
    access: onRecord(CARE_PLAN_RECORD, 'input.carePlanId', 'write'),
  },
  reviseCarePlan: {
    roles: SIP_WRITE_ROLES,
    does: 'Start a revision: a new draft from the version in force',
    scope: DRAFT,
    access: onRecord(CARE_PLAN_RECORD, 'input.carePlanId', 'write'),
  },
  discardCarePlanRevision: {
    roles: SIP_WRITE_ROLES,
    does: 'Throw away a revision draft; the version in force stays',
    scope: DRAFT,
    access: onRecord(CARE_PLAN_RECORD, 'input.carePlanId', 'write'),
  },
  replaceAgreementWithSip: {
    roles: SIP_WRITE_ROLES,
    does: 'Draft a SIP that replaces an active patient agreement, from its content; the agreement is superseded when the SIP is first published',
    scope: `${DRAFT} (of the agreement); no other open SIP`,
    access: onRecord(CARE_PLAN_RECORD, 'input.carePlanId', 'write'),
  },
  closeCarePlan: { roles: SIP_WRITE_ROLES, does: 'Close a SIP with a reason', scope: DRAFT, access: onRecord(CARE_PLAN_RECORD, 'input.carePlanId', 'write') },
  scheduleCarePlanMeeting: {
    roles: SIP_WRITE_ROLES,
    does: 'Schedule a SIP meeting and invite participant organisations',
    scope: WRITE,
    access: onRecord(CARE_PLAN_RECORD, 'input.carePlanId', 'write'),
  },
  acknowledgeCarePlanMeeting: {
    roles: SIP_WRITE_ROLES,
    does: 'Acknowledge your organisation’s invitation to a SIP meeting',
    scope: 'invited organisation',
    access: onRecord(CARE_PLAN_MEETING_RECORD, 'meetingId', 'write'),
  },
  moveCarePlanMeeting: {
    roles: SIP_WRITE_ROLES,
    does: 'Move a scheduled SIP meeting to a new time, with a reason (kept as history)',
    scope: `${WRITE}; a scheduled meeting of an open SIP`,
    access: onRecord(CARE_PLAN_MEETING_RECORD, 'input.meetingId', 'write'),
  },
  cancelCarePlanMeeting: {
    roles: SIP_WRITE_ROLES,
    does: 'Cancel a scheduled SIP meeting, with a reason',
    scope: `${WRITE}; a scheduled meeting`,
    access: onRecord(CARE_PLAN_MEETING_RECORD, 'input.meetingId', 'write'),
  },
  inviteToCarePlanMeeting: {
    roles: SIP_WRITE_ROLES,
    does: 'Record that the patient or a next of kin was invited to a SIP meeting, and how',
    scope: `${WRITE}; a scheduled meeting`,
    access: onRecord(CARE_PLAN_MEETING_RECORD, 'input.meetingId', 'write'),
  },
  recordCarePlanMeetingHeld: {
    roles: SIP_WRITE_ROLES,
    does: 'Record that a SIP meeting was held and who attended',
    scope: WRITE,
    access: onRecord(CARE_PLAN_MEETING_RECORD, 'input.meetingId', 'write'),
  },
  recordCarePlanFollowUp: {
    roles: SIP_WRITE_ROLES,
    does: 'Record a follow-up: outcomes per goal and action, the patient’s experience, the next date',
    scope: `${WRITE}; active plan`,
    access: onRecord(CARE_PLAN_RECORD, 'input.carePlanId', 'write'),
  },
});
