import { decodeCursor, encodeCursor, toPage } from '../../src/common/graphql/pagination.js';
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
  it('ends when no extra row came back', () => {
    expect(toPage(rows.slice(0, 2), 3, 2, (r) => `c${r.n}`).pageInfo).toEqual({ hasNextPage: false, endCursor: 'c2' });
    expect(toPage([], 3, 0, () => 'x').pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});
