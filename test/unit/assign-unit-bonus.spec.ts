import { assignOptimal, assignSSP, usableEdges, type BipartiteProblem } from '../../src/lib/assignment/index.js';
import { mulberry32 } from '../../bench/engine/synthetic.js';

/**
 * The engine's `leftUnitBonus` (diminishing returns per left node, used by the SUPPORT run so that
 * nobody gets a second helper while someone could have a first): optimal for weights plus bonuses
 * against brute force, feasible, and the reported total still the weights alone.
 */
const objective = (p: BipartiteProblem, chosen: ArrayLike<number>, bonus: (i: number, k: number) => number): number => {
  const placed = new Map<number, number>();
  let total = 0;
  for (const e of Array.from(chosen)) {
    const i = p.edgeLeft[e];
    const k = placed.get(i) ?? 0;
    total += p.edgeWeight[e] + bonus(i, k);
    placed.set(i, k + 1);
  }
  return total;
};

function bruteForce(p: BipartiteProblem, bonus: (i: number, k: number) => number): number {
  const edges = [...usableEdges(p)];
  const lLoad = new Array(p.leftCount).fill(0);
  const rLoad = new Array(p.rightCount).fill(0);
  const lc = (i: number) => (typeof p.leftCap === 'number' ? p.leftCap : p.leftCap[i]);
  let best = 0;
  const go = (k: number, total: number): void => {
    if (k === edges.length) return void (best = Math.max(best, total));
    go(k + 1, total);
    const e = edges[k], i = p.edgeLeft[e], j = p.edgeRight[e];
    if (lLoad[i] < lc(i) && rLoad[j] < p.rightCap[j]) {
      const gain = p.edgeWeight[e] + bonus(i, lLoad[i]);
      lLoad[i]++;
      rLoad[j]++;
      go(k + 1, total + gain);
      lLoad[i]--;
      rLoad[j]--;
    }
  };
  go(0, 0);
  return best;
}

describe('assignment with a bonus per unit placed at a left node', () => {
  it('is optimal for weights plus bonuses against brute force on many tiny random instances', () => {
    const r = mulberry32(1765200);
    let checked = 0;
    for (let it = 0; it < 400; it++) {
      const L = 1 + Math.floor(r() * 4), R = 1 + Math.floor(r() * 4);
      const el: number[] = [], er: number[] = [], ew: number[] = [];
      for (let i = 0; i < L; i++) for (let j = 0; j < R; j++) if (r() < 0.6) (el.push(i), er.push(j), ew.push(r() < 0.3 ? Math.round(r() * 10) / 10 : r()));
      if (el.length > 11) continue;
      const p: BipartiteProblem = {
        leftCount: L, rightCount: R,
        leftCap: Array.from({ length: L }, () => Math.floor(r() * 4)),
        rightCap: Array.from({ length: R }, () => Math.floor(r() * 3)),
        edgeLeft: el, edgeRight: er, edgeWeight: ew,
      };
      // non-increasing per left node: steep (coverage first) or gentle, with per-node offsets
      const steep = it % 2 === 0;
      const offset = Array.from({ length: L }, () => Math.floor(r() * 2));
      const bonus = (i: number, k: number) => Math.max(0, (steep ? 1 : 0.15) * (4 - offset[i] - k));
      const a = assignOptimal(p, { leftUnitBonus: bonus });
      // feasible: capacities, each pair once
      const lLoad = new Map<number, number>(), rLoad = new Map<number, number>(), pairs = new Set<string>();
      for (const e of a.chosen) {
        const i = p.edgeLeft[e], j = p.edgeRight[e];
        lLoad.set(i, (lLoad.get(i) ?? 0) + 1);
        rLoad.set(j, (rLoad.get(j) ?? 0) + 1);
        expect(pairs.has(`${i}.${j}`)).toBe(false);
        pairs.add(`${i}.${j}`);
      }
      for (const [i, n] of lLoad) expect(n).toBeLessThanOrEqual((p.leftCap as number[])[i]);
      for (const [j, n] of rLoad) expect(n).toBeLessThanOrEqual(p.rightCap[j]);
      expect(objective(p, a.chosen, bonus)).toBeCloseTo(bruteForce(p, bonus), 5);
      // the reported total is the weights alone, and the bound still bounds the weights' optimum
      expect(a.total).toBeCloseTo(Array.from(a.chosen).reduce((s, e) => s + ew[e], 0), 9);
      expect(a.upperBound).toBeGreaterThanOrEqual(assignSSP(p).total - 1e-6);
      checked++;
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('gives two left nodes one unit each rather than one node both, when the steps outweigh the weights', () => {
    // X fits both right nodes better (1.0) than Y (0.7); each right node takes one unit
    const p: BipartiteProblem = { leftCount: 2, rightCount: 2, leftCap: [2, 2], rightCap: [1, 1], edgeLeft: [0, 0, 1, 1], edgeRight: [0, 1, 0, 1], edgeWeight: [1, 1, 0.7, 0.7] };
    const plain = assignOptimal(p);
    expect(Array.from(plain.chosen).map((e) => p.edgeLeft[e])).toEqual([0, 0]);
    const fair = assignOptimal(p, { leftUnitBonus: (_i, k) => Math.max(0, 2 - k) });
    expect(Array.from(fair.chosen).map((e) => p.edgeLeft[e]).sort()).toEqual([0, 1]);
    expect(fair.total).toBeCloseTo(1.7, 9);
  });

  it('changes nothing without the option (the unit-capacity fast path is untouched)', () => {
    const p: BipartiteProblem = { leftCount: 3, rightCount: 2, leftCap: 1, rightCap: [1, 1], edgeLeft: [0, 1, 2, 2], edgeRight: [0, 0, 1, 0], edgeWeight: [0.9, 0.8, 0.5, 0.95] };
    expect(Array.from(assignOptimal(p).chosen)).toEqual(Array.from(assignSSP(p).chosen));
    expect(Array.from(assignOptimal(p, { leftUnitBonus: () => 0 }).chosen)).toEqual(Array.from(assignSSP(p).chosen));
  });
});
