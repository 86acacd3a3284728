/**
 * Where care relationships (vårdrelationer) come from. Each capability that makes an organisation
 * part of a patient's care contributes a source: a SELECT of (patient_id, organisation_id) over its
 * own tables, active rows only. access/ unions them; nothing else decides who has a relationship.
 */
export interface CareRelationshipSource {
  /** e.g. ENROLLMENT, CARE_TEAM, SIP_PARTICIPANT, DISCHARGE_PROCESS. */
  kind: string;
  /** A direct relationship means the organisation cares for the patient itself (protected identity is shown). */
  direct: boolean;
  /** `SELECT patient_id, organisation_id FROM … WHERE <active>`, no parameters. */
  sql: string;
  description: string;
}

/** The union of all sources as one SQL relation (patient_id, organisation_id, kind, direct). */
export function relationshipUnion(sources: readonly CareRelationshipSource[]): string {
  return sources
    .map((s) => `SELECT src.patient_id, src.organisation_id, '${s.kind}'::text AS kind, ${s.direct ? 'true' : 'false'} AS direct FROM (${s.sql}) src`)
    .join('\nUNION ALL\n');
}
