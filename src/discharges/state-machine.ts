/**
 * The discharge process as a state machine, as pure data and one pure function.
 *
 *   ADMITTED --admission notice--> PLANNING --ready for discharge--> READY_FOR_DISCHARGE
 *   READY_FOR_DISCHARGE --withdrawn (patient got worse)--> PLANNING
 *   READY_FOR_DISCHARGE --discharge notice--> DISCHARGED --close--> CLOSED
 *   ADMITTED | PLANNING | READY_FOR_DISCHARGE --cancel (died, stays …)--> CANCELLED
 *
 * Messages that do not move the process are allowed only in the statuses listed for them.
 */
import { DischargeMessageKind, DischargeParty, DischargeStatus } from './discharge.enums';

const { ADMITTED, PLANNING, READY_FOR_DISCHARGE, DISCHARGED, CLOSED, CANCELLED } = DischargeStatus;

export type DischargeAction = DischargeMessageKind | 'CLOSE' | 'CANCEL';

export interface ActionRule {
  /** The statuses in which the action is allowed. */
  from: readonly DischargeStatus[];
  /** The status it leads to; absent when the status stays. */
  to?: DischargeStatus;
  /** Which party may take it; absent: any party. */
  by?: DischargeParty;
}

export const ACTION_RULES: Readonly<Record<DischargeAction, ActionRule>> = {
  STATUS_MESSAGE: { from: [ADMITTED, PLANNING, READY_FOR_DISCHARGE], by: DischargeParty.MUNICIPALITY },
  ADMISSION_NOTICE: { from: [ADMITTED], to: PLANNING, by: DischargeParty.HOSPITAL },
  CARE_CONTACT_APPOINTED: { from: [PLANNING, READY_FOR_DISCHARGE, DISCHARGED], by: DischargeParty.PRIMARY_CARE },
  PLANNED_DISCHARGE_DATE: { from: [PLANNING, READY_FOR_DISCHARGE], by: DischargeParty.HOSPITAL },
  READY_FOR_DISCHARGE: { from: [PLANNING], to: READY_FOR_DISCHARGE, by: DischargeParty.HOSPITAL },
  READY_FOR_DISCHARGE_WITHDRAWN: { from: [READY_FOR_DISCHARGE], to: PLANNING, by: DischargeParty.HOSPITAL },
  DISCHARGE_NOTICE: { from: [READY_FOR_DISCHARGE], to: DISCHARGED, by: DischargeParty.HOSPITAL },
  SIP_INVITATION: { from: [READY_FOR_DISCHARGE, DISCHARGED], by: DischargeParty.PRIMARY_CARE },
  CLOSE: { from: [DISCHARGED], to: CLOSED },
  CANCEL: { from: [ADMITTED, PLANNING, READY_FOR_DISCHARGE], to: CANCELLED, by: DischargeParty.HOSPITAL },
};

export type TransitionResult = { allowed: true; next: DischargeStatus } | { allowed: false; current: DischargeStatus; allowedFrom: readonly DischargeStatus[] };

/** May `action` be taken in `current`, and where does it lead? Pure; no party check. */
export function transition(current: DischargeStatus, action: DischargeAction): TransitionResult {
  const rule = ACTION_RULES[action];
  if (!rule) throw new RangeError(`unknown action ${String(action)}`);
  if (!rule.from.includes(current)) return { allowed: false, current, allowedFrom: rule.from };
  return { allowed: true, next: rule.to ?? current };
}

/** The party that takes `action`, or undefined when any party may. */
export function partyFor(action: DischargeAction): DischargeParty | undefined {
  return ACTION_RULES[action].by;
}
