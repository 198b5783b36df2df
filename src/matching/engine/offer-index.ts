/**
 * The offer-side indexes candidates.ts walks (built once per run, O(offers + postings)):
 *  - theme groups per stage: offers accepting the stage, grouped by exact theme set;
 *  - text postings: term → offers by the term's weight in the offer, heaviest first;
 *  - GroupRanking: groups in decreasing score bound, produced lazily;
 *  - pairHash: the deterministic tie-breaker.
 */
import type { Model } from './model.js';

export interface Groups {
  count: number;
  themes: Int32Array[];
  weight: Float64Array;
  ptr: Int32Array;
  offers: Int32Array;
  /** theme id → groups holding it */
  byTheme: Int32Array[];
}

/** Theme groups of the offers that accept one stage (stage bit = the low 4 bits of the codes). */
export function buildGroups(m: Model, stageBit: number): Groups {
  const key = new Map<string, number>();
  const members: number[][] = [];
  const themes: Int32Array[] = [];
  for (let o = 0; o < m.O; o++) {
    if (!(m.oCode[o] & stageBit)) continue;
    const k = m.oThemes[o].join(',');
    let g = key.get(k);
    if (g === undefined) {
      g = members.length;
      key.set(k, g);
      members.push([]);
      themes.push(m.oThemes[o]);
    }
    members[g].push(o);
  }
  const count = members.length;
  const ptr = new Int32Array(count + 1);
  for (let g = 0; g < count; g++) ptr[g + 1] = ptr[g] + members[g].length;
  const offers = new Int32Array(ptr[count]);
  members.forEach((l, g) => offers.set(l, ptr[g]));
  const byThemeL: number[][] = m.themes.keys.map(() => []);
  themes.forEach((ts, g) => ts.forEach((t) => byThemeL[t].push(g)));
  const weight = Float64Array.from(themes, (ts) => ts.reduce((w, t) => w + m.themes.idf[t], 0));
  return { count, themes, weight, ptr, offers, byTheme: byThemeL.map((l) => Int32Array.from(l)) };
}

export interface Postings {
  ptr: Int32Array;
  offer: Int32Array;
}

/** term → offers, heaviest first (ties by offer index). */
export function buildPostings(m: Model): Postings {
  const tx = m.text;
  const V = tx.vocab.length;
  const ptr = new Int32Array(V + 1);
  const first = tx.ptr[m.S];
  const last = tx.ptr[m.S + m.O];
  for (let k = first; k < last; k++) ptr[tx.terms[k] + 1]++;
  for (let t = 0; t < V; t++) ptr[t + 1] += ptr[t];
  const fill = ptr.slice(0, V);
  const offer = new Int32Array(last - first);
  const weight = new Float32Array(last - first);
  for (let o = 0; o < m.O; o++) {
    for (let k = tx.ptr[m.S + o]; k < tx.ptr[m.S + o + 1]; k++) {
      const at = fill[tx.terms[k]]++;
      offer[at] = o;
      weight[at] = tx.weights[k];
    }
  }
  // offers were appended in index order, so a stable sort by weight keeps index order on ties
  const idx: number[] = [];
  for (let t = 0; t < V; t++) {
    const a = ptr[t], b = ptr[t + 1];
    if (b - a < 2) continue;
    idx.length = 0;
    for (let k = a; k < b; k++) idx.push(k);
    idx.sort((x, y) => weight[y] - weight[x] || offer[x] - offer[y]);
    const sorted = idx.map((k) => offer[k]);
    offer.set(sorted, a);
  }
  return { ptr, offer };
}

/**
 * Groups in decreasing score bound (ties by group index), produced lazily: a binary heap, whose
 * popped prefix is kept for the next students with the same stage and themes. A student usually
 * stops after a few groups, so sorting all of them (hundreds) for every theme set would cost more
 * than the visits themselves.
 */
export class GroupRanking {
  private readonly hg: Int32Array;
  private readonly hs: Float64Array;
  private readonly hu: Float64Array;
  private n = 0;
  /** the ranked prefix: group, shared theme weight, bound */
  readonly pg: Int32Array;
  readonly ps: Float64Array;
  readonly pu: Float64Array;
  private len = 0;
  constructor(capacity: number) {
    this.hg = new Int32Array(capacity);
    this.hs = new Float64Array(capacity);
    this.hu = new Float64Array(capacity);
    this.pg = new Int32Array(capacity);
    this.ps = new Float64Array(capacity);
    this.pu = new Float64Array(capacity);
  }
  reset(): void {
    this.n = 0;
    this.len = 0;
  }
  add(g: number, shared: number, ub: number): void {
    this.hg[this.n] = g;
    this.hs[this.n] = shared;
    this.hu[this.n++] = ub;
  }
  private better(a: number, b: number): boolean {
    return this.hu[a] > this.hu[b] || (this.hu[a] === this.hu[b] && this.hg[a] < this.hg[b]);
  }
  private swap(a: number, b: number): void {
    const g = this.hg[a]; this.hg[a] = this.hg[b]; this.hg[b] = g;
    let x = this.hs[a]; this.hs[a] = this.hs[b]; this.hs[b] = x;
    x = this.hu[a]; this.hu[a] = this.hu[b]; this.hu[b] = x;
  }
  private down(i: number): void {
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let b = i;
      if (l < this.n && this.better(l, b)) b = l;
      if (r < this.n && this.better(r, b)) b = r;
      if (b === i) return;
      this.swap(i, b);
      i = b;
    }
  }
  heapify(): void {
    for (let i = (this.n >> 1) - 1; i >= 0; i--) this.down(i);
  }
  /** true when rank r exists (pops from the heap as needed) */
  reach(r: number): boolean {
    while (this.len <= r) {
      if (this.n === 0) return false;
      this.pg[this.len] = this.hg[0];
      this.ps[this.len] = this.hs[0];
      this.pu[this.len++] = this.hu[0];
      this.swap(0, --this.n);
      this.down(0);
    }
    return true;
  }
}

/** 32-bit mix of a pair: deterministic tie-breaker that differs between students. */
export function pairHash(s: number, o: number): number {
  let h = Math.imul(s ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(o + 0x7f4a7c15, 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 13;
  return h >>> 0;
}
