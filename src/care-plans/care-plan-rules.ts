import { canSeeIdentity, PatientGrant } from '../access/patient-grant';
import { forbidden } from '../common/errors';

/** The parts of a plan the access rules look at. */
export interface PlanForAccess {
  participantOrganisationIds: readonly string[];
  createdByOrganisationId: string;
}

export interface PlanAccess {
  /** The actor's organisation takes part in the plan (draft or version in force). */
  participant: boolean;
  read: boolean;
  /** Change the draft, publish, revise, close, meetings, follow-ups: participants only. */
  write: boolean;
  /** Next of kin names under protected identity (see canSeeIdentity). */
  identityVisible: boolean;
}

/**
 * A SIP is recorded jointly by its participants. A participating organisation reads and writes it.
 * Any other organisation with a care relationship (the one that started the plan included, once it
 * has left) reads it only as information recorded elsewhere: with an information-sharing consent
 * covering it (or emergency access) and no block on the organisation that started the plan.
 * Only participants write.
 */
export function planAccess(grant: PatientGrant, plan: PlanForAccess): PlanAccess {
  const participant = plan.participantOrganisationIds.includes(grant.actorOrganisationId);
  return {
    participant,
    read: participant || ((grant.consent || grant.emergency) && !grant.blockedOrganisationIds.includes(plan.createdByOrganisationId)),
    write: participant,
    identityVisible: canSeeIdentity(grant),
  };
}

/** Changes to a SIP are its participants' (the gate has already let the actor see the plan). */
export function requireParticipant(scope: { grant: PatientGrant; record: PlanForAccess }): void {
  if (!planAccess(scope.grant, scope.record).write) throw forbidden('Only organisations taking part in the SIP change it; ask a participant to add yours');
}
