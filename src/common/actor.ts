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
}

/** The verified claims of a bearer token, before the database has been asked anything. */
export interface TokenClaims {
  staffHsaId: string;
  organisationHsaId: string;
  role: string;
}
