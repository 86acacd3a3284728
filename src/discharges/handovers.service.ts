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
import { DeadlineStateEnum, HandoverAnswerOutcome, HandoverRequestedResponse } from './discharge.enums';
import { HANDOVER_PARTIES } from './discharges.policy';
import { HANDOVER_RECORD } from './discharges.records';
import { acknowledgementDeadline, deadlineState } from './deadlines';
import { AnswerHandoverInput, HandoverInboxArgs, HandoversArgs, SendHandoverInput } from './dto/handover.input';
import { givenAtProblem, handoverRespondBy, plannedVisitProblem } from './handover-deadlines';
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

/** A response was requested and none is given yet (SQL over `h`). */
const AWAITING_ANSWER = '(h.respond_by IS NOT NULL AND h.answered_at IS NULL)';

/** Where a handover stands in its receiver's inbox: 0 awaits an answer, 1 awaits acknowledgement, 2 awaits nothing. */
export function inboxRank(h: Pick<Handover, 'respondBy' | 'answeredAt' | 'acknowledgedAt'>): 0 | 1 | 2 {
  if (h.respondBy !== null && h.answeredAt === null) return 0;
  return h.acknowledgedAt === null ? 1 : 2;
}

/**
 * The receiver's inbox: requests awaiting an answer first, by respond-by time (so the overdue lead);
 * then unacknowledged handovers by acknowledgement due time; then, if asked, those awaiting nothing.
 * The rank and the due time are the same expressions in the ORDER BY and in the cursor.
 */
const HANDOVER_INBOX_PAGES = keyset<Handover>([
  {
    sql: `(CASE WHEN ${AWAITING_ANSWER} THEN 0 WHEN h.acknowledged_at IS NULL THEN 1 ELSE 2 END)`,
    type: 'int',
    of: inboxRank,
    accepts: (v) => v === 0 || v === 1 || v === 2,
  },
  {
    sql: `(CASE WHEN ${AWAITING_ANSWER} THEN h.respond_by ELSE h.acknowledgement_due_at END)`,
    type: 'timestamptz',
    of: (h) => (inboxRank(h) === 0 ? h.respondBy! : h.acknowledgementDueAt),
  },
  { sql: 'h.id', type: 'uuid', of: (h) => h.id },
]);

/** A handover's receiver in the field error's words. */
const RECEIVER_WORDS: Partial<Record<OrganisationKind, string>> = {
  [OrganisationKind.MUNICIPALITY]: 'a municipality (home healthcare unit)',
  [OrganisationKind.PRIMARY_CARE]: 'a primary care centre',
  [OrganisationKind.MOBILE_TEAM]: 'a mobile team',
  [OrganisationKind.SPECIALISED_PALLIATIVE_HOME_CARE]: 'specialised palliative home care (SSIH)',
};

/** The kinds a handover goes to, in the field error's words: "a, b, c or d". */
const PARTY_NAMES = HANDOVER_PARTIES.map((k) => RECEIVER_WORDS[k]);
const PARTY_WORDS = `${PARTY_NAMES.slice(0, -1).join(', ')} or ${PARTY_NAMES[PARTY_NAMES.length - 1]}`;

/**
 * Handovers (överrapportering) between organisations of the patient's care team — municipal home
 * healthcare, the primary care centre and the teams that visit at home (a mobile team, SSIH) —
 * independent of a hospital stay. Only the sender and the receiver organisation see a handover; each
 * sees the other's text (SBAR, answer) under the consent rule. A handover asks for a response (or is
 * information only); the receiver answers once, by `respondBy` (handover-deadlines.ts). Sending,
 * acknowledging and answering may be entered afterwards with the time given (paper routine).
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
    const now = this.clock.now();
    const givenAt = input.givenAt ?? null;
    // About the input alone: before anything about the patient.
    const problem = givenAt && givenAtProblem(givenAt, now);
    if (problem) throw badInput('input.givenAt', problem);
    const op = {
      operation: 'sendHandover',
      details: {
        receiverOrganisationId: input.receiverOrganisationId,
        occasion: input.occasion,
        urgency: input.urgency,
        requestedResponse: input.requestedResponse,
        ...(givenAt ? { enteredAfterwards: true } : {}),
      },
    };
    // Only staff of a municipality, a primary care centre, a mobile team or SSIH get here (declared in the policy, refused by the guard).
    const { h, view } = await this.gate.patient(actor, input.patientId, op, async ({ tx, grant }) => {
      const receiver = await tx.reference(Organisation).findOneBy({ id: input.receiverOrganisationId });
      if (receiver?.id === actor.organisationId) throw badInput('input.receiverOrganisationId', 'must be another organisation than your own');
      if (!receiver || !HANDOVER_PARTIES.includes(receiver.kind)) throw badInput('input.receiverOrganisationId', `must be ${PARTY_WORDS}`);
      const related = await tx.query(`SELECT 1 FROM ${CARE_RELATIONSHIP_TABLE} rel WHERE rel.patient_id = $1 AND rel.organisation_id = $2 LIMIT 1`, [
        tx.patientId,
        receiver.id,
      ]);
      if (!related.length)
        throw preconditionFailed('The receiving organisation has no care relationship with the patient; add it to the care team or enroll the patient first');
      const sentAt = givenAt ?? now;
      const repo = tx.repo(Handover);
      const h = await repo.save(
        repo.create({
          occasion: input.occasion,
          senderOrganisationId: actor.organisationId,
          senderStaffId: actor.staffId,
          receiverOrganisationId: receiver.id,
          sentAt,
          recordedAt: now,
          enteredAfterwards: givenAt !== null,
          urgency: input.urgency,
          requestedResponse: input.requestedResponse,
          respondBy: handoverRespondBy(input.urgency, input.requestedResponse, sentAt),
          situation: input.situation,
          background: input.background,
          assessment: input.assessment,
          recommendation: input.recommendation,
          acknowledgementDueAt: acknowledgementDeadline(sentAt, this.config.acknowledgementHours),
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

  /** Acknowledge (kvittera); `givenAt` for an acknowledgement given by phone or on paper, entered afterwards. */
  async acknowledge(actor: Actor, handoverId: string, givenAt: Date | null = null): Promise<HandoverType> {
    const now = this.clock.now();
    const problem = givenAt && givenAtProblem(givenAt, now);
    if (problem) throw badInput('givenAt', problem);
    const op = { operation: 'acknowledgeHandover', ...(givenAt ? { details: { enteredAfterwards: true } } : {}) };
    return this.gate.record(actor, HANDOVER_RECORD, handoverId, op, async ({ tx, grant, record: h }) => {
      if (h.receiverOrganisationId !== actor.organisationId) throw forbidden('Only the receiving organisation acknowledges a handover');
      if (h.acknowledgedAt) throw conflict('The handover is already acknowledged', { acknowledgedAt: h.acknowledgedAt.toISOString() });
      const early = givenAt && givenAtProblem(givenAt, now, h.sentAt);
      if (early) throw badInput('givenAt', early);
      h.acknowledgedAt = givenAt ?? now;
      h.acknowledgedByStaffId = actor.staffId;
      h.acknowledgementRecordedAt = now;
      h.acknowledgementEnteredAfterwards = givenAt !== null;
      return this.view(await tx.repo(Handover).save(h), grant);
    });
  }

  /**
   * The receiving organisation answers a handover's request, once; answering acknowledges it too when
   * it was not yet acknowledged. Not for INFORMATION_ONLY (PRECONDITION_FAILED); a second answer is a
   * CONFLICT; the sender's organisation is FORBIDDEN and any other organisation gets NOT_FOUND.
   */
  async answer(actor: Actor, input: AnswerHandoverInput): Promise<HandoverType> {
    const now = this.clock.now();
    const givenAt = input.givenAt ?? null;
    const answeredAt = givenAt ?? now;
    const planned = input.plannedVisitAt ?? null;
    // About the input alone: before anything about the patient, with every field's problem at once.
    const fields: Array<{ field: string; message: string }> = [];
    const early = givenAt && givenAtProblem(givenAt, now);
    if (early) fields.push({ field: 'input.givenAt', message: early });
    if (input.outcome === HandoverAnswerOutcome.VISIT_PLANNED) {
      if (!planned) fields.push({ field: 'input.plannedVisitAt', message: 'is required when a visit is planned (VISIT_PLANNED)' });
      else if (!early) {
        const visit = plannedVisitProblem(planned, answeredAt);
        if (visit) fields.push({ field: 'input.plannedVisitAt', message: visit });
      }
    } else if (planned) fields.push({ field: 'input.plannedVisitAt', message: 'is only for VISIT_PLANNED' });
    if (fields.length) throw badInput(fields);
    const op = { operation: 'answerHandover', details: { outcome: input.outcome, ...(givenAt ? { enteredAfterwards: true } : {}) } };
    const answered = await this.gate.record(actor, HANDOVER_RECORD, input.handoverId, op, async ({ tx, grant, record: h }) => {
      if (h.receiverOrganisationId !== actor.organisationId) throw forbidden('Only the receiving organisation answers a handover');
      if (h.requestedResponse === HandoverRequestedResponse.INFORMATION_ONLY || h.respondBy === null)
        throw preconditionFailed('The handover is information only and asks for no answer; acknowledge it instead');
      if (h.answeredAt) throw conflict('The handover is already answered', { answeredAt: h.answeredAt.toISOString() });
      const beforeHandover = givenAt && givenAtProblem(givenAt, now, h.sentAt);
      if (beforeHandover) throw badInput('input.givenAt', beforeHandover);
      h.answerOutcome = input.outcome;
      h.answerText = input.text;
      h.plannedVisitAt = planned;
      h.answeredAt = answeredAt;
      h.answeredByStaffId = actor.staffId;
      h.answerRecordedAt = now;
      h.answerEnteredAfterwards = givenAt !== null;
      if (!h.acknowledgedAt) {
        // An answer is an acknowledgement too, given at the same time.
        h.acknowledgedAt = answeredAt;
        h.acknowledgedByStaffId = actor.staffId;
        h.acknowledgementRecordedAt = now;
        h.acknowledgementEnteredAfterwards = givenAt !== null;
      }
      return { h, view: this.view(await tx.repo(Handover).save(h), grant) };
    });
    // After the commit, to the sender's organisation: ids only, never the answer.
    await this.events.publish({
      kind: InboxEventKind.HANDOVER_ANSWERED,
      patientId: answered.h.patientId,
      entityId: answered.h.id,
      organisationIds: [answered.h.senderOrganisationId],
    });
    return answered.view;
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
   * The receiver's inbox: requests awaiting an answer first, by respond-by time (so the overdue lead),
   * then unacknowledged handovers by acknowledgement due time, then, if asked, those that await
   * nothing more. One audit row per patient returned.
   */
  async inbox(actor: Actor, args: HandoverInboxArgs): Promise<ConnectionShape<HandoverType>> {
    const first = args.first ?? 20;
    const params: unknown[] = [actor.organisationId];
    const where = ['h.receiver_organisation_id = $1::uuid'];
    if (!args.includeAcknowledged) where.push(`(${AWAITING_ANSWER} OR h.acknowledged_at IS NULL)`);
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
    const now = this.clock.now();
    return handoverView(
      h,
      grant,
      deadlineState(h.acknowledgementDueAt, h.acknowledgedAt, now) as DeadlineStateEnum,
      h.respondBy ? (deadlineState(h.respondBy, h.answeredAt, now) as DeadlineStateEnum) : null,
    );
  }
}
