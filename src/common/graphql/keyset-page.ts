import { decodeTimeIdCursor, DEFAULT_PAGE, encodeCursor, toPage, type Page } from './pagination.js';

/** A column of a list's order. The last column of a keyset must be unique (an id) so the order is total. */
export interface KeysetColumn {
  /** the sort expression, as written in ORDER BY (`p.created_at`) */
  sql: string;
  /** the type the cursor's value is cast to (`timestamptz`, `uuid`); none: the parameter as it is */
  type?: string;
  /** how the cursor's parameter becomes a value of the column when a cast is not enough */
  value?: (param: string) => string;
}

/**
 * One list as SQL: what it shows, its conditions and its order. Page and count share the
 * conditions; only the page adds the keyset condition, its order and its LIMIT.
 */
export interface KeysetQuery {
  /** the page's select list */
  columns: string;
  /** the page's FROM (tables and joins) */
  from: string;
  /** the list's conditions (joined with AND), with `params`' placeholders $1… */
  where: string[];
  params: unknown[];
  /** the order: every column in the same direction */
  keys: KeysetColumn[];
  direction: 'ASC' | 'DESC';
  /** the count's FROM, when the page joins tables the count does not need; default `from` */
  countFrom?: string;
  /** the whole count statement over `params`, when it is not `count(*)` of the conditions */
  count?: string;
  /** wraps the keyset range (SELECT … ORDER BY … LIMIT …), to join what is shown for its rows only */
  wrap?: (range: string) => string;
}

/** Statements a list sends: its page and its count, each with its parameters. */
export interface KeysetStatements {
  page: [string, unknown[]];
  count: [string, unknown[]];
}

const whereOf = (conditions: string[]) => (conditions.length ? `WHERE ${conditions.join(' AND ')}` : '');

/**
 * The SQL of one page: `WHERE <conditions> AND (k1, k2) < ($a::t1, $b::t2) ORDER BY k1 DESC, k2
 * DESC LIMIT first + 1` (`>` and ascending for ASC). A row comparison on the index's own columns
 * is what lets PostgreSQL read the page as one index range, however deep it is; the extra row only
 * tells whether a next page follows. The count has the list's conditions, never the keyset.
 */
export function keysetSql(q: KeysetQuery, first: number, after?: readonly unknown[]): KeysetStatements {
  const params = [...q.params];
  const where = [...q.where];
  if (after) {
    if (after.length !== q.keys.length) throw new Error(`a cursor of ${after.length} values for a keyset of ${q.keys.length}`);
    const values = q.keys.map((k, i) => {
      const param = `$${params.push(after[i])}`;
      return k.value ? k.value(param) : k.type ? `${param}::${k.type}` : param;
    });
    const op = q.direction === 'DESC' ? '<' : '>';
    const columns = q.keys.map((k) => k.sql);
    where.push(columns.length === 1 ? `${columns[0]} ${op} ${values[0]}` : `(${columns.join(', ')}) ${op} (${values.join(', ')})`);
  }
  const order = q.keys.map((k) => (q.direction === 'DESC' ? `${k.sql} DESC` : k.sql)).join(', ');
  const range = `SELECT ${q.columns} FROM ${q.from} ${whereOf(where)} ORDER BY ${order} LIMIT $${params.push(first + 1)}`;
  const count = q.count ?? `SELECT count(*)::int AS n FROM ${q.countFrom ?? q.from} ${whereOf(q.where)}`;
  return { page: [q.wrap ? q.wrap(range) : range, params], count: [count, [...q.params]] };
}

/** What `query` returns from a DataSource or an EntityManager (an UPDATE's [rows, count] never reaches here). */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export interface KeysetPageOptions<R, N> {
  /** the page arguments; `first` defaults to DEFAULT_PAGE (PageArgs has refused more than MAX_PAGE) */
  first?: number | null;
  after?: string | null;
  /**
   * the cursor's values, checked to be the kind the keyset holds before any reaches SQL (a bad
   * cursor is BAD_USER_INPUT on `after`); default: a time and a UUID
   */
  decode?: (cursor: string) => readonly unknown[];
  /** what the page shows of its rows (one more than `first` may come in); default the rows themselves */
  nodes?: (rows: R[]) => N[] | Promise<N[]>;
  /** a node's keyset values, as the next page's `after` */
  cursor: (node: N) => (string | number)[];
}

/**
 * Every connection's page: the cursor decoded, the page read, then `{ edges, pageInfo, totalCount }`.
 * The count is sent only when `totalCount` is read (graphql-js reads a field only when the query
 * selects it): most pages people load all day do not ask for it, and a count over every row of a
 * growing table is the one part of a page that is not an index range (bench/RESULTS.md, bench:api).
 */
export async function keysetPage<R, N = R>(db: Queryable, q: KeysetQuery, o: KeysetPageOptions<R, N>): Promise<Page<N>> {
  const first = o.first ?? DEFAULT_PAGE;
  const after = o.after ? (o.decode ?? decodeTimeIdCursor)(o.after) : undefined;
  const s = keysetSql(q, first, after);
  const found = (await db.query(...s.page)) as R[];
  const nodes = o.nodes ? await o.nodes(found) : (found as unknown as N[]);
  return lazyCount(toPage(nodes, first, 0, (n) => encodeCursor(o.cursor(n))), async () => ((await db.query(...s.count)) as { n: number }[])[0].n);
}

/** Makes `totalCount` a getter that sends the count once, the first time it is read. */
export function lazyCount<N>(page: Page<N>, count: () => Promise<number>): Page<N> {
  let counted: Promise<number> | undefined;
  return Object.defineProperty(page, 'totalCount', { enumerable: true, configurable: true, get: () => (counted ??= count()) });
}

/** The common keyset: a timestamp then the row's UUID (cursors from `decodeTimeIdCursor`). */
export const timeIdKeys = (time: string, id: string): KeysetColumn[] => [
  { sql: time, type: 'timestamptz' },
  { sql: id, type: 'uuid' },
];
