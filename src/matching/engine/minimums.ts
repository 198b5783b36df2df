/**
 * Assignment with minimum group sizes: a right node r with min[r] > 1 gets no left node or at
 * least min[r] (a new joint action of an offer with minParticipants k starts with ≥ k students or
 * not at all). The "0 or ≥ k" is a disjunction, so this is no longer a flow problem; it is solved
 * by rounds of force-or-close repair around the flow solver (assignOptimal: exact, or certified
 * near-optimal on large instances):
 *
 *   solve; V = the right nodes with 0 < load < min
 *   while V is not empty (at most MAX_ROUNDS), for D = the most valuable node of V (its students'
 *   weights now; all of V once SEQUENTIAL decisions are taken):
 *     A: force the nodes of D: each is split into a forced part (capacity min, its edges + FORCE)
 *        and a free part (the rest of its capacity, its edges as they are), so the solver fills the
 *        forced part first wherever enough students fit; a node that stays short even so cannot
 *        gather its minimum and is closed
 *     B: close the nodes of D (capacity 0)
 *     keep the better of A and B by its true total (FORCE removed); forced nodes stay forced and
 *     closed nodes stay closed; solve again and recompute V
 *   what still violates after MAX_ROUNDS is closed (always feasible)
 *
 * Every result is feasible. Its distance to the constrained optimum is measured against an exact
 * MIP on small cities (bench/RESULTS.md, "minimum group size"); the reported upperBound is the
 * LP bound of the unconstrained problem, which bounds the constrained optimum too (a certificate,
 * looser than the unconstrained one).
 */
import { assignOptimal, type AssignmentResult, type AssignOptions, type BipartiteProblem } from './assign.js';

/** above any weight difference (weights ≤ 1 plus the placement bonus): forced places are filled first */
const FORCE = 4;
/** decisions taken one group at a time before the rest are taken together */
const SEQUENTIAL = 24;
const MAX_ROUNDS = SEQUENTIAL + 8;

export interface MinimumResult extends AssignmentResult {
  /** right nodes given no left node because they could not (or should not) reach their minimum */
  closed: Uint8Array;
  /** repair rounds run (0: the unconstrained optimum already respected every minimum) */
  rounds: number;
}

export function assignWithMinimums(p: BipartiteProblem, min: ArrayLike<number>, opts: AssignOptions = {}): MinimumResult {
  const R = p.rightCount;
  const closed = new Uint8Array(R);
  const forced = new Uint8Array(R);
  const base = assignOptimal(p, opts);
  let best = base;
  let rounds = 0;
  for (; rounds < MAX_ROUNDS; rounds++) {
    const short = violators(p, best.chosen, min);
    if (!short.length) break;
    // one group at a time while there are few decisions to make (groups short of their minimum
    // often compete for the same students: forcing them all at once can leave every one short);
    // past SEQUENTIAL decisions, all at once
    const decide = rounds < SEQUENTIAL ? [mostValuable(p, best.chosen, short)] : short;
    const a = solve(p, min, opts, closed, withAll(forced, decide));
    const stillShort = violators(p, a.chosen, min).filter((r) => decide.includes(r));
    const closedA = withAll(closed, stillShort);
    const forcedA = withAll(forced, decide.filter((r) => !stillShort.includes(r)));
    const optionA = stillShort.length ? solve(p, min, opts, closedA, forcedA) : a;
    const closedB = withAll(closed, decide);
    const optionB = solve(p, min, opts, closedB, forced);
    if (optionA.total >= optionB.total) {
      closed.set(closedA);
      forced.set(forcedA);
      best = optionA;
    } else {
      closed.set(closedB);
      best = optionB;
    }
  }
  const left = violators(p, best.chosen, min);
  if (left.length) {
    for (const r of left) closed[r] = 1;
    best = solve(p, min, opts, closed, forced);
  }
  return { ...best, upperBound: Math.max(base.upperBound, best.total), closed, rounds };
}

/** The short group whose students bring the most now: deciding it first moves the total most. */
function mostValuable(p: BipartiteProblem, chosen: ArrayLike<number>, short: number[]): number {
  const value = new Map<number, number>(short.map((r) => [r, 0]));
  for (let k = 0; k < chosen.length; k++) {
    const r = p.edgeRight[chosen[k]];
    if (value.has(r)) value.set(r, value.get(r)! + p.edgeWeight[chosen[k]]);
  }
  return [...value].sort((x, y) => y[1] - x[1] || x[0] - y[0])[0][0];
}

/** Right nodes with some but fewer than `min` chosen edges. */
export function violators(p: BipartiteProblem, chosen: ArrayLike<number>, min: ArrayLike<number>): number[] {
  const load = new Int32Array(p.rightCount);
  for (let k = 0; k < chosen.length; k++) load[p.edgeRight[chosen[k]]]++;
  const out: number[] = [];
  for (let r = 0; r < p.rightCount; r++) if (load[r] > 0 && load[r] < min[r]) out.push(r);
  return out;
}

const withAll = (flags: Uint8Array, nodes: number[]): Uint8Array => {
  const out = flags.slice();
  for (const r of nodes) out[r] = 1;
  return out;
};

/**
 * Solves the problem with some right nodes closed and some forced (see the file comment); the
 * chosen edges are mapped back to the caller's edge indices and the total has no FORCE in it.
 */
function solve(p: BipartiteProblem, min: ArrayLike<number>, opts: AssignOptions, closed: Uint8Array, forced: Uint8Array): AssignmentResult {
  const R = p.rightCount;
  const E = p.edgeWeight.length;
  const copyOf = new Int32Array(R).fill(-1);
  let extra = 0;
  for (let r = 0; r < R; r++) if (forced[r] && !closed[r]) copyOf[r] = R + extra++;
  const rightCap = new Int32Array(R + extra);
  for (let r = 0; r < R; r++) {
    if (closed[r]) continue;
    if (copyOf[r] < 0) rightCap[r] = p.rightCap[r];
    else {
      const m = Math.min(p.rightCap[r], Math.max(1, min[r]));
      rightCap[copyOf[r]] = m;
      rightCap[r] = p.rightCap[r] - m;
    }
  }
  const dup: number[] = [];
  for (let e = 0; e < E; e++) if (copyOf[p.edgeRight[e]] >= 0) dup.push(e);
  const edgeLeft = new Int32Array(E + dup.length);
  const edgeRight = new Int32Array(E + dup.length);
  const edgeWeight = new Float64Array(E + dup.length);
  for (let e = 0; e < E; e++) {
    edgeLeft[e] = p.edgeLeft[e];
    edgeRight[e] = p.edgeRight[e];
    edgeWeight[e] = closed[p.edgeRight[e]] ? 0 : p.edgeWeight[e];
  }
  dup.forEach((e, k) => {
    edgeLeft[E + k] = p.edgeLeft[e];
    edgeRight[E + k] = copyOf[p.edgeRight[e]];
    edgeWeight[E + k] = p.edgeWeight[e] > 0 ? p.edgeWeight[e] + FORCE : 0;
  });
  const res = assignOptimal({ ...p, rightCount: R + extra, rightCap, edgeLeft, edgeRight, edgeWeight }, opts);
  const chosen = Int32Array.from(res.chosen, (e) => (e < E ? e : dup[e - E])).sort();
  let total = 0;
  for (const e of chosen) total += p.edgeWeight[e];
  let placed = 0;
  const seen = new Uint8Array(p.leftCount);
  for (const e of chosen) if (!seen[p.edgeLeft[e]]) (seen[p.edgeLeft[e]] = 1), placed++;
  return { ...res, chosen, total, placedLeft: placed, prices: res.prices.slice(0, R) };
}
