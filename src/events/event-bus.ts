import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import Redis from 'ioredis';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, DATABASE_DIRECT_URL, DATABASE_URL } from '../config/config';
import { Clock } from '../common/clock';
import { InboxEventMessage } from './inbox-event';

export const EVENT_CHANNEL = 'esther_inbox_events';

const noop = () => undefined;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where the bus's listening connection stands. */
export type EventBusStatus = 'connecting' | 'connected' | 'reconnecting' | 'stopped';

export interface EventBusState {
  transport: 'postgres' | 'redis';
  status: EventBusStatus;
  /** When the bus entered this status (for `reconnecting`: when the connection was lost). */
  since: Date;
  /** Connections lost since the service started. */
  outages: number;
  /** Why the connection was lost, or why the last attempt to restore it failed. */
  lastError?: string;
}

/**
 * Delay before reconnect attempt `attempt` (0, 1, …): 0.5 s doubling to a cap of 10 s, each drawn
 * between half and all of that ("equal jitter"), so that instances which lost the database at the
 * same moment do not come back at the same moment.
 */
function reconnectDelay(attempt: number): number {
  const ceiling = Math.min(10_000, 500 * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/**
 * The listening connection's state, and its log: one warning when the connection is lost and one
 * line when it is back (with how long it was away), however many attempts it took. Wall-clock
 * time, not the Clock: an outage is an operational fact, and tests may pin the Clock.
 */
class LinkState {
  private status: EventBusStatus = 'connecting';
  private since = new Date();
  private outages = 0;
  private lastError?: string;
  /** Called when the connection is back after an outage (the bus asks subscribers to catch up). */
  onRestored: () => void = noop;
  constructor(
    private readonly transport: EventBusState['transport'],
    private readonly log: Logger,
  ) {}

  /** The connection was lost (ignored unless it was connected: an outage begins once). */
  lost(reason: string): void {
    if (this.status !== 'connected') return;
    this.lastError = reason;
    this.status = 'reconnecting';
    this.since = new Date();
    this.outages++;
    this.log.warn(`event listener lost its connection (${reason}); reconnecting`);
  }

  /** An attempt to restore the connection failed (not logged: the outage already was). */
  failed(reason: string): void {
    this.lastError = reason;
  }

  restored(): void {
    if (this.status === 'stopped' || this.status === 'connected') return;
    if (this.status === 'reconnecting') {
      const seconds = ((Date.now() - this.since.getTime()) / 1000).toFixed(1);
      this.log.log(`event listener reconnected after ${seconds} s; events flow again`);
      this.status = 'connected';
      this.since = new Date();
      this.onRestored();
      return;
    }
    this.status = 'connected';
    this.since = new Date();
  }

  stopped(): void {
    this.status = 'stopped';
    this.since = new Date();
  }

  get isStopped(): boolean {
    return this.status === 'stopped';
  }

  snapshot(): EventBusState {
    return {
      transport: this.transport,
      status: this.status,
      since: new Date(this.since),
      outages: this.outages,
      ...(this.lastError !== undefined && { lastError: this.lastError }),
    };
  }
}

interface Transport {
  readonly state: LinkState;
  start(onMessage: (raw: string) => void): Promise<void>;
  send(raw: string): Promise<void>;
  stop(): Promise<void>;
}

/** PostgreSQL LISTEN/NOTIFY: every instance on the same database hears every event. */
class PostgresTransport implements Transport {
  readonly state: LinkState;
  private listener?: Client;
  /** The connection being opened by a (re)connect attempt, so that stop() can end it too. */
  private opening?: Client;
  private attempt?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private failures = 0;
  private onMessage: (raw: string) => void = noop;
  /**
   * Notifications go out through a pool of at most two connections: a single client would be
   * asked to run concurrent queries by concurrent publishes (which pg deprecates), and the pool
   * replaces a connection the server dropped instead of crashing on an unhandled 'error'. While
   * the database is away a publish fails within the connect timeout (the caller logs it); the
   * next one after the database is back opens a new connection.
   */
  private sender?: Pool;
  constructor(
    private readonly url: string,
    private readonly log: Logger,
  ) {
    this.state = new LinkState('postgres', log);
  }

  async start(onMessage: (raw: string) => void): Promise<void> {
    this.onMessage = onMessage;
    // The first connection must succeed: a service that cannot reach its database does not start.
    this.listener = await this.open();
    this.state.restored();
    this.sender = new Pool({
      connectionString: this.url,
      application_name: 'esther-events',
      max: 2,
      idleTimeoutMillis: 0,
      connectionTimeoutMillis: 3000,
      query_timeout: 5000,
    });
    this.sender.on('error', (e) => this.log.warn(`event sender lost an idle connection (${e.message}); the next event opens a new one`));
  }

  /** A new listening connection, LISTENing (every new connection must LISTEN again). */
  private async open(): Promise<Client> {
    const c = new Client({
      connectionString: this.url,
      application_name: 'esther-events',
      connectionTimeoutMillis: 5000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    // Before connect: a connection lost later must never be an unhandled 'error'.
    c.on('error', (e) => this.lost(c, e.message));
    c.on('end', () => this.lost(c, 'connection closed'));
    c.on('notification', (n) => n.channel === EVENT_CHANNEL && n.payload && this.onMessage(n.payload));
    this.opening = c;
    try {
      await c.connect();
      await c.query(`LISTEN ${EVENT_CHANNEL}`);
      return c;
    } catch (e) {
      await c.end().catch(noop);
      throw e;
    } finally {
      if (this.opening === c) this.opening = undefined;
    }
  }

  /** The listening connection `c` failed or closed ('error' and 'end' both come; the first counts). */
  private lost(c: Client, reason: string): void {
    if (c !== this.listener || this.state.isStopped) return;
    this.listener = undefined;
    c.end().catch(noop);
    this.state.lost(reason);
    this.schedule();
  }

  /** Without limit: the bus keeps trying until the database is back or the service stops. */
  private schedule(): void {
    if (this.state.isStopped || this.timer || this.attempt) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.attempt = this.reconnect().finally(() => {
        this.attempt = undefined;
        // Failed, or connected and already lost again: try again (stopped: schedule() refuses).
        if (!this.listener) this.schedule();
      });
    }, reconnectDelay(this.failures));
    // Stop() clears it; unref'd all the same, a retry alone never keeps the process alive.
    this.timer.unref();
  }

  private async reconnect(): Promise<void> {
    let c: Client;
    try {
      c = await this.open();
    } catch (e) {
      this.failures++;
      this.state.failed((e as Error).message);
      return;
    }
    if (this.state.isStopped) {
      await c.end().catch(noop);
      return;
    }
    this.failures = 0;
    this.listener = c;
    this.state.restored();
  }

  async send(raw: string): Promise<void> {
    await this.sender!.query('SELECT pg_notify($1, $2)', [EVENT_CHANNEL, raw]);
  }

  async stop(): Promise<void> {
    this.state.stopped();
    clearTimeout(this.timer);
    this.timer = undefined;
    // An attempt in flight: end the connection it is opening; it then ends what it got, if anything.
    void this.opening?.end().catch(noop);
    await Promise.allSettled([this.listener?.end(), this.attempt, this.sender?.end()]);
    this.listener = undefined;
  }
}

/**
 * Redis pub/sub, when REDIS_URL is configured (e.g. a managed PostgreSQL that limits LISTEN).
 * ioredis reconnects by itself; the retry strategy below never gives up (a number, never null),
 * and `autoResubscribe` (ioredis's default, set here so that it stays so) subscribes a
 * reconnected subscriber to its channels again. The state follows the subscriber's events.
 */
class RedisTransport implements Transport {
  readonly state: LinkState;
  private sub?: Redis;
  private pub?: Redis;
  /** Namespaced by database, so deployments (or test databases) sharing one Redis never hear each other. */
  private readonly channel: string;
  constructor(
    private readonly url: string,
    databaseUrl: string,
    log: Logger,
  ) {
    const u = new URL(databaseUrl);
    this.channel = `${EVENT_CHANNEL}:${u.host}${u.pathname}`;
    this.state = new LinkState('redis', log);
  }
  async start(onMessage: (raw: string) => void): Promise<void> {
    const retryStrategy = (times: number) => reconnectDelay(times - 1);
    // Named (CLIENT LIST shows which deployment each connection serves, and a test can drop exactly this one).
    this.sub = new Redis(this.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 3,
      retryStrategy,
      autoResubscribe: true,
      connectionName: `${this.channel}:listen`,
    });
    // The publisher does not queue while disconnected: a publish then fails at once (and is
    // logged) instead of holding the request that made the change until Redis is back.
    this.pub = new Redis(this.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 3,
      retryStrategy,
      enableOfflineQueue: false,
      commandTimeout: 5000,
      connectionName: `${this.channel}:send`,
    });
    // 'error' comes once per failed attempt; the outage is logged once, by the state.
    let lastError: string | undefined;
    this.sub.on('error', (e: Error) => {
      lastError = e.message;
      this.state.failed(e.message);
    });
    this.pub.on('error', noop);
    this.sub.on('ready', () => {
      lastError = undefined;
      this.state.restored();
    });
    const lost = () => this.state.lost(lastError ?? 'connection closed');
    this.sub.on('close', lost);
    this.sub.on('reconnecting', lost);
    this.sub.on('message', (channel: string, raw: string) => channel === this.channel && onMessage(raw));
    try {
      await Promise.all([this.sub.connect(), this.pub.connect()]);
      await this.sub.subscribe(this.channel);
    } catch (e) {
      // The service does not start; nor may these clients keep reconnecting in its place.
      this.sub.disconnect();
      this.pub.disconnect();
      throw e;
    }
  }
  async send(raw: string): Promise<void> {
    await this.pub!.publish(this.channel, raw);
  }
  async stop(): Promise<void> {
    this.state.stopped();
    // A connected client says goodbye; one that is reconnecting is cut off (quit() would wait
    // in the offline queue for a connection), which also cancels its pending reconnect.
    const close = (r?: Redis) => (r?.status === 'ready' ? r.quit() : r?.disconnect());
    await Promise.allSettled([close(this.sub), close(this.pub)]);
  }
}

/**
 * Stores inbox events and carries them between all running instances. Each event is stored once
 * for every organisation it is for (addressed to it, to a role or a staff member in it, or to the
 * organisations caring for the patient), numbered 1, 2, 3, … per organisation without gaps: the
 * number comes from the organisation's counter row, raised in the transaction that stores the
 * event, so two transactions never get the same number and a rolled-back one leaves no gap (the
 * row stays locked until commit). Then every instance (the publisher included) hears it, with its
 * numbers, and hands it to its own subscribers, who filter by addressing and by the access rule.
 * A subscriber that sees a number jump (an event whose notification came late, or was lost while
 * the bus was away) reads the skipped ones from the table (InboxService), so notifications may be
 * lost or reordered without the subscriber missing an event. When the transport's connection is
 * lost the bus reconnects by itself, without limit, and then asks its subscribers to catch up.
 * docs/LIVE-EVENTS.md.
 */
@Injectable()
export class EventBus implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('EventBus');
  private readonly local = new EventEmitter().setMaxListeners(0);
  private transport!: Transport;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    // LISTEN holds a session: the primary itself, never a transaction pooler.
    @Inject(DATABASE_DIRECT_URL) private readonly directUrl: string,
    /** Names the Redis channel: the same for every instance of one deployment, pooled or not. */
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    private readonly clock: Clock,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    this.transport = this.config.redisUrl
      ? new RedisTransport(this.config.redisUrl, this.databaseUrl, this.log)
      : new PostgresTransport(this.directUrl, this.log);
    this.transport.state.onRestored = () => this.local.emit('restored');
    await this.transport.start((raw) => {
      try {
        this.local.emit('event', JSON.parse(raw) as InboxEventMessage);
      } catch {
        this.log.warn('ignored a malformed event');
      }
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.local.removeAllListeners();
    await this.transport?.stop();
  }

  /** Whether events flow: connected, or reconnecting since when (readiness reports it). */
  connectionState(): EventBusState {
    if (!this.transport) return { transport: this.config.redisUrl ? 'redis' : 'postgres', status: 'connecting', since: new Date(), outages: 0 };
    return this.transport.state.snapshot();
  }

  /**
   * Stores the event for its organisations and tells every instance. Call after the transaction
   * that made the change has committed. Never fails the caller's request: the change is committed;
   * an event that could not be stored or sent is logged.
   */
  async publish(event: Omit<InboxEventMessage, 'id' | 'at' | 'numbers'>): Promise<void> {
    try {
      const stored = await this.ds.transaction((m) => this.record(m, event));
      await this.transport.send(JSON.stringify(stored));
    } catch (e) {
      this.log.error(`could not publish ${event.kind} event: ${(e as Error).message}`);
    }
  }

  /**
   * Stores the event in the caller's transaction, numbered for each organisation it is for, and
   * returns it with its numbers; `announce` it after that transaction commits. (The deadline
   * watcher stores its events in the transaction that records the deadline as raised.)
   */
  async record(m: EntityManager, event: Omit<InboxEventMessage, 'id' | 'at' | 'numbers'>, id: string = randomUUID()): Promise<InboxEventMessage> {
    const now = this.clock.now();
    const full: InboxEventMessage = { id, at: now.toISOString(), ...event };
    const direct = [...(event.organisationIds ?? []), ...(event.organisationRole ? [event.organisationRole.organisationId] : [])].filter((x) => UUID.test(x));
    const staff = (event.staffIds ?? []).filter((x) => UUID.test(x));
    const patient = event.careRelationships && event.patientId && UUID.test(event.patientId) ? event.patientId : null;
    // The organisations it is for, now: named ones, those where a named staff member holds an
    // assignment, those caring for the patient. In id order, so that counters are locked in one order.
    const orgs: { id: string }[] = await m.query(
      `SELECT o.id FROM organisation o
        WHERE o.id = ANY($1::uuid[])
           OR o.id IN (SELECT a.organisation_id FROM assignment a WHERE a.staff_id = ANY($2::uuid[]) AND a.valid_from <= $4 AND (a.ended_at IS NULL OR a.ended_at > $4))
           OR o.id IN (SELECT r.organisation_id FROM care_relationship r WHERE r.patient_id = $3::uuid)
        ORDER BY o.id`,
      [direct, staff, patient, now],
    );
    if (!orgs.length) return full;
    const numbered: { organisation_id: string; last_number: string }[] = await m.query(
      `INSERT INTO inbox_event_counter AS c (organisation_id, last_number)
         SELECT o, 1 FROM unnest($1::uuid[]) WITH ORDINALITY AS t(o, i) ORDER BY i
       ON CONFLICT (organisation_id) DO UPDATE SET last_number = c.last_number + 1
       RETURNING organisation_id, last_number`,
      [orgs.map((o) => o.id)],
    );
    full.numbers = Object.fromEntries(numbered.map((r) => [r.organisation_id, Number(r.last_number)]));
    await m.query(
      `INSERT INTO inbox_event (organisation_id, number, event_id, kind, patient_id, entity_id, message, created_at)
       SELECT o, n, $3, $4, $5, $6, $7::jsonb, $8 FROM unnest($1::uuid[], $2::bigint[]) AS t(o, n)`,
      [
        numbered.map((r) => r.organisation_id),
        numbered.map((r) => r.last_number),
        full.id,
        full.kind,
        full.patientId,
        full.entityId,
        JSON.stringify({ ...full, numbers: undefined }),
        now,
      ],
    );
    return full;
  }

  /** Tells every instance about an event stored by `record`, once its transaction has committed. Never throws. */
  async announce(event: InboxEventMessage): Promise<void> {
    try {
      await this.transport.send(JSON.stringify(event));
    } catch (e) {
      this.log.error(`could not publish ${event.kind} event: ${(e as Error).message}`);
    }
  }

  /** Events as they arrive at this instance, until the returned function is called. */
  listen(onEvent: (e: InboxEventMessage) => void): () => void {
    this.local.on('event', onEvent);
    return () => this.local.off('event', onEvent);
  }

  /** Called each time the bus's connection is back after an outage (events may have been missed). */
  onRestored(callback: () => void): () => void {
    this.local.on('restored', callback);
    return () => this.local.off('restored', callback);
  }
}
