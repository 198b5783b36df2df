import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateBy } from 'class-validator';
import { badInput } from '../errors/domain-error.js';
import { isUuid } from '../ids.js';

export const MAX_PAGE = 100;
export const DEFAULT_PAGE = 20;

@ObjectType()
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

/**
 * Whether a string can be a cursor `encodeCursor` wrote: base64url of a JSON array of one to four
 * strings (no NUL) or finite numbers. Every list's `after` is checked here, once, before a
 * resolver runs; each list then checks that the values are the kind its keyset holds (a time and
 * a UUID, say) before any of them reaches SQL.
 */
export function isCursor(value: unknown): value is string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{1,500}$/.test(value)) return false;
  try {
    const values: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    return (
      Array.isArray(values) &&
      values.length >= 1 &&
      values.length <= 4 &&
      values.every((v) => (typeof v === 'string' && !v.includes('\u0000') && v.length <= 200) || (typeof v === 'number' && Number.isFinite(v)))
    );
  } catch {
    return false;
  }
}

const IsCursor = () =>
  ValidateBy({ name: 'isCursor', validator: { validate: isCursor, defaultMessage: () => 'カーソルが正しくありません (invalid cursor)' } });

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
  @IsCursor()
  after?: string;
}

/** Opaque keyset cursors: the sort key of the last row, so pages stay stable while rows are added. */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, shape: ('string' | 'number')[]): (string | number)[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // a cursor's strings go to SQL as parameters: NUL, which PostgreSQL text cannot hold, is never in a real one
    const fits = (v: unknown, i: number) => typeof v === shape[i] && (typeof v !== 'string' || !v.includes('\u0000')) && (typeof v !== 'number' || Number.isFinite(v));
    if (Array.isArray(values) && values.length === shape.length && values.every(fits)) return values as (string | number)[];
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

const CURSOR_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?Z$/;

/**
 * Whether a cursor's timestamp is one `cursorTimeSql` could have written: UTC, to the microsecond,
 * a real date of the years 0001 to 9999 (PostgreSQL refuses 2026-02-30 and some years JavaScript takes).
 */
export function isCursorTime(at: string): boolean {
  const m = CURSOR_TIME.exec(at);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second);
  return year >= 1 && d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day && d.getUTCHours() === hour && d.getUTCMinutes() === minute && d.getUTCSeconds() === second;
}

/** The common keyset of lists ordered by a timestamp then an id: refuses cursors that do not hold one. */
export function decodeTimeIdCursor(cursor: string): [string, string] {
  const [at, id] = decodeCursor(cursor, ['string', 'string']) as [string, string];
  if (!isUuid(id) || !isCursorTime(at)) throw badInput([{ field: 'after', message: 'カーソルが正しくありません (invalid cursor)' }]);
  return [at, id];
}

/** The keyset of lists ordered by an id alone: refuses cursors that do not hold one UUID. */
export function decodeIdCursor(cursor: string): [string] {
  const [id] = decodeCursor(cursor, ['string']) as [string];
  if (!isUuid(id)) throw badInput([{ field: 'after', message: 'カーソルが正しくありません (invalid cursor)' }]);
  return [id];
}

/** The keyset of lists ordered by a text then an id (a name, say). */
export function decodeTextIdCursor(cursor: string): [string, string] {
  const [text, id] = decodeCursor(cursor, ['string', 'string']) as [string, string];
  if (!isUuid(id)) throw badInput([{ field: 'after', message: 'カーソルが正しくありません (invalid cursor)' }]);
  return [text, id];
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  /** a number, or (keysetPage) the count as it is sent the first time the field is read */
  totalCount: number | Promise<number>;
}

/**
 * Builds a page from `first + 1` fetched rows: the extra row only tells whether there is a next page.
 * Each cursor is encoded when it is read (an edge's `cursor`, `pageInfo.endCursor`): most pages
 * people load do not ask for their edges' cursors, and encoding one is a JSON text and base64 a row.
 */
export function toPage<T>(rows: T[], first: number, totalCount: number, cursorOf: (row: T) => string): Page<T> {
  const hasNextPage = rows.length > first;
  const edges: Page<T>['edges'] = rows.slice(0, first).map((node) => new Edge(node, cursorOf));
  const last = edges.at(-1);
  return {
    edges,
    pageInfo: {
      hasNextPage,
      get endCursor() {
        return last?.cursor ?? null;
      },
    },
    totalCount,
  };
}

/** An edge whose cursor is encoded on first read (once). */
class Edge<T> {
  private encoded?: string;
  constructor(
    readonly node: T,
    private readonly cursorOf: (row: T) => string,
  ) {}

  get cursor(): string {
    return (this.encoded ??= this.cursorOf(this.node));
  }
}
