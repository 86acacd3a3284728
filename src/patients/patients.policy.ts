import { definePolicy } from '../access/policy';
import { Role } from '../access/roles';

const { NURSE, PHYSICIAN, REHAB, DISCHARGE_COORDINATOR, CARE_COORDINATOR, SOCIAL_WORKER, UNIT_MANAGER, MAS } = Role;
/** Roles that take part in a patient's care and so may read the patient record. */
export const CARE_ROLES = [NURSE, PHYSICIAN, REHAB, DISCHARGE_COORDINATOR, CARE_COORDINATOR, SOCIAL_WORKER] as const;
const REL = 'care relationship between your organisation and the patient (or your emergency access)';

export const patientsPolicy = definePolicy('Patients, enrollment, care team, consent', {
  patient: { roles: CARE_ROLES, does: 'Read a patient', scope: REL, refuseAs: 'NOT_FOUND', patientArg: 'id' },
  findPatient: { roles: CARE_ROLES, does: 'Find a patient by exact personnummer (no browsing); hits and misses are logged', scope: REL, refuseAs: 'NO_RESULT' },
  myPatients: { roles: CARE_ROLES, does: 'The caseload: patients your organisation has a care relationship with', scope: 'one audit row per patient returned' },
  registerPatient: { roles: [NURSE, PHYSICIAN, DISCHARGE_COORDINATOR, CARE_COORDINATOR], does: 'Register a patient; your organisation joins the care team' },
  updatePatient: { roles: [NURSE, PHYSICIAN, DISCHARGE_COORDINATOR, CARE_COORDINATOR], does: 'Change a patient’s details', scope: 'direct care relationship; expectedVersion', refuseAs: 'NOT_FOUND' },
  enrollPatient: { roles: [NURSE, CARE_COORDINATOR], does: 'Enroll in home healthcare', scope: `municipality only; ${REL}`, refuseAs: 'NOT_FOUND' },
  endEnrollment: { roles: [NURSE, CARE_COORDINATOR, PHYSICIAN], does: 'End a home-healthcare enrollment', scope: 'the enrolling municipality or primary care centre', refuseAs: 'NOT_FOUND' },
  addCareTeamMember: { roles: [NURSE, PHYSICIAN, CARE_COORDINATOR, DISCHARGE_COORDINATOR], does: 'Add an organisation to the care team', scope: REL, refuseAs: 'NOT_FOUND' },
  removeCareTeamMember: { roles: [NURSE, PHYSICIAN, CARE_COORDINATOR, DISCHARGE_COORDINATOR], does: 'Remove an organisation from the care team', scope: REL, refuseAs: 'NOT_FOUND' },
  recordConsent: { roles: [NURSE, PHYSICIAN, CARE_COORDINATOR, DISCHARGE_COORDINATOR, SOCIAL_WORKER], does: 'Record a consent (samtycke)', scope: REL, refuseAs: 'NOT_FOUND' },
  revokeConsent: { roles: [NURSE, PHYSICIAN, CARE_COORDINATOR, DISCHARGE_COORDINATOR, SOCIAL_WORKER], does: 'Revoke a consent', scope: REL, refuseAs: 'NOT_FOUND' },
  blockInformation: { roles: [NURSE, PHYSICIAN, CARE_COORDINATOR, MAS], does: 'Block (spärra) your organisation’s information about the patient from the others', scope: REL, refuseAs: 'NOT_FOUND' },
  liftBlock: { roles: [NURSE, PHYSICIAN, CARE_COORDINATOR, MAS], does: 'Lift a block', scope: 'the blocked organisation only', refuseAs: 'NOT_FOUND' },
  requestBlockOpening: { roles: [NURSE, PHYSICIAN], does: 'Step 1 of opening blocked information: basis and reason', scope: REL, refuseAs: 'NOT_FOUND' },
  confirmBlockOpening: { roles: [NURSE, PHYSICIAN], does: 'Step 2: confirm; open to you for 4 hours', scope: 'the requester only, within 15 minutes', refuseAs: 'NOT_FOUND' },
  openEmergencyAccess: { roles: [NURSE, PHYSICIAN], does: 'Emergency access (nödåtkomst) for 4 hours, flagged for review', scope: 'by personnummer; reason required', refuseAs: 'NOT_FOUND' },
  emergencyAccessesForReview: { roles: [UNIT_MANAGER, MAS], does: 'Emergency accesses by your organisation’s staff, for review' },
  reviewEmergencyAccess: { roles: [UNIT_MANAGER, MAS], does: 'Record the review of an emergency access', scope: 'your organisation’s staff' },
  auditLog: { roles: [UNIT_MANAGER, MAS], does: 'Search the access log of your organisation’s staff', scope: 'own organisation' },
  patientLogExtract: { roles: [UNIT_MANAGER, MAS], does: 'A patient’s log extract: which units accessed their data, when', scope: REL, refuseAs: 'NOT_FOUND' },
});
