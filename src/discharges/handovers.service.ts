import { Inject, Injectable } from '@nestjs/common';
import { CARE_RELATIONSHIP_TABLE } from '../access/care-relationship';
import { PatientGate } from '../access/patient-gate';
import { PatientGrant } from '../access/patient-grant';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { badInput, forbidden, preconditionFailed, conflict } from '../common/errors';
import { ConnectionShape, keyset } from '../common/pagination';
import { APP_CONFIG, AppConfig } from '../config/config';
import { EventBus } from '../events/event-bus';
import { InboxEventKind } from '../events/inbox-event';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationKind } from '../common/organisation-kind';
import { DeadlineStateEnum } from './discharge.enums';
import { HANDOVER_PARTIES } from './discharges.policy';
import { HANDOVER_RECORD } from './discharges.records';
import { acknowledgementDeadline, deadlineState } from './deadlines';
import { HandoverInboxArgs, HandoversArgs, SendHandoverInput } from './dto/handover.input';
import { Handover } from './handover.entity';
import { handoverView, HandoverType } from './handover.types';

/** A patient's handovers, newest first. */
const HANDOVER_PAGES = keyset<Handover>(
  [
    { sql: 'h.sentAt', type: 'timestamptz', of: (h) => h.sentAt },
    { sql: 'h.id', type: 'uuid', of: (h) => h.id },
  ],
  'desc',
);

/** The receiver's inbox: unacknowledged first, then by acknowledgement due time (overdue ones lead). */
const HANDOVER_INBOX_PAGES = keyset<Handover>([
  { sql: '(h.acknowledged_at IS NOT NULL)::int', type: 'int', of: (h) => (h.acknowledgedAt ? 1 : 0), accepts: (v) => v === 0 || v === 1 },
  { sql: 'h.acknowledgement_due_at', type: 'timestamptz', of: (h) => h.acknowledgementDueAt },
  { sql: 'h.id', type: 'uuid', of: (h) => h.id },
]);

/** A handover's receiver in the field error's words. */
const RECEIVER_WORDS: Partial<Record<OrganisationKind, string>> = {
  [OrganisationKind.MUNICIPALITY]: 'a municipality (home healthcare unit)',
  [OrganisationKind.PRIMARY_CARE]: 'a primary care centre',
  [OrganisationKind.MOBILE_TEAM]: 'a mobile team',
  [OrganisationKind.SPECIALISED_PALLIATIVE_HOME_CARE]: 'specialised palliative home care (SSIH)',
};

/**
 * Handovers (överrapportering) between municipal home healthcare, the primary care centre and the
 * teams that visit at home (a mobile team, SSIH), independent of a hospital stay. Only the sender and the receiver organisation see a handover;
 * the receiver sees the SBAR text under the consent rule.
 */
@Injectable()
export class HandoversService {
  constructor(
    private readonly gate: PatientGate,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: EventBus,
  ) {}

  async send(actor: Actor, input: SendHandoverInput): Promise<HandoverType> {
    const op = { operation: 'sendHandover', details: { receiverOrganisationId: input.receiverOrganisationId, occasion: input.occasion } };
    // Only staff of a municipality, a primary care centre, a mobile team or SSIH get here (declared in the policy, refused by the guard).
    const { h, view } = await this.gate.patient(actor, input.patientId, op, async ({ tx, grant }) => {
      const receiver = await tx.reference(Organisation).findOneBy({ id: input.receiverOrganisationId });
      const expected = HANDOVER_PARTIES.filter((k) => k !== actor.organisationKind);
      if (!receiver || !expected.includes(receiver.kind)) {
        throw badInput(
          'input.receiverOrganisationId',
          `must be ${expected
            .map((k) => RECEIVER_WORDS[k])
            .join(', ')
            .replace(/, ([^,]*)$/, ' or $1')}`,
        );
      }
      const related = await tx.query(`SELECT 1 FROM ${CARE_RELATIONSHIP_TABLE} rel WHERE rel.patient_id = $1 AND rel.organisation_id = $2 LIMIT 1`, [
        tx.patientId,
        receiver.id,
      ]);
      if (!related.length)
        throw preconditionFailed('The receiving organisation has no care relationship with the patient; add it to the care team or enroll the patient first');
      const now = this.clock.now();
      const repo = tx.repo(Handover);
      const h = await repo.save(
        repo.create({
          occasion: input.occasion,
          senderOrganisationId: actor.organisationId,
          senderStaffId: actor.staffId,
          receiverOrganisationId: receiver.id,
          sentAt: now,
          situation: input.situation,
          background: input.background,
          assessment: input.assessment,
          recommendation: input.recommendation,
          acknowledgementDueAt: acknowledgementDeadline(now, this.config.acknowledgementHours),
          acknowledgedAt: null,
          acknowledgedByStaffId: null,
        }),
      );
      return { h, view: this.view(h, grant) };
    });
    // After the commit, to the receiving organisation: ids only, never the SBAR text.
    await this.events.publish({ kind: InboxEventKind.HANDOVER, patientId: h.patientId, entityId: h.id, organisationIds: [h.receiverOrganisationId] });
    return view;
  }

  async acknowledge(actor: Actor, handoverId: string): Promise<HandoverType> {
    return this.gate.record(actor, HANDOVER_RECORD, handoverId, { operation: 'acknowledgeHandover' }, async ({ tx, grant, record: h }) => {
      if (h.receiverOrganisationId !== actor.organisationId) throw forbidden('Only the receiving organisation acknowledges a handover');
      if (h.acknowledgedAt) throw conflict('The handover is already acknowledged', { acknowledgedAt: h.acknowledgedAt.toISOString() });
      h.acknowledgedAt = this.clock.now();
      h.acknowledgedByStaffId = actor.staffId;
      return this.view(await tx.repo(Handover).save(h), grant);
    });
  }

  /** One handover, for its sender or receiver organisation; anyone else gets NOT_FOUND. */
  async get(actor: Actor, handoverId: string): Promise<HandoverType> {
    return this.gate.record(actor, HANDOVER_RECORD, handoverId, { operation: 'handover' }, async ({ grant, record }) => this.view(record, grant));
  }

  /** A patient's handovers sent or received by the actor's organisation, newest first. */
  listForPatient(actor: Actor, args: HandoversArgs): Promise<ConnectionShape<HandoverType>> {
    const first = args.first ?? 20;
    return this.gate.patient(actor, args.patientId, { operation: 'handovers' }, async ({ tx, grant }) => {
      const qb = tx
        .repo(Handover)
        .createQueryBuilder('h')
        .andWhere('(h.senderOrganisationId = :org OR h.receiverOrganisationId = :org)', { org: actor.organisationId });
      const named = {};
      const after = HANDOVER_PAGES.where(args.after, named);
      if (after) qb.andWhere(after, named);
      const rows = await qb
        .orderBy(HANDOVER_PAGES.order)
        .take(first + 1)
        .getMany();
      return HANDOVER_PAGES.page(rows, first, (h) => this.view(h, grant));
    });
  }

  /**
   * The receiver's inbox: unacknowledged handovers first, by acknowledgement due time (so overdue
   * ones lead), then, if asked, acknowledged ones. One audit row per patient returned.
   */
  async inbox(actor: Actor, args: HandoverInboxArgs): Promise<ConnectionShape<HandoverType>> {
    const first = args.first ?? 20;
    const params: unknown[] = [actor.organisationId];
    const where = ['h.receiver_organisation_id = $1::uuid'];
    if (!args.includeAcknowledged) where.push('h.acknowledged_at IS NULL');
    const after = HANDOVER_INBOX_PAGES.where(args.after, params);
    if (after) where.push(after);
    let more = false;
    const { read, allowed } = await this.gate.list(
      actor,
      { operation: 'handoverInbox' },
      async (q) => {
        // Only handovers whose patient the receiver may still see: the page comes out full.
        where.push(q.visible('h.patient_id', params));
        const ids = await q.query<{ id: string }>(
          `SELECT h.id FROM handover h WHERE ${where.join(' AND ')}
            ORDER BY ${HANDOVER_INBOX_PAGES.orderBy} LIMIT ${first + 1}`,
          params,
        );
        more = ids.length > first;
        const page = ids.slice(0, first);
        return q.rows(
          Handover,
          page.map((r) => r.id),
        );
      },
      (h) => h.patientId,
    );
    return HANDOVER_INBOX_PAGES.pageOf(
      read,
      more,
      allowed.map(({ row, grant }) => ({ row, node: this.view(row, grant) })),
    );
  }

  private view(h: Handover, grant: PatientGrant): HandoverType {
    return handoverView(h, grant, deadlineState(h.acknowledgementDueAt, h.acknowledgedAt, this.clock.now()) as DeadlineStateEnum);
  }
}
