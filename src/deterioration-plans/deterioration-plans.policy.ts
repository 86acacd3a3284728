import { definePolicy, onPatient, onRecord, patientList } from '../access/policy';
import { DETERIORATION_PLAN_RECORD } from './deterioration-plans.records';
import { Role } from '../common/roles';

const { NURSE, PHYSICIAN, REHAB, DISCHARGE_COORDINATOR, CARE_COORDINATOR } = Role;
/**
 * Who reads deterioration plans: those who act on them or hand the patient over (nurses,
 * physicians, rehab staff, care and discharge coordinators). Social workers, managers, MAS and
 * admins do not need treatment limitations for their work (inre sekretess).
 */
export const PLAN_READERS = [NURSE, PHYSICIAN, REHAB, DISCHARGE_COORDINATOR, CARE_COORDINATOR] as const;
const REL = 'care relationship (or your emergency access); another organisation’s plan only with consent and no block';
const WRITE = 'care relationship (emergency access is not enough); expectedVersion';

export const deteriorationPlansPolicy = definePolicy('Deterioration action plans', {
  activeDeteriorationPlan: {
    roles: PLAN_READERS,
    does: 'The 3 a.m. read: the active plan with steps and contact ladder',
    scope: REL,
    access: onPatient('patientId', 'read'),
  },
  deteriorationPlan: {
    roles: PLAN_READERS,
    does: 'Read one version of a plan, drafts included',
    scope: REL,
    access: onRecord(DETERIORATION_PLAN_RECORD, 'id', 'read'),
  },
  deteriorationPlanHistory: { roles: PLAN_READERS, does: 'The patient’s plan history, newest first', scope: REL, access: onPatient('patientId', 'read') },
  deteriorationPlansDueForReview: {
    roles: [NURSE, PHYSICIAN, CARE_COORDINATOR],
    does: 'Active plans due for review (review date, or review requested after an admission) for your organisation’s patients',
    scope: 'one audit row per patient listed',
    access: patientList('active plans of the organisation’s patients'),
  },
  evaluateDeterioration: {
    roles: [NURSE, PHYSICIAN, CARE_COORDINATOR],
    does: 'Which steps of the active plan fresh observations trigger; logged as a read',
    scope: REL,
    access: onPatient('patientId', 'read'),
  },
  draftDeteriorationPlan: {
    roles: [NURSE, PHYSICIAN],
    does: 'Start a draft plan',
    scope: 'care relationship; one open draft per patient',
    access: onPatient('input.patientId', 'write'),
  },
  reviseDeteriorationPlan: {
    roles: [NURSE, PHYSICIAN],
    does: 'Start a draft copied from the active plan',
    scope: 'care relationship; one open draft per patient',
    access: onPatient('patientId', 'write'),
  },
  updateDeteriorationPlanDraft: {
    roles: [NURSE, PHYSICIAN],
    does: 'Edit a draft',
    scope: WRITE,
    access: onRecord(DETERIORATION_PLAN_RECORD, 'input.planId', 'write'),
  },
  signDeteriorationPlan: {
    roles: [PHYSICIAN],
    does: 'Sign a draft; the previous active version is superseded',
    scope: WRITE,
    access: onRecord(DETERIORATION_PLAN_RECORD, 'input.planId', 'write'),
  },
  withdrawDeteriorationPlan: {
    roles: [NURSE, PHYSICIAN],
    does: 'Withdraw a plan with a reason',
    scope: `an active plan: physician only; ${WRITE}`,
    access: onRecord(DETERIORATION_PLAN_RECORD, 'input.planId', 'write'),
  },
});
