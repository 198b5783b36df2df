import { decodeCursor, encodeCursor, toPage } from '../../src/common/graphql/pagination.js';
import { keysetPage, keysetSql, timeIdKeys, type KeysetQuery } from '../../src/common/graphql/keyset-page.js';
import { DomainError } from '../../src/common/errors/domain-error.js';

describe('cursors', () => {
  it('round-trip the sort key', () => {
    const c = encodeCursor(['2026-12-01T05:00:00.000Z', '6f1c1e8e-7c1a-4a53-9d9e-0a4f1f1f1f1f']);
    expect(decodeCursor(c, ['string', 'string'])).toEqual(['2026-12-01T05:00:00.000Z', '6f1c1e8e-7c1a-4a53-9d9e-0a4f1f1f1f1f']);
  });

  it.each(['garbage', '', encodeCursor(['only-one']), encodeCursor([1, 2]), Buffer.from('{"a":1}').toString('base64url')])(
    'refuse %p with BAD_USER_INPUT on `after`',
    (bad) => {
      let caught: unknown;
      try {
        decodeCursor(bad, ['string', 'string']);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(DomainError);
      expect((caught as DomainError).code).toBe('BAD_USER_INPUT');
      expect((caught as DomainError).details.fields).toEqual([expect.objectContaining({ field: 'after' })]);
    },
  );
});

describe('toPage', () => {
  const rows = [1, 2, 3, 4].map((n) => ({ n }));
  it('uses the extra row only to tell that there is a next page', () => {
    const page = toPage(rows, 3, 10, (r) => `c${r.n}`);
    expect(page.edges.map((e) => e.node.n)).toEqual([1, 2, 3]);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: 'c3' });
    expect(page.totalCount).toBe(10);
  });
  it('encodes a cursor only when it is read, and once', () => {
    const encoded: number[] = [];
    const page = toPage(rows, 3, 0, (r) => {
      encoded.push(r.n);
      return `c${r.n}`;
    });
    expect(encoded).toEqual([]);
    expect(page.edges[1].cursor).toBe('c2');
    expect(page.pageInfo.endCursor).toBe('c3');
    expect(page.edges[2].cursor).toBe('c3');
    expect(page.edges.map((e) => e.cursor)).toEqual(['c1', 'c2', 'c3']);
    expect(encoded).toEqual([2, 3, 1]);
  });
  it('ends when no extra row came back', () => {
    expect(toPage(rows.slice(0, 2), 3, 2, (r) => `c${r.n}`).pageInfo).toEqual({ hasNextPage: false, endCursor: 'c2' });
    expect(toPage([], 3, 0, () => 'x').pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});

describe('keysetSql: one page as one index range', () => {
  const q: KeysetQuery = {
    columns: 'p.id, p.created_at',
    from: 'proposal p JOIN offer o ON o.id = p.offer_id',
    countFrom: 'proposal p',
    where: ['p.status = $1'],
    params: ['OPEN'],
    keys: timeIdKeys('p.created_at', 'p.id'),
    direction: 'DESC',
  };
  const flat = (sql: string) => sql.replace(/\s+/g, ' ').trim();

  it('the first page: the conditions, the order and first + 1 rows; the count without a LIMIT', () => {
    const s = keysetSql(q, 20);
    expect(flat(s.page[0])).toBe('SELECT p.id, p.created_at FROM proposal p JOIN offer o ON o.id = p.offer_id WHERE p.status = $1 ORDER BY p.created_at DESC, p.id DESC LIMIT $2');
    expect(s.page[1]).toEqual(['OPEN', 21]);
    expect(flat(s.count[0])).toBe('SELECT count(*)::int AS n FROM proposal p WHERE p.status = $1');
    expect(s.count[1]).toEqual(['OPEN']);
  });

  it('after a cursor: a row comparison on the sort columns, below it for DESC, above it for ASC; the count unchanged', () => {
    const after = ['2026-12-01T05:00:00.000001Z', '6f1c1e8e-7c1a-4a53-9d9e-0a4f1f1f1f1f'];
    const desc = keysetSql(q, 5, after);
    expect(flat(desc.page[0])).toContain('WHERE p.status = $1 AND (p.created_at, p.id) < ($2::timestamptz, $3::uuid) ORDER BY p.created_at DESC, p.id DESC LIMIT $4');
    expect(desc.page[1]).toEqual(['OPEN', ...after, 6]);
    expect(desc.count).toEqual(keysetSql(q, 5).count);
    const asc = keysetSql({ ...q, direction: 'ASC' }, 5, after);
    expect(flat(asc.page[0])).toContain('AND (p.created_at, p.id) > ($2::timestamptz, $3::uuid) ORDER BY p.created_at, p.id LIMIT $4');
  });

  it('one key alone, no conditions, a custom value, a whole count, a wrapped range', () => {
    const one = keysetSql({ columns: '*', from: 't', where: [], params: [], keys: [{ sql: 't.id', type: 'uuid' }], direction: 'ASC' }, 1, ['x']);
    expect(flat(one.page[0])).toBe('SELECT * FROM t WHERE t.id > $1::uuid ORDER BY t.id LIMIT $2');
    expect(flat(one.count[0])).toBe('SELECT count(*)::int AS n FROM t');
    const custom = keysetSql(
      { columns: '*', from: 'b', where: [], params: [7], keys: [{ sql: 'b.at', value: (p) => `f(${p})` }, { sql: 'b.name' }], direction: 'ASC', count: 'SELECT 1 AS n', wrap: (r) => `SELECT * FROM (${r}) w` },
      2,
      ['a', 'b'],
    );
    expect(flat(custom.page[0])).toBe('SELECT * FROM (SELECT * FROM b WHERE (b.at, b.name) > (f($2), $3) ORDER BY b.at, b.name LIMIT $4) w');
    expect(custom.count).toEqual(['SELECT 1 AS n', [7]]);
  });

  it('refuses a cursor of another keyset length (a programming error, not input)', () => {
    expect(() => keysetSql(q, 5, ['only-one'])).toThrow();
  });
});

describe('keysetPage', () => {
  const q: KeysetQuery = { columns: '*', from: 't', where: [], params: [], keys: timeIdKeys('t.at', 't.id'), direction: 'ASC' };
  const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const rowsOf = (n: number) => Array.from({ length: n }, (_, i) => ({ at: `2026-12-01T00:00:0${i}.000000Z`, id: id(i) }));

  /** a database that answers the page with `rows` and the count with `total`, keeping what it was sent */
  function fakeDb(rows: unknown[], total: number) {
    const sent: [string, unknown[]][] = [];
    return {
      sent,
      query: async (sql: string, params: unknown[] = []) => {
        sent.push([sql, params]);
        return sql.includes('count(*)') ? [{ n: total }] : rows;
      },
    };
  }

  it('sends the page, builds the connection from first + 1 rows, and sends the count once, only when totalCount is read', async () => {
    const db = fakeDb(rowsOf(4), 9);
    const page = await keysetPage<{ at: string; id: string }>(db, q, { first: 3, cursor: (r) => [r.at, r.id] });
    expect(db.sent).toHaveLength(1);
    expect(db.sent[0][1]).toEqual([4]);
    expect(db.sent[0][0]).not.toContain('count(*)');
    expect(page.edges.map((e) => e.node.id)).toEqual([id(0), id(1), id(2)]);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor(['2026-12-01T00:00:02.000000Z', id(2)]) });
    expect(await page.totalCount).toBe(9);
    expect(await page.totalCount).toBe(9);
    expect(db.sent).toHaveLength(2);
    expect(db.sent[1][0]).toContain('count(*)');
    expect(decodeCursor(page.pageInfo.endCursor!, ['string', 'string'])).toEqual(['2026-12-01T00:00:02.000000Z', id(2)]);
  });

  it('defaults first to 20 and decodes a time-and-id cursor into the keyset parameters', async () => {
    const db = fakeDb([], 0);
    const after = encodeCursor(['2026-12-01T00:00:02.000000Z', id(2)]);
    const page = await keysetPage(db, q, { after, cursor: () => [] });
    expect(db.sent[0][1]).toEqual(['2026-12-01T00:00:02.000000Z', id(2), 21]);
    expect({ ...page, totalCount: await page.totalCount }).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 });
  });

  it.each([encodeCursor(['2026-12-01T00:00:02Z', 'not-a-uuid']), encodeCursor(['2026-02-30T00:00:00Z', id(1)]), 'garbage'])(
    'refuses the bad cursor %p with BAD_USER_INPUT on `after`, sending nothing',
    async (after) => {
      const db = fakeDb([], 0);
      await expect(keysetPage(db, q, { after, cursor: () => [] })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { fields: [expect.objectContaining({ field: 'after' })] } });
      expect(db.sent).toHaveLength(0);
    },
  );

  it('maps rows to nodes before the page is cut, and takes cursors from the nodes', async () => {
    const db = fakeDb(rowsOf(3), 3);
    const page = await keysetPage<{ at: string; id: string }, { key: string }>(db, q, {
      first: 2,
      nodes: async (rows) => rows.filter((r) => r.id !== id(0)).map((r) => ({ key: r.id })),
      cursor: (n) => ['t', n.key],
    });
    expect(page.edges.map((e) => e.node.key)).toEqual([id(1), id(2)]);
    expect(page.pageInfo.hasNextPage).toBe(false);
  });
});
