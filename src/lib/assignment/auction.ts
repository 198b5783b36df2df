/**
 * Certified near-optimal assignment for left capacities 1: the ε-auction (see `assignAuction`).
 * Why it exists next to the exact SSP: on TIGHT markets (places ≈ 0.97 × students) SSP's
 * augmenting paths grow with the city (10k × 2k → 50k × 10k synthetic tight city: 318 → 847
 * settled per unit, assignment ×11–20), while the auction's bids per student grow slowly
 * (27 → 37: assignment ×5–7, certified gap 0.08 %). Its result carries the dual bound of its
 * prices (dual-bound.ts), so how near it is to the optimum is computed, not assumed.
 */
import { withDualBound } from './dual-bound.js';
import { usableEdges, type AssignmentResult, type AssignOptions, type BipartiteProblem } from './problem.js';

/** the fast path's aim for the certified relative gap (the requirement allows 0.5 %) */
export const AUCTION_TARGET_GAP = 0.003;
/** the fast path's first ε, relative to the largest weight (measured gap ≈ 0.06 % on tight cities) */
export const AUCTION_EPS = 0.005;

/**
 * Near-optimal fast path for left capacities 1: forward auction for similar objects (right node j
 * = rightCap[j] identical places), Bertsekas style. A right node's price is 0 while it has room,
 * its lowest holder's bid once full. Each student (FIFO queue, best edge first) bids for its best
 * place j1 (value v1 = w − p_j1, the second best v2, "unassigned" worth 0) the price
 * p_j1 + v1 − max(v2, 0) + ε; a full node evicts
 * its lowest bid, and its price becomes its new lowest bid. Prices never fall and a full node stays
 * full, so at the end every placed student is within ε of its best choice (ε-complementary
 * slackness) and the dual bound UB = Σ_i max(0, max_j w_ij − p_j) + Σ_j b_j p_j exceeds the total
 * by at most ε per placed student (+ the price of places left empty after a phase restart, which
 * the bound counts). ε = AUCTION_EPS × max w; if the computed (not assumed) gap (UB − total) / UB
 * exceeds targetGap, it restarts from zero prices with ε / 4 (at most 3 times: prices kept from a
 * coarser ε would overshoot, since a forward auction never lowers them). Deterministic (FIFO, ties
 * by edge order). `settled` counts bids. Work per bid: the student's degree + the node's capacity.
 */
export function assignAuction(p: BipartiteProblem, opts: AssignOptions = {}, edges: Int32Array = usableEdges(p)): AssignmentResult {
  const L = p.leftCount, R = p.rightCount, E = edges.length;
  const bonus = opts.placementBonus ?? 0;
  const target = opts.targetGap ?? AUCTION_TARGET_GAP;
  const lPtr = new Int32Array(L + 1);
  for (const e of edges) lPtr[p.edgeLeft[e] + 1]++;
  for (let i = 0; i < L; i++) lPtr[i + 1] += lPtr[i];
  const fill = lPtr.slice(0, L);
  const eRight = new Int32Array(E);
  const eW = new Float64Array(E);
  const eOrig = new Int32Array(E);
  // rank: the edge's position in the student's row as given (the tie-break of equal values)
  const rank = new Int32Array(E);
  let wMax = 0;
  for (const e of edges) {
    const k = fill[p.edgeLeft[e]]++;
    eRight[k] = p.edgeRight[e];
    eW[k] = p.edgeWeight[e] + bonus;
    eOrig[k] = e;
    rank[k] = k - lPtr[p.edgeLeft[e]];
    if (eW[k] > wMax) wMax = eW[k];
  }
  // each row heaviest first: prices are never negative, so a bid's scan can stop at the first
  // edge lighter than the second-best value found (no later one can change v1, v2 or the edge)
  sortRowsByWeight(lPtr, L, eRight, eW, eOrig, rank);
  // holder slots: a node never holds more than its degree, so one slot above that (never full,
  // price 0) bounds the memory by E + R whatever the capacities
  const rDeg = new Int32Array(R);
  for (let k = 0; k < E; k++) rDeg[eRight[k]]++;
  const rCap = Int32Array.from({ length: R }, (_, j) => Math.min(Math.max(0, p.rightCap[j]), rDeg[j] + 1));
  const hOff = new Int32Array(R + 1);
  for (let j = 0; j < R; j++) hOff[j + 1] = hOff[j] + rCap[j];
  const hStu = new Int32Array(hOff[R]);
  const hBid = new Float64Array(hOff[R]);
  const load = new Int32Array(R);
  const minSlot = new Int32Array(R);
  const price = new Float64Array(R);
  const held = new Int32Array(L).fill(-1); // CSR edge held by each left node
  // left nodes with edges, best edge first (ties by index), as in the SSP
  const bestW = new Float64Array(L);
  for (let i = 0; i < L; i++) for (let k = lPtr[i]; k < lPtr[i + 1]; k++) if (eW[k] > bestW[i]) bestW[i] = eW[k];
  const order = Int32Array.from(
    Array.from({ length: L }, (_, i) => i)
      .filter((i) => lPtr[i + 1] > lPtr[i])
      .sort((a, b) => bestW[b] - bestW[a] || a - b),
  );
  const Q = order.length + 1;
  const queue = new Int32Array(Q);
  let bids = 0;
  let eps = AUCTION_EPS * wMax;
  let result: AssignmentResult | null = null;
  for (let phase = 0; ; phase++) {
    // a fresh start (prices kept from a coarser ε would overshoot: forward auction never lowers them)
    load.fill(0);
    held.fill(-1);
    price.fill(0);
    let qh = 0, qt = 0, qn = 0, firstBids = 0;
    const progressEvery = Math.max(1, Math.floor(order.length / 50));
    for (const i of order) { queue[qt] = i; qt = (qt + 1) % Q; qn++; }
    while (qn > 0) {
      const i = queue[qh];
      qh = (qh + 1) % Q;
      qn--;
      bids++;
      if (phase === 0 && firstBids < order.length && ++firstBids % progressEvery === 0) opts.onProgress?.(firstBids / order.length);
      // the best value v1 (its edge k1: the first in row order among equals) and the second v2
      let v1 = 0, v2 = 0, k1 = -1;
      for (let k = lPtr[i], end = lPtr[i + 1]; k < end; k++) {
        const w = eW[k];
        if (w < v2) break;
        const v = w - price[eRight[k]];
        if (v > v1) { v2 = v1; v1 = v; k1 = k; }
        else if (v === v1 && v > 0 && rank[k] < rank[k1]) { v2 = v1; k1 = k; }
        else if (v > v2) v2 = v;
      }
      if (k1 < 0) continue; // nothing worth more than staying unassigned
      const j = eRight[k1];
      const bid = price[j] + v1 - v2 + eps;
      let slot: number;
      if (load[j] < rCap[j]) {
        slot = hOff[j] + load[j]++;
      } else {
        slot = minSlot[j];
        const out = hStu[slot];
        held[out] = -1;
        queue[qt] = out; qt = (qt + 1) % Q; qn++;
      }
      hStu[slot] = i;
      hBid[slot] = bid;
      held[i] = k1;
      if (load[j] === rCap[j]) {
        let m = hOff[j];
        for (let s = hOff[j] + 1; s < hOff[j + 1]; s++) if (hBid[s] < hBid[m]) m = s;
        minSlot[j] = m;
        price[j] = hBid[m];
      }
    }
    const chosenL: number[] = [];
    for (let i = 0; i < L; i++) if (held[i] >= 0) chosenL.push(eOrig[held[i]]);
    result = withDualBound(p, Int32Array.from(chosenL).sort(), Float64Array.from(price), edges, bids);
    if (result.upperBound - result.total <= target * result.upperBound || phase >= 3) break;
    eps /= 4;
  }
  return result;
}

/**
 * Sorts each CSR row ptr[i]‥ptr[i+1] by weight descending (ties by rank), moving the parallel
 * columns with it. Rows are short (≤ K candidates), so an insertion sort.
 */
function sortRowsByWeight(ptr: Int32Array, rows: number, right: Int32Array, w: Float64Array, orig: Int32Array, rank: Int32Array): void {
  for (let i = 0; i < rows; i++) {
    for (let k = ptr[i] + 1; k < ptr[i + 1]; k++) {
      const r = right[k], x = w[k], o = orig[k], n = rank[k];
      let m = k;
      for (; m > ptr[i] && (w[m - 1] < x || (w[m - 1] === x && rank[m - 1] > n)); m--) {
        right[m] = right[m - 1];
        w[m] = w[m - 1];
        orig[m] = orig[m - 1];
        rank[m] = rank[m - 1];
      }
      right[m] = r;
      w[m] = x;
      orig[m] = o;
      rank[m] = n;
    }
  }
}
