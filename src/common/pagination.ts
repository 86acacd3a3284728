import { Type } from '@nestjs/common';
import { Args, ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { PARAM_ARGS_METADATA } from '@nestjs/graphql/dist/graphql.constants.js';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, validateSync } from 'class-validator';
import { badInput, FieldError } from './errors';
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
  @Field(() => Int, { nullable: true, defaultValue: LIST_DEFAULT, description: `At most this many items, the first ones in the list’s order: 1 to ${MAX_LIST_SIZE}.` })
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
  if (args === undefined || args === null) throw new Error(`checkedArgs(${type.name}): no arguments object; a resolver with FieldArgs takes (parent, args, ctx) and no other parameter decorator`);
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

  @Field(() => String, { nullable: true, description: 'The cursor of the last item of this page: pass it as `after` to get the next page. Null when the page is empty.' })
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
    @Field({ description: 'Opaque position of this item in the list: pass it as `after` to get the items that follow it. Do not parse or build cursors; a tampered one is BAD_USER_INPUT naming `after`.' })
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

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** Decodes a cursor made by encodeCursor; a tampered one is the client's error, named as `after`. */
export function decodeCursor(cursor: string, arity: number): Array<string | number> {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === arity && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v;
  } catch {
    /* fall through */
  }
  throw badInput('after', 'is not a cursor returned by this list');
}

/** A page read without its look-ahead row (`more` says whether there was one), as a connection. */
export function pageOf<T>(rows: T[], more: boolean, cursorOf: (row: T) => unknown[]): ConnectionShape<T> {
  const edges = rows.map((node) => ({ node, cursor: encodeCursor(cursorOf(node)) }));
  return { edges, pageInfo: { hasNextPage: more, endCursor: edges.length ? edges[edges.length - 1].cursor : null } };
}

/** Given rows fetched with limit first+1, shape the page. */
export function toConnection<T>(rows: T[], first: number, cursorOf: (row: T) => unknown[]): ConnectionShape<T> {
  const page = rows.slice(0, first);
  return {
    edges: page.map((node) => ({ node, cursor: encodeCursor(cursorOf(node)) })),
    pageInfo: { hasNextPage: rows.length > first, endCursor: page.length ? encodeCursor(cursorOf(page[page.length - 1])) : null },
  };
}
