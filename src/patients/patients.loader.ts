import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { DataSource, In, IsNull } from 'typeorm';
import { CARE_RELATIONSHIPS_SQL } from '../access/care-relationship.sources';
import { LoaderFactory } from '../common/loaders';
import { CareTeamMember } from './care-team-member.entity';
import { Consent } from './consent.entity';
import { Enrollment } from './enrollment.entity';

export interface RelationshipRow {
  patientId: string;
  organisationId: string;
  kind: string;
  direct: boolean;
}

export interface PatientLoaderSet {
  enrollments: DataLoader<string, Enrollment[]>;
  careTeam: DataLoader<string, CareTeamMember[]>;
  consents: DataLoader<string, Consent[]>;
  relationships: DataLoader<string, RelationshipRow[]>;
}

function group<T>(ids: readonly string[], rows: T[], key: (r: T) => string): T[][] {
  const m = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const r of rows) m.get(key(r))?.push(r);
  return ids.map((id) => m.get(id)!);
}

/** Per-request loaders for what hangs off a patient; one query per kind, whatever the list length. */
@Injectable()
export class PatientLoaders implements LoaderFactory<PatientLoaderSet> {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  create(): PatientLoaderSet {
    return {
      enrollments: new DataLoader(async (ids) =>
        group(ids, await this.ds.getRepository(Enrollment).find({ where: { patientId: In([...ids]) }, order: { startDate: 'DESC', createdAt: 'DESC' } }), (r) => r.patientId),
      ),
      careTeam: new DataLoader(async (ids) =>
        group(ids, await this.ds.getRepository(CareTeamMember).find({ where: { patientId: In([...ids]), removedAt: IsNull() }, order: { addedAt: 'ASC' } }), (r) => r.patientId),
      ),
      consents: new DataLoader(async (ids) =>
        group(ids, await this.ds.getRepository(Consent).find({ where: { patientId: In([...ids]) }, order: { recordedAt: 'DESC' } }), (r) => r.patientId),
      ),
      relationships: new DataLoader(async (ids) => {
        const rows: Array<{ patient_id: string; organisation_id: string; kind: string; direct: boolean }> = await this.ds.query(
          `SELECT DISTINCT patient_id, organisation_id, kind, direct FROM (${CARE_RELATIONSHIPS_SQL}) rel WHERE patient_id = ANY($1::uuid[]) ORDER BY kind, organisation_id`,
          [[...ids]],
        );
        return group(
          ids,
          rows.map((r) => ({ patientId: r.patient_id, organisationId: r.organisation_id, kind: r.kind, direct: r.direct })),
          (r) => r.patientId,
        );
      }),
    };
  }
}
