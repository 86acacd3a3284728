import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EmergencyAccess } from '../access/access.entities';
import { PatientAccessService } from '../access/patient-access.service';
import { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { badInput, notFound, preconditionFailed } from '../common/errors';
import { ConnectionShape, decodeCursor, toConnection } from '../common/pagination';
import { AuditLog } from './audit-log.entity';
import { AuditService } from './audit.service';
import { AuditLogArgs, EmergencyReviewArgs, LogExtractArgs } from './audit.types';

/** Systematic log review for MAS and unit managers, and the patient's log extract. */
@Injectable()
export class AuditReviewService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly access: PatientAccessService,
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
      if (args.after) {
        const [, id] = decodeCursor(args.after, 2);
        qb.andWhere('l.id < :id', { id });
      }
      const rows = await qb.orderBy('l.id', 'DESC').limit(first + 1).getMany();
      await this.audit.record(actor, [{ operation: 'auditLog', patientId: args.patientId ?? null, purpose: 'log review', details: { staffId: args.staffId, emergencyOnly: args.emergencyOnly } }], m);
      return toConnection(rows, first, (r) => [r.at.toISOString(), r.id]);
    });
  }

  /** Every access to one patient, from any organisation: which units, when (newest first). */
  async extract(actor: Actor, args: LogExtractArgs): Promise<ConnectionShape<AuditLog>> {
    const first = args.first ?? 20;
    return this.access.withPatient(actor, args.patientId, { operation: 'patientLogExtract', purpose: 'log extract' }, async ({ manager }) => {
      const qb = manager.getRepository(AuditLog).createQueryBuilder('l').where('l.patientId = :p', { p: args.patientId }).andWhere(`l.outcome = 'ALLOWED'`);
      if (args.after) {
        const [, id] = decodeCursor(args.after, 2);
        qb.andWhere('l.id < :id', { id });
      }
      const rows = await qb.orderBy('l.id', 'DESC').limit(first + 1).getMany();
      return toConnection(rows, first, (r) => [r.at.toISOString(), r.id]);
    });
  }

  async emergencyAccesses(actor: Actor, args: EmergencyReviewArgs): Promise<ConnectionShape<EmergencyAccess>> {
    const first = args.first ?? 20;
    const qb = this.ds.getRepository(EmergencyAccess).createQueryBuilder('e').where('e.organisationId = :org', { org: actor.organisationId });
    if (args.unreviewedOnly) qb.andWhere('e.reviewedAt IS NULL');
    if (args.after) {
      const [openedAt, id] = decodeCursor(args.after, 2);
      qb.andWhere('(e.openedAt, e.id) > (:openedAt, :id)', { openedAt: new Date(openedAt as string), id });
    }
    const rows = await qb.orderBy('e.openedAt', 'ASC').addOrderBy('e.id', 'ASC').limit(first + 1).getMany();
    await this.audit.record(actor, [{ operation: 'emergencyAccessesForReview', purpose: 'log review' }]);
    return toConnection(rows, first, (r) => [r.openedAt.toISOString(), r.id]);
  }

  async review(actor: Actor, id: string, note: string): Promise<EmergencyAccess> {
    return this.ds.transaction(async (m) => {
      const e = await m.getRepository(EmergencyAccess).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!e || e.organisationId !== actor.organisationId) throw notFound('Emergency access');
      if (e.reviewedAt) throw preconditionFailed('Already reviewed');
      e.reviewedAt = this.clock.now();
      e.reviewedByStaffId = actor.staffId;
      e.reviewNote = note;
      await this.audit.record(actor, [{ operation: 'reviewEmergencyAccess', patientId: e.patientId, purpose: 'log review', details: { emergencyAccessId: e.id } }], m);
      return m.getRepository(EmergencyAccess).save(e);
    });
  }
}
