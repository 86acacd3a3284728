/**
 * OpenTelemetry tracing, off unless configured: with OTEL_EXPORTER_OTLP_ENDPOINT (or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or OTEL_TRACES_EXPORTER=otlp) the OpenTelemetry Node SDK
 * starts with an OTLP/HTTP trace exporter and the http, express, graphql and pg instrumentations.
 *
 * Instrumentation patches modules as they load, so main.ts imports this file before anything
 * else. Unconfigured it loads nothing of OpenTelemetry (the SDK is required only when it starts).
 */
import { loadTracingConfig } from '../config/config';

export interface Tracing {
  /** Exports the spans still buffered, then stops (on SIGTERM/SIGINT, after the application closed). */
  shutdown(): Promise<void>;
}

/** Starts the SDK when the environment configures it; undefined (nothing started) otherwise. */
export function startTracing(env: NodeJS.ProcessEnv = process.env): Tracing | undefined {
  const config = loadTracingConfig(env);
  // An invalid setting leaves tracing off here; loadConfig then stops the service naming it.
  if (!config?.enabled) return undefined;
  const sdk = require('./tracing-sdk') as typeof import('./tracing-sdk');
  return sdk.startSdk(config);
}

export const tracing = startTracing();
