import { CareRelationshipSource } from '../access/care-relationship';

export const ENROLLMENT_RELATIONSHIP: CareRelationshipSource = {
  kind: 'ENROLLMENT',
  direct: true,
  table: 'home_healthcare_enrollment',
  description: 'The enrolling municipality or primary care centre of an active home-healthcare enrollment',
  sql: `SELECT patient_id, municipality_id AS organisation_id FROM home_healthcare_enrollment WHERE status = 'ACTIVE'
        UNION ALL
        SELECT patient_id, primary_care_id AS organisation_id FROM home_healthcare_enrollment WHERE status = 'ACTIVE'`,
};

export const CARE_TEAM_RELATIONSHIP: CareRelationshipSource = {
  kind: 'CARE_TEAM',
  direct: true,
  table: 'care_team_member',
  description: 'An organisation added to the patient’s care team (e.g. a hospital ward, social services)',
  sql: `SELECT patient_id, organisation_id FROM care_team_member WHERE removed_at IS NULL`,
};
