import { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FragmentDefinitionNode, Kind } from 'graphql';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { rootFields } from '../auth/rate-limits';
import { GqlContext } from '../common/graphql-context';
import { executedBy } from '../common/jit-executor';
import { INVALID_OPERATION, Metrics } from './metrics';

/** What is known of one HTTP request to /graphql by the time it is answered. */
interface RequestRecord {
  start: bigint;
  /** GraphQL saw the request (Apollo's requestDidStart ran). */
  graphql: boolean;
  operation?: string;
  type?: string;
  /** The `extensions.code` of each error in the answer (empty: no errors), once Apollo answered. */
  codes?: unknown[];
  /** The first error's code, read from an answer written outside Apollo's request pipeline. */
  answered?: unknown;
  done: boolean;
}

/** An answer body this small is read for its first error's code when GraphQL did not give it. */
const SNIFF_LIMIT = 16 * 1024;

function firstCode(chunk: unknown): unknown {
  if (typeof chunk !== 'string' && !Buffer.isBuffer(chunk)) return undefined;
  if (chunk.length > SNIFF_LIMIT) return undefined;
  try {
    const body = JSON.parse(chunk.toString()) as { errors?: Array<{ extensions?: { code?: unknown } }> };
    return body.errors?.[0]?.extensions?.code;
  } catch {
    return undefined;
  }
}

function isGraphqlPath(url: string | undefined): boolean {
  const path = (url ?? '').split('?', 1)[0];
  return path === '/graphql' || path === '/graphql/';
}

/**
 * Times every HTTP request to /graphql from its arrival (before the rate limit per address and
 * the body parser, so their refusals are counted too) to its answer, and records it when the
 * answer is sent: per operation when GraphQL ran (MetricsPlugin names the operation and its
 * errors), else as a refusal before GraphQL by status and code. Subscriptions (graphql-ws) are
 * not requests and are not counted here.
 */
@Injectable()
export class GraphqlRequestObserver implements OnModuleInit, OnModuleDestroy {
  private readonly records = new WeakMap<IncomingMessage, RequestRecord>();
  private server?: Server;

  constructor(
    private readonly metrics: Metrics,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    this.server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    // First among the listeners: Express answers some refusals synchronously.
    this.server?.prependListener('request', this.observe);
  }

  onModuleDestroy(): void {
    this.server?.off('request', this.observe);
  }

  /** The record of a request being answered (Express's request is Node's, with Express's prototype). */
  recordOf(req: IncomingMessage | undefined): RequestRecord | undefined {
    return req ? this.records.get(req) : undefined;
  }

  private readonly observe = (req: IncomingMessage, res: ServerResponse): void => {
    if (!isGraphqlPath(req.url)) return;
    const rec: RequestRecord = { start: process.hrtime.bigint(), graphql: false, done: false };
    this.records.set(req, rec);
    const end = res.end as (...args: unknown[]) => ServerResponse;
    res.end = ((...args: unknown[]) => {
      if (rec.codes === undefined && res.statusCode >= 400) rec.answered = firstCode(args[0]);
      return end.apply(res, args);
    }) as ServerResponse['end'];
    res.once('finish', () => this.record(rec, res, true));
    res.once('close', () => this.record(rec, res, false));
  };

  private record(rec: RequestRecord, res: ServerResponse, finished: boolean): void {
    if (rec.done) return;
    rec.done = true;
    const m = this.metrics;
    if (!rec.graphql) {
      // Refused before GraphQL ran (an answer below 400 here is not a GraphQL request: the IDE page, a CORS preflight).
      if (finished && res.statusCode >= 400) m.refusals.inc({ status: String(res.statusCode), code: m.codeLabel(rec.answered) });
      return;
    }
    const codes = rec.codes ?? (rec.answered !== undefined ? [rec.answered] : res.statusCode >= 400 ? ['UNKNOWN'] : []);
    const outcome = !finished && rec.codes === undefined ? 'aborted' : codes.length ? m.codeLabel(codes[0]) : 'ok';
    const labels = { operation: rec.operation ?? INVALID_OPERATION, type: rec.type ?? 'unknown' };
    m.requests.inc({ ...labels, outcome });
    m.duration.observe({ ...labels, outcome }, Number(process.hrtime.bigint() - rec.start) / 1e9);
    for (const code of codes) m.errors.inc({ ...labels, code: m.codeLabel(code) });
  }
}

/**
 * Names each GraphQL request's operation and collects the codes of its answer's errors (after
 * the error formatter: the contract's `extensions.code`) for GraphqlRequestObserver; counts each
 * execution by the executor that ran it (esther_graphql_executions_total).
 */
@Plugin()
export class MetricsPlugin implements ApolloServerPlugin<GqlContext> {
  constructor(
    private readonly observer: GraphqlRequestObserver,
    private readonly metrics: Metrics,
  ) {}

  async requestDidStart({ contextValue }: { contextValue: GqlContext }): Promise<GraphQLRequestListener<GqlContext> | void> {
    const rec = this.observer.recordOf(contextValue.req);
    if (!rec) return;
    rec.graphql = true;
    const metrics = this.metrics;
    return {
      async didResolveOperation({ operation, document }) {
        if (!operation) return;
        const fragments = Object.fromEntries(
          document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
        );
        rec.operation = metrics.operationLabel(operation.name?.value, operation.name ? [] : rootFields(operation, fragments));
        rec.type = operation.operation;
      },
      async executionDidStart({ contextValue: ctx }) {
        return {
          async executionDidEnd() {
            metrics.executions.inc({ executor: executedBy(ctx) });
          },
        };
      },
      async willSendResponse({ response }) {
        const errors = response.body.kind === 'single' ? response.body.singleResult.errors : response.body.initialResult.errors;
        rec.codes = (errors ?? []).map((e) => e.extensions?.code);
      },
    };
  }
}
