import { Injectable } from '@nestjs/common';
import { PatientAccessService, PatientOperation, PatientScope } from '../access/patient-access.service';
import { Actor } from '../auth/actor';
import { AppError, ErrorCode, forbidden, notFound, preconditionFailed } from '../common/errors';
import { DischargeProcess } from './discharge-process.entity';
import { DischargeParty, DischargeStatus } from './discharge.enums';
import { DischargeAction, transition } from './state-machine';
import { partyOf } from './discharges.types';

export interface ProcessScope extends PatientScope {
  process: DischargeProcess;
  /** The actor's party in the process, or null (another care relationship, or emergency access). */
  party: DischargeParty | null;
}

/**
 * The discharge capability's way through access/: every touch of a process, message or handover
 * goes through PatientAccessService.withPatient (care relationship, audit row in the same
 * transaction; a request turned down inside — wrong party, illegal transition — is logged by it too).
 */
@Injectable()
export class DischargeAccess {
  constructor(private readonly access: PatientAccessService) {}

  /**
   * `notFoundAs` names the record addressed (e.g. 'Handover'): a refusal then reads exactly like a
   * missing record of that kind, not like a missing patient.
   */
  async withPatient<T>(actor: Actor, patientId: string, op: PatientOperation, fn: (scope: PatientScope) => Promise<T>, notFoundAs?: string): Promise<T> {
    let inside = false;
    try {
      return await this.access.withPatient(actor, patientId, op, (scope) => {
        inside = true;
        return fn(scope);
      });
    } catch (e) {
      // withPatient has logged the attempt (REFUSED or FAILED); here only the answer's wording changes.
      if (!inside && notFoundAs && e instanceof AppError && e.code === ErrorCode.NOT_FOUND) throw notFound(notFoundAs);
      throw e;
    }
  }

  /** One process, addressed by id: a process the actor may not see is NOT_FOUND, like a missing one. */
  async withProcess<T>(actor: Actor, processId: string, op: PatientOperation, lock: boolean, fn: (scope: ProcessScope) => Promise<T>, what = 'Discharge process'): Promise<T> {
    const patientId = await this.access.lookupPatientOf('discharge_process', processId);
    if (!patientId) throw notFound(what);
    return this.withPatient(
      actor,
      patientId,
      { ...op, details: { ...op.details, processId } },
      async (scope) => {
        const process = await scope.manager.getRepository(DischargeProcess).findOne({ where: { id: processId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
        if (!process) throw notFound(what);
        return fn({ ...scope, process, party: partyOf(process, actor.organisationId) });
      },
      what,
    );
  }
}

const PARTY_NAMES: Record<DischargeParty, string> = {
  HOSPITAL: 'hospital ward',
  MUNICIPALITY: 'receiving municipality',
  PRIMARY_CARE: 'receiving primary care centre',
};

/** FORBIDDEN unless the actor's organisation is a party of the process (and the named one, if any). */
export function requireParty(s: Pick<ProcessScope, 'party'>, party: DischargeParty | undefined, what: string): void {
  if (!s.party) throw forbidden('Your organisation is not a party of this discharge process');
  if (party && s.party !== party) throw forbidden(`Only the ${PARTY_NAMES[party]} of the process ${what}`);
}

/** The status after `action`, or PRECONDITION_FAILED naming the current status. */
export function requireTransition(process: Pick<DischargeProcess, 'status'>, action: DischargeAction, operation: string): DischargeStatus {
  const t = transition(process.status, action);
  if (!t.allowed) {
    throw preconditionFailed(`${operation} is not possible while the discharge process is ${t.current}; it needs ${t.allowedFrom.join(' or ')}`, {
      currentStatus: t.current,
      allowedFrom: t.allowedFrom,
    });
  }
  return t.next;
}
