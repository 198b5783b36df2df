/**
 * Opinion groups from a stance matrix, as Polis does: participants × perspectives with
 * agree = 1, disagree = -1, pass or no stance = 0; PCA to two dimensions; k-means for k = 2..5,
 * keeping the k with the best silhouette among the clusterings whose every group has at least
 * MIN_GROUP people (a smaller group would say something about one or two identifiable people).
 * Then, per perspective and group, Polis's smoothed shares pa = (agree + 1) / (votes + 2) and
 * pd = (disagree + 1) / (votes + 2):
 *  - consensus: every group agrees (pa ≥ 0.6 in each);
 *  - divisive: some group agrees (pa ≥ 0.6) while another disagrees (pd ≥ 0.6);
 *  - representative of a group: it agrees much more (or less) than the others do.
 * Pure and deterministic (fixed k-means seed): the API runs it inline for small maps, the worker
 * for large ones.
 */
import { kmeans } from 'ml-kmeans';
import { Matrix } from 'ml-matrix';
import { PCA } from 'ml-pca';

export const MIN_GROUP = 3;
export const AGREE_SHARE = 0.6;
const MAX_K = 5;
const SILHOUETTE_SAMPLE = 1500;
const LIST_LIMIT = 10;

/** One stance: participant index, perspective index, +1 agree, -1 disagree, 0 pass. */
export interface StanceCell {
  p: number;
  s: number;
  v: -1 | 0 | 1;
}

export interface GroupsResult {
  /** groups by size, largest first; members are participant indexes */
  groups: { id: number; members: number[]; representative: number[] }[];
  /** perspective indexes */
  consensus: number[];
  divisive: number[];
  k: number;
  silhouette: number | null;
}

export function computeOpinionGroups(nParticipants: number, nPerspectives: number, cells: readonly StanceCell[]): GroupsResult {
  const none = (): GroupsResult => ({ groups: [], consensus: consensusWithoutGroups(nParticipants, nPerspectives, cells), divisive: [], k: 0, silhouette: null });
  if (nParticipants < 2 * MIN_GROUP || nPerspectives < 2) return none();

  const data: number[][] = Array.from({ length: nParticipants }, () => new Array<number>(nPerspectives).fill(0));
  for (const c of cells) data[c.p][c.s] = c.v;

  const points = project(data);
  if (!points) return none();

  let best: { labels: number[]; k: number; score: number } | null = null;
  const distinct = new Set(points.map((p) => `${p[0].toFixed(9)},${p[1].toFixed(9)}`)).size;
  for (let k = 2; k <= Math.min(MAX_K, Math.floor(nParticipants / MIN_GROUP), distinct); k++) {
    let labels: number[];
    try {
      labels = kmeans(points, k, { seed: 20240611 + k, initialization: 'kmeans++', maxIterations: 200 }).clusters;
    } catch {
      continue;
    }
    const sizes = new Array<number>(k).fill(0);
    for (const l of labels) sizes[l]++;
    if (sizes.some((n) => n < MIN_GROUP)) continue;
    const score = silhouette(points, labels, k);
    if (!Number.isFinite(score)) continue;
    if (!best || score > best.score + 1e-9) best = { labels, k, score };
  }
  if (!best) return none();

  // renumber groups by size (largest first), then by smallest member for ties
  const byLabel = Array.from({ length: best.k }, () => [] as number[]);
  best.labels.forEach((l, i) => byLabel[l].push(i));
  const ordered = byLabel.sort((a, b) => b.length - a.length || a[0] - b[0]);
  const groupOf = new Array<number>(nParticipants);
  ordered.forEach((members, g) => members.forEach((i) => (groupOf[i] = g)));

  const k = ordered.length;
  // per perspective and group: agree, disagree and vote counts
  const agree = Array.from({ length: nPerspectives }, () => new Array<number>(k).fill(0));
  const disagree = Array.from({ length: nPerspectives }, () => new Array<number>(k).fill(0));
  const votes = Array.from({ length: nPerspectives }, () => new Array<number>(k).fill(0));
  for (const c of cells) {
    const g = groupOf[c.p];
    votes[c.s][g]++;
    if (c.v === 1) agree[c.s][g]++;
    else if (c.v === -1) disagree[c.s][g]++;
  }
  const pa = (s: number, g: number) => (agree[s][g] + 1) / (votes[s][g] + 2);
  const pd = (s: number, g: number) => (disagree[s][g] + 1) / (votes[s][g] + 2);

  const consensus: { s: number; score: number }[] = [];
  const divisive: { s: number; score: number }[] = [];
  for (let s = 0; s < nPerspectives; s++) {
    const pas = ordered.map((_, g) => pa(s, g));
    const pds = ordered.map((_, g) => pd(s, g));
    if (pas.every((x) => x >= AGREE_SHARE)) consensus.push({ s, score: Math.min(...pas) });
    else if (Math.max(...pas) >= AGREE_SHARE && Math.max(...pds) >= AGREE_SHARE && pas.indexOf(Math.max(...pas)) !== pds.indexOf(Math.max(...pds))) {
      divisive.push({ s, score: Math.max(...pas) - Math.min(...pas) });
    }
  }
  const rank = (xs: { s: number; score: number }[]) => xs.sort((a, b) => b.score - a.score || a.s - b.s).slice(0, LIST_LIMIT).map((x) => x.s);

  const groups = ordered.map((members, g) => {
    const rep: { s: number; score: number }[] = [];
    for (let s = 0; s < nPerspectives; s++) {
      let restAgree = 0;
      let restVotes = 0;
      for (let h = 0; h < k; h++) {
        if (h === g) continue;
        restAgree += agree[s][h];
        restVotes += votes[s][h];
      }
      const diff = pa(s, g) - (restAgree + 1) / (restVotes + 2);
      if (votes[s][g] > 0 && Math.abs(diff) >= 0.3) rep.push({ s, score: diff });
    }
    // agreed-on first (what the group stands for), then rejected ones
    rep.sort((a, b) => b.score - a.score || a.s - b.s);
    return { id: g, members, representative: rep.slice(0, 3).map((x) => x.s) };
  });
  return { groups, consensus: rank(consensus), divisive: rank(divisive), k, silhouette: best.score };
}

/** Without groups, consensus is what most of those who took a stance agree with (at least MIN_GROUP of them). */
function consensusWithoutGroups(nParticipants: number, nPerspectives: number, cells: readonly StanceCell[]): number[] {
  const agree = new Array<number>(nPerspectives).fill(0);
  const votes = new Array<number>(nPerspectives).fill(0);
  for (const c of cells) {
    votes[c.s]++;
    if (c.v === 1) agree[c.s]++;
  }
  const out: { s: number; score: number }[] = [];
  for (let s = 0; s < nPerspectives; s++) {
    const share = (agree[s] + 1) / (votes[s] + 2);
    if (votes[s] >= MIN_GROUP && share >= AGREE_SHARE) out.push({ s, score: share });
  }
  void nParticipants;
  return out.sort((a, b) => b.score - a.score || a.s - b.s).slice(0, LIST_LIMIT).map((x) => x.s);
}

/** The participants' stances projected on the first two principal components; null when there is no variance. */
function project(data: number[][]): number[][] | null {
  const m = new Matrix(data);
  let variance = 0;
  for (let j = 0; j < m.columns; j++) {
    const col = m.getColumn(j);
    const mean = col.reduce((a, b) => a + b, 0) / col.length;
    variance += col.reduce((a, b) => a + (b - mean) ** 2, 0);
  }
  if (variance < 1e-12) return null;
  const pca = new PCA(m, { center: true, scale: false });
  const n = Math.min(2, m.columns);
  const projected = pca.predict(m, { nComponents: n }).to2DArray();
  return projected.map((row) => (row.length === 2 ? row : [row[0], 0]));
}

/** Mean silhouette of the clustering (over a deterministic sample of points when there are many). */
export function silhouette(points: number[][], labels: number[], k: number): number {
  const n = points.length;
  const step = n > SILHOUETTE_SAMPLE ? n / SILHOUETTE_SAMPLE : 1;
  const sample: number[] = [];
  for (let x = 0; x < n; x += step) sample.push(Math.floor(x));
  let total = 0;
  for (const i of sample) {
    const sum = new Array<number>(k).fill(0);
    const cnt = new Array<number>(k).fill(0);
    for (const j of sample) {
      if (j === i) continue;
      const d = Math.hypot(points[i][0] - points[j][0], points[i][1] - points[j][1]);
      sum[labels[j]] += d;
      cnt[labels[j]]++;
    }
    const own = labels[i];
    if (cnt[own] === 0) continue; // a singleton in the sample scores 0
    const a = sum[own] / cnt[own];
    let b = Infinity;
    for (let g = 0; g < k; g++) if (g !== own && cnt[g] > 0) b = Math.min(b, sum[g] / cnt[g]);
    if (!Number.isFinite(b)) continue;
    const m = Math.max(a, b);
    total += m === 0 ? 0 : (b - a) / m;
  }
  return total / sample.length;
}
