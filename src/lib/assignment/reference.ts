/**
 * Exact reference for SMALL instances (tests only; O(flow · V · E)): the textbook successive
 * shortest path on the explicit network
 *     s → left (cap leftCap, 0) → right (cap 1, −w) → right → t (cap rightCap, 0)
 * with Bellman-Ford on float costs, augmenting while the shortest s→t path has negative cost
 * (max-WEIGHT, not max-flow). Deliberately a different formulation and code path from
 * assignOptimal (no bypass arcs, no potentials, no integer scaling, no early exit), so the tests
 * compare two independent implementations.
 */
import { capOf, usableEdges, type BipartiteProblem } from './problem.js';

export function referenceAssign(p: BipartiteProblem): { chosen: Int32Array; total: number } {
  const L = p.leftCount, R = p.rightCount;
  const s = L + R, t = L + R + 1, N = L + R + 2;
  const to: number[] = [], cap: number[] = [], cost: number[] = [], orig: number[] = [];
  const adj: number[][] = Array.from({ length: N }, () => []);
  const arc = (u: number, v: number, c: number, w: number, e: number): void => {
    adj[u].push(to.length); to.push(v); cap.push(c); cost.push(w); orig.push(e);
    adj[v].push(to.length); to.push(u); cap.push(0); cost.push(-w); orig.push(-1);
  };
  for (let i = 0; i < L; i++) arc(s, i, Math.max(0, capOf(p.leftCap, i)), 0, -1);
  for (const e of usableEdges(p)) arc(p.edgeLeft[e], L + p.edgeRight[e], 1, -p.edgeWeight[e], e);
  for (let j = 0; j < R; j++) arc(L + j, t, Math.max(0, p.rightCap[j]), 0, -1);
  for (;;) {
    const dist = new Array<number>(N).fill(Infinity);
    const pred = new Array<number>(N).fill(-1);
    dist[s] = 0;
    for (let round = 0; round < N; round++) {
      let changed = false;
      for (let u = 0; u < N; u++) {
        if (dist[u] === Infinity) continue;
        for (const a of adj[u]) {
          if (cap[a] > 0 && dist[u] + cost[a] < dist[to[a]] - 1e-12) {
            dist[to[a]] = dist[u] + cost[a];
            pred[to[a]] = a;
            changed = true;
          }
        }
      }
      if (!changed) break;
    }
    if (!(dist[t] < -1e-12)) break;
    for (let v = t; v !== s; v = to[pred[v] ^ 1]) {
      cap[pred[v]]--;
      cap[pred[v] ^ 1]++;
    }
  }
  const chosen: number[] = [];
  let total = 0;
  for (let a = 0; a < to.length; a += 2) {
    if (orig[a] >= 0 && cap[a] === 0) {
      chosen.push(orig[a]);
      total += p.edgeWeight[orig[a]];
    }
  }
  return { chosen: Int32Array.from(chosen).sort(), total };
}
