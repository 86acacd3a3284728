import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../auth/actor';
import { AuditLog, AuditOutcome } from './audit-log.entity';

export interface AuditEntry {
  operation: string;
  patientId?: string | null;
  purpose?: string;
  emergency?: boolean;
  outcome?: AuditOutcome;
  details?: Record<string, unknown>;
}

/**
 * Writes the access log. Callers pass the transaction's EntityManager so the audit row commits
 * or fails together with the access it records; a failed audit write fails the request.
 */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async record(actor: Actor, entries: AuditEntry[], manager: EntityManager = this.ds.manager): Promise<void> {
    if (entries.length === 0) return;
    const rows = entries.map((e) => ({
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
      details: (e.details ?? null) as never,
    }));
    // One statement for any number of rows, so a list of 50 patients costs one insert.
    await manager.createQueryBuilder().insert().into(AuditLog).values(rows).updateEntity(false).execute();
  }
}
