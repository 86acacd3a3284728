import { EMERGENCY_ACCESS_RECORD } from '../access/access.records';
import { definePolicy, EVERY_KIND, noPatientData, onPatient, onRecord } from '../access/policy';
import { Role } from '../common/roles';

const { UNIT_MANAGER, MAS } = Role;
const REL = 'care relationship between your organisation and the patient (or your emergency access)';

/**
 * Log review is the MAS's and the unit manager's: of their own organisation's staff and
 * relationships. Every kind of unit reviews its own staff's emergency accesses and urgent reads
 * (an ambulance service's manager reviews its urgent reads) and searches its own log.
 */
export const logReviewPolicy = definePolicy('Log review and the log extract', {
  emergencyAccessesForReview: {
    roles: [UNIT_MANAGER, MAS],
    does: 'Emergency accesses and urgent reads by your organisation’s staff, for review',
    organisations: EVERY_KIND,
    access: noPatientData('the review list of one’s own organisation (patient ids, no patient data); one audit row per call'),
  },
  reviewEmergencyAccess: {
    roles: [UNIT_MANAGER, MAS],
    does: 'Record the review of an emergency access or an urgent read',
    scope: 'your organisation’s staff',
    organisations: EVERY_KIND,
    access: onRecord(EMERGENCY_ACCESS_RECORD, 'input.emergencyAccessId', 'review'),
  },
  careTeamChangesForReview: {
    roles: [UNIT_MANAGER, MAS],
    does: 'Care-team additions and removals made by or for your organisation, with who and why, for review',
    access: noPatientData('the review list of one’s own organisation (patient ids, no patient data); one audit row per call'),
  },
  auditLog: {
    roles: [UNIT_MANAGER, MAS],
    does: 'Search the access log of your organisation’s staff',
    scope: 'own organisation',
    organisations: EVERY_KIND,
    access: noPatientData('the access log of one’s own staff; logged with the patient filtered on'),
    expensive: true,
  },
  patientLogExtract: {
    roles: [UNIT_MANAGER, MAS],
    does: 'A patient’s log extract: which units accessed their data, when, refused attempts included',
    scope: REL,
    access: onPatient('patientId', 'read'),
    expensive: true,
  },
});
