import { ClassType, Field, Int, ObjectType } from 'type-graphql';
import { badInput } from './errors';

@ObjectType()
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field() hasPreviousPage: boolean;
  @Field(() => String, { nullable: true }) startCursor: string | null;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

/** A page of a list, with a lazily computed total (counted only when the client asks for it). */
export interface Page<T> {
  nodes: T[];
  offset: number;
  hasNextPage: boolean;
  count: () => Promise<number>;
}

const CURSOR_PREFIX = 'o:';

export function encodeCursor(offset: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${offset}`, 'utf8').toString('base64url');
}

/** Decodes an opaque cursor; anything malformed is a BAD_USER_INPUT on `field`. */
export function decodeCursor(cursor: string | null | undefined, field = 'after'): number {
  if (cursor === null || cursor === undefined) return 0;
  if (cursor.length > 64 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw badInput(field, 'Malformed cursor.', 'MALFORMED_CURSOR');
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^o:(\d{1,9})$/.exec(text);
  if (!match) throw badInput(field, 'Malformed cursor.', 'MALFORMED_CURSOR');
  return Number(match[1]) + 1;
}

/** Validates `first` against the configured cap. */
export function checkPageSize(first: number | null | undefined, max: number, fallback = 20): number {
  if (first === null || first === undefined) return Math.min(fallback, max);
  if (!Number.isInteger(first) || first < 0) throw badInput('first', '`first` must be a positive integer.', 'OUT_OF_RANGE');
  if (first > max) throw badInput('first', `\`first\` may not exceed ${max}.`, 'OUT_OF_RANGE');
  return first;
}

export interface EdgeShape<T> {
  cursor: string;
  node: T;
}

/** Relay-style connection type for a node class: `edges`, `nodes`, `pageInfo`, `totalCount`. */
export function ConnectionType<T extends object>(NodeClass: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge implements EdgeShape<T> {
    @Field() cursor: string;
    @Field(() => NodeClass) node: T;
  }

  @ObjectType(`${name}ConnectionBase`)
  abstract class Connection {
    constructor(private readonly page: Page<T>) {}

    @Field(() => [Edge])
    edges(): Edge[] {
      return this.page.nodes.map((node, i) => ({ cursor: encodeCursor(this.page.offset + i), node }));
    }

    @Field(() => [NodeClass])
    nodes(): T[] {
      return this.page.nodes;
    }

    @Field(() => PageInfo)
    pageInfo(): PageInfo {
      const n = this.page.nodes.length;
      return {
        hasNextPage: this.page.hasNextPage,
        hasPreviousPage: this.page.offset > 0,
        startCursor: n ? encodeCursor(this.page.offset) : null,
        endCursor: n ? encodeCursor(this.page.offset + n - 1) : null,
      };
    }

    @Field(() => Int, { description: 'Number of items matching the filter, all pages together.' })
    totalCount(): Promise<number> {
      return this.page.count();
    }
  }
  return Connection;
}
