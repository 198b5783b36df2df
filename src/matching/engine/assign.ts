/**
 * Generic capacitated bipartite assignment (weighted b-matching):
 *   maximise Σ w_e over chosen edges e = (left, right)
 *   s.t. each left node in ≤ leftCap chosen edges, each right node in ≤ rightCap, each edge once,
 *        only edges with w > 0.
 * Students × offers use leftCap 1; the helper × need run (each need ≤ 1 helper per kind, each
 * helper a bounded load) passes its own capacities.
 *
 * `assignOptimal` picks the solver: the exact SSP below for small instances (≤ EXACT_MAX_LEFT left
 * nodes), for left capacities above 1, or on `exact: true`; otherwise the certified near-optimal
 * ε-auction `assignAuction` (see there), kept only if its dual bound certifies it within 0.5 % and
 * it is no worse than greedy in total and in left nodes placed, else the exact SSP decides.
 * Why: on TIGHT markets (places ≈ 0.97 × students) SSP's augmenting paths grow with the city
 * (10k × 2k → 50k × 10k synthetic tight city: 318 → 847 settled per unit, assignment ×11–20),
 * while the auction's bids per student grow slowly (27 → 37: assignment ×5–7, certified gap 0.08 %).
 *
 * `assignSSP` is EXACT: successive shortest paths (SSP) on the min-cost-flow network
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
 * never drift; the optimum is that of the weights rounded to 6·10⁻⁸.
 *
 * Measured (one core, 2-core VM): the engine's 50,000 × 10,000 candidate graph (1.5M edges,
 * capacity 30 % above demand) ~1.1 s, ~19 nodes settled per unit; 20,000 students fighting over
 * 30 offers 0.2 s. The hard case is a TIGHT random graph (50,000 × 5,000, capacity = demand,
 * 30 uniform random edges each): ~150 settled per unit, 5–13 s. An ε-scaling auction would be
 * faster there but only within a bound; the runs this serves are far from that shape.
 *
 * The final potentials give right-node prices p_j, and `dualUpperBound` turns ANY prices into
 * an LP upper bound (weak duality):  UB = Σ_i top_{a_i} max(0, w_ij − p_j) + Σ_j b_j·p_j.
 * With SSP's prices UB equals the total up to rounding: a certificate of optimality.
 *
 * `placementBonus` (optional) adds a constant to every edge: among assignments of (nearly)
 * equal total it prefers the one placing more left nodes. The reported total excludes it.
 *
 * `leftUnitBonus` (optional, exact SSP only) rewards the k-th unit placed at a left node with
 * bonus(left, k), non-negative and non-increasing in k: diminishing returns, so that (with a steep
 * enough bonus) every left node gets its first unit before any gets its second. In the network it
 * is a convex cost on the "stay unassigned" arcs: of the a units a left node sends, the m-th one
 * left unassigned costs bonus(left, a − m), so each further unassigned unit costs at least as much
 * as the one before — parallel arcs of increasing cost, which SSP handles unchanged (the cheapest
 * one is always used first, and potentials keep every reduced cost non-negative). The reported
 * total and the dual bound exclude it (any prices still bound the weights' optimum).
 */

export interface BipartiteProblem {
  leftCount: number;
  rightCount: number;
  /** per left node, or one number for all */
  leftCap: ArrayLike<number> | number;
  rightCap: ArrayLike<number>;
  edgeLeft: ArrayLike<number>;
  edgeRight: ArrayLike<number>;
  edgeWeight: ArrayLike<number>;
}

export interface AssignmentResult {
  /** indices of the chosen edges, ascending */
  chosen: Int32Array;
  /** Σ weights of the chosen edges (without any placement bonus) */
  total: number;
  /** left nodes with at least one chosen edge */
  placedLeft: number;
  /** LP upper bound on the best total (≥ total) */
  upperBound: number;
  /** right-node prices behind upperBound */
  prices: Float64Array;
  /** work measure: Dijkstra node settlements (SSP) or bids (auction) */
  settled: number;
}

export interface AssignOptions {
  placementBonus?: number;
  /** called now and then with the fraction of left units processed */
  onProgress?: (fraction: number) => void;
  /**
   * true: exact SSP. false: the ε-auction fast path when every left capacity is 1 (see
   * `assignAuction`). Default: exact up to EXACT_MAX_LEFT left nodes, the fast path above.
   */
  exact?: boolean;
  /** fast path: certified relative gap it aims at, (UB − total) / UB (default AUCTION_TARGET_GAP) */
  targetGap?: number;
  /**
   * bonus for the k-th unit (k = 0, 1, …) placed at a left node: ≥ 0 and non-increasing in k
   * (see the file comment). Always solved by the exact SSP.
   */
  leftUnitBonus?: (left: number, unit: number) => number;
}

/** the fast path's aim for the certified relative gap (the requirement allows 0.5 %) */
export const AUCTION_TARGET_GAP = 0.003;
/** the fast path's first ε, relative to the largest weight (measured gap ≈ 0.06 % on tight cities) */
export const AUCTION_EPS = 0.005;
/** instances up to this many left nodes are solved exactly unless `exact: false` */
export const EXACT_MAX_LEFT = 5000;

const SCALE = 2 ** 24;

export const capOf = (cap: ArrayLike<number> | number, i: number): number =>
  typeof cap === 'number' ? cap : cap[i];

/**
 * Edges worth considering: w > 0, both ends in range with capacity, one edge per pair (the
 * heaviest, then the lowest index). Ascending edge indices. O(E + L + R): a counting sort by left
 * node and a per-right stamp find duplicate pairs (a Map of 10⁶ pairs took ~0.5 s).
 */
export function usableEdges(p: BipartiteProblem): Int32Array {
  const L = p.leftCount, R = p.rightCount, E0 = p.edgeWeight.length;
  const ptr = new Int32Array(L + 1);
  for (let e = 0; e < E0; e++) {
    const i = p.edgeLeft[e], j = p.edgeRight[e];
    if (p.edgeWeight[e] > 0 && i >= 0 && i < L && j >= 0 && j < R) ptr[i + 1]++;
  }
  for (let i = 0; i < L; i++) ptr[i + 1] += ptr[i];
  const fill = ptr.slice(0, L);
  const byLeft = new Int32Array(ptr[L]);
  for (let e = 0; e < E0; e++) {
    const i = p.edgeLeft[e], j = p.edgeRight[e];
    if (p.edgeWeight[e] > 0 && i >= 0 && i < L && j >= 0 && j < R) byLeft[fill[i]++] = e;
  }
  const stamp = new Int32Array(R).fill(-1);
  const at = new Int32Array(R);
  const keep = new Int32Array(byLeft.length);
  let n = 0;
  for (let i = 0; i < L; i++) {
    if (capOf(p.leftCap, i) <= 0) continue;
    for (let k = ptr[i]; k < ptr[i + 1]; k++) {
      const e = byLeft[k], j = p.edgeRight[e];
      if (p.rightCap[j] <= 0) continue;
      if (stamp[j] === i) {
        if (p.edgeWeight[e] > p.edgeWeight[keep[at[j]]]) keep[at[j]] = e;
        continue;
      }
      stamp[j] = i;
      at[j] = n;
      keep[n++] = e;
    }
  }
  return keep.slice(0, n).sort();
}

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

function finish(p: BipartiteProblem, chosen: Int32Array, prices: Float64Array, edges: Int32Array, settled: number): AssignmentResult {
  let total = 0;
  const placed = new Set<number>();
  for (const e of chosen) {
    total += p.edgeWeight[e];
    placed.add(p.edgeLeft[e]);
  }
  return { chosen, total, placedLeft: placed.size, upperBound: dualUpperBound(p, prices, edges), prices, settled };
}

/**
 * Maximum-weight assignment: exact SSP (`exact: true`, or small instances by default) or the
 * certified near-optimal auction (large instances with left capacities 1), which falls back to the
 * exact SSP if its certified gap misses the 0.5 % bound.
 */
export function assignOptimal(p: BipartiteProblem, opts: AssignOptions = {}): AssignmentResult {
  const exact = opts.exact ?? p.leftCount <= EXACT_MAX_LEFT;
  let unitLeft = true;
  for (let i = 0; i < p.leftCount && unitLeft; i++) if (capOf(p.leftCap, i) > 1) unitLeft = false;
  if (exact || !unitLeft || opts.leftUnitBonus) return assignSSP(p, opts);
  const edges = usableEdges(p);
  const a = assignAuction(p, opts, edges);
  // the fast path must be certified within 0.5 % and never worse than greedy (total and placed);
  // otherwise the exact SSP (which maximises the total) decides
  const g = greedyChosen(p, edges);
  let gTotal = 0;
  const gPlaced = new Uint8Array(p.leftCount);
  let gCount = 0;
  for (const e of g) {
    gTotal += p.edgeWeight[e];
    if (!gPlaced[p.edgeLeft[e]]++) gCount++;
  }
  if (a.upperBound - a.total <= 0.005 * a.upperBound && a.total >= gTotal && a.placedLeft >= gCount) return a;
  return assignSSP(p, opts, edges);
}

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
  return finish(p, chosen, prices, edges, settled);
}

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
  let wMax = 0;
  for (const e of edges) {
    const k = fill[p.edgeLeft[e]]++;
    eRight[k] = p.edgeRight[e];
    eW[k] = p.edgeWeight[e] + bonus;
    eOrig[k] = e;
    if (eW[k] > wMax) wMax = eW[k];
  }
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
      let v1 = 0, v2 = 0, k1 = -1;
      for (let k = lPtr[i]; k < lPtr[i + 1]; k++) {
        const v = eW[k] - price[eRight[k]];
        if (v > v1) { v2 = v1; v1 = v; k1 = k; }
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
    result = finish(p, Int32Array.from(chosenL).sort(), Float64Array.from(price), edges, bids);
    if (result.upperBound - result.total <= target * result.upperBound || phase >= 3) break;
    eps /= 4;
  }
  return result;
}

/**
 * Greedy baseline: edges by weight descending (ties by edge index), taken while both ends have
 * room. Kept for the benchmark's comparison, not used by runMatching.
 */
export function greedyAssign(p: BipartiteProblem): AssignmentResult {
  const edges = usableEdges(p);
  // no meaningful prices: the bound with zero prices is Σ_i of its best a_i edges
  return finish(p, greedyChosen(p, edges), new Float64Array(p.rightCount), edges, 0);
}

function greedyChosen(p: BipartiteProblem, edges: Int32Array): Int32Array {
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
