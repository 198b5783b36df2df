/**
 * The exact optimum of an assignment with minimum group sizes (each right node r gets 0 or at
 * least min[r] left nodes), for measuring the engine's repair heuristic (src/lib/assignment/minimums.ts) against it
 * on small cities. An independent method: branch and bound over the "0 or ≥ k" disjunctions.
 *
 * A node of the search fixes some right nodes CLOSED (capacity 0) and some OPEN (≥ min); the rest
 * are free (no minimum). Its relaxation (the free nodes without their minimum) is solved exactly:
 * each open node is split into a part of capacity min whose edges carry a bonus M larger than any
 * assignment's total weight, and the rest; the exact SSP (assignSSP) then fills every open part
 * whenever that is possible at all, and otherwise the node is infeasible. The relaxation's true
 * total bounds every completion of the node. When no free node is short of its minimum the
 * relaxation is feasible, hence optimal for the node; otherwise the search branches on a short
 * free node (open it, or close it). Depth-first, best bound kept; `nodeLimit` caps the work (the
 * result then says it is not proven, with the best bound left open).
 */
import { assignSSP, type BipartiteProblem } from '../../src/lib/assignment/index.js';

export interface ExactMinimumResult {
  /** the best feasible total found (the optimum when proven) */
  total: number;
  /** the highest relaxation bound of the subtrees left unexplored (= total when proven) */
  bound: number;
  proven: boolean;
  nodes: number;
}

/** `incumbent`: the total of a feasible assignment known already (it prunes from the start; the result is never below it). */
export function exactWithMinimums(p: BipartiteProblem, min: ArrayLike<number>, opts: { nodeLimit?: number; incumbent?: number } = {}): ExactMinimumResult {
  const limit = opts.nodeLimit ?? 20_000;
  const R = p.rightCount;
  // M above any assignment's total: Σ over left nodes of their best edge (left capacities are 1)
  const bestOf = new Float64Array(p.leftCount);
  for (let e = 0; e < p.edgeWeight.length; e++) bestOf[p.edgeLeft[e]] = Math.max(bestOf[p.edgeLeft[e]], p.edgeWeight[e]);
  const M = 1 + bestOf.reduce((a, b) => a + b, 0);
  let best = Math.max(0, opts.incumbent ?? 0);
  let nodes = 0;
  let openBound = -Infinity;
  const state = new Int8Array(R); // 0 free, 1 open, -1 closed

  const search = (): void => {
    if (nodes >= limit) return;
    nodes++;
    const relaxed = relax(p, min, state, M);
    if (!relaxed || relaxed.total <= best + 1e-12) return;
    if (nodes >= limit) {
      openBound = Math.max(openBound, relaxed.total);
      return;
    }
    // the short free node with the most weight in it: deciding it moves the bound most
    let pick = -1;
    let pickValue = -1;
    for (let r = 0; r < R; r++) {
      if (state[r] !== 0 || relaxed.load[r] === 0 || relaxed.load[r] >= min[r]) continue;
      if (relaxed.value[r] > pickValue) (pick = r), (pickValue = relaxed.value[r]);
    }
    if (pick < 0) {
      best = Math.max(best, relaxed.total);
      return;
    }
    for (const s of [1, -1] as const) {
      state[pick] = s;
      search();
    }
    state[pick] = 0;
    if (nodes >= limit) openBound = Math.max(openBound, relaxed.total);
  };
  search();
  const proven = openBound <= best + 1e-12;
  return { total: best, bound: proven ? best : openBound, proven, nodes };
}

/** The relaxation of a search node (see the file comment); null when its open nodes cannot all reach their minimum. */
function relax(p: BipartiteProblem, min: ArrayLike<number>, state: Int8Array, M: number): { total: number; load: Int32Array; value: Float64Array } | null {
  const R = p.rightCount, E = p.edgeWeight.length;
  const part = new Int32Array(R).fill(-1);
  let extra = 0;
  for (let r = 0; r < R; r++) if (state[r] === 1) part[r] = R + extra++;
  const rightCap = new Int32Array(R + extra);
  let need = 0;
  for (let r = 0; r < R; r++) {
    if (state[r] === -1) continue;
    if (part[r] < 0) rightCap[r] = p.rightCap[r];
    else {
      const k = Math.min(p.rightCap[r], Math.max(1, min[r]));
      if (k < min[r]) return null; // a minimum above the capacity can never be met
      rightCap[part[r]] = k;
      rightCap[r] = p.rightCap[r] - k;
      need += k;
    }
  }
  const el: number[] = [], er: number[] = [], ew: number[] = [], orig: number[] = [];
  for (let e = 0; e < E; e++) {
    const r = p.edgeRight[e];
    if (state[r] === -1 || !(p.edgeWeight[e] > 0)) continue;
    el.push(p.edgeLeft[e]), er.push(r), ew.push(p.edgeWeight[e]), orig.push(e);
    if (part[r] >= 0) el.push(p.edgeLeft[e]), er.push(part[r]), ew.push(p.edgeWeight[e] + M), orig.push(e);
  }
  const res = assignSSP({ leftCount: p.leftCount, rightCount: R + extra, leftCap: 1, rightCap, edgeLeft: el, edgeRight: er, edgeWeight: ew }, {});
  let filled = 0;
  let total = 0;
  const load = new Int32Array(R);
  const value = new Float64Array(R);
  for (const k of res.chosen) {
    const e = orig[k];
    if (er[k] >= R) filled++;
    total += p.edgeWeight[e];
    load[p.edgeRight[e]]++;
    value[p.edgeRight[e]] += p.edgeWeight[e];
  }
  return filled < need ? null : { total, load, value };
}
