/**
 * Why each student a run did not place was left out (coordinators only, MatchingRun.unplaced):
 *   NO_COMPATIBLE_OFFER  no eligible offer takes their stage, times and way of taking part
 *   DECLINED_ALL         compatible offers that share a theme exist, but they declined or marked
 *                        NOT_INTERESTED every one (and no other offer fits)
 *   NO_SHARED_INTEREST   compatible offers exist but none shares a theme or meaning with them
 *   BELOW_MINIMUM        every offer that fits them was closed for want of its minParticipants
 *   OUTSCORED            offers fit, and students who fit them better filled them: nearest is the
 *                        open offer they fit best, score their score there, cutoff the lowest
 *                        score placed there (score < cutoff by how much they missed)
 * Compatibility is checked against the distinct offer codes (a few hundred whatever the number of
 * offers), so the reasons cost little beside the run.
 */
import { compatible } from './compat.js';
import type { Candidates } from './candidates.js';
import type { Model } from './model.js';
import { sharedThemeWeight } from './score.js';

export type UnplacedReason = 'NO_COMPATIBLE_OFFER' | 'NO_SHARED_INTEREST' | 'OUTSCORED' | 'DECLINED_ALL' | 'BELOW_MINIMUM';

export interface UnplacedStudent {
  studentId: string;
  reason: UnplacedReason;
  nearestOfferId?: string;
  score?: number;
  cutoff?: number;
}

export function unplacedStudents(m: Model, cand: Candidates, chosen: ArrayLike<number>, closed: Uint8Array): UnplacedStudent[] {
  const placed = new Uint8Array(m.S);
  const cutoff = new Float64Array(m.O).fill(Infinity);
  for (let k = 0; k < chosen.length; k++) {
    const e = chosen[k];
    placed[cand.edgeS[e]] = 1;
    cutoff[cand.edgeO[e]] = Math.min(cutoff[cand.edgeO[e]], cand.edgeW[e]);
  }
  const codes = [...new Set(m.oCode)];
  // each student's candidate edges: edges are sorted by student
  const first = new Int32Array(m.S + 1).fill(-1);
  for (let e = cand.edgeS.length - 1; e >= 0; e--) first[cand.edgeS[e]] = e;

  const out: UnplacedStudent[] = [];
  for (let s = 0; s < m.S; s++) {
    if (placed[s]) continue;
    const id = m.students[s].id;
    let best = -1;
    let anyCandidate = false;
    if (first[s] >= 0) {
      for (let e = first[s]; e < cand.edgeS.length && cand.edgeS[e] === s; e++) {
        anyCandidate = true;
        if (!closed[cand.edgeO[e]] && (best < 0 || cand.edgeW[e] > cand.edgeW[best])) best = e;
      }
    }
    if (best >= 0) {
      const o = cand.edgeO[best];
      out.push({ studentId: id, reason: 'OUTSCORED', nearestOfferId: m.offers[o].id, score: cand.edgeW[best], ...(cutoff[o] < Infinity ? { cutoff: cutoff[o] } : {}) });
    } else if (anyCandidate) {
      out.push({ studentId: id, reason: 'BELOW_MINIMUM' });
    } else if (!codes.some((c) => compatible(m.sCode[s], c))) {
      out.push({ studentId: id, reason: 'NO_COMPATIBLE_OFFER' });
    } else {
      let declined = false;
      for (let k = m.dePtr[s]; k < m.dePtr[s + 1] && !declined; k++) {
        const o = m.deOffer[k];
        declined = compatible(m.sCode[s], m.oCode[o]) && sharedThemeWeight(m.themes, m.sThemes[s], m.oThemes[o]) > 0;
      }
      out.push({ studentId: id, reason: declined ? 'DECLINED_ALL' : 'NO_SHARED_INTEREST' });
    }
  }
  return out;
}
