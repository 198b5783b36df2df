/**
 * End-to-end benchmark of a matching run THROUGH THE WORKER, on a synthetic city in a fresh database.
 *
 *   npm run bench:matching                         10,000 students × 2,000 offers
 *   npm run bench:matching -- --large              50,000 × 10,000
 *   npm run bench:matching -- --students 20000 --offers 3000 [--queue postgres] [--keep] [--markdown [FILE]]
 *   npm run bench:matching -- --json /tmp/10k.json && npm run bench:matching -- --large --against /tmp/10k.json
 *   npm run bench:matching -- --run-only           the run alone (no refill, no exact or minimum gaps): for iterating on the run
 *   (--help lists the rest: --capacity F scales every offer's capacity after generation)
 *
 * What it does, in order:
 *  1. CREATE DATABASE chifuku_bench_<ts> on BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 *     the real migrations, generateCity (test/support/synthetic-city.ts), VACUUM ANALYZE;
 *  2. baselines measured in this same run: the I/O floor (loadMatchingInputs, the run's own two
 *     queries, best of 5 reads: 3 before the run, 2 after) and the brute-force scoring rate (every pair of a sample of
 *     students × all offers, the engine's score and inner loop);
 *  3. spawns the real worker (node dist/src/worker.js) on Redis with a unique QUEUE_PREFIX (or on
 *     BullMQ's PostgreSQL backend with --queue postgres), waits until it takes jobs, records the run
 *     as a coordinator's request does (INSERT INTO matching_run … RETURNING id; the job put on the
 *     queue directly with JobsService.enqueue, not through the outbox relay) and polls matching_run
 *     every 50 ms until COMPLETED, sampling the worker's RSS; its peak is the kernel's VmHWM of the
 *     worker process (the engine thread included). The run's end is the commit of its proposals,
 *     taken from the processor's log line (finished_at is clock_timestamp() after the writes);
 *     bench/support/worker-run.ts. Its wall time split phase by phase (bench/support/run-phases.ts):
 *     claim, load, engine thread start, request hand-over, engine in the thread, result back, the
 *     transaction's start, the writes (writtenMs), the commit; and issue 15's targets with PASS or
 *     FAIL: the run ≤ 15× its I/O floor at 10k × 2k and ≤ 12× at 50k × 10k, the certified gap and
 *     (with --against) the 50k ÷ 10k scaling no worse than when the issue was filed;
 *  3b. the refill scenario (bench/support/refill.ts; --decline 0 skips it): every proposal approved and
 *     answered through the real services, 10 % of the invited students declining, then a second run
 *     through the same worker fills the places given back; its time against the full run's, and the
 *     checks that the accepted stayed, no decliner got the offer again and refilledPlaces is right;
 *  4. recomputes the same run in-process with runMatchingDetailed(returnCandidates) (checking it
 *     reproduces the run's stats), and compares with greedyAssign on the same candidate edges;
 *  5. (bench/support/exact-gap.ts) five disjoint sub-cities (slices of 400 students × 80 offers by id, by default) solved EXACTLY
 *     on all their pairs (referenceAssign, an independent Bellman-Ford SSP), and a larger one
 *     (2,000 × 400) on all pairs with assignOptimal (certified by its dual bound): the engine's gap
 *     to each;
 *  5b. minimum group sizes (bench/support/minimum-gap.ts): small cities cut from the city, a share of
 *     their offers given a minParticipants, the engine against the exact optimum by branch and bound;
 *  6. prints a table (bench/support/report.ts; with --markdown a section for bench/RESULTS.md), drops the database
 *     unless --keep. With --json FILE it writes a summary; --against that file (of the default
 *     size) adds the scaling rows and the check "≤ 12× the time for 25× the pairs".
 */
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/common/config/config.js';
import { dataSourceOptions } from '../src/common/database/data-source-options.js';
import { runMigrations } from '../src/common/database/run-migrations.js';
import { PROJECT_ROOT } from '../src/common/paths.js';
import { QUEUES } from '../src/common/queue/jobs.js';
import { JobsService } from '../src/common/queue/jobs.service.js';
import { greedyAssign } from '../src/lib/assignment/index.js';
import { runMatchingDetailed, type OfferInput, type StudentInput } from '../src/matching/engine/index.js';
import { buildModel } from '../src/matching/engine/model.js';
import { loadMatchingInputs } from '../src/matching/run/load-inputs.js';
import { generateCity } from '../test/support/synthetic-city.js';
import { measureExactGap } from './support/exact-gap.js';
import { load, machine, spawnNode, type Child } from './support/machine.js';
import { measureMinimumGap, minimumAtScale, minimumRows } from './support/minimum-gap.js';
import { scoreAllPairs } from './support/pairs.js';
import { refillRows, refillScenario, type RefillResult } from './support/refill.js';
import { printReport } from './support/report.js';
import { fmt, mib, ms, pct, type Check, type Row } from './support/rows.js';
import { floorTargets, phaseRows, scalingTarget } from './support/run-phases.js';
import { measureRun } from './support/worker-run.js';

// ------------------------------------------------------------------------------------ arguments

const argv = process.argv.slice(2);
const flag = (name: string): boolean => argv.includes(name);
const value = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[i + 1] : undefined;
};
const size = (s: string | undefined): [number, number] | undefined => (s && /^\d+x\d+$/.test(s) ? (s.split('x').map(Number) as [number, number]) : undefined);
if (flag('--help') || flag('-h')) {
  console.log(`usage: npm run bench:matching -- [--large | --students N --offers M] [--queue redis|postgres] [--keep]
       [--markdown [FILE]] [--json FILE] [--against SMALLER.json] [--exact 400x80] [--exact-samples 5] [--full 2000x400] [--seed X] [--capacity F]
       [--decline 0.1] [--min-size 200x60] [--min-size-tight 120x36] [--min-samples 5] [--min-share 0.6] [--run-only]`);
  process.exit(0);
}
const LARGE = flag('--large');
const N_STUDENTS = Number(value('--students') ?? (LARGE ? 50_000 : 10_000));
const N_OFFERS = Number(value('--offers') ?? (LARGE ? 10_000 : 2_000));
const QUEUE = (value('--queue') ?? 'redis') as 'redis' | 'postgres';
const KEEP = flag('--keep');
const MARKDOWN = flag('--markdown');
const MARKDOWN_FILE = value('--markdown');
const JSON_FILE = value('--json');
/** the --json summary of a smaller run: prints this run's time ÷ that one's (the scaling check) */
const AGAINST = value('--against');
const EXACT = size(value('--exact')) ?? [400, 80];
const FULL = size(value('--full')) ?? [2_000, 400];
const EXACT_SAMPLES = Number(value('--exact-samples') ?? 5);
const SEED = Number(value('--seed') ?? 0.42);
/** scales every offer's capacity after generation (1: as generated); the assignment's difficulty depends on places ÷ students */
const CAPACITY = Number(value('--capacity') ?? 1);
/** the refill scenario (issue 11): this share of the invited students decline after the full run (0: no scenario) */
const DECLINE = flag('--run-only') ? 0 : Number(value('--decline') ?? 0.1);
/** the minimum-group-size measurement: city size, how many, and the share of offers given a minimum */
const MIN_SIZE = size(value('--min-size')) ?? [200, 60];
/** the cities with three times the places: smaller, for the exact search to finish there too */
const MIN_SIZE_TIGHT = size(value('--min-size-tight')) ?? [120, 36];
const MIN_SAMPLES = Number(value('--min-samples') ?? 5);
const MIN_SHARE = Number(value('--min-share') ?? 0.6);
/** only the run and what it needs (the in-process engine for the reproduction check): no refill, no exact or minimum gaps, for iterating on the run itself */
const RUN_ONLY = flag('--run-only');
if (!(N_STUDENTS > 0 && N_OFFERS > 0 && CAPACITY > 0) || !['redis', 'postgres'].includes(QUEUE)) {
  console.error('bad arguments: --students and --offers take positive integers, --queue redis or postgres');
  process.exit(2);
}
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const COMMAND = `npm run bench:matching${argv.length ? ` -- ${argv.join(' ')}` : ''}`;

// ------------------------------------------------------------------------------------ helpers

const sleep = (t: number): Promise<void> => new Promise((r) => setTimeout(r, t));
const log = (s: string): void => console.error(`[bench] ${s}`);
async function timed<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, performance.now() - t0];
}

function dbUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}
async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

// ------------------------------------------------------------------------------------ the run

const dbName = `chifuku_bench_${Date.now().toString(36)}_${process.pid}`;
const url = dbUrl(dbName);
const queuePrefix = `bench_${dbName}`;
let db: DataSource | undefined;
let jobs: JobsService | undefined;
let worker: Child | undefined;
let created = false;

async function cleanup(): Promise<void> {
  await worker?.stop('SIGTERM').catch(() => undefined);
  if (jobs) {
    for (const q of Object.values(QUEUES)) {
      if (QUEUE === 'redis') await jobs.queue(q).obliterate({ force: true }).catch(() => undefined);
      await jobs.queue(q).close().catch(() => undefined);
    }
  }
  await db?.destroy().catch(() => undefined);
  if (created && !KEEP) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)).catch((e) => log(`could not drop ${dbName}: ${e}`));
  else if (created) log(`kept database ${dbName} (${url})`);
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    log(`${sig}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

async function main(): Promise<void> {
  const mach = machine();
  const loadStart = load();
  const date = new Date().toISOString();
  const pgVersion = await admin(async (c) => (await c.query('SHOW server_version')).rows[0].server_version as string);
  log(`${fmt(N_STUDENTS)} students × ${fmt(N_OFFERS)} offers, queue ${QUEUE}, database ${dbName}`);

  // 1. fresh database, migrations, city
  await admin((c) => c.query(`CREATE DATABASE ${dbName}`));
  created = true;
  const [, migrateMs] = await timed(() => runMigrations(url, { queueOnPostgres: QUEUE === 'postgres' }));
  db = new DataSource(dataSourceOptions(url, { extra: { max: 4, application_name: 'chifuku-bench' } }));
  await db.initialize();
  const [, cityMs] = await timed(() => generateCity(db!, { students: N_STUDENTS, offers: N_OFFERS, seed: SEED }));
  if (CAPACITY !== 1) await db.query('UPDATE offer SET capacity = least(1000, greatest(1, round(capacity * $1::float8)::int))', [CAPACITY]);
  const [, vacuumMs] = await timed(() => db!.query('VACUUM ANALYZE'));
  log(`migrations ${ms(migrateMs)}, city ${ms(cityMs)}, vacuum ${ms(vacuumMs)}`);
  const vocabulary: { key: string; label: string }[] = await db.query('SELECT key, label FROM theme ORDER BY position');
  const themeLabels = Object.fromEntries(vocabulary.map((t) => [t.key, t.label]));

  // 2. baselines: the I/O floor and brute-force scoring
  const floors: number[] = [];
  let inputs!: { students: StudentInput[]; offers: OfferInput[] };
  for (let i = 0; i < 3; i++) {
    const [r, t] = await timed(() => loadMatchingInputs(db!));
    floors.push(t);
    inputs = r;
  }
  const places = inputs.offers.reduce((a, o) => a + Math.max(0, Math.floor(o.openPlaces)), 0);
  log(`I/O floor (before the run) ${floors.map((t) => ms(t)).join(', ')}: ${fmt(inputs.students.length)} matchable students, ${fmt(inputs.offers.length)} eligible offers, ${fmt(places)} places`);
  const sample = Math.min(inputs.students.length, Math.max(200, Math.round(4e6 / Math.max(1, inputs.offers.length))));
  const bruteModel = buildModel(inputs.students.slice(0, sample), inputs.offers, Object.keys(themeLabels));
  scoreAllPairs(bruteModel, { students: Math.min(50, sample), keep: false }); // warm-up (JIT)
  const brute = scoreAllPairs(bruteModel, { keep: false });
  const bruteRate = brute.visited / (brute.ms / 1000);
  log(`brute force: ${fmt(brute.visited)} pairs (${fmt(sample)} students × all offers) in ${ms(brute.ms)}: ${fmt(bruteRate)} pairs/s`);

  // 3. the real run, through the real worker
  const config = loadConfig({
    NODE_ENV: 'development',
    DATABASE_URL: url,
    ...(QUEUE === 'redis' ? { REDIS_URL, QUEUE_PREFIX: queuePrefix } : {}),
    LOG_LEVEL: 'warn',
    MATCHING_DEBOUNCE_MS: '-1',
  });
  jobs = new JobsService(config);
  worker = spawnNode(
    join(PROJECT_ROOT, 'dist', 'src', 'worker.js'),
    {
      NODE_ENV: 'development',
      DATABASE_URL: url,
      ...(QUEUE === 'redis' ? { REDIS_URL, QUEUE_PREFIX: queuePrefix } : {}),
      RUN_MIGRATIONS: 'false',
      LOG_LEVEL: 'info',
      MATCHING_DEBOUNCE_MS: '-1',
    },
    PROJECT_ROOT,
  );
  await worker.waitFor('processing queues', 60_000);
  // the run finds the engine thread warm, as any run but one right after boot does (issue 15, item 5)
  await worker.waitFor('engine thread ready', 60_000);
  await sleep(1000); // let its BullMQ workers connect and settle
  const run = await measureRun(db, jobs, worker);
  const { stats, wallMs, e2eMs } = run;
  log(`run COMPLETED: claim→commit ${ms(wallMs)} (load ${ms(stats.loadedMs)}, compute ${ms(stats.computedMs)}, writes ${ms(stats.writtenMs ?? NaN)}), request→COMPLETED ${ms(e2eMs)}, ${run.proposals} proposals`);

  for (let i = 0; i < 2; i++) floors.push((await timed(() => loadMatchingInputs(db!)))[1]);
  const floor = Math.min(...floors);

  // 3b. the refill scenario on the same city and worker: answers, 10 % declined, the refill run
  let refill: RefillResult | undefined;
  if (DECLINE > 0) {
    refill = await refillScenario(db, config, jobs, worker, run.id, { declineShare: DECLINE, seed: SEED, log });
    log(`refill run ${ms(refill.run.wallMs)} (full run ${ms(wallMs)}): ${refill.run.refilledPlaces} of ${refill.freedPlaces} given-back places filled`);
  }
  await worker.stop('SIGTERM');
  worker = undefined;

  // 4. the same run in-process: candidate edges, greedy on them
  const [detailed, inProcMs] = await timed(() => runMatchingDetailed(inputs.students, inputs.offers, { themeLabels, returnCandidates: true }));
  const st = detailed.result.stats;
  const reproduces = Math.abs(st.totalScore - stats.totalScore) < 1e-6 * Math.max(1, stats.totalScore) && st.placed === stats.placed && st.candidatePairs === stats.candidatePairs;
  const cand = detailed.diagnostics.candidates!;
  const [greedy, greedyMs] = await timed(() => greedyAssign(cand));
  log(`in-process engine ${ms(inProcMs)} (reproduces the run: ${reproduces ? 'yes' : 'NO'}), greedy ${ms(greedyMs)}`);

  // 5. exact optima on sub-cities (every pair, no candidate pruning); 5b. minimum group sizes:
  // the engine's repair against the exact optimum on small cities as the city is (fewer places
  // than students), and with three times the places (groups compete for students)
  const exact = RUN_ONLY ? undefined : measureExactGap(inputs.students, inputs.offers, themeLabels, { exact: EXACT, samples: EXACT_SAMPLES, full: FULL, log });
  const minimums = (RUN_ONLY ? [] : [1, 3]).map((capacityFactor) => {
    const sized = capacityFactor === 1 ? MIN_SIZE : MIN_SIZE_TIGHT;
    const m = measureMinimumGap(inputs.students, inputs.offers, themeLabels, { size: sized, samples: MIN_SAMPLES, share: MIN_SHARE, seed: 3, capacityFactor, nodeLimit: 100_000 });
    log(`minimum group size ×${capacityFactor}: ${m.cities.length} cities ${sized.join('×')}, gap to exact ${pct(m.pooledGap, 3)} (repair alone ${pct(m.repairGap, 3)})`);
    return m;
  });
  const atScale = (RUN_ONLY ? [] : [1, 3]).map((f) => minimumAtScale(inputs.students, inputs.offers, themeLabels, MIN_SHARE, f));
  for (const [k, a] of atScale.entries()) log(`minimum group size on the whole city ×${k ? 3 : 1}: ${ms(a.ms)}, certified gap ≤ ${pct(a.certifiedGap, 3)}`);
  const loadEnd = load();

  // 6. report
  const cross = stats.crossProduct;
  const runRate = stats.pairsScored / (stats.computedMs / 1000);
  const candRate = st.pairsScored / (detailed.diagnostics.timings.candidates / 1000);
  const bruteCrossMs = (cross / bruteRate) * 1000;
  const t = detailed.diagnostics.timings;
  const { cpuRunMs: cpuRun, idleRss, peakRss: peak } = run;
  const rows: Row[] = [
    { metric: 'matchable students × eligible offers', value: `${fmt(stats.students)} × ${fmt(stats.offers)} (${fmt(places)} places)`, baseline: `generated ${fmt(N_STUDENTS)} × ${fmt(N_OFFERS)}` },
    { metric: 'candidate pairs (edges to the assignment)', value: fmt(stats.candidatePairs), baseline: `cross product ${fmt(cross)}`, ratio: pct(stats.candidatePairs / cross, 3) },
    { metric: 'pairs scored', value: fmt(stats.pairsScored), baseline: `cross product ${fmt(cross)}`, ratio: pct(stats.pairsScored / cross, 3) },
    { metric: 'scoring rate, run (pairsScored / computedMs)', value: `${fmt(runRate)} pairs/s`, baseline: `brute force ${fmt(bruteRate)} pairs/s (${pct(brute.scored / brute.visited, 0)} compatible)`, ratio: `${fmt(runRate / bruteRate, 3)}×` },
    { metric: 'scoring rate, candidate phase only (in-process)', value: `${fmt(candRate)} pairs/s`, baseline: `brute force ${fmt(bruteRate)} pairs/s`, ratio: `${fmt(candRate / bruteRate, 3)}×` },
    { metric: 'compute (computedMs) vs scoring all pairs', value: ms(stats.computedMs), baseline: `brute force est. ${ms(bruteCrossMs)}`, ratio: `${fmt(stats.computedMs / bruteCrossMs, 3)}×` },
    { metric: 'candidate phase (in-process) vs scoring all pairs', value: ms(detailed.diagnostics.timings.candidates), baseline: `brute force est. ${ms(bruteCrossMs)}`, ratio: `${fmt(detailed.diagnostics.timings.candidates / bruteCrossMs, 3)}×` },
    {
      metric: '  in-process phases: model+text | candidates | assignment | reasons+plans',
      value: [t.model, t.candidates, t.assignment, t.proposals].map((x) => ms(x)).join(' | '),
      baseline: `total ${ms(t.total)}; assignment settled ${fmt(detailed.diagnostics.settled / Math.max(1, st.students), 1)} nodes per student`,
    },
    { metric: 'run wall time (started_at → proposals committed)', value: ms(wallMs), baseline: `I/O floor ${ms(floor)}`, ratio: `${fmt(wallMs / floor, 1)}×` },
    { metric: 'end to end (request → COMPLETED committed)', value: ms(e2eMs), baseline: `I/O floor ${ms(floor)}`, ratio: `${fmt(e2eMs / floor, 1)}×` },
    { metric: '  as recorded: started_at → finished_at', value: ms(run.recordedMs), baseline: 'finished_at = clock_timestamp() at the end of the writes' },
    { metric: '  queue wait (request → started_at)', value: ms(run.waitMs), baseline: `attempts ${run.attempts}` },
    ...phaseRows(run, floor, inProcMs),
    { metric: '  compute in the run (computedMs: thread start, hand-over, engine, result, progress)', value: ms(stats.computedMs), baseline: `in-process engine ${ms(inProcMs)}`, ratio: `${fmt(stats.computedMs / inProcMs, 2)}×` },
    { metric: '  observed by polling (request → COMPLETED seen)', value: ms(run.e2eObserved), baseline: `RUNNING seen after ${ms(run.runningSeenMs)}` },
    { metric: 'worker CPU time during the run (user+sys)', value: ms(cpuRun), baseline: `run wall ${ms(wallMs)}`, ratio: `${fmt(cpuRun / wallMs, 2)} cores` },
    { metric: 'worker peak RSS (VmHWM)', value: mib(peak), baseline: `idle worker ${mib(idleRss)}`, ratio: `${fmt(peak / idleRss, 2)}× (+${mib(peak - idleRss)}, ${fmt((peak - idleRss) / 1024 / (stats.students + stats.offers), 1)} KiB per student or offer)` },
    { metric: 'total score (run)', value: fmt(stats.totalScore, 3), baseline: `greedy ${fmt(greedy.total, 3)}`, ratio: `${fmt((100 * stats.totalScore) / greedy.total, 3)} % (${stats.totalScore >= greedy.total - 1e-9 ? '+' : ''}${fmt(stats.totalScore - greedy.total, 3)})` },
    { metric: 'students placed (run)', value: fmt(stats.placed), baseline: `greedy ${fmt(greedy.placedLeft)}`, ratio: `${stats.placed >= greedy.placedLeft ? '+' : ''}${fmt(stats.placed - greedy.placedLeft)}` },
    { metric: 'total vs its dual upper bound (candidate edges)', value: fmt(stats.totalScore, 3), baseline: `bound ${fmt(stats.upperBound ?? NaN, 3)}`, ratio: `gap ${pct(((stats.upperBound ?? NaN) - stats.totalScore) / (stats.upperBound ?? NaN), 5)}` },
    ...(exact?.rows ?? []),
  ];
  const checks: Check[] = [
    { name: 'total ≥ greedy (same candidate edges)', ok: stats.totalScore >= greedy.total - 1e-9 },
    { name: 'placed ≥ greedy (same candidate edges)', ok: stats.placed >= greedy.placedLeft },
    ...(exact?.checks ?? []),
    { name: 'in-process engine reproduces the run’s stats', ok: reproduces },
    ...(CAPACITY === 1 ? floorTargets(`${N_STUDENTS}x${N_OFFERS}`, run, floor, stats.upperBound) : []),
  ];

  for (const part of [refill ? refillRows(refill, { wallMs, students: stats.students, offers: stats.offers }) : undefined, ...minimums.map((m) => minimumRows(m, MIN_SHARE)), ...atScale]) {
    if (!part) continue;
    rows.push(...part.rows);
    checks.push(...part.checks);
  }

  if (AGAINST) {
    const base = JSON.parse(readFileSync(AGAINST, 'utf8')) as { students: number; offers: number; crossProduct: number; wallMs: number; e2eMs: number; computedMs: number; cpuRunMs: number; loadStart: { avg1: number } };
    const pairs = cross / base.crossProduct;
    const label = `${fmt(base.students)} × ${fmt(base.offers)} run (${AGAINST})`;
    rows.push(
      { metric: 'scaling: cross product ÷ smaller run', value: fmt(cross), baseline: `${fmt(base.crossProduct)} in the ${label}`, ratio: `${fmt(pairs, 1)}×` },
      { metric: 'scaling: run wall time ÷ smaller run', value: ms(wallMs), baseline: ms(base.wallMs), ratio: `${fmt(wallMs / base.wallMs, 2)}×` },
      { metric: 'scaling: end to end ÷ smaller run', value: ms(e2eMs), baseline: ms(base.e2eMs), ratio: `${fmt(e2eMs / base.e2eMs, 2)}×` },
      { metric: 'scaling: computedMs ÷ smaller run', value: ms(stats.computedMs), baseline: ms(base.computedMs), ratio: `${fmt(stats.computedMs / base.computedMs, 2)}×` },
      { metric: 'scaling: worker CPU time ÷ smaller run', value: ms(cpuRun), baseline: `${ms(base.cpuRunMs)} (load avg there ${fmt(base.loadStart.avg1, 2)})`, ratio: `${fmt(cpuRun / base.cpuRunMs, 2)}×` },
    );
    // the issue's requirement: 50,000 × 10,000 within 12× the time of 10,000 × 2,000 (25× the pairs)
    if (pairs > 20 && pairs < 30) checks.push({ name: `run time ≤ 12× the ${label} for ${fmt(pairs, 1)}× the pairs (is ${fmt(wallMs / base.wallMs, 2)}×)`, ok: wallMs / base.wallMs <= 12 });
    // wall time on a shared 2-core machine depends on what else runs; CPU time much less
    if (pairs > 20 && pairs < 30) checks.push({ name: `worker CPU time ≤ 12× the smaller run's (is ${fmt(cpuRun / base.cpuRunMs, 2)}×; contention-robust)`, ok: cpuRun / base.cpuRunMs <= 12 });
    if (pairs > 20 && pairs < 30) checks.push(scalingTarget(wallMs / base.wallMs));
  }

  const title = `${fmt(N_STUDENTS)} students × ${fmt(N_OFFERS)} offers (queue: ${QUEUE}${CAPACITY !== 1 ? `, capacities ×${CAPACITY}` : ''})`;
  const contention = `load average ${fmt(loadStart.avg1, 2)} at start, ${fmt(loadEnd.avg1, 2)} at end on ${mach.cpus} CPUs`;
  const setup = `migrations ${ms(migrateMs)}, city generated in ${ms(cityMs)}, VACUUM ANALYZE ${ms(vacuumMs)}; I/O floor reads ${floors.map((x) => ms(x)).join(' / ')}`;
  printReport({ title, date, command: COMMAND, machine: mach, pgVersion, contention, setup, rows, checks, markdown: MARKDOWN, markdownFile: MARKDOWN_FILE });

  const summary = {
    date, command: COMMAND, students: N_STUDENTS, offers: N_OFFERS, queue: QUEUE, machine: mach, pgVersion, loadStart, loadEnd,
    matchable: stats.students, eligible: stats.offers, places, crossProduct: cross, candidatePairs: stats.candidatePairs, pairsScored: stats.pairsScored,
    wallMs, e2eMs, waitMs: run.waitMs, recordedMs: run.recordedMs, writeMs: run.commitMs, writtenMs: stats.writtenMs, engine: stats.engine, e2eObserved: run.e2eObserved,
    timings: t, settled: detailed.diagnostics.settled, capacityFactor: CAPACITY, loadedMs: stats.loadedMs, computedMs: stats.computedMs, floorMs: floor, floors, bruteRate, runRate, candRate,
    peakRss: peak, idleRss, cpuRunMs: cpuRun, totalScore: stats.totalScore, placed: stats.placed, greedyTotal: greedy.total, greedyPlaced: greedy.placedLeft,
    upperBound: stats.upperBound, ...exact?.summary,
    proposals: run.proposals, checks,
    refill: refill && { ...refill.run, freedPlaces: refill.freedPlaces, declined: refill.declined, ratio: refill.run.wallMs / wallMs },
    minimumAtScale: atScale.map((a) => ({ ms: a.ms, certifiedGap: a.certifiedGap })),
    minimum: minimums.map((m) => ({ size: m.size, share: MIN_SHARE, capacityFactor: m.capacityFactor, pooledGap: m.pooledGap, worstGap: m.worstGap, repairGap: m.repairGap, certifiedGap: m.certifiedGap })),
  };
  if (JSON_FILE) writeFileSync(JSON_FILE, JSON.stringify(summary, null, 2));
  if (checks.some((c) => !c.ok)) process.exitCode = 1;
}

main()
  .catch((err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    if (worker) console.error(`--- worker output ---\n${worker.output().slice(-4000)}`);
    process.exitCode = 1;
  })
  .finally(() => cleanup());
