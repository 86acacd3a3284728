import { OrganisationKind } from './organisation-kind';
import { Role } from './roles';

/**
 * Who is asking, and on whose behalf: one staff member acting in one assignment
 * (organisation + role). Built once per request from a verified token and a check that the
 * assignment is held now. Passed explicitly into every service call.
 */
export interface Actor {
  staffId: string;
  staffHsaId: string;
  assignmentId: string;
  organisationId: string;
  organisationHsaId: string;
  organisationKind: OrganisationKind;
  role: Role;
  requestId: string;
  /**
   * Set for a patient signed in through the patients' identity provider, or a recorded
   * representative (ombud, god man, förvaltare) acting for one: the actor then reaches only this
   * patient's own view (operations whose policy declares `patients: true`). The staff fields hold
   * the nil id, `staffHsaId` and `role` PATIENT or REPRESENTATIVE, as the access log writes them.
   */
  patient?: PatientPrincipal;
}

/** Who signed in for a patient's own view, and whose data they reach. */
export interface PatientPrincipal {
  /** The patient whose data is reached (resolved from the personnummer at sign-in). */
  patientId: string;
  /** The representative acting for the patient, or null when the patient signed in themself. */
  representative: { id: string; personnummer: string; kind: string } | null;
  /** The personnummer that signed in (the patient's own, or the representative's). */
  signedInAs: string;
}

/** The access log's role and staff HSA-id column for a patient, or a representative, acting in their own view. */
export const PATIENT_ACTOR_ROLE = 'PATIENT';
export const REPRESENTATIVE_ACTOR_ROLE = 'REPRESENTATIVE';
/** The nil id written as staff, assignment and organisation for a patient actor (no staff member acts). */
export const NO_STAFF_ID = '00000000-0000-0000-0000-000000000000';

/** The verified claims of a patient's token (the patients' identity provider): the person who signed in. */
export interface PatientTokenClaims {
  personnummer: string;
}

export function isPatientClaims(c: TokenClaims | PatientTokenClaims): c is PatientTokenClaims {
  return 'personnummer' in c;
}

/** The verified claims of a bearer token, before the database has been asked anything. */
export interface TokenClaims {
  staffHsaId: string;
  organisationHsaId: string;
  role: string;
}
