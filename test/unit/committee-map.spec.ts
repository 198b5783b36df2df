import { toCsv } from '../../src/committee/export/csv.js';
import { escapeXml } from '../../src/committee/export/map-svg.js';
import { summarize, suppressSmall } from '../../src/committee/map/aggregate.js';
import { canonicalize, type RawPerson, type RawStance, type RawStatement } from '../../src/committee/map/canonical.js';
import { computeMap } from '../../src/committee/map/compute-map.js';
import { Generation } from '../../src/committee/committee.enums.js';

/**
 * Two camps of `size` people over 6 statements: 0 and 1 agreed by all, 2 and 3 camp A's, 4 and 5
 * camp B's; one in five passes on statement 1. Camp A is in its twenties, camp B over seventy.
 */
const TEXTS = [
  '災害時に高齢者の見守りを地域で続けることが大切です',
  '避難所の運営に若者と高齢者が一緒に関わるべきです',
  '公民館を夜まで開けて若者の居場所にしてほしい',
  '地域の行事はオンラインでも参加できるようにするべき',
  '公民館は静かに使いたいので夜の利用は控えてほしい',
  '回覧板は紙のまま続けてほしい',
];
function camps(size: number, extra: { id: string; votes: [number, -1 | 0 | 1][] }[] = []) {
  const statements: RawStatement[] = TEXTS.map((text, i) => ({ id: `s${i}`, text, themes: ['community'], authorGeneration: null }));
  const people: RawPerson[] = [];
  const stances: RawStance[] = [];
  for (let p = 0; p < 2 * size; p++) {
    const a = p < size;
    people.push({ id: `p${p}`, generation: a ? Generation.TWENTIES : Generation.SEVENTY_PLUS, sector: null });
    for (let s = 0; s < 6; s++) {
      const v: -1 | 0 | 1 = s < 2 ? 1 : (s < 4) === a ? 1 : -1;
      stances.push({ statementId: `s${s}`, personId: `p${p}`, v: p % 5 === 4 && s === 1 ? 0 : v });
    }
  }
  for (const e of extra) {
    people.push({ id: e.id, generation: null, sector: null });
    for (const [s, v] of e.votes) stances.push({ statementId: `s${s}`, personId: e.id, v });
  }
  return { statements, people, stances };
}

/** The same inputs with other ids and in another order. */
function disguise({ statements, people, stances }: ReturnType<typeof camps>, salt: string) {
  const sid = (id: string) => `${salt}-${id.split('').reverse().join('')}`;
  const shuffle = <T>(xs: T[]) => xs.map((x, i) => ({ x, k: (i * 7919 + salt.length * 104729) % 1009 })).sort((a, b) => a.k - b.k).map((y) => y.x);
  return {
    statements: shuffle(statements.map((s) => ({ ...s, id: sid(s.id), themes: [...s.themes].reverse() }))),
    people: shuffle(people.map((p) => ({ ...p, id: sid(p.id) }))),
    stances: shuffle(stances.map((x) => ({ ...x, statementId: sid(x.statementId), personId: sid(x.personId) }))),
  };
}

const mapOf = (x: ReturnType<typeof camps>) => {
  const input = canonicalize(x.statements, x.people, x.stances);
  return { input, map: computeMap(input), text: (i: number) => input.statements[i].text };
};

describe('the map of two camps', () => {
  const { input, map, text } = mapOf(camps(8));

  it('finds the two camps, the shared statements as consensus and the camp statements as divisive', () => {
    expect(map.groups.map((g) => g.size)).toEqual([8, 8]);
    expect(map.clusteredParticipants).toBe(16);
    expect(map.minStancesToCluster).toBe(6);
    expect(map.consensus.map(text).sort()).toEqual([TEXTS[0], TEXTS[1]].sort());
    expect(map.divisive.map(text).sort()).toEqual(TEXTS.slice(2).sort());
    expect(map.consensusRanked.slice(0, 2).map((x) => text(x.s)).sort()).toEqual([TEXTS[0], TEXTS[1]].sort());
    expect(map.consensusRanked.length).toBe(6);
  });

  it('gives each group its representatives with their statistics and a Japanese label from them', () => {
    const young = map.groups.find((g) => g.representatives.some((r) => text(r.s) === TEXTS[2] && r.direction === 'AGREE'))!;
    const old = map.groups.find((g) => g !== young)!;
    expect(young.representatives.map((r) => text(r.s)).sort()).toEqual(TEXTS.slice(2).sort());
    for (const r of young.representatives) {
      expect(r.z).toBeGreaterThan(1.2816);
      expect(r.groupRate).toBeGreaterThan(r.otherRate);
      expect(r.direction).toBe(TEXTS.indexOf(text(r.s)) < 4 ? 'AGREE' : 'DISAGREE');
    }
    expect(young.label).toMatch(/^(若者|居場所|行事|オンライン|参加)・(若者|居場所|行事|オンライン|参加)に賛成$/u);
    expect(old.label).toMatch(/(回覧板|利用|紙)/u);
    expect(old.label).toMatch(/に賛成$/u);
  });

  it('places every clustered participant, anonymously, sorted by group and place', () => {
    expect(map.points).toHaveLength(16);
    expect(new Set(map.points.map((p) => p.group))).toEqual(new Set([0, 1]));
    const sorted = [...map.points].sort((a, b) => a.group - b.group || a.x - b.x || a.y - b.y);
    expect(map.points).toEqual(sorted);
    expect(Object.keys(map.points[0]).sort()).toEqual(['group', 'x', 'y']);
  });

  it('agreed across generations: the two generations are the two camps', () => {
    expect(map.generations).toBe(2);
    expect(map.acrossGenerations.slice(0, 2).map((x) => text(x.s)).sort()).toEqual([TEXTS[0], TEXTS[1]].sort());
  });

  it('is the same map, with the same fingerprint, for the same stances under other ids and in another order', () => {
    for (const salt of ['x', 'another-salt', 'zz']) {
      const again = mapOf(disguise(camps(8), salt));
      expect(again.input.fingerprint).toBe(input.fingerprint);
      expect(again.map).toEqual(map);
      expect(again.input.statements.map((s) => s.text)).toEqual(input.statements.map((s) => s.text));
    }
    // one stance changed: another fingerprint
    const changed = camps(8);
    changed.stances[0] = { ...changed.stances[0], v: -1 };
    expect(canonicalize(changed.statements, changed.people, changed.stances).fingerprint).not.toBe(input.fingerprint);
  });
});

describe('who is grouped', () => {
  it('counts but does not group participants with fewer than min(7, statements) stances', () => {
    const lone = Array.from({ length: 5 }, (_, i) => ({ id: `lone${i}`, votes: [[2, -1]] as [number, -1 | 0 | 1][] }));
    const { map } = mapOf(camps(6, lone));
    expect(map.clusteredParticipants).toBe(12);
    expect(map.groups.map((g) => g.size)).toEqual([6, 6]);
    expect(map.points).toHaveLength(12);
  });

  it('forms no group under 3 people, and none for fewer than 6 participants or when everyone agrees', () => {
    expect(mapOf(camps(2)).map.groups).toEqual([]);
    const two = camps(6);
    // 2 people against 10: a group of 2 is never formed
    const renegades = two.stances.filter((s) => s.personId === 'p0' || s.personId === 'p1');
    for (const s of two.stances) if (!renegades.includes(s) && Number(s.statementId.slice(1)) >= 2) s.v = Number(s.statementId.slice(1)) < 4 ? -1 : 1;
    for (const g of mapOf(two).map.groups) expect(g.size).toBeGreaterThanOrEqual(3);

    const all = camps(5);
    for (const s of all.stances) s.v = 1;
    const agreed = mapOf(all).map;
    expect(agreed.groups).toEqual([]);
    expect(agreed.points).toEqual([]);
    expect(agreed.consensus).toHaveLength(6);
    expect(agreed.consensusRanked).toHaveLength(6);
  });

  it('ranks consensus even with one stance in the whole meeting', () => {
    const one = { statements: camps(1).statements, people: [{ id: 'a', generation: null, sector: null }], stances: [{ statementId: 's3', personId: 'a', v: 1 as const }] };
    const { map, text } = mapOf(one);
    expect(map.consensusRanked.map((x) => text(x.s))).toEqual([TEXTS[3]]);
    expect(map.consensusRanked[0].score).toBeCloseTo(2 / 3, 12);
    expect(map.consensus).toEqual([]);
    expect(map.acrossGenerations).toEqual([]);
  });
});

describe('the small-group rule', () => {
  it('merges categories under 3 into the null bucket, and keeps the rest from singling anyone out', () => {
    expect(suppressSmall(new Map([['A', 5], ['B', 4]]))).toEqual([{ key: 'A', count: 5 }, { key: 'B', count: 4 }]);
    expect(suppressSmall(new Map<string | null, number>([['A', 5], ['B', 1], ['C', 2]]))).toEqual([{ key: 'A', count: 5 }, { key: null, count: 3 }]);
    expect(suppressSmall(new Map<string | null, number>([['A', 5], ['B', 4], ['C', 1]]))).toEqual([{ key: 'A', count: 5 }, { key: null, count: 5 }]);
    expect(suppressSmall(new Map<string | null, number>([['A', 1], [null, 1]]))).toEqual([]);
    for (const r of suppressSmall(new Map<string | null, number>([['A', 3], ['B', 2], [null, 2]]))) expect(r.count).toBeGreaterThanOrEqual(3);
  });
});

describe('summary', () => {
  const base = { perspectives: 4, participants: 6, themes: [{ label: '防災', count: 3 }], keywords: ['避難所'], consensus: [], shared: [], acrossGenerations: { texts: [], generations: 0 }, divisive: [] };
  it('quotes the statements and names the groups by their labels', () => {
    const s = summarize({ ...base, groups: ['避難所に賛成', '車に反対'], consensus: ['避難所を開く'], divisive: ['車で逃げる'] });
    expect(s).toContain('6人が参加し、4件の視点');
    expect(s).toContain('2つの意見のまとまり（「避難所に賛成」「車に反対」）');
    expect(s).toContain('「避難所を開く」');
    expect(s).toContain('「車で逃げる」');
  });
  it('says what the groups still share when nothing is agreed in every group, and what every generation agrees on', () => {
    const s = summarize({ ...base, groups: ['A', 'B'], shared: ['見守りを続ける'], acrossGenerations: { texts: ['見守りを続ける'], generations: 3 } });
    expect(s).toContain('比較的広く賛同された視点は「見守りを続ける」');
    expect(s).toContain('3つの世代に共通して');
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
