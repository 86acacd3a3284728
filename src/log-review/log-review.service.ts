import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EmergencyAccess } from '../access/access.entities';
import { EMERGENCY_ACCESS_RECORD } from '../access/access.records';
import { PatientGate } from '../access/patient-gate';
import { AuditLog } from '../audit/audit-log.entity';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { badInput, preconditionFailed } from '../common/errors';
import { ConnectionShape, decodeCursor, toConnection } from '../common/pagination';
import { UUID_PATTERN } from '../common/validators';
import { CareTeamMember } from '../patients/care-team-member.entity';
import { AuditLogArgs, CareTeamReviewArgs, EmergencyReviewArgs, LogExtractArgs } from './log-review.types';

export const LOG_COLUMNS = 'id, at, request_id, staff_id, staff_hsa_id, assignment_id, organisation_id, role, patient_id, operation, purpose, emergency, outcome';

function idCursor(after: string | undefined): string | null {
  if (!after) return null;
  const [, id] = decodeCursor(after, 2);
  if (typeof id !== 'string' || !/^\d+$/.test(id)) throw badInput('after', 'is not a cursor returned by this list');
  return id;
}

/** A cursor of a list ordered by time and uuid, as toConnection made it. */
function timeIdCursor(after: string | undefined): { at: Date; id: string } | null {
  if (!after) return null;
  const [at, id] = decodeCursor(after, 2);
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || typeof id !== 'string' || !UUID_PATTERN.test(id)) throw badInput('after', 'is not a cursor returned by this list');
  return { at: new Date(at), id };
}

/**
 * Systematic log review for the MAS and unit managers, and the patient's log extract. The review
 * lists (the access log of one's own staff, emergency accesses and care-team changes made by or
 * for one's own organisation) show ids, codes and times, never patient data; each call is itself
 * logged. The log extract is about one patient and goes through the gate like any patient read.
 */
@Injectable()
export class LogReviewService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly gate: PatientGate,
    private readonly clock: Clock,
  ) {}

  /** The access log of the reviewer's own organisation's staff. The search itself is logged. */
  async search(actor: Actor, args: AuditLogArgs): Promise<ConnectionShape<AuditLog>> {
    if (args.from && args.to && args.from >= args.to) throw badInput('to', 'must be after from');
    const first = args.first ?? 20;
    return this.ds.transaction(async (m) => {
      const qb = m.getRepository(AuditLog).createQueryBuilder('l').where('l.organisationId = :org', { org: actor.organisationId });
      if (args.staffId) qb.andWhere('l.staffId = :staff', { staff: args.staffId });
      if (args.patientId) qb.andWhere('l.patientId = :patient', { patient: args.patientId });
      if (args.from) qb.andWhere('l.at >= :from', { from: new Date(args.from) });
      if (args.to) qb.andWhere('l.at < :to', { to: new Date(args.to) });
      if (args.emergencyOnly) qb.andWhere('l.emergency = true');
      const after = idCursor(args.after);
      if (after) qb.andWhere('l.id < :id', { id: after });
      const rows = await qb.orderBy('l.id', 'DESC').limit(first + 1).getMany();
      await this.audit.record(actor, [{ operation: 'auditLog', patientId: args.patientId ?? null, purpose: 'log review', details: { staffId: args.staffId, emergencyOnly: args.emergencyOnly } }], m);
      return toConnection(rows, first, (r) => [r.at.toISOString(), r.id]);
    });
  }

  /**
   * Every attempt on one patient's data, from any organisation, newest first: which units read or
   * changed it, and which were refused. For the patient's right to a log extract.
   */
  async extract(actor: Actor, args: LogExtractArgs): Promise<ConnectionShape<AuditLog>> {
    const first = args.first ?? 20;
    const after = idCursor(args.after);
    return this.gate.patient(actor, args.patientId, { operation: 'patientLogExtract', purpose: 'log extract' }, async ({ tx }) => {
      const params: unknown[] = [tx.patientId, first + 1];
      const rows = await tx.query<Record<string, unknown>>(
        `SELECT ${LOG_COLUMNS} FROM audit_log WHERE patient_id = $1 ${after ? `AND id < $${params.push(after)}` : ''} ORDER BY id DESC LIMIT $2`,
        params,
      );
      const entries = rows.map((r) => toAuditLog(r));
      return toConnection(entries, first, (r) => [r.at.toISOString(), r.id]);
    });
  }

  async emergencyAccesses(actor: Actor, args: EmergencyReviewArgs): Promise<ConnectionShape<EmergencyAccess>> {
    const first = args.first ?? 20;
    const qb = this.ds.getRepository(EmergencyAccess).createQueryBuilder('e').where('e.organisationId = :org', { org: actor.organisationId });
    if (args.unreviewedOnly) qb.andWhere('e.reviewedAt IS NULL');
    const after = timeIdCursor(args.after);
    if (after) qb.andWhere('(e.openedAt, e.id) > (:at, :id)', after);
    const rows = await qb.orderBy('e.openedAt', 'ASC').addOrderBy('e.id', 'ASC').limit(first + 1).getMany();
    await this.audit.record(actor, [{ operation: 'emergencyAccessesForReview', purpose: 'log review' }]);
    return toConnection(rows, first, (r) => [r.openedAt.toISOString(), r.id]);
  }

  /** The review of one emergency access: only by the MAS or manager of the organisation whose staff opened it. */
  async review(actor: Actor, id: string, note: string): Promise<EmergencyAccess> {
    return this.gate.record(actor, EMERGENCY_ACCESS_RECORD, id, { operation: 'reviewEmergencyAccess', purpose: 'log review' }, async ({ tx, record: e }) => {
      if (e.reviewedAt) throw preconditionFailed('Already reviewed');
      e.reviewedAt = this.clock.now();
      e.reviewedByStaffId = actor.staffId;
      e.reviewNote = note;
      return tx.repo(EmergencyAccess).save(e);
    });
  }

  /**
   * Care-team additions and removals made by the reviewer's organisation or giving it (or taking
   * from it) a relationship, newest first: who, why, when. A relationship always has an author
   * who answers for it; this is where that is followed up.
   */
  async careTeamChanges(actor: Actor, args: CareTeamReviewArgs): Promise<ConnectionShape<CareTeamMember>> {
    const first = args.first ?? 20;
    const qb = this.ds
      .getRepository(CareTeamMember)
      .createQueryBuilder('c')
      .where('(c.organisationId = :org OR c.addedByOrganisationId = :org OR c.removedByOrganisationId = :org)', { org: actor.organisationId });
    const after = timeIdCursor(args.after);
    if (after) qb.andWhere('(c.addedAt, c.id) < (:at, :id)', after);
    const rows = await qb.orderBy('c.addedAt', 'DESC').addOrderBy('c.id', 'DESC').limit(first + 1).getMany();
    await this.audit.record(actor, [{ operation: 'careTeamChangesForReview', purpose: 'log review' }]);
    return toConnection(rows, first, (r) => [r.addedAt.toISOString(), r.id]);
  }
}

export function toAuditLog(r: Record<string, unknown>): AuditLog {
  return Object.assign(new AuditLog(), {
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
}
