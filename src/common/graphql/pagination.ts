import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { badInput } from '../errors/domain-error.js';
import { isUuid } from '../ids.js';

export const MAX_PAGE = 100;
export const DEFAULT_PAGE = 20;

@ObjectType()
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

/** `first` and `after` of every list; `first` above 100 is refused, not silently capped. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'first は1以上にしてください' })
  @Max(MAX_PAGE, { message: `first は${MAX_PAGE}以下にしてください` })
  first?: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  after?: string;
}

/** Opaque keyset cursors: the sort key of the last row, so pages stay stable while rows are added. */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, shape: ('string' | 'number')[]): (string | number)[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === shape.length && values.every((v, i) => typeof v === shape[i])) return values as (string | number)[];
  } catch {
    // fall through to the refusal
  }
  throw badInput([{ field: 'after', message: 'カーソルが正しくありません (invalid cursor)' }]);
}

/**
 * A timestamp column as cursor text, to the microsecond: JavaScript dates keep only milliseconds,
 * and a cursor that rounds would skip rows written within the same millisecond.
 */
export const cursorTimeSql = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The common keyset of lists ordered by a timestamp then an id: refuses cursors that do not hold one. */
export function decodeTimeIdCursor(cursor: string): [string, string] {
  const [at, id] = decodeCursor(cursor, ['string', 'string']) as [string, string];
  if (!isUuid(id) || Number.isNaN(Date.parse(at))) throw badInput([{ field: 'after', message: 'カーソルが正しくありません (invalid cursor)' }]);
  return [at, id];
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Builds a page from `first + 1` fetched rows: the extra row only tells whether there is a next page. */
export function toPage<T>(rows: T[], first: number, totalCount: number, cursorOf: (row: T) => string): Page<T> {
  const hasNextPage = rows.length > first;
  const edges = rows.slice(0, first).map((node) => ({ cursor: cursorOf(node), node }));
  return { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }, totalCount };
}
