import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ErrorCode } from '../common/errors';
import { EventBus, EventBusStatus } from '../events/event-bus';

/** The `operation` label of a document whose operation was never resolved (not parsed, not valid, an unknown operation name). */
export const INVALID_OPERATION = '(invalid)';
/** The `operation` label once MAX_OPERATION_LABELS names are in use (operation names are chosen by clients). */
export const OTHER_OPERATION = '(other)';
/** Distinct `operation` label values this process keeps; the rest are counted under OTHER_OPERATION. */
export const MAX_OPERATION_LABELS = 200;
/** Seconds: an API answering in milliseconds to seconds (the slowest are exports and reports). */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;
const CODES = new Set<string>(Object.values(ErrorCode));
const BUS_STATES: EventBusStatus[] = ['connecting', 'connected', 'reconnecting', 'stopped'];

/**
 * The service's Prometheus registry (one per application, so that tests running several apps in
 * one process keep their counts apart) with the per-operation figures, the event bus's state and
 * Node's default process metrics. The database pool registers its gauges here (pool.metrics.ts).
 * No label ever holds request data: operations are named by their operation name or root fields
 * (a bounded set), outcomes by the error contract's codes.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();

  readonly requests = new Counter({
    name: 'esther_graphql_requests_total',
    help: 'GraphQL requests answered, by operation (name, or root fields when anonymous), operation type and outcome (the first error code, or ok)',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly duration = new Histogram({
    name: 'esther_graphql_request_duration_seconds',
    help: 'Time from a GraphQL request arriving to its answer sent, by operation, operation type and outcome',
    labelNames: ['operation', 'type', 'outcome'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

  readonly errors = new Counter({
    name: 'esther_graphql_errors_total',
    help: 'Errors in GraphQL answers, each counted, by operation, operation type and extensions.code',
    labelNames: ['operation', 'type', 'code'] as const,
    registers: [this.registry],
  });

  readonly refusals = new Counter({
    name: 'esther_graphql_http_refusals_total',
    help: 'Requests to /graphql refused before GraphQL ran (rate limit per address, body too large or not JSON, not a GraphQL request), by HTTP status and code',
    labelNames: ['status', 'code'] as const,
    registers: [this.registry],
  });

  readonly executions = new Counter({
    name: 'esther_graphql_executions_total',
    help: 'GraphQL operations executed over HTTP, by executor: jit (compiled once per document, GRAPHQL_EXECUTOR=jit) or graphql-js (GRAPHQL_EXECUTOR=standard, or an operation the compiler does not take)',
    labelNames: ['executor'] as const,
    registers: [this.registry],
  });

  constructor(bus: EventBus) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'esther_event_bus_connected',
      help: "1 while the live inbox's event bus has its connection, else 0 (connecting, reconnecting, stopped)",
      labelNames: ['transport'] as const,
      registers: [this.registry],
      collect() {
        const s = bus.connectionState();
        this.reset();
        this.set({ transport: s.transport }, s.status === 'connected' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'esther_event_bus_state',
      help: "The event bus's state: 1 for the current one",
      labelNames: ['transport', 'state'] as const,
      registers: [this.registry],
      collect() {
        const s = bus.connectionState();
        this.reset();
        for (const state of BUS_STATES) this.set({ transport: s.transport, state }, s.status === state ? 1 : 0);
      },
    });
    let outagesSeen = 0;
    new Counter({
      name: 'esther_event_bus_outages_total',
      help: 'Connections the event bus lost since the service started',
      labelNames: ['transport'] as const,
      registers: [this.registry],
      collect() {
        const s = bus.connectionState();
        this.inc({ transport: s.transport }, Math.max(0, s.outages - outagesSeen));
        outagesSeen = Math.max(outagesSeen, s.outages);
      },
    });
  }

  /**
   * The `operation` label: the operation name, or its root fields (sorted, joined by `+`) when
   * anonymous. Names are the client's choice, so the set is bounded (MAX_OPERATION_LABELS);
   * anything unlike a GraphQL name, or beyond the bound, is OTHER_OPERATION.
   */
  operationLabel(name: string | undefined, rootFields: string[]): string {
    const label = name ?? [...new Set(rootFields)].sort().join('+');
    if (!label) return INVALID_OPERATION;
    if (this.operations.has(label)) return label;
    const valid = label.split('+').every((part) => OPERATION_NAME.test(part)) && label.length <= 200;
    if (!valid || this.operations.size >= MAX_OPERATION_LABELS) return OTHER_OPERATION;
    this.operations.add(label);
    return label;
  }

  /** An `extensions.code` as a label value: one of the error contract's codes, else UNKNOWN. */
  codeLabel(code: unknown): string {
    return typeof code === 'string' && CODES.has(code) ? code : 'UNKNOWN';
  }
}
