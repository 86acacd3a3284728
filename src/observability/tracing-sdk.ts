import { DiagConsoleLogger, DiagLogLevel, diag } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK, NodeSDKConfiguration } from '@opentelemetry/sdk-node';
import type { IncomingMessage } from 'node:http';
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { TracingConfig } from '../config/config';
import type { Tracing } from './tracing';

type SpanExporter = NodeSDKConfiguration['traceExporter'];
type ReadableSpan = Parameters<SpanExporter['export']>[0][number];

/**
 * What leaves the process carries no patient data. The instrumentations are told not to record
 * values (GraphQL variables and literals, SQL parameters, URL query values); besides, error
 * messages can quote what was sent (a GraphQL validation or coercion error names the value), so
 * every span leaves with its status code but without a status message, and its exception events
 * with the exception's type only. The message is in the log, with the request id.
 */
export function scrubSpan(span: ReadableSpan): ReadableSpan {
  return Object.create(span, {
    status: { value: { code: span.status.code } },
    events: {
      value: span.events.map((e) => {
        const type = e.attributes?.['exception.type'];
        return { name: e.name, time: e.time, attributes: type === undefined ? {} : { 'exception.type': type }, droppedAttributesCount: 0 };
      }),
    },
  }) as ReadableSpan;
}

class ScrubbingExporter implements SpanExporter {
  constructor(private readonly inner: SpanExporter) {}

  export(spans: ReadableSpan[], done: Parameters<SpanExporter['export']>[1]): void {
    this.inner.export(spans.map(scrubSpan), done);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/** A query string's names with every value redacted (GET /graphql?query=…&variables=… would carry the document and its variables). */
function redactedQuery(req: IncomingMessage): Record<string, string> {
  const at = req.url?.indexOf('?') ?? -1;
  if (at < 0) return {};
  const names = [...new URLSearchParams(req.url!.slice(at + 1)).keys()];
  return { 'url.query': names.map((n) => `${encodeURIComponent(n)}=REDACTED`).join('&') };
}

const UNTRACED_PATHS = /^\/(health|metrics)(\/|\?|$)/;

export function startSdk(config: TracingConfig): Tracing {
  // Export failures and instrumentation warnings go to stderr (OTEL_LOG_LEVEL, read by the SDK, overrides).
  if (!process.env.OTEL_LOG_LEVEL) diag.setLogger(new DiagConsoleLogger(), DiagLogLevel.WARN);
  // Express is imported by NestJS's ESM code, which require() hooks do not see: the ESM loader
  // hook lets its instrumentation patch it too (only express is intercepted).
  register('@opentelemetry/instrumentation/hook.mjs', pathToFileURL(__filename), { data: { include: ['express'] } });
  const sdk = new NodeSDK({
    serviceName: config.serviceName,
    // Traces only: no OTLP metrics or logs (metrics are Prometheus's, at /metrics; logs go to stdout).
    metricReaders: [],
    logRecordProcessors: [],
    // The endpoint and headers come from OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT / _HEADERS.
    traceExporter: new ScrubbingExporter(new OTLPTraceExporter()),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.test(req.url ?? ''),
        startIncomingSpanHook: redactedQuery,
        // Headers (the bearer token among them) are never recorded: no headersToSpanAttributes.
      }),
      new ExpressInstrumentation(),
      // allowValues false: literals in the document are recorded as `*`, and variables not at all.
      new GraphQLInstrumentation({ allowValues: false, ignoreTrivialResolveSpans: true, mergeItems: true }),
      // The statement with its placeholders ($1), never the parameter values; no spans outside a request.
      new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true, addSqlCommenterCommentToQueries: false }),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
