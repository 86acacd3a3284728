import { definePolicy, onPatient, onRecord, ownData } from '../access/policy';
import { Role } from '../common/roles';
import { SIP_READ_ROLES, SIP_WRITE_ROLES } from '../care-plans/care-plans.policy';
import { CARE_PLAN_PROPOSAL_RECORD, PATIENT_REPRESENTATIVE_RECORD } from './patient-view.records';

const { NURSE, PHYSICIAN, REHAB, DISCHARGE_COORDINATOR, CARE_COORDINATOR, SOCIAL_WORKER } = Role;

/** Who records a representative: the roles that keep the patient record (the same as for consents and next of kin). */
const REPRESENTATIVE_ROLES = [NURSE, PHYSICIAN, REHAB, DISCHARGE_COORDINATOR, CARE_COORDINATOR, SOCIAL_WORKER] as const;

const OWN = 'the patient resolved at sign-in (themself, or the one a representative acts for now), never an argument';

/**
 * The patient's own view: a patient signed in through the patients' identity provider, or a
 * recorded representative, reads their own care and proposes one kind of change. No staff role may
 * use these operations, and the patient may use no other.
 */
export const patientViewPolicy = definePolicy('The patient’s own view', {
  myCare: {
    roles: [],
    patients: true,
    does: 'The patient’s own SIP as published (never a draft), what matters to them, and whom to call now',
    access: ownData(OWN),
  },
  myCarePlanMeetings: {
    roles: [],
    patients: true,
    does: 'The patient’s SIP meetings (scheduled, held, cancelled; moved ones at their new time)',
    access: ownData(OWN),
  },
  myCareTasks: {
    roles: [],
    patients: true,
    does: 'The open tasks of the patient’s SIP: title, due date and who (organisation and role); never descriptions or notes',
    access: ownData(OWN),
  },
  myLogExtract: {
    roles: [],
    patients: true,
    does: 'The patient’s own log extract (loggutdrag): which units accessed their data and when, their own reads included',
    access: ownData(OWN),
    expensive: true,
  },
  myCarePlanProposals: {
    roles: [],
    patients: true,
    does: 'The changes the patient proposed to their SIP, and what became of them',
    access: ownData(OWN),
  },
  proposeCarePlanChange: {
    roles: [],
    patients: true,
    does: 'Propose new goals for the SIP, or new words for what matters to me; sent to the organisations taking part in the SIP',
    scope: 'the patient’s published SIP',
    access: ownData(OWN, 'propose'),
  },
  answerMyExperienceQuestions: {
    roles: [],
    patients: true,
    does: 'Answer the short experience questions about your care yourself (respondent PATIENT); a representative answers as next of kin would not, so only the patient signed in as themself',
    scope: 'the patient’s active home healthcare enrollment',
    access: ownData(OWN, 'propose'),
  },
  carePlanProposals: {
    roles: SIP_READ_ROLES,
    does: 'The changes a patient proposed to their SIP, newest first',
    access: onPatient('patientId', 'read'),
  },
  acceptCarePlanProposal: {
    roles: SIP_WRITE_ROLES,
    does: 'Take a patient’s proposal into the SIP’s draft (a revision is opened when the plan is published)',
    scope: 'participant organisation of the SIP',
    access: onRecord(CARE_PLAN_PROPOSAL_RECORD, 'input.proposalId', 'write'),
  },
  declineCarePlanProposal: {
    roles: SIP_WRITE_ROLES,
    does: 'Decline a patient’s proposal, with a reason the patient sees',
    scope: 'participant organisation of the SIP',
    access: onRecord(CARE_PLAN_PROPOSAL_RECORD, 'input.proposalId', 'write'),
  },
  patientRepresentatives: {
    roles: REPRESENTATIVE_ROLES,
    does: 'The patient’s recorded representatives (ombud, god man, förvaltare), current and ended',
    access: onPatient('patientId', 'read'),
  },
  recordPatientRepresentative: {
    roles: REPRESENTATIVE_ROLES,
    does: 'Record a representative (ombud, god man, förvaltare) who may then sign in and act for the patient in their own view',
    access: onPatient('input.patientId', 'write'),
  },
  endPatientRepresentative: {
    roles: REPRESENTATIVE_ROLES,
    does: 'End a representative’s authority from today; they can no longer act for the patient',
    access: onRecord(PATIENT_REPRESENTATIVE_RECORD, 'input.representativeId', 'write'),
  },
});
