import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PatientGate } from '../access/patient-gate';
import { Actor } from '../common/actor';
import { addDays, startOfStockholmDay, stockholmDate } from '../common/calendar';
import { Clock } from '../common/clock';
import { badInput, FieldError } from '../common/errors';
import { ConnectionShape, keyset, PageArgs } from '../common/pagination';
import { EventBus } from '../events/event-bus';
import { InboxEventKind } from '../events/inbox-event';
import { DeteriorationEpisode, DeteriorationEpisodeOutcome } from './deterioration-episode.entity';
import { DeteriorationPlan, DeteriorationPlanStatus } from './deterioration-plan.entity';
import { DETERIORATION_EPISODE_RECORD } from './deterioration-plans.records';
import { EPISODE_MAX_AGE_DAYS, RecordDeteriorationEpisodeInput } from './dto/episode.input';
import { canSeePlan, toObservations } from './plan-content';
import { evaluateTriggers, validateObservations } from './triggers';

/** A patient's episodes, newest first. Both instants are written by the service (milliseconds). */
const EPISODE_PAGES = keyset<DeteriorationEpisode>(
  [
    { sql: 'e.occurredAt', type: 'timestamptz', of: (e) => e.occurredAt },
    { sql: 'e.id', type: 'uuid', of: (e) => e.id },
  ],
  'desc',
);

/**
 * Deterioration episodes (försämringsepisoder): recorded once by the nurse or physician who was
 * there, with the plan steps matched computed here — the same evaluation as evaluateDeterioration
 * (triggers.ts) against the active signed plan the recorder may see, kept as a snapshot. An episode
 * that ended in admission asks for that plan's review in the same transaction.
 */
@Injectable()
export class DeteriorationEpisodesService {
  constructor(
    private readonly gate: PatientGate,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {}

  async record(actor: Actor, input: RecordDeteriorationEpisodeInput): Promise<DeteriorationEpisode> {
    const now = this.clock.now();
    const observations = toObservations(input.observations);
    const contacts = input.contacts ?? [];
    // Rules about the input alone come before the gate: the same answer for any patient.
    const fields: FieldError[] = [];
    const earliest = startOfStockholmDay(addDays(this.clock.today(), -EPISODE_MAX_AGE_DAYS));
    if (input.occurredAt.getTime() > now.getTime()) fields.push({ field: 'input.occurredAt', message: 'cannot be in the future' });
    else if (input.occurredAt.getTime() < earliest.getTime())
      fields.push({ field: 'input.occurredAt', message: `must be within the last ${EPISODE_MAX_AGE_DAYS} days (on or after ${stockholmDate(earliest)})` });
    fields.push(...validateObservations(observations, 'input.observations'));
    contacts.forEach((c, i) => {
      const field = `input.contacts.${i}.contactedAt`;
      if (c.contactedAt.getTime() > now.getTime()) fields.push({ field, message: 'cannot be in the future' });
      else if (c.contactedAt.getTime() < input.occurredAt.getTime()) fields.push({ field, message: 'cannot be before the episode (occurredAt)' });
    });
    if (fields.length) throw badInput(fields);

    const admitted = input.outcome === DeteriorationEpisodeOutcome.ADMITTED;
    const details = { observationKinds: observations.map((o) => o.kind), outcome: input.outcome };
    const { episode, flagged } = await this.gate.patient(
      actor,
      input.patientId,
      { operation: 'recordDeteriorationEpisode', details },
      async ({ tx, grant }) => {
        // Locked when it is to be flagged, so a signing at the same moment waits (and then supersedes it).
        const found = await tx.repo(DeteriorationPlan).findOne({
          where: { status: DeteriorationPlanStatus.ACTIVE },
          ...(admitted ? { lock: { mode: 'pessimistic_write' as const } } : {}),
        });
        const plan = found && canSeePlan(grant, found) ? found : null;
        const { matched } = evaluateTriggers(plan?.steps ?? [], observations);
        const id = randomUUID();
        const repo = tx.repo(DeteriorationEpisode);
        const episode = await repo.save(
          repo.create({
            id,
            occurredAt: input.occurredAt,
            observations,
            planId: plan?.id ?? null,
            planVersion: plan?.planVersion ?? null,
            planConditions: plan ? [...plan.conditions] : [],
            matchedSteps: matched.map((m) => ({ step: m.step, observed: m.observed, reason: m.reason })),
            actionsTaken: input.actionsTaken,
            contacts: contacts.map((c) => ({
              role: c.role,
              organisation: c.organisation ?? null,
              name: c.name ?? null,
              contactedAt: c.contactedAt.toISOString(),
            })),
            outcome: input.outcome,
            planReviewRequested: admitted && plan !== null,
            recordedByOrganisationId: actor.organisationId,
            recordedByStaffId: actor.staffId,
            recordedAt: now,
          }),
        );
        if (admitted && plan) {
          // ReSPECT asks for review when the person changes care setting; a newly signed version starts without the flag.
          plan.reviewRequestedAt = now;
          plan.reviewRequestReason = `Admitted to hospital (inlagd) after a deterioration episode on ${stockholmDate(input.occurredAt)}: the patient changed care setting`;
          plan.reviewRequestedByEpisodeId = id;
          await tx.repo(DeteriorationPlan).save(plan);
        }
        return { episode, flagged: admitted && plan ? plan : null };
      },
    );
    if (flagged)
      await this.events.publish({
        kind: InboxEventKind.DETERIORATION_PLAN_CHANGED,
        patientId: flagged.patientId,
        entityId: flagged.id,
        careRelationships: true,
      });
    return episode;
  }

  async byId(actor: Actor, id: string): Promise<DeteriorationEpisode> {
    return this.gate.record(actor, DETERIORATION_EPISODE_RECORD, id, { operation: 'deteriorationEpisode' }, async ({ record }) => record);
  }

  /** The patient's episodes the actor may see (own organisation's; others' with consent and no block), newest first. */
  async list(actor: Actor, patientId: string, args: PageArgs): Promise<ConnectionShape<DeteriorationEpisode>> {
    const first = args.first ?? 20;
    return this.gate.patient(actor, patientId, { operation: 'deteriorationEpisodes' }, async ({ tx, grant }) => {
      const qb = tx.repo(DeteriorationEpisode).createQueryBuilder('e');
      // Visibility in SQL, so that pages are full; the record kind's rule (canSeeRecordedBy) is the same.
      if (grant.consent || grant.emergency)
        qb.andWhere(`(e.recordedByOrganisationId = :org OR NOT (e.recordedByOrganisationId = ANY(:blocked)))`, { blocked: grant.blockedOrganisationIds });
      else qb.andWhere(`e.recordedByOrganisationId = :org`);
      qb.setParameter('org', grant.actorOrganisationId);
      const named = {};
      const after = EPISODE_PAGES.where(args.after, named);
      if (after) qb.andWhere(after, named);
      const rows = await qb
        .orderBy(EPISODE_PAGES.order)
        .limit(first + 1)
        .getMany();
      return EPISODE_PAGES.page(rows, first);
    });
  }
}
