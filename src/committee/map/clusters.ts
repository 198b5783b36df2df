/**
 * Opinion groups on the map's two axes: k-means for each k from 2 to maxK, each from RESTARTS
 * seeded k-means++ starts, keeping the start with the least within-group sum of squares; then the
 * k with the highest mean silhouette among the clusterings whose every group has at least
 * MIN_GROUP people (a smaller group would say something about one or two identifiable people, and
 * a group of one is no group). Equal silhouettes keep the smaller k.
 *
 * Polis (clusters.clj) first folds participants into 100 base clusters and picks k by silhouette
 * over them, smoothing k across updates; here participants with equal stances are folded into one
 * weighted point instead (exact, and nothing to smooth: the map is a function of the stances), and
 * the silhouette is exact up to SILHOUETTE_SAMPLE distinct points, over a fixed sample past that.
 */
import { mulberry32 } from './random.js';

export const MIN_GROUP = 3;
export const MAX_K = 5;
export const RESTARTS = 8;
const MAX_ITERATIONS = 200;
const SILHOUETTE_SAMPLE = 3000;

export interface WeightedPoints {
  xy: [number, number][];
  /** how many participants stand at each point */
  w: number[];
}

export interface Clustering {
  k: number;
  /** per distinct point: its group */
  labels: number[];
  inertia: number;
  silhouette: number;
}

const d2 = (a: readonly number[], b: readonly number[]) => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2;

/** Polis's bound on k (conversation.clj, max-k-fn): 2 + one more per 12 participants, at most MAX_K. */
export function maxGroups(participants: number): number {
  return Math.min(MAX_K, 2 + Math.floor(participants / 12), Math.floor(participants / MIN_GROUP));
}

/** Weighted k-means from a seeded k-means++ start (Lloyd's iterations until no point moves). */
export function kmeans(pts: WeightedPoints, k: number, seed: number): { labels: number[]; inertia: number } {
  const n = pts.xy.length;
  const rand = mulberry32(seed);
  const centres: [number, number][] = [];
  const best = new Float64Array(n).fill(Infinity);
  const total = pts.w.reduce((a, b) => a + b, 0);
  // k-means++: the first centre by weight, the next ones by weight × squared distance
  const pick = (r: number, weight: (i: number) => number, sum: number) => {
    let x = r * sum;
    for (let i = 0; i < n; i++) {
      x -= weight(i);
      if (x < 0) return i;
    }
    return n - 1;
  };
  centres.push([...pts.xy[pick(rand(), (i) => pts.w[i], total)]]);
  while (centres.length < k) {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      best[i] = Math.min(best[i], d2(pts.xy[i], centres[centres.length - 1]));
      sum += pts.w[i] * best[i];
    }
    if (sum === 0) break;
    centres.push([...pts.xy[pick(rand(), (i) => pts.w[i] * best[i], sum)]]);
  }
  const labels = new Array<number>(n).fill(-1);
  for (let it = 0; it < MAX_ITERATIONS; it++) {
    let moved = false;
    for (let i = 0; i < n; i++) {
      let g = 0;
      for (let c = 1; c < centres.length; c++) if (d2(pts.xy[i], centres[c]) < d2(pts.xy[i], centres[g])) g = c;
      if (labels[i] !== g) (labels[i] = g), (moved = true);
    }
    if (!moved) break;
    const sx = new Float64Array(centres.length);
    const sy = new Float64Array(centres.length);
    const sw = new Float64Array(centres.length);
    for (let i = 0; i < n; i++) {
      sx[labels[i]] += pts.w[i] * pts.xy[i][0];
      sy[labels[i]] += pts.w[i] * pts.xy[i][1];
      sw[labels[i]] += pts.w[i];
    }
    for (let c = 0; c < centres.length; c++) if (sw[c] > 0) centres[c] = [sx[c] / sw[c], sy[c] / sw[c]];
  }
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += pts.w[i] * d2(pts.xy[i], centres[labels[i]]);
  return { labels, inertia };
}

/**
 * Mean silhouette over participants (weighted points): for each, a = mean distance to the others
 * of its group, b = the least mean distance to another group, s = (b − a) / max(a, b); a
 * participant alone in its group scores 0.
 */
export function silhouette(pts: WeightedPoints, labels: readonly number[], k: number): number {
  const n = pts.xy.length;
  const step = n > SILHOUETTE_SAMPLE ? n / SILHOUETTE_SAMPLE : 1;
  const sample: number[] = [];
  for (let x = 0; x < n; x += step) sample.push(Math.floor(x));
  const members = new Float64Array(k);
  for (const i of sample) members[labels[i]] += pts.w[i];
  let total = 0;
  let weight = 0;
  const sum = new Float64Array(k);
  for (const i of sample) {
    sum.fill(0);
    for (const j of sample) if (j !== i) sum[labels[j]] += pts.w[j] * Math.sqrt(d2(pts.xy[i], pts.xy[j]));
    const own = labels[i];
    // the others at the same point are at distance 0 and count among the group's members
    const others = members[own] - 1;
    let s = 0;
    if (others > 0) {
      const a = sum[own] / others;
      let b = Infinity;
      for (let g = 0; g < k; g++) if (g !== own && members[g] > 0) b = Math.min(b, sum[g] / members[g]);
      if (Number.isFinite(b)) s = Math.max(a, b) === 0 ? 0 : (b - a) / Math.max(a, b);
    }
    total += pts.w[i] * s;
    weight += pts.w[i];
  }
  return weight ? total / weight : 0;
}

/** The clustering of the map, or null when no k from 2 up gives groups of MIN_GROUP or more. */
export function chooseClustering(pts: WeightedPoints): Clustering | null {
  const participants = pts.w.reduce((a, b) => a + b, 0);
  const maxK = Math.min(maxGroups(participants), pts.xy.length);
  let chosen: Clustering | null = null;
  for (let k = 2; k <= maxK; k++) {
    let best: { labels: number[]; inertia: number } | null = null;
    for (let r = 0; r < RESTARTS; r++) {
      const run = kmeans(pts, k, 1000 * k + r);
      if (!best || run.inertia < best.inertia - 1e-9) best = run;
    }
    const sizes = new Array<number>(k).fill(0);
    best!.labels.forEach((g, i) => (sizes[g] += pts.w[i]));
    if (sizes.some((s) => s < MIN_GROUP)) continue;
    const score = silhouette(pts, best!.labels, k);
    if (!chosen || score > chosen.silhouette + 1e-9) chosen = { k, labels: best!.labels, inertia: best!.inertia, silhouette: score };
  }
  return chosen;
}
