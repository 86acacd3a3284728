import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import { AppConfig } from '../config/config';

const REQUEST_ID_RE = /^[A-Za-z0-9._-]{8,64}$/;

export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID_RE.test(given) ? given : randomUUID();
}

/**
 * JSON logs with a request id. Request bodies (which hold personnummer, names and free text) are
 * never logged; credentials are redacted.
 */
export function pinoOptions(config: AppConfig, destination?: DestinationStream): Params {
  const options: Options = {
    level: config.logLevel,
    genReqId: (req) => (req as IncomingMessage & { id?: string }).id ?? requestIdOf(req),
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.personnummer', '*.name', '*.address', '*.phone'],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    // Health checks and Prometheus scrapes come every few seconds: not logged.
    autoLogging: { ignore: (req) => /^\/(health|metrics)(\/|\?|$)/.test(req.url ?? '') },
    quietReqLogger: true,
  };
  // Tests hand in a destination to read what was logged; the service logs to stdout.
  return { pinoHttp: destination ? [options, destination] : options };
}
