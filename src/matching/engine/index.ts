/**
 * The pure matching engine: students × offers → proposals (one per offer with assigned students).
 *
 *   model.ts       encode once: sort by id, compat masks, areas, theme rarity, TF-IDF of the texts (src/lib/text)
 *   candidates.ts  inverted indexes → ≤ K scored candidates per student (cross product never enumerated)
 *   score.ts       reciprocal pair score (harmonic mean of student-side and offer-side fit)
 *   src/lib/assignment  max-total assignment under capacities: exact SSP min-cost flow on small
 *                  instances, a certified ε-auction (gap ≤ 0.5% by its LP dual bound) on large ones,
 *                  minimum group sizes around them
 *   reasons.ts / plan.ts  Japanese reasons per participant, a joint action plan per offer
 *
 * Deterministic: inputs are sorted by id, every tie is broken by index or by a hash of ids, and
 * nothing reads the clock or Math.random; the same data gives the same proposals whatever order
 * the caller passes them in.
 */
import { assignOptimal, type BipartiteProblem } from '../../lib/assignment/index.js';
import { assignWithMinimums } from '../../lib/assignment/minimums.js';
import { unplacedStudents } from './unplaced.js';
import { generateCandidates } from './candidates.js';
import { buildModel } from './model.js';
import { buildPlan } from './plan.js';
import { reasonsFor } from './reasons.js';
import type { MatchingOptions, MatchingResult, OfferInput, ProposedAssignment, StudentInput } from './types.js';

export * from './types.js';
export { greedyAssign, assignOptimal, dualUpperBound, type BipartiteProblem, type AssignmentResult } from '../../lib/assignment/index.js';
export { tokenize } from '../../lib/text/segment.js';
export { WEIGHTS, MIN_COSINE } from './score.js';

export const DEFAULT_PER_STUDENT_CANDIDATES = 30;
/**
 * Added to every edge in the assignment (not to reported scores): among assignments whose totals
 * differ by less than 10⁻⁶ per student, the one placing more students wins. Measured: without it
 * the optimum already places more students than greedy; with it, exact ties never cost a place.
 */
export const PLACEMENT_BONUS = 1e-6;
/**
 * Added to the score of a pair the student marked INTERESTED (setOfferInterest), capped at 1: it
 * decides between two close offers (fits within 0.05 of each other) and never beats a much better
 * fit by itself. The contract asks for a bonus between 0.03 and 0.1 of the 0–1 score.
 */
export const INTEREST_BONUS = 0.05;

export interface MatchingDiagnostics {
  /** wall time per phase, ms */
  timings: { model: number; candidates: number; assignment: number; proposals: number; total: number };
  /** offers visited by the theme channel (incl. incompatible ones) */
  visited: number;
  /** students whose candidate list is provably their exact top K */
  exactStudents: number;
  /** Dijkstra settlements in the assignment (work measure) */
  settled: number;
  /** vocabulary size of the run's texts */
  terms: number;
  /** the candidate graph handed to the assignment (indices into the id-sorted inputs), on request */
  candidates?: BipartiteProblem;
}

export function runMatching(students: StudentInput[], offers: OfferInput[], opts: MatchingOptions): MatchingResult {
  return runMatchingDetailed(students, offers, opts).result;
}

/** runMatching plus timings and work counters, for the worker's log and the benchmark. */
export function runMatchingDetailed(
  students: readonly StudentInput[],
  offers: readonly OfferInput[],
  opts: MatchingOptions & { memoText?: boolean; returnCandidates?: boolean },
): { result: MatchingResult; diagnostics: MatchingDiagnostics } {
  const K = Math.max(1, Math.floor(opts.perStudentCandidates ?? DEFAULT_PER_STUDENT_CANDIDATES));
  const clock = (): number => performance.now();
  const t0 = clock();
  let pairsScored = 0;
  let lastReported = -1;
  const report = (f: number, force = false): void => {
    if (!opts.onProgress) return;
    const fr = Math.min(1, Math.max(0, f));
    if (!force && fr - lastReported < 0.01) return;
    lastReported = fr;
    opts.onProgress(fr, pairsScored);
  };
  report(0, true);

  // phase weights for the progress fraction, after the measured share of time
  const P_MODEL = 0.15, P_CAND = 0.6, P_ASSIGN = 0.2;
  const m = buildModel(students, offers, Object.keys(opts.themeLabels), { memoText: opts.memoText });
  const t1 = clock();
  report(P_MODEL);

  const cand = generateCandidates(m, {
    perStudent: K,
    onStudent: (done, scored) => {
      pairsScored = scored;
      report(P_MODEL + (P_CAND * done) / Math.max(1, m.S));
    },
  });
  pairsScored = cand.pairsScored;
  const t2 = clock();
  report(P_MODEL + P_CAND);

  // the student's own interest, as a bounded bonus on the pair's score
  if (m.interested.size) {
    for (let e = 0; e < cand.edgeS.length; e++) if (m.interested.has(cand.edgeS[e] * m.O + cand.edgeO[e])) cand.edgeW[e] = Math.min(1, cand.edgeW[e] + INTEREST_BONUS);
  }

  const problem = {
    leftCount: m.S,
    rightCount: m.O,
    leftCap: 1,
    rightCap: m.cap,
    edgeLeft: cand.edgeS,
    edgeRight: cand.edgeO,
    edgeWeight: cand.edgeW,
  };
  const assignOpts = { placementBonus: PLACEMENT_BONUS, onProgress: (f: number) => report(P_MODEL + P_CAND + P_ASSIGN * f) };
  // minimum group sizes, when an offer has one: 0 or ≥ k students (src/lib/assignment/minimums.ts)
  const asg = m.oMin.some((k) => k > 1) ? assignWithMinimums(problem, m.oMin, assignOpts) : { ...assignOptimal(problem, assignOpts), closed: new Uint8Array(m.O), rounds: 0 };
  const t3 = clock();
  report(P_MODEL + P_CAND + P_ASSIGN);

  // group the chosen edges by offer (edges are sorted by student, so participants come in id order)
  const byOffer = new Map<number, number[]>();
  for (const e of asg.chosen) {
    const o = cand.edgeO[e];
    const l = byOffer.get(o);
    if (l) l.push(e);
    else byOffer.set(o, [e]);
  }
  const proposals: ProposedAssignment[] = [];
  let totalScore = 0;
  for (const o of [...byOffer.keys()].sort((a, b) => a - b)) {
    const es = byOffer.get(o)!;
    const participants = es
      .map((e) => ({
        s: cand.edgeS[e],
        studentId: m.students[cand.edgeS[e]].id,
        score: cand.edgeW[e],
        reasons: reasonsFor(m, cand.edgeS[e], o, opts.themeLabels),
      }))
      .sort((a, b) => b.score - a.score || (a.studentId < b.studentId ? -1 : 1));
    const sum = participants.reduce((acc, p) => acc + p.score, 0);
    totalScore += sum;
    proposals.push({
      offerId: m.offers[o].id,
      participants: participants.map(({ studentId, score, reasons }) => ({ studentId, score, reasons })),
      score: sum / participants.length,
      plan: buildPlan(
        m,
        o,
        participants.map((p) => p.s),
        opts.themeLabels,
      ),
    });
  }
  const t4 = clock();
  report(1, true);

  return {
    result: {
      proposals,
      stats: {
        students: m.S,
        offers: m.O,
        crossProduct: m.S * m.O,
        candidatePairs: cand.edgeS.length,
        pairsScored: cand.pairsScored,
        totalScore,
        placed: asg.placedLeft,
        upperBound: asg.upperBound,
        closedByMinimum: asg.closed.reduce((n, c) => n + c, 0),
        minimumRounds: asg.rounds,
      },
      unplaced: unplacedStudents(m, cand, asg.chosen, asg.closed),
    },
    diagnostics: {
      timings: { model: t1 - t0, candidates: t2 - t1, assignment: t3 - t2, proposals: t4 - t3, total: t4 - t0 },
      visited: cand.visited,
      exactStudents: cand.exactStudents,
      settled: asg.settled,
      terms: m.text.vocab.length,
      ...(opts.returnCandidates ? { candidates: problem } : {}),
    },
  };
}
