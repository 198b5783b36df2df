/**
 * The SUPPORT kind of matching run, pure: helpers' pledges × people's needs, through the same
 * assignment engine as students × offers (`assignOptimal`, a capacitated bipartite b-matching).
 *
 *   left nodes  = (need, kind) units still uncovered: capacity 1, so each need gets AT MOST ONE
 *                 helper per kind of help; only needs whose person consented take part
 *   right nodes = helpers (all their active pledges): capacity HELPER_MAX_LOAD minus what their
 *                 approved pairings use (a helper's bounded load, counted in (need, kind) units)
 *   edges       = hard rules, decided with the slot bit masks of compat.ts: same area (normalised),
 *                 at least one shared time slot, the pledge offers that kind
 *   weight      = 0.6 + 0.4 × (share of the need's slots the helper can also do)
 *
 * Chosen edges of one (pledge, need) become one pairing listing its kinds, with Japanese reasons.
 */
import { assignOptimal } from '../../matching/engine/assign.js';
import { popcount, slotMask } from '../../matching/engine/compat.js';
import { joinJa, SLOT_LABEL } from '../../matching/engine/labels.js';
import { SLOTS, type Slot } from '../../matching/engine/types.js';
import { SUPPORT_KIND_LABEL, type SupportKind } from '../preparedness.enums.js';

export interface PledgeInput {
  id: string;
  helperId: string;
  kinds: readonly string[];
  area: string;
  slots: readonly string[];
  /** (need, kind) units the helper's approved pairings already take (any of their pledges) */
  used: number;
}

export interface NeedInput {
  id: string;
  kinds: readonly string[];
  area: string;
  slots: readonly string[];
  consent: boolean;
  /** kinds already given by an approved pairing */
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
  units: number;
  candidateEdges: number;
  assignedUnits: number;
  total: number;
  upperBound: number;
}

/** Areas compare after NFKC, without spaces, case-folded: "中央 " and "中央" are one area. */
export const normalizeArea = (area: string): string => area.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

export function planSupportPairings(pledgesIn: readonly PledgeInput[], needsIn: readonly NeedInput[], maxLoad: number): { pairings: PairingOutput[]; stats: SupportRunStats } {
  const pledges = [...pledgesIn].sort((a, b) => (a.id < b.id ? -1 : 1));
  const needs = [...needsIn].filter((n) => n.consent).sort((a, b) => (a.id < b.id ? -1 : 1));

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

  const unitNeed: number[] = [];
  const unitKind: string[] = [];
  const edgeLeft: number[] = [];
  const edgeRight: number[] = [];
  const edgeWeight: number[] = [];
  const edgePledge: number[] = [];
  needs.forEach((n, i) => {
    const candidates = byArea.get(normalizeArea(n.area)) ?? [];
    const mask = slotMask(n.slots as Slot[]);
    const want = popcount(mask);
    const covered = new Set(n.covered);
    for (const kind of n.kinds) {
      if (covered.has(kind)) continue;
      const u = unitNeed.length;
      unitNeed.push(i);
      unitKind.push(kind);
      // one edge per helper: their best-fitting pledge in this area
      const best = new Map<number, { j: number; w: number }>();
      for (const j of candidates) {
        const shared = mask & pledgeMask[j];
        if (!shared || !pledges[j].kinds.includes(kind)) continue;
        const w = 0.6 + (0.4 * popcount(shared)) / Math.max(1, want);
        const h = helperIndex.get(pledges[j].helperId)!;
        if ((best.get(h)?.w ?? -1) < w) best.set(h, { j, w });
      }
      for (const [h, { j, w }] of best) {
        edgeLeft.push(u);
        edgeRight.push(h);
        edgeWeight.push(w);
        edgePledge.push(j);
      }
    }
  });

  const result = assignOptimal(
    {
      leftCount: unitNeed.length,
      rightCount: helpers.length,
      leftCap: 1,
      rightCap: Array.from(helperUsed, (used) => Math.max(0, maxLoad - used)),
      edgeLeft,
      edgeRight,
      edgeWeight,
    },
  );

  const grouped = new Map<string, { j: number; i: number; kinds: string[]; weights: number[] }>();
  for (const e of result.chosen) {
    const i = unitNeed[edgeLeft[e]];
    const j = edgePledge[e];
    const key = `${j}.${i}`;
    const g = grouped.get(key) ?? { j, i, kinds: [], weights: [] };
    g.kinds.push(unitKind[edgeLeft[e]]);
    g.weights.push(edgeWeight[e]);
    grouped.set(key, g);
  }
  const pairings = [...grouped.values()].map(({ i, j, kinds, weights }) => {
    const need = needs[i];
    const pledge = pledges[j];
    const shared = slotMask(need.slots as Slot[]) & pledgeMask[j];
    const sharedSlots = SLOTS.filter((_, b) => shared & (1 << b));
    const sortedKinds = [...kinds].sort();
    return {
      pledgeId: pledge.id,
      needId: need.id,
      kinds: sortedKinds,
      score: Math.min(1, weights.reduce((a, b) => a + b, 0) / weights.length),
      reasons: [
        `同じ地区です（${need.area}）`,
        `重なる時間帯: ${joinJa(sharedSlots.map((s) => SLOT_LABEL[s]))}`,
        `支援の種類: ${joinJa(sortedKinds.map((k) => SUPPORT_KIND_LABEL[k as SupportKind] ?? k))}`,
      ],
    };
  });
  return {
    pairings,
    stats: {
      pledges: pledges.length,
      needs: needs.length,
      units: unitNeed.length,
      candidateEdges: edgeLeft.length,
      assignedUnits: result.chosen.length,
      total: result.total,
      upperBound: result.upperBound,
    },
  };
}
