/**
 * The SUPPORT kind of matching run, pure: helpers' pledges × people's needs, through the same
 * assignment engine as students × offers (`assignOptimal`, a capacitated bipartite b-matching).
 *
 *   left nodes  = needs whose person consented and who have fewer approved helpers than they
 *                 want (`helpersWanted`, 2 unless set): capacity = the shortfall
 *   right nodes = helpers (all their active pledges): capacity HELPER_MAX_LOAD minus the people
 *                 their approved pairings already take (a helper's bounded load, in people)
 *   edges       = one per (need, helper), so that no helper is proposed twice for one person (the
 *                 engine chooses an edge at most once), never to a helper already approved for the
 *                 need or rejected for it by a coordinator; hard rules decided with the slot bit
 *                 masks of compat.ts: same area (normalised), at least one shared time slot, at
 *                 least one shared kind of help (the helper's best-fitting pledge in the area)
 *   weight      = 0.5 + 0.2 × (share of the need's kinds the helper gives)
 *                     + 0.15 × (share of the kinds no approved helper gives yet)
 *                     + 0.15 × (share of the need's slots the helper can also do)
 *   unit bonus  = COVERAGE_STEP × (MAX_HELPERS_WANTED − rank) for a need's helper of that rank (0:
 *                 its first helper), the engine's `leftUnitBonus`: each step (1) exceeds any
 *                 difference of weights (< 0.5), so nobody gets a second helper while someone
 *                 who could have a first one has none — on the day, the person nobody visits
 *                 matters more than the person two people visit.
 *
 * Each chosen edge becomes one pairing listing the kinds the helper gives, with Japanese reasons.
 */
import { assignOptimal } from '../../lib/assignment/index.js';
import { SLOT_LABEL } from '../../lib/slots/labels.js';
import { popcount, slotMask, SLOTS, type Slot } from '../../lib/slots/slots.js';
import { joinJa } from '../../lib/text/join-ja.js';
import { DEFAULT_HELPERS_WANTED, MAX_HELPERS_WANTED, SUPPORT_KIND_LABEL, type SupportKind } from '../preparedness.enums.js';

export interface PledgeInput {
  id: string;
  helperId: string;
  kinds: readonly string[];
  area: string;
  slots: readonly string[];
  /** people the helper's approved pairings already take (any of their pledges) */
  used: number;
}

export interface NeedInput {
  id: string;
  kinds: readonly string[];
  area: string;
  slots: readonly string[];
  consent: boolean;
  /** how many approved helpers the person should have (DEFAULT_HELPERS_WANTED when absent) */
  wanted?: number;
  /** helpers already approved for this need: they count towards `wanted` and are not proposed again */
  approvedHelperIds?: readonly string[];
  /** helpers a coordinator rejected for this need: not proposed to it again */
  rejectedHelperIds?: readonly string[];
  /** kinds already given by an approved pairing (helpers giving the others weigh more) */
  covered: readonly string[];
}

export interface PairingOutput {
  pledgeId: string;
  needId: string;
  kinds: string[];
  score: number;
  reasons: string[];
}

export interface SupportRunStats {
  pledges: number;
  needs: number;
  /** helpers wanted and not yet approved, over all needs: what the run could place at most */
  units: number;
  candidateEdges: number;
  assignedUnits: number;
  total: number;
  upperBound: number;
}

/** A helper of rank k (0: the person's first) is worth this much more than one of rank k + 1. */
export const COVERAGE_STEP = 1;

/** Areas compare after NFKC, without spaces, case-folded: "中央 " and "中央" are one area. */
export const normalizeArea = (area: string): string => area.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

export function planSupportPairings(pledgesIn: readonly PledgeInput[], needsIn: readonly NeedInput[], maxLoad: number): { pairings: PairingOutput[]; stats: SupportRunStats } {
  const pledges = [...pledgesIn].sort((a, b) => (a.id < b.id ? -1 : 1));
  const needs = [...needsIn]
    .filter((n) => n.consent && shortfall(n) > 0)
    .sort((a, b) => (a.id < b.id ? -1 : 1));

  const pledgeMask = pledges.map((p) => slotMask(p.slots as Slot[]));
  const helpers = [...new Set(pledges.map((p) => p.helperId))];
  const helperIndex = new Map(helpers.map((h, k) => [h, k]));
  const helperUsed = new Float64Array(helpers.length);
  for (const p of pledges) helperUsed[helperIndex.get(p.helperId)!] = Math.max(helperUsed[helperIndex.get(p.helperId)!], p.used);
  const byArea = new Map<string, number[]>();
  pledges.forEach((p, j) => {
    if (maxLoad - p.used <= 0) return;
    const key = normalizeArea(p.area);
    const list = byArea.get(key) ?? [];
    list.push(j);
    byArea.set(key, list);
  });

  const edgeLeft: number[] = [];
  const edgeRight: number[] = [];
  const edgeWeight: number[] = [];
  const edgePledge: number[] = [];
  const edgeKinds: string[][] = [];
  needs.forEach((n, i) => {
    const mask = slotMask(n.slots as Slot[]);
    const want = Math.max(1, popcount(mask));
    const covered = new Set(n.covered);
    const uncovered = n.kinds.filter((k) => !covered.has(k));
    const excluded = new Set([...(n.approvedHelperIds ?? []), ...(n.rejectedHelperIds ?? [])]);
    // one edge per helper: their best-fitting pledge in this area
    const best = new Map<number, { j: number; w: number; kinds: string[] }>();
    for (const j of byArea.get(normalizeArea(n.area)) ?? []) {
      const pledge = pledges[j];
      if (excluded.has(pledge.helperId)) continue;
      const shared = mask & pledgeMask[j];
      const kinds = n.kinds.filter((k) => pledge.kinds.includes(k));
      if (!shared || !kinds.length) continue;
      const fresh = uncovered.length ? kinds.filter((k) => !covered.has(k)).length / uncovered.length : 0;
      const w = 0.5 + (0.2 * kinds.length) / n.kinds.length + 0.15 * fresh + (0.15 * popcount(shared)) / want;
      const h = helperIndex.get(pledge.helperId)!;
      if ((best.get(h)?.w ?? -1) < w) best.set(h, { j, w, kinds });
    }
    for (const [h, { j, w, kinds }] of best) {
      edgeLeft.push(i);
      edgeRight.push(h);
      edgeWeight.push(w);
      edgePledge.push(j);
      edgeKinds.push(kinds);
    }
  });

  const approvedCount = needs.map((n) => (n.approvedHelperIds ?? []).length);
  const result = assignOptimal(
    {
      leftCount: needs.length,
      rightCount: helpers.length,
      leftCap: needs.map(shortfall),
      rightCap: Array.from(helperUsed, (used) => Math.max(0, maxLoad - used)),
      edgeLeft,
      edgeRight,
      edgeWeight,
    },
    { leftUnitBonus: (i, unit) => COVERAGE_STEP * Math.max(0, MAX_HELPERS_WANTED - approvedCount[i] - unit) },
  );

  // the rank of each new helper of a need, in the order the pairings are listed (for the reasons)
  const rank = new Map<number, number>();
  const pairings = [...result.chosen].map((e) => {
    const i = edgeLeft[e];
    const need = needs[i];
    const pledge = pledges[edgePledge[e]];
    const shared = slotMask(need.slots as Slot[]) & pledgeMask[edgePledge[e]];
    const sharedSlots = SLOTS.filter((_, b) => shared & (1 << b));
    const kinds = [...edgeKinds[e]].sort();
    const nth = approvedCount[i] + (rank.get(i) ?? 0) + 1;
    rank.set(i, (rank.get(i) ?? 0) + 1);
    return {
      pledgeId: pledge.id,
      needId: need.id,
      kinds,
      score: Math.min(1, edgeWeight[e]),
      reasons: [
        `同じ地区です（${need.area}）`,
        `重なる時間帯: ${joinJa(sharedSlots.map((s) => SLOT_LABEL[s]))}`,
        `支援の種類: ${joinJa(kinds.map((k) => SUPPORT_KIND_LABEL[k as SupportKind] ?? k))}`,
        `${nth}人目の支援者です（目標 ${wantedOf(need)}人）`,
      ],
    };
  });
  return {
    pairings,
    stats: {
      pledges: pledges.length,
      needs: needs.length,
      units: needs.reduce((sum, n) => sum + shortfall(n), 0),
      candidateEdges: edgeLeft.length,
      assignedUnits: result.chosen.length,
      total: result.total,
      upperBound: result.upperBound,
    },
  };
}

const wantedOf = (n: NeedInput): number => Math.min(MAX_HELPERS_WANTED, Math.max(1, n.wanted ?? DEFAULT_HELPERS_WANTED));
const shortfall = (n: NeedInput): number => Math.max(0, wantedOf(n) - (n.approvedHelperIds ?? []).length);
