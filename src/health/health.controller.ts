import { Controller, Get, HttpException, Injectable, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { EventBus } from '../events/event-bus';
import { ReplicaStatus } from '../database/read-database';

/**
 * The live inbox's event bus, as a readiness indicator. While the bus is reconnecting it reports
 * `degraded`, never `down`: in @nestjs/terminus 12 a degraded indicator does not fail the check
 * (the overall status becomes "degraded" and the answer stays 200), while a down one answers 503.
 * A load balancer must keep routing to an instance whose bus is away: queries and mutations work,
 * only the live inbox is quiet until the bus is back (events published meanwhile are not replayed;
 * clients catch up by querying), and every instance shares the one database, so a 503 would take
 * all of them out at once. The body shows the outage: `events: { status: "degraded", state:
 * "reconnecting", since, outages }`. The cause is logged (once per outage), not shown here: this
 * endpoint needs no token.
 */
@Injectable()
export class EventBusHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly bus: EventBus,
  ) {}

  check() {
    const s = this.bus.connectionState();
    const indicator = this.indicators.check('events');
    const data = { transport: s.transport, state: s.status, since: s.since.toISOString(), outages: s.outages };
    if (s.status === 'connected') return indicator.up(data);
    return indicator.degraded({ ...data, message: `live inbox events are not delivered while the event bus is ${s.status}` });
  }
}

/**
 * The read replica (DATABASE_READ_URL), when there is one: `up` with its lag in seconds; `degraded`
 * (never `down`) when it does not answer or is not a standby, for the reason the event bus is: the
 * instance still answers everything but the follow-up and log review reads, and every instance
 * shares the one replica, so a 503 would take all of them out at once. Without a replica: `up`,
 * `replica: false` (those reads go to the primary).
 */
@Injectable()
export class ReplicaHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly read: ReplicaStatus,
  ) {}

  async check() {
    const indicator = this.indicators.check('readReplica');
    if (!this.read.replica) return indicator.up({ replica: false });
    try {
      const lag = (await Promise.race([this.read.lag(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref())]))!;
      if (!lag.inRecovery) return indicator.degraded({ replica: true, inRecovery: false, message: 'DATABASE_READ_URL names a server that is not a standby' });
      return indicator.up({ replica: true, inRecovery: true, lagSeconds: lag.lagSeconds });
    } catch {
      return indicator.degraded({ replica: true, message: 'the read replica does not answer: follow-up and log review reads fail meanwhile' });
    }
  }
}

/**
 * Liveness (the process answers) and readiness (the database answers; the event bus is reported
 * but, being degraded rather than down while it reconnects, does not fail readiness). No token needed.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly events: EventBusHealthIndicator,
    private readonly replica: ReplicaHealthIndicator,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /**
   * 200 when the database answers (status "ok", or "degraded" while the event bus reconnects),
   * 503 when it does not. Either way the body is terminus's JSON result: the 503 is answered
   * here rather than thrown, because the application's catch-all exception filter rethrows
   * errors outside GraphQL and Express would answer them with an HTML error page.
   */
  @Get('ready')
  @HealthCheck()
  async ready(@Res({ passthrough: true }) res: Response) {
    try {
      return await this.health.check([() => this.db.pingCheck('database', { timeout: 2000 }), () => this.events.check(), () => this.replica.check()]);
    } catch (e) {
      if (!(e instanceof HttpException)) throw e;
      res.status(e.getStatus());
      return e.getResponse();
    }
  }
}
