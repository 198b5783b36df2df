/**
 * bench:matching's step 5: the engine against exact optima on sub-cities, every pair (no
 * candidate pruning): disjoint small slices solved by referenceAssign (an independent
 * Bellman-Ford SSP), and a larger slice by assignOptimal (certified by its dual bound).
 */
import { assignOptimal, greedyAssign } from '../../src/lib/assignment/index.js';
import { referenceAssign } from '../../src/lib/assignment/reference.js';
import { PLACEMENT_BONUS, runMatchingDetailed, type OfferInput, type StudentInput } from '../../src/matching/engine/index.js';
import { buildModel } from '../../src/matching/engine/model.js';
import { placedOf, scoreAllPairs } from './pairs.js';
import { fmt, ms, pct, type Check, type Row } from './rows.js';

export interface ExactGap {
  rows: Row[];
  checks: Check[];
  summary: { exact: { size: [number, number]; samples: number; gaps: number[]; pooledGap: number; worstGap: number }; full: { size: [number, number]; engine: number; optimum: number; gap: number } };
}

export function measureExactGap(
  students: StudentInput[],
  offers: OfferInput[],
  themeLabels: Record<string, string>,
  opts: { exact: [number, number]; samples: number; full: [number, number]; log: (s: string) => void },
): ExactGap {
  const { exact: EXACT, full: FULL, log } = opts;
  const byId = <T extends { id: string }>(xs: T[]): T[] => [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const sortedS = byId(students), sortedO = byId(offers);
  // the k-th sub-city: the k-th slice of nS students and of nO offers (by id: a random sample, disjoint for different k)
  const sub = (nS: number, nO: number, k = 0) => {
    const s = sortedS.slice(k * nS, (k + 1) * nS), o = sortedO.slice(k * nO, (k + 1) * nO);
    const engine = runMatchingDetailed(s, o, { themeLabels, returnCandidates: true });
    const model = buildModel(s, o, Object.keys(themeLabels));
    const all = scoreAllPairs(model, { keep: true });
    return { students: s, offers: o, engine, model, all };
  };
  const samples = Math.max(1, Math.min(opts.samples, Math.floor(sortedS.length / EXACT[0]), Math.floor(sortedO.length / EXACT[1])));
  const exacts = Array.from({ length: samples }, (_, k) => {
    const c = sub(EXACT[0], EXACT[1], k);
    const t0 = performance.now();
    const ref = referenceAssign(c.all.problem);
    const refMs = performance.now() - t0;
    const onCand = referenceAssign(c.engine.diagnostics.candidates!);
    const g = greedyAssign(c.engine.diagnostics.candidates!);
    const e = c.engine.result.stats;
    const gap = (ref.total - e.totalScore) / ref.total;
    log(`exact ${c.students.length}×${c.offers.length} #${k + 1}: ${fmt(c.all.problem.edgeWeight.length)} positive pairs, referenceAssign ${ms(refMs)}, gap ${pct(gap, 4)}`);
    return { c, engine: e, exact: { total: ref.total, placed: placedOf(c.all.problem, ref.chosen) }, onCand, greedy: g, gap };
  });
  const { c: small, engine: smallEngine, exact, onCand: refOnCand, greedy: smallGreedy, gap: gapExact } = exacts[0];
  const sum = (f: (x: (typeof exacts)[number]) => number): number => exacts.reduce((a, x) => a + f(x), 0);
  const worstGap = Math.max(...exacts.map((x) => x.gap));
  const pooledGap = (sum((x) => x.exact.total) - sum((x) => x.engine.totalScore)) / sum((x) => x.exact.total);

  const mid = sub(FULL[0], FULL[1]);
  const t0 = performance.now();
  const opt = assignOptimal(mid.all.problem, { placementBonus: PLACEMENT_BONUS });
  const optMs = performance.now() - t0;
  const midEngine = mid.engine.result.stats;
  const gapMid = (opt.total - midEngine.totalScore) / opt.total;
  const midGreedy = greedyAssign(mid.engine.diagnostics.candidates!);
  log(`full-pair ${mid.students.length}×${mid.offers.length}: ${fmt(mid.all.problem.edgeWeight.length)} positive pairs, assignOptimal ${ms(optMs)}, gap ${pct(gapMid, 4)}`);

  const rows: Row[] = [
    {
      metric: `exact ${small.students.length}×${small.offers.length} sub-city #1: engine vs optimum over ALL pairs (referenceAssign)`,
      value: `${fmt(smallEngine.totalScore, 4)} (placed ${smallEngine.placed})`,
      baseline: `exact ${fmt(exact.total, 4)} (placed ${exact.placed}); greedy ${fmt(smallGreedy.total, 4)} (placed ${smallGreedy.placedLeft})`,
      ratio: `gap ${pct(gapExact, 4)}`,
    },
    {
      metric: `  ${samples} disjoint ${EXACT[0]}×${EXACT[1]} sub-cities: engine vs exact (Σ over them; worst one)`,
      value: `${fmt(sum((x) => x.engine.totalScore), 3)} (placed ${sum((x) => x.engine.placed)})`,
      baseline: `exact ${fmt(sum((x) => x.exact.total), 3)} (placed ${sum((x) => x.exact.placed)}); greedy ${fmt(sum((x) => x.greedy.total), 3)} (placed ${sum((x) => x.greedy.placedLeft)})`,
      ratio: `gap ${pct(pooledGap, 4)}; worst ${pct(worstGap, 4)}`,
    },
    {
      metric: '  first sub-city, optimum over the candidate edges only',
      value: fmt(smallEngine.totalScore, 4),
      baseline: `exact ${fmt(refOnCand.total, 4)}`,
      ratio: `gap ${pct((refOnCand.total - smallEngine.totalScore) / refOnCand.total, 4)}`,
    },
    {
      metric: `full-pair ${mid.students.length}×${mid.offers.length} sub-city: engine vs optimum over ALL pairs (assignOptimal)`,
      value: `${fmt(midEngine.totalScore, 3)} (placed ${midEngine.placed})`,
      baseline: `optimum ${fmt(opt.total, 3)} (placed ${opt.placedLeft}, dual gap ${pct((opt.upperBound - opt.total) / opt.upperBound, 5)}); greedy ${fmt(midGreedy.total, 3)}`,
      ratio: `gap ${pct(gapMid, 4)}`,
    },
  ];
  const checks: Check[] = [
    { name: `gap to exact optimum ≤ 0.5 % (worst of ${samples} sub-cities of ${EXACT[0]}×${EXACT[1]}, all pairs)`, ok: worstGap <= 0.005 },
    { name: `gap to full-pair optimum ≤ 0.5 % (${mid.students.length}×${mid.offers.length}, all pairs)`, ok: gapMid <= 0.005 },
  ];
  return {
    rows,
    checks,
    summary: {
      exact: { size: EXACT, samples, gaps: exacts.map((x) => x.gap), pooledGap, worstGap },
      full: { size: FULL, engine: midEngine.totalScore, optimum: opt.total, gap: gapMid },
    },
  };
}
