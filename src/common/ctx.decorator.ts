import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Actor } from './actor';
import { unauthenticated } from './errors';
import { GqlContext } from './graphql-context';

/** The acting staff member and assignment; resolvers pass it into every service call. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const gql = GqlExecutionContext.create(ctx).getContext<GqlContext>();
  if (!gql.actor) throw unauthenticated();
  return gql.actor;
});

export const Loaders = createParamDecorator((_: unknown, ctx: ExecutionContext) => GqlExecutionContext.create(ctx).getContext<GqlContext>().loaders);
