import { CareRelationshipSource } from '../access/care-relationship';

/**
 * Taking part in a SIP that is not closed (a draft, or published and in force) makes the
 * organisation part of the patient's care. Not direct: protected identity stays hidden unless the
 * organisation also cares for the patient directly (enrollment, care team).
 */
export const SIP_PARTICIPANT_RELATIONSHIP: CareRelationshipSource = {
  kind: 'SIP_PARTICIPANT',
  direct: false,
  description: 'An organisation taking part in the patient’s coordinated individual plan (SIP), draft or active',
  sql: `SELECT cp.patient_id, o.organisation_id FROM care_plan cp CROSS JOIN LATERAL unnest(cp.participant_organisation_ids) AS o(organisation_id) WHERE cp.status <> 'CLOSED'`,
};
