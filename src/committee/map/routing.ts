/**
 * Which perspective a participant is shown next (Query.nextPerspective), after Polis's comment
 * priority (conversation.clj, priority-metric): a statement's weight is
 *
 *   (1 − pass rate) × (1 + 2 × spread) × (1 + 8 × 2^(−seen / 5))
 *
 * with pass rate = (passes + 1) / (seen + 2); spread = max − min of the opinion groups' agree rates
 * on it (0 before there are groups): the statements that tell groups apart weigh up to three times
 * more; and Polis's novelty factor, which makes a statement few have seen weigh up to nine times
 * more until about ten people have seen it. Polis uses the statement's extremity on the PCA axes
 * where the spread is here, and draws at random by weight; here the heaviest is shown (equal weights
 * in an order of the person's own), so that the choice can be explained and tested.
 */
import { createHash } from 'node:crypto';

export interface RoutingCandidate {
  id: string;
  pass: number;
  seen: number;
  spread: number;
}

export function routingWeight(c: RoutingCandidate): number {
  const passRate = (c.pass + 1) / (c.seen + 2);
  return (1 - passRate) * (1 + 2 * c.spread) * (1 + 8 * 2 ** (-c.seen / 5));
}

/** The id of the heaviest candidate; ties are broken by a hash of the person and the statement. */
export function pickNext(candidates: readonly RoutingCandidate[], person: string): string | null {
  let best: { id: string; w: number; tie: string } | null = null;
  for (const c of candidates) {
    const w = routingWeight(c);
    if (best && w < best.w - 1e-12) continue;
    const tie = createHash('sha256').update(`${person}\u0000${c.id}`).digest('hex');
    if (!best || w > best.w + 1e-12 || tie < best.tie) best = { id: c.id, w, tie };
  }
  return best?.id ?? null;
}
