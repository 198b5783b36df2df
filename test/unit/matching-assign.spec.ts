import { AUCTION_EPS, AUCTION_TARGET_GAP, assignAuction, assignOptimal, dualUpperBound, greedyAssign, usableEdges, type BipartiteProblem } from '../../src/lib/assignment/index.js';
import { byWeightDescending } from '../../src/lib/assignment/greedy.js';
import { referenceAssign } from '../../src/lib/assignment/reference.js';
import { mulberry32 } from '../../bench/engine/synthetic.js';

function randomProblem(r: () => number, maxL: number, maxR: number, density: number, leftCaps: 'one' | 'many'): BipartiteProblem {
  const L = 1 + Math.floor(r() * maxL);
  const R = 1 + Math.floor(r() * maxR);
  const el: number[] = [], er: number[] = [], ew: number[] = [];
  for (let i = 0; i < L; i++)
    for (let j = 0; j < R; j++)
      if (r() < density) {
        el.push(i);
        er.push(j);
        // coarse weights make many ties; some zeros must be ignored
        ew.push(r() < 0.1 ? 0 : r() < 0.5 ? Math.round(r() * 10) / 10 : r());
      }
  return {
    leftCount: L,
    rightCount: R,
    leftCap: leftCaps === 'one' ? 1 : Array.from({ length: L }, () => Math.floor(r() * 3)),
    rightCap: Array.from({ length: R }, () => Math.floor(r() * 4)),
    edgeLeft: el,
    edgeRight: er,
    edgeWeight: ew,
  };
}

/** Exhaustive optimum for tiny instances. */
function bruteForce(p: BipartiteProblem): number {
  const edges = [...usableEdges(p)];
  const lLoad = new Array(p.leftCount).fill(0);
  const rLoad = new Array(p.rightCount).fill(0);
  const lc = (i: number) => (typeof p.leftCap === 'number' ? p.leftCap : p.leftCap[i]);
  let best = 0;
  const go = (k: number, total: number): void => {
    if (k === edges.length) {
      best = Math.max(best, total);
      return;
    }
    go(k + 1, total);
    const e = edges[k], i = p.edgeLeft[e], j = p.edgeRight[e];
    if (lLoad[i] < lc(i) && rLoad[j] < p.rightCap[j]) {
      lLoad[i]++;
      rLoad[j]++;
      go(k + 1, total + p.edgeWeight[e]);
      lLoad[i]--;
      rLoad[j]--;
    }
  };
  go(0, 0);
  return best;
}

function checkFeasible(p: BipartiteProblem, chosen: Int32Array): void {
  const lLoad = new Map<number, number>();
  const rLoad = new Map<number, number>();
  const pairs = new Set<string>();
  for (const e of chosen) {
    const i = p.edgeLeft[e], j = p.edgeRight[e];
    expect(p.edgeWeight[e]).toBeGreaterThan(0);
    lLoad.set(i, (lLoad.get(i) ?? 0) + 1);
    rLoad.set(j, (rLoad.get(j) ?? 0) + 1);
    expect(pairs.has(`${i}:${j}`)).toBe(false);
    pairs.add(`${i}:${j}`);
  }
  for (const [i, n] of lLoad) expect(n).toBeLessThanOrEqual(typeof p.leftCap === 'number' ? p.leftCap : p.leftCap[i]);
  for (const [j, n] of rLoad) expect(n).toBeLessThanOrEqual(p.rightCap[j]);
}

describe('assignment', () => {
  it('is optimal against brute force on many tiny random instances', () => {
    const r = mulberry32(11);
    for (let it = 0; it < 300; it++) {
      const p = randomProblem(r, 5, 4, 0.5, it % 2 ? 'one' : 'many');
      if (usableEdges(p).length > 14) continue;
      const a = assignOptimal(p);
      checkFeasible(p, a.chosen);
      expect(a.total).toBeCloseTo(bruteForce(p), 6);
    }
  });

  it('is optimal against the reference SSP (≤ 200 × 50), beats or ties greedy, and certifies itself', () => {
    const r = mulberry32(5);
    let strictlyBetter = 0;
    for (let it = 0; it < 120; it++) {
      const big = it % 10 === 0;
      const p = randomProblem(r, big ? 200 : 40, big ? 50 : 12, big ? 0.08 : 0.35, it % 3 ? 'one' : 'many');
      const a = assignOptimal(p, { placementBonus: it % 2 ? 1e-6 : 0 });
      const ref = referenceAssign(p);
      const g = greedyAssign(p);
      checkFeasible(p, a.chosen);
      checkFeasible(p, g.chosen);
      expect(a.total).toBeGreaterThanOrEqual(ref.total - 1e-5);
      expect(a.total).toBeLessThanOrEqual(ref.total + 1e-9);
      expect(a.total).toBeGreaterThanOrEqual(g.total - 1e-9);
      // dual certificate: a valid bound (≥ the optimum) and tight (≤ 0.5 % and in fact ~0)
      expect(a.upperBound).toBeGreaterThanOrEqual(ref.total - 1e-9);
      expect(a.upperBound - a.total).toBeLessThanOrEqual(Math.max(1e-4, 0.005 * a.total));
      if (a.total > g.total + 1e-9) strictlyBetter++;
    }
    expect(strictlyBetter).toBeGreaterThan(10);
  });

  it('any prices give a valid upper bound (weak duality)', () => {
    const r = mulberry32(8);
    for (let it = 0; it < 50; it++) {
      const p = randomProblem(r, 30, 10, 0.3, 'one');
      const opt = referenceAssign(p).total;
      const prices = Array.from({ length: p.rightCount }, () => r());
      expect(dualUpperBound(p, prices)).toBeGreaterThanOrEqual(opt - 1e-9);
    }
  });

  it('greedy is not optimal on the classic counter-example, the optimum places more', () => {
    // A (cap 1), B (cap 1); s1: A .9, B .8; s2: A .85
    const p: BipartiteProblem = { leftCount: 2, rightCount: 2, leftCap: 1, rightCap: [1, 1], edgeLeft: [0, 0, 1], edgeRight: [0, 1, 0], edgeWeight: [0.9, 0.8, 0.85] };
    const g = greedyAssign(p);
    const a = assignOptimal(p);
    expect(g.total).toBeCloseTo(0.9, 9);
    expect(g.placedLeft).toBe(1);
    expect(a.total).toBeCloseTo(1.65, 9);
    expect(a.placedLeft).toBe(2);
    expect([...a.chosen]).toEqual([1, 2]);
  });

  it('the placement bonus breaks exact ties toward more placements', () => {
    // s1 can take A alone (1.0) or s1→B + s2→A (0.5 + 0.5): equal totals
    const p: BipartiteProblem = { leftCount: 2, rightCount: 2, leftCap: 1, rightCap: [1, 1], edgeLeft: [0, 0, 1], edgeRight: [0, 1, 0], edgeWeight: [1, 0.5, 0.5] };
    expect(assignOptimal(p, { placementBonus: 1e-6 }).placedLeft).toBe(2);
  });

  it('works for the helper × need shape: helpers carry several needs, a need one helper', () => {
    // left = helpers (load ≤ 2), right = needs (≤ 1 helper); duplicates of a pair count once
    const p: BipartiteProblem = {
      leftCount: 2,
      rightCount: 3,
      leftCap: [2, 1],
      rightCap: [1, 1, 1],
      edgeLeft: [0, 0, 0, 1, 1, 0],
      edgeRight: [0, 1, 2, 0, 2, 0],
      edgeWeight: [0.9, 0.8, 0.7, 0.84, 0.6, 0.95],
    };
    const a = assignOptimal(p);
    checkFeasible(p, a.chosen);
    expect(a.total).toBeCloseTo(referenceAssign(p).total, 9);
    expect(a.total).toBeCloseTo(0.95 + 0.8 + 0.6, 9); // h0: n0 (the heavier duplicate) + n1, h1: n2
  });

  it('ignores non-positive weights, out-of-range ends and zero capacities', () => {
    const p: BipartiteProblem = { leftCount: 2, rightCount: 2, leftCap: [1, 0], rightCap: [0, 1], edgeLeft: [0, 0, 1, 5], edgeRight: [0, 1, 1, 0], edgeWeight: [1, -1, 1, 1] };
    const a = assignOptimal(p);
    expect(a.chosen.length).toBe(0);
    expect(a.total).toBe(0);
    expect(assignOptimal({ leftCount: 0, rightCount: 0, leftCap: 1, rightCap: [], edgeLeft: [], edgeRight: [], edgeWeight: [] }).total).toBe(0);
  });
});

/** A tight market (places ≈ 0.97 × students, clustered popular offers): long displacement chains. */
function tightProblem(r: () => number, L: number, R: number, deg: number): BipartiteProblem {
  const el: number[] = [], er: number[] = [], ew: number[] = [];
  for (let i = 0; i < L; i++) {
    const seen = new Set<number>();
    for (let d = 0; d < deg; d++) {
      // skewed popularity: low right indices are wanted more
      const j = Math.floor(R * r() * r());
      if (seen.has(j)) continue;
      seen.add(j);
      el.push(i);
      er.push(j);
      ew.push(r() < 0.3 ? Math.round(r() * 10) / 10 : r());
    }
  }
  const caps = Array.from({ length: R }, () => 1 + Math.floor(r() * 6));
  const total = caps.reduce((a, b) => a + b, 0);
  const rightCap = caps.map((c) => Math.max(1, Math.round((c * 0.97 * L) / total)));
  return { leftCount: L, rightCount: R, leftCap: 1, rightCap, edgeLeft: el, edgeRight: er, edgeWeight: ew };
}

describe('assignment fast path (ε-auction)', () => {
  it('is certified within 0.5 % on random tight markets, ≥ greedy, feasible and deterministic', () => {
    const r = mulberry32(21);
    let worst = 0;
    for (let it = 0; it < 24; it++) {
      const L = 60 + Math.floor(r() * 240);
      const p = tightProblem(r, L, Math.max(2, Math.floor(L / (4 + r() * 4))), 3 + Math.floor(r() * 10));
      const ref = referenceAssign(p);
      const g = greedyAssign(p);
      for (const a of [assignAuction(p, { placementBonus: it % 2 ? 1e-6 : 0 }), assignOptimal(p, { exact: false, placementBonus: 1e-6 })]) {
        checkFeasible(p, a.chosen);
        expect(a.total).toBeLessThanOrEqual(ref.total + 1e-9);
        // the bound is valid (≥ the true optimum) and certifies ≥ 99.5 % of it
        expect(a.upperBound).toBeGreaterThanOrEqual(ref.total - 1e-9);
        expect(a.total).toBeGreaterThanOrEqual(0.995 * a.upperBound);
        worst = Math.max(worst, (a.upperBound - a.total) / a.upperBound);
      }
      const fast = assignOptimal(p, { exact: false, placementBonus: 1e-6 });
      expect(fast.total).toBeGreaterThanOrEqual(g.total - 1e-9);
      expect(fast.placedLeft).toBeGreaterThanOrEqual(g.placedLeft);
      const again = assignOptimal(p, { exact: false, placementBonus: 1e-6 });
      expect([...again.chosen]).toEqual([...fast.chosen]);
    }
    expect(worst).toBeLessThan(0.005);
  });

  it('is the default above EXACT_MAX_LEFT and stays within 0.5 % of the exact SSP there', () => {
    const r = mulberry32(3);
    const p = tightProblem(r, 6000, 900, 20);
    const fast = assignOptimal(p, { placementBonus: 1e-6 });
    const exact = assignOptimal(p, { placementBonus: 1e-6, exact: true });
    const g = greedyAssign(p);
    checkFeasible(p, fast.chosen);
    // the fast path counts bids, the SSP settlements: far fewer per student on this market
    expect(fast.settled).toBeLessThan(exact.settled);
    expect(exact.upperBound - exact.total).toBeLessThanOrEqual(1e-4);
    expect(fast.total).toBeLessThanOrEqual(exact.total + 1e-9);
    expect(fast.total).toBeGreaterThanOrEqual(0.995 * exact.total);
    expect(fast.total).toBeGreaterThanOrEqual(0.995 * fast.upperBound);
    expect(fast.upperBound).toBeGreaterThanOrEqual(exact.total - 1e-6);
    expect(fast.total).toBeGreaterThanOrEqual(g.total);
    expect(fast.placedLeft).toBeGreaterThanOrEqual(g.placedLeft);
  });

  it('uses the exact SSP for left capacities above 1', () => {
    const p: BipartiteProblem = {
      leftCount: 2,
      rightCount: 3,
      leftCap: [2, 1],
      rightCap: [1, 1, 1],
      edgeLeft: [0, 0, 0, 1, 1],
      edgeRight: [0, 1, 2, 0, 2],
      edgeWeight: [0.9, 0.8, 0.7, 0.84, 0.6],
    };
    expect(assignOptimal(p, { exact: false }).total).toBeCloseTo(referenceAssign(p).total, 9);
  });

  it('handles huge right capacities without allocating them', () => {
    const p: BipartiteProblem = { leftCount: 3, rightCount: 2, leftCap: 1, rightCap: [1e9, 1], edgeLeft: [0, 1, 2, 2], edgeRight: [0, 0, 0, 1], edgeWeight: [0.5, 0.4, 0.3, 0.9] };
    const a = assignOptimal(p, { exact: false });
    expect(a.total).toBeCloseTo(1.8, 9);
    expect(a.upperBound).toBeGreaterThanOrEqual(1.8 - 1e-9);
    expect(a.upperBound).toBeLessThanOrEqual(1.8 / 0.995);
  });
});

describe('the fast paths give what their plain versions give', () => {
  // the ε-auction as first written: every bid scans the student's whole row in edge order
  function plainAuction(p: BipartiteProblem, bonus: number): { chosen: number[]; bids: number } {
    const edges = [...usableEdges(p)];
    const rows = Array.from({ length: p.leftCount }, () => [] as number[]);
    for (const e of edges) rows[p.edgeLeft[e]].push(e);
    const w = (e: number) => p.edgeWeight[e] + bonus;
    const wMax = Math.max(0, ...edges.map(w));
    const deg = new Array(p.rightCount).fill(0);
    for (const e of edges) deg[p.edgeRight[e]]++;
    const cap = Array.from({ length: p.rightCount }, (_, j) => Math.min(Math.max(0, p.rightCap[j]), deg[j] + 1));
    const best = rows.map((r) => Math.max(0, ...r.map(w)));
    const order = rows.map((_, i) => i).filter((i) => rows[i].length).sort((a, b) => best[b] - best[a] || a - b);
    let eps = AUCTION_EPS * wMax;
    let bids = 0;
    for (let phase = 0; ; phase++) {
      const price = new Array(p.rightCount).fill(0);
      const holders: { i: number; bid: number }[][] = Array.from({ length: p.rightCount }, () => []);
      const held = new Array(p.leftCount).fill(-1);
      const queue = [...order];
      while (queue.length) {
        const i = queue.shift()!;
        bids++;
        let v1 = 0, v2 = 0, e1 = -1;
        for (const e of rows[i]) {
          const v = w(e) - price[p.edgeRight[e]];
          if (v > v1) { v2 = v1; v1 = v; e1 = e; } else if (v > v2) v2 = v;
        }
        if (e1 < 0) continue;
        const j = p.edgeRight[e1];
        const bid = price[j] + v1 - v2 + eps;
        const h = holders[j];
        if (h.length === cap[j]) {
          // the lowest bid leaves (the first slot among equals, as slots are reused in place)
          let m = 0;
          for (let s = 1; s < h.length; s++) if (h[s].bid < h[m].bid) m = s;
          held[h[m].i] = -1;
          queue.push(h[m].i);
          h[m] = { i, bid };
        } else h.push({ i, bid });
        held[i] = e1;
        if (h.length === cap[j]) price[j] = Math.min(...h.map((x) => x.bid));
      }
      const chosen = held.filter((e) => e >= 0).sort((a, b) => a - b);
      const r = dualUpperBound(p, Float64Array.from(price), Int32Array.from(edges));
      const total = chosen.reduce((t, e) => t + p.edgeWeight[e], 0);
      if (r - total <= AUCTION_TARGET_GAP * r || phase >= 3) return { chosen, bids };
      eps /= 4;
    }
  }

  it('the auction, whose bids stop at the first edge lighter than the second-best value, chooses as a full scan does', () => {
    const r = mulberry32(77);
    for (let it = 0; it < 40; it++) {
      const L = 20 + Math.floor(r() * 200);
      // coarse weights and shuffled edges: many equal values, rows in no particular order
      const p = it % 2 ? tightProblem(r, L, Math.max(2, Math.floor(L / 5)), 2 + Math.floor(r() * 12)) : randomProblem(r, L, 30, 0.2, 'one');
      const perm = Array.from(p.edgeLeft, (_, k) => k).sort(() => r() - 0.5);
      const shuffled = { ...p, edgeLeft: perm.map((k) => p.edgeLeft[k]), edgeRight: perm.map((k) => p.edgeRight[k]), edgeWeight: perm.map((k) => p.edgeWeight[k]) };
      for (const q of [p, shuffled]) {
        const bonus = it % 3 ? 1e-6 : 0;
        const fast = assignAuction(q, { placementBonus: bonus });
        const plain = plainAuction(q, bonus);
        expect([...fast.chosen]).toEqual(plain.chosen);
        expect(fast.settled).toBe(plain.bids);
      }
    }
  });

  it('greedy takes the edges by quantised weight, ties by position, as a comparison sort does', () => {
    const r = mulberry32(5);
    for (let it = 0; it < 30; it++) {
      const p = randomProblem(r, 80, 40, 0.3, it % 2 ? 'one' : 'many');
      const edges = usableEdges(p);
      const wMax = Math.max(0, ...Array.from(edges, (e) => p.edgeWeight[e]));
      const q = (k: number) => Math.round((1 - p.edgeWeight[edges[k]] / wMax) * 2 ** 30);
      const expected = Array.from(edges, (_, k) => k).sort((a, b) => q(a) - q(b) || a - b).map((k) => edges[k]);
      expect([...byWeightDescending(p, edges)]).toEqual(expected);
    }
    // weights a hair apart sort by weight; equal ones by position, across both radix digits
    const p: BipartiteProblem = { leftCount: 4, rightCount: 1, leftCap: 1, rightCap: [1], edgeLeft: [0, 1, 2, 3], edgeRight: [0, 0, 0, 0], edgeWeight: [0.5, 1, 0.5 + 2 ** -20, 0.5] };
    expect([...byWeightDescending(p, usableEdges(p))]).toEqual([1, 2, 0, 3]);
  });
});
