import { context as otelContext, Span, trace } from '@opentelemetry/api';
import {
  DocumentNode,
  execute,
  ExecutionResult,
  FragmentDefinitionNode,
  getVariableValues,
  GraphQLError,
  GraphQLScalarType,
  GraphQLSchema,
  Kind,
  NamedTypeNode,
  OperationDefinitionNode,
  SelectionSetNode,
  Token,
  TokenKind,
  TypeNode,
} from 'graphql';
import { CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';

/** Which executor ran an operation: the compiled one, or graphql-js's interpreter. */
export type ExecutedBy = 'jit' | 'graphql-js';

/** Set on the request's context by JitExecutor; absent when graphql-js ran the operation through Apollo itself. */
const EXECUTED_BY = Symbol('esther.executedBy');

/** Which executor answered the request whose GraphQL context this is (after execution). */
export function executedBy(contextValue: object): ExecutedBy {
  return (contextValue as { [EXECUTED_BY]?: ExecutedBy })[EXECUTED_BY] ?? 'graphql-js';
}

/** Distinct (document, operation name) pairs kept compiled; the least recently used is dropped first. */
export const JIT_CACHE_SIZE = 1000;

/** What the executor needs of one request (Apollo's request context as its gateway interface gives it). */
export interface JitRequest {
  document: DocumentNode;
  /** The operation Apollo resolved from the document and the operation name; undefined when none was. */
  operation?: OperationDefinitionNode;
  /** Apollo's hash of the query text (the same document text, the same hash). */
  queryHash: string;
  operationName?: string | null;
  variables?: Record<string, unknown>;
  contextValue: object;
}

const tracer = trace.getTracer('esther-graphql-jit');
const REDACTED = new Set<string>([TokenKind.STRING, TokenKind.BLOCK_STRING, TokenKind.INT, TokenKind.FLOAT]);

/** The document's text with every literal value written `*` (and comments dropped): no values leave in a span. */
function redactedSource(document: DocumentNode): string | undefined {
  const loc = document.loc;
  if (!loc) return undefined;
  const body = loc.source.body;
  let out = '';
  let at = loc.start;
  for (let t: Token | null = loc.startToken; t; t = t.next) {
    if (t.kind === TokenKind.COMMENT || REDACTED.has(t.kind)) {
      out += body.slice(at, t.start) + (t.kind === TokenKind.COMMENT ? '' : t.kind === TokenKind.INT || t.kind === TokenKind.FLOAT ? '*' : '"*"');
      at = t.end;
    }
  }
  return (out + body.slice(at, loc.end)).trim();
}

/**
 * Runs validated operations with graphql-jit: each distinct document and operation name is
 * compiled once into a JavaScript function (kept in an LRU of JIT_CACHE_SIZE), and every request
 * for it runs that function with the request's context and variables. Apollo still parses,
 * validates (graphql-armor's limits among the rules), formats errors and calls every plugin; the
 * resolvers, guards, interceptors and pipes are the same functions.
 *
 * Answers are graphql-js's:
 * - variables are coerced by graphql-js, so a bad variable is refused with graphql-js's own message
 *   (the error contract names the field from it), and the compiled function gets the values
 *   graphql-js coerced (see compile());
 * - errors are graphql-js GraphQLErrors (asGraphqlJsError), so Apollo and formatError read them alike;
 * - an introspection query, a document graphql-jit cannot compile, a subscription sent over HTTP,
 *   or an operation Apollo could not resolve runs on graphql-js (counted under `graphql-js`).
 *
 * OpenTelemetry: the GraphQL instrumentation traces graphql-js's `execute`, which this does not
 * call; each operation gets its span here instead, named and attributed as the instrumentation
 * names its (`<type> <name>`, graphql.operation.type/name, graphql.source with values as `*`),
 * without the per-field resolve spans.
 */
export class JitExecutor {
  private readonly compiled = new Map<string, CompiledQuery | null>();

  /** The schema with COERCED added, what operations are compiled against (the same types and resolvers). */
  private readonly compiling: GraphQLSchema;

  constructor(
    readonly schema: GraphQLSchema,
    private readonly maxEntries = JIT_CACHE_SIZE,
  ) {
    const config = schema.toConfig();
    this.compiling = new GraphQLSchema({ ...config, types: [...config.types, COERCED] });
  }

  /** Compiled entries held now (for tests). */
  get size(): number {
    return this.compiled.size;
  }

  async execute(req: JitRequest): Promise<ExecutionResult> {
    const { operation } = req;
    if (!operation || operation.operation === 'subscription') return this.interpret(req);
    const span = tracer.startSpan('graphql.execute');
    if (span.isRecording()) describeSpan(span, operation, req.document);
    try {
      return await otelContext.with(trace.setSpan(otelContext.active(), span), () => this.run(req, operation));
    } catch (e) {
      span.recordException(e as Error);
      throw e;
    } finally {
      span.end();
    }
  }

  private async run(req: JitRequest, operation: OperationDefinitionNode): Promise<ExecutionResult> {
    (req.contextValue as { [EXECUTED_BY]?: ExecutedBy })[EXECUTED_BY] = 'jit';
    const coerced = getVariableValues(this.schema, operation.variableDefinitions ?? [], req.variables ?? {}, { maxErrors: 50 });
    if (coerced.errors) return { errors: coerced.errors };
    const query = this.compiledFor(req, operation);
    if (!query) return this.interpret(req);
    const result = (await query.query(undefined, req.contextValue, coerced.coerced)) as ExecutionResult;
    return result.errors ? { ...result, errors: result.errors.map(asGraphqlJsError) } : result;
  }

  /** graphql-js, as Apollo runs it without this executor. */
  private async interpret(req: JitRequest): Promise<ExecutionResult> {
    (req.contextValue as { [EXECUTED_BY]?: ExecutedBy })[EXECUTED_BY] = 'graphql-js';
    return execute({
      schema: this.schema,
      document: req.document,
      contextValue: req.contextValue,
      variableValues: req.variables,
      operationName: req.operationName,
    });
  }

  private compiledFor(req: JitRequest, operation: OperationDefinitionNode): CompiledQuery | null {
    const key = `${req.queryHash}\u0000${req.operationName ?? ''}`;
    const hit = this.compiled.get(key);
    if (hit !== undefined) {
      // Most recently used last: Map keeps insertion order.
      this.compiled.delete(key);
      this.compiled.set(key, hit);
      return hit;
    }
    const entry = this.compile(req.document, operation);
    this.compiled.set(key, entry);
    if (this.compiled.size > this.maxEntries) this.compiled.delete(this.compiled.keys().next().value!);
    return entry;
  }

  /**
   * The compiled operation, taking variables as graphql-js coerced them: the operation's variables
   * are declared as COERCED (whose parseValue keeps the value) in the copy that is compiled, so
   * graphql-jit's own coercion (which, in 0.8, leaves out the default of a required input field
   * that was not sent) never runs. Boolean variables keep their type: @skip/@include check it.
   * Null (graphql-js runs it) for an introspection query (its `__schema` would be the compiling
   * schema, with COERCED in it) or a document graphql-jit does not compile.
   */
  private compile(document: DocumentNode, operation: OperationDefinitionNode): CompiledQuery | null {
    if (introspects(operation.selectionSet, document)) return null;
    const coercedType: NamedTypeNode = { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: COERCED.name } };
    const variableDefinitions = (operation.variableDefinitions ?? []).map((d) =>
      isBooleanType(d.type) ? d : { ...d, type: coercedType, defaultValue: undefined },
    );
    const copy: DocumentNode = {
      ...document,
      definitions: document.definitions.map((d) => (d === operation ? { ...operation, variableDefinitions } : d)),
    };
    const made = compileQuery(this.compiling, copy, operation.name?.value);
    return isCompiledQuery(made) ? made : null;
  }
}

/** The type of every non-Boolean variable in what graphql-jit compiles: the value graphql-js coerced, kept as it is. */
const COERCED = new GraphQLScalarType({
  name: 'EstherCoercedVariable',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: () => undefined,
});

function isBooleanType(t: TypeNode): boolean {
  const named = t.kind === Kind.NON_NULL_TYPE ? t.type : t;
  return named.kind === Kind.NAMED_TYPE && named.name.value === 'Boolean';
}

/** Whether the operation selects __schema or __type at its root (directly or through fragments). */
function introspects(set: SelectionSetNode, document: DocumentNode, seen = new Set<string>()): boolean {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value === '__schema' || sel.name.value === '__type') return true;
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      if (introspects(sel.selectionSet, document, seen)) return true;
    } else if (!seen.has(sel.name.value)) {
      seen.add(sel.name.value);
      const fragment = document.definitions.find((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === sel.name.value);
      if (fragment && introspects(fragment.selectionSet, document, seen)) return true;
    }
  }
  return false;
}

/**
 * graphql-jit's errors inherit from graphql-js's GraphQLError but leave `extensions` undefined
 * when the thrown error had none (graphql-js always gives `{}`; Apollo reads `extensions.code`):
 * each becomes a graphql-js GraphQLError with the same message, locations, path, original error
 * and extensions.
 */
function asGraphqlJsError(e: GraphQLError): GraphQLError {
  if (e.constructor === GraphQLError) return e;
  const copy = new GraphQLError(e.message, { path: e.path, originalError: e.originalError, extensions: e.extensions });
  if (e.locations) Object.defineProperty(copy, 'locations', { value: e.locations, enumerable: true });
  return copy;
}

function describeSpan(span: Span, operation: OperationDefinitionNode, document: DocumentNode): void {
  const name = operation.name?.value;
  span.setAttribute('graphql.operation.type', operation.operation);
  if (name) span.setAttribute('graphql.operation.name', name);
  span.updateName(name ? `${operation.operation} ${name}` : operation.operation);
  const source = redactedSource(document);
  if (source !== undefined) span.setAttribute('graphql.source', source);
}
