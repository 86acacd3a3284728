import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { FragmentDefinitionNode, Kind, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import Redis from 'ioredis';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { ACCESS_REGISTRY, AccessRegistry } from '../access/access-registry';
import { rateLimited } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Actor } from '../common/actor';

const WINDOW_SECONDS = 60;

/** The root fields of an operation as executed: aliases counted, fragments followed. */
export function rootFields(operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>): string[] {
  const out: string[] = [];
  const walk = (set: SelectionSetNode, seen: Set<string>) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) out.push(s.name.value);
      else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet, seen);
      else if (!seen.has(s.name.value) && fragments[s.name.value]) walk(fragments[s.name.value].selectionSet, new Set([...seen, s.name.value]));
    }
  };
  walk(operation.selectionSet, new Set());
  return out;
}

/**
 * Request budgets per minute (rate-limiter-flexible): per client address before anything is
 * parsed, per actor for every operation, and per actor for the operations their policy marks
 * `expensive` (each root field charged, so aliases cannot multiply an export for free). With
 * REDIS_URL the budgets are shared by every instance; if Redis does not answer, each instance
 * falls back to its own memory budget rather than refusing or waving everything through.
 */
@Injectable()
export class RateLimits implements OnModuleDestroy {
  private readonly redis?: Redis;
  private readonly perAddress?: RateLimiterAbstract;
  private readonly perActor?: RateLimiterAbstract;
  private readonly expensive?: RateLimiterAbstract;
  private readonly expensiveOps: ReadonlySet<string>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ACCESS_REGISTRY) registry: AccessRegistry,
  ) {
    const { perAddress, perActor, expensivePerActor } = config.rateLimits;
    if (config.redisUrl && (perAddress || perActor || expensivePerActor)) {
      // No offline queue: a Redis that is away must fail fast so that the memory insurance answers.
      this.redis = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
      this.redis.on('error', () => undefined);
    }
    this.perAddress = this.limiter('address', perAddress);
    this.perActor = this.limiter('actor', perActor);
    this.expensive = this.limiter('expensive', expensivePerActor);
    this.expensiveOps = new Set([...registry.operations].filter(([, rule]) => rule.expensive).map(([name]) => name));
  }

  private limiter(name: string, points: number): RateLimiterAbstract | undefined {
    if (!points) return undefined;
    const opts = { points, duration: WINDOW_SECONDS, keyPrefix: `esther:rl:${name}` };
    if (!this.redis) return new RateLimiterMemory(opts);
    return new RateLimiterRedis({ ...opts, storeClient: this.redis, insuranceLimiter: new RateLimiterMemory(opts) });
  }

  /** Every request to /graphql, by client address (see TRUST_PROXY). */
  async chargeAddress(address: string): Promise<void> {
    await this.charge(this.perAddress, address, 1, `${this.config.rateLimits.perAddress} requests a minute from one address`);
  }

  /** One operation by an authenticated actor: one request, and each expensive root field. */
  async chargeActor(actor: Actor, fields: readonly string[]): Promise<void> {
    const key = actor.patient ? `patient:${actor.patient.signedInAs}` : `${actor.staffId}:${actor.organisationId}`;
    await this.charge(this.perActor, key, 1, `${this.config.rateLimits.perActor} requests a minute per user`);
    const costly = fields.filter((f) => this.expensiveOps.has(f)).length;
    if (costly)
      await this.charge(
        this.expensive,
        key,
        costly,
        `${this.config.rateLimits.expensivePerActor} exports, follow-up reports, log extracts and agenda suggestions a minute per user`,
      );
  }

  private async charge(limiter: RateLimiterAbstract | undefined, key: string, points: number, limit: string): Promise<void> {
    if (!limiter) return;
    try {
      await limiter.consume(key, points);
    } catch (e) {
      if (e instanceof RateLimiterRes) throw rateLimited(Math.max(1, Math.ceil(e.msBeforeNext / 1000)), limit);
      throw e;
    }
  }

  onModuleDestroy(): void {
    this.redis?.disconnect();
  }
}
