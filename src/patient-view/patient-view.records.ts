import { recordKind } from '../access/record-kind';
import { CARE_PLAN_RECORD } from '../care-plans/care-plans.records';
import { CarePlanProposal } from './care-plan-proposal.entity';
import { PatientRepresentative } from './patient-representative.entity';

/** A recorded representative: visible to anyone who may read the patient. */
export const PATIENT_REPRESENTATIVE_RECORD = recordKind<PatientRepresentative>({
  entity: PatientRepresentative,
  table: 'patient_representative',
  label: 'Representative',
});

/** A patient's proposal to their SIP: as visible as the SIP (its participants; others with consent and no block). */
export const CARE_PLAN_PROPOSAL_RECORD = recordKind<CarePlanProposal>({
  entity: CarePlanProposal,
  table: 'care_plan_proposal',
  label: 'Proposal',
  parent: { kind: CARE_PLAN_RECORD as never, key: 'carePlanId' satisfies keyof CarePlanProposal },
});
