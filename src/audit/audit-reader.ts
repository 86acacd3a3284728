import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { exactInstant, keyset, KeyValue } from '../common/pagination';
import { APP_CONFIG, AppConfig } from '../config/config';
import { prepared, runPrepared } from '../database/raw';
import { ReadDatabase } from '../database/read-database';
import { AuditLog } from './audit-log.entity';
import { retentionStart } from './audit-partitions';

const LOG_COLUMNS = [
  'id',
  'at',
  'request_id',
  'staff_id',
  'staff_hsa_id',
  'assignment_id',
  'organisation_id',
  'role',
  'patient_id',
  'operation',
  'purpose',
  'emergency',
  'outcome',
];
const COLUMNS = [...LOG_COLUMNS.map((c) => `l.${c}`), `${exactInstant('l.at')} AS at_exact`].join(', ');

/** The instant of each row read, exactly as stored (microseconds), for its cursor. */
const EXACT_AT = new WeakMap<AuditLog, string>();

/**
 * The access log's pages: newest first, by time, then id. The time is the partition key of the
 * log (monthly partitions, docs/AUDIT-LOG.md): read in its order, a page is read from the newest
 * partitions' indexes (patient, at) and (organisation, at) and stops when it is full, whatever the
 * log's length. Cursors are [time, id], as they always were; the time is read exactly (a row
 * loaded in bulk may have microseconds) so no page ends between two rows of one millisecond.
 */
export const LOG_PAGES = keyset<AuditLog>(
  [
    { sql: 'l.at', type: 'timestamptz', of: (r) => EXACT_AT.get(r) ?? r.at },
    { sql: 'l.id', type: 'bigint', of: (r) => r.id },
  ],
  'desc',
);

/**
 * The condition "after the cursor" and, for the planner, the upper bound of time it implies (a
 * row comparison prunes no partition; `l.at <= …` does).
 */
function afterCursor(after: readonly KeyValue[] | null | undefined, params: unknown[]): string | null {
  const next = LOG_PAGES.where(after, params);
  return next ? `${next} AND l.at <= $${params.push(after![0])}::timestamptz` : null;
}

/** Filters of a search in one organisation's access log. */
export interface LogSearch {
  organisationId: string;
  staffId?: string;
  patientId?: string;
  from?: Date;
  to?: Date;
  emergencyOnly?: boolean;
  /** The rows after this cursor (LOG_PAGES.after), the list running newest first. */
  after?: readonly KeyValue[] | null;
  limit: number;
}

/** The most log rows one emergency access lists for its review (the count says how many there are). */
export const EMERGENCY_LOG_LIMIT = 200;

/** What was done under one emergency access. */
export interface EmergencyLog {
  entries: AuditLog[];
  total: number;
}

/**
 * The log rows flagged emergency of the staff member who opened each access, for its patient, in
 * its organisation, within its period: every answer it made visible and every attempt made while
 * it was open. An urgent read has no period (it expires as it opens): its row is the one whose
 * details name it (`emergencyAccessId`). One statement for any number of accesses.
 */
const UNDER_EMERGENCY = prepared(`SELECT * FROM (
  SELECT e.id AS emergency_access_id, ${COLUMNS},
         row_number() OVER (PARTITION BY e.id ORDER BY l.id) AS n,
         count(*) OVER (PARTITION BY e.id) AS total
    FROM emergency_access e
    JOIN audit_log l ON l.patient_id = e.patient_id AND l.staff_id = e.staff_id AND l.organisation_id = e.organisation_id
                    AND l.emergency AND ((l.at >= e.opened_at AND l.at < e.expires_at) OR l.details->>'emergencyAccessId' = e.id::text)
                    -- The same rows, bounded in time for partition pruning: an urgent read's row is written in the transaction that opens it.
                    AND l.at >= e.opened_at AND l.at < e.expires_at + interval '1 hour'
   WHERE e.id = ANY ($1::uuid[])) x
 WHERE n <= ${EMERGENCY_LOG_LIMIT}
 ORDER BY emergency_access_id, id`);

/**
 * Reads the access log, for the callers that decide who may see what of it (log review, the
 * patient's log extract). With AuditService, the only code that touches the table: what a reader
 * gets is rows of the log, never the records they are about. Reading is logged by the caller.
 */
@Injectable()
export class AuditReader {
  /**
   * The log review's reads (search, the log extract, what was done under an emergency access) go
   * to the read replica when there is one (DATABASE_READ_URL): a row written a moment ago may not
   * be there yet. patientsOfRequest (the idempotent replay's log) reads the primary.
   */
  private readonly replica: DataSource;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    read: ReadDatabase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.replica = read.ds;
  }

  /**
   * The oldest instant a reader is shown: the log is kept AUDIT_RETENTION_YEARS, and older
   * partitions may be detached for the archive at any time (docs/AUDIT-LOG.md). Bounding every
   * read by it keeps answers the same before and after an archive run, and lets PostgreSQL skip
   * the partitions before it.
   */
  keptFrom(): Date {
    return retentionStart(this.clock.now(), this.config.audit.retentionYears);
  }

  /** One organisation's log, newest first, `limit` rows at most, within the retention (and the period asked for). */
  async search(s: LogSearch): Promise<AuditLog[]> {
    const params: unknown[] = [s.organisationId];
    const where = ['l.organisation_id = $1::uuid'];
    if (s.staffId) where.push(`l.staff_id = $${params.push(s.staffId)}::uuid`);
    if (s.patientId) where.push(`l.patient_id = $${params.push(s.patientId)}::uuid`);
    const kept = this.keptFrom();
    where.push(`l.at >= $${params.push(s.from && s.from > kept ? s.from : kept)}::timestamptz`);
    if (s.to) where.push(`l.at < $${params.push(s.to)}::timestamptz`);
    if (s.emergencyOnly) where.push('l.emergency');
    const after = afterCursor(s.after, params);
    if (after) where.push(after);
    const rows = await this.replica.query(
      `SELECT ${COLUMNS} FROM audit_log l WHERE ${where.join(' AND ')} ORDER BY ${LOG_PAGES.orderBy} LIMIT ${Math.trunc(s.limit)}`,
      params,
    );
    return rows.map(toAuditLog);
  }

  /**
   * The patients one request of a staff member was allowed to reach within the last `hours` (for
   * logging a replay of its answer); the staff member's index keeps it to their own recent rows.
   */
  async patientsOfRequest(requestId: string, staffId: string, hours: number): Promise<string[]> {
    const rows: Array<{ patient_id: string }> = await this.ds.query(
      `SELECT DISTINCT patient_id FROM audit_log
        WHERE staff_id = $2 AND at >= now() - make_interval(hours => $3) AND request_id = $1 AND patient_id IS NOT NULL AND outcome = 'ALLOWED'`,
      [requestId, staffId, hours],
    );
    return rows.map((r) => r.patient_id);
  }

  /**
   * Every row about one patient within the retention, from any organisation, newest first (the log
   * extract), after a cursor's values (LOG_PAGES.after).
   */
  async ofPatient(patientId: string, after: readonly KeyValue[] | null, limit: number): Promise<AuditLog[]> {
    const params: unknown[] = [patientId, this.keptFrom()];
    const next = afterCursor(after, params);
    const rows = await this.replica.query(
      `SELECT ${COLUMNS} FROM audit_log l WHERE l.patient_id = $1::uuid AND l.at >= $2::timestamptz ${next ? `AND ${next}` : ''} ORDER BY ${LOG_PAGES.orderBy} LIMIT ${Math.trunc(limit)}`,
      params,
    );
    return rows.map(toAuditLog);
  }

  /** What was done under each emergency access, in the order of `ids`. */
  async underEmergency(ids: readonly string[]): Promise<EmergencyLog[]> {
    const rows = await runPrepared<Record<string, unknown>>(this.replica.manager, UNDER_EMERGENCY, [[...ids]]);
    const by = new Map<string, EmergencyLog>(ids.map((id) => [id, { entries: [], total: 0 }]));
    for (const r of rows) {
      const log = by.get(r.emergency_access_id as string)!;
      log.entries.push(toAuditLog(r));
      log.total = Number(r.total);
    }
    return ids.map((id) => by.get(id)!);
  }
}

function toAuditLog(r: Record<string, unknown>): AuditLog {
  const row = Object.assign(new AuditLog(), {
    id: String(r.id),
    at: new Date(r.at as string | Date),
    requestId: r.request_id as string | null,
    staffId: r.staff_id as string,
    staffHsaId: r.staff_hsa_id as string,
    assignmentId: r.assignment_id as string,
    organisationId: r.organisation_id as string,
    role: r.role as string,
    patientId: r.patient_id as string | null,
    operation: r.operation as string,
    purpose: r.purpose as string,
    emergency: r.emergency as boolean,
    outcome: r.outcome as AuditLog['outcome'],
    details: null,
  });
  if (typeof r.at_exact === 'string') EXACT_AT.set(row, r.at_exact);
  return row;
}
