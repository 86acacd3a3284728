import { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { badInput } from './errors';

export const MAX_PAGE_SIZE = 100;

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

@ObjectType({ description: 'Where a page of a list ends, for fetching the next page.' })
export class PageInfo {
  @Field({ description: 'True when there are more items after this page.' })
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page.' })
  endCursor: string | null;
}

export interface ConnectionShape<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: PageInfo;
}

/** Builds `XConnection` and `XEdge` types for a node type (cursor pagination, Relay style). */
export function Connection<T>(node: Type<T>, name: string, description: string): Type<ConnectionShape<T>> {
  @ObjectType(`${name}Edge`, { description: `One item of a ${name}Connection page, with its position.` })
  class Edge {
    @Field({ description: 'Opaque position of this item in the list.' })
    cursor: string;
    @Field(() => node, { description: 'The item.' })
    node: T;
  }
  @ObjectType(`${name}Connection`, { description })
  class Conn {
    @Field(() => [Edge], { description: 'The items of this page, in the list’s order.' })
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

/** Given rows fetched with limit first+1, shape the page. */
/** A page read without its look-ahead row (`more` says whether there was one), as a connection. */
export function pageOf<T>(rows: T[], more: boolean, cursorOf: (row: T) => unknown[]): ConnectionShape<T> {
  const edges = rows.map((node) => ({ node, cursor: encodeCursor(cursorOf(node)) }));
  return { edges, pageInfo: { hasNextPage: more, endCursor: edges.length ? edges[edges.length - 1].cursor : null } };
}

export function toConnection<T>(rows: T[], first: number, cursorOf: (row: T) => unknown[]): ConnectionShape<T> {
  const page = rows.slice(0, first);
  return {
    edges: page.map((node) => ({ node, cursor: encodeCursor(cursorOf(node)) })),
    pageInfo: { hasNextPage: rows.length > first, endCursor: page.length ? encodeCursor(cursorOf(page[page.length - 1])) : null },
  };
}
