/**
 * The statistics behind every list of the map, with Polis's formulas (repness.clj, stats.clj and
 * conversation.clj in compdemocracy/polis). For a statement and a set of people: A agrees, D
 * disagrees, S seen (agree, disagree or pass).
 *  - rates, smoothed by a uniform prior: pa = (A + 1) / (S + 2), pd = (D + 1) / (S + 2);
 *  - one-proportion test of a majority: pat = 2·√(S + 1)·((A + 1) / (S + 1) − ½);
 *  - two-proportion test, a group against everyone outside it, all counts + 1:
 *    z = (p₁ − p₂) / √(p̂(1 − p̂)(1/n₁ + 1/n₂)), p̂ = (A₁ + A₂) / (n₁ + n₂), 0 when p̂ = 1;
 *  - representative of a group: both tests pass at 90 % one-sided (z > 1.2816) for agreeing, or
 *    both for disagreeing; the direction is the one with the larger two-proportion z; ranked by
 *    Polis's metric ratio × z × rate × pat (ratio = group rate / outside rate), at most 5;
 *  - group-informed consensus: the product over the groups of pa (Polis's group-aware consensus);
 *  - divisive: one group leans to agree (pa > ½), another to disagree (pd > ½), and their agree
 *    rates differ significantly (two-proportion z > 1.2816); ranked by the spread of the groups'
 *    agree rates, max pa − min pa.
 */
import type { Cell } from './canonical.js';

export const Z90 = 1.2816;
export const MAX_REPRESENTATIVES = 5;

export interface Counts {
  a: number;
  d: number;
  s: number;
}

export const rate = (n: number, seen: number) => (n + 1) / (seen + 2);

/** stats.clj prop-test */
export function propTest(succ: number, n: number): number {
  return 2 * Math.sqrt(n + 1) * ((succ + 1) / (n + 1) - 0.5);
}

/** stats.clj two-prop-test */
export function twoPropTest(succIn: number, succOut: number, popIn: number, popOut: number): number {
  const [s1, s2, n1, n2] = [succIn + 1, succOut + 1, popIn + 1, popOut + 1];
  const pi1 = s1 / n1;
  const pi2 = s2 / n2;
  const hat = (s1 + s2) / (n1 + n2);
  if (hat === 1) return 0;
  return (pi1 - pi2) / Math.sqrt(hat * (1 - hat) * (1 / n1 + 1 / n2));
}

/** Counts per set and statement: sets[g][s]. `setOf[p]` is the set of participant p, or -1 for none. */
export function countBySet(cells: readonly Cell[], setOf: ArrayLike<number>, nSets: number, nStatements: number): Counts[][] {
  const out = Array.from({ length: nSets }, () => Array.from({ length: nStatements }, () => ({ a: 0, d: 0, s: 0 })));
  for (const c of cells) {
    const g = setOf[c.p];
    if (g < 0) continue;
    const x = out[g][c.s];
    x.s++;
    if (c.v === 1) x.a++;
    else if (c.v === -1) x.d++;
  }
  return out;
}

export interface Representative {
  s: number;
  direction: 'AGREE' | 'DISAGREE';
  groupRate: number;
  otherRate: number;
  z: number;
  /** Polis's ranking metric: ratio × z × rate × pat */
  metric: number;
}

/** The representative statements of one group against everyone outside it (`all` minus the group). */
export function representatives(group: readonly Counts[], all: readonly Counts[]): Representative[] {
  const out: Representative[] = [];
  group.forEach((g, s) => {
    const rest = { a: all[s].a - g.a, d: all[s].d - g.d, s: all[s].s - g.s };
    if (g.a === 0 && g.d === 0) return;
    const pat = propTest(g.a, g.s);
    const pdt = propTest(g.d, g.s);
    const rat = twoPropTest(g.a, rest.a, g.s, rest.s);
    const rdt = twoPropTest(g.d, rest.d, g.s, rest.s);
    const agree = rat > rdt;
    const [n, p, z, others] = agree ? [g.a, pat, rat, rest.a] : [g.d, pdt, rdt, rest.d];
    if (!(z > Z90 && p > Z90)) return;
    const groupRate = rate(n, g.s);
    const otherRate = rate(others, rest.s);
    out.push({ s, direction: agree ? 'AGREE' : 'DISAGREE', groupRate, otherRate, z, metric: (groupRate / otherRate) * z * groupRate * p });
  });
  return out.sort((x, y) => y.metric - x.metric || x.s - y.s).slice(0, MAX_REPRESENTATIVES);
}

export interface Scored {
  s: number;
  score: number;
}

/** Group-informed consensus of every statement someone took a stance on, highest first. */
export function groupInformedConsensus(sets: readonly (readonly Counts[])[], all: readonly Counts[], limit: number): Scored[] {
  const out: Scored[] = [];
  all.forEach((x, s) => {
    if (x.s === 0 || sets.length === 0) return;
    let score = 1;
    for (const set of sets) score *= rate(set[s].a, set[s].s);
    out.push({ s, score });
  });
  return out.sort((a, b) => b.score - a.score || a.s - b.s).slice(0, limit);
}

/** Agreed in every group: a majority (pa > ½) that passes the one-proportion test in each. */
export function agreedByEveryGroup(sets: readonly (readonly Counts[])[], ranked: readonly Scored[], minSeen: number): number[] {
  return ranked
    .filter(({ s }) => sets.every((set) => set[s].s >= minSeen && rate(set[s].a, set[s].s) > 0.5 && propTest(set[s].a, set[s].s) > Z90))
    .map((x) => x.s);
}

/** The spread of the groups' agree rates per statement (0 for a statement no group saw twice). */
export function spreads(groups: readonly (readonly Counts[])[], nStatements: number): number[] {
  const out = new Array<number>(nStatements).fill(0);
  if (groups.length < 2) return out;
  for (let s = 0; s < nStatements; s++) {
    const seen = groups.filter((g) => g[s].s > 0);
    if (seen.length < 2) continue;
    const rates = seen.map((g) => rate(g[s].a, g[s].s));
    out[s] = Math.max(...rates) - Math.min(...rates);
  }
  return out;
}

export function divisive(groups: readonly (readonly Counts[])[], spread: readonly number[], limit: number): number[] {
  const out: Scored[] = [];
  spread.forEach((score, s) => {
    if (score <= 0) return;
    let split = false;
    for (const g of groups) {
      if (!(rate(g[s].a, g[s].s) > 0.5)) continue;
      for (const h of groups) {
        if (h !== g && rate(h[s].d, h[s].s) > 0.5 && twoPropTest(g[s].a, h[s].a, g[s].s, h[s].s) > Z90) split = true;
      }
    }
    if (split) out.push({ s, score });
  });
  return out.sort((a, b) => b.score - a.score || a.s - b.s).slice(0, limit).map((x) => x.s);
}
