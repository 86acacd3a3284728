import type { NextFunction, Request, Response } from 'express';
import { AppError, ErrorCode } from './errors';

/** Answers in the error contract (`errors[].extensions.code`) from outside GraphQL, with its status. */
export function sendContractError(res: Response, status: number, code: ErrorCode, message: string, extra: Record<string, unknown> = {}): void {
  res
    .status(status)
    .type('application/json')
    .send(JSON.stringify({ errors: [{ message, extensions: { code, ...extra } }] }));
}

/**
 * What the HTTP body parser refuses, in the error contract instead of Express's HTML page:
 * too large → 413, not JSON or cut off → 400, an encoding it cannot read → 415.
 */
export function bodyErrors(limit: string) {
  return (err: unknown, _req: Request, res: Response, next: NextFunction): void => {
    const type = (err as { type?: string }).type;
    if (res.headersSent || typeof type !== 'string') return next(err);
    if (type === 'entity.too.large') return sendContractError(res, 413, ErrorCode.BAD_USER_INPUT, `The request body is larger than the ${limit} allowed`);
    if (type === 'entity.parse.failed') return sendContractError(res, 400, ErrorCode.BAD_USER_INPUT, 'The request body is not valid JSON');
    if (type === 'encoding.unsupported' || type === 'charset.unsupported')
      return sendContractError(res, 415, ErrorCode.BAD_USER_INPUT, 'The request body must be JSON in UTF-8');
    const status = (err as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500)
      return sendContractError(res, status, ErrorCode.BAD_USER_INPUT, 'The request body could not be read');
    next(err);
  };
}

/** A request budget charged before the body is read; RATE_LIMITED answers 429 with Retry-After. */
export function budgetGate(charge: (address: string) => Promise<void>) {
  return (req: Request, res: Response, next: NextFunction): void => {
    charge(req.ip ?? req.socket.remoteAddress ?? 'unknown').then(
      () => next(),
      (e: unknown) => {
        if (e instanceof AppError && e.extensions.code === ErrorCode.RATE_LIMITED) {
          const { retryAfterSeconds, limit } = e.extensions as { retryAfterSeconds: number; limit: string };
          res.setHeader('retry-after', String(retryAfterSeconds));
          return sendContractError(res, 429, ErrorCode.RATE_LIMITED, e.message, { retryAfterSeconds, limit });
        }
        next(e);
      },
    );
  };
}
