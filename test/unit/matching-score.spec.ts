import { buildModel, pairSignals } from '../../src/matching/engine/model.js';
import { reasonsFor } from '../../src/matching/engine/reasons.js';
import { MIN_COSINE, WEIGHTS, harmonic, offerFit, pairScore, scoreSignals, studentFit } from '../../src/matching/engine/score.js';
import type { OfferInput, StudentInput } from '../../src/matching/engine/types.js';
import { THEME_LABELS, mulberry32 } from '../../bench/engine/synthetic.js';

describe('reciprocal score', () => {
  it('weights of each side sum to 1, so scores stay in [0,1]', () => {
    const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
    expect(sum(WEIGHTS.student)).toBeCloseTo(1, 12);
    expect(sum(WEIGHTS.offer)).toBeCloseTo(1, 12);
    expect(pairScore(1, 1, true, 1, 1, 1, 1)).toBeCloseTo(1, 12);
    const r = mulberry32(3);
    for (let i = 0; i < 1000; i++) {
      const s = pairScore(r(), r(), r() < 0.5, r(), r(), r(), r());
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
    }
  });

  it('a one-sided pair scores lower than a balanced pair with the same arithmetic mean of the sides', () => {
    // one-sided: the offer covers all of the student's themes, the student few of the offer's
    const a = { themeStudent: 1, themeOffer: 0, sharedTheme: true, cosine: 0.2, slot: 1, area: 0.5, mode: 1 };
    const aS = studentFit(a.themeStudent, a.cosine, a.slot);
    const aO = offerFit(a.themeOffer, a.cosine, a.area, a.mode);
    const mean = (aS + aO) / 2;
    // balanced: theme shares chosen so that both sides equal that mean
    const b = { ...a, themeStudent: (mean - 0.4 * 0.2 - 0.15) / 0.45, themeOffer: (mean - 0.25 * 0.2 - 0.15 * 0.5 - 0.15) / 0.45 };
    const bS = studentFit(b.themeStudent, b.cosine, b.slot);
    const bO = offerFit(b.themeOffer, b.cosine, b.area, b.mode);
    expect(bS).toBeCloseTo(mean, 12);
    expect(bO).toBeCloseTo(mean, 12);
    expect(scoreSignals(b)).toBeCloseTo(mean, 12);
    expect(scoreSignals(a)).toBeLessThan(scoreSignals(b) - 0.05);
    expect(harmonic(0.9, 0.3)).toBeCloseTo(0.45, 12);
  });

  it('no shared theme and no shared meaning scores 0, whatever the rest', () => {
    expect(pairScore(0, 0, false, MIN_COSINE / 2, 1, 1, 1)).toBe(0);
    expect(pairScore(0, 0, false, 0.3, 1, 1, 1)).toBeGreaterThan(0);
    expect(pairScore(0.5, 0.5, true, 0, 0, 0, 0.5)).toBeGreaterThan(0);
  });
});

const base = { concerns: '', interests: '', area: null };
const st = (p: Partial<StudentInput> & { id: string }): StudentInput => ({ ...base, stage: 'HIGH_SCHOOL', themes: [], ...p, slots: p.slots ?? [], modes: p.modes ?? [] });
const of = (p: Partial<OfferInput> & { id: string }): OfferInput => ({
  title: '', description: '', themes: [], openPlaces: 3, stages: ['HIGH_SCHOOL'], area: null, mode: 'HYBRID', slots: [], ...p,
});

describe('reasons', () => {
  const students = [
    st({
      id: 'a', themes: ['disaster', 'community'], area: '田主丸', slots: ['WEEKEND_MORNING', 'WEEKDAY_EVENING'], modes: ['ONSITE'],
      concerns: '地域の避難所のことが心配', interests: '防災マップを作ってみたい',
    }),
    st({ id: 'b', themes: ['sports'], area: '中央', slots: ['WEEKEND_AFTERNOON'], modes: ['ONLINE'], concerns: '子どもが外で遊ぶ機会が減っている', interests: 'サッカーが好き' }),
  ];
  const offers = [
    of({
      id: 'x', title: '田主丸わがまち防災マップづくり', description: '通学路を歩き、避難所や危ない場所を防災マップにまとめます。',
      themes: ['disaster', 'community', 'education'], area: '田主丸', mode: 'ONSITE', slots: ['WEEKEND_MORNING'],
    }),
    of({ id: 'y', title: 'キッズスポーツ教室', description: '小学生にボール遊びを教えます。', themes: ['sports'], area: '荒木', mode: 'HYBRID', slots: [] }),
  ];
  const m = buildModel(students, offers, Object.keys(THEME_LABELS));

  it('are Japanese and state the actual shared signals', () => {
    const r = reasonsFor(m, 0, 0, THEME_LABELS);
    expect(r[0]).toBe('共通のテーマ: 防災・まちづくり');
    expect(r[1]).toMatch(/^「(避難所|防災マップ|防災)」(「[^」]+」)?への関心が募集内容と一致$/);
    expect(r).toContain('同じ地域: 田主丸');
    expect(r).toContain('参加できる時間帯が合う: 週末午前');
    expect(r).toContain('参加方法が合う: 対面');
    for (const line of r) expect(line).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    // every quoted word really occurs in both texts
    for (const [, w] of r[1].matchAll(/「([^」]+)」/g)) {
      expect(`${students[0].concerns}${students[0].interests}`).toContain(w);
      expect(`${offers[0].title}${offers[0].description}`).toContain(w);
    }
  });

  it('leave out what is not true', () => {
    const r = reasonsFor(m, 1, 1, THEME_LABELS);
    expect(r).toContain('共通のテーマ: スポーツ');
    expect(r.some((x) => x.startsWith('同じ地域'))).toBe(false); // 中央 vs 荒木
    expect(r).toContain('参加できる時間帯が合う: 時間帯の指定なし');
    expect(r).toContain('参加方法が合う: オンライン'); // hybrid offer, the student listed only ONLINE
    expect(r.some((x) => x.includes('への関心が募集内容と一致'))).toBe(false); // no shared word
    // the cross pair shares nothing: no theme line, and its score is 0
    expect(reasonsFor(m, 1, 0, THEME_LABELS).some((x) => x.startsWith('共通のテーマ'))).toBe(false);
    expect(scoreSignals(pairSignals(m, 1, 0))).toBe(0);
  });
});
