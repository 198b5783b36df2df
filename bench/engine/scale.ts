/**
 * Scale benchmark of the pure matching engine on synthetic Kurume data.
 *
 *   npx tsc -p tsconfig.json --outDir /tmp/engine-bench   (or any outDir; only the engine and
 *   node /tmp/engine-bench/bench/engine/scale.js 10000x2000 50000x10000     this file are needed)
 *
 * Prints per size: wall time per phase, candidate and scored shares of the cross product,
 * pairs/s, total score and students placed vs greedy on the same candidate edges, and the gap
 * to the dual upper bound.
 */
import { assignOptimal, greedyAssign } from '../../src/lib/assignment/index.js';
import { generateCandidates } from '../../src/matching/engine/candidates.js';
import { runMatchingDetailed } from '../../src/matching/engine/index.js';
import { buildModel } from '../../src/matching/engine/model.js';
import { THEME_LABELS, synthetic } from './synthetic.js';

const sizes = process.argv.slice(2).length ? process.argv.slice(2) : ['10000x2000', '50000x10000'];
const fmt = (x: number, d = 0): string => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

for (const size of sizes) {
  const [nS, nO] = size.split('x').map(Number);
  const { students, offers } = synthetic(nS, nO, 7);
  let progressCalls = 0;
  const { result, diagnostics: d } = runMatchingDetailed(students, offers, {
    themeLabels: THEME_LABELS,
    onProgress: () => progressCalls++,
  });
  const st = result.stats;
  const t = d.timings;
  console.log(`\n=== ${fmt(nS)} students × ${fmt(nO)} offers (cross product ${fmt(st.crossProduct)}) ===`);
  console.log(
    `phases ms: model+text ${fmt(t.model)} | candidates+scoring ${fmt(t.candidates)} | assignment ${fmt(t.assignment)} | reasons+plans ${fmt(t.proposals)} | TOTAL ${fmt(t.total)}`,
  );
  console.log(
    `candidate edges ${fmt(st.candidatePairs)} (${fmt((100 * st.candidatePairs) / st.crossProduct, 3)}% of cross product) | pairs scored ${fmt(st.pairsScored)} (${fmt((100 * st.pairsScored) / st.crossProduct, 2)}%) | visited ${fmt(d.visited)} (${fmt((100 * d.visited) / st.crossProduct, 2)}%) | ${fmt(st.pairsScored / (t.candidates / 1000))} pairs scored/s`,
  );
  console.log(`rss ${fmt(process.memoryUsage().rss / 2 ** 20)} MiB | exact top-K students ${fmt((100 * d.exactStudents) / st.students, 1)}% | terms ${fmt(d.terms)} | settled ${fmt(d.settled)} | progress calls ${progressCalls}`);
  console.log(
    `optimal: total ${fmt(st.totalScore, 3)} placed ${fmt(st.placed)} proposals ${fmt(result.proposals.length)} | upper bound ${fmt(st.upperBound!, 3)} gap ${fmt((100 * (st.upperBound! - st.totalScore)) / st.upperBound!, 5)}%`,
  );

  // greedy and no-bonus optimum on the same candidate edges
  const m = buildModel(students, offers, Object.keys(THEME_LABELS));
  const c = generateCandidates(m, { perStudent: 30 });
  const p = { leftCount: m.S, rightCount: m.O, leftCap: 1, rightCap: m.cap, edgeLeft: c.edgeS, edgeRight: c.edgeO, edgeWeight: c.edgeW };
  let t0 = performance.now();
  const g = greedyAssign(p);
  const tg = performance.now() - t0;
  t0 = performance.now();
  const o = assignOptimal(p, { exact: true });
  const to = performance.now() - t0;
  console.log(
    `greedy: total ${fmt(g.total, 3)} placed ${fmt(g.placedLeft)} (${fmt(tg)} ms) | optimal/greedy total ${fmt((100 * st.totalScore) / g.total, 3)}% placed ${st.placed - g.placedLeft >= 0 ? '+' : ''}${fmt(st.placed - g.placedLeft)} | greedy is ${fmt((100 * g.total) / st.upperBound!, 3)}% of bound`,
  );
  console.log(`optimal without placement bonus: total ${fmt(o.total, 3)} placed ${fmt(o.placedLeft)} (${fmt(to)} ms)`);
  const cap = m.cap.reduce((a, b) => a + b, 0);
  console.log(`capacity ${fmt(cap)} | students with ≥1 candidate ${fmt(new Set(c.edgeS).size)}`);
  if (process.argv.includes('--nomemo') || size === sizes[sizes.length - 1]) {
    t0 = performance.now();
    buildModel(students, offers, Object.keys(THEME_LABELS), { memoText: false });
    console.log(`model+text without the sentence memo: ${fmt(performance.now() - t0)} ms`);
  }
}
