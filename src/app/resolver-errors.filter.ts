import { ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { GqlArgumentsHost, GqlExceptionFilter } from '@nestjs/graphql';
import { NoResult } from '../access/operation.guard';
import { mapDatabaseError } from '../database/database-errors';

/** The path of a field named `name` in a resolver's arguments (`input.hsaId`), or `name` itself. */
export function locateField(args: unknown, name: string, path = ''): string | undefined {
  if (args === null || typeof args !== 'object') return undefined;
  for (const [k, v] of Object.entries(args)) {
    const here = path ? `${path}.${k}` : k;
    if (k === name) return here;
    const deeper = Array.isArray(v) ? undefined : locateField(v, name, here);
    if (deeper) return deeper;
  }
  return path ? undefined : name;
}

/**
 * What a resolver throws, on its way to the client:
 * - a refused search (NoResult) answers null, the same as a search that found nothing;
 * - a database error is explained once (src/database/database-errors.ts): a duplicate that raced
 *   past a check is CONFLICT naming the field, a lost database is SERVICE_UNAVAILABLE;
 * - anything else goes on to the error formatter unchanged (INTERNAL when unexpected).
 * Outside GraphQL (the health routes) Nest's own filter answers, in JSON.
 */
@Catch()
export class ResolverErrorFilter extends BaseExceptionFilter implements GqlExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): unknown {
    // HTTP routes (health) keep Nest's own JSON answers.
    if (host.getType<string>() !== 'graphql') return super.catch(exception, host);
    if (exception instanceof NoResult) return null;
    const args = GqlArgumentsHost.create(host).getArgs<Record<string, unknown>>();
    const mapped = mapDatabaseError(exception, (field) => locateField(args, field) ?? field);
    throw mapped ?? exception;
  }
}
