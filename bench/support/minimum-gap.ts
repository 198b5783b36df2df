/**
 * How far the engine's minimum-group-size repair (src/lib/assignment/minimums.ts) lands from the
 * constrained optimum: small cities cut from the benchmark's city, a share of their offers given
 * a minParticipants, the engine run on them as a run would (candidate edges), and the exact
 * optimum over ALL their pairs by branch and bound (minimums-exact.ts). Also reported: what the
 * minimums cost (the unconstrained optimum over all pairs) and the engine's own certificate (its
 * upperBound: the unconstrained LP bound, which bounds the constrained optimum too).
 */
import { assignOptimal } from '../../src/lib/assignment/index.js';
import { PLACEMENT_BONUS, runMatchingDetailed, type OfferInput, type StudentInput } from '../../src/matching/engine/index.js';
import { buildModel } from '../../src/matching/engine/model.js';
import { mulberry32 } from '../engine/synthetic.js';
import { exactWithMinimums } from './minimums-exact.js';
import { scoreAllPairs } from './pairs.js';
import { fmt, ms, pct, type Check, type Row } from './rows.js';

export interface MinimumGapCity {
  engine: number;
  /** the exact optimum (the branch and bound's upper bound where it was not proven) */
  exact: number;
  proven: boolean;
  /** the exact optimum with the minimums over the engine's candidate edges only (the repair's own gap) */
  exactOnCandidates: number;
  /** the exact optimum without any minimum (all pairs) */
  unconstrained: number;
  /** the engine's certified bound on these candidate edges */
  engineBound: number;
  withMinimum: number;
  closedByMinimum: number;
  rounds: number;
  nodes: number;
  ms: { engine: number; exact: number };
}

export interface MinimumGapSummary {
  size: [number, number];
  capacityFactor: number;
  cities: MinimumGapCity[];
  /** Σ(exact − engine) ÷ Σ exact */
  pooledGap: number;
  worstGap: number;
  /** Σ(exact on candidates − engine) ÷ Σ exact on candidates: the repair heuristic's own gap */
  repairGap: number;
  /** cities where the engine found the exact optimum on its candidate edges (to 1e-9) */
  exactHits: number;
  /** Σ(engine bound − engine) ÷ Σ engine bound: the gap the engine can certify by itself */
  certifiedGap: number;
  /** Σ(unconstrained − exact) ÷ Σ unconstrained: what the minimums cost */
  minimumCost: number;
}

/**
 * Gives about `share` of the offers with room for two a minimum of ⌈capacity / 2⌉ (at least 2),
 * deterministically from `seed`; the rest keep none.
 */
export function withMinimums(offers: OfferInput[], share: number, seed: number): OfferInput[] {
  const r = mulberry32(seed);
  return offers.map((o) => {
    const cap = Math.floor(o.openPlaces);
    return cap >= 2 && r() < share ? { ...o, minParticipants: Math.max(2, Math.ceil(cap / 2)) } : o;
  });
}

/** `samples` disjoint cities of nS students × nO offers (slices of the id-sorted inputs). */
export function measureMinimumGap(
  students: StudentInput[],
  offers: OfferInput[],
  themeLabels: Record<string, string>,
  opts: { size: [number, number]; samples: number; share: number; seed: number; nodeLimit?: number; capacityFactor?: number },
): MinimumGapSummary {
  const [nS, nO] = opts.size;
  const byId = <T extends { id: string }>(xs: T[]): T[] => [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const S = byId(students), O = byId(offers);
  const samples = Math.max(1, Math.min(opts.samples, Math.floor(S.length / nS), Math.floor(O.length / nO)));
  const cities: MinimumGapCity[] = [];
  for (let k = 0; k < samples; k++) {
    const cityStudents = S.slice(k * nS, (k + 1) * nS);
    const f = opts.capacityFactor ?? 1;
    const sliced = O.slice(k * nO, (k + 1) * nO).map((o) => (f === 1 ? o : { ...o, openPlaces: Math.max(1, Math.round(o.openPlaces * f)) }));
    const cityOffers = withMinimums(sliced, opts.share, opts.seed + k);
    const t0 = performance.now();
    const detailed = runMatchingDetailed(cityStudents, cityOffers, { themeLabels, returnCandidates: true });
    const engine = detailed.result.stats;
    const t1 = performance.now();
    const model = buildModel(cityStudents, cityOffers, Object.keys(themeLabels));
    const { problem } = scoreAllPairs(model, { keep: true });
    // the engine's assignment is feasible over all pairs too: the search starts from it
    const exact = exactWithMinimums(problem, model.oMin, { nodeLimit: opts.nodeLimit, incumbent: engine.totalScore });
    const t2 = performance.now();
    const onCandidates = exactWithMinimums(detailed.diagnostics.candidates!, model.oMin, { nodeLimit: opts.nodeLimit, incumbent: engine.totalScore });
    const unconstrained = assignOptimal(problem, { placementBonus: PLACEMENT_BONUS, exact: true }).total;
    cities.push({
      engine: engine.totalScore,
      // the search's bound: the optimum when proven, above it when the node limit was hit (the gap is then an upper bound)
      exact: exact.bound,
      proven: exact.proven && onCandidates.proven,
      exactOnCandidates: onCandidates.bound,
      unconstrained,
      engineBound: engine.upperBound ?? NaN,
      withMinimum: cityOffers.filter((o) => (o.minParticipants ?? 1) > 1).length,
      closedByMinimum: engine.closedByMinimum ?? 0,
      rounds: engine.minimumRounds ?? 0,
      nodes: exact.nodes,
      ms: { engine: t1 - t0, exact: t2 - t1 },
    });
  }
  const sum = (f: (c: MinimumGapCity) => number): number => cities.reduce((a, c) => a + f(c), 0);
  return {
    size: opts.size,
    capacityFactor: opts.capacityFactor ?? 1,
    cities,
    pooledGap: (sum((c) => c.exact) - sum((c) => c.engine)) / sum((c) => c.exact),
    worstGap: Math.max(...cities.map((c) => (c.exact > 0 ? (c.exact - c.engine) / c.exact : 0))),
    repairGap: (sum((c) => c.exactOnCandidates) - sum((c) => c.engine)) / sum((c) => c.exactOnCandidates),
    exactHits: cities.filter((c) => Math.abs(c.exactOnCandidates - c.engine) <= 1e-9 * Math.max(1, c.exactOnCandidates)).length,
    certifiedGap: (sum((c) => c.engineBound) - sum((c) => c.engine)) / sum((c) => c.engineBound),
    minimumCost: (sum((c) => c.unconstrained) - sum((c) => c.exact)) / sum((c) => c.unconstrained),
  };
}

/** The measurement's rows and checks. */
export function minimumRows(m: MinimumGapSummary, share: number): { rows: Row[]; checks: Check[] } {
  const c = m.cities;
  const sum = (f: (x: MinimumGapCity) => number): number => c.reduce((a, x) => a + f(x), 0);
  const proven = c.filter((x) => x.proven).length;
  return {
    rows: [
      {
        metric: `minimum group size: ${c.length} ${m.size[0]}×${m.size[1]} cities${m.capacityFactor !== 1 ? ` (capacities ×${m.capacityFactor}: more places than students)` : ''}, ${pct(share, 0)} of offers with room for 2 given min ⌈capacity/2⌉`,
        value: `${fmt(sum((x) => x.withMinimum))} offers with a minimum`,
        baseline: `engine closed ${fmt(sum((x) => x.closedByMinimum))}, ${fmt(sum((x) => x.rounds))} decisions, ${ms(sum((x) => x.ms.engine))}`,
      },
      {
        metric: '  engine vs exact optimum with minimums over ALL pairs (branch and bound)',
        value: fmt(sum((x) => x.engine), 3),
        baseline: `exact ${fmt(sum((x) => x.exact), 3)} (${proven}/${c.length} proven${proven < c.length ? ', the others: their bound' : ''}, ${fmt(sum((x) => x.nodes))} nodes, ${ms(sum((x) => x.ms.exact))})`,
        ratio: `gap ${pct(m.pooledGap, 3)}; worst ${pct(m.worstGap, 3)}`,
      },
      {
        metric: '  engine vs exact optimum with minimums over its candidate edges (the repair alone)',
        value: fmt(sum((x) => x.engine), 3),
        baseline: `exact ${fmt(sum((x) => x.exactOnCandidates), 3)}; ${m.exactHits}/${c.length} cities exactly optimal`,
        ratio: `gap ${pct(m.repairGap, 3)}`,
      },
      { metric: '  what the minimums cost (exact, all pairs)', value: fmt(sum((x) => x.exact), 3), baseline: `without minimums ${fmt(sum((x) => x.unconstrained), 3)}`, ratio: pct(-m.minimumCost, 3) },
      { metric: "  the engine's own certificate (unconstrained LP bound)", value: fmt(sum((x) => x.engine), 3), baseline: `bound ${fmt(sum((x) => x.engineBound), 3)}`, ratio: `gap ≤ ${pct(m.certifiedGap, 3)}` },
    ],
    checks: [
      { name: `minimum group size${m.capacityFactor !== 1 ? ` ×${m.capacityFactor}` : ''}: the repair within 1 % of the exact optimum on its candidate edges (pooled; is ${pct(m.repairGap, 3)}${proven < c.length ? ', at most' : ''})`, ok: m.repairGap <= 0.01 },
    ],
  };
}

/**
 * The whole city with minimums (the repair's decisions compared on neighbourhoods there): its
 * time against the same engine without minimums, run just before it in this process, and its certified distance (the
 * unconstrained LP bound also bounds the constrained optimum).
 */
export function minimumAtScale(
  students: StudentInput[],
  offers: OfferInput[],
  themeLabels: Record<string, string>,
  share: number,
  capacityFactor = 1,
): { rows: Row[]; checks: Check[]; ms: number; certifiedGap: number } {
  if (capacityFactor !== 1) offers = offers.map((o) => ({ ...o, openPlaces: Math.max(1, Math.round(o.openPlaces * capacityFactor)) }));
  const withMin = withMinimums(offers, share, 3);
  const w0 = performance.now();
  const plain = runMatchingDetailed(students, offers, { themeLabels }).result.stats;
  const without = { ms: performance.now() - w0, total: plain.totalScore };
  const t0 = performance.now();
  const st = runMatchingDetailed(students, withMin, { themeLabels }).result.stats;
  const took = performance.now() - t0;
  const bound = st.upperBound ?? NaN;
  const certifiedGap = (bound - st.totalScore) / bound;
  return {
    ms: took,
    certifiedGap,
    rows: [
      {
        metric: `minimum group size, the whole city${capacityFactor !== 1 ? ` (capacities ×${capacityFactor})` : ''}: ${fmt(withMin.filter((o) => (o.minParticipants ?? 1) > 1).length)} offers with a minimum`,
        value: `${ms(took)} (total ${fmt(st.totalScore, 3)}, ${fmt(st.closedByMinimum ?? 0)} closed, ${fmt(st.minimumRounds ?? 0)} decisions)`,
        baseline: `without minimums ${ms(without.ms)} (total ${fmt(without.total, 3)})`,
        ratio: `${fmt(took / without.ms, 2)}×; certified gap ≤ ${pct(certifiedGap, 3)}`,
      },
    ],
    checks: [],
  };
}
