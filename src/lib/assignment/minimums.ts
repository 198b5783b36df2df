/**
 * Assignment with minimum group sizes: a right node r with min[r] > 1 gets no left node or at
 * least min[r] (a new joint action of an offer with minParticipants k starts with ≥ k students or
 * not at all). The "0 or ≥ k" is a disjunction, so this is no longer a flow problem; it is solved
 * by force-or-close decisions around the flow solver (assignOptimal: exact, or certified
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
 *     keep the better of A and B; forced nodes stay forced and closed nodes stay closed
 *   second thoughts: a closed node reopened (forced), a gathered one closed, kept when better
 *   then the whole problem is solved with these decisions (a few times: a global solve may move
 *   students and leave other groups short, decided again locally); the best feasible assignment
 *   seen is the result, a group still short having its students dropped (always feasible)
 *
 * The decisions are LOCAL: each compares A and B on the neighbourhood of D (the left nodes with an
 * edge into D, every edge of theirs; everyone else stays where they are and keeps their places),
 * so a decision costs a solve of a few hundred students, not of the city (up to LOCAL_ABOVE
 * students, where a solve is cheap, the neighbourhood is the whole problem: students who could
 * take the places the group's students leave are then free to move too). The final solve is
 * global. Its distance to the constrained optimum is measured against an exact branch and bound
 * on small cities (bench/RESULTS.md, "minimum group size"); the reported upperBound is the LP
 * bound of the unconstrained problem, which bounds the constrained optimum too (a certificate,
 * looser than the unconstrained one).
 */
import { assignOptimal } from './index.js';
import { capOf, type AssignmentResult, type AssignOptions, type BipartiteProblem } from './problem.js';

/** above any weight difference (weights ≤ 1 plus the placement bonus): forced places are filled first */
const FORCE = 4;
/** decisions taken one group at a time before the rest are taken together */
const SEQUENTIAL = 48;
const MAX_ROUNDS = SEQUENTIAL + 8;
/** closed (and gathered) groups given a second thought, each one local solve more */
const SECOND_THOUGHTS = 32;
/** global solves with the decisions taken, each followed by local decisions on what it left short */
const FINAL_SOLVES = 3;
const AFTER_GLOBAL = 16;
/** up to this many left nodes every decision is compared on the whole problem (a solve is cheap there) */
const LOCAL_ABOVE = 2_000;

export interface MinimumResult extends AssignmentResult {
  /** right nodes given no left node because they could not (or should not) reach their minimum */
  closed: Uint8Array;
  /** force-or-close decisions taken (0: the unconstrained optimum already respected every minimum) */
  rounds: number;
}

export function assignWithMinimums(p: BipartiteProblem, min: ArrayLike<number>, opts: AssignOptions = {}): MinimumResult {
  const R = p.rightCount;
  const closed = new Uint8Array(R);
  const forced = new Uint8Array(R);
  const base = assignOptimal(p, opts);
  let rounds = 0;
  const repair = (start: Int32Array, budget: number): Int32Array => {
    let chosen = start;
    for (let k = 0; k < budget; k++, rounds++) {
      const short = violators(p, chosen, min);
      if (!short.length) break;
      // one group at a time while there are few decisions to make (groups short of their minimum
      // often compete for the same students: forcing them all at once can leave every one short)
      const decide = rounds < SEQUENTIAL ? [mostValuable(p, chosen, short)] : short;
      chosen = decideLocally(p, min, opts, chosen, decide, closed, forced);
    }
    return chosen;
  };
  // the best feasible assignment seen: a short group's students are dropped from it (and the group counted closed)
  let best: AssignmentResult & { closed: Uint8Array } = { ...base, closed: closed.slice() };
  let bestTotal = -Infinity;
  const consider = (chosen: Int32Array, res: AssignmentResult = base): void => {
    const short = violators(p, chosen, min);
    const kept = short.length ? chosen.filter((e) => !short.includes(p.edgeRight[e])) : chosen;
    const candidate = summarise(p, res, kept);
    if (candidate.total <= bestTotal) return;
    bestTotal = candidate.total;
    best = { ...candidate, closed: withAll(closed, short) };
  };

  let chosen = repair(base.chosen, MAX_ROUNDS);
  chosen = secondThoughts(p, min, opts, chosen, closed, forced);
  consider(chosen);
  // the whole problem with these decisions: the global solve may move students and leave other
  // groups short, which are decided again locally
  for (let k = 0; k < FINAL_SOLVES; k++) {
    const global = solve(p, min, opts, closed, forced);
    consider(global.chosen, global);
    if (!violators(p, global.chosen, min).length) break;
    consider(repair(global.chosen, AFTER_GLOBAL), global);
  }
  return { ...best, upperBound: Math.max(base.upperBound, best.total), rounds };
}

/** One force-or-close decision on the nodes `decide`, compared on their neighbourhood; updates closed and forced. */
function decideLocally(p: BipartiteProblem, min: ArrayLike<number>, opts: AssignOptions, chosen: Int32Array, decide: number[], closed: Uint8Array, forced: Uint8Array): Int32Array {
  const local = neighbourhood(p, chosen, min, decide);
  const a = solve(local.sub, local.min, opts, closed, withAll(forced, decide));
  const stillShort = violators(local.sub, a.chosen, local.min).filter((r) => decide.includes(r));
  const closedA = withAll(closed, stillShort);
  const forcedA = withAll(forced, decide.filter((r) => !stillShort.includes(r)));
  const optionA = stillShort.length ? solve(local.sub, local.min, opts, closedA, forcedA) : a;
  const closedB = withAll(closed, decide);
  const optionB = solve(local.sub, local.min, opts, closedB, forced);
  const takeA = optionA.total >= optionB.total;
  closed.set(takeA ? closedA : closedB);
  if (takeA) forced.set(forcedA);
  return local.splice(takeA ? optionA.chosen : optionB.chosen);
}

/**
 * Second thoughts: reopen a closed group, close a gathered one; whatever that leaves short in the
 * neighbourhood is closed too; kept when the neighbourhood gains.
 */
function secondThoughts(p: BipartiteProblem, min: ArrayLike<number>, opts: AssignOptions, start: Int32Array, closed: Uint8Array, forced: Uint8Array): Int32Array {
  let chosen = start;
  const candidates = [
    ...reopenOrder(p, closed).slice(0, SECOND_THOUGHTS).map((r) => [r, 1] as const),
    ...gatheredOrder(p, chosen, min).slice(0, SECOND_THOUGHTS).map((r) => [r, 0] as const),
  ];
  for (const [r, reopen] of candidates) {
    if (closed[r] !== reopen) continue;
    const local = neighbourhood(p, chosen, min, [r]);
    const tryClosed = closed.slice();
    const tryForced = forced.slice();
    tryClosed[r] = reopen ? 0 : 1;
    tryForced[r] = reopen;
    let trial = solve(local.sub, local.min, opts, tryClosed, tryForced);
    const short = violators(local.sub, trial.chosen, local.min);
    if (short.includes(r)) continue;
    if (short.length) {
      for (const s of short) tryClosed[s] = 1;
      trial = solve(local.sub, local.min, opts, tryClosed, tryForced);
      if (violators(local.sub, trial.chosen, local.min).length) continue;
    }
    if (trial.total > local.current + 1e-12) {
      closed.set(tryClosed);
      forced.set(tryForced);
      chosen = local.splice(trial.chosen);
    }
  }
  return chosen;
}

/** Right nodes with some but fewer than `min` chosen edges. */
export function violators(p: BipartiteProblem, chosen: ArrayLike<number>, min: ArrayLike<number>): number[] {
  const load = new Int32Array(p.rightCount);
  for (let k = 0; k < chosen.length; k++) load[p.edgeRight[chosen[k]]]++;
  const out: number[] = [];
  for (let r = 0; r < p.rightCount; r++) if (load[r] > 0 && load[r] < min[r]) out.push(r);
  return out;
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

/** Closed groups by the weight of their edges (the most promising first). */
function reopenOrder(p: BipartiteProblem, closed: Uint8Array): number[] {
  const value = new Float64Array(p.rightCount);
  for (let e = 0; e < p.edgeWeight.length; e++) if (closed[p.edgeRight[e]]) value[p.edgeRight[e]] += p.edgeWeight[e];
  return [...closed.keys()].filter((r) => closed[r]).sort((x, y) => value[y] - value[x] || x - y);
}

/** Gathered groups with a minimum, the least valuable first. */
function gatheredOrder(p: BipartiteProblem, chosen: ArrayLike<number>, min: ArrayLike<number>): number[] {
  const value = new Float64Array(p.rightCount);
  const load = new Int32Array(p.rightCount);
  for (let k = 0; k < chosen.length; k++) (value[p.edgeRight[chosen[k]]] += p.edgeWeight[chosen[k]]), load[p.edgeRight[chosen[k]]]++;
  return [...load.keys()].filter((r) => min[r] > 1 && load[r] >= min[r]).sort((x, y) => value[x] - value[y] || x - y);
}

const withAll = (flags: Uint8Array, nodes: number[]): Uint8Array => {
  const out = flags.slice();
  for (const r of nodes) out[r] = 1;
  return out;
};

interface Neighbourhood {
  /** the left nodes with an edge into the decided nodes, with all their edges; right capacities less what the others hold */
  sub: BipartiteProblem;
  /** minimums less what the others hold (at least 1) */
  min: Int32Array;
  /** Σ weights the neighbourhood holds now */
  current: number;
  /** the whole assignment with the neighbourhood's part replaced by a solution of `sub` */
  splice(subChosen: ArrayLike<number>): Int32Array;
}

function neighbourhood(p: BipartiteProblem, chosen: Int32Array, min: ArrayLike<number>, nodes: number[]): Neighbourhood {
  const L = p.leftCount, R = p.rightCount, E = p.edgeWeight.length;
  const inNodes = new Uint8Array(R);
  for (const r of nodes) inNodes[r] = 1;
  const inside = new Int32Array(L).fill(-1);
  const lefts: number[] = [];
  const gather = (): void => {
    for (let e = 0; e < E; e++) {
      const i = p.edgeLeft[e];
      if (inNodes[p.edgeRight[e]] && p.edgeWeight[e] > 0 && inside[i] < 0) (inside[i] = lefts.length), lefts.push(i);
    }
  };
  if (p.leftCount <= LOCAL_ABOVE) for (let i = 0; i < L; i++) (inside[i] = i), lefts.push(i);
  else gather();
  const held = new Int32Array(R);
  let current = 0;
  for (const e of chosen) {
    if (inside[p.edgeLeft[e]] < 0) held[p.edgeRight[e]]++;
    else current += p.edgeWeight[e];
  }
  const edges: number[] = [];
  for (let e = 0; e < E; e++) if (inside[p.edgeLeft[e]] >= 0) edges.push(e);
  const sub: BipartiteProblem = {
    leftCount: lefts.length,
    rightCount: R,
    leftCap: Int32Array.from(lefts, (i) => capOf(p.leftCap, i)),
    rightCap: Int32Array.from({ length: R }, (_, r) => Math.max(0, p.rightCap[r] - held[r])),
    edgeLeft: Int32Array.from(edges, (e) => inside[p.edgeLeft[e]]),
    edgeRight: Int32Array.from(edges, (e) => p.edgeRight[e]),
    edgeWeight: Float64Array.from(edges, (e) => p.edgeWeight[e]),
  };
  return {
    sub,
    min: Int32Array.from({ length: R }, (_, r) => Math.max(1, min[r] - held[r])),
    current,
    splice: (subChosen) => {
      const out = Array.from(chosen).filter((e) => inside[p.edgeLeft[e]] < 0);
      for (let k = 0; k < subChosen.length; k++) out.push(edges[subChosen[k]]);
      return Int32Array.from(out).sort();
    },
  };
}

function summarise(p: BipartiteProblem, res: AssignmentResult, chosen: Int32Array): AssignmentResult {
  let total = 0;
  let placed = 0;
  const seen = new Uint8Array(p.leftCount);
  for (const e of chosen) {
    total += p.edgeWeight[e];
    if (!seen[p.edgeLeft[e]]) (seen[p.edgeLeft[e]] = 1), placed++;
  }
  return { ...res, chosen, total, placedLeft: placed };
}

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
  return { ...summarise(p, res, chosen), prices: res.prices.slice(0, R) };
}
