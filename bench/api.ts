/**
 * Load benchmark of the real API (issue 4, item 6; floors, targets and scale: issue 15): what the
 * query limits cost, next to the server's own ceiling and the floor of each page, in one run.
 *
 *   npm run bench:api                                   10 s per measurement, 10 connections
 *   npm run bench:api -- --duration 5 --connections 20 [--rounds 5] [--markdown [FILE]] [--no-rate] [--keep]
 *   npm run bench:api -- --duration 3 --rounds 3 --only proposals     while iterating on one page
 *   BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' npm run bench:api -- --only proposals --no-control
 *                                                       a V8 CPU profile of every process under load
 *
 * What it does, in order (everything on 127.0.0.1):
 *  1. CREATE DATABASE chifuku_bench_api_<ts> on BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres)
 *     and the real migrations;
 *  2. seeds through the real API (bench/api/seed.ts), with an API process of its own that is stopped
 *     afterwards: the synthetic city (organisations and open offers, SQL), a coordinator's login,
 *     registerSchool, the school's roster through enrollStudents (100 a request), a student session
 *     per connection, and a real matching run (requestMatchingRun) on the real worker;
 *  3. starts the built API (node dist/src/main.js) four times on that database, NODE_ENV=production,
 *     BullMQ and rate counters on Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379) under a
 *     unique QUEUE_PREFIX, logging at info to a file:
 *       "limits"     the query limits of item 1 as configured by default (depth 10, aliases 20,
 *                    directives 50, tokens 2000, cost 25,000), rate budgets off (RATE_LIMIT_*=0);
 *       "no limits"  the same with QUERY_MAX_DEPTH/ALIASES/DIRECTIVES/TOKENS/COST=0 (0 turns each off);
 *       "limits+rate" the defaults with rate budgets on but never reached (10^9 points a minute):
 *                    what counting every request in Redis costs (--no-rate skips it);
 *       "limits again" a second process exactly like "limits", the control: what two identical
 *                    processes differ by is the noise floor of the comparison (--no-control skips it);
 *     and the floor (bench/api/floor-server.ts; --no-floor skips it): a plain node:http process on the
 *     same database with the same pg pool (10), answering the same documents with the fewest SQL
 *     statements that read (or, for the roster, write) the same rows, serialised with JSON.stringify;
 *     then checks that a query 13 fields deep is refused by the first and third and served by the second;
 *     --baseline DIR adds a process "baseline": DIR/dist/src/main.js (another checkout, built, on the same
 *     database and migrations) with the defaults, measured in the same rounds: an A/B of two commits in one run;
 *     at 03244f3 (the build issue 15 measured), the targets in ms are judged as ratios to it (tables.ts, ISSUE_BUILD);
 *     --graphql-js adds a process "graphql-js only": this build with GRAPHQL_COMPILE_AFTER=0, every query
 *     executed by graphql-js instead of its compiled plan (src/common/graphql/compiled-executor.ts);
 *  4. times the pieces of the query limits in this process (bench/api/micro.ts);
 *  5. for each scenario (--only trivial,offers,proposals,roster): a warm-up on each process, then
 *     --duration seconds on each with --connections connections, in --rounds slices taking the
 *     processes in turn (forwards, then backwards), so that whatever else the machine does falls on
 *     all of them alike; every response is scanned for errors and one in --sample-every parsed and
 *     checked against the seeded data;
 *  6. scale (--scale N, default 10; 1 skips it): the proposals page on "limits" and the floor, back to
 *     back, before and after N times the proposals are in the database (bench/api/scale.ts);
 *  7. prints the tables: throughput with CPU per request, share of the trivial ceiling and × floor;
 *     what the limits cost; the pieces of the limits; the targets of issue 15, PASS or FAIL each
 *     (bench/api/tables.ts); with --markdown a markdown version; stops the processes, drops the
 *     database and deletes the Redis keys of its prefix (unless --keep).
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { Redis } from 'ioredis';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/common/config/config.js';
import { dataSourceOptions } from '../src/common/database/data-source-options.js';
import { runMigrations } from '../src/common/database/run-migrations.js';
import { PROJECT_ROOT } from '../src/common/paths.js';
import { measure, type LoadResult, type Proc } from './api/load.js';
import { loadSchema, measureLimits, type Doc, type MicroRow } from './api/micro.js';
import { DEEP_QUERY, OFFERS_QUERY, PROPOSALS_QUERY, ROSTER_QUERY, TRIVIAL_QUERY } from './api/queries.js';
import { fmt, msFmt, renderMarkdown, renderText } from './api/report.js';
import { multiplyProposals } from './api/scale.js';
import { configs, FLOOR, scenarios, type Config } from './api/scenarios.js';
import { seed } from './api/seed.js';
import { authHeaders, startApi, type ApiProcess } from './api/server.js';
import { costTable, mainTable, microTable, targetsTable, type Measured, type ScaleResult } from './api/tables.js';
import { load, machine } from './support/machine.js';

// ------------------------------------------------------------------------------------ arguments

const argv = process.argv.slice(2);
const flag = (name: string): boolean => argv.includes(name);
const value = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[i + 1] : undefined;
};
const num = (name: string, def: number): number => {
  const v = value(name);
  return v === undefined ? def : Number(v);
};
if (flag('--help') || flag('-h')) {
  console.log(`usage: npm run bench:api -- [--duration S] [--connections N] [--rounds N] [--warmup S] [--students N] [--roster N]
       [--city-students N] [--city-offers N] [--sample-every N] [--only trivial,offers,proposals,roster]
       [--no-rate] [--no-control] [--no-floor] [--graphql-js] [--scale N] [--baseline DIR] [--log-level info] [--seed X] [--keep] [--markdown [FILE]]
  BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the API processes (and the floor) under load`);
  process.exit(0);
}
const DURATION = num('--duration', 10);
const CONNECTIONS = num('--connections', 10);
const WARMUP = num('--warmup', 2);
/** each measurement is taken in this many slices, alternating between the API processes */
const ROUNDS = Math.min(num('--rounds', 5), DURATION);
/** the bench school's roster: by default one 100-student chunk per connection, so that concurrent syncs do not wait on each other's row locks */
const ROSTER = num('--roster', 100);
const STUDENTS = num('--students', 1000);
const CITY_STUDENTS = num('--city-students', 1500);
const CITY_OFFERS = num('--city-offers', 200);
const SAMPLE_EVERY = num('--sample-every', 50);
const SEED = num('--seed', 0.42);
const LOG_LEVEL = value('--log-level') ?? 'info';
const WITH_RATE = !flag('--no-rate');
const WITH_CONTROL = !flag('--no-control');
const WITH_FLOOR = !flag('--no-floor');
/** the scale run's factor (item 4 of issue 15): the proposals page again with this many times the proposals; 1 skips it */
const SCALE = num('--scale', 10);
const KEEP = flag('--keep');
const MARKDOWN = flag('--markdown');
const MARKDOWN_FILE = value('--markdown');
const ONLY = value('--only')?.split(',');
const ints = { DURATION, CONNECTIONS, ROUNDS, ROSTER, STUDENTS, CITY_STUDENTS, CITY_OFFERS, SAMPLE_EVERY, SCALE };
const badInt = Object.entries(ints).find(([, v]) => !(Number.isInteger(v) && v > 0));
if (badInt || !(WARMUP >= 0) || DURATION > 120 || CONNECTIONS > 200 || STUDENTS > 10_000 || ROSTER > 1000 || CITY_STUDENTS > 20_000 || CITY_OFFERS > 5_000 || SCALE > 100) {
  console.error(`bad arguments${badInt ? ` (${badInt[0].toLowerCase()})` : ''}: positive integers, at most --duration 120, --connections 200, --students 10000, --roster 1000, --city-students 20000, --city-offers 5000, --scale 100`);
  process.exit(2);
}
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
for (const u of [ADMIN_URL, REDIS_URL]) {
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(u).hostname)) {
    console.error(`bench:api only targets this machine: ${new URL(u).hostname} is not a loopback address`);
    process.exit(2);
  }
}
const COMMAND = `npm run bench:api${argv.length ? ` -- ${argv.join(' ')}` : ''}`;

// ------------------------------------------------------------------------------------ helpers

const log = (s: string): void => console.error(`[bench:api] ${s}`);
async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
function dbUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}
function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: PROJECT_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

// ------------------------------------------------------------------------------------ the run

const stamp = `${Date.now().toString(36)}_${process.pid}`;
const dbName = `chifuku_bench_api_${stamp}`;
const url = dbUrl(dbName);
const queuePrefix = `bench_api_${stamp}`;
const logDir = mkdtempSync(join(os.tmpdir(), 'chifuku-bench-api-'));
let db: DataSource | undefined;
let apis: ApiProcess[] = [];
let created = false;
let failed = false;

async function cleanup(): Promise<void> {
  await Promise.all(apis.map((a) => a.stop().catch(() => undefined)));
  await db?.destroy().catch(() => undefined);
  if (KEEP) {
    log(`kept database ${dbName}, Redis keys ${queuePrefix}:* and the logs in ${logDir}`);
    return;
  }
  if (created) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)).catch((e) => log(`could not drop ${dbName}: ${e}`));
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${queuePrefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== '0');
    log(`deleted ${deleted} Redis keys of ${queuePrefix}`);
  } catch (e) {
    log(`could not clean Redis keys ${queuePrefix}:*: ${e}`);
  } finally {
    redis.disconnect();
  }
  if (failed) log(`logs of the processes kept in ${logDir}`);
  else rmSync(logDir, { recursive: true, force: true });
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    log(`${sig}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

const BASELINE = value('--baseline');
const CONFIGS: Config[] = configs(WITH_RATE, WITH_CONTROL, BASELINE ? join(BASELINE, 'dist', 'src', 'main.js') : undefined, flag('--graphql-js'));

async function main(): Promise<void> {
  const date = new Date().toISOString();
  const mach = machine();
  const loadStart = load();
  const pgVersion = await admin(async (c) => (await c.query('SHOW server_version')).rows[0].server_version as string);
  const redisVersion = await (async () => {
    const r = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
    try {
      await r.connect();
      return /redis_version:(\S+)/.exec(await r.info('server'))?.[1] ?? '?';
    } finally {
      r.disconnect();
    }
  })();
  const commit = `${git(['rev-parse', '--short', 'HEAD'])}${git(['status', '--porcelain', '--', 'src', 'migrations']) ? ' + uncommitted changes in src/' : ''}`;
  log(`database ${dbName}, Redis prefix ${queuePrefix}, logs in ${logDir}`);

  // 1. database
  await admin((c) => c.query(`CREATE DATABASE ${dbName}`));
  created = true;
  await runMigrations(url, { queueOnPostgres: false });
  db = new DataSource(dataSourceOptions(url, { extra: { max: 2, application_name: 'chifuku-bench-api' } }));
  await db.initialize();

  // the environment every API process shares
  const coordinator = { email: 'bench-coordinator@chifuku.example', password: randomBytes(12).toString('base64url') };
  const base: Record<string, string> = {
    NODE_ENV: 'production',
    DATABASE_URL: url,
    REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    JWT_SECRET: randomBytes(32).toString('hex'),
    CONTACT_CARD_KEY: randomBytes(32).toString('base64'),
    RUN_MIGRATIONS: 'false',
    LOG_LEVEL: LOG_LEVEL,
  };
  const mainScript = join(PROJECT_ROOT, 'dist', 'src', 'main.js');

  // 2. data, through an API process of its own (the default limits), stopped before the measured
  // ones start: none of those carries the seeding's history (heap, JIT, caches) into the comparison
  const seeder = await startApi('seeder', mainScript, { ...base, BOOTSTRAP_COORDINATOR_EMAIL: coordinator.email, BOOTSTRAP_COORDINATOR_PASSWORD: coordinator.password }, PROJECT_ROOT, join(logDir, 'api-seeder.log'));
  apis = [seeder];
  const seeded = await seed({
    apiUrl: seeder.url,
    db,
    coordinator,
    cityStudents: CITY_STUDENTS,
    cityOffers: CITY_OFFERS,
    seed: SEED,
    students: STUDENTS,
    rosterSize: ROSTER,
    sessions: CONNECTIONS,
    worker: { script: join(PROJECT_ROOT, 'dist', 'src', 'worker.js'), env: base, cwd: PROJECT_ROOT, logFile: join(logDir, 'worker.log') },
    log,
  });
  const c = seeded.counts;
  const seedLine =
    `seeded: city ${fmt(CITY_STUDENTS)} students × ${fmt(CITY_OFFERS)} offers of ${fmt(c.organizations)} organisations (SQL, ${msFmt(seeded.timings.city)}); ` +
    `1 school, ${fmt(c.enrolled)} students enrolled by enrollStudents in ${seeded.chunks.length} requests of ≤ ${ROSTER} (with profiles, ${msFmt(seeded.timings.enrol)}); ` +
    `matching run (requestMatchingRun) by ${seeded.run.where}: ${fmt(seeded.run.pairsScored)} pairs scored, ${fmt(c.proposals)} proposals with ${fmt(c.participants)} participants (${msFmt(seeded.run.ms)}); ` +
    `${fmt(c.students)} students and ${fmt(c.openOffers)} open offers in all`;
  log(seedLine);
  await seeder.stop();

  // 3. the measured API processes and the floor server, started together on the seeded database
  const t0 = performance.now();
  const floorScript = join(PROJECT_ROOT, 'dist', 'bench', 'api', 'floor-server.js');
  const started = await Promise.all([
    ...CONFIGS.map((c) => startApi(c.label, c.script ?? mainScript, { ...base, ...c.env }, c.script ? BASELINE! : PROJECT_ROOT, join(logDir, `api-${c.key}.log`))),
    ...(WITH_FLOOR ? [startApi(FLOOR.label, floorScript, { DATABASE_URL: url, BENCH_SCHOOL_ID: seeded.schoolId }, PROJECT_ROOT, join(logDir, 'floor.log'))] : []),
  ]);
  apis = started;
  const procs: Proc[] = [...CONFIGS, ...(WITH_FLOOR ? [FLOOR] : [])].map((cfg, i) => ({ cfg, api: started[i] }));
  log(`${apis.length} processes healthy in ${msFmt(performance.now() - t0)}: ${apis.map((a) => `${a.name} ${a.url}`).join(', ')}`);
  if (c.proposals === 0) throw new Error('the matching run proposed nothing: the proposals scenario would measure an empty list');

  // the limits are what the processes say they are: a document 13 fields deep (QUERY_MAX_DEPTH is 10)
  const limitsCheck: string[] = [];
  for (const [i, cfg] of CONFIGS.entries()) {
    const res = await fetch(`${apis[i].url}/graphql`, { method: 'POST', headers: authHeaders({ token: seeded.coordinatorToken }), body: JSON.stringify({ query: DEEP_QUERY }) });
    const body = (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
    const refused = res.status === 400 && body.errors?.[0]?.extensions?.code === 'BAD_USER_INPUT';
    const served = res.status === 200 && !body.errors && body.data !== undefined;
    const expectRefused = cfg.key !== 'none';
    if (expectRefused ? !refused : !served) throw new Error(`${cfg.label}: a depth-13 query answered ${res.status} ${JSON.stringify(body).slice(0, 300)}; expected it ${expectRefused ? 'refused' : 'served'}`);
    limitsCheck.push(`${cfg.label}: ${refused ? `refused (${res.status} BAD_USER_INPUT)` : `served (${res.status})`}`);
  }

  // 4. the pieces of the limits, in this process
  const limits = loadConfig({ DATABASE_URL: 'postgres://bench@127.0.0.1/none' }).limits;
  const schema = loadSchema(PROJECT_ROOT);
  const docs: Doc[] = [
    { key: 'trivial', query: TRIVIAL_QUERY },
    { key: 'offers', query: OFFERS_QUERY },
    { key: 'proposals', query: PROPOSALS_QUERY },
    { key: 'roster', query: ROSTER_QUERY, variables: { input: seeded.chunks[0] } },
  ];
  const micro: MicroRow[] = measureLimits(schema, docs, limits);

  // 5. load
  const list = scenarios(seeded, ROSTER, ONLY);
  const main = { results: new Map<string, LoadResult>(), cpu: new Map<string, number>() }; // `${scenario}/${config}`
  const count = async (table: string): Promise<number> => Number((await db!.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
  const usersBefore = await count('app_user');
  const studentsBefore = await count('student');
  const totalSeconds = list.length * procs.length * (DURATION + WARMUP + 0.2 * ROUNDS);
  log(`load: ${list.length} scenarios × ${procs.length} processes × (${WARMUP} s warm-up + ${ROUNDS} × ${fmt(DURATION / ROUNDS, 1)} s), ${CONNECTIONS} connections: about ${Math.ceil(totalSeconds)} s`);
  if (loadStart.avg1 > 0.5 * mach.cpus) log(`the machine is busy (load average ${fmt(loadStart.avg1, 2)} on ${mach.cpus} CPUs): absolute numbers will be low, the ratios less affected`);
  const load0 = { connections: CONNECTIONS, duration: DURATION, rounds: ROUNDS, warmup: WARMUP, sampleEvery: SAMPLE_EVERY, log };
  await measure(list, procs, main, load0);

  // the rate budgets were counted (in Redis) by the "limits+rate" process, and only there
  let rateKeys = 0;
  if (WITH_RATE) {
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${queuePrefix}:rl:*`, 'COUNT', 1000);
        cursor = next;
        rateKeys += keys.length;
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }
  const usersAfter = await count('app_user');
  const studentsAfter = await count('student');

  // 6. scale (item 4): the proposals page before and after SCALE× the proposals, "limits" and the floor, back to back
  let scale: ScaleResult | null = null;
  const proposals = list.find((s) => s.key === 'proposals');
  if (SCALE > 1 && proposals) {
    const pair = procs.filter((p) => p.cfg.key === 'limits' || p.cfg.key === FLOOR.key);
    const before = { results: new Map<string, LoadResult>(), cpu: new Map<string, number>() };
    await measure([proposals], pair, before, { ...load0, tag: 'scale 1×  ' });
    const proposalsBefore = await count('proposal');
    const grown = await multiplyProposals(db, SCALE);
    log(`scale: ${fmt(grown.proposals)} proposals with ${fmt(grown.participants)} participants in the database (${msFmt(grown.ms)})`);
    const after = { results: new Map<string, LoadResult>(), cpu: new Map<string, number>() };
    await measure([proposals], pair, after, { ...load0, tag: `scale ${SCALE}× ` });
    const pick = (m: typeof before) => ({ cpu: m.cpu.get('proposals/limits')!, reqPerSec: m.results.get('proposals/limits')!.reqPerSec, floorCpu: m.cpu.get(`proposals/${FLOOR.key}`) ?? NaN });
    scale = { factor: SCALE, proposals: { before: proposalsBefore, after: grown.proposals }, before: pick(before), after: pick(after) };
    for (const m of [before, after]) for (const [k, r] of m.results) if (r.failed) main.results.set(`scale ${k}`, r);
  }
  const loadEnd = load();

  // 7. report
  const measured: Measured = {
    list,
    configs: CONFIGS,
    floor: WITH_FLOOR ? FLOOR : null,
    get: (s, cfg) => main.results.get(`${s}/${cfg}`),
    cpu: (s, cfg) => main.cpu.get(`${s}/${cfg}`) ?? NaN,
    o: { connections: CONNECTIONS, duration: DURATION, rounds: ROUNDS, warmup: WARMUP, sampleEvery: SAMPLE_EVERY, withControl: WITH_CONTROL, withRate: WITH_RATE },
    baselineCommit: BASELINE ? git(['-C', BASELINE, 'rev-parse', 'HEAD']) : undefined,
  };
  const targets = targetsTable(measured, scale);
  const idempotent = usersAfter === usersBefore && studentsAfter === studentsBefore;
  const contention = `load average ${fmt(loadStart.avg1, 2)} at start, ${fmt(loadEnd.avg1, 2)} at end on ${mach.cpus} CPUs; autocannon runs in the bench process on the same machine`;
  const machineLine = `${mach.cpuModel}, ${mach.cpus} CPUs (nproc), ${mach.memTotal} RAM, ${mach.kernel}, node ${mach.node}, PostgreSQL ${pgVersion}, Redis ${redisVersion}`;
  const header = [
    `${date} · \`${COMMAND}\` · commit ${commit}`,
    machineLine,
    contention,
    `each API process: node dist/src/main.js, NODE_ENV=production, LOG_LEVEL=${LOG_LEVEL} (one JSON line per request, to a file), Redis queue and counters, 10 PostgreSQL connections; ` +
      `"limits": the defaults, rate budgets off (RATE_LIMIT_*=0); "no limits": also QUERY_MAX_DEPTH/ALIASES/DIRECTIVES/TOKENS/COST=0 (the body limit, which has no off switch, and the fixed 64-bracket guard stay)` +
      (WITH_RATE ? '; "limits+rate": the defaults with rate budgets of 10^9 points a minute' : '') +
      (WITH_CONTROL ? '; "limits again": a second process exactly like "limits" (the control)' : '') +
      (WITH_FLOOR ? '; "floor": node dist/bench/api/floor-server.js, a pg pool of 10, the fewest SQL statements and JSON.stringify' : '') +
      (BASELINE ? `; "baseline": ${BASELINE}/dist/src/main.js (commit ${git(['-C', BASELINE, 'rev-parse', '--short', 'HEAD'])}) with the defaults` : ''),
    seedLine,
    `limits in force: a query 13 fields deep was ${limitsCheck.join(', ')}${WITH_RATE ? `; rate counters in Redis (${queuePrefix}:rl:*, they expire a minute after their last use) at the end: ${rateKeys}` : ''}`,
    `roster sync: connection i re-sends chunk i mod ${seeded.chunks.length} of the roster unchanged (the floor too); ${idempotent ? `idempotent (still ${fmt(studentsAfter)} students and ${fmt(usersAfter)} users after the load)` : `NOT idempotent: students ${studentsBefore} → ${studentsAfter}, users ${usersBefore} → ${usersAfter}`}`,
  ];
  const tables = [mainTable(measured), costTable(measured), microTable(measured, micro), targets.table];
  console.log(`\n=== bench:api — ${date}`);
  for (const line of header) console.log(line);
  for (const t of tables) console.log(`\n${renderText(t)}`);
  const failures = [...main.results.entries()].filter(([, r]) => r.failed);
  for (const [key, r] of failures) console.log(`\n${key}: ${r.failed} failed; status codes ${JSON.stringify(r.statusCodes)}; e.g. ${r.problems.join(' | ')}`);
  if (MARKDOWN) {
    const md = [`### ${date.slice(0, 10)} — ${CONNECTIONS} connections, ${DURATION} s per measurement in ${ROUNDS} rounds`, '', ...header.map((l) => `${l}  `), '', ...tables.map((t) => `${renderMarkdown(t, '####')}\n`)].join('\n');
    console.log(`\n${md}`);
    if (MARKDOWN_FILE) appendFileSync(MARKDOWN_FILE, `${md}\n`);
  }
  // a missed target is reported, not an error of the run: the run itself failed only when answers were wrong
  if (failures.length || !idempotent) {
    failed = true;
    process.exitCode = 1;
  }
}
main()
  .catch((err: unknown) => {
    failed = true;
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    for (const a of apis) console.error(`--- ${a.name} ---\n${a.tail(2000)}`);
    process.exitCode = 1;
  })
  .finally(() => cleanup());
