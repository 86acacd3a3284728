import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module, ValidationPipe } from '@nestjs/common';
import { APP_GUARD, APP_PIPE, ModuleRef } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { LoggerModule, PinoLogger } from 'nestjs-pino';
import { OperationGuard } from './access/operation.guard';
import { AccessModule } from './access/access.module';
import { AuditModule } from './audit/audit.module';
import { CommonModule } from './common/common.module';
import { PatientsModule } from './patients/patients.module';
import { AuthModule } from './auth/auth.module';
import { CarePlansModule } from './care-plans/care-plans.module';
import { APP_CONFIG, AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source';
import { badInput, formatError } from './common/errors';
import { armorProtection } from './common/graphql-armor';
import { GqlContext } from './common/graphql-context';
import { RequestLoaders } from './common/loaders';
import { currentRequest } from './common/request-context';
import { SqlCountPlugin } from './common/sql-count.plugin';
import { HealthModule } from './health/health.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { validationErrorsToFields } from './common/validation';
import { pinoOptions } from './common/logging';

export interface AppOptions {
  config: AppConfig;
  databaseUrl: string;
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl }: AppOptions): DynamicModule {
    const armor = armorProtection(config.isProduction);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forConfig(config),
        LoggerModule.forRoot(pinoOptions(config)),
        TypeOrmModule.forRootAsync({
          inject: [PinoLogger],
          useFactory: (log: PinoLogger) => {
            log.setContext('sql');
            return dataSourceOptions(databaseUrl, { error: (o, m) => log.error(o, m), warn: (o, m) => log.warn(o, m) });
          },
        }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [ModuleRef, PinoLogger, APP_CONFIG],
          useFactory: (moduleRef: ModuleRef, log: PinoLogger, cfg: AppConfig): ApolloDriverConfig => ({
            path: '/graphql',
            autoSchemaFile: true,
            sortSchema: true,
            introspection: !cfg.isProduction,
            playground: false,
            // Apollo's CJS and ESM builds are both loaded (our CJS code, Nest's ESM); plugins are duck-typed.
            plugins: [...armor.plugins, ...(cfg.isProduction ? [] : [ApolloServerPluginLandingPageLocalDefault({ embed: true })])] as unknown as ApolloDriverConfig['plugins'],
            validationRules: armor.validationRules,
            allowBatchedHttpRequests: false,
            includeStacktraceInErrorResponses: false,
            csrfPrevention: true,
            context: ({ req }: { req: Request }): GqlContext => ({
              req,
              requestId: currentRequest()?.requestId ?? randomUUID(),
              authorization: req.headers.authorization,
              loaders: new RequestLoaders(moduleRef),
            }),
            formatError: (formatted, error) =>
              formatError(formatted, error, (e) => log.error({ err: e instanceof Error ? { type: e.name, message: cfg.isProduction ? undefined : e.message, stack: cfg.isProduction ? undefined : e.stack } : String(e) }, 'internal error')),
          }),
        }),
        CommonModule,
        AuditModule,
        AccessModule,
        AuthModule,
        HealthModule,
        OrganisationsModule,
        PatientsModule,
        CarePlansModule,
      ],
      providers: [
        SqlCountPlugin,
        { provide: APP_GUARD, useClass: OperationGuard },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({
            transform: true,
            whitelist: true,
            forbidUnknownValues: false,
            stopAtFirstError: false,
            exceptionFactory: (errors) => badInput(validationErrorsToFields(errors)),
          }),
        },
      ],
    };
  }
}
