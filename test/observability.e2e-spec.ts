import { transformFile } from '@swc/core';
import { trace } from '@opentelemetry/api';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pinoOptions } from '../src/common/logging';
import { ConfigError, loadConfig, loadTracingConfig } from '../src/config/config';
import type { EventBus } from '../src/events/event-bus';
import { DURATION_BUCKETS, INVALID_OPERATION, MAX_OPERATION_LABELS, Metrics, OTHER_OPERATION } from '../src/observability/metrics';
import { startTracing } from '../src/observability/tracing';
import { startTestApp, TestApp } from './helpers/test-app';

/**
 * Operations: GET /metrics (Prometheus) after real GraphQL requests, its token and its switch,
 * and OpenTelemetry traces arriving at a collector played by this test, from the service started
 * as `npm start` starts it (main.ts in a child process: instrumentation must load first).
 */

// ---- the Prometheus text format ------------------------------------------------------------------

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseMetrics(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[k] = v.replace(/\\(.)/g, '$1');
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
}

/** The value of the one sample of `name` whose labels are exactly `labels` (undefined: none). */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples.filter(
    (s) => s.name === name && Object.keys(s.labels).length === Object.keys(labels).length && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  if (found.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} matches ${found.length} samples`);
  return found[0]?.value;
}

async function scrape(app: TestApp, headers: Record<string, string> = {}) {
  const res = await fetch(`${app.url}/metrics`, { headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, samples: () => parseMetrics(text) };
}

async function post(app: TestApp, body: string, token?: string) {
  const res = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  return { status: res.status, body: (await res.json()) as { errors?: Array<{ extensions: { code: string } }> } };
}

// ---- /metrics ------------------------------------------------------------------------------------

describe('GET /metrics after real requests', () => {
  let t: TestApp;
  let anna: string;
  const missing = randomUUID();
  const badPnr = '19410708699X';

  beforeAll(async () => {
    t = await startTestApp();
    anna = await t.token('annaNurse');
    const ME = `query Me { me { role } }`;
    expect((await t.gql(ME, {}, anna)).errors).toBeUndefined();
    expect((await t.gql(ME, {}, anna)).errors).toBeUndefined();
    // The same named operation, refused: no token.
    expect((await t.gql(ME)).status).toBe(401);
    // A field error of a document that ran (200), and two in one answer.
    expect((await t.gql(`query Missing($id: ID!) { patient(id: $id) { id } }`, { id: missing }, anna)).errors?.[0].extensions.code).toBe('NOT_FOUND');
    const two = await t.gql(
      `query Two { a: activeDeteriorationPlan(patientId: "${randomUUID()}") { id } b: activeDeteriorationPlan(patientId: "${randomUUID()}") { id } }`,
      {},
      anna,
    );
    expect(two.errors?.map((e) => e.extensions.code)).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    // Anonymous: named by its root fields (aliases do not count), sorted.
    expect((await t.gql(`{ me { role } }`, {}, anna)).errors).toBeUndefined();
    expect((await t.gql(`{ y: me { role } x: me { organisation { name } } }`, {}, anna)).errors).toBeUndefined();
    // A mutation whose variable is refused before it runs (the value must not reach a label).
    const reg = await t.gql(
      `mutation Reg($i: RegisterPatientInput!) { registerPatient(input: $i) { patientId } }`,
      { i: { personnummer: badPnr, purpose: 'ENROLLMENT', givenName: 'A', familyName: 'B' } },
      anna,
    );
    expect(reg.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    // A document that does not parse, and a body that is not JSON (refused before GraphQL).
    expect((await post(t, JSON.stringify({ query: '{ me { role' }), anna)).status).toBe(400);
    const notJson = await post(t, '{"query": ', anna);
    expect(notJson.status).toBe(400);
    expect(notJson.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('needs no token and answers in the Prometheus text format', async () => {
    const res = await scrape(t);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(() => res.samples()).not.toThrow();
  });

  it('counts requests per operation, operation type and outcome (the first error code, or ok)', async () => {
    const s = (await scrape(t)).samples();
    const requests = (operation: string, type: string, outcome: string) => value(s, 'esther_graphql_requests_total', { operation, type, outcome });
    expect(requests('Me', 'query', 'ok')).toBe(2);
    expect(requests('Me', 'query', 'UNAUTHENTICATED')).toBe(1);
    expect(requests('Missing', 'query', 'NOT_FOUND')).toBe(1);
    expect(requests('Two', 'query', 'NOT_FOUND')).toBe(1);
    expect(requests('me', 'query', 'ok')).toBe(2);
    expect(requests('Reg', 'mutation', 'BAD_USER_INPUT')).toBe(1);
    expect(requests(INVALID_OPERATION, 'unknown', 'BAD_USER_INPUT')).toBe(1);
    // Nothing else was counted (the body that was not JSON never reached GraphQL).
    const all = s.filter((x) => x.name === 'esther_graphql_requests_total');
    expect(all.reduce((n, x) => n + x.value, 0)).toBe(9);
  });

  it('counts every error of an answer by its code', async () => {
    const s = (await scrape(t)).samples();
    expect(value(s, 'esther_graphql_errors_total', { operation: 'Two', type: 'query', code: 'NOT_FOUND' })).toBe(2);
    expect(value(s, 'esther_graphql_errors_total', { operation: 'Missing', type: 'query', code: 'NOT_FOUND' })).toBe(1);
    expect(value(s, 'esther_graphql_errors_total', { operation: 'Me', type: 'query', code: 'UNAUTHENTICATED' })).toBe(1);
    expect(value(s, 'esther_graphql_errors_total', { operation: 'Me', type: 'query', code: 'NOT_FOUND' })).toBeUndefined();
  });

  it('counts a refusal before GraphQL ran by status and code', async () => {
    const s = (await scrape(t)).samples();
    expect(value(s, 'esther_graphql_http_refusals_total', { status: '400', code: 'BAD_USER_INPUT' })).toBe(1);
    expect(s.filter((x) => x.name === 'esther_graphql_http_refusals_total')).toHaveLength(1);
  });

  it('has a duration histogram per operation with its buckets', async () => {
    const s = (await scrape(t)).samples();
    const labels = { operation: 'Me', type: 'query', outcome: 'ok' };
    const buckets = s.filter((x) => x.name === 'esther_graphql_request_duration_seconds_bucket' && x.labels.operation === 'Me' && x.labels.outcome === 'ok');
    expect(buckets.map((b) => b.labels.le)).toEqual([...DURATION_BUCKETS.map(String), '+Inf']);
    const counts = buckets.map((b) => b.value);
    expect(counts).toEqual([...counts].sort((a, b) => a - b)); // cumulative
    expect(counts.at(-1)).toBe(2);
    expect(value(s, 'esther_graphql_request_duration_seconds_count', labels)).toBe(2);
    expect(value(s, 'esther_graphql_request_duration_seconds_sum', labels)).toBeGreaterThan(0);
  });

  it('carries no request data: no document, no variable, no id', async () => {
    const { text } = await scrape(t);
    for (const leak of ['{ me', 'role', missing, badPnr, 'RegisterPatientInput', anna]) expect(text).not.toContain(leak);
  });

  it('shows the database pool: clients, idle, waiting, size', async () => {
    // A connection held open is a client in use.
    const held = t.ds.createQueryRunner();
    await held.connect();
    try {
      const s = (await scrape(t)).samples();
      const clients = value(s, 'esther_db_pool_clients')!;
      const idle = value(s, 'esther_db_pool_idle_clients')!;
      expect(clients).toBeGreaterThanOrEqual(1);
      expect(clients - idle).toBeGreaterThanOrEqual(1);
      expect(value(s, 'esther_db_pool_waiting_requests')).toBe(0);
      expect(value(s, 'esther_db_pool_max_clients')).toBe(20);
    } finally {
      await held.release();
    }
  });

  it("shows the event bus's connection state", async () => {
    const s = (await scrape(t)).samples();
    expect(value(s, 'esther_event_bus_connected', { transport: 'postgres' })).toBe(1);
    expect(value(s, 'esther_event_bus_state', { transport: 'postgres', state: 'connected' })).toBe(1);
    expect(value(s, 'esther_event_bus_state', { transport: 'postgres', state: 'reconnecting' })).toBe(0);
    expect(value(s, 'esther_event_bus_outages_total', { transport: 'postgres' })).toBe(0);
  });

  it("has Node's default process metrics", async () => {
    const s = (await scrape(t)).samples();
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_seconds']) {
      expect(
        s.some((x) => x.name === name),
        name,
      ).toBe(true);
    }
  });
});

describe('METRICS_TOKEN, and /metrics beside the rate limits', () => {
  const TOKEN = `scrape-${randomBytes(12).toString('hex')}`;
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN: TOKEN, RATE_LIMIT_IP_PER_MINUTE: '2' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 401 in the error contract without the token or with another, 200 with it', async () => {
    for (const headers of <Array<Record<string, string>>>[
      {},
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: TOKEN },
      { authorization: await t.token('annaNurse') },
    ]) {
      const res = await scrape(t, headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(JSON.parse(res.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(res.text).not.toContain('esther_');
    }
    const ok = await scrape(t, { authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('esther_graphql_requests_total');
  });

  it('is not charged to the rate limit per address, which counts its refusals', async () => {
    const anna = await t.token('annaNurse');
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await t.gql(`query Me { me { role } }`, {}, anna)).status);
    expect(statuses).toEqual([200, 200, 429]);
    for (let i = 0; i < 4; i++) expect((await scrape(t, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    const s = (await scrape(t, { authorization: `Bearer ${TOKEN}` })).samples();
    expect(value(s, 'esther_graphql_http_refusals_total', { status: '429', code: 'RATE_LIMITED' })).toBe(1);
    expect(value(s, 'esther_graphql_requests_total', { operation: 'Me', type: 'query', outcome: 'ok' })).toBe(2);
    // The health checks stay open.
    expect((await fetch(`${t.url}/health/live`)).status).toBe(200);
  });
});

describe('METRICS_ENABLED=false', () => {
  it('has no /metrics (404), and GraphQL works as before', async () => {
    const t = await startTestApp({ METRICS_ENABLED: 'false' });
    try {
      expect((await scrape(t)).status).toBe(404);
      expect((await t.gql(`query Me { me { role } }`, {}, await t.token('annaNurse'))).errors).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});

describe('the settings', () => {
  it('refuses a bad METRICS_* or OTEL_* value naming the variable', () => {
    const bad: Array<[Record<string, string>, string]> = [
      [{ METRICS_ENABLED: 'yes' }, 'METRICS_ENABLED'],
      [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN'],
      [{ METRICS_TOKEN: 'has a space in it, sixteen+' }, 'METRICS_TOKEN'],
      [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
      [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://collector/v1/traces' }, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'],
      [{ OTEL_TRACES_EXPORTER: 'zipkin' }, 'OTEL_TRACES_EXPORTER'],
    ];
    for (const [env, name] of bad) {
      expect(() => loadConfig({ NODE_ENV: 'test', ...env }), name).toThrow(ConfigError);
      expect(() => loadConfig({ NODE_ENV: 'test', ...env }), name).toThrow(new RegExp(`${name}: `));
    }
    const c = loadConfig({ NODE_ENV: 'test' });
    expect(c.metrics).toEqual({ enabled: true, token: undefined });
    expect(c.tracing).toEqual({ enabled: false, serviceName: 'esther' });
  });

  it('turns tracing on with an OTLP endpoint or OTEL_TRACES_EXPORTER=otlp, and off with none or OTEL_SDK_DISABLED', () => {
    const on = (env: Record<string, string>) => loadTracingConfig(env)?.enabled;
    expect(on({})).toBe(false);
    expect(on({ OTEL_SERVICE_NAME: 'x' })).toBe(false);
    expect(on({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).toBe(true);
    expect(on({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://collector/v1/traces' })).toBe(true);
    expect(on({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe(true);
    expect(on({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
    expect(on({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'true' })).toBe(false);
    // Invalid: tracing stays off (and loadConfig stops the service).
    expect(loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'nonsense' })).toBeUndefined();
    expect(loadTracingConfig({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_SERVICE_NAME: 'esther-region-f' })?.serviceName).toBe('esther-region-f');
  });

  it('does not log scrapes, as it does not log health checks', () => {
    // (Read from the options: nestjs-pino keeps one request logger per process, the first app's.)
    const { autoLogging } = pinoOptions(loadConfig({ NODE_ENV: 'test' })).pinoHttp as { autoLogging: { ignore: (req: { url: string }) => boolean } };
    for (const url of ['/metrics', '/metrics?x=1', '/health/ready', '/health']) expect(autoLogging.ignore({ url }), url).toBe(true);
    for (const url of ['/graphql', '/metricsx', '/graphql?query=%7Bme%7D']) expect(autoLogging.ignore({ url }), url).toBe(false);
  });

  it('keeps the operation label bounded: at most MAX_OPERATION_LABELS names, the rest under (other)', () => {
    const m = new Metrics({ connectionState: () => ({ transport: 'postgres', status: 'connected', since: new Date(), outages: 0 }) } as unknown as EventBus);
    expect(m.operationLabel(undefined, ['patient', 'me', 'patient'])).toBe('me+patient');
    expect(m.operationLabel(undefined, [])).toBe(INVALID_OPERATION);
    for (let i = 1; m.operationLabel(`Op${i}`, []) !== OTHER_OPERATION; i++) expect(i).toBeLessThan(MAX_OPERATION_LABELS);
    expect(m.operationLabel('Op1', [])).toBe('Op1');
    expect(m.operationLabel('NewOne', [])).toBe(OTHER_OPERATION);
    expect(m.codeLabel('NOT_FOUND')).toBe('NOT_FOUND');
    expect(m.codeLabel('GRAPHQL_PARSE_FAILED')).toBe('UNKNOWN');
  });
});

// ---- traces --------------------------------------------------------------------------------------

interface OtlpSpan {
  traceId: string;
  spanId: string;
  name: string;
  kind: number;
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
  events?: Array<{ name: string; attributes?: Array<{ key: string }> }>;
  status?: { code?: number; message?: string };
  scope: string;
  service?: unknown;
}

const SERVER = 2;
const attr = (s: OtlpSpan, key: string) => {
  const v = s.attributes.find((a) => a.key === key)?.value;
  return v && Object.values(v)[0];
};

/** An OTLP/HTTP collector on a free local port: keeps every POST /v1/traces (JSON) it receives. */
async function startCollector() {
  const bodies: string[] = [];
  const other: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') bodies.push(body);
      else other.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const spans = (): OtlpSpan[] =>
    bodies.flatMap((b) =>
      (JSON.parse(b) as { resourceSpans: any[] }).resourceSpans.flatMap((rs) =>
        rs.scopeSpans.flatMap((ss: any) =>
          ss.spans.map((s: any) => ({
            ...s,
            scope: ss.scope.name,
            service: rs.resource.attributes.find((a: any) => a.key === 'service.name')?.value.stringValue,
          })),
        ),
      ),
    );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, other, spans, close: () => new Promise((r) => server.close(r)) };
}

/**
 * The service as `npm start` runs it, in a child process: src/ and migrations/ compiled to
 * CommonJS with SWC (the compiler the tests use), into a folder under node_modules/.cache so that
 * packages resolve. main.ts, imported first thing, starts tracing or not.
 */
async function compileService(): Promise<string> {
  const root = path.resolve(__dirname, '..');
  const out = path.join(root, 'node_modules', '.cache', `esther-observability-${process.pid}-${randomBytes(4).toString('hex')}`);
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts') && !p.endsWith('.spec.ts')) files.push(p);
    }
  };
  walk(path.join(root, 'src'));
  walk(path.join(root, 'migrations'));
  await Promise.all(
    files.map(async (f) => {
      const { code } = await transformFile(f, {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
        sourceMaps: false,
        swcrc: false,
      });
      const dest = path.join(out, path.relative(root, f)).replace(/\.ts$/, '.js');
      await fs.promises.mkdir(path.dirname(dest), { recursive: true });
      await fs.promises.writeFile(dest, code);
    }),
  );
  // Loaded before main.js: reports at exit whether the OpenTelemetry SDK was loaded and http patched.
  await fs.promises.writeFile(
    path.join(out, 'probe.js'),
    `process.on('exit', () => {
      const sdk = Object.keys(require.cache).some((k) => k.includes('/@opentelemetry/sdk-node/'));
      const httpPatched = typeof require('http').Server.prototype.emit.__original === 'function';
      process.stdout.write('\\nPROBE ' + JSON.stringify({ sdk, httpPatched }) + '\\n');
    });\n`,
  );
  return out;
}

interface Service {
  url: string;
  stop(): Promise<{ code: number | null; probe: { sdk: boolean; httpPatched: boolean }; output: string }>;
}

/** Services still running when the file ends (a failed test) are killed by afterAll. */
const running = new Set<ChildProcess>();

async function startService(out: string, env: Record<string, string>): Promise<Service> {
  const child: ChildProcess = spawn(process.execPath, ['--require', path.join(out, 'probe.js'), path.join(out, 'src', 'main.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      PORT: '0',
      DEMO_DATA: 'false',
      LOG_LEVEL: 'info',
      RATE_LIMIT_IP_PER_MINUTE: '0',
      RATE_LIMIT_PER_MINUTE: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  running.add(child);
  const exited = new Promise<number | null>((r) =>
    child.once('exit', (code) => {
      running.delete(child);
      r(code);
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const m = /listening: GraphQL at (http:\/\/[^\s"]+)\/graphql/.exec(output);
      if (m) resolve(m[1].replace('localhost', '127.0.0.1'));
    };
    child.stdout!.on('data', check);
    void exited.then((code) => reject(new Error(`the service exited (${code}) before listening:\n${output}`)));
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      const probe = /PROBE (\{.*\})/.exec(output);
      if (!probe) throw new Error(`no probe line:\n${output}`);
      return { code, probe: JSON.parse(probe[1]), output };
    },
  };
}

/** A valid personnummer (check digit computed) for a fictional person born on `yyyymmdd`. */
function personnummer(yyyymmdd: string, serial: string): string {
  const digits = (yyyymmdd.slice(2) + serial).split('').map(Number);
  const sum = digits.reduce((s, d, i) => {
    const x = i % 2 === 0 ? d * 2 : d;
    return s + (x > 9 ? x - 9 : x);
  }, 0);
  return `${yyyymmdd}${serial}${(10 - (sum % 10)) % 10}`;
}

describe('OpenTelemetry traces', () => {
  let t: TestApp;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let out: string;
  beforeAll(async () => {
    [t, collector, out] = await Promise.all([startTestApp(), startCollector(), compileService()]);
  });
  afterAll(async () => {
    for (const child of running) child.kill('SIGKILL');
    await collector?.close();
    if (out) await fs.promises.rm(out, { recursive: true, force: true });
    await t?.close();
  });

  it('starts nothing in this process without the OTEL_* settings', () => {
    expect(startTracing({})).toBeUndefined();
    expect(startTracing({ OTEL_SERVICE_NAME: 'esther', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_TRACES_EXPORTER: 'none' })).toBeUndefined();
    const cache = createRequire(__filename).cache;
    expect(Object.keys(cache).filter((k) => k.includes('/@opentelemetry/sdk-node/'))).toEqual([]);
    // No tracer provider is registered: spans are the API's no-op ones.
    expect(trace.getTracer('probe').startSpan('probe').isRecording()).toBe(false);
  });

  it('sends the spans of a GraphQL request (http, express, graphql, pg) to the OTLP endpoint, without values', async () => {
    const anna = await t.token('annaNurse');
    // Personal data in variables, in literals, and in a literal that fails validation.
    const secrets = {
      pnr: personnummer('19370412', '238'),
      pnr2: personnummer('19380519', '457'),
      given: `Spårbar${randomBytes(3).toString('hex')}`,
      family: `Hemlig${randomBytes(3).toString('hex')}`,
      address: `Tystgatan ${randomBytes(3).toString('hex')}`,
      // Sent unquoted where a string belongs: graphql-js's validation message quotes it.
      pnr3: personnummer('19390623', '916'),
    };
    const service = await startService(out, {
      DATABASE_URL: t.dbUrl,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_SERVICE_NAME: 'esther-traced',
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    const requests = async () => {
      const gql = async (body: Record<string, unknown>) => {
        const r = await fetch(`${service.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${anna}` },
          body: JSON.stringify(body),
        });
        return { status: r.status, body: (await r.json()) as { errors?: unknown[] } };
      };
      const reg = await gql({
        query: `mutation Reg($i: RegisterPatientInput!) { registerPatient(input: $i) { patientId } }`,
        variables: { i: { personnummer: secrets.pnr, purpose: 'ENROLLMENT', givenName: secrets.given, familyName: secrets.family, address: secrets.address } },
      });
      expect(reg.body.errors).toBeUndefined();
      const literal = await gql({
        query: `mutation { registerPatient(input: { personnummer: "${secrets.pnr2}", purpose: ENROLLMENT, givenName: "${secrets.given}", familyName: "${secrets.family}" }) { patientId } }`,
      });
      expect(literal.body.errors).toBeUndefined();
      const invalid = await gql({
        query: `mutation { registerPatient(input: { personnummer: "${secrets.pnr}", purpose: ENROLLMENT, givenName: ${secrets.pnr3}, familyName: "y" }) { patientId } }`,
      });
      expect(invalid.status).toBe(400);
      // A GET with the document and variables in the query string.
      const get = await fetch(`${service.url}/graphql?query=${encodeURIComponent(`{ me { role } }`)}&variables=${encodeURIComponent('{}')}`, {
        headers: { authorization: `Bearer ${anna}`, 'apollo-require-preflight': 'true' },
      });
      expect(get.status, await get.text()).toBe(200);
      expect((await fetch(`${service.url}/health/live`)).status).toBe(200);
      expect((await fetch(`${service.url}/metrics`)).status).toBe(200);
    };
    // SIGTERM (whatever happened): the service stops cleanly and flushes the spans still buffered.
    const done = await requests().then(
      () => undefined,
      (e: unknown) => e,
    );
    const { code, probe, output } = await service.stop();
    if (done) throw done;
    expect(code, output).toBe(0);
    expect(probe).toEqual({ sdk: true, httpPatched: true });

    const spans = collector.spans();
    expect(collector.other).toEqual([]);
    expect(new Set(spans.map((s) => s.service))).toEqual(new Set(['esther-traced']));
    // The registration's trace: the HTTP server span, express, the GraphQL operation and the INSERT.
    const operation = spans.find((s) => s.name === 'mutation Reg');
    expect(operation, spans.map((s) => s.name).join(', ')).toBeDefined();
    expect(attr(operation!, 'graphql.operation.name')).toBe('Reg');
    const inTrace = spans.filter((s) => s.traceId === operation!.traceId);
    const server = inTrace.find((s) => s.kind === SERVER);
    expect(server && [attr(server, 'http.request.method'), attr(server, 'url.path'), attr(server, 'http.response.status_code')]).toEqual([
      'POST',
      '/graphql',
      200,
    ]);
    expect(inTrace.some((s) => s.scope === '@opentelemetry/instrumentation-express')).toBe(true);
    const insert = inTrace.find((s) => /^INSERT INTO "patient"\(/.test(String(attr(s, 'db.query.text'))));
    expect(insert, inTrace.map((s) => s.name).join(', ')).toBeDefined();
    expect(attr(insert!, 'db.query.text')).toMatch(/VALUES \(\$1, \$2/);
    expect(spans.some((s) => s.attributes.some((a) => a.key.startsWith('db.query.parameter') || a.key === 'db.postgresql.values'))).toBe(false);
    // The literal document is recorded with its values as "*".
    const literalOp = spans.find((s) => s.kind !== SERVER && s.name === 'mutation' && String(attr(s, 'graphql.source')).includes('registerPatient'));
    expect(attr(literalOp!, 'graphql.source')).toMatch(/personnummer: "\*"/);
    // The GET's query string keeps its names only.
    const getSpan = spans.find((s) => s.kind === SERVER && attr(s, 'http.request.method') === 'GET');
    expect(attr(getSpan!, 'url.query')).toBe('query=REDACTED&variables=REDACTED');
    // Health checks and scrapes are not traced.
    expect(spans.filter((s) => /^\/(health|metrics)/.test(String(attr(s, 'url.path'))))).toEqual([]);
    // Exceptions keep their type only; statuses their code only.
    const events = spans.flatMap((s) => s.events ?? []);
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(e.attributes?.map((a) => a.key) ?? []).toEqual(e.attributes?.length ? ['exception.type'] : []);
    expect(spans.filter((s) => s.status?.message)).toEqual([]);
    // Nothing sent carries the personal data, the free text or the token.
    const sent = collector.bodies.join('\n');
    for (const [what, v] of Object.entries({ ...secrets, pnrDashed: `${secrets.pnr.slice(0, 8)}-${secrets.pnr.slice(8)}`, token: anna })) {
      expect(sent.includes(v), `${what} was sent`).toBe(false);
    }
  });

  it('starts nothing when not configured: no SDK loaded, nothing patched, nothing sent', async () => {
    const before = collector.spans().length;
    // OTEL_TRACES_EXPORTER=none turns it off even with an endpoint; without any OTEL_* setting it is off too.
    for (const env of <Array<Record<string, string>>>[{ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_TRACES_EXPORTER: 'none' }, {}]) {
      const service = await startService(out, { DATABASE_URL: t.dbUrl, ...env });
      const answered = fetch(`${service.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await t.token('annaNurse')}` },
        body: JSON.stringify({ query: `query Me { me { role } }` }),
      }).then((r) => r.status);
      const status = await answered.catch((e: Error) => e.message);
      const { code, probe, output } = await service.stop();
      expect(status).toBe(200);
      expect(code, output).toBe(0);
      expect(probe).toEqual({ sdk: false, httpPatched: false });
    }
    expect(
      collector
        .spans()
        .slice(before)
        .map((s) => `${s.service}: ${s.name}`),
    ).toEqual([]);
  });
});
