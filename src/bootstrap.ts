import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { NextFunction, Request, Response } from 'express';
import { Logger } from 'nestjs-pino';
import { useContainer } from 'class-validator';
import { DataSource } from 'typeorm';
import { CommonModule } from './common/common.module';
import { AppModule, AppOptions } from './app.module';
import { requestIdOf } from './common/logging';
import { bodyErrors, budgetGate } from './common/http-edge';
import { RateLimits } from './auth/rate-limits';
import { requestStorage } from './common/request-context';
import { AppConfig } from './config/config';
import { runMigrations } from './database/data-source';

/** Builds the application (shared by `npm start` and the tests), migrations applied. */
export async function createApp(config: AppConfig, databaseUrl: string, extra: Pick<AppOptions, 'logDestination'> = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config, databaseUrl, ...extra }), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  // Validation rules that need a service (the clock of DateWithin) get it from Nest.
  useContainer(app.select(CommonModule), { fallbackOnErrors: true });
  app.use((req: Request & { id?: string }, res: Response, next: NextFunction) => {
    const requestId = requestIdOf(req);
    req.id = requestId;
    res.setHeader('x-request-id', requestId);
    requestStorage.run({ requestId, sqlCount: 0 }, next);
  });
  app.set('trust proxy', config.trustProxy);
  const limits = app.get(RateLimits);
  app.use('/graphql', budgetGate((address) => limits.chargeAddress(address)));
  app.useBodyParser('json', { limit: config.requestBodyLimit });
  app.use(bodyErrors(config.requestBodyLimit));
  app.disable('x-powered-by');
  // No ETags: every answer is a POST for one actor (nothing to revalidate), and hashing each body cost CPU.
  app.set('etag', false);
  if (config.corsOrigins.length) app.enableCors({ origin: config.corsOrigins, credentials: false });
  app.enableShutdownHooks();
  const ds = app.get<DataSource>(getDataSourceToken());
  await runMigrations(ds);
  await app.init();
  return app;
}
