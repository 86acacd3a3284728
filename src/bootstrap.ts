import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';
import { Logger } from 'nestjs-pino';
import { useContainer } from 'class-validator';
import { DataSource } from 'typeorm';
import { CommonModule } from './common/common.module';
import { AppModule, AppOptions } from './app.module';
import { requestIdOf } from './common/logging';
import { bodyErrors, budgetGate } from './common/http-edge';
import { RateLimits } from './auth/rate-limits';
import { requestStorage } from './common/request-context';
import { validatorContainer } from './common/validation';
import { AppConfig } from './config/config';
import { createDataSource, runMigrations } from './app/data-source';

/** Builds the application (shared by `npm start` and the tests), migrations applied. */
export async function createApp(config: AppConfig, databaseUrl: string, extra: Pick<AppOptions, 'logDestination'> = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config, databaseUrl, ...extra }), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  // Validation rules that need a service (the clock of DateWithin) get it from Nest.
  useContainer(validatorContainer(app.select(CommonModule)), { fallback: true, fallbackOnErrors: true });
  const inFlight = new InFlight();
  inFlightOf.set(app, inFlight);
  app.use((req: Request & { id?: string }, res: Response, next: NextFunction) => {
    inFlight.started(res);
    const requestId = requestIdOf(req);
    req.id = requestId;
    res.setHeader('x-request-id', requestId);
    requestStorage.run({ requestId, sqlCount: 0, response: res }, next);
  });
  app.set('trust proxy', config.trustProxy);
  const limits = app.get(RateLimits);
  app.use(
    '/graphql',
    budgetGate((address) => limits.chargeAddress(address)),
  );
  app.useBodyParser('json', { limit: config.requestBodyLimit });
  app.use(bodyErrors(config.requestBodyLimit));
  app.disable('x-powered-by');
  // No ETags: every answer is a POST for one actor (nothing to revalidate), and hashing each body cost CPU.
  app.set('etag', false);
  if (config.corsOrigins.length) app.enableCors({ origin: config.corsOrigins, credentials: false });
  const ds = app.get<DataSource>(getDataSourceToken());
  const direct = config.databaseDirectUrl;
  if (direct && direct !== databaseUrl) {
    // Through a pooler, the migrations still run on the primary itself (a session of their own).
    const migrator = createDataSource(direct, undefined, 1, 'esther-migrate');
    await migrator.initialize();
    try {
      await runMigrations(migrator);
    } finally {
      await migrator.destroy();
    }
  } else {
    await runMigrations(ds);
  }
  await app.init();
  return app;
}

/** HTTP requests being answered, so a shutdown can wait for them. */
class InFlight {
  private count = 0;
  private waiters: Array<() => void> = [];

  started(res: Response): void {
    this.count++;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      if (--this.count === 0) this.waiters.splice(0).forEach((w) => w());
    };
    res.once('finish', finish);
    res.once('close', finish);
  }

  get size(): number {
    return this.count;
  }

  /** Resolves when no request is in flight, or after `ms` (then false). */
  drained(ms: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

const inFlightOf = new WeakMap<INestApplication, InFlight>();

export interface ShutdownOptions {
  /** The longest in-flight requests get to finish before their connections are cut. */
  drainMs: number;
  /** Runs last, after the application has closed (e.g. stop the embedded PostgreSQL). */
  afterClose?: () => Promise<void>;
  log?: (msg: string) => void;
}

/**
 * A clean stop: stop accepting connections, let the requests in flight finish (within `drainMs`),
 * then close the application (live-inbox sockets closed with 1001 going away, the event bus and
 * the database pool stopped), and only then `afterClose` (the embedded database). Closing the
 * application first used to stop the database under requests still running (INTERNAL).
 */
export async function shutdownGracefully(app: INestApplication, opts: ShutdownOptions): Promise<void> {
  const server = app.getHttpServer() as Server;
  const inFlight = inFlightOf.get(app);
  server.close();
  server.closeIdleConnections();
  opts.log?.(`shutting down: ${inFlight?.size ?? 0} request(s) in flight`);
  const drained = inFlight ? await inFlight.drained(opts.drainMs) : true;
  if (!drained) opts.log?.(`shutting down: requests still running after ${opts.drainMs} ms are cut off`);
  server.closeAllConnections();
  await app.close();
  await opts.afterClose?.();
}
