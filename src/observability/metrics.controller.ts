import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ErrorCode } from '../common/errors';
import { sendContractError } from '../common/http-edge';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Metrics } from './metrics';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Does `Authorization: Bearer <token>` name the token (compared in constant time)? */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return !!m && timingSafeEqual(digest(m[1]), digest(token));
}

/**
 * GET /metrics, beside /health: Prometheus's text format. It carries no patient data and needs
 * no user's token; with METRICS_TOKEN set, a scraper must send `Authorization: Bearer <token>`
 * (else 401 in the error contract). Not behind the rate limits (they guard /graphql).
 */
@Controller()
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('metrics')
  async scrape(@Req() req: Request, @Res() res: Response): Promise<void> {
    const token = this.config.metrics.token;
    if (token && !bearerMatches(req.headers.authorization, token)) {
      res.setHeader('www-authenticate', 'Bearer realm="metrics"');
      return sendContractError(res, 401, ErrorCode.UNAUTHENTICATED, '/metrics requires Authorization: Bearer <METRICS_TOKEN>');
    }
    const body = await this.metrics.registry.metrics();
    res.status(200).setHeader('content-type', this.metrics.registry.contentType);
    res.setHeader('cache-control', 'no-store');
    res.send(body);
  }
}
