import { Type } from '@nestjs/common';
import { Args, ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { PARAM_ARGS_METADATA } from '@nestjs/graphql/dist/graphql.constants.js';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, validateSync } from 'class-validator';
import { badInput, FieldError } from './errors';
import { isLocalDate } from './scalars';
import { UUID_PATTERN } from './validators';
import { validationErrorsToFields } from './validation';

export const MAX_PAGE_SIZE = 100;
/** A list field that is not a connection answers at most this many items unless asked for fewer or more. */
export const LIST_DEFAULT = 50;
/** …and never more than this. */
export const MAX_LIST_SIZE = 200;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: `How many items to return, 1 to ${MAX_PAGE_SIZE}.` })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first?: number = 20;

  @Field({ nullable: true, description: 'Return items after this cursor (the endCursor of the previous page).' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  after?: string;
}

/**
 * `first` of a list field that is not a connection (a list whose length nothing else limits): the
 * field answers the first `first` items in its order. A value out of range, or an explicit null, is
 * BAD_USER_INPUT naming `first`.
 */
@ArgsType()
export class ListArgs {
  @Field(() => Int, {
    nullable: true,
    defaultValue: LIST_DEFAULT,
    description: `At most this many items, the first ones in the list’s order: 1 to ${MAX_LIST_SIZE}.`,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_LIST_SIZE)
  first: number = LIST_DEFAULT;
}

/**
 * Declares an @ArgsType() class (ListArgs, PageArgs…) as the arguments of a field resolver, keeping
 * the direct binding field resolvers have here: `(parent, args, ctx)`, no parameter pipeline per
 * call (graphql-context.ts; the pipeline's class-validator pass costs ~50 µs, and a field of a
 * 50-row list runs 50 times). @Args() declares the arguments for the schema and also registers the
 * parameter for that pipeline; the registration is taken out again, so the resolver must check its
 * arguments itself with `checkedArgs`. Use it only on resolvers without other parameter decorators.
 */
export function FieldArgs(type: Type<object>): ParameterDecorator {
  return (target, key, index) => {
    Args({ type: () => type })(target, key!, index);
    const params = { ...(Reflect.getMetadata(PARAM_ARGS_METADATA, target.constructor, key!) as Record<string, { index: number }>) };
    for (const [k, v] of Object.entries(params)) if (v.index === index) delete params[k];
    if (Object.keys(params).length) Reflect.defineMetadata(PARAM_ARGS_METADATA, params, target.constructor, key!);
    else Reflect.deleteMetadata(PARAM_ARGS_METADATA, target.constructor, key!);
  };
}

const CHECKED_LIMIT = 1000;
const checked = new Map<Type<object>, Map<string, object | FieldError[]>>();

/**
 * The arguments of a field resolver declared with FieldArgs, checked with the class-validator rules
 * of their @ArgsType() class as the argument pipeline checks a root field's: BAD_USER_INPUT naming
 * the argument (`first`), an explicit null included. The outcome is kept per distinct value (a list
 * of 50 rows asks 50 times with the same arguments); at most CHECKED_LIMIT values are kept.
 */
export function checkedArgs<T extends object>(type: Type<T>, args: unknown): T {
  // graphql-js always hands a field resolver its arguments object; without one, Nest bound the
  // resolver through its parameter pipeline (another parameter decorator) and FieldArgs lost them.
  if (args === undefined || args === null)
    throw new Error(`checkedArgs(${type.name}): no arguments object; a resolver with FieldArgs takes (parent, args, ctx) and no other parameter decorator`);
  let known = checked.get(type);
  if (!known) checked.set(type, (known = new Map()));
  const key = JSON.stringify(args);
  let outcome = known.get(key);
  if (!outcome) {
    const value = Object.freeze(Object.assign(new type(), args));
    const errors = validateSync(value, { forbidUnknownValues: false });
    outcome = errors.length ? validationErrorsToFields(errors) : value;
    if (known.size >= CHECKED_LIMIT) known.clear();
    known.set(key, outcome);
  }
  if (Array.isArray(outcome)) throw badInput(outcome);
  return outcome as T;
}

/** The first `first` items of a list already in its order (the answer of a field with ListArgs). */
export function firstOf<T>(items: readonly T[], first: number): T[] {
  return items.length > first ? items.slice(0, first) : (items as T[]);
}

/**
 * One value per argument list, made when first asked for: a DataLoader per `first` (or per page), so
 * that a bounded list reads at most that many rows per key in SQL and the keys of one request still
 * batch into one statement.
 */
export function perArgs<A extends unknown[], V>(make: (...args: A) => V): (...args: A) => V {
  const made = new Map<string, V>();
  return (...args) => {
    const key = JSON.stringify(args);
    let v = made.get(key);
    if (v === undefined) made.set(key, (v = make(...args)));
    return v;
  };
}

@ObjectType({ description: 'Where a page of a list ends, for fetching the next page.' })
export class PageInfo {
  @Field({ description: 'True when there are more items after this page: ask again with `after` set to `endCursor`.' })
  hasNextPage: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'The cursor of the last item of this page: pass it as `after` to get the next page. Null when the page is empty.',
  })
  endCursor: string | null;
}

export interface ConnectionShape<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: PageInfo;
}

/** Builds `XConnection` and `XEdge` types for a node type (cursor pagination, Relay style). */
export function Connection<T>(node: Type<T>, name: string, description: string): Type<ConnectionShape<T>> {
  @ObjectType(`${name}Edge`, { description: `One item of a page of ${name}Connection, with its cursor (its position in the list).` })
  class Edge {
    @Field({
      description:
        'Opaque position of this item in the list: pass it as `after` to get the items that follow it. Do not parse or build cursors; a tampered one is BAD_USER_INPUT naming `after`.',
    })
    cursor: string;
    @Field(() => node, { description: 'The item at this position in the list.' })
    node: T;
  }
  @ObjectType(`${name}Connection`, { description })
  class Conn {
    @Field(() => [Edge], { description: 'The items of this page (at most `first`), in the list’s order; empty when there are none.' })
    edges: Edge[];
    @Field(() => PageInfo, { description: 'Whether there is a next page, and where it starts.' })
    pageInfo: PageInfo;
  }
  return Conn as Type<ConnectionShape<T>>;
}

function encodeCursor(values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

const NOT_A_CURSOR = 'is not a cursor returned by this list';

/** The values of a cursor made by encodeCursor, or null; nothing about their types yet. */
function decodeCursor(cursor: string, arity: number): unknown[] | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === arity) return v;
  } catch {
    /* fall through */
  }
  return null;
}

/**
 * A page read without its look-ahead row (`more` says whether there was one), as a connection: an
 * edge per row shown (`shown`, default every row read, each as its own node), each with its row's
 * cursor. The next page starts after the last row READ, so rows the answer leaves out (the gate, a
 * visibility rule) never stop the list.
 */
function pageOf<R, N = R>(read: readonly R[], more: boolean, cursorOf: (row: R) => unknown[], shown?: ReadonlyArray<{ row: R; node: N }>): ConnectionShape<N> {
  // An edge's cursor is made when read: most lists select only pageInfo.endCursor, and a cursor per
  // row (JSON, then base64) was made for every row of every page.
  const edges = (shown ?? read.map((row) => ({ row, node: row as unknown as N }))).map(({ row, node }) => ({
    node,
    get cursor() {
      return encodeCursor(cursorOf(row));
    },
  }));
  return { edges, pageInfo: { hasNextPage: more, endCursor: read.length ? encodeCursor(cursorOf(read[read.length - 1])) : null } };
}

// ---- keyset pagination: the one way a list pages ----

/** The SQL type of one key of a list's order: what a cursor's value for it must be, and the cast it gets in the condition. */
export type KeyType = 'uuid' | 'date' | 'timestamptz' | 'int' | 'bigint' | 'text' | 'varchar';

/** A value of a decoded, checked cursor (numbers for `int`, strings for every other type). */
export type KeyValue = string | number;

/** One key of a list's order. */
export interface KeyColumn<R> {
  /**
   * The key as the statement names it (a column over the list's alias, or an expression; a
   * QueryBuilder's property path works too). Never NULL on a row listed: wrap a nullable column in
   * coalesce(), or keep its NULLs out of the list. Left out: a value the cursor only carries (it is
   * checked, but neither orders nor places the page).
   */
  sql?: string;
  type: KeyType;
  /**
   * The key's value on a row of the page. A `timestamptz` as a Date (exact for instants the service
   * wrote: milliseconds) or as the text of `exactInstant(sql)` read in the same statement (for
   * instants PostgreSQL wrote, e.g. `DEFAULT now()`, which have microseconds).
   */
  of: (row: R) => string | number | Date;
  /** This key's direction, when it differs from the keyset's. */
  direction?: 'asc' | 'desc';
  /** A narrower check of a cursor's value than its type's (e.g. a flag: 0 or 1). */
  accepts?: (v: KeyValue) => boolean;
}

/**
 * SQL: a `timestamptz` expression as the exact text a cursor keeps (UTC, microseconds:
 * `2026-11-22T10:00:00.123456Z`). Select it beside the row when the instant was written by
 * PostgreSQL, so that a page never ends between two rows a millisecond cursor cannot tell apart.
 */
export const exactInstant = (sql: string): string => `to_char(${sql} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The order of a list and everything that pages it: the cursor's check, the condition, the cursors, the page. */
export interface Keyset<R> {
  /** The ORDER BY list, e.g. `t.due_date, t.id` (`… DESC` for a descending key). */
  readonly orderBy: string;
  /** The same for a QueryBuilder: `qb.orderBy(keys.order)`. */
  readonly order: Record<string, 'ASC' | 'DESC'>;
  /**
   * The values of an `after` cursor, each checked against its key's type (a uuid in lower case), or
   * null without one. A cursor this list did not make is BAD_USER_INPUT naming `after`.
   */
  after(cursor: string | null | undefined): KeyValue[] | null;
  /**
   * The condition "comes after the cursor" (a cursor as given, or values from `after()`), or null
   * without one. Each value is cast to its key's type: positional parameters (`$n::type`) appended
   * to an array, or named ones (`CAST(:keyset_n AS type)`) added to a QueryBuilder's parameter
   * object. One direction compares rows, `(a, b) > ($1, $2)`, which an index on (a, b) serves.
   */
  where(after: string | readonly KeyValue[] | null | undefined, params: unknown[] | Record<string, unknown>): string | null;
  /** A row's cursor. */
  cursorOf(row: R): string;
  /** A page from rows read with LIMIT first + 1, every row shown (as `node(row)`, default the row). */
  page<N = R>(rows: readonly R[], first: number, node?: (row: R) => N): ConnectionShape<N>;
  /** A page from the rows read without the look-ahead row, whether there was one, and those shown (default all; see pageOf). */
  pageOf<N = R>(read: readonly R[], more: boolean, shown?: ReadonlyArray<{ row: R; node: N }>): ConnectionShape<N>;
}

const INT4 = 2_147_483_647;
const INT8 = 9_223_372_036_854_775_807n;
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/** A cursor value checked against its key's type (a uuid in lower case), or undefined. */
function keyValue(type: KeyType, v: unknown): KeyValue | undefined {
  switch (type) {
    case 'uuid':
      return typeof v === 'string' && UUID_PATTERN.test(v) ? v.toLowerCase() : undefined;
    case 'date':
      return isLocalDate(v) ? v : undefined;
    case 'timestamptz': {
      if (typeof v !== 'string' || !INSTANT_RE.test(v)) return undefined;
      const ms = Date.parse(v);
      // A real instant: the date and time read back as written (no 30 February, no 25:00).
      return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 19) === v.slice(0, 19) ? v : undefined;
    }
    case 'int':
      return typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= INT4 ? v : undefined;
    case 'bigint':
      return typeof v === 'string' && /^-?\d{1,19}$/.test(v) && BigInt(v) <= INT8 && BigInt(v) >= -INT8 - 1n ? v : undefined;
    case 'text':
    case 'varchar':
      return typeof v === 'string' ? v : undefined;
  }
}

/**
 * A row's value of a key, as its cursor keeps it. An instant is written as toISOString() writes it
 * (milliseconds); an exact one with microseconds keeps all six digits only when it has them, so a
 * cursor is the same whichever way the row's instant was read.
 */
function cursorValue<R>(key: KeyColumn<R>, row: R): KeyValue {
  const v = key.of(row);
  if (v instanceof Date) return v.toISOString();
  if (v === null || v === undefined) throw new Error(`keyset: the key ${key.sql ?? '(carried)'} is ${String(v)} on a row listed`);
  if (key.type === 'int') return Number(v);
  if (key.type === 'timestamptz') return String(v).replace(/(\.\d{3})000Z$/, '$1Z');
  return String(v);
}

/**
 * The one way a list pages: by its order's keys (the last one unique, e.g. the id), after the
 * cursor of the previous page's last row. Declare the order once; the keyset checks the cursor,
 * writes the condition and the ORDER BY, makes the cursors and shapes the page.
 *
 *   const TASK_PAGES = keyset<Task>([
 *     { sql: 't.due_date', type: 'date', of: (t) => t.dueDate },
 *     { sql: 't.id', type: 'uuid', of: (t) => t.id },
 *   ]);
 *   const after = TASK_PAGES.where(args.after, params);            // null on the first page
 *   … WHERE … ${after ? `AND ${after}` : ''} ORDER BY ${TASK_PAGES.orderBy} LIMIT ${first + 1}
 *   return TASK_PAGES.page(rows, first);
 *
 * Text keys compare under the column's collation, as ORDER BY sorts them (a parameter brings none).
 */
export function keyset<R>(keys: ReadonlyArray<KeyColumn<R>>, direction: 'asc' | 'desc' = 'asc'): Keyset<R> {
  const placed = keys.filter((k): k is KeyColumn<R> & { sql: string } => k.sql !== undefined);
  if (placed.length === 0) throw new Error('keyset: no key orders the list');
  const dirOf = (k: KeyColumn<R>) => k.direction ?? direction;
  const uniform = placed.every((k) => dirOf(k) === dirOf(placed[0]));
  const cursorOf = (row: R) => keys.map((k) => cursorValue(k, row));
  const after = (cursor: string | null | undefined): KeyValue[] | null => {
    if (!cursor) return null;
    const raw = decodeCursor(cursor, keys.length);
    const values = raw?.map((v, i) => {
      const value = keyValue(keys[i].type, v);
      return value === undefined || (keys[i].accepts && !keys[i].accepts!(value)) ? undefined : value;
    });
    if (!values || values.some((v) => v === undefined)) throw badInput('after', NOT_A_CURSOR);
    return values as KeyValue[];
  };
  return {
    orderBy: placed.map((k) => (dirOf(k) === 'desc' ? `${k.sql} DESC` : k.sql)).join(', '),
    order: Object.fromEntries(placed.map((k) => [k.sql, dirOf(k) === 'desc' ? 'DESC' : 'ASC'])),
    after,
    where(given, params) {
      const values = typeof given === 'string' ? after(given) : given && given.length ? given : null;
      if (!values) return null;
      if (values.length !== keys.length) throw new Error(`keyset: ${values.length} values for ${keys.length} keys`);
      const named = !Array.isArray(params);
      const slot = (i: number) => {
        const key = keys[i];
        if (named) {
          const name = `keyset_${i}`;
          (params as Record<string, unknown>)[name] = values[i];
          return `CAST(:${name} AS ${key.type})`;
        }
        return `$${(params as unknown[]).push(values[i])}::${key.type}`;
      };
      const at = keys.map((k, i) => (k.sql === undefined ? '' : slot(i)));
      const index = (k: KeyColumn<R>) => keys.indexOf(k);
      if (uniform) {
        const op = dirOf(placed[0]) === 'desc' ? '<' : '>';
        if (placed.length === 1) return `${placed[0].sql} ${op} ${at[index(placed[0])]}`;
        return `(${placed.map((k) => k.sql).join(', ')}) ${op} (${placed.map((k) => at[index(k)]).join(', ')})`;
      }
      // Mixed directions: a > x OR (a = x AND (b < y OR (b = y AND …))).
      const beyond = (j: number): string => {
        const k = placed[j];
        const step = `${k.sql} ${dirOf(k) === 'desc' ? '<' : '>'} ${at[index(k)]}`;
        return j === placed.length - 1 ? step : `(${step} OR (${k.sql} = ${at[index(k)]} AND ${beyond(j + 1)}))`;
      };
      return beyond(0);
    },
    cursorOf: (row) => encodeCursor(cursorOf(row)),
    page: <N = R>(rows: readonly R[], first: number, node?: (row: R) => N) => {
      const read = rows.slice(0, first);
      return pageOf<R, N>(read, rows.length > first, cursorOf, node ? read.map((row) => ({ row, node: node(row) })) : undefined);
    },
    pageOf: <N = R>(read: readonly R[], more: boolean, shown?: ReadonlyArray<{ row: R; node: N }>) => pageOf<R, N>(read, more, cursorOf, shown),
  };
}
