import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { DataSource, In } from 'typeorm';
import { LoaderFactory } from '../common/loaders';
import { FrailtyAssessment, JointHomeVisit, NamedContactChange, PatientHousing } from './continuity.entity';

export interface ContinuityLoaderSet {
  /** A patient's housing records, newest first (by from-date, then by when recorded). */
  housing: DataLoader<string, PatientHousing[]>;
  /** A patient's frailty assessments, newest first (by assessment day, then by when recorded). */
  frailty: DataLoader<string, FrailtyAssessment[]>;
  /** An enrollment's named-contact changes, newest first. */
  contactChanges: DataLoader<string, NamedContactChange[]>;
  /** An enrollment's joint home visits, newest first. */
  homeVisits: DataLoader<string, JointHomeVisit[]>;
}

function group<T>(ids: readonly string[], rows: T[], key: (r: T) => string): T[][] {
  const m = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const r of rows) m.get(key(r))?.push(r);
  return ids.map((id) => m.get(id)!);
}

/** Per-request loaders for the continuity records of patients and enrollments the request already opened: one query per kind. */
@Injectable()
export class ContinuityLoaders implements LoaderFactory<ContinuityLoaderSet> {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  create(): ContinuityLoaderSet {
    return {
      housing: new DataLoader(async (ids) =>
        group(
          ids,
          await this.ds.getRepository(PatientHousing).find({ where: { patientId: In([...ids]) }, order: { fromDate: 'DESC', recordedAt: 'DESC' } }),
          (r) => r.patientId,
        ),
      ),
      frailty: new DataLoader(async (ids) =>
        group(
          ids,
          await this.ds.getRepository(FrailtyAssessment).find({ where: { patientId: In([...ids]) }, order: { assessedOn: 'DESC', recordedAt: 'DESC' } }),
          (r) => r.patientId,
        ),
      ),
      contactChanges: new DataLoader(async (ids) =>
        group(
          ids,
          await this.ds.getRepository(NamedContactChange).find({ where: { enrollmentId: In([...ids]) }, order: { effectiveFrom: 'DESC', changedAt: 'DESC' } }),
          (r) => r.enrollmentId,
        ),
      ),
      homeVisits: new DataLoader(async (ids) =>
        group(
          ids,
          await this.ds.getRepository(JointHomeVisit).find({ where: { enrollmentId: In([...ids]) }, order: { visitedOn: 'DESC', recordedAt: 'DESC' } }),
          (r) => r.enrollmentId,
        ),
      ),
    };
  }
}
