import { Actor } from '../common/actor';

/** What one actor may see of one patient, decided in one set-based query by the gate (PatientGate). */
export interface PatientGrant {
  patientId: string;
  exists: boolean;
  /** Kinds of care relationship between the actor's organisation and the patient. */
  relationships: string[];
  direct: boolean;
  /** Active emergency access (nödåtkomst) opened by this staff member in this organisation. */
  emergency: boolean;
  /** An active information-sharing consent covers the actor's organisation. */
  consent: boolean;
  /** Organisations whose records are blocked for this actor (opened blocks excluded). */
  blockedOrganisationIds: string[];
  protectedIdentity: boolean;
  actorOrganisationId: string;
}

export function isAllowed(g: PatientGrant): boolean {
  return g.exists && (g.relationships.length > 0 || g.emergency);
}

/** Access relies on emergency access alone. */
export function isEmergencyOnly(g: PatientGrant): boolean {
  return g.emergency && g.relationships.length === 0;
}

/**
 * Emergency access shows the actor something they would not see without it: the patient at all
 * (no care relationship), or documentation recorded by other organisations (no consent covers
 * theirs). Every answer given under such a grant is flagged emergency in the log, also when the
 * organisation has an ordinary relationship besides. (With a relationship and a consent, emergency
 * access adds nothing: it never opens a block and never reveals a protected identity.)
 */
export function emergencyWidens(g: Pick<PatientGrant, 'emergency' | 'relationships' | 'consent'>): boolean {
  return g.emergency && (g.relationships.length === 0 || !g.consent);
}

/** The grant as it stands for a change: emergency access never writes. */
export function withoutEmergency(g: PatientGrant): PatientGrant {
  return g.emergency ? { ...g, emergency: false } : g;
}

/**
 * May the actor read a record made by `organisationId`? Own records always; another
 * organisation's only with consent (or in an emergency, when the patient cannot consent) and when
 * the patient has not blocked that organisation's records.
 */
export function canSeeRecordedBy(g: PatientGrant, organisationId: string | null | undefined): boolean {
  if (!organisationId || organisationId === g.actorOrganisationId) return true;
  if (g.blockedOrganisationIds.includes(organisationId)) return false;
  return g.consent || g.emergency;
}

/**
 * Protected identity: name, address, phone and next of kin only with a direct care relationship.
 * Emergency access does not reveal them: the personnummer identifies the patient, and the care
 * information is open, but where a protected person lives stays with those who care for them.
 */
export function canSeeIdentity(g: PatientGrant): boolean {
  return !g.protectedIdentity || g.direct;
}

/**
 * May the actor learn which organisation (and which of its staff) recorded something? Not when the
 * patient has blocked that organisation's information from the actor: others may learn that blocked
 * information exists, never where it was recorded.
 */
export function canSeeAuthor(g: PatientGrant, organisationId: string | null | undefined): boolean {
  return !organisationId || !g.blockedOrganisationIds.includes(organisationId) || organisationId === g.actorOrganisationId;
}

export function hasBlockedInformation(g: PatientGrant): boolean {
  return g.blockedOrganisationIds.some((o) => o !== g.actorOrganisationId);
}

export type GrantActor = Pick<Actor, 'organisationId' | 'staffId'>;
