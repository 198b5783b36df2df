/**
 * Greedy baseline: edges by weight descending (ties by edge index), taken while both ends have
 * room. The benchmark compares against it, and `assignOptimal` keeps the auction's result only
 * if it is no worse than greedy's; runMatching never uses greedy's assignment itself.
 */
import { withDualBound } from './dual-bound.js';
import { capOf, usableEdges, type AssignmentResult, type BipartiteProblem } from './problem.js';

/** The greedy assignment with the (loose) bound of zero prices. */
export function greedyAssign(p: BipartiteProblem): AssignmentResult {
  const edges = usableEdges(p);
  // no meaningful prices: the bound with zero prices is Σ_i of its best a_i edges
  return withDualBound(p, greedyChosen(p, edges), new Float64Array(p.rightCount), edges, 0);
}

/** Greedy's chosen edges, ascending. */
export function greedyChosen(p: BipartiteProblem, edges: Int32Array): Int32Array {
  const E = edges.length;
  let wMax = 0;
  for (const e of edges) wMax = Math.max(wMax, p.edgeWeight[e]);
  let order: ArrayLike<number>;
  if (E < 2 ** 22) {
    // pack (quantised weight, position) into one double and use the native numeric sort
    const keys = new Float64Array(E);
    for (let k = 0; k < E; k++) keys[k] = Math.round((1 - p.edgeWeight[edges[k]] / wMax) * 2 ** 30) * 2 ** 22 + k;
    keys.sort();
    const o = new Int32Array(E);
    for (let k = 0; k < E; k++) o[k] = edges[keys[k] % 2 ** 22];
    order = o;
  } else {
    order = Array.from(edges).sort((a, b) => p.edgeWeight[b] - p.edgeWeight[a] || a - b);
  }
  const lLoad = new Int32Array(p.leftCount);
  const rLoad = new Int32Array(p.rightCount);
  const chosen: number[] = [];
  for (let k = 0; k < E; k++) {
    const e = order[k];
    const i = p.edgeLeft[e], j = p.edgeRight[e];
    if (lLoad[i] < capOf(p.leftCap, i) && rLoad[j] < p.rightCap[j]) {
      lLoad[i]++;
      rLoad[j]++;
      chosen.push(e);
    }
  }
  return Int32Array.from(chosen).sort();
}
