import type { Request } from 'express';
import { Actor } from './actor';
import { unauthenticated } from './errors';
import { RequestLoaders } from './loaders';

export interface GqlContext {
  req?: Request;
  requestId: string;
  authorization?: string;
  /** The patient a representative acts for, by personnummer (header x-represented-patient); patients' sign-in only. */
  representing?: string;
  /** Set after the operation has passed validation and the token and assignment were checked. */
  actor?: Actor;
  loaders: RequestLoaders;
}

/**
 * The actor, in a field resolver. Field resolvers take `(parent, args, ctx)` without parameter
 * decorators so that @nestjs/graphql binds them directly (no pipes or context objects per call,
 * which a list of 50 rows multiplies by every field); the root field has already authenticated.
 */
export function actorOf(ctx: GqlContext): Actor {
  if (!ctx.actor) throw unauthenticated();
  return ctx.actor;
}
