import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { LoaderFactory } from '../common/loaders';
import { rowsByKeys } from '../database/raw';
import { PeekableLoader } from '../common/peekable-loader';
import { Assignment } from './assignment.entity';
import { Organisation } from './organisation.entity';
import { Staff } from './staff.entity';

export interface OrganisationLoaderSet {
  organisation: PeekableLoader<string, Organisation | null>;
  staff: PeekableLoader<string, Staff | null>;
  /** Assignments held now, per staff id. */
  activeAssignmentsOfStaff: DataLoader<string, Assignment[]>;
}

const byId = <T extends { id: string }>(ids: readonly string[], rows: T[]) => {
  const m = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => m.get(id) ?? null);
};

@Injectable()
export class OrganisationLoaders implements LoaderFactory<OrganisationLoaderSet> {
  private readonly organisations: (ids: readonly string[]) => Promise<Organisation[]>;
  private readonly staffMembers: (ids: readonly string[]) => Promise<Staff[]>;

  constructor(@InjectDataSource() private readonly ds: DataSource) {
    this.organisations = rowsByKeys(ds, Organisation, 'id');
    this.staffMembers = rowsByKeys(ds, Staff, 'id');
  }

  create(): OrganisationLoaderSet {
    return {
      organisation: new PeekableLoader(async (ids) => byId(ids, await this.organisations(ids))),
      staff: new PeekableLoader(async (ids) => byId(ids, await this.staffMembers(ids))),
      activeAssignmentsOfStaff: new DataLoader(async (staffIds) => {
        const rows = await this.ds
          .getRepository(Assignment)
          .createQueryBuilder('a')
          .where('a.staffId IN (:...ids)', { ids: [...staffIds] })
          .andWhere('a.validFrom <= now() AND (a.endedAt IS NULL OR a.endedAt > now())')
          .orderBy('a.createdAt', 'ASC')
          .getMany();
        return staffIds.map((id) => rows.filter((r) => r.staffId === id));
      }),
    };
  }
}
