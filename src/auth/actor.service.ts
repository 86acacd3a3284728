import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { unauthenticated } from '../common/errors';
import { Role } from '../common/roles';
import { OrganisationKind } from '../common/organisation-kind';
import { Actor } from '../common/actor';
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

@Injectable()
export class ActorService {
  constructor(
    private readonly tokens: TokenService,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  /** Verify the token, then check that the staff member holds the named assignment now (one query). */
  async authenticate(authorization: string | undefined, requestId: string): Promise<Actor> {
    const claims = await this.tokens.verify(authorization);
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
}
