import { Injectable } from '@nestjs/common';
import { isAllowed } from '../access/patient-grant';
import { PatientGate } from '../access/patient-gate';
import { Actor } from '../common/actor';
import { EventBus } from './event-bus';
import { InboxEventMessage } from './inbox-event';

/** Is the event addressed to this actor (organisation, organisation role, or person)? */
export function isAddressedTo(e: InboxEventMessage, actor: Pick<Actor, 'organisationId' | 'role' | 'staffId'>): boolean {
  if (e.organisationIds?.includes(actor.organisationId)) return true;
  if (e.organisationRole && e.organisationRole.organisationId === actor.organisationId && e.organisationRole.role === actor.role) return true;
  if (e.staffIds?.includes(actor.staffId)) return true;
  return false;
}

/**
 * A subscriber's stream of inbox events: addressed to them, about patients they may read (the
 * same access rule as every query), each delivery audited.
 */
@Injectable()
export class InboxService {
  constructor(
    private readonly bus: EventBus,
    private readonly gate: PatientGate,
  ) {}

  subscribe(actor: Actor): AsyncIterableIterator<InboxEventMessage> {
    const queue: InboxEventMessage[] = [];
    let wake: (() => void) | null = null;
    let closed = false;
    let chain = Promise.resolve();
    const stop = this.bus.listen((e) => {
      // Handle events one after another so the subscriber sees them in order.
      chain = chain.then(async () => {
        if (closed || !(await this.deliverable(actor, e))) return;
        queue.push(e);
        wake?.();
      });
    });
    const close = () => {
      closed = true;
      stop();
      wake?.();
    };
    const iterator: AsyncIterableIterator<InboxEventMessage> = {
      [Symbol.asyncIterator]: () => iterator,
      next: async () => {
        while (!closed && queue.length === 0) await new Promise<void>((r) => (wake = r));
        wake = null;
        if (queue.length) return { value: queue.shift()!, done: false };
        return { value: undefined, done: true };
      },
      return: async () => {
        close();
        return { value: undefined, done: true };
      },
    };
    return iterator;
  }

  private async deliverable(actor: Actor, e: InboxEventMessage): Promise<boolean> {
    try {
      if (!isAddressedTo(e, actor) && !(e.careRelationships && e.patientId && (await this.hasRelationship(actor, e.patientId)))) return false;
      if (e.patientId) {
        // Decided and logged by one statement, like every list: delivered only when allowed.
        const patientId = e.patientId;
        const { allowed } = await this.gate.list(
          actor,
          { operation: 'inboxEvents', details: { kind: e.kind, entityId: e.entityId } },
          async () => [patientId],
          (id) => id,
        );
        return allowed.length > 0;
      }
      return true;
    } catch {
      return false; // never deliver what could not be checked and logged
    }
  }

  private async hasRelationship(actor: Actor, patientId: string): Promise<boolean> {
    const grant = (await this.gate.decideWithoutLog(actor, [patientId])).get(patientId);
    return !!grant && isAllowed(grant) && grant.relationships.length > 0;
  }
}
