/**
 * The assignment solvers shared by every platform's run (pure: no database, no Nest, no I/O), and
 * `assignOptimal`, which picks one:
 *   - problem.ts     the problem (capacitated bipartite assignment), result, options, edge filter
 *   - ssp.ts         exact: successive shortest paths on the min-cost-flow network
 *   - auction.ts     certified near-optimal: the ε-auction, for large instances with leftCap 1
 *   - dual-bound.ts  the LP dual bound every result carries (a certificate of its distance to the optimum)
 *   - greedy.ts      the baseline the auction must beat
 *   - minimums.ts    minimum group sizes ("no left node or at least k"), repaired around assignOptimal
 *   - reference.ts   an independent exact solver for small instances (tests and benchmarks only)
 *
 * `assignOptimal` uses the exact SSP for small instances (≤ EXACT_MAX_LEFT left nodes), for left
 * capacities above 1, with a leftUnitBonus, or on `exact: true`; otherwise the ε-auction, kept only
 * if its dual bound certifies it within 0.5 % and it is no worse than greedy in total and in left
 * nodes placed, else the exact SSP decides (why the auction: auction.ts).
 */
import { assignAuction } from './auction.js';
import { greedyChosen } from './greedy.js';
import { capOf, usableEdges, type AssignmentResult, type AssignOptions, type BipartiteProblem } from './problem.js';
import { assignSSP } from './ssp.js';

export { AUCTION_EPS, AUCTION_TARGET_GAP, assignAuction } from './auction.js';
export { dualUpperBound } from './dual-bound.js';
export { greedyAssign } from './greedy.js';
export { capOf, usableEdges, type AssignmentResult, type AssignOptions, type BipartiteProblem } from './problem.js';
export { assignSSP } from './ssp.js';

/** instances up to this many left nodes are solved exactly unless `exact: false` */
export const EXACT_MAX_LEFT = 5000;

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
