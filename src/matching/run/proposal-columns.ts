import type { ProposedAssignment } from '../engine/index.js';

/**
 * A run's proposals as the writes bind them (write-proposals.ts): one array per column, the
 * participants flattened proposal by proposal with their reasons already as JSON. The engine
 * thread builds it, so what crosses back to the main thread is a few long arrays and typed arrays
 * instead of an object per participant and an array per reasons list (a structured clone of those
 * cost several times more), and the main thread has nothing left to shape before the writes.
 */
export interface ProposalColumns {
  /** the number of proposals */
  length: number;
  offerIds: string[];
  scores: Float64Array;
  titles: string[];
  summaries: string[];
  /** each proposal's plan themes joined by ',' (theme keys have no commas) */
  themes: string[];
  /** per participant: the index of its proposal */
  participantProposal: Int32Array;
  participantStudent: string[];
  participantScore: Float64Array;
  /** per participant: its reasons as a JSON array of strings */
  participantReasons: string[];
}

export function proposalColumns(proposals: readonly ProposedAssignment[]): ProposalColumns {
  const n = proposals.reduce((sum, p) => sum + p.participants.length, 0);
  const cols: ProposalColumns = {
    length: proposals.length,
    offerIds: proposals.map((p) => p.offerId),
    scores: Float64Array.from(proposals, (p) => p.score),
    titles: proposals.map((p) => p.plan.title),
    summaries: proposals.map((p) => p.plan.summary),
    themes: proposals.map((p) => p.plan.themes.join(',')),
    participantProposal: new Int32Array(n),
    participantStudent: new Array<string>(n),
    participantScore: new Float64Array(n),
    participantReasons: new Array<string>(n),
  };
  let k = 0;
  proposals.forEach((p, i) => {
    for (const pp of p.participants) {
      cols.participantProposal[k] = i;
      cols.participantStudent[k] = pp.studentId;
      cols.participantScore[k] = pp.score;
      cols.participantReasons[k] = JSON.stringify(pp.reasons);
      k++;
    }
  });
  return cols;
}

/** The typed arrays' buffers: moved to the receiving thread, not copied. */
export const transferables = (c: ProposalColumns): ArrayBuffer[] => [c.scores, c.participantProposal, c.participantScore].map((a) => a.buffer as ArrayBuffer);
