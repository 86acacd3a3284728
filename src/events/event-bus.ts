import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig, DATABASE_URL } from '../config/config';
import { Clock } from '../common/clock';
import { InboxEventMessage } from './inbox-event';

export const EVENT_CHANNEL = 'esther_inbox_events';

interface Transport {
  start(onMessage: (raw: string) => void): Promise<void>;
  send(raw: string): Promise<void>;
  stop(): Promise<void>;
}

/** PostgreSQL LISTEN/NOTIFY: every instance on the same database hears every event. */
class PostgresTransport implements Transport {
  private listener?: Client;
  /**
   * Notifications go out through a pool of at most two connections: a single client would be
   * asked to run concurrent queries by concurrent publishes (which pg deprecates), and the pool
   * replaces a connection the server dropped instead of crashing on an unhandled 'error'.
   */
  private sender?: Pool;
  private stopped = false;
  constructor(
    private readonly url: string,
    private readonly log: Logger,
  ) {}

  async start(onMessage: (raw: string) => void): Promise<void> {
    const connect = async () => {
      const c = new Client({ connectionString: this.url, application_name: 'esther-events' });
      c.on('notification', (n) => n.channel === EVENT_CHANNEL && n.payload && onMessage(n.payload));
      c.on('error', (e) => {
        this.log.warn(`event listener lost its connection (${e.message}); reconnecting`);
        if (!this.stopped) setTimeout(() => void connect().catch(() => undefined), 1000);
      });
      await c.connect();
      await c.query(`LISTEN ${EVENT_CHANNEL}`);
      this.listener = c;
    };
    await connect();
    this.sender = new Pool({ connectionString: this.url, application_name: 'esther-events', max: 2, idleTimeoutMillis: 0 });
    this.sender.on('error', (e) => this.log.warn(`event sender lost an idle connection (${e.message}); the next event opens a new one`));
  }
  async send(raw: string): Promise<void> {
    await this.sender!.query('SELECT pg_notify($1, $2)', [EVENT_CHANNEL, raw]);
  }
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([this.listener?.end(), this.sender?.end()]);
  }
}

/** Redis pub/sub, when REDIS_URL is configured (e.g. a managed PostgreSQL that limits LISTEN). */
class RedisTransport implements Transport {
  private sub?: Redis;
  private pub?: Redis;
  /** Namespaced by database, so deployments (or test databases) sharing one Redis never hear each other. */
  private readonly channel: string;
  constructor(
    private readonly url: string,
    databaseUrl: string,
  ) {
    const u = new URL(databaseUrl);
    this.channel = `${EVENT_CHANNEL}:${u.host}${u.pathname}`;
  }
  async start(onMessage: (raw: string) => void): Promise<void> {
    this.sub = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 3 });
    this.pub = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 3 });
    await Promise.all([this.sub.connect(), this.pub.connect()]);
    this.sub.on('message', (channel: string, raw: string) => channel === this.channel && onMessage(raw));
    await this.sub.subscribe(this.channel);
  }
  async send(raw: string): Promise<void> {
    await this.pub!.publish(this.channel, raw);
  }
  async stop(): Promise<void> {
    await Promise.allSettled([this.sub?.quit(), this.pub?.quit()]);
  }
}

/**
 * Carries inbox events between all running instances. Publish after the transaction that made
 * the change has committed; every instance (the publisher included) hears it and hands it to
 * its own subscribers, who filter by addressing and by the access rule.
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
    this.transport = this.config.redisUrl ? new RedisTransport(this.config.redisUrl, this.databaseUrl) : new PostgresTransport(this.databaseUrl, this.log);
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

  /** Never fails the caller's request: the change is committed; a lost notification is logged. */
  async publish(event: Omit<InboxEventMessage, 'id' | 'at'>): Promise<void> {
    const full: InboxEventMessage = { id: randomUUID(), at: this.clock.now().toISOString(), ...event };
    try {
      await this.transport.send(JSON.stringify(full));
    } catch (e) {
      this.log.error(`could not publish ${event.kind} event: ${(e as Error).message}`);
    }
  }

  /** Events as they arrive at this instance, until `signal` aborts. */
  listen(onEvent: (e: InboxEventMessage) => void): () => void {
    this.local.on('event', onEvent);
    return () => this.local.off('event', onEvent);
  }
}
