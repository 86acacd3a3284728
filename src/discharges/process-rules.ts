import { conflict, forbidden, preconditionFailed } from '../common/errors';
import { DischargeProcess } from './discharge-process.entity';
import { DischargeParty, DischargeStatus } from './discharge.enums';
import { partyOf } from './discharges.types';
import { DischargeAction, transition } from './state-machine';

const PARTY_NAMES: Record<DischargeParty, string> = {
  HOSPITAL: 'hospital ward',
  MUNICIPALITY: 'receiving municipality',
  PRIMARY_CARE: 'open-care receiver (primary care centre, SSIH or regional mobile team)',
};

/** FORBIDDEN unless the actor's organisation is a party of the process (and the named one, if any). */
export function requireParty(process: DischargeProcess, organisationId: string, party: DischargeParty | undefined, what: string): DischargeParty {
  const mine = partyOf(process, organisationId);
  if (!mine) throw forbidden('Your organisation is not a party of this discharge process');
  if (party && mine !== party) throw forbidden(`Only the ${PARTY_NAMES[party]} of the process ${what}`);
  return mine;
}

/** Where each status stands in a stay: a process moves forward (a withdrawn ready notice steps back once). */
const STAGE: Record<DischargeStatus, number> = {
  [DischargeStatus.ADMITTED]: 0,
  [DischargeStatus.PLANNING]: 1,
  [DischargeStatus.READY_FOR_DISCHARGE]: 2,
  [DischargeStatus.DISCHARGED]: 3,
  [DischargeStatus.CLOSED]: 4,
  [DischargeStatus.CANCELLED]: 4,
};

/**
 * The status after `action`, or a refusal naming the current status: CONFLICT when the process has
 * already moved past the step (someone else did it, or discharged, closed or cancelled the stay:
 * reload), PRECONDITION_FAILED when another step must come first.
 */
export function requireTransition(process: Pick<DischargeProcess, 'status'>, action: DischargeAction, operation: string): DischargeStatus {
  const t = transition(process.status, action);
  if (!t.allowed) {
    const movedOn = STAGE[t.current] > Math.max(...t.allowedFrom.map((s) => STAGE[s]));
    throw (movedOn ? conflict : preconditionFailed)(
      `${operation} is not possible while the discharge process is ${t.current}; it needs ${t.allowedFrom.join(' or ')}`,
      {
        currentStatus: t.current,
        allowedFrom: t.allowedFrom,
      },
    );
  }
  return t.next;
}
