import { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { GqlContext } from '../common/graphql-context';
import { ActorService } from './actor.service';

/**
 * Authenticates after the document has been parsed and validated (so a query refused by the
 * limits costs no SQL) and before anything executes, introspection included.
 */
@Plugin()
export class AuthPlugin implements ApolloServerPlugin<GqlContext> {
  constructor(private readonly actors: ActorService) {}

  async requestDidStart(): Promise<GraphQLRequestListener<GqlContext>> {
    const actors = this.actors;
    return {
      async didResolveOperation({ contextValue }) {
        contextValue.actor = await actors.authenticate(contextValue.authorization, contextValue.requestId);
      },
    };
  }
}
