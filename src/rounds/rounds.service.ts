import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditOutcome } from '../audit/audit-log.entity';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/actor';
import { endOfStockholmDay, startOfStockholmDay } from '../common/calendar';
import { Clock } from '../common/clock';
import { AppError, badInput, FieldError, forbidden, notFound } from '../common/errors';
import { ConnectionShape, keyset } from '../common/pagination';
import { Organisation } from '../organisations/organisation.entity';
import { isUnplannedCareKind } from '../common/organisation-kind';
import { CancelRoundInput, CompleteRoundInput, CreateRoundInput, RoundsArgs } from './dto/round.input';
import { Round, RoundKind, RoundParticipant } from './round.entity';
import { normaliseParticipating, requireState, ROUND_ACTIONS, roundOrganisations, takesPart } from './round-rules';

/** Rounds by start time. */
const ROUND_PAGES = keyset<Round>([
  { sql: 'r.startsAt', type: 'timestamptz', of: (r) => r.startsAt },
  { sql: 'r.id', type: 'uuid', of: (r) => r.id },
]);

/**
 * Rounds: planning, the lifecycle and who may see one. A round is readable and workable by staff of
 * its organiser and participating organisations. To anyone else it answers NOT_FOUND, exactly as a
 * round that does not exist (a round reveals which organisations plan which patients together),
 * and the refusal is logged. Roles not allowed at all are refused by the guard with FORBIDDEN.
 */
@Injectable()
export class RoundsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, input: CreateRoundInput): Promise<Round> {
    // Only a primary care centre, a municipality, a mobile team or SSIH organises a round (declared in the policy, refused by the guard).
    const fields: FieldError[] = [];
    if (input.endsAt && input.endsAt <= input.startsAt) fields.push({ field: 'input.endsAt', message: 'must be after startsAt' });
    if (input.kind === RoundKind.VIDEO && !input.videoLink) fields.push({ field: 'input.videoLink', message: 'is required for a video round (distansrond)' });
    if (input.kind !== RoundKind.VIDEO && input.videoLink) fields.push({ field: 'input.videoLink', message: 'is only for a video round' });
    const participating = normaliseParticipating(actor.organisationId, input.participatingOrganisationIds);
    if (participating.length === 0) fields.push({ field: 'input.participatingOrganisationIds', message: 'must name at least one organisation besides yours' });
    if (fields.length) throw badInput(fields);
    return this.ds.transaction(async (m) => {
      const found = await m.getRepository(Organisation).find({ select: { id: true, kind: true }, where: { id: In(participating) } });
      if (found.length !== participating.length) throw badInput('input.participatingOrganisationIds', 'names an organisation that does not exist');
      if (found.some((o) => isUnplannedCareKind(o.kind))) {
        throw badInput(
          'input.participatingOrganisationIds',
          'names an ambulance service or an out-of-hours primary care unit: they arrive unplanned and take no part in rounds',
        );
      }
      const orgs = [actor.organisationId, ...participating];
      const staffOrgs = await this.staffOrganisations(m, input.participantStaffIds, orgs);
      if (staffOrgs.size !== new Set(input.participantStaffIds).size) {
        throw badInput('input.participantStaffIds', 'names staff without an assignment in the organiser or a participating organisation');
      }
      const round = await m.getRepository(Round).save(
        m.getRepository(Round).create({
          title: input.title ?? null,
          kind: input.kind,
          videoLink: input.videoLink ?? null,
          startsAt: input.startsAt,
          endsAt: input.endsAt ?? null,
          organiserId: actor.organisationId,
          participatingOrganisationIds: participating,
          createdByStaffId: actor.staffId,
        }),
      );
      if (staffOrgs.size) {
        await m.getRepository(RoundParticipant).insert([...staffOrgs].map(([staffId, organisationId]) => ({ roundId: round.id, staffId, organisationId })));
      }
      await this.audit.record(actor, [{ operation: 'createRound', details: { roundId: round.id } }], m);
      return round;
    });
  }

  /**
   * The round, when the actor's organisation takes part; otherwise NOT_FOUND (naming `what`, e.g.
   * "Agenda item" for an operation addressed by item id), logged as refused.
   */
  async requireTakesPart(actor: Actor, roundId: string, operation: string, what = 'Round'): Promise<Round> {
    const round = await this.ds.getRepository(Round).findOneBy({ id: roundId });
    if (!round || !takesPart(round, actor.organisationId)) {
      await this.audit.record(actor, [
        { operation, outcome: AuditOutcome.REFUSED, details: { roundId, reason: round ? 'not-a-round-organisation' : 'no-such-round' } },
      ]);
      throw notFound(what);
    }
    return round;
  }

  async get(actor: Actor, roundId: string): Promise<Round> {
    return this.requireTakesPart(actor, roundId, 'round');
  }

  /** Rounds your organisation organises or takes part in, by start time. */
  async list(actor: Actor, args: RoundsArgs): Promise<ConnectionShape<Round>> {
    const first = args.first ?? 20;
    const qb = this.ds
      .getRepository(Round)
      .createQueryBuilder('r')
      .where('(r.organiserId = :org OR r.participatingOrganisationIds @> ARRAY[:org]::uuid[])', { org: actor.organisationId })
      .orderBy(ROUND_PAGES.order)
      .limit(first + 1);
    if (args.status) qb.andWhere('r.status = :status', { status: args.status });
    if (args.from) qb.andWhere('r.startsAt >= :from', { from: startOfStockholmDay(args.from) });
    if (args.to) qb.andWhere('r.startsAt < :to', { to: endOfStockholmDay(args.to) });
    const named = {};
    const after = ROUND_PAGES.where(args.after, named);
    if (after) qb.andWhere(after, named);
    return ROUND_PAGES.page(await qb.getMany(), first);
  }

  /** The start of the previous completed round of the same organiser and participating organisations. */
  async previousRoundStart(round: Round): Promise<Date | null> {
    const [row]: Array<{ at: Date | null }> = await this.ds.query(
      `SELECT max(p.starts_at) AS at FROM round p
        WHERE p.organiser_id = $1 AND p.participating_organisation_ids = $2::uuid[] AND p.status = 'COMPLETED' AND p.starts_at < $3 AND p.id <> $4`,
      [round.organiserId, round.participatingOrganisationIds, round.startsAt, round.id],
    );
    return row?.at ?? null;
  }

  /** Who was invited to a round and whether they attended, by name. */
  participantsOf(roundId: string): Promise<Array<{ staff_id: string; attended: boolean | null }>> {
    return this.ds.query(
      `SELECT p.staff_id, p.attended FROM round_participant p JOIN staff s ON s.id = p.staff_id WHERE p.round_id = $1 ORDER BY s.name, s.id`,
      [roundId],
    );
  }

  async start(actor: Actor, roundId: string): Promise<Round> {
    await this.requireTakesPart(actor, roundId, 'startRound');
    return this.transition(actor, roundId, 'startRound', async (round) => {
      requireState(round, 'start');
      round.status = ROUND_ACTIONS.start.to;
      round.startedAt = this.clock.now();
      round.startedByStaffId = actor.staffId;
    });
  }

  /** Records who attended: invited participants not named are absent; others named are added. */
  async complete(actor: Actor, input: CompleteRoundInput): Promise<Round> {
    await this.requireTakesPart(actor, input.roundId, 'completeRound');
    return this.transition(actor, input.roundId, 'completeRound', async (round, m) => {
      requireState(round, 'complete');
      const attendees = [...new Set(input.attendedStaffIds)];
      const staffOrgs = await this.staffOrganisations(m, attendees, roundOrganisations(round));
      if (staffOrgs.size !== attendees.length)
        throw badInput('input.attendedStaffIds', 'names staff without an assignment in the organiser or a participating organisation');
      const invited = await m.getRepository(RoundParticipant).findBy({ roundId: round.id });
      for (const p of invited) p.attended = staffOrgs.has(p.staffId);
      await m.getRepository(RoundParticipant).save(invited);
      const known = new Set(invited.map((p) => p.staffId));
      const walkIns = [...staffOrgs].filter(([staffId]) => !known.has(staffId));
      if (walkIns.length)
        await m
          .getRepository(RoundParticipant)
          .insert(walkIns.map(([staffId, organisationId]) => ({ roundId: round.id, staffId, organisationId, attended: true })));
      round.status = ROUND_ACTIONS.complete.to;
      round.completedAt = this.clock.now();
      round.completedByStaffId = actor.staffId;
    });
  }

  /** Only the organiser calls a round off. */
  async cancel(actor: Actor, input: CancelRoundInput): Promise<Round> {
    await this.requireTakesPart(actor, input.roundId, 'cancelRound');
    return this.transition(actor, input.roundId, 'cancelRound', async (round) => {
      if (round.organiserId !== actor.organisationId) throw forbidden('Only the organiser cancels a round');
      requireState(round, 'cancel');
      round.status = ROUND_ACTIONS.cancel.to;
      round.cancelledAt = this.clock.now();
      round.cancelledByStaffId = actor.staffId;
      round.cancellationReason = input.reason;
    });
  }

  /** A state change under the round's row lock, audited in the same transaction. */
  private async transition(actor: Actor, roundId: string, operation: string, change: (round: Round, m: EntityManager) => Promise<void>): Promise<Round> {
    try {
      return await this.ds.transaction(async (m) => {
        const round = await m.getRepository(Round).findOne({ where: { id: roundId }, lock: { mode: 'pessimistic_write' } });
        if (!round) throw notFound('Round');
        await change(round, m);
        const saved = await m.getRepository(Round).save(round);
        await this.audit.record(actor, [{ operation, details: { roundId, status: saved.status } }], m);
        return saved;
      });
    } catch (e) {
      if (e instanceof AppError) await this.audit.record(actor, [{ operation, outcome: AuditOutcome.FAILED, details: { roundId, code: e.code } }]);
      throw e;
    }
  }

  /**
   * For each staff id, an organisation of the round they hold an assignment in now (the organiser
   * preferred, then in the order given). Staff without one are missing from the map.
   */
  private async staffOrganisations(m: EntityManager, staffIds: readonly string[], organisationIds: string[]): Promise<Map<string, string>> {
    if (staffIds.length === 0) return new Map();
    const rows: Array<{ staff_id: string; organisation_id: string }> = await m.query(
      `SELECT DISTINCT ON (a.staff_id) a.staff_id, a.organisation_id
         FROM assignment a
        WHERE a.staff_id = ANY ($1::uuid[]) AND a.organisation_id = ANY ($2::uuid[])
          AND a.valid_from <= $3 AND (a.ended_at IS NULL OR a.ended_at > $3)
        ORDER BY a.staff_id, array_position($2::uuid[], a.organisation_id)`,
      [[...new Set(staffIds)], organisationIds, this.clock.now()],
    );
    return new Map(rows.map((r) => [r.staff_id, r.organisation_id]));
  }
}
