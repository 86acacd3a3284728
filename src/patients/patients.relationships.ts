import { CareRelationshipSource } from '../access/care-relationship';

export const ENROLLMENT_RELATIONSHIP: CareRelationshipSource = {
  kind: 'ENROLLMENT',
  direct: true,
  table: 'home_healthcare_enrollment',
  description: 'The enrolling municipality or primary care centre of an active home-healthcare enrollment',
  author:
    'The municipality’s home healthcare enrolls the patient (`enrollPatient`), naming the primary care centre, the fast vårdkontakt and the fast läkarkontakt. A municipality with no relationship yet enrolls only a person it registered for enrollment within the last 24 hours (`registerPatient`); emergency access never enrolls.',
  ends: 'When the enrollment ends (`endEnrollment`, by the municipality or the primary care centre).',
  sql: `SELECT patient_id, municipality_id AS organisation_id FROM home_healthcare_enrollment WHERE status = 'ACTIVE'
        UNION ALL
        SELECT patient_id, primary_care_id AS organisation_id FROM home_healthcare_enrollment WHERE status = 'ACTIVE'`,
};

export const CARE_TEAM_RELATIONSHIP: CareRelationshipSource = {
  kind: 'CARE_TEAM',
  direct: true,
  table: 'care_team_member',
  description: 'An organisation added to the patient’s care team (e.g. social services, a ward that will take over)',
  author:
    'An organisation with a direct relationship adds another organisation (`addCareTeamMember`) with a reason; never itself, never on emergency access or SIP participation alone. Recorded with who and why; the MAS and unit managers of both organisations review it (`careTeamChangesForReview`).',
  ends: 'When an organisation with a direct relationship (the member itself included) removes it (`removeCareTeamMember`) with a reason.',
  sql: `SELECT patient_id, organisation_id FROM care_team_member WHERE removed_at IS NULL`,
};
