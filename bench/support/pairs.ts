/**
 * Brute force over EVERY student × offer pair of a model, with the engine's own score: the
 * baseline the candidate generation is measured against (throughput), and the full graph an
 * exact optimum is computed on (no candidate pruning at all).
 *
 * The inner loop is the one of candidates.ts (scatter the student's text vector once, gather per
 * offer, the compat mask first), so the throughput comparison is fair: same arithmetic per pair.
 */
import type { BipartiteProblem } from '../../src/lib/assignment/index.js';
import { compatible } from '../../src/matching/engine/compat.js';
import type { Model } from '../../src/matching/engine/model.js';
import { SLOT_FIT, areaFit, modeFit, pairScore, sharedThemeWeight } from '../../src/matching/engine/score.js';
import { gather, scatter } from '../../src/lib/text/tfidf.js';

export interface FullPairs {
  problem: BipartiteProblem;
  /** pairs whose score was computed (compatible and not excluded) */
  scored: number;
  /** pairs looked at: students × offers */
  visited: number;
  ms: number;
}

/**
 * Scores every pair of students [0, students) × all offers. With `keep` false it only counts
 * (throughput measurement); with `keep` true it returns the graph of all pairs with score > 0.
 */
export function scoreAllPairs(m: Model, opts: { students?: number; keep: boolean }): FullPairs {
  const S = Math.min(m.S, opts.students ?? m.S);
  const { O, text: tx } = m;
  const dense = new Float64Array(tx.vocab.length);
  const excluded = new Int32Array(O).fill(-1);
  const eS: number[] = [], eO: number[] = [], eW: number[] = [];
  let scored = 0;
  let positive = 0;
  const t0 = performance.now();
  for (let s = 0; s < S; s++) {
    for (let k = m.exPtr[s]; k < m.exPtr[s + 1]; k++) excluded[m.exOffer[k]] = s;
    scatter(tx, s, dense);
    const code = m.sCode[s], sW = m.sThemeW[s], sSlot = m.sSlots[s] * 64, sArea = m.sArea[s], sModes = m.sModes[s], sThemes = m.sThemes[s];
    for (let o = 0; o < O; o++) {
      if (excluded[o] === s || !compatible(code, m.oCode[o])) continue;
      const shared = sharedThemeWeight(m.themes, sThemes, m.oThemes[o]);
      const cos = gather(tx, m.S + o, dense);
      const sc = pairScore(sW > 0 ? shared / sW : 0, m.oThemeW[o] > 0 ? shared / m.oThemeW[o] : 0, shared > 0, cos, SLOT_FIT[sSlot + m.oSlots[o]], areaFit(sArea, m.oArea[o]), modeFit(sModes, m.oMode[o]));
      scored++;
      if (sc > 0) {
        positive++;
        if (opts.keep) {
          eS.push(s);
          eO.push(o);
          eW.push(sc);
        }
      }
    }
    scatter(tx, s, dense, false);
  }
  const ms = performance.now() - t0;
  if (positive < 0) throw new Error('unreachable'); // keeps the counting loop observable
  return {
    problem: {
      leftCount: m.S,
      rightCount: O,
      leftCap: 1,
      rightCap: m.cap,
      edgeLeft: Int32Array.from(eS),
      edgeRight: Int32Array.from(eO),
      edgeWeight: Float64Array.from(eW),
    },
    scored,
    visited: S * O,
    ms,
  };
}

/** Left nodes with at least one chosen edge. */
export function placedOf(p: BipartiteProblem, chosen: ArrayLike<number>): number {
  const seen = new Set<number>();
  for (let k = 0; k < chosen.length; k++) seen.add(p.edgeLeft[chosen[k]]);
  return seen.size;
}
