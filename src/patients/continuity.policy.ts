import { definePolicy, onPatient, onRecord } from '../access/policy';
import { Role } from '../common/roles';
import { ENROLLMENT_RECORD } from './patients.records';

const { NURSE, PHYSICIAN, REHAB, CARE_COORDINATOR, SOCIAL_WORKER, UNIT_MANAGER } = Role;
const WRITE = 'care relationship (emergency access only reads)';

export const continuityPolicy = definePolicy('Continuity: named contacts, housing, frailty, joint home visit', {
  changeNamedContact: {
    roles: [NURSE, PHYSICIAN, CARE_COORDINATOR, UNIT_MANAGER],
    does: 'Change the fast vårdkontakt or fast läkarkontakt of an active enrollment, with a reason; the change is kept as history',
    scope: `the organisation whose staff the contact is: the enrolling municipality names the fast vårdkontakt, the primary care centre the fast läkarkontakt (the other party: FORBIDDEN); ${WRITE}`,
    organisations: { kinds: ['MUNICIPALITY', 'PRIMARY_CARE'], refusal: 'Only the enrolling municipality or the primary care centre changes a named contact' },
    access: onRecord(ENROLLMENT_RECORD, 'input.enrollmentId', 'write'),
  },
  recordJointHomeVisit: {
    roles: [NURSE, PHYSICIAN, CARE_COORDINATOR],
    does: 'Record a joint home visit (gemensamt hembesök) held for an enrollment, with its participants of both parties',
    scope: `the enrolling municipality or primary care centre; ${WRITE}`,
    organisations: {
      kinds: ['MUNICIPALITY', 'PRIMARY_CARE'],
      refusal: 'Only the enrolling municipality or the primary care centre records a joint home visit',
    },
    access: onRecord(ENROLLMENT_RECORD, 'input.enrollmentId', 'write'),
  },
  recordHousing: {
    roles: [NURSE, PHYSICIAN, CARE_COORDINATOR, SOCIAL_WORKER],
    does: 'Record the patient’s boendeform (ordinärt boende, SÄBO, korttidsboende) from a date',
    scope: WRITE,
    access: onPatient('input.patientId', 'write'),
  },
  recordFrailtyAssessment: {
    roles: [NURSE, PHYSICIAN, REHAB],
    does: 'Record a Clinical Frailty Scale assessment (1–9); the assessor is the caller',
    scope: WRITE,
    access: onPatient('input.patientId', 'write'),
  },
});
