import { definePolicy, onPatient, patientList } from '../access/policy';
import { Role } from '../common/roles';

const { NURSE, CARE_COORDINATOR } = Role;
const WRITE = 'care relationship (emergency access only reads); the patient has an active enrollment';

export const experiencePolicy = definePolicy('Experience surveys of enrolled patients (patientenkät)', {
  recordExperienceAnswers: {
    roles: [NURSE, CARE_COORDINATOR],
    does: 'Enter the answers to the experience questions given by the patient (alone or with your help) or a next of kin (närstående)',
    scope: WRITE,
    access: onPatient('input.patientId', 'write'),
  },
  declineExperienceSurvey: {
    roles: [NURSE, CARE_COORDINATOR],
    does: 'Record that the patient (or next of kin) declined the experience survey that is due; the next is due after the interval',
    scope: WRITE,
    access: onPatient('input.patientId', 'write'),
  },
  experienceDue: {
    roles: [NURSE, CARE_COORDINATOR],
    does: 'Patients of your organisation’s active enrollments whose experience survey is due',
    scope: 'one audit row per patient listed',
    access: patientList('active enrollments of the organisation (enrolling municipality or primary care centre)'),
  },
});
