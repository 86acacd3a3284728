import { Injectable } from '@nestjs/common';
import { EmergencyAccess } from '../access/access.entities';
import { EMERGENCY_ACCESS_RECORD } from '../access/access.records';
import { PatientGate } from '../access/patient-gate';
import { AuditLog } from '../audit/audit-log.entity';
import { AuditReader, LOG_PAGES } from '../audit/audit-reader';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { badInput, conflict } from '../common/errors';
import { ConnectionShape, exactInstant, keyset } from '../common/pagination';
import { CareTeamMember } from '../patients/care-team-member.entity';
import { AuditLogArgs, CareTeamReviewArgs, EmergencyReviewArgs, LogExtractArgs } from './log-review.types';

/** Emergency accesses opened by the organisation's staff, oldest first. */
const EMERGENCY_PAGES = keyset<EmergencyAccess>([
  { sql: 'e.opened_at', type: 'timestamptz', of: (e) => e.openedAt },
  { sql: 'e.id', type: 'uuid', of: (e) => e.id },
]);

/**
 * Care-team changes, newest first. added_at is the database's now() (microseconds, shared by every
 * member added in one transaction): the page keeps it exact (exactInstant), read beside the id.
 */
const CARE_TEAM_PAGES = keyset<{ member: CareTeamMember; addedAt: string }>(
  [
    { sql: 'c.added_at', type: 'timestamptz', of: (r) => r.addedAt },
    { sql: 'c.id', type: 'uuid', of: (r) => r.member.id },
  ],
  'desc',
);

/**
 * Systematic log review for the MAS and unit managers, and the patient's log extract. The review
 * lists (the access log of one's own staff, emergency accesses and care-team changes made by or
 * for one's own organisation) show ids, codes and times, never patient data; each call is itself
 * logged. The log extract is about one patient and goes through the gate like any patient read.
 */
@Injectable()
export class LogReviewService {
  constructor(
    private readonly audit: AuditService,
    private readonly reader: AuditReader,
    private readonly gate: PatientGate,
    private readonly clock: Clock,
  ) {}

  /** The access log of the reviewer's own organisation's staff. The search itself is logged. */
  async search(actor: Actor, args: AuditLogArgs): Promise<ConnectionShape<AuditLog>> {
    if (args.from && args.to && args.from >= args.to) throw badInput('to', 'must be after from');
    const first = args.first ?? 20;
    const rows = await this.reader.search({
      organisationId: actor.organisationId,
      staffId: args.staffId,
      patientId: args.patientId,
      from: args.from ? new Date(args.from) : undefined,
      to: args.to ? new Date(args.to) : undefined,
      emergencyOnly: args.emergencyOnly,
      after: LOG_PAGES.after(args.after),
      limit: first + 1,
    });
    await this.audit.record(actor, [
      {
        operation: 'auditLog',
        patientId: args.patientId ?? null,
        purpose: 'log review',
        details: { staffId: args.staffId, emergencyOnly: args.emergencyOnly },
      },
    ]);
    return LOG_PAGES.page(rows, first);
  }

  /**
   * Every attempt on one patient's data, from any organisation, newest first: which units read or
   * changed it, and which were refused. For the patient's right to a log extract.
   */
  async extract(actor: Actor, args: LogExtractArgs): Promise<ConnectionShape<AuditLog>> {
    const first = args.first ?? 20;
    const after = LOG_PAGES.after(args.after);
    return this.gate.patient(actor, args.patientId, { operation: 'patientLogExtract', purpose: 'log extract', readOnly: true }, async ({ tx }) => {
      const entries = await this.reader.ofPatient(tx.patientId, after, first + 1);
      return LOG_PAGES.page(entries, first);
    });
  }

  /** Emergency accesses opened by the reviewer's organisation's staff, oldest first; each patient shown is logged. */
  async emergencyAccesses(actor: Actor, args: EmergencyReviewArgs): Promise<ConnectionShape<EmergencyAccess>> {
    const first = args.first ?? 20;
    const after = EMERGENCY_PAGES.after(args.after);
    let more = false;
    const rows = await this.gate.review(
      actor,
      { operation: 'emergencyAccessesForReview' },
      async (q) => {
        const params: unknown[] = [actor.organisationId];
        const where = ['e.organisation_id = $1::uuid'];
        if (args.unreviewedOnly) where.push('e.reviewed_at IS NULL');
        const next = EMERGENCY_PAGES.where(after, params);
        if (next) where.push(next);
        const ids = await q.query<{ id: string }>(
          `SELECT e.id FROM emergency_access e WHERE ${where.join(' AND ')} ORDER BY ${EMERGENCY_PAGES.orderBy} LIMIT ${first + 1}`,
          params,
        );
        more = ids.length > first;
        return q.rows(
          EmergencyAccess,
          ids.slice(0, first).map((r) => r.id),
        );
      },
      (e) => e.patientId,
    );
    return EMERGENCY_PAGES.pageOf(rows, more);
  }

  /** The review of one emergency access: only by the MAS or manager of the organisation whose staff opened it. */
  async review(actor: Actor, id: string, note: string): Promise<EmergencyAccess> {
    return this.gate.record(actor, EMERGENCY_ACCESS_RECORD, id, { operation: 'reviewEmergencyAccess', purpose: 'log review' }, async ({ tx, record: e }) => {
      if (e.reviewedAt) throw conflict('The emergency access is already reviewed');
      e.reviewedAt = this.clock.now();
      e.reviewedByStaffId = actor.staffId;
      e.reviewNote = note;
      return tx.repo(EmergencyAccess).save(e);
    });
  }

  /**
   * Care-team additions and removals made by the reviewer's organisation or giving it (or taking
   * from it) a relationship, newest first: who, why, when; each patient shown is logged. A
   * relationship always has an author who answers for it; this is where that is followed up.
   */
  async careTeamChanges(actor: Actor, args: CareTeamReviewArgs): Promise<ConnectionShape<CareTeamMember>> {
    const first = args.first ?? 20;
    const after = CARE_TEAM_PAGES.after(args.after);
    let more = false;
    const rows = await this.gate.review(
      actor,
      { operation: 'careTeamChangesForReview' },
      async (q) => {
        const params: unknown[] = [actor.organisationId];
        const where = ['(c.organisation_id = $1::uuid OR c.added_by_organisation_id = $1::uuid OR c.removed_by_organisation_id = $1::uuid)'];
        const next = CARE_TEAM_PAGES.where(after, params);
        if (next) where.push(next);
        const keys = await q.query<{ id: string; added_at: string }>(
          `SELECT c.id, ${exactInstant('c.added_at')} AS added_at FROM care_team_member c WHERE ${where.join(' AND ')} ORDER BY ${CARE_TEAM_PAGES.orderBy} LIMIT ${first + 1}`,
          params,
        );
        more = keys.length > first;
        const page = keys.slice(0, first);
        const members = new Map(
          (
            await q.rows(
              CareTeamMember,
              page.map((r) => r.id),
            )
          ).map((m) => [m.id, m]),
        );
        return page.filter((r) => members.has(r.id)).map((r) => ({ member: members.get(r.id)!, addedAt: r.added_at }));
      },
      (r) => r.member.patientId,
    );
    return CARE_TEAM_PAGES.pageOf(
      rows,
      more,
      rows.map((row) => ({ row, node: row.member })),
    );
  }
}
