import { PatientGlanceSource } from '../patients/patient-glance';

/** What the glance holds about the patient's active (signed) deterioration plan (at most one). */
export interface DeteriorationPlanGlance {
  id: string;
  reviewDate: string;
  recordedByOrganisationId: string;
  signedByOrganisationId: string | null;
}

/** The active plan, with what its access rule (canSeePlan) needs. */
export const ACTIVE_DETERIORATION_PLAN_GLANCE: PatientGlanceSource = {
  key: 'activeDeteriorationPlan',
  fields: ['activeDeteriorationPlanSummary'],
  description: 'The active deterioration plan, for activeDeteriorationPlanSummary',
  sql: `SELECT jsonb_build_object('id', d.id, 'reviewDate', d.review_date, 'recordedByOrganisationId', d.recorded_by_organisation_id,
                                  'signedByOrganisationId', d.signed_by_organisation_id)
          FROM deterioration_plan d WHERE d.patient_id = g.patient_id AND d.status = 'ACTIVE'`,
};
