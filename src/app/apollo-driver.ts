import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Injectable } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { GraphQLSchema, printSchema } from 'graphql';
import { JitExecutor } from '../common/jit-executor';

type Gateway = ApolloServerOptionsWithGateway<Record<string, unknown>>['gateway'];

/** The Apollo driver's options, plus which executor runs operations (AppConfig.graphqlExecutor). */
export type EstherApolloConfig = ApolloDriverConfig & { executor: 'jit' | 'standard' };

/**
 * Hands a JitExecutor to Apollo Server through its one seam for another executor: the gateway
 * interface (a gateway gives Apollo the schema and the function that executes a resolved
 * operation). Apollo keeps everything before and after execution as with its own executor:
 * parsing, validation, plugins (executionDidStart/End, didEncounterErrors, willSendResponse),
 * error formatting and HTTP statuses. Subscriptions (graphql-ws) keep graphql-js.
 */
export function jitGateway(executor: JitExecutor): Gateway {
  let listener: ((s: { apiSchema: GraphQLSchema; coreSupergraphSdl: string }) => void) | undefined;
  return {
    onSchemaLoadOrUpdate(callback) {
      listener = callback;
      return () => (listener = undefined);
    },
    async load() {
      // Apollo takes the schema from this call, as from a gateway that fetched it.
      listener?.({ apiSchema: executor.schema, coreSupergraphSdl: printSchema(executor.schema) });
      return {
        executor: (rc) =>
          executor.execute({
            document: rc.document,
            operation: rc.operation,
            queryHash: rc.queryHash,
            operationName: rc.request.operationName,
            variables: rc.request.variables,
            contextValue: rc.context,
          }),
      };
    },
    async stop() {},
  };
}

/** The Apollo driver with GRAPHQL_EXECUTOR's choice: `jit` runs operations on a JitExecutor over the built schema. */
@Injectable()
export class EstherApolloDriver extends ApolloDriver {
  constructor(modulesContainer: ModulesContainer) {
    super(modulesContainer);
  }

  override async start(options: EstherApolloConfig): Promise<void> {
    const { executor, ...rest } = options;
    const apollo: ApolloDriverConfig & { gateway?: Gateway } = rest;
    if (executor === 'jit') apollo.gateway = jitGateway(new JitExecutor(options.schema!));
    await super.start(apollo);
  }
}
