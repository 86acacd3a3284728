import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { DataSource, In, IsNull } from 'typeorm';
import { ACCESS_REGISTRY, AccessRegistry } from '../access/access-registry';
import { CARE_RELATIONSHIP_TABLE, directKinds } from '../access/care-relationship';
import { LoaderFactory, RequestLoaders } from '../common/loaders';
import { OrganisationLoaders } from '../organisations/organisations.loader';
import { CareTeamMember } from './care-team-member.entity';
import { Consent } from './consent.entity';
import { Enrollment } from './enrollment.entity';
import { PatientGlance } from './patient-glance';
import { prepared, PreparedStatement, runPrepared } from '../database/raw';
import { PeekableLoader } from '../common/peekable-loader';
import { EnrollmentRows } from './enrollment.rows';

export interface RelationshipRow {
  patientId: string;
  organisationId: string;
  kind: string;
  direct: boolean;
}

export interface PatientLoaderSet {
  enrollments: DataLoader<string, Enrollment[]>;
  /** The active enrollment (or null), with its people and units; primed by the caseload's page. */
  activeEnrollment: PeekableLoader<string, Enrollment | null>;
  careTeam: DataLoader<string, CareTeamMember[]>;
  consents: DataLoader<string, Consent[]>;
  relationships: DataLoader<string, RelationshipRow[]>;
  /** Every glance source's value (jsonb, or null) by key: one statement for a whole page of patients. */
  glance: PeekableLoader<string, Record<string, unknown>>;
}

/** The care relationships of patients `$1`, one row per kind. */
const RELATIONSHIPS_SQL = prepared(
  `SELECT rel.patient_id, rel.organisation_id, k.kind FROM ${CARE_RELATIONSHIP_TABLE} rel CROSS JOIN LATERAL unnest(rel.kinds) AS k(kind)
    WHERE rel.patient_id = ANY ($1::uuid[]) ORDER BY k.kind, rel.organisation_id`,
);

function group<T>(ids: readonly string[], rows: T[], key: (r: T) => string): T[][] {
  const m = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const r of rows) m.get(key(r))?.push(r);
  return ids.map((id) => m.get(id)!);
}

/** Per-request loaders for what hangs off a patient; one query per kind, whatever the list length. */
@Injectable()
export class PatientLoaders implements LoaderFactory<PatientLoaderSet> {
  readonly rows: EnrollmentRows;
  /** Enrollments of patients `$1`, newest first, with their people and units. */
  private readonly enrollmentSql: PreparedStatement;
  /** The active enrollment of patients `$1`, with its people and units. */
  private readonly activeEnrollmentSql: PreparedStatement;

  private readonly directKinds: ReadonlySet<string>;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(ACCESS_REGISTRY) registry: AccessRegistry,
    private readonly glance: PatientGlance,
  ) {
    this.directKinds = directKinds(registry.relationshipSources);
    this.rows = new EnrollmentRows(ds);
    this.enrollmentSql = prepared(
      `SELECT ${this.rows.columns} FROM home_healthcare_enrollment e ${this.rows.people}
        WHERE e.patient_id = ANY ($1::uuid[]) ORDER BY e.start_date DESC, e.created_at DESC`,
    );
    this.activeEnrollmentSql = prepared(
      `SELECT ${this.rows.columns} FROM home_healthcare_enrollment e ${this.rows.people} WHERE e.patient_id = ANY ($1::uuid[]) AND e.status = 'ACTIVE'`,
    );
  }

  create(loaders: RequestLoaders): PatientLoaderSet {
    return {
      // With the named nurse and physician and the two units, which an enrollment is shown with:
      // they prime the organisation loaders, so showing them costs no further statement.
      enrollments: new DataLoader(async (ids) => {
        const org = loaders.get(OrganisationLoaders);
        const rows = await runPrepared(this.ds.manager, this.enrollmentSql, [[...ids]]);
        return group(
          ids,
          rows.map((r) => this.rows.read(r, org)!),
          (e) => e.patientId,
        );
      }),
      activeEnrollment: new PeekableLoader(async (ids) => {
        const org = loaders.get(OrganisationLoaders);
        const rows = await runPrepared(this.ds.manager, this.activeEnrollmentSql, [[...ids]]);
        const byPatient = new Map(rows.map((r) => this.rows.read(r, org)!).map((e) => [e.patientId, e]));
        return ids.map((id) => byPatient.get(id) ?? null);
      }),
      careTeam: new DataLoader(async (ids) =>
        group(
          ids,
          await this.ds.getRepository(CareTeamMember).find({ where: { patientId: In([...ids]), removedAt: IsNull() }, order: { addedAt: 'ASC' } }),
          (r) => r.patientId,
        ),
      ),
      consents: new DataLoader(async (ids) =>
        group(ids, await this.ds.getRepository(Consent).find({ where: { patientId: In([...ids]) }, order: { recordedAt: 'DESC' } }), (r) => r.patientId),
      ),
      relationships: new DataLoader(async (ids) => {
        const rows = await runPrepared<{ patient_id: string; organisation_id: string; kind: string }>(this.ds.manager, RELATIONSHIPS_SQL, [[...ids]]);
        return group(
          ids,
          rows.map((r) => ({ patientId: r.patient_id, organisationId: r.organisation_id, kind: r.kind, direct: this.directKinds.has(r.kind) })),
          (r) => r.patientId,
        );
      }),
      glance: new PeekableLoader(async (ids) => {
        const rows = await runPrepared<Record<string, unknown> & { patient_id: string }>(this.ds.manager, this.glance.statement, [[...ids]]);
        const byId = new Map(rows.map((r) => [r.patient_id, r]));
        return ids.map((id) => byId.get(id) ?? {});
      }),
    };
  }
}
