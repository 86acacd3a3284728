import { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { Inject } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';
import { GqlContext } from './graphql-context';
import { currentRequest } from './request-context';

/**
 * Outside production, reports how many SQL statements a request cost in
 * `extensions.sqlStatements`, so tests and benchmarks can prove lists are N+1 free.
 */
@Plugin()
export class SqlCountPlugin implements ApolloServerPlugin<GqlContext> {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async requestDidStart(): Promise<GraphQLRequestListener<GqlContext> | void> {
    if (!this.config.reportSqlCount) return;
    return {
      async willSendResponse({ response }) {
        const store = currentRequest();
        if (store && response.body.kind === 'single') {
          response.body.singleResult.extensions = { ...response.body.singleResult.extensions, sqlStatements: store.sqlCount };
        }
      },
    };
  }
}
