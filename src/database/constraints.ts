/**
 * What each unique index means to a client, so that a duplicate that slips past a service's own
 * check (two requests at once) answers CONFLICT naming the field instead of INTERNAL.
 * `field` is the input field a client sends (found in the request's arguments when the error is
 * mapped, e.g. `input.hsaId`). test/edges.e2e-spec.ts fails when a unique index in the database has
 * no entry here.
 */
export interface UniqueMeaning {
  field: string;
  message: string;
}

export const UNIQUE_INDEXES: Readonly<Record<string, UniqueMeaning>> = {
  uq_organisation_hsa_id: { field: 'hsaId', message: 'is already used by another organisation' },
  uq_staff_hsa_id: { field: 'hsaId', message: 'is already used by another staff member' },
  uq_assignment_active: { field: 'role', message: 'is already held by this staff member in this organisation' },
  uq_patient_personnummer: { field: 'personnummer', message: 'is already registered' },
  uq_block_active: { field: 'organisationId', message: 'has its information blocked already for this patient (spärr)' },
  uq_care_team_active: { field: 'organisationId', message: 'is already in the patient’s care team' },
  uq_enrollment_active_patient: { field: 'patientId', message: 'already has an active home healthcare enrollment (inskrivning)' },
  uq_deterioration_plan_version: { field: 'patientId', message: 'had another deterioration plan version saved at the same moment; reload and try again' },
  uq_deterioration_plan_draft: { field: 'patientId', message: 'already has a draft deterioration plan; edit that draft' },
  uq_deterioration_plan_active: { field: 'planId', message: 'was overtaken: another plan for the patient was signed at the same moment; reload' },
  uq_care_plan_open_per_patient_type: { field: 'patientId', message: 'already has an open plan of this type (SIP or patient agreement)' },
  uq_care_plan_in_force_per_patient: { field: 'carePlanId', message: 'was overtaken: another plan for the patient came into force at the same moment; reload' },
  uq_care_plan_version_number: { field: 'carePlanId', message: 'was published by someone else at the same moment; reload and try again' },
  uq_care_plan_follow_up_outcome_item: { field: 'outcomes', message: 'names the same SIP item twice' },
  uq_care_plan_experience_answer: { field: 'experience', message: 'answers the same question twice' },
  uq_experience_answer_question: { field: 'answers', message: 'answers the same question twice' },
  uq_care_plan_meeting_invitation: { field: 'invitedOrganisationIds', message: 'names an organisation that is already invited' },
  uq_care_plan_meeting_person_patient: { field: 'kind', message: 'the patient is already invited to this meeting' },
  uq_discharge_in_hospital: { field: 'patientId', message: 'already has an open discharge process (the patient is in hospital)' },
  uq_discharge_receiver: { field: 'receivers', message: 'name the same receiving organisation twice' },
  uq_round_participant: { field: 'staffId', message: 'already takes part in the round' },
  uq_agenda_round_patient: { field: 'patientId', message: 'is already on the round’s agenda' },
  uq_decision_task: { field: 'taskId', message: 'is already linked to another decision' },
  uq_medication_reconciliation_process: {
    field: 'processId',
    message: 'had its medication reconciliation (läkemedelsavstämning) recorded by someone else at the same moment; reload',
  },
  uq_medication_discrepancy_task: { field: 'discrepancies', message: 'would link one task to two discrepancies' },
  uq_idempotency_key: { field: 'Idempotency-Key', message: 'was used by a request that is being applied at this moment; retry shortly to get its answer' },
};

/**
 * Check constraints a client's input can break (a value the service's own validation should have
 * caught first). A check constraint not listed here is broken only by a fault of ours: INTERNAL.
 */
export const CHECK_CONSTRAINTS: Readonly<Record<string, UniqueMeaning>> = {
  ck_care_plan_experience_score: { field: 'score', message: 'must be from 1 to 5' },
  ck_round_video_link: { field: 'videoLink', message: 'is required for a VIDEO round and not allowed for others' },
  ck_round_participants: { field: 'participatingOrganisationIds', message: 'must name at least one organisation' },
  ck_task_assignee: { field: 'assignee', message: 'must name either a person or a role, not both' },
};
