import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { isAllowed } from '../access/patient-grant';
import { PatientGate } from '../access/patient-gate';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/config';
import { EventBus } from './event-bus';
import { DeliveredInboxEvent, InboxEventKind, InboxEventMessage } from './inbox-event';

/** Is the event addressed to this actor (organisation, organisation role, or person)? */
export function isAddressedTo(e: InboxEventMessage, actor: Pick<Actor, 'organisationId' | 'role' | 'staffId'>): boolean {
  if (e.organisationIds?.includes(actor.organisationId)) return true;
  if (e.organisationRole && e.organisationRole.organisationId === actor.organisationId && e.organisationRole.role === actor.role) return true;
  if (e.staffIds?.includes(actor.staffId)) return true;
  return false;
}

interface StoredRow {
  number: string;
  message: InboxEventMessage;
}

/**
 * A subscriber's stream of inbox events: addressed to them, about patients they may read (the
 * same access rule as every query), each delivery audited. Events are numbered per organisation
 * (EventBus); the stream follows the subscriber's organisation's sequence without gaps or
 * duplicates:
 *
 * 1. it listens to the bus first, and holds what arrives;
 * 2. with `after`, it sends the stored events numbered above it (within the replay window, else
 *    one RELOAD_INBOX); without, it starts at the organisation's last number;
 * 3. then it takes the held and new events in turn: a number at or below the last one handled is
 *    a duplicate and dropped; a number further ahead than the next means events whose
 *    notifications are late or lost, read from the table before it.
 *
 * Replayed and filled-in events pass the same addressing and access check as live ones, at the
 * time they are sent, and each delivery is audited the same way. docs/LIVE-EVENTS.md.
 */
@Injectable()
export class InboxService {
  private readonly log = new Logger('InboxEvents');
  constructor(
    private readonly bus: EventBus,
    private readonly gate: PatientGate,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  subscribe(actor: Actor, after?: number): AsyncIterableIterator<DeliveredInboxEvent> {
    const org = actor.organisationId;
    const queue: DeliveredInboxEvent[] = [];
    let wake: (() => void) | null = null;
    let closed = false;
    let failure: Error | null = null;
    /** The last number of the organisation's sequence handled (sent, or skipped as not for this subscriber). */
    let last = 0;
    const push = (e: DeliveredInboxEvent) => {
      queue.push(e);
      wake?.();
    };
    const send = async (e: InboxEventMessage, n: number, replayed: boolean) => {
      if (!closed && (await this.deliverable(actor, e, replayed))) {
        push({ id: e.id, kind: e.kind, at: e.at, patientId: e.patientId, entityId: e.entityId, number: n });
      }
    };
    /** The stored events numbered from `from` + 1 to `to` − 1 (or to the end): late, lost or missed ones. */
    const fill = async (to: number | null) => {
      const rows = await this.stored(org, last, to, this.config.liveEvents.replayMaxEvents + 1);
      if (rows.length > this.config.liveEvents.replayMaxEvents) return this.reload(org, push, (n) => (last = Math.max(last, n)));
      for (const r of rows) {
        await send(r.message, Number(r.number), true);
        last = Number(r.number);
      }
    };
    const start = async () => {
      if (after === undefined) {
        last = await this.counter(org);
        return;
      }
      const outcome = await this.replay(org, after);
      if (outcome === 'reload') return this.reload(org, push, (n) => (last = n));
      last = after;
      for (const r of outcome) {
        await send(r.message, Number(r.number), true);
        last = Number(r.number);
      }
    };
    // Everything runs one step after another on this chain, the start first: the subscriber sees events in order.
    let chain: Promise<unknown> = Promise.resolve();
    const step = (work: () => Promise<unknown>, fatal = false) => {
      chain = chain
        .then(() => (closed || failure ? undefined : work()))
        .catch((e: unknown) => {
          const message = e instanceof Error ? e.message : 'error';
          if (!fatal) {
            // The table could not be read (the database away for a moment): nothing is lost, the
            // next event finds the same gap and reads it again.
            this.log.warn(`inbox stream could not read missed events (${message}); the next event retries`);
            return;
          }
          // Without its starting point the stream can promise nothing: it ends, the client subscribes again with `after`.
          failure = e instanceof Error ? e : new Error('inbox stream failed');
          this.log.warn(`inbox stream ended: ${message}`);
          wake?.();
        });
    };
    step(start, true);
    const stopListening = this.bus.listen((e) =>
      step(async () => {
        const n = e.numbers?.[org];
        if (n === undefined || n <= last) return;
        if (n > last + 1) await fill(n);
        if (n <= last) return;
        await send(e, n, false);
        last = n;
      }),
    );
    // The bus was away: what was published meanwhile is in the table.
    const stopRestored = this.bus.onRestored(() => step(() => fill(null)));
    const close = () => {
      closed = true;
      stopListening();
      stopRestored();
      wake?.();
    };
    const iterator: AsyncIterableIterator<DeliveredInboxEvent> = {
      [Symbol.asyncIterator]: () => iterator,
      next: async () => {
        while (!closed && !failure && queue.length === 0) await new Promise<void>((r) => (wake = r));
        wake = null;
        if (queue.length) return { value: queue.shift()!, done: false };
        if (failure && !closed) {
          close();
          throw failure;
        }
        return { value: undefined, done: true };
      },
      return: async () => {
        close();
        return { value: undefined, done: true };
      },
    };
    return iterator;
  }

  /** The organisation's last number (0 before its first event). */
  private async counter(org: string): Promise<number> {
    const [row] = (await this.ds.query(`SELECT last_number FROM inbox_event_counter WHERE organisation_id = $1`, [org])) as { last_number: string }[];
    return row ? Number(row.last_number) : 0;
  }

  /** Stored events of the organisation numbered after `from` (and before `to`), in order. */
  private stored(org: string, from: number, to: number | null, limit: number): Promise<StoredRow[]> {
    return this.ds.query(
      `SELECT number, message FROM inbox_event WHERE organisation_id = $1 AND number > $2 AND ($3::bigint IS NULL OR number < $3) ORDER BY number LIMIT $4`,
      [org, from, to, limit],
    ) as Promise<StoredRow[]>;
  }

  /**
   * What a subscriber that last saw `after` missed: the stored events after it, or 'reload' when
   * they are not all there to send: some older than the window (or pruned), more than the
   * maximum, or `after` beyond the organisation's last number (a number it never had).
   */
  private async replay(org: string, after: number): Promise<StoredRow[] | 'reload'> {
    const { replayDays, replayMaxEvents } = this.config.liveEvents;
    const since = new Date(this.clock.now().getTime() - replayDays * 86_400_000);
    const [top, rows] = [
      await this.counter(org),
      (await this.ds.query(`SELECT number, message FROM inbox_event WHERE organisation_id = $1 AND number > $2 AND created_at >= $3 ORDER BY number LIMIT $4`, [
        org,
        after,
        since,
        replayMaxEvents + 1,
      ])) as StoredRow[],
    ];
    if (after > top) return 'reload';
    if (rows.length > replayMaxEvents) return 'reload';
    if (top > after && (rows.length === 0 || Number(rows[0].number) !== after + 1)) return 'reload';
    return rows;
  }

  /** Tells the subscriber to reload the inbox; it continues from the organisation's last number. */
  private async reload(org: string, push: (e: DeliveredInboxEvent) => void, continueFrom: (n: number) => void): Promise<void> {
    const n = await this.counter(org);
    continueFrom(n);
    push({ id: randomUUID(), kind: InboxEventKind.RELOAD_INBOX, at: this.clock.now().toISOString(), patientId: null, entityId: org, number: n });
  }

  private async deliverable(actor: Actor, e: InboxEventMessage, replayed: boolean): Promise<boolean> {
    try {
      if (!isAddressedTo(e, actor) && !(e.careRelationships && e.patientId && (await this.hasRelationship(actor, e.patientId)))) return false;
      if (e.patientId) {
        // Decided and logged by one statement, like every list: delivered only when allowed.
        const patientId = e.patientId;
        const { allowed } = await this.gate.list(
          actor,
          { operation: 'inboxEvents', details: { kind: e.kind, entityId: e.entityId, ...(replayed && { replayed: true }) } },
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
