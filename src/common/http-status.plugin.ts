import { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from './errors';

/** The status of an answer whose document did not run (no `data`), by its first error's code. */
const REQUEST_STATUS: Record<string, number> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.INTERNAL]: 500,
};

function retryAfter(errors: readonly GraphQLFormattedError[], code: ErrorCode): string | undefined {
  const seconds = errors.find((e) => e.extensions?.code === code)?.extensions?.retryAfterSeconds;
  return typeof seconds === 'number' ? String(Math.max(1, Math.ceil(seconds))) : undefined;
}

/**
 * The HTTP status of every GraphQL answer, decided once from the error contract (the formatted
 * `extensions.code`), so that a refusal before execution is never a 500:
 * - SERVICE_UNAVAILABLE anywhere → 503 with Retry-After (the database is away: retry);
 * - RATE_LIMITED → 429 with Retry-After;
 * - a document that did not run (no `data`) → 401 / 403 / 400 by its code, 500 only for INTERNAL;
 * - a document that ran → 200, its field errors in `errors` (GraphQL over HTTP).
 */
@Plugin()
export class HttpStatusPlugin implements ApolloServerPlugin {
  async requestDidStart(): Promise<GraphQLRequestListener<Record<string, unknown>>> {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        const { errors, data } = response.body.singleResult;
        if (!errors?.length) return;
        const codes = new Set(errors.map((e) => e.extensions?.code));
        for (const [code, status] of [
          [ErrorCode.SERVICE_UNAVAILABLE, 503],
          [ErrorCode.RATE_LIMITED, 429],
        ] as const) {
          if (!codes.has(code)) continue;
          response.http.status = status;
          const after = retryAfter(errors, code);
          if (after) response.http.headers.set('retry-after', after);
          return;
        }
        if (data === undefined) {
          const first = errors[0].extensions?.code;
          response.http.status = (typeof first === 'string' && REQUEST_STATUS[first]) || 400;
        } else {
          response.http.status = 200;
        }
      },
    };
  }
}
