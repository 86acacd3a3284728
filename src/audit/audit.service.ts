import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { AuditLog, AuditOutcome } from './audit-log.entity';

export interface AuditEntry {
  operation: string;
  patientId?: string | null;
  purpose?: string;
  emergency?: boolean;
  outcome?: AuditOutcome;
  details?: Record<string, unknown>;
}

/** SQL expressions for the columns of audit rows written by one statement (see auditInsertSelect). */
export interface AuditRowSql {
  /** The instant, from the service clock (as every other time the service records). */
  at: string;
  requestId: string;
  staffId: string;
  staffHsaId: string;
  assignmentId: string;
  organisationId: string;
  role: string;
  patientId: string;
  operation: string;
  purpose: string;
  emergency: string;
  outcome: string;
  details: string;
}

/**
 * The text of a statement part that writes audit rows from a SELECT, for a caller that decides
 * and logs in one statement (the access gate: the decision and its log entry cannot part). With
 * AuditService.record, the only code that writes the access log.
 */
export function auditInsertSelect(row: AuditRowSql, from: string, where: string): string {
  return `INSERT INTO audit_log (at, request_id, staff_id, staff_hsa_id, assignment_id, organisation_id, role, patient_id, operation, purpose, emergency, outcome, details)
  SELECT ${row.at}, ${row.requestId}, ${row.staffId}, ${row.staffHsaId}, ${row.assignmentId}, ${row.organisationId}, ${row.role}, ${row.patientId}, ${row.operation}, ${row.purpose}, ${row.emergency}, ${row.outcome}, ${row.details}
    FROM ${from} WHERE ${where}`;
}

/**
 * Who acted for the patient, for a row written by a representative (ombud, god man, förvaltare):
 * the recorded representation and the personnummer that signed in.
 */
export function representativeDetails(actor: Actor): Record<string, string> | undefined {
  const r = actor.patient?.representative;
  return r ? { id: r.id, kind: r.kind, personnummer: r.personnummer } : undefined;
}

/**
 * Writes the access log. Callers pass the transaction's EntityManager so the audit row commits
 * or fails together with the access it records; a failed audit write fails the request. A row's
 * time is the service clock's, the same clock that dates what it records (an emergency access's
 * period, a deadline), so a row and the record it concerns always agree on when.
 */
@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  async record(actor: Actor, entries: AuditEntry[], manager: EntityManager = this.ds.manager): Promise<void> {
    if (entries.length === 0) return;
    const at = this.clock.now();
    const rows = entries.map((e) => ({
      at,
      requestId: actor.requestId,
      staffId: actor.staffId,
      staffHsaId: actor.staffHsaId,
      assignmentId: actor.assignmentId,
      organisationId: actor.organisationId,
      role: actor.role,
      patientId: e.patientId ?? null,
      operation: e.operation,
      purpose: e.purpose ?? 'care',
      emergency: e.emergency ?? false,
      outcome: e.outcome ?? AuditOutcome.ALLOWED,
      details: (actor.patient?.representative ? { ...e.details, representative: representativeDetails(actor) } : (e.details ?? null)) as never,
    }));
    // One statement for any number of rows, so a list of 50 patients costs one insert.
    await manager.createQueryBuilder().insert().into(AuditLog).values(rows).updateEntity(false).execute();
  }
}
