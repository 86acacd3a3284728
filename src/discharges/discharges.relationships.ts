import { CareRelationshipSource } from '../access/care-relationship';

/**
 * An open discharge process (not CLOSED or CANCELLED) makes the hospital ward, the receiving
 * municipality and the open-care receiver (primary_care_id: a primary care centre, SSIH or a regional
 * mobile team — whatever its kind, the column's unit gets the relationship) part of the patient's care: each cares for the patient
 * directly during the stay and the transition home.
 */
export const DISCHARGE_PROCESS_RELATIONSHIP: CareRelationshipSource = {
  kind: 'DISCHARGE_PROCESS',
  direct: true,
  table: 'discharge_process',
  description:
    'The hospital ward, the receiving municipality and the open-care receiver (primary care centre, SSIH or regional mobile team) of an open discharge process',
  author:
    'The hospital ward opens the process for a patient admitted to it (`openDischargeProcess`, by personnummer; the admission is the basis), naming the receiving municipality and the open-care receiver — a primary care centre, SSIH or a mobile team run by the region (by default those of the active enrollment).',
  ends: 'When the process is closed after discharge (`closeDischargeProcess`) or cancelled (`cancelDischargeProcess`): the ward’s access ends with the stay.',
  sql: `SELECT patient_id, hospital_id AS organisation_id FROM discharge_process WHERE status NOT IN ('CLOSED', 'CANCELLED')
        UNION ALL
        SELECT patient_id, municipality_id AS organisation_id FROM discharge_process WHERE status NOT IN ('CLOSED', 'CANCELLED')
        UNION ALL
        SELECT patient_id, primary_care_id AS organisation_id FROM discharge_process WHERE status NOT IN ('CLOSED', 'CANCELLED')`,
};
