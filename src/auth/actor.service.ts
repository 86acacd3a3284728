import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { unauthenticated } from '../common/errors';
import { Role } from '../common/roles';
import { OrganisationKind } from '../common/organisation-kind';
import { Actor, isPatientClaims, NO_STAFF_ID, PATIENT_ACTOR_ROLE, PatientTokenClaims, REPRESENTATIVE_ACTOR_ROLE } from '../common/actor';
import { parsePersonnummer } from '../common/personnummer';
import { TokenService } from './token.service';
import { prepared, runPrepared } from '../database/raw';

/** The assignment the token names, if the staff member holds it now. */
const ACTOR_SQL = prepared(
  `SELECT s.id AS staff_id, a.id AS assignment_id, o.id AS organisation_id, o.kind AS organisation_kind, a.role
     FROM staff s
     JOIN assignment a ON a.staff_id = s.id
     JOIN organisation o ON o.id = a.organisation_id
    WHERE s.hsa_id = $1 AND o.hsa_id = $2 AND a.role::text = $3
      AND a.valid_from <= now() AND (a.ended_at IS NULL OR a.ended_at > now())
    LIMIT 1`,
);

/**
 * Whom a person signed in through the patients' identity provider acts for: themself (a registered
 * patient), or a patient they represent now (a recorded ombud, god man or förvaltare whose
 * period holds). `$2` is the personnummer of the patient named by the representative, or null.
 */
const PATIENT_ACTOR_SQL = prepared(
  `SELECT p.id AS patient_id, NULL::uuid AS representative_id, NULL::text AS representative_kind
     FROM patient p
    WHERE p.personnummer = $1 AND ($2::text IS NULL OR $2::text = $1)
   UNION ALL
   SELECT r.patient_id, r.id, r.kind::text
     FROM patient_representative r
     JOIN patient p ON p.id = r.patient_id
    WHERE r.representative_personnummer = $1 AND ($2::text IS NULL OR p.personnummer = $2::text) AND p.personnummer <> $1
      AND r.ended_at IS NULL
      AND r.valid_from <= (now() AT TIME ZONE 'Europe/Stockholm')::date
      AND (r.valid_to IS NULL OR r.valid_to >= (now() AT TIME ZONE 'Europe/Stockholm')::date)
    LIMIT 3`,
);

/** The header a representative names the patient they act for with (a personnummer); a patient signed in for themself leaves it out. */
export const REPRESENTED_PATIENT_HEADER = 'x-represented-patient';

@Injectable()
export class ActorService {
  constructor(
    private readonly tokens: TokenService,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  /** Verify the token, then check that the staff member holds the named assignment now (one query). */
  async authenticate(authorization: string | undefined, requestId: string, representing?: string): Promise<Actor> {
    const claims = await this.tokens.verify(authorization);
    if (isPatientClaims(claims)) return this.patientActor(claims, representing, requestId);
    const rows: Array<{
      staff_id: string;
      assignment_id: string;
      organisation_id: string;
      organisation_kind: OrganisationKind;
      role: Role;
    }> = await runPrepared(this.ds.manager, ACTOR_SQL, [claims.staffHsaId, claims.organisationHsaId, claims.role]);
    const row = rows[0];
    if (!row) throw unauthenticated('The token names an assignment (organisation and role) that this staff member does not hold');
    return {
      staffId: row.staff_id,
      staffHsaId: claims.staffHsaId,
      assignmentId: row.assignment_id,
      organisationId: row.organisation_id,
      organisationHsaId: claims.organisationHsaId,
      organisationKind: row.organisation_kind,
      role: row.role,
      requestId,
    };
  }

  /**
   * A patient, or a representative acting for one. The same answer for a patient who is not
   * registered and one the person does not represent: no patient is named.
   */
  private async patientActor(claims: PatientTokenClaims, representing: string | undefined, requestId: string): Promise<Actor> {
    const named = representing === undefined || representing.trim() === '' ? null : parsePersonnummer(representing)?.normalised;
    if (named === undefined) throw unauthenticated(`${REPRESENTED_PATIENT_HEADER} must be a valid personnummer`);
    const rows: Array<{ patient_id: string; representative_id: string | null; representative_kind: string | null }> = await runPrepared(
      this.ds.manager,
      PATIENT_ACTOR_SQL,
      [claims.personnummer, named],
    );
    // Without a header: the person themself if registered, else the one patient they represent.
    const own = rows.filter((r) => !r.representative_id);
    const chosen = own.length ? own : rows;
    if (chosen.length !== 1) {
      throw unauthenticated(
        chosen.length === 0
          ? 'No patient record for this sign-in (or no current representation of the patient named)'
          : `You represent more than one patient: name the one you act for in the ${REPRESENTED_PATIENT_HEADER} header`,
      );
    }
    const row = chosen[0];
    const representative = row.representative_id ? { id: row.representative_id, personnummer: claims.personnummer, kind: row.representative_kind! } : null;
    const who = representative ? REPRESENTATIVE_ACTOR_ROLE : PATIENT_ACTOR_ROLE;
    return {
      staffId: NO_STAFF_ID,
      staffHsaId: who,
      assignmentId: NO_STAFF_ID,
      organisationId: NO_STAFF_ID,
      organisationHsaId: who,
      organisationKind: 'PATIENT' as OrganisationKind,
      // Not a Role a staff member can hold: the guard lets a patient actor use only operations declared `patients: true`.
      role: who as Role,
      requestId,
      patient: { patientId: row.patient_id, representative, signedInAs: claims.personnummer },
    };
  }
}
