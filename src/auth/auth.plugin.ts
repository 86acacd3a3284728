import { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { GqlContext } from '../common/graphql-context';
import { Kind } from 'graphql';
import { ActorService } from './actor.service';
import { RateLimits, rootFields } from './rate-limits';

/**
 * Authenticates, and charges the actor's request budgets (rate-limits.ts), after the document has been parsed and validated (so a query refused by the
 * limits costs no SQL) and before anything executes, introspection included.
 */
@Plugin()
export class AuthPlugin implements ApolloServerPlugin<GqlContext> {
  constructor(
    private readonly actors: ActorService,
    private readonly limits: RateLimits,
  ) {}

  async requestDidStart(): Promise<GraphQLRequestListener<GqlContext>> {
    const { actors, limits } = this;
    return {
      async didResolveOperation({ contextValue, operation, document }) {
        const actor = await actors.authenticate(contextValue.authorization, contextValue.requestId, contextValue.representing);
        // The actor's budgets are charged before anything runs (a refused request costs no SQL).
        const fragments = Object.fromEntries(document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
        await limits.chargeActor(actor, operation ? rootFields(operation, fragments) : []);
        contextValue.actor = actor;
      },
    };
  }
}
