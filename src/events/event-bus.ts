import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig, DATABASE_URL } from '../config/config';
import { Clock } from '../common/clock';
import { InboxEventMessage } from './inbox-event';

export const EVENT_CHANNEL = 'esther_inbox_events';

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

const noop = () => undefined;

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
 * Carries inbox events between all running instances. Publish after the transaction that made
 * the change has committed; every instance (the publisher included) hears it and hands it to
 * its own subscribers, who filter by addressing and by the access rule. When the transport's
 * connection is lost the bus reconnects by itself, without limit; subscribers keep their sockets
 * (events published while the bus was away are not replayed).
 */
@Injectable()
export class EventBus implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('EventBus');
  private readonly local = new EventEmitter().setMaxListeners(0);
  private transport!: Transport;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    this.transport = this.config.redisUrl
      ? new RedisTransport(this.config.redisUrl, this.databaseUrl, this.log)
      : new PostgresTransport(this.databaseUrl, this.log);
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

  /** Never fails the caller's request: the change is committed; a lost notification is logged. */
  async publish(event: Omit<InboxEventMessage, 'id' | 'at'>): Promise<void> {
    const full: InboxEventMessage = { id: randomUUID(), at: this.clock.now().toISOString(), ...event };
    try {
      await this.transport.send(JSON.stringify(full));
    } catch (e) {
      this.log.error(`could not publish ${event.kind} event: ${(e as Error).message}`);
    }
  }

  /** Events as they arrive at this instance, until the returned function is called. */
  listen(onEvent: (e: InboxEventMessage) => void): () => void {
    this.local.on('event', onEvent);
    return () => this.local.off('event', onEvent);
  }
}
