import { CareRelationshipSource } from '../access/care-relationship';

/**
 * Taking part in a SIP that is not closed (a draft, or published and in force) makes the
 * organisation part of the patient's care. Not direct: protected identity stays hidden unless the
 * organisation also cares for the patient directly (enrollment, care team).
 * Read from care_plan_organisation (one row per participating organisation of a plan not closed,
 * kept by refreshParticipants), so that a filter on either column pushed into the relationship
 * union is an index lookup. (Unnesting care_plan.participant_organisation_ids could be probed by
 * patient only: a caseload read every open plan of the region, 17,000 at 20,000 enrolled.)
 */
export const SIP_PARTICIPANT_RELATIONSHIP: CareRelationshipSource = {
  kind: 'SIP_PARTICIPANT',
  direct: false,
  table: 'care_plan_organisation',
  description: 'An organisation taking part in the patient’s coordinated individual plan (SIP), draft or active',
  author:
    'A participant of the SIP names it: the organisation that starts the SIP (`createCarePlan`, which needs a care relationship), participants editing the draft (`updateCarePlanDraft`), or the primary care centre’s SIP invitation at discharge (`sendSipInvitation`), which names the receiving municipality and centre.',
  ends: 'When the SIP is closed (`closeCarePlan`) or the organisation is no longer among its participants.',
  sql: `SELECT patient_id, organisation_id FROM care_plan_organisation`,
};
