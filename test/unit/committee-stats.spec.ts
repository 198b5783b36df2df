import { maxGroups, silhouette } from '../../src/committee/map/clusters.js';
import { pca2, type SparseRows } from '../../src/committee/map/pca.js';
import { routingWeight, pickNext } from '../../src/committee/map/routing.js';
import { agreedByEveryGroup, divisive, groupInformedConsensus, propTest, rate, representatives, spreads, twoPropTest, type Counts } from '../../src/committee/map/stats.js';

/**
 * Each formula of the map pinned on small matrices computed by hand (the numbers in the comments),
 * after Polis's math (compdemocracy/polis, math/src/polismath/math/: stats.clj, repness.clj,
 * pca.clj, clusters.clj, conversation.clj).
 */
const c = (a: number, d: number, s: number): Counts => ({ a, d, s });

describe("Polis's tests (stats.clj)", () => {
  it('smoothed rate (n + 1) / (seen + 2)', () => {
    expect(rate(3, 4)).toBeCloseTo(4 / 6, 12);
    expect(rate(0, 0)).toBe(0.5);
  });

  it('one-proportion test 2·√(n+1)·((succ+1)/(n+1) − ½)', () => {
    // 2 · √5 · (4/5 − 0.5) = 2 · 2.2360680 · 0.3
    expect(propTest(3, 4)).toBeCloseTo(1.3416408, 6);
    // a lone agree: 2 · √2 · (2/2 − 0.5)
    expect(propTest(1, 1)).toBeCloseTo(1.4142136, 6);
    expect(propTest(0, 4)).toBeCloseTo(2 * Math.sqrt(5) * (1 / 5 - 0.5), 12);
  });

  it('two-proportion test with every count + 1, 0 when the pooled rate is 1', () => {
    // in: 4/5, out: 2/7, pooled 6/12 = 0.5; z = 0.5142857 / √(0.25 · (1/5 + 1/7)) = 0.5142857 / 0.2927700
    expect(twoPropTest(3, 1, 4, 6)).toBeCloseTo(1.7566, 4);
    // everyone agrees: pooled (3 + 4) / (3 + 4) = 1
    expect(twoPropTest(2, 3, 2, 3)).toBe(0);
    expect(twoPropTest(1, 3, 4, 6)).toBeLessThan(0);
  });
});

describe('representativeness (repness.clj)', () => {
  it('a group that agrees where the others disagree: direction, both rates, z and the metric', () => {
    // the group: 4 of 4 agree; everyone: 5 agree, 4 disagree of 9, so outside: 1 agree, 4 disagree of 5
    const [rep] = representatives([c(4, 0, 4)], [c(5, 4, 9)]);
    expect(rep.direction).toBe('AGREE');
    expect(rep.groupRate).toBeCloseTo(5 / 6, 12);
    expect(rep.otherRate).toBeCloseTo(2 / 7, 12);
    // z: in 5/5 = 1, out 2/6, pooled 7/11: (1 − 0.333333) / √(0.636364 · 0.363636 · (1/5 + 1/6)) = 0.666667 / 0.291288
    expect(rep.z).toBeCloseTo(2.28869, 4);
    // metric: ratio (5/6)/(2/7) = 2.916667 × z × rate 5/6 × pat 2.236068 (2·√5·(5/5 − ½))
    expect(rep.metric).toBeCloseTo(2.916667 * 2.28869 * (5 / 6) * 2.236068, 3);
  });

  it('a group that disagrees: the direction with the larger z, and its rates', () => {
    const [rep] = representatives([c(0, 4, 4)], [c(5, 4, 9)]);
    expect(rep.direction).toBe('DISAGREE');
    expect(rep.groupRate).toBeCloseTo(5 / 6, 12);
    // outside: 0 disagree of 5 → 1/7
    expect(rep.otherRate).toBeCloseTo(1 / 7, 12);
  });

  it('refuses what does not pass both tests at 90 % (z > 1.2816), and statements the group never voted on', () => {
    // 2 of 3 agree in the group, 2 of 3 outside: no difference
    expect(representatives([c(2, 1, 3)], [c(4, 2, 6)])).toEqual([]);
    // a big difference, but only 1 member saw it: pat = 2·√2·(2/2 − ½) = 1.414 passes, z = (1 − 1/6)/√(… ) …
    const thin = representatives([c(1, 0, 1)], [c(1, 4, 6)]);
    expect(thin.every((r) => r.z > 1.2816)).toBe(true);
    expect(representatives([c(0, 0, 3)], [c(0, 0, 9)])).toEqual([]);
  });

  it('keeps at most 5, the strongest first', () => {
    const group = [c(4, 0, 4), c(3, 0, 4), c(4, 0, 4), c(4, 0, 4), c(4, 0, 4), c(4, 0, 4), c(2, 2, 4)];
    const all = group.map((g) => c(g.a + 1, g.d + 4, g.s + 5));
    const reps = representatives(group, all);
    expect(reps).toHaveLength(5);
    expect(reps.map((r) => r.s)).toEqual([0, 2, 3, 4, 5]);
    for (let i = 1; i < reps.length; i++) expect(reps[i - 1].metric).toBeGreaterThanOrEqual(reps[i].metric);
  });
});

describe('consensus and division (conversation.clj group-aware-consensus)', () => {
  const groups = [
    [c(3, 1, 4), c(4, 0, 4), c(0, 4, 4)],
    [c(1, 2, 3), c(3, 0, 3), c(3, 0, 3)],
  ];
  const all = [c(4, 3, 7), c(7, 0, 7), c(3, 4, 7), c(0, 0, 0)];

  it('group-informed consensus is the product of the groups’ (agree + 1) / (seen + 2), ranked, only statements with a stance', () => {
    const ranked = groupInformedConsensus([...groups.map((g) => [...g, c(0, 0, 0)])], all, 10);
    // s1: 5/6 · 4/5 = 0.666667; s0: 4/6 · 2/5 = 0.266667; s2: 1/6 · 4/5 = 0.133333; s3 (no stance) left out
    expect(ranked.map((x) => x.s)).toEqual([1, 0, 2]);
    expect(ranked[0].score).toBeCloseTo(2 / 3, 12);
    expect(ranked[1].score).toBeCloseTo(4 / 15, 12);
    expect(ranked[2].score).toBeCloseTo(2 / 15, 12);
  });

  it('is never empty in a polarised meeting, while "agreed by every group" may be', () => {
    const polarised = [[c(4, 0, 4)], [c(0, 4, 4)]];
    const ranked = groupInformedConsensus(polarised, [c(4, 4, 8)], 10);
    expect(ranked).toHaveLength(1);
    expect(ranked[0].score).toBeCloseTo((5 / 6) * (1 / 6), 12);
    expect(agreedByEveryGroup(polarised, ranked, 3)).toEqual([]);
    // agreed in both, by at least 3 in each: pa > ½ and pat > 1.2816 in every group
    const both = [[c(4, 0, 4)], [c(3, 0, 3)]];
    expect(agreedByEveryGroup(both, groupInformedConsensus(both, [c(7, 0, 7)], 10), 3)).toEqual([0]);
  });

  it('divisive: one group for, another against, significantly; ranked by the spread of agree rates', () => {
    const spread = spreads(groups, 3);
    // s2: 5/6 · … group0 pa = 1/6, group1 pa = 4/5: spread 0.633333
    expect(spread[2]).toBeCloseTo(4 / 5 - 1 / 6, 12);
    expect(spread[1]).toBeCloseTo(5 / 6 - 4 / 5, 12);
    // group1 agrees 3/3 (pa 0.8), group0 disagrees 4/4 (pd 5/6); z(3 of 3 vs 0 of 4) = (1 − 0.2)/√(0.5·0.5·(1/4 + 1/5)) = 2.385
    expect(divisive(groups, spread, 10)).toEqual([2]);
    expect(divisive([groups[0]], spreads([groups[0]], 3), 10)).toEqual([]);
  });
});

describe('PCA as Polis computes it (pca.clj, sparsity-aware projection)', () => {
  // 5 participants × 2 statements: [1,1] [1,1] [-1,-1] [-1,-1] and [1, missing]
  const m: SparseRows = {
    rows: 5,
    cols: 2,
    ptr: Int32Array.from([0, 2, 4, 6, 8, 9]),
    col: Int32Array.from([0, 1, 0, 1, 0, 1, 0, 1, 0]),
    val: Float64Array.from([1, 1, 1, 1, -1, -1, -1, -1, 1]),
  };
  const { center, comps, proj } = pca2(m);

  it('centres on the mean of the stances taken (a missing stance counts as that mean)', () => {
    expect([...center]).toEqual([0.2, 0]);
  });

  it('finds the eigenvectors of XᵀX of the centred matrix, with a fixed sign', () => {
    // XᵀX = [[4.8, 4], [4, 4]]: λ = (8.8 ± √64.64) / 2 = 8.41995, 0.38005; v1 ∝ (1, 0.904988)
    expect(comps[0][0]).toBeCloseTo(0.741452, 5);
    expect(comps[0][1]).toBeCloseTo(0.67101, 5);
    // orthogonal to it, the larger loading positive
    expect(comps[1][0]).toBeCloseTo(-0.67101, 5);
    expect(comps[1][1]).toBeCloseTo(0.741452, 5);
  });

  it('projects from the stances taken only, scaled by √(statements / stances taken)', () => {
    // [0.8, 1] · v1 = 0.593162 + 0.671010
    expect(proj[0][0]).toBeCloseTo(1.264172, 5);
    // [0.8, ·]: 0.8 · 0.741452 · √(2/1), and 0.8 · −0.671010 · √2
    expect(proj[4][0]).toBeCloseTo(0.838858, 5);
    expect(proj[4][1]).toBeCloseTo(-0.759156, 5);
  });
});

describe('choosing k (clusters.clj silhouette, conversation.clj max-k-fn)', () => {
  it('silhouette over participants, equal stances folded into weighted points', () => {
    // group 0: (0,0) (0,1); group 1: (4,0) (4,1): s = (4.06155 − 1) / 4.06155 for each
    expect(silhouette({ xy: [[0, 0], [0, 1], [4, 0], [4, 1]], w: [1, 1, 1, 1] }, [0, 0, 1, 1], 2)).toBeCloseTo(0.75379, 5);
    // two people at (0,0): 0.876895 (twice), 0.753790, 0.752538, 0.755026 → mean 0.803029
    expect(silhouette({ xy: [[0, 0], [0, 1], [4, 0], [4, 1]], w: [2, 1, 1, 1] }, [0, 0, 1, 1], 2)).toBeCloseTo(0.803029, 5);
  });

  it('k from 2 up to 2 + participants / 12 (at most 5), never groups under 3', () => {
    expect(maxGroups(6)).toBe(2);
    expect(maxGroups(14)).toBe(3);
    expect(maxGroups(40)).toBe(5);
    expect(maxGroups(1000)).toBe(5);
    expect(maxGroups(5)).toBe(1);
  });
});

describe('nextPerspective routing (conversation.clj priority-metric)', () => {
  it('weighs (1 − pass rate) × (1 + 2 × spread) × (1 + 8 × 2^(−seen/5))', () => {
    // nobody has seen it: ½ · 1 · 9
    expect(routingWeight({ id: 'a', pass: 0, seen: 0, spread: 0 })).toBeCloseTo(4.5, 12);
    // 10 saw it, 2 passed, groups 0.5 apart: 0.75 · 2 · 3
    expect(routingWeight({ id: 'b', pass: 2, seen: 10, spread: 0.5 })).toBeCloseTo(4.5, 12);
    // 20 saw it, none passed, groups agree: (1 − 1/22) · 1 · (1 + 8/16)
    expect(routingWeight({ id: 'c', pass: 0, seen: 20, spread: 0 })).toBeCloseTo((21 / 22) * 1.5, 12);
  });

  it('picks the heaviest; equal weights in an order of the person’s own', () => {
    const fresh = { id: 'fresh', pass: 0, seen: 1, spread: 0 };
    const dividing = { id: 'dividing', pass: 0, seen: 30, spread: 0.9 };
    const settled = { id: 'settled', pass: 0, seen: 30, spread: 0 };
    expect(pickNext([settled, dividing], 'u1')).toBe('dividing');
    expect(pickNext([settled, fresh], 'u1')).toBe('fresh');
    expect(pickNext([], 'u1')).toBeNull();
    const twins = [
      { id: 'x', pass: 0, seen: 0, spread: 0 },
      { id: 'y', pass: 0, seen: 0, spread: 0 },
    ];
    const picks = new Set(Array.from({ length: 20 }, (_, i) => pickNext(twins, `person-${i}`)));
    expect(picks).toEqual(new Set(['x', 'y']));
    expect(pickNext(twins, 'person-1')).toBe(pickNext([...twins].reverse(), 'person-1'));
  });
});
