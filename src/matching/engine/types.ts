/**
 * Public types of the pure matching engine (no database, no Nest, no I/O).
 *
 * The worker loads matchable students and eligible offers, calls `runMatching` and writes the
 * proposals; everything in `src/matching/engine/` is synchronous, deterministic computation.
 * The enum values mirror `StudentStage`, `TimeSlot` and `ParticipationMode` of the GraphQL contract;
 * the slots (and their order) are the shared vocabulary of src/lib/slots.
 */
import type { Slot } from '../../lib/slots/slots.js';

export type { Slot } from '../../lib/slots/slots.js';
export { SLOTS } from '../../lib/slots/slots.js';
export type Stage = 'ELEMENTARY' | 'JUNIOR_HIGH' | 'HIGH_SCHOOL' | 'UNIVERSITY';
export type Mode = 'ONSITE' | 'ONLINE' | 'HYBRID';

/** Enum orders fix the bit positions in compat.ts and the label order in reasons and plans. */
export const STAGES: readonly Stage[] = ['ELEMENTARY', 'JUNIOR_HIGH', 'HIGH_SCHOOL', 'UNIVERSITY'];
export const MODES: readonly Mode[] = ['ONSITE', 'ONLINE', 'HYBRID'];

export interface StudentInput {
  id: string;
  stage: Stage;
  /** theme keys, e.g. `disaster` */
  themes: string[];
  /** 悩み・問題意識 (free Japanese text) */
  concerns: string;
  /** やってみたいこと・得意なこと (free Japanese text) */
  interests: string;
  area: string | null;
  slots: Slot[];
  modes: Mode[];
}

export interface OfferInput {
  id: string;
  title: string;
  description: string;
  themes: string[];
  /** places left for new proposals: capacity − approved participants */
  openPlaces: number;
  stages: Stage[];
  area: string | null;
  mode: Mode;
  slots: Slot[];
  /** students already in a joint action of this offer: never proposed again */
  excludedStudentIds?: string[];
  /** students who declined this offer or marked it NOT_INTERESTED: never proposed it (and the reason they may be left out) */
  declinedStudentIds?: string[];
  /** students who marked this offer INTERESTED: the pair gets INTEREST_BONUS */
  interestedStudentIds?: string[];
  /** a new group of this offer has at least this many students or none (1 when absent; a refill passes 1) */
  minParticipants?: number;
}

export interface MatchingOptions {
  /** theme key → Japanese label; its key order is the vocabulary order used in plans and reasons */
  themeLabels: Record<string, string>;
  /** called now and then with the fraction done (0 → 1) and the pairs scored so far */
  onProgress?: (fraction: number, pairsScored: number) => void;
  /** max candidate offers kept per student (default 30) */
  perStudentCandidates?: number;
}

export interface ProposedParticipant {
  studentId: string;
  /** 0..1 */
  score: number;
  /** Japanese, only signals that are true for this pair */
  reasons: string[];
}

export interface ProposedAssignment {
  offerId: string;
  participants: ProposedParticipant[];
  /** mean of the participants' scores */
  score: number;
  plan: { title: string; summary: string; themes: string[] };
}

export interface MatchingStats {
  students: number;
  /** eligible offers actually considered (openPlaces ≥ 1) */
  offers: number;
  /** students × offers */
  crossProduct: number;
  /** candidate edges handed to the assignment: ≤ perStudentCandidates per student, all with score > 0 */
  candidatePairs: number;
  /** pairs whose full score was computed (the rest of the cross product was never looked at) */
  pairsScored: number;
  /** Σ of the proposed participants' scores: the objective the assignment maximises */
  totalScore: number;
  /** students placed in a proposal */
  placed: number;
  /** dual (LP) upper bound on totalScore over the candidate edges: totalScore ≤ upperBound */
  upperBound?: number;
  /** offers closed for want of their minParticipants */
  closedByMinimum?: number;
  /** repair rounds of the minimum group sizes (src/lib/assignment/minimums.ts) */
  minimumRounds?: number;
}

export interface MatchingResult {
  proposals: ProposedAssignment[];
  stats: MatchingStats;
  /** every student not placed, with the reason (unplaced.ts) */
  unplaced: UnplacedStudent[];
}

export type { UnplacedReason, UnplacedStudent } from './unplaced.js';
import type { UnplacedStudent } from './unplaced.js';
