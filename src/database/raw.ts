import { createHash } from 'node:crypto';
import { DataSource, EntityManager, EntityTarget } from 'typeorm';

/**
 * The fast path for the busiest reads (the caseload, access decisions, the actor, list loaders):
 * hand-written SQL sent as named prepared statements, with rows read back into entity objects
 * without TypeORM's query builder or hydration.
 *
 * A prepared statement is parsed once per pooled connection and, once PostgreSQL judges its
 * generic plan good enough (after five runs), not planned again: the access decision and the
 * caseload page cost more to plan than to run. Statements still go through the EntityManager (the
 * request's transaction when there is one) and are counted and logged like any other.
 */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

const byText = new Map<string, PreparedStatement>();

/**
 * A prepared statement for a SQL text, named after its content (so a name never meets another
 * text on a connection). Texts built at run time (list filters) are remembered: keep their
 * variants finite.
 */
export function prepared(text: string): PreparedStatement {
  let st = byText.get(text);
  if (!st) {
    st = Object.freeze({ name: `esther_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`, text });
    byText.set(text, st);
  }
  return st;
}

/**
 * The data sources whose connections go through a pooler in transaction mode (PgBouncer
 * pool_mode=transaction before 1.21, which does not carry named statements across server
 * connections): their statements are sent unnamed — the same text and parameters through the
 * extended protocol, parsed and planned on every run instead of once per connection.
 */
const unnamed = new WeakSet<DataSource>();

/** Send the prepared statements of this data source unnamed (DATABASE_POOLER=transaction). */
export function sendStatementsUnnamed(ds: DataSource): void {
  unnamed.add(ds);
}

/** Whether this data source sends its prepared statements unnamed. */
export function sendsStatementsUnnamed(ds: DataSource): boolean {
  return unnamed.has(ds);
}

/** Runs a prepared statement through this manager (its transaction, if any). */
export function runPrepared<T = Record<string, unknown>>(m: EntityManager, st: PreparedStatement, params: unknown[]): Promise<T[]> {
  // Behind a transaction pooler: the text alone, parameterised all the same.
  if (unnamed.has(m.connection)) return m.query(st.text, params);
  // The pg driver takes a query config ({ name, text }) where TypeORM passes the SQL text through.
  return m.query(st as unknown as string, params);
}

/** The SQL text of what TypeORM passed to the logger (a string, or a prepared statement's config). */
export function sqlTextOf(query: unknown): string {
  return typeof query === 'string' ? query : String((query as { text?: unknown } | null)?.text ?? '');
}

/**
 * An entity's columns as a select list and back: `select('p')` lists every column of alias `p`
 * under its property name (dates as text, as TypeORM hands them out), `read(row)` makes the entity
 * object from such a row. With a prefix, several entities share one row (a LEFT JOIN without a
 * match reads back as null).
 */
export interface RawEntity<T> {
  select(alias: string, prefix?: string): string;
  read(row: Record<string, unknown>, prefix?: string): T | null;
}

const shapes = new WeakMap<DataSource, Map<unknown, RawEntity<unknown>>>();

export function rawEntity<T>(ds: DataSource, target: EntityTarget<T>): RawEntity<T> {
  let perSource = shapes.get(ds);
  if (!perSource) shapes.set(ds, (perSource = new Map()));
  const known = perSource.get(target);
  if (known) return known as RawEntity<T>;
  const meta = ds.getMetadata(target);
  const columns = meta.columns.map((c) => ({ property: c.propertyName, sql: c.databaseName, date: c.type === 'date' }));
  const primary = meta.primaryColumns[0].propertyName;
  const proto = (meta.target as { prototype?: object }).prototype ?? Object.prototype;
  const selects = new Map<string, string>();
  const readers = new Map<string, (row: Record<string, unknown>) => T | null>();
  const shape: RawEntity<T> = {
    select(alias, prefix = '') {
      const key = `${alias}\u0000${prefix}`;
      let s = selects.get(key);
      if (!s) {
        s = columns.map((c) => `${alias}.${c.sql}${c.date ? '::text' : ''} AS "${prefix}${c.property}"`).join(', ');
        selects.set(key, s);
      }
      return s;
    },
    read(row, prefix = '') {
      let reader = readers.get(prefix);
      if (!reader)
        readers.set(
          prefix,
          (reader = compileReader<T>(
            proto,
            primary,
            columns.map((c) => c.property),
            prefix,
          )),
        );
      return reader(row);
    },
  };
  perSource.set(target, shape);
  return shape;
}

/**
 * A loader's query: the rows of an entity whose `key` column is one of `$1` (an array), ordered by
 * `orderBy` (SQL over alias `t`), as a prepared statement read back into entity objects.
 */
export function rowsByKeys<T>(
  ds: DataSource,
  target: EntityTarget<T>,
  key: string,
  orderBy?: string,
): (keys: readonly string[], m?: EntityManager) => Promise<T[]> {
  const meta = ds.getMetadata(target);
  const column = meta.findColumnWithPropertyName(key);
  if (!column) throw new Error(`${meta.name} has no column ${key}`);
  const shape = rawEntity(ds, target);
  const st = prepared(
    `SELECT ${shape.select('t')} FROM ${meta.tableName} t WHERE t.${column.databaseName} = ANY ($1::uuid[])${orderBy ? ` ORDER BY ${orderBy}` : ''}`,
  );
  return async (keys, m = ds.manager) => (await runPrepared(m, st, [[...keys]])).map((r) => shape.read(r)!);
}

/**
 * A reader specialised to one entity and prefix: fixed property names read and written in a fixed
 * order, which V8 turns into fast property access (a generic loop over names is several times
 * slower on a 50-row page). The names come from the entity metadata, never from input.
 */
function compileReader<T>(proto: object, primary: string, properties: string[], prefix: string): (row: Record<string, unknown>) => T | null {
  const at = (p: string) => `row[${JSON.stringify(prefix + p)}]`;
  const body = [
    `if (${at(primary)} === null || ${at(primary)} === undefined) return null;`,
    'const e = Object.create(proto);',
    ...properties.map((p) => `e[${JSON.stringify(p)}] = ${at(p)};`),
    'return e;',
  ].join('\n');
  return new Function('proto', `return function read(row) {\n${body}\n};`)(proto) as (row: Record<string, unknown>) => T | null;
}
