import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE, ModuleRef } from '@nestjs/core';
import { ResolverErrorFilter } from './app/resolver-errors.filter';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { LoggerModule, PinoLogger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { OperationGuard } from './access/operation.guard';
import { AccessModule } from './access/access.module';
import { AuditModule } from './audit/audit.module';
import { CommonModule } from './common/common.module';
import { PatientsModule } from './patients/patients.module';
import { CarePlansModule } from './care-plans/care-plans.module';
import { RoundsModule } from './rounds/rounds.module';
import { TasksModule } from './tasks/tasks.module';
import { DeteriorationPlansModule } from './deterioration-plans/deterioration-plans.module';
import { DischargesModule } from './discharges/discharges.module';
import { AuthModule } from './auth/auth.module';
import { APP_CONFIG, AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './app/data-source';
import { ReadDatabaseModule } from './app/read-database.module';
import { sendStatementsUnnamed } from './database/raw';
import { DataSource } from 'typeorm';
import { AppError, ErrorCode, formatError } from './common/errors';
import { DateTimeScalar } from './common/scalars';
import { describeRootTypes } from './common/schema-roots';
import { armorProtection } from './common/graphql-armor';
import { GqlContext } from './common/graphql-context';
import { Actor } from './common/actor';
import { RequestLoaders } from './common/loaders';
import { currentRequest } from './common/request-context';
import { SqlCountPlugin } from './common/sql-count.plugin';
import { HttpStatusPlugin } from './common/http-status.plugin';
import { IdempotencyPlugin } from './app/idempotency.plugin';
import { EstherApolloConfig, EstherApolloDriver } from './app/apollo-driver';
import { IdempotencyStore } from './database/idempotency';
import { mapDatabaseError } from './database/database-errors';
import { HealthModule } from './health/health.module';
import { ObservabilityModule } from './observability/observability.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { EventsModule } from './events/events.module';
import { FollowUpModule } from './follow-up/follow-up.module';
import { ExperienceModule } from './experience/experience.module';
import { LogReviewModule } from './log-review/log-review.module';
import { PatientViewModule } from './patient-view/patient-view.module';
import { ReserveModule } from './reserve/reserve.module';
import { PlanExportModule } from './plan-export/plan-export.module';
import { RegistryModule } from './app/registry';
import { ActorService } from './auth/actor.service';
import { ArgumentValidationPipe } from './common/validation';
import { pinoOptions } from './common/logging';

interface WsContext {
  connectionParams?: Record<string, unknown>;
  extra: { actor?: Actor; socket?: { close(code: number, reason: string): void } };
}

/** Refusals logged at warn (someone may be probing or flooding); the rest are everyday answers, at info. */
const SECURITY_RELEVANT = new Set<string>([ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN, ErrorCode.RATE_LIMITED, ErrorCode.SERVICE_UNAVAILABLE]);

/** Close codes of a refused subscription connection (graphql-ws uses 44xx/45xx for its own). */
export const WS_CLOSE = { UNAUTHENTICATED: 4401, FORBIDDEN: 4403, TRY_AGAIN_LATER: 1013, INTERNAL: 4500 } as const;

/** The close code and reason (at most 123 bytes, the WebSocket limit) for a failed sign-in. */
function wsRefusal(e: AppError | undefined): { code: number; reason: string } {
  const code = e?.extensions.code;
  const close =
    code === ErrorCode.UNAUTHENTICATED
      ? WS_CLOSE.UNAUTHENTICATED
      : code === ErrorCode.FORBIDDEN
        ? WS_CLOSE.FORBIDDEN
        : code === ErrorCode.SERVICE_UNAVAILABLE
          ? WS_CLOSE.TRY_AGAIN_LATER
          : WS_CLOSE.INTERNAL;
  const full = close === WS_CLOSE.INTERNAL ? 'Internal server error' : (e?.message ?? '');
  let reason = full;
  for (let n = full.length; Buffer.byteLength(reason) > 123; n--) reason = full.slice(0, n) + '…';
  return { code: close, reason };
}

function headerText(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function bearerFrom(params: Record<string, unknown> | undefined): string | undefined {
  const v = params?.authorization ?? params?.Authorization;
  return typeof v === 'string' ? v : undefined;
}

export interface AppOptions {
  config: AppConfig;
  databaseUrl: string;
  /** Where logs go (stdout when not given; tests read them). */
  logDestination?: DestinationStream;
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, logDestination }: AppOptions): DynamicModule {
    const armor = armorProtection(config.isProduction);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forConfig(config, databaseUrl),
        LoggerModule.forRoot(pinoOptions(config, logDestination)),
        TypeOrmModule.forRootAsync({
          inject: [PinoLogger],
          useFactory: (log: PinoLogger) => {
            log.setContext('sql');
            return dataSourceOptions(databaseUrl, { error: (o, m) => log.error(o, m), warn: (o, m) => log.warn(o, m), info: (o, m) => log.info(o, m) });
          },
          // Behind a transaction pooler, the prepared statements go unnamed (src/database/raw.ts).
          dataSourceFactory: async (options) => {
            const ds = new DataSource(options!);
            if (config.databasePooler === 'transaction') sendStatementsUnnamed(ds);
            return ds.initialize();
          },
        }),
        ReadDatabaseModule.forRoot(),
        GraphQLModule.forRootAsync<EstherApolloConfig>({
          driver: EstherApolloDriver,
          inject: [ModuleRef, PinoLogger, APP_CONFIG, ActorService],
          useFactory: (moduleRef: ModuleRef, log: PinoLogger, cfg: AppConfig, actors: ActorService): EstherApolloConfig => ({
            path: '/graphql',
            // Compiled (graphql-jit) or interpreted (graphql-js) execution: see src/app/apollo-driver.ts.
            executor: cfg.graphqlExecutor,
            autoSchemaFile: true,
            // Strict RFC 3339 for every Date field and argument (the built-in scalar accepted 2026-02-30).
            buildSchemaOptions: { scalarsMap: [{ type: Date, scalar: DateTimeScalar }] },
            // Query, Mutation and Subscription get their descriptions here: the builder takes none for them.
            transformSchema: describeRootTypes,
            sortSchema: true,
            introspection: !cfg.isProduction,
            playground: false,
            // Apollo's CJS and ESM builds are both loaded (our CJS code, Nest's ESM); plugins are duck-typed.
            // Cache control is off: nothing here is cacheable by HTTP caches (patient data, per actor),
            // and its per-field hook made Apollo wrap every resolver (a 50-patient caseload resolves
            // ~1,000 fields).
            plugins: [
              ApolloServerPluginCacheControlDisabled(),
              ...armor.plugins,
              ...(cfg.isProduction ? [] : [ApolloServerPluginLandingPageLocalDefault({ embed: true })]),
            ] as unknown as EstherApolloConfig['plugins'],
            validationRules: armor.validationRules,
            allowBatchedHttpRequests: false,
            // Answers as compact JSON: Apollo's default indents every answer (a 50-patient caseload
            // grew by a third, stringified and written for nobody to read).
            stringifyResult: (value) => JSON.stringify(value),
            // The status of every answer is decided by HttpStatusPlugin (503 must survive execution).
            preserveHttpStatusForExecutionErrors: false,
            includeStacktraceInErrorResponses: false,
            csrfPrevention: true,
            subscriptions: {
              'graphql-ws': {
                // Subscriptions authenticate once, on connect, with the same bearer token.
                // A refusal closes the socket with a code a client can act on, and the reason:
                // 4401 sign in again (missing, bad or expired token), 4403 not allowed,
                // 1013 try again later (the database is away), 4500 a fault of ours.
                onConnect: async (raw: unknown) => {
                  const ctx = raw as WsContext;
                  const requestId = randomUUID();
                  try {
                    ctx.extra.actor = await actors.authenticate(bearerFrom(ctx.connectionParams), requestId);
                    return true;
                  } catch (e) {
                    const { code, reason } = wsRefusal(mapDatabaseError(e));
                    if (code === WS_CLOSE.INTERNAL) log.error({ err: e }, 'subscription sign-in failed');
                    ctx.extra.socket?.close(code, reason);
                    return false;
                  }
                },
              },
            },
            context: (arg: { req?: Request } & Partial<WsContext>): GqlContext => {
              if (arg.extra) {
                return { requestId: arg.extra.actor?.requestId ?? randomUUID(), actor: arg.extra.actor, loaders: new RequestLoaders(moduleRef) };
              }
              return {
                req: arg.req,
                requestId: currentRequest()?.requestId ?? randomUUID(),
                authorization: arg.req?.headers.authorization,
                representing: headerText(arg.req?.headers['x-represented-patient']),
                loaders: new RequestLoaders(moduleRef),
              };
            },
            formatError: (formatted, error) =>
              formatError(
                formatted,
                error,
                (e) =>
                  log.error(
                    {
                      err:
                        e instanceof Error
                          ? { type: e.name, message: cfg.isProduction ? undefined : e.message, stack: cfg.isProduction ? undefined : e.stack }
                          : String(e),
                    },
                    'internal error',
                  ),
                (e) => mapDatabaseError(e),
                (code, path) => (SECURITY_RELEVANT.has(code) ? log.warn({ code, path }, 'refused') : log.info({ code, path }, 'refused')),
              ),
          }),
        }),
        CommonModule,
        RegistryModule,
        AuditModule,
        AccessModule,
        AuthModule,
        HealthModule,
        ObservabilityModule.forConfig(config),
        OrganisationsModule,
        PatientsModule,
        EventsModule,
        CarePlansModule,
        DeteriorationPlansModule,
        DischargesModule,
        TasksModule,
        RoundsModule,
        FollowUpModule,
        ExperienceModule,
        LogReviewModule,
        ReserveModule,
        PlanExportModule,
        PatientViewModule,
      ],
      providers: [
        SqlCountPlugin,
        HttpStatusPlugin,
        IdempotencyPlugin,
        IdempotencyStore,
        { provide: APP_GUARD, useClass: OperationGuard },
        { provide: APP_FILTER, useClass: ResolverErrorFilter },
        { provide: APP_PIPE, useClass: ArgumentValidationPipe },
      ],
    };
  }
}
