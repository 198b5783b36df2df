import { greedyAssign, runMatching, runMatchingDetailed, type MatchingResult, type OfferInput, type StudentInput } from '../../src/matching/engine/index.js';
import { THEME_LABELS, mulberry32, synthetic } from '../../bench/engine/synthetic.js';

const S = (p: Partial<StudentInput> & Pick<StudentInput, 'id' | 'themes'>): StudentInput => ({
  stage: 'HIGH_SCHOOL', concerns: '', interests: '', area: null, slots: ['WEEKEND_MORNING'], modes: ['ONSITE'], ...p,
});
const O = (p: Partial<OfferInput> & Pick<OfferInput, 'id' | 'themes'>): OfferInput => ({
  title: '', description: '', openPlaces: 2, stages: ['JUNIOR_HIGH', 'HIGH_SCHOOL'], area: null, mode: 'ONSITE', slots: ['WEEKEND_MORNING'], ...p,
});

const BOSAI = { concerns: '大雨のときの避難所のことが心配。筑後川の水害が不安', interests: '防災マップを作ってみたい' };
const offers: OfferInput[] = [
  O({ id: 'o-bosai', title: '田主丸わがまち防災マップづくり', description: '筑後川沿いを歩き、避難所や危ない場所を写真で記録して防災マップにまとめます。', themes: ['disaster', 'community'], area: '田主丸', openPlaces: 2, excludedStudentIds: ['c-excluded'] }),
  O({ id: 'o-nihongo', title: 'やさしい日本語 おしゃべりパートナー', description: '日本語を勉強している外国人住民とオンラインでおしゃべりをします。', themes: ['multicultural', 'education'], mode: 'ONLINE', slots: ['WEEKDAY_EVENING', 'WEEKEND_EVENING'], stages: ['HIGH_SCHOOL', 'UNIVERSITY'], openPlaces: 2 }),
  O({ id: 'o-shokudo', title: '子ども食堂の調理・配膳ボランティア', description: '荒木地区の子ども食堂で、夕食の調理と配膳、宿題のサポートを手伝ってください。', themes: ['food', 'childcare'], area: '荒木', slots: ['WEEKDAY_EVENING'], stages: ['HIGH_SCHOOL', 'UNIVERSITY'], openPlaces: 1 }),
  // a full offer: never gets a proposal, however good its fits
  O({ id: 'o-full', title: '避難所運営訓練', description: '避難所の開設と防災の備えを体験します。', themes: ['disaster'], area: '田主丸', openPlaces: 0 }),
];
const students: StudentInput[] = [
  // planted fits
  S({ id: 'f-bosai-1', themes: ['disaster', 'community'], area: '田主丸', ...BOSAI }),
  S({ id: 'f-bosai-2', themes: ['disaster', 'community'], area: '田主丸', concerns: '地域の避難所のことが心配', interests: '防災マップづくりや避難訓練の企画' }),
  S({ id: 'f-nihongo-1', stage: 'UNIVERSITY', themes: ['multicultural'], modes: ['ONLINE'], slots: ['WEEKDAY_EVENING'], concerns: '外国人住民が地域に溶け込めていない', interests: 'やさしい日本語で外国人とおしゃべりしたい' }),
  S({ id: 'f-nihongo-2', themes: ['multicultural', 'education'], modes: ['ONLINE', 'ONSITE'], slots: ['WEEKEND_EVENING'], concerns: '外国にルーツのある子どもが日本語で困っている', interests: '日本語を教えたい' }),
  S({ id: 'f-shokudo', stage: 'UNIVERSITY', themes: ['food', 'childcare'], area: '荒木', slots: ['WEEKDAY_EVENING'], concerns: '朝ごはんを食べない子どもがいる', interests: '子ども食堂を手伝いたい。料理が得意' }),
  // decoy: shares a theme with the bosai offer but less than the fits (there are only 2 places)
  S({ id: 'd-weak', themes: ['community', 'culture'], area: '中央', concerns: '伝統行事が途絶えそう', interests: '絵を描くのが得意' }),
  // negative controls: perfect for o-bosai except for one rule
  S({ id: 'c-stage', stage: 'ELEMENTARY', themes: ['disaster', 'community'], area: '田主丸', ...BOSAI }),
  S({ id: 'c-mode', themes: ['disaster', 'community'], area: '田主丸', modes: ['ONLINE'], ...BOSAI }),
  S({ id: 'c-slot', themes: ['disaster', 'community'], area: '田主丸', slots: ['WEEKDAY_DAYTIME'], ...BOSAI }),
  S({ id: 'c-excluded', themes: ['disaster', 'community'], area: '田主丸', ...BOSAI }),
  // compatible with everything ONSITE at WEEKEND_MORNING but shares no theme and no meaning
  S({ id: 'c-nothing', themes: ['sports'], area: '田主丸', concerns: '運動不足', interests: 'サッカーを教えたい' }),
];

const byOffer = (r: MatchingResult) => Object.fromEntries(r.proposals.map((p) => [p.offerId, p.participants.map((x) => x.studentId).sort()]));

describe('runMatching on a planted scenario', () => {
  const result = runMatching(students, offers, { themeLabels: THEME_LABELS });
  const got = byOffer(result);

  it('proposes the planted fits', () => {
    expect(got['o-bosai']).toEqual(['f-bosai-1', 'f-bosai-2']);
    expect(got['o-nihongo']).toEqual(['f-nihongo-1', 'f-nihongo-2']);
    expect(got['o-shokudo']).toEqual(['f-shokudo']);
  });

  it('never proposes a negative control', () => {
    expect(got['o-full']).toBeUndefined();
    const proposed = new Set(result.proposals.flatMap((p) => p.participants.map((x) => x.studentId)));
    for (const c of ['c-stage', 'c-mode', 'c-slot', 'c-nothing']) expect(proposed.has(c)).toBe(false);
    expect(got['o-bosai']).not.toContain('c-excluded');
  });

  it('respects capacities and one proposal per student; scores and stats add up', () => {
    const seen = new Set<string>();
    for (const p of result.proposals) {
      const offer = offers.find((o) => o.id === p.offerId)!;
      expect(p.participants.length).toBeLessThanOrEqual(offer.openPlaces);
      for (const x of p.participants) {
        expect(seen.has(x.studentId)).toBe(false);
        seen.add(x.studentId);
        expect(x.score).toBeGreaterThan(0);
        expect(x.score).toBeLessThanOrEqual(1);
        expect(x.reasons.length).toBeGreaterThan(0);
      }
      expect(p.score).toBeCloseTo(p.participants.reduce((a, x) => a + x.score, 0) / p.participants.length, 12);
    }
    const s = result.stats;
    expect(s.students).toBe(students.length);
    expect(s.offers).toBe(3); // o-full ignored
    expect(s.crossProduct).toBe(students.length * 3);
    expect(s.placed).toBe(seen.size);
    expect(s.totalScore).toBeCloseTo(result.proposals.reduce((a, p) => a + p.score * p.participants.length, 0), 9);
    expect(s.upperBound! + 1e-9).toBeGreaterThanOrEqual(s.totalScore);
    expect(s.upperBound! - s.totalScore).toBeLessThan(1e-4);
  });

  it('explains each fit in Japanese with true reasons, and plans the joint action', () => {
    const bosai = result.proposals.find((p) => p.offerId === 'o-bosai')!;
    const first = bosai.participants.find((x) => x.studentId === 'f-bosai-1')!;
    expect(first.reasons).toEqual(
      expect.arrayContaining(['共通のテーマ: 防災・まちづくり', '同じ地域: 田主丸', '参加できる時間帯が合う: 週末午前', '参加方法が合う: 対面']),
    );
    expect(first.reasons.some((r) => /^「[^」]+」.*への関心が募集内容と一致$/.test(r))).toBe(true);
    const plan = bosai.plan;
    expect(plan.themes).toEqual(['disaster', 'community']);
    expect(plan.title).toBe('「田主丸わがまち防災マップづくり」×2人の高校生：防災・まちづくりで取り組む共同アクション');
    const sentences = plan.summary.split('。').filter(Boolean);
    expect(sentences.length).toBeGreaterThanOrEqual(2);
    expect(sentences.length).toBeLessThanOrEqual(3);
    expect(plan.summary).toBe(
      '防災・まちづくりをテーマに、「田主丸わがまち防災マップづくり」に2人の高校生が加わる共同アクションです。田主丸を拠点に、対面で、まず顔合わせで募集内容と一人ひとりの関心をすり合わせることから始めます。',
    );
    const nihongo = result.proposals.find((p) => p.offerId === 'o-nihongo')!;
    expect(nihongo.plan.title).toContain('2人の高校生・大学生');
    expect(nihongo.plan.themes[0]).toBe('multicultural'); // shared by both participants, education by one
  });

  it("builds plans from public facts only: the students' own words never reach one", () => {
    // private words a student might confide; the plan (a joint action's public title and summary,
    // its gathering's description) must be the same whatever the participants wrote
    const PRIVATE = ['不登校', 'うつ病', 'ヤングケアラー', 'リストカット', '摂食障害'];
    // confided by the two students of one offer: rare in the run, so exactly the words a text
    // ranking would find most telling about them
    const confide = (s: StudentInput) => ({ ...s, concerns: `${s.concerns}。${PRIVATE.join('と')}のことで悩んでいる`, interests: `${s.interests}。${PRIVATE.join('、')}` });
    const confided = students.map((s) => (s.id.startsWith('f-bosai') ? confide(s) : s));
    const again = runMatching(confided, offers, { themeLabels: THEME_LABELS });
    expect(byOffer(again)).toEqual(got);
    for (const p of again.proposals) {
      const before = result.proposals.find((q) => q.offerId === p.offerId)!;
      expect(p.plan).toEqual(before.plan);
      for (const w of PRIVATE) expect(`${p.plan.title}${p.plan.summary}${p.plan.themes.join()}`).not.toContain(w);
    }
  });

  it('is deterministic and independent of input order', () => {
    const again = runMatching(students, offers, { themeLabels: THEME_LABELS });
    expect(again).toEqual(result);
    const r = mulberry32(99);
    const shuffle = <T>(xs: T[]): T[] => xs.map((x) => [r(), x] as const).sort((a, b) => a[0] - b[0]).map(([, x]) => x);
    expect(runMatching(shuffle(students), shuffle(offers), { themeLabels: THEME_LABELS })).toEqual(result);
  });

  it('reports progress from 0 to 1 with the pairs scored', () => {
    const calls: [number, number][] = [];
    const r = runMatching(students, offers, { themeLabels: THEME_LABELS, onProgress: (f, n) => calls.push([f, n]) });
    expect(calls[0][0]).toBe(0);
    expect(calls[calls.length - 1]).toEqual([1, r.stats.pairsScored]);
    for (let i = 1; i < calls.length; i++) {
      expect(calls[i][0]).toBeGreaterThanOrEqual(calls[i - 1][0]);
      expect(calls[i][1]).toBeGreaterThanOrEqual(calls[i - 1][1]);
    }
  });

  it('handles empty inputs', () => {
    expect(runMatching([], offers, { themeLabels: THEME_LABELS }).proposals).toEqual([]);
    expect(runMatching(students, [], { themeLabels: THEME_LABELS }).stats.crossProduct).toBe(0);
    expect(() => runMatching([students[0], students[0]], offers, { themeLabels: THEME_LABELS })).toThrow(/duplicate student/);
  });
});

// Speed is the benchmarks' (npm run bench:matching, as ratios in one run); here, the work the
// engine does: how many pairs it looks at, against the cross product it must never enumerate.
describe('runMatching at scale (5,000 × 1,000 synthetic)', () => {
  it('never enumerates the cross product: its candidates grow with the city, not with its square; and it beats greedy', () => {
    const { students: ss, offers: os } = synthetic(5000, 1000, 3);
    const { result, diagnostics } = runMatchingDetailed(ss, os, { themeLabels: THEME_LABELS, returnCandidates: true });
    const s = result.stats;
    expect(s.crossProduct).toBe(5000 * 1000);
    expect(s.candidatePairs / s.crossProduct).toBeLessThan(0.1);
    expect(s.pairsScored / s.crossProduct).toBeLessThan(0.1);
    // half the students and half the offers: a quarter of the cross product, about half the candidates
    const half = synthetic(2500, 500, 3);
    const smaller = runMatching(half.students, half.offers, { themeLabels: THEME_LABELS }).stats;
    expect(s.crossProduct / smaller.crossProduct).toBe(4);
    expect(s.candidatePairs / smaller.candidatePairs).toBeLessThan(3);
    expect(s.totalScore).toBeGreaterThan(0.99 * s.upperBound!);

    // capacities, one proposal per student, exclusions, compat
    const cap = new Map(os.map((o) => [o.id, o]));
    const once = new Set<string>();
    for (const p of result.proposals) {
      const o = cap.get(p.offerId)!;
      expect(p.participants.length).toBeLessThanOrEqual(o.openPlaces);
      for (const x of p.participants) {
        expect(once.has(x.studentId)).toBe(false);
        once.add(x.studentId);
        expect(o.excludedStudentIds ?? []).not.toContain(x.studentId);
      }
    }
    // ≥ greedy on the same candidate edges, in total and in students placed
    const g = greedyAssign(diagnostics.candidates!);
    expect(diagnostics.candidates!.edgeWeight.length).toBe(s.candidatePairs);
    expect(s.totalScore).toBeGreaterThanOrEqual(g.total);
    expect(s.placed).toBeGreaterThanOrEqual(g.placedLeft);
  });
});
