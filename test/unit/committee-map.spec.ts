import { toCsv } from '../../src/committee/export/csv.js';
import { escapeXml } from '../../src/committee/export/map-svg.js';
import { keywords, summarize, suppressSmall } from '../../src/committee/map/aggregate.js';
import { computeOpinionGroups, type StanceCell } from '../../src/committee/map/opinion-groups.js';

/** Two camps of `size` people: shared statements 0,1 agreed by all; 2,3 camp A's; 4,5 camp B's. */
function camps(size: number): StanceCell[] {
  const cells: StanceCell[] = [];
  for (let p = 0; p < 2 * size; p++) {
    const a = p < size;
    const v = (s: number): -1 | 0 | 1 => (s < 2 ? 1 : (s < 4) === a ? 1 : -1);
    for (let s = 0; s < 6; s++) cells.push({ p, s, v: p % 5 === 4 && s === 1 ? 0 : v(s) });
  }
  return cells;
}

describe('opinion groups (PCA + k-means, k by silhouette)', () => {
  it('finds two camps, the shared statements as consensus and the camp statements as divisive', () => {
    const r = computeOpinionGroups(16, 6, camps(8));
    expect(r.k).toBe(2);
    expect(r.groups.map((g) => g.members.length)).toEqual([8, 8]);
    expect(new Set(r.groups[0].members.map((p) => p < 8)).size).toBe(1);
    expect([...r.consensus].sort()).toEqual([0, 1]);
    expect([...r.divisive].sort()).toEqual([2, 3, 4, 5]);
  });

  it('is deterministic', () => {
    expect(computeOpinionGroups(16, 6, camps(8))).toEqual(computeOpinionGroups(16, 6, camps(8)));
  });

  it('forms no group under 3 people', () => {
    // 2 against 10: a group of 2 is never formed
    const cells = camps(6).filter((c) => c.p !== 2 && c.p !== 3 && c.p !== 4 && c.p !== 5);
    const renum = new Map([...new Set(cells.map((c) => c.p))].map((p, i) => [p, i]));
    const r = computeOpinionGroups(renum.size, 6, cells.map((c) => ({ ...c, p: renum.get(c.p)! })));
    for (const g of r.groups) expect(g.members.length).toBeGreaterThanOrEqual(3);
  });

  it('forms no groups for fewer than 6 people, or when everyone agrees', () => {
    expect(computeOpinionGroups(4, 6, camps(2)).groups).toEqual([]);
    const all: StanceCell[] = [];
    for (let p = 0; p < 10; p++) for (let s = 0; s < 3; s++) all.push({ p, s, v: 1 });
    const r = computeOpinionGroups(10, 3, all);
    expect(r.groups).toEqual([]);
    expect(r.consensus.sort()).toEqual([0, 1, 2]);
  });
});

describe('the small-group rule', () => {
  it('merges categories under 3 into the null bucket, and keeps the rest from singling anyone out', () => {
    expect(suppressSmall(new Map([['A', 5], ['B', 4]]))).toEqual([{ key: 'A', count: 5 }, { key: 'B', count: 4 }]);
    expect(suppressSmall(new Map<string | null, number>([['A', 5], ['B', 1], ['C', 2]]))).toEqual([{ key: 'A', count: 5 }, { key: null, count: 3 }]);
    // 1 left over: the smallest shown category joins it
    expect(suppressSmall(new Map<string | null, number>([['A', 5], ['B', 4], ['C', 1]]))).toEqual([{ key: 'A', count: 5 }, { key: null, count: 5 }]);
    // nothing can be shown
    expect(suppressSmall(new Map<string | null, number>([['A', 1], [null, 1]]))).toEqual([]);
    for (const r of suppressSmall(new Map<string | null, number>([['A', 3], ['B', 2], [null, 2]]))) expect(r.count).toBeGreaterThanOrEqual(3);
  });
});

describe('keywords and summary', () => {
  it('takes words and compounds from Japanese texts, without stop words', () => {
    const k = keywords(['災害時の避難所について高齢者の見守りが大切です', '避難所の運営に若者も参加したい', '高齢者の見守りを地域で続ける']);
    const terms = k.map((x) => x.term);
    expect(terms).toEqual(expect.arrayContaining(['避難所', '高齢者']));
    expect(terms).not.toContain('について');
    expect(terms).not.toContain('です');
    expect(k.find((x) => x.term === '避難所')!.count).toBe(2);
  });

  it('builds a Japanese summary quoting the statements', () => {
    const s = summarize({ perspectives: 4, participants: 6, themes: [{ label: '防災', count: 3 }], keywords: ['避難所'], groups: 2, consensus: ['避難所を開く'], divisive: ['車で逃げる'] });
    expect(s).toContain('6人が参加し、4件の視点');
    expect(s).toContain('「避難所を開く」');
    expect(s).toContain('「車で逃げる」');
  });
});

describe('files', () => {
  it('writes CSV with a BOM, CRLF and RFC 4180 quoting', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"'], ['改行\nあり', '=1+1']])).toBe('\uFEFFa,b\r\n"x,y","say ""hi"""\r\n"改行\nあり",\'=1+1\r\n');
  });
  it('escapes XML', () => {
    expect(escapeXml('<a href="x">&\u0001\'')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
    // what XML 1.0 cannot hold at all is dropped: non-characters, lone surrogates, C0 controls; the rest stays
    expect(escapeXml('視点\uFFFE\uFFFFの\uD800マップ\u0008\t🙂')).toBe('視点のマップ\t🙂');
  });
});
