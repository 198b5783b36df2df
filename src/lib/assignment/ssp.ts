/**
 * Exact maximum-weight assignment: successive shortest paths (SSP) on the min-cost-flow network
 *     source → left (cap leftCap) → right (cap 1, cost −w) → sink (cap rightCap)
 *     left → sink "stay unassigned" (cap leftCap, cost 0)
 * one unit at a time from each left node, Dijkstra on reduced costs with node potentials
 * (Johnson), stopping as soon as the sink is settled (the search then only explores the
 * neighbourhood that competes for the same right nodes, which keeps sparse instances fast).
 * Each unit leaves the flow min-cost for the supplies sent so far (standard SSP invariant for any
 * order of the supply nodes), so after the last unit the assignment is optimal. Left nodes go in
 * decreasing order of their best edge: early paths are then mostly one edge long.
 *
 * Costs are integers (weights × 2^24, exact in doubles), so Dijkstra is exact and potentials
 * never drift; the optimum is that of the weights rounded to 6·10⁻⁸. The final potentials give
 * the right-node prices of the dual bound (dual-bound.ts), which then equals the total.
 *
 * Measured (one core, 2-core VM): the engine's 50,000 × 10,000 candidate graph (1.5M edges,
 * capacity 30 % above demand) ~1.1 s, ~19 nodes settled per unit; 20,000 students fighting over
 * 30 offers 0.2 s. The hard case is a TIGHT market (places ≈ demand): the augmenting paths grow
 * with the city (~150 settled per unit on a 50,000 × 5,000 random graph, 5–13 s), which is why
 * large instances with left capacities 1 go to the ε-auction first (auction.ts, index.ts).
 *
 * `placementBonus` (optional) adds a constant to every edge: among assignments of (nearly)
 * equal total it prefers the one placing more left nodes. The reported total excludes it.
 *
 * `leftUnitBonus` (optional, SSP only) rewards the k-th unit placed at a left node with
 * bonus(left, k), non-negative and non-increasing in k: diminishing returns, so that (with a steep
 * enough bonus) every left node gets its first unit before any gets its second. In the network it
 * is a convex cost on the "stay unassigned" arcs: of the a units a left node sends, the m-th one
 * left unassigned costs bonus(left, a − m), so each further unassigned unit costs at least as much
 * as the one before — parallel arcs of increasing cost, which SSP handles unchanged (the cheapest
 * one is always used first, and potentials keep every reduced cost non-negative). The reported
 * total and the dual bound exclude it (any prices still bound the weights' optimum).
 */
import { withDualBound } from './dual-bound.js';
import { capOf, usableEdges, type AssignmentResult, type AssignOptions, type BipartiteProblem } from './problem.js';

const SCALE = 2 ** 24;

/** Exact maximum-weight assignment by SSP with potentials (see the file comment). */
export function assignSSP(p: BipartiteProblem, opts: AssignOptions = {}, edges: Int32Array = usableEdges(p)): AssignmentResult {
  const L = p.leftCount, R = p.rightCount, T = L + R, N = L + R + 1;
  const E = edges.length;
  const bonus = opts.placementBonus ?? 0;
  // CSR by left node; per edge: right end and integer cost (−w scaled)
  const lPtr = new Int32Array(L + 1);
  for (const e of edges) lPtr[p.edgeLeft[e] + 1]++;
  for (let i = 0; i < L; i++) lPtr[i + 1] += lPtr[i];
  const fill = lPtr.slice(0, L);
  const eLeft = new Int32Array(E);
  const eRight = new Int32Array(E);
  const eCost = new Float64Array(E);
  const eOrig = new Int32Array(E);
  for (const e of edges) {
    const k = fill[p.edgeLeft[e]]++;
    eLeft[k] = p.edgeLeft[e];
    eRight[k] = p.edgeRight[e];
    eCost[k] = -Math.round((p.edgeWeight[e] + bonus) * SCALE);
    eOrig[k] = e;
  }
  const rCap = Int32Array.from({ length: R }, (_, j) => Math.max(0, p.rightCap[j]));
  const lCap = Int32Array.from({ length: L }, (_, i) => Math.max(0, capOf(p.leftCap, i)));
  // the units each left node sends: never more than its edges (each edge carries one)
  const lSupply = Int32Array.from({ length: L }, (_, i) => Math.min(lCap[i], lPtr[i + 1] - lPtr[i]));

  // flow state
  const used = new Uint8Array(E);
  const rHead = new Int32Array(R).fill(-1); // used edges at each right node (doubly linked)
  const eNext = new Int32Array(E);
  const ePrev = new Int32Array(E);
  const rLoad = new Int32Array(R);
  const lBypass = new Int32Array(L);
  // cost of leaving one more unit of v unassigned (0 without leftUnitBonus; see the file comment)
  const unitBonus = opts.leftUnitBonus;
  const bypassCost = unitBonus
    ? (v: number): number => Math.round(Math.max(0, unitBonus(v, lSupply[v] - lBypass[v] - 1)) * SCALE)
    : (): number => 0;
  const link = (k: number): void => {
    const j = eRight[k];
    used[k] = 1;
    ePrev[k] = -1;
    eNext[k] = rHead[j];
    if (rHead[j] >= 0) ePrev[rHead[j]] = k;
    rHead[j] = k;
    rLoad[j]++;
  };
  const unlink = (k: number): void => {
    const j = eRight[k];
    used[k] = 0;
    if (ePrev[k] >= 0) eNext[ePrev[k]] = eNext[k];
    else rHead[j] = eNext[k];
    if (eNext[k] >= 0) ePrev[eNext[k]] = ePrev[k];
    rLoad[j]--;
  };

  // feasible initial potentials: reduced cost c + pot[u] − pot[v] ≥ 0 on every residual arc
  const pot = new Float64Array(N);
  let minPot = 0;
  for (let k = 0; k < E; k++) {
    const j = L + eRight[k];
    if (eCost[k] < pot[j]) pot[j] = eCost[k];
    if (eCost[k] < minPot) minPot = eCost[k];
  }
  pot[T] = minPot;

  // Dijkstra scratch (epoch-stamped so nothing is cleared between searches)
  const dist = new Float64Array(N);
  const seenAt = new Int32Array(N).fill(-1);
  const doneAt = new Int32Array(N).fill(-1);
  const predNode = new Int32Array(N);
  const predEdge = new Int32Array(N); // edge index, or -1 for an arc into the sink
  const settledList = new Int32Array(N);
  let hKey = new Float64Array(1024);
  let hNode = new Int32Array(1024);
  let hLen = 0;
  const push = (key: number, node: number): void => {
    if (hLen === hKey.length) {
      const k2 = new Float64Array(hLen * 2); k2.set(hKey); hKey = k2;
      const n2 = new Int32Array(hLen * 2); n2.set(hNode); hNode = n2;
    }
    let i = hLen++;
    while (i > 0) {
      const par = (i - 1) >> 1;
      if (hKey[par] <= key) break;
      hKey[i] = hKey[par]; hNode[i] = hNode[par];
      i = par;
    }
    hKey[i] = key; hNode[i] = node;
  };
  const popInto = (): number => {
    const top = hNode[0];
    const key = hKey[--hLen], node = hNode[hLen];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= hLen) break;
      if (c + 1 < hLen && hKey[c + 1] < hKey[c]) c++;
      if (hKey[c] >= key) break;
      hKey[i] = hKey[c]; hNode[i] = hNode[c];
      i = c;
    }
    hKey[i] = key; hNode[i] = node;
    return top;
  };
  let epoch = 0;
  const relax = (v: number, d: number, from: number, edge: number): void => {
    // a node no closer than the sink's tentative distance is never settled before the sink
    if (seenAt[T] === epoch && d >= dist[T] && v !== T) return;
    if (doneAt[v] === epoch) return;
    if (seenAt[v] !== epoch || d < dist[v]) {
      seenAt[v] = epoch;
      dist[v] = d;
      predNode[v] = from;
      predEdge[v] = edge;
      push(d, v);
    }
  };

  // left nodes with edges, best edge first (ties by index): early paths stay short
  const bestW = new Float64Array(L);
  for (let k = 0; k < E; k++) if (-eCost[k] > bestW[eLeft[k]]) bestW[eLeft[k]] = -eCost[k];
  const order = Array.from({ length: L }, (_, i) => i)
    .filter((i) => lPtr[i + 1] > lPtr[i] && lCap[i] > 0)
    .sort((a, b) => bestW[b] - bestW[a] || a - b);
  let units = 0;
  for (const i of order) units += lSupply[i];
  let unitsDone = 0;
  const progressEvery = Math.max(1, Math.floor(units / 50));
  let settled = 0;

  for (const src of order) {
    const unitsHere = lSupply[src];
    for (let u = 0; u < unitsHere; u++) {
      epoch++;
      hLen = 0;
      let nSettled = 0;
      seenAt[src] = epoch;
      dist[src] = 0;
      predNode[src] = -1;
      push(0, src);
      let D = 0;
      while (hLen > 0) {
        const d = hKey[0];
        const v = popInto();
        if (doneAt[v] === epoch || d > dist[v]) continue;
        doneAt[v] = epoch;
        settledList[nSettled++] = v;
        if (v === T) {
          D = d;
          break;
        }
        const pv = pot[v];
        if (v < L) {
          // "stay unassigned" to the sink first (it bounds the search), then the forward arcs
          // to the right ends of unused edges
          if (lBypass[v] < lCap[v]) relax(T, d + bypassCost(v) + pv - pot[T], v, -1);
          for (let k = lPtr[v]; k < lPtr[v + 1]; k++) {
            if (used[k]) continue;
            const j = L + eRight[k];
            relax(j, d + eCost[k] + pv - pot[j], v, k);
          }
        } else {
          const j = v - L;
          if (rLoad[j] < rCap[j]) relax(T, d + pv - pot[T], v, -1);
          // backward arcs: a left node holding this right node may move elsewhere
          for (let k = rHead[j]; k >= 0; k = eNext[k]) {
            const l = eLeft[k];
            relax(l, d - eCost[k] + pv - pot[l], v, k);
          }
        }
      }
      settled += nSettled;
      // augment one unit along the path src → … → T
      for (let v = T; v !== src; ) {
        const from = predNode[v];
        if (v === T) {
          if (from < L) lBypass[from]++;
        } else if (v >= L) link(predEdge[v]);
        else unlink(predEdge[v]);
        v = from;
      }
      // potentials: pot += min(dist, D); nodes not settled gain D, which cancels in every
      // reduced cost, so only the settled ones move (by dist − D ≤ 0)
      for (let s = 0; s < nSettled; s++) {
        const v = settledList[s];
        pot[v] += dist[v] - D;
      }
      if (++unitsDone % progressEvery === 0) opts.onProgress?.(unitsDone / units);
    }
  }

  const chosenL: number[] = [];
  for (let k = 0; k < E; k++) if (used[k]) chosenL.push(eOrig[k]);
  const chosen = Int32Array.from(chosenL).sort();
  // price of right j = pot[T] − pot[j] (≥ 0 when it is full, 0 when it has room), unscaled;
  // with a placement bonus these are prices of the bonus problem, still a valid (looser) bound
  const prices = new Float64Array(R);
  for (let j = 0; j < R; j++) prices[j] = Math.max(0, (pot[T] - pot[L + j]) / SCALE);
  return withDualBound(p, chosen, prices, edges, settled);
}
