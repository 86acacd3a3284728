import { SIP_PARTICIPANT_RELATIONSHIP } from '../care-plans/care-plans.relationships';
import { DISCHARGE_PROCESS_RELATIONSHIP } from '../discharges/discharges.relationships';
import { CARE_TEAM_RELATIONSHIP, ENROLLMENT_RELATIONSHIP } from '../patients/patients.relationships';
import { CareRelationshipSource, relationshipUnion } from './care-relationship';

/** Every source of care relationships. A capability adds its own here (SIP participation, discharge…). */
export const CARE_RELATIONSHIP_SOURCES: readonly CareRelationshipSource[] = [
  ENROLLMENT_RELATIONSHIP,
  CARE_TEAM_RELATIONSHIP,
  SIP_PARTICIPANT_RELATIONSHIP,
  DISCHARGE_PROCESS_RELATIONSHIP,
];

export const CARE_RELATIONSHIPS_SQL = relationshipUnion(CARE_RELATIONSHIP_SOURCES);
