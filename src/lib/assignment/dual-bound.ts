/**
 * The certified dual bound: `dualUpperBound` turns ANY non-negative right-node prices p_j into an
 * LP upper bound on the best total (weak duality):
 *     UB = Σ_i top_{a_i} max(0, w_ij − p_j) + Σ_j b_j·p_j
 * (u_i = the a_i largest positive profits of left node i, b_j its capacity). With the exact SSP's
 * prices UB equals the total up to rounding, a certificate of optimality; with the auction's it
 * certifies how far from optimal the result can be. Every solver reports its result through
 * `withDualBound`, so every result carries its bound.
 */
import { capOf, usableEdges, type AssignmentResult, type BipartiteProblem } from './problem.js';

/** Weak-duality bound for any non-negative right prices. */
export function dualUpperBound(p: BipartiteProblem, prices: ArrayLike<number>, edges: Int32Array = usableEdges(p)): number {
  let ub = 0;
  for (let j = 0; j < p.rightCount; j++) ub += Math.max(0, p.rightCap[j]) * Math.max(0, prices[j]);
  // u_i = the a_i largest positive profits w_ij − p_j (with edge capacities 1 the excess of the
  // others goes to the edge duals); leftCap 1 needs only the maximum
  const best = new Float64Array(p.leftCount);
  const many = new Map<number, number[]>();
  for (const e of edges) {
    const v = p.edgeWeight[e] - Math.max(0, prices[p.edgeRight[e]]);
    if (v <= 0) continue;
    const i = p.edgeLeft[e];
    const a = capOf(p.leftCap, i);
    if (a === 1) {
      if (v > best[i]) best[i] = v;
    } else if (a > 1) {
      const l = many.get(i);
      if (l) l.push(v);
      else many.set(i, [v]);
    }
  }
  for (let i = 0; i < p.leftCount; i++) ub += best[i];
  for (const [i, l] of many) {
    l.sort((x, y) => y - x);
    for (let k = 0; k < Math.min(capOf(p.leftCap, i), l.length); k++) ub += l[k];
  }
  return ub;
}

export function withDualBound(p: BipartiteProblem, chosen: Int32Array, prices: Float64Array, edges: Int32Array, settled: number): AssignmentResult {
  let total = 0;
  const placed = new Set<number>();
  for (const e of chosen) {
    total += p.edgeWeight[e];
    placed.add(p.edgeLeft[e]);
  }
  return { chosen, total, placedLeft: placed.size, upperBound: dualUpperBound(p, prices, edges), prices, settled };
}
