import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log.entity';
import { LoaderFactory } from '../common/loaders';
import { prepared, runPrepared } from '../database/raw';
import { LOG_COLUMNS, toAuditLog } from './log-review.service';

/** The most log rows one emergency access lists for its review (the count says how many there are). */
export const EMERGENCY_LOG_LIMIT = 200;

/** What was done under an emergency access, for its review. */
export interface EmergencyLog {
  entries: AuditLog[];
  total: number;
}

/**
 * The log rows flagged emergency of the staff member who opened the access, for its patient, in
 * its organisation, within its period: every answer it made visible and every attempt made while it
 * was open. One statement for a page of emergency accesses.
 */
const UNDER_EMERGENCY = prepared(`SELECT * FROM (
  SELECT e.id AS emergency_access_id, ${LOG_COLUMNS.split(', ')
    .map((c) => `l.${c}`)
    .join(', ')},
         row_number() OVER (PARTITION BY e.id ORDER BY l.id) AS n,
         count(*) OVER (PARTITION BY e.id) AS total
    FROM emergency_access e
    JOIN audit_log l ON l.patient_id = e.patient_id AND l.staff_id = e.staff_id AND l.organisation_id = e.organisation_id
                    AND l.emergency AND l.at >= e.opened_at AND l.at < e.expires_at
   WHERE e.id = ANY ($1::uuid[])) x
 WHERE n <= ${EMERGENCY_LOG_LIMIT}
 ORDER BY emergency_access_id, id`);

export interface LogReviewLoaderSet {
  /** Per emergency access id. */
  underEmergency: DataLoader<string, EmergencyLog>;
}

@Injectable()
export class LogReviewLoaders implements LoaderFactory<LogReviewLoaderSet> {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  create(): LogReviewLoaderSet {
    return {
      underEmergency: new DataLoader(async (ids) => {
        const rows = await runPrepared<Record<string, unknown>>(this.ds.manager, UNDER_EMERGENCY, [[...ids]]);
        const by = new Map<string, EmergencyLog>(ids.map((id) => [id, { entries: [], total: 0 }]));
        for (const r of rows) {
          const log = by.get(r.emergency_access_id as string)!;
          log.entries.push(toAuditLog(r));
          log.total = Number(r.total);
        }
        return ids.map((id) => by.get(id)!);
      }),
    };
  }
}
