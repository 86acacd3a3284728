import { definePolicy, onPatient, onRecord } from '../access/policy';
import { SIP_READ_ROLES, SIP_WRITE_ROLES } from '../care-plans/care-plans.policy';
import { CARE_PLAN_VERSION_RECORD } from './plan-export.records';

/** Exporting a plan reads it: the same organisations, consent, block and protected-identity rules as reading the SIP. */
const AS_READ = 'as reading the SIP: a participant organisation, or another with a care relationship, information-sharing consent and no block';

export const planExportPolicy = definePolicy('The plan leaves the service (SIP exports)', {
  carePlanFhir: {
    roles: SIP_READ_ROLES,
    does: 'A published SIP version as a FHIR R4 Bundle (CarePlan, Goals, CareTeam, Patient, Organizations by HSA-id)',
    scope: `${AS_READ}; published versions only; the patient’s name, address and phone only with a direct relationship under protected identity`,
    access: onRecord(CARE_PLAN_VERSION_RECORD, 'versionId', 'read'),
  },
  getCarePlans: {
    roles: SIP_READ_ROLES,
    does: 'A patient’s published SIP versions in the shape of Inera’s GetCarePlans (carePlanHeader, carePlanBody with HTML content), by period, care unit and source',
    scope: `care relationship; each plan: ${AS_READ}`,
    access: onPatient('patientId', 'read'),
  },
  carePlanPrintout: {
    roles: SIP_READ_ROLES,
    does: 'The printable plan (PDF, Swedish) for the patient to keep at home: goals, what matters, who does what, whom to call, next agreed time',
    scope: `${AS_READ}; published versions only`,
    access: onRecord(CARE_PLAN_VERSION_RECORD, 'versionId', 'read'),
  },
  setCarePlanApprovedForPatient: {
    roles: SIP_WRITE_ROLES,
    does: 'Decide whether a published SIP version may be shown to the patient (approvedForPatient)',
    scope: 'the organisation that published the version or has overall responsibility in it (not emergency access)',
    access: onRecord(CARE_PLAN_VERSION_RECORD, 'input.versionId', 'write'),
  },
});
