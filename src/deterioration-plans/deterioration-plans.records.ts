import { recordKind } from '../access/record-kind';
import { DeteriorationPlan } from './deterioration-plan.entity';
import { canSeePlan, hiddenReason } from './plan-content';

/** One version of a deterioration plan: documentation of the organisation that drafted it (consent, block). */
export const DETERIORATION_PLAN_RECORD = recordKind<DeteriorationPlan>({
  entity: DeteriorationPlan,
  table: 'deterioration_plan',
  label: 'Deterioration plan',
  detail: 'planId',
  visible: canSeePlan,
  hiddenReason,
});
