/**
 * The problem every solver of this folder takes: a capacitated bipartite assignment (weighted
 * b-matching)
 *   maximise Σ w_e over chosen edges e = (left, right)
 *   s.t. each left node in ≤ leftCap chosen edges, each right node in ≤ rightCap, each edge once,
 *        only edges with w > 0,
 * its result and options, and the edge filter they all start from. Students × offers use
 * leftCap 1; the helper × need run (each need ≤ 1 helper per kind, each helper a bounded load)
 * passes its own capacities.
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
   * `assignAuction`). Default (index.ts): exact up to EXACT_MAX_LEFT left nodes, the fast path above.
   */
  exact?: boolean;
  /** fast path: certified relative gap it aims at, (UB − total) / UB (default AUCTION_TARGET_GAP) */
  targetGap?: number;
  /**
   * bonus for the k-th unit (k = 0, 1, …) placed at a left node: ≥ 0 and non-increasing in k
   * (see ssp.ts). Always solved by the exact SSP.
   */
  leftUnitBonus?: (left: number, unit: number) => number;
}

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
