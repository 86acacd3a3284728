import { PatientGlanceSource } from '../patients/patient-glance';

/** What the glance holds about the patient's SIP that is not closed (at most one). */
export interface CarePlanGlance {
  id: string;
  status: string;
  planType: string;
  publishedVersionNumber: number | null;
  /** The follow-up date in force (care_plan.follow_up_due), never the draft's. */
  followUpDue: string | null;
  participantOrganisationIds: string[];
  createdByOrganisationId: string;
}

/** The current plan (the one in force before a draft replacing it), with what its access rule (planAccess) needs. */
export const CURRENT_CARE_PLAN_GLANCE: PatientGlanceSource = {
  key: 'currentCarePlan',
  fields: ['currentCarePlan'],
  description: 'The open plan (SIP or patient agreement; the one in force first), for currentCarePlan',
  sql: `SELECT jsonb_build_object('id', cp.id, 'status', cp.status, 'planType', cp.plan_type, 'publishedVersionNumber', cp.published_version_number,
                                  'followUpDue', cp.follow_up_due, 'participantOrganisationIds', cp.participant_organisation_ids,
                                  'createdByOrganisationId', cp.created_by_organisation_id)
          FROM care_plan cp WHERE cp.patient_id = g.patient_id AND cp.status IN ('DRAFT', 'ACTIVE')
         ORDER BY cp.status = 'ACTIVE' DESC, cp.created_at DESC LIMIT 1`,
};
