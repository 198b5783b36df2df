/**
 * A perspective map's statistics from its canonical inputs (canonical.ts): pure, synchronous and
 * deterministic, so the API runs it inline for small maps and the worker for large ones, and its
 * result is cached under the inputs' fingerprint. Statements and participants are referred to by
 * their canonical index; the caller maps indexes back to rows.
 *
 *  1. participants with at least min(7, statements) stances are clustered (Polis's threshold);
 *  2. PCA of their stances (pca.ts), groups by k-means on the two axes (clusters.ts);
 *  3. per group and statement the counts behind every list (stats.ts): representatives against
 *     everyone outside the group, group-informed consensus, divisive statements, and the same
 *     consensus over the self-declared generations;
 *  4. keywords and each group's label from the statements' content words (src/lib/text/content-words.ts).
 */
import type { Generation } from '../committee.enums.js';
import { contentTerms, isKeyword, type ContentTerm } from '../../lib/text/content-words.js';
import type { CanonicalInputs } from './canonical.js';
import { chooseClustering, MIN_GROUP, type WeightedPoints } from './clusters.js';
import { pca2, type SparseRows } from './pca.js';
import {
  agreedByEveryGroup,
  countBySet,
  divisive as divisiveOf,
  groupInformedConsensus,
  representatives,
  spreads,
  type Counts,
  type Representative,
  type Scored,
} from './stats.js';

export const CLUSTER_MIN_STANCES = 7;
/** fewer clustered participants than this and no points are shown (they could be told apart) */
export const MIN_POINTS = 7;
const RANKED_LIMIT = 20;
const LIST_LIMIT = 10;
const KEYWORD_LIMIT = 20;

export interface MapGroup {
  size: number;
  label: string;
  representatives: Representative[];
}

export interface MapResult {
  minStancesToCluster: number;
  clusteredParticipants: number;
  silhouette: number | null;
  groups: MapGroup[];
  /** agreed in every group (or, without groups, by the majority of at least 3 who saw it) */
  consensus: number[];
  consensusRanked: Scored[];
  acrossGenerations: Scored[];
  /** the generations acrossGenerations covers (those with at least 3 people who took a stance) */
  generations: number;
  divisive: number[];
  /** clustered participants on the two axes; sorted, so that the order says nothing about anyone */
  points: { x: number; y: number; group: number }[];
  /** per statement: max − min of the groups' agree rates (what nextPerspective favours) */
  spread: number[];
  keywords: { term: string; count: number }[];
}

const round = (x: number) => Math.round(x * 1e4) / 1e4 + 0; // + 0: no -0

export function computeMap(input: CanonicalInputs): MapResult {
  const nS = input.statements.length;
  const nP = input.people.length;
  const terms = input.statements.map((s) => contentTerms(s.text));
  const keywords = keywordsOf(terms);
  const minStancesToCluster = Math.max(1, Math.min(CLUSTER_MIN_STANCES, nS));

  const stancesOf = new Int32Array(nP);
  for (const c of input.cells) stancesOf[c.p]++;
  const clustered: number[] = [];
  for (let p = 0; p < nP; p++) if (stancesOf[p] >= minStancesToCluster) clustered.push(p);

  const everyone = countBySet(input.cells, new Int32Array(nP), 1, nS)[0];
  const groupOf = new Int32Array(nP).fill(-1);
  const { members, points, silhouette } = group(input, clustered, groupOf);
  const groupCounts = countBySet(input.cells, groupOf, members.length, nS);

  // without groups, consensus is the same measure over everyone who took a stance
  const sets = members.length ? groupCounts : [everyone];
  const consensusRanked = groupInformedConsensus(sets, everyone, RANKED_LIMIT);
  const consensus = agreedByEveryGroup(sets, groupInformedConsensus(sets, everyone, nS), MIN_GROUP).slice(0, LIST_LIMIT);
  const spread = spreads(groupCounts, nS);
  const reps = groupCounts.map((g) => representatives(g, everyone));
  const labels = labelGroups(reps, terms);

  return {
    minStancesToCluster,
    clusteredParticipants: clustered.length,
    silhouette,
    groups: members.map((m, g) => ({ size: m.length, label: labels[g], representatives: reps[g] })),
    consensus,
    consensusRanked,
    ...acrossGenerations(input, everyone),
    divisive: divisiveOf(groupCounts, spread, LIST_LIMIT),
    points,
    spread,
    keywords,
  };
}

/** Groups of the clustered participants (members by canonical index), numbered by size, largest first. */
function group(input: CanonicalInputs, clustered: number[], groupOf: Int32Array) {
  const none = { members: [] as number[][], points: [] as MapResult['points'], silhouette: null as number | null };
  if (clustered.length < 2 * MIN_GROUP) return none;
  const row = new Map(clustered.map((p, r) => [p, r]));
  const kept = input.cells.filter((c) => row.has(c.p));
  const ptr = new Int32Array(clustered.length + 1);
  for (const c of kept) ptr[row.get(c.p)! + 1]++;
  for (let r = 0; r < clustered.length; r++) ptr[r + 1] += ptr[r];
  const m: SparseRows = { rows: clustered.length, cols: input.statements.length, ptr, col: Int32Array.from(kept, (c) => c.s), val: Float64Array.from(kept, (c) => c.v) };
  const { proj } = pca2(m);

  // participants at the same place are one weighted point
  const at = new Map<string, number>();
  const pts: WeightedPoints = { xy: [], w: [] };
  const pointOf = proj.map(([x, y]) => {
    const key = `${x},${y}`;
    let i = at.get(key);
    if (i === undefined) {
      i = pts.xy.length;
      at.set(key, i);
      pts.xy.push([x, y]);
      pts.w.push(0);
    }
    pts.w[i]++;
    return i;
  });
  const chosen = chooseClustering(pts);
  if (!chosen) return none;
  const byLabel = Array.from({ length: chosen.k }, () => [] as number[]);
  pointOf.forEach((i, r) => byLabel[chosen.labels[i]].push(clustered[r]));
  const members = byLabel.filter((g) => g.length).sort((a, b) => b.length - a.length || a[0] - b[0]);
  members.forEach((g, id) => g.forEach((p) => (groupOf[p] = id)));
  const points =
    clustered.length < MIN_POINTS
      ? []
      : clustered
          .map((p, r) => ({ x: round(proj[r][0]), y: round(proj[r][1]), group: groupOf[p] }))
          .sort((a, b) => a.group - b.group || a.x - b.x || a.y - b.y);
  return { members, points, silhouette: chosen.silhouette };
}

/** Group-informed consensus over the generations with at least MIN_GROUP people who took a stance. */
function acrossGenerations(input: CanonicalInputs, everyone: readonly Counts[]): { acrossGenerations: Scored[]; generations: number } {
  const voters = new Map<Generation, number>();
  const voted = new Set(input.cells.map((c) => c.p));
  for (const p of voted) {
    const g = input.people[p].generation;
    if (g) voters.set(g, (voters.get(g) ?? 0) + 1);
  }
  const cohorts = [...voters].filter(([, n]) => n >= MIN_GROUP).map(([g]) => g).sort();
  if (!cohorts.length) return { acrossGenerations: [], generations: 0 };
  const setOf = Int32Array.from(input.people, (p) => (p.generation ? cohorts.indexOf(p.generation) : -1));
  const sets = countBySet(input.cells, setOf, cohorts.length, input.statements.length);
  return { acrossGenerations: groupInformedConsensus(sets, everyone, RANKED_LIMIT), generations: cohorts.length };
}

/** Content words and compounds by the number of statements they occur in. */
export function keywordsOf(terms: readonly ContentTerm[][], limit = KEYWORD_LIMIT): { term: string; count: number }[] {
  const df = new Map<string, number>();
  for (const list of terms) for (const term of new Set(list.filter(isKeyword).map((t) => t.term))) df.set(term, (df.get(term) ?? 0) + 1);
  // a word that only ever occurs inside a compound counted as often adds nothing (高齢 inside 高齢者)
  const entries = [...df];
  const kept = entries.filter(([term, n]) => !entries.some(([other, m]) => other !== term && other.includes(term) && m >= n));
  const minCount = terms.length >= 10 ? 2 : 1;
  return kept
    .filter(([, n]) => n >= minCount)
    .sort((a, b) => b[1] - a[1] || b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([term, count]) => ({ term, count }));
}

/**
 * A short Japanese label per group from its representative statements: the first two content
 * words of the statements it agrees with (the strongest first) that no other group's agreed
 * statements share, 「…に賛成」; failing that, of those it rejects, 「…に反対」.
 */
export function labelGroups(reps: readonly Representative[][], terms: readonly ContentTerm[][]): string[] {
  const wordsOf = (r: readonly Representative[], dir: 'AGREE' | 'DISAGREE') =>
    r.filter((x) => x.direction === dir).flatMap((x) => terms[x.s].filter(isKeyword).map((t) => t.term));
  return reps.map((r, g) => {
    for (const dir of ['AGREE', 'DISAGREE'] as const) {
      const elsewhere = new Set(reps.flatMap((other, h) => (h === g ? [] : wordsOf(other, dir))));
      const picked: string[] = [];
      for (const w of wordsOf(r, dir)) {
        if (picked.length === 2) break;
        if (elsewhere.has(w) || picked.some((p) => p.includes(w) || w.includes(p))) continue;
        picked.push(w);
      }
      if (picked.length) return `${picked.join('・')}に${dir === 'AGREE' ? '賛成' : '反対'}`;
    }
    return `意見のまとまり${String.fromCharCode(65 + g)}`;
  });
}
