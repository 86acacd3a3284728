import { BLOCK_OPENING_RECORD, BLOCK_RECORD } from '../access/access.records';
import { byPersonnummer, definePolicy, onPatient, onRecord, patientList } from '../access/policy';
import { CARE_ROLES, Role } from '../common/roles';
import { CARE_TEAM_MEMBER_RECORD, CONSENT_RECORD, ENROLLMENT_RECORD } from './patients.records';

const { NURSE, PHYSICIAN, DISCHARGE_COORDINATOR, CARE_COORDINATOR, SOCIAL_WORKER, MAS } = Role;
const REL = 'care relationship between your organisation and the patient (or your emergency access)';
const WRITE = 'care relationship (emergency access only reads)';
const DIRECT = 'direct care relationship (enrollment, open discharge process, care team)';

export const patientsPolicy = definePolicy('Patients, enrollment, care team, consent', {
  patient: { roles: CARE_ROLES, does: 'Read a patient', scope: REL, access: onPatient('id', 'read') },
  findPatient: {
    roles: CARE_ROLES,
    does: 'Find a patient by exact personnummer (no browsing); hits and misses are logged',
    scope: `${REL}; a person you may not see is null, like one not in the service`,
    access: byPersonnummer('personnummer', 'read'),
    absentAsNull: true,
  },
  myPatients: {
    roles: CARE_ROLES,
    does: 'The caseload: patients your organisation has a care relationship with',
    scope: 'one audit row per patient returned',
    access: patientList('the caseload: the organisation’s care relationships'),
  },
  registerPatient: {
    roles: [NURSE, PHYSICIAN, DISCHARGE_COORDINATOR, CARE_COORDINATOR],
    does: 'Register a person for an enrollment (municipality) or a hospital stay (hospital ward); answers the patient’s id, whether the person was known or not',
    scope: 'gives no care relationship by itself: the enrollment or discharge process it is for does',
    organisations: { kinds: ['MUNICIPALITY', 'HOSPITAL'], refusal: 'Only a municipality’s home healthcare or a hospital ward registers a person' },
    access: byPersonnummer('input.personnummer', 'register'),
  },
  updatePatient: {
    roles: [NURSE, PHYSICIAN, DISCHARGE_COORDINATOR, CARE_COORDINATOR],
    does: 'Change a patient’s details',
    scope: `${DIRECT}; expectedVersion`,
    access: onPatient('input.patientId', 'write-direct'),
  },
  enrollPatient: {
    roles: [NURSE, CARE_COORDINATOR],
    does: 'Enroll in home healthcare',
    scope: 'a care relationship of yours (not emergency access), or your registration of the person for enrollment within 24 hours',
    organisations: { kinds: ['MUNICIPALITY'], refusal: 'Only a municipality’s home healthcare unit enrolls patients in home healthcare' },
    access: onPatient('input.patientId', 'establish', 'the enrolling municipality and the named primary care centre get a direct relationship', true),
  },
  endEnrollment: {
    roles: [NURSE, CARE_COORDINATOR, PHYSICIAN],
    does: 'End a home-healthcare enrollment',
    scope: `the enrolling municipality or primary care centre; ${WRITE}`,
    access: onRecord(ENROLLMENT_RECORD, 'input.enrollmentId', 'write'),
  },
  addCareTeamMember: {
    roles: [NURSE, PHYSICIAN, CARE_COORDINATOR, DISCHARGE_COORDINATOR],
    does: 'Add another organisation to the care team, with a reason',
    scope: `${DIRECT}; never your own organisation`,
    access: onPatient('input.patientId', 'write-direct'),
  },
  removeCareTeamMember: {
    roles: [NURSE, PHYSICIAN, CARE_COORDINATOR, DISCHARGE_COORDINATOR],
    does: 'Remove an organisation from the care team, with a reason',
    scope: DIRECT,
    access: onRecord(CARE_TEAM_MEMBER_RECORD, 'input.memberId', 'write-direct'),
  },
  recordConsent: {
    roles: [NURSE, PHYSICIAN, CARE_COORDINATOR, DISCHARGE_COORDINATOR, SOCIAL_WORKER],
    does: 'Record a consent (samtycke)',
    scope: WRITE,
    access: onPatient('input.patientId', 'write'),
  },
  revokeConsent: {
    roles: [NURSE, PHYSICIAN, CARE_COORDINATOR, DISCHARGE_COORDINATOR, SOCIAL_WORKER],
    does: 'Revoke a consent',
    scope: WRITE,
    access: onRecord(CONSENT_RECORD, 'input.consentId', 'write'),
  },
  blockInformation: {
    roles: [NURSE, PHYSICIAN, CARE_COORDINATOR, MAS],
    does: 'Block (spärra) your organisation’s information about the patient from the others',
    scope: WRITE,
    access: onPatient('patientId', 'write'),
  },
  liftBlock: {
    roles: [NURSE, PHYSICIAN, CARE_COORDINATOR, MAS],
    does: 'Lift a block',
    scope: `the blocked organisation only (to others a block id is unknown); ${WRITE}`,
    access: onRecord(BLOCK_RECORD, 'blockId', 'write'),
  },
  requestBlockOpening: {
    roles: [NURSE, PHYSICIAN],
    does: 'Step 1 of opening blocked information: basis and reason',
    scope: `${WRITE}: emergency access never opens a block`,
    access: onPatient('input.patientId', 'write'),
  },
  confirmBlockOpening: {
    roles: [NURSE, PHYSICIAN],
    does: 'Step 2: confirm; open to you for 4 hours',
    scope: `the requester only, within 15 minutes; ${WRITE}`,
    access: onRecord(BLOCK_OPENING_RECORD, 'openingId', 'write'),
  },
  openEmergencyAccess: {
    roles: [NURSE, PHYSICIAN],
    does: 'Emergency access (nödåtkomst) for 4 hours, flagged for review: read only',
    scope: 'by personnummer; reason required; never reveals a protected identity, never writes',
    access: byPersonnummer('input.personnummer', 'establish', 'reading only, for 4 hours, every answer flagged for review'),
  },
});
