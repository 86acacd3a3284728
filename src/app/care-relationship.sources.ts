import { CareRelationshipSource, relationshipUnion } from '../access/care-relationship';
import { SIP_PARTICIPANT_RELATIONSHIP } from '../care-plans/care-plans.relationships';
import { DISCHARGE_PROCESS_RELATIONSHIP } from '../discharges/discharges.relationships';
import { CARE_TEAM_RELATIONSHIP, ENROLLMENT_RELATIONSHIP } from '../patients/patients.relationships';

/**
 * Every source of care relationships. A capability adds its own here (SIP participation, discharge…),
 * and a migration runs careRelationshipDdl(CARE_RELATIONSHIP_SOURCES) so that the table follows it
 * (test/care-relationships.e2e-spec.ts fails until it does). The core reads them through the
 * access registry (src/app/registry.ts).
 */
export const CARE_RELATIONSHIP_SOURCES: readonly CareRelationshipSource[] = [
  ENROLLMENT_RELATIONSHIP,
  CARE_TEAM_RELATIONSHIP,
  SIP_PARTICIPANT_RELATIONSHIP,
  DISCHARGE_PROCESS_RELATIONSHIP,
];

/**
 * The definition: the union of the sources (patient_id, organisation_id, kind, direct). Read by
 * the triggers that keep `care_relationship` and by the test that checks them; the service reads
 * the table.
 */
export const CARE_RELATIONSHIPS_DEFINITION_SQL = relationshipUnion(CARE_RELATIONSHIP_SOURCES);
