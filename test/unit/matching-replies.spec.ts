import { mulberry32 } from '../../bench/engine/synthetic.js';
import { exactWithMinimums } from '../../bench/support/minimums-exact.js';
import { THEME_LABELS } from '../../bench/engine/synthetic.js';
import type { BipartiteProblem } from '../../src/lib/assignment/index.js';
import { INTEREST_BONUS, runMatching, type OfferInput, type StudentInput } from '../../src/matching/engine/index.js';
import { assignWithMinimums, violators } from '../../src/lib/assignment/minimums.js';

/** The engine's parts for the replies (issue 11): minimum group sizes, students' interest, why a student was left out. */

/** The exact optimum of a tiny problem with minimums (every student to one offer or none), by enumeration. */
function bruteForce(p: BipartiteProblem, min: number[]): number {
  const w = new Map<string, number>();
  for (let e = 0; e < p.edgeWeight.length; e++) if (p.edgeWeight[e] > 0) w.set(`${p.edgeLeft[e]}.${p.edgeRight[e]}`, Math.max(w.get(`${p.edgeLeft[e]}.${p.edgeRight[e]}`) ?? 0, p.edgeWeight[e]));
  const load = new Array(p.rightCount).fill(0);
  let best = 0;
  const go = (i: number, total: number): void => {
    if (i === p.leftCount) {
      if (load.every((n, r) => n === 0 || n >= min[r])) best = Math.max(best, total);
      return;
    }
    go(i + 1, total);
    for (let r = 0; r < p.rightCount; r++) {
      const x = w.get(`${i}.${r}`);
      if (x === undefined || load[r] >= p.rightCap[r]) continue;
      load[r]++;
      go(i + 1, total + x);
      load[r]--;
    }
  };
  go(0, 0);
  return best;
}

function randomProblem(r: () => number): { p: BipartiteProblem; min: number[] } {
  const L = 3 + Math.floor(r() * 6);
  const R = 1 + Math.floor(r() * 3);
  const el: number[] = [], er: number[] = [], ew: number[] = [];
  for (let i = 0; i < L; i++) for (let j = 0; j < R; j++) if (r() < 0.7) (el.push(i), er.push(j), ew.push(Math.round(r() * 100) / 100));
  const rightCap = Array.from({ length: R }, () => 1 + Math.floor(r() * 4));
  const min = rightCap.map((c) => (r() < 0.6 ? 1 + Math.floor(r() * c) : 1));
  return { p: { leftCount: L, rightCount: R, leftCap: 1, rightCap, edgeLeft: el, edgeRight: er, edgeWeight: ew }, min };
}

describe('minimum group sizes (minimums.ts)', () => {
  it('every result is feasible (each offer 0 or ≥ its minimum, within capacity) and within 3 % of the exact optimum on 300 tiny cities', () => {
    const r = mulberry32(11);
    let exact = 0;
    let worst = 1;
    for (let k = 0; k < 300; k++) {
      const { p, min } = randomProblem(r);
      const res = assignWithMinimums(p, min, { exact: true });
      expect(violators(p, res.chosen, min)).toEqual([]);
      const load = new Array(p.rightCount).fill(0);
      const placed = new Set<number>();
      for (const e of res.chosen) {
        load[p.edgeRight[e]]++;
        expect(placed.has(p.edgeLeft[e])).toBe(false);
        placed.add(p.edgeLeft[e]);
      }
      load.forEach((n, j) => expect(n).toBeLessThanOrEqual(p.rightCap[j]));
      const best = bruteForce(p, min);
      // the benchmark's exact solver (branch and bound) agrees with the enumeration
      const exactResult = exactWithMinimums(p, min);
      expect(exactResult.proven).toBe(true);
      expect(exactResult.total).toBeCloseTo(best, 6);
      expect(res.total).toBeLessThanOrEqual(best + 1e-9);
      expect(res.upperBound + 1e-9).toBeGreaterThanOrEqual(best);
      if (Math.abs(res.total - best) < 1e-9) exact++;
      if (best > 0) worst = Math.min(worst, res.total / best);
    }
    expect(worst).toBeGreaterThanOrEqual(0.97);
    expect(exact).toBeGreaterThanOrEqual(270);
  });

  it('forces a group when gathering it is worth more than what its students would do elsewhere', () => {
    // offer 0 needs 3; three students fit it well and offer 1 a little less; offer 1 also has its own fit
    const p: BipartiteProblem = {
      leftCount: 4,
      rightCount: 2,
      leftCap: 1,
      rightCap: [3, 2],
      edgeLeft: [0, 0, 1, 1, 2, 2, 3],
      edgeRight: [0, 1, 0, 1, 0, 1, 1],
      edgeWeight: [0.9, 0.95, 0.9, 0.5, 0.9, 0.5, 0.8],
    };
    const res = assignWithMinimums(p, [3, 1], { exact: true });
    // unconstrained, student 0 goes to offer 1 and offer 0 keeps two: below its minimum
    expect(res.total).toBeCloseTo(0.9 * 3 + 0.8, 9);
    expect([...res.closed]).toEqual([0, 0]);
  });

  it('closes a group that cannot gather its minimum, and says so', () => {
    const p: BipartiteProblem = { leftCount: 2, rightCount: 2, leftCap: 1, rightCap: [5, 5], edgeLeft: [0, 1, 1], edgeRight: [0, 0, 1], edgeWeight: [0.9, 0.9, 0.3] };
    const res = assignWithMinimums(p, [3, 1], { exact: true });
    expect(res.closed[0]).toBe(1);
    expect([...res.chosen].map((e) => p.edgeRight[e])).toEqual([1]);
  });
});

const S = (p: Partial<StudentInput> & Pick<StudentInput, 'id' | 'themes'>): StudentInput => ({
  stage: 'HIGH_SCHOOL', concerns: '', interests: '', area: '中央', slots: ['WEEKEND_MORNING'], modes: ['ONSITE'], ...p,
});
const O = (p: Partial<OfferInput> & Pick<OfferInput, 'id' | 'themes'>): OfferInput => ({
  title: '', description: '', openPlaces: 1, stages: ['HIGH_SCHOOL'], area: '中央', mode: 'ONSITE', slots: ['WEEKEND_MORNING'], ...p,
});
const placement = (students: StudentInput[], offers: OfferInput[]) =>
  Object.fromEntries(runMatching(students, offers, { themeLabels: THEME_LABELS }).proposals.flatMap((p) => p.participants.map((x) => [x.studentId, p.offerId])));

describe("a student's interest", () => {
  it('decides between two close offers (a bonus of INTEREST_BONUS), and never beats a much better fit by itself', () => {
    expect(INTEREST_BONUS).toBeGreaterThanOrEqual(0.03);
    expect(INTEREST_BONUS).toBeLessThanOrEqual(0.1);
    const student = S({ id: 's', themes: ['disaster', 'community'] });
    // a: the best fit (0.667); close: the same without an area (0.635, 0.031 below a);
    // worse: in another area (0.600, 0.067 below); far: another subject (0.287)
    const a = O({ id: 'a', themes: ['disaster', 'community'] });
    const close = O({ id: 'close', themes: ['disaster', 'community'], area: null });
    const worse = O({ id: 'worse', themes: ['disaster', 'community'], area: '北野' });
    const far = O({ id: 'far', themes: ['community', 'culture', 'sports'], area: '北野' });
    expect(placement([student], [a, close])).toEqual({ s: 'a' });
    expect(placement([student], [a, { ...close, interestedStudentIds: ['s'] }])).toEqual({ s: 'close' });
    expect(placement([student], [a, { ...worse, interestedStudentIds: ['s'] }])).toEqual({ s: 'a' });
    expect(placement([student], [a, { ...far, interestedStudentIds: ['s'] }])).toEqual({ s: 'a' });
    // the coordinators' reasons say so
    const reasons = runMatching([student], [{ ...a, interestedStudentIds: ['s'] }], { themeLabels: THEME_LABELS }).proposals[0].participants[0].reasons;
    expect(reasons).toContain('本人がこの募集に「関心あり」と回答');
    // NOT_INTERESTED (a decline) excludes the pair, whatever the fit
    expect(placement([student], [{ ...a, declinedStudentIds: ['s'] }, close])).toEqual({ s: 'close' });
  });
});

describe('why a student was left out', () => {
  it('names the reason of each unplaced student, and for OUTSCORED the nearest offer, the score and the cutoff', () => {
    const students = [
      S({ id: 'in', themes: ['food'], concerns: '子ども食堂を手伝いたい' }),
      S({ id: 'out', themes: ['food'], area: '北野' }),
      S({ id: 'no-compat', stage: 'ELEMENTARY', themes: ['food'] }),
      S({ id: 'no-interest', themes: ['sports'] }),
      S({ id: 'declined', themes: ['elderly'] }),
      S({ id: 'below', themes: ['culture'] }),
    ];
    const offers = [
      O({ id: 'food', themes: ['food'], openPlaces: 1 }),
      O({ id: 'care', themes: ['elderly'], declinedStudentIds: ['declined'] }),
      O({ id: 'art', themes: ['culture'], openPlaces: 3, minParticipants: 3 }),
    ];
    const result = runMatching(students, offers, { themeLabels: THEME_LABELS });
    const why = Object.fromEntries(result.unplaced.map((u) => [u.studentId, u]));
    expect(Object.keys(why).sort()).toEqual(['below', 'declined', 'no-compat', 'no-interest', 'out']);
    expect(why['no-compat'].reason).toBe('NO_COMPATIBLE_OFFER');
    expect(why['no-interest'].reason).toBe('NO_SHARED_INTEREST');
    expect(why.declined.reason).toBe('DECLINED_ALL');
    expect(why.below.reason).toBe('BELOW_MINIMUM');
    expect(result.stats.closedByMinimum).toBe(1);
    expect(why.out).toMatchObject({ reason: 'OUTSCORED', nearestOfferId: 'food' });
    const placedScore = result.proposals.find((p) => p.offerId === 'food')!.participants[0].score;
    expect(why.out.cutoff).toBeCloseTo(placedScore, 9);
    expect(why.out.score!).toBeLessThan(why.out.cutoff!);
  });
});
