/**
 * Load benchmark of the real API (issue 4, item 6): what the query limits cost, next to the
 * server's own ceiling, in one run on this machine.
 *
 *   npm run bench:api                                   10 s per measurement, 10 connections
 *   npm run bench:api -- --duration 5 --connections 20 [--rounds 5] [--markdown [FILE]] [--no-rate] [--keep]
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
 *     and checks that a query 13 fields deep is refused by the first and third and served by the second;
 *  4. times the pieces of the query limits in this process (bench/api/micro.ts);
 *  5. for each scenario: a warm-up on each API process, then --duration seconds on each with
 *     --connections connections, in --rounds slices taking the processes in turn (forwards, then
 *     backwards), so that whatever else the machine does falls on all of them alike; every response
 *     is scanned for errors and one in --sample-every parsed and checked against the seeded data;
 *  6. prints the tables, and with --markdown a markdown version; stops the processes, drops the
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
import { combine, runSlice, type LoadResult, type Scenario, type Slice } from './api/load.js';
import { loadSchema, measureLimits, type Doc, type MicroRow } from './api/micro.js';
import { bytesFmt, fmt, msFmt, pct, ratio, renderMarkdown, renderText, type Table } from './api/report.js';
import { ROSTER_QUERY, seed, type Seeded } from './api/seed.js';
import { authHeaders, startApi, type ApiProcess } from './api/server.js';
import { load, machine, procCpuMs } from './support/machine.js';

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
       [--no-rate] [--no-control] [--log-level info] [--seed X] [--keep] [--markdown [FILE]]`);
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
const KEEP = flag('--keep');
const MARKDOWN = flag('--markdown');
const MARKDOWN_FILE = value('--markdown');
const ONLY = value('--only')?.split(',');
const ints = { DURATION, CONNECTIONS, ROUNDS, ROSTER, STUDENTS, CITY_STUDENTS, CITY_OFFERS, SAMPLE_EVERY };
const badInt = Object.entries(ints).find(([, v]) => !(Number.isInteger(v) && v > 0));
if (badInt || !(WARMUP >= 0) || DURATION > 120 || CONNECTIONS > 200 || STUDENTS > 10_000 || ROSTER > 1000 || CITY_STUDENTS > 20_000 || CITY_OFFERS > 5_000) {
  console.error(`bad arguments${badInt ? ` (${badInt[0].toLowerCase()})` : ''}: positive integers, at most --duration 120, --connections 200, --students 10000, --roster 1000, --city-students 20000, --city-offers 5000`);
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
const sleep = (t: number): Promise<void> => new Promise((r) => setTimeout(r, t));
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

interface Config {
  key: string;
  label: string;
  env: Record<string, string>;
}

const OFF = { QUERY_MAX_DEPTH: '0', QUERY_MAX_ALIASES: '0', QUERY_MAX_DIRECTIVES: '0', QUERY_MAX_TOKENS: '0', QUERY_MAX_COST: '0' };
const NO_RATE = { RATE_LIMIT_USER_PER_MINUTE: '0', RATE_LIMIT_IP_PER_MINUTE: '0' };
const CONFIGS: Config[] = [
  { key: 'limits', label: 'limits', env: { ...NO_RATE } },
  { key: 'none', label: 'no limits', env: { ...NO_RATE, ...OFF } },
  ...(WITH_RATE ? [{ key: 'rate', label: 'limits+rate', env: { RATE_LIMIT_USER_PER_MINUTE: '1000000000', RATE_LIMIT_IP_PER_MINUTE: '1000000000' } }] : []),
  // the control: a second process exactly like "limits"; their ratio is the noise floor of process against process
  ...(WITH_CONTROL ? [{ key: 'again', label: 'limits again', env: { ...NO_RATE } }] : []),
];

const OFFERS_QUERY = '{ offers(first: 20) { edges { node { title organization { name } remainingCapacity themes } } } }';
const PROPOSALS_QUERY = '{ proposals(first: 50) { edges { node { score plan { title } offer { title } participants { score reasons student { displayName stage } } } } } }';
const TRIVIAL_QUERY = '{ __typename }';
/** 13 fields deep, cheap (one item a level): refused under QUERY_MAX_DEPTH=10, served without it */
const DEEP_QUERY = '{ proposals(first: 1) { edges { node { offer { organization { offers(first: 1) { edges { node { organization { offers(first: 1) { edges { node { title } } } } } } } } } } } } }';

function scenarios(s: Seeded): Scenario[] {
  const rosterSizes = new Set(s.chunks.map((c) => c.length));
  const known = new Set(s.studentIds.values());
  const expectOffers = Math.min(20, s.counts.openOffers);
  const expectProposals = Math.min(50, s.counts.proposals);
  const all: Scenario[] = [
    {
      key: 'trivial',
      label: '{ __typename } (ceiling)',
      bodies: [JSON.stringify({ query: TRIVIAL_QUERY })],
      headers: [authHeaders()],
      check: (d) => (d?.__typename === 'Query' ? undefined : `__typename is ${JSON.stringify(d?.__typename)}`),
    },
    {
      key: 'offers',
      label: 'student: offers(first: 20)',
      bodies: [JSON.stringify({ query: OFFERS_QUERY })],
      headers: s.studentTokens.map((token) => authHeaders({ token })),
      check: (d) => {
        const edges = d?.offers?.edges;
        if (!Array.isArray(edges) || edges.length !== expectOffers) return `offers: ${edges?.length} edges, expected ${expectOffers}`;
        const bad = edges.find((e: any) => !e.node?.title || !e.node.organization?.name || !Number.isInteger(e.node.remainingCapacity) || !e.node.themes?.length);
        return bad ? `offers: incomplete node ${JSON.stringify(bad).slice(0, 200)}` : undefined;
      },
    },
    {
      key: 'proposals',
      label: 'coordinator: proposals(first: 50)',
      bodies: [JSON.stringify({ query: PROPOSALS_QUERY })],
      headers: [authHeaders({ token: s.coordinatorToken })],
      check: (d) => {
        const edges = d?.proposals?.edges;
        if (!Array.isArray(edges) || edges.length !== expectProposals) return `proposals: ${edges?.length} edges, expected ${expectProposals}`;
        const bad = edges.find(
          (e: any) =>
            !e.node?.plan?.title || !e.node.offer?.title || typeof e.node.score !== 'number' || !e.node.participants?.length ||
            e.node.participants.some((p: any) => !p.student?.displayName || !p.student.stage || !p.reasons?.length || typeof p.score !== 'number'),
        );
        return bad ? `proposals: incomplete node ${JSON.stringify(bad).slice(0, 200)}` : undefined;
      },
    },
    {
      key: 'roster',
      label: `school portal: enrollStudents(${ROSTER})`,
      bodies: s.chunks.map((input) => JSON.stringify({ query: ROSTER_QUERY, variables: { input } })),
      headers: [authHeaders({ apiKey: s.schoolApiKey })],
      check: (d) => {
        const list = d?.enrollStudents;
        if (!Array.isArray(list) || !rosterSizes.has(list.length)) return `enrollStudents returned ${list?.length} students`;
        const stranger = list.find((x: any) => !known.has(x.id) || typeof x.matchable !== 'boolean' || !x.profile?.themes?.length);
        return stranger ? `enrollStudents: a student not of the seeded roster or incomplete: ${JSON.stringify(stranger).slice(0, 200)}` : undefined;
      },
    },
  ];
  return ONLY ? all.filter((x) => ONLY.includes(x.key)) : all;
}

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

  // 3. the measured API processes, started together on the seeded database
  const t0 = performance.now();
  apis = await Promise.all(CONFIGS.map((c) => startApi(c.label, mainScript, { ...base, ...c.env }, PROJECT_ROOT, join(logDir, `api-${c.key}.log`))));
  log(`${apis.length} API processes healthy in ${msFmt(performance.now() - t0)}: ${apis.map((a) => `${a.name} ${a.url}`).join(', ')}`);
  if (c.proposals === 0) throw new Error('the matching run proposed nothing: the proposals scenario would measure an empty list');

  // the limits are what the processes say they are: a document 13 fields deep (QUERY_MAX_DEPTH is 10)
  const deep = { query: DEEP_QUERY };
  const limitsCheck: string[] = [];
  for (const [i, cfg] of CONFIGS.entries()) {
    const res = await fetch(`${apis[i].url}/graphql`, { method: 'POST', headers: authHeaders({ token: seeded.coordinatorToken }), body: JSON.stringify(deep) });
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
  const list = scenarios(seeded);
  const results = new Map<string, LoadResult>(); // `${scenario}/${config}`
  /** CPU time (user + system) the API process spent per answer: less sensitive than req/s to what else runs on the machine */
  const cpuPerReq = new Map<string, number>();
  const usersBefore = Number((await db.query('SELECT count(*) AS n FROM app_user'))[0].n);
  const studentsBefore = Number((await db.query('SELECT count(*) AS n FROM student'))[0].n);
  const totalSeconds = list.length * apis.length * (DURATION + WARMUP + 0.2 * ROUNDS);
  log(`load: ${list.length} scenarios × ${apis.length} processes × (${WARMUP} s warm-up + ${ROUNDS} × ${fmt(DURATION / ROUNDS, 1)} s), ${CONNECTIONS} connections: about ${Math.ceil(totalSeconds)} s`);
  if (loadStart.avg1 > 0.5 * mach.cpus) log(`the machine is busy (load average ${fmt(loadStart.avg1, 2)} on ${mach.cpus} CPUs): absolute numbers will be low, the ratios less affected`);
  const slice = { connections: CONNECTIONS, seconds: DURATION / ROUNDS, sampleEvery: SAMPLE_EVERY };
  for (const s of list) {
    for (const a of apis) if (WARMUP > 0) await runSlice(a.url, s, { ...slice, seconds: WARMUP, sampleEvery: 1_000_000 });
    const slices: Slice[][] = apis.map(() => []);
    const cpuMs = apis.map(() => 0);
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? apis.map((_, i) => i) : apis.map((_, i) => apis.length - 1 - i);
      for (const i of order) {
        await sleep(200);
        const cpu0 = procCpuMs(apis[i].child.pid!) ?? NaN;
        slices[i].push(await runSlice(apis[i].url, s, slice));
        cpuMs[i] += (procCpuMs(apis[i].child.pid!) ?? NaN) - cpu0;
        for (const a of apis) if (a.child.exitCode !== null) throw new Error(`${a.name} exited during the load:\n${a.tail()}`);
      }
    }
    for (const [i, cfg] of CONFIGS.entries()) {
      const r = combine(slices[i]);
      cpuPerReq.set(`${s.key}/${cfg.key}`, cpuMs[i] / r.responses);
      results.set(`${s.key}/${cfg.key}`, r);
      log(`${s.key.padEnd(9)} ${cfg.label.padEnd(11)} ${fmt(r.reqPerSec, 0).padStart(6)} req/s  p50 ${fmt(r.p50, 1)} ms  p99 ${fmt(r.p99, 1)} ms  failed ${r.failed}${r.problems.length ? `: ${r.problems[0]}` : ''}`);
    }
  }
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
  const usersAfter = Number((await db.query('SELECT count(*) AS n FROM app_user'))[0].n);
  const studentsAfter = Number((await db.query('SELECT count(*) AS n FROM student'))[0].n);
  const loadEnd = load();

  // 6. report
  const get = (s: string, cfg: string): LoadResult | undefined => results.get(`${s}/${cfg}`);
  const spread = (a: number[], b: number[]): string => {
    const rs = a.map((x, i) => x / b[i]).filter(Number.isFinite);
    return rs.length > 1 ? `(${fmt(Math.min(...rs), 2)}–${fmt(Math.max(...rs), 2)})` : '';
  };
  const errorsCell = (r: LoadResult): string => {
    if (!r.failed) return '0';
    const parts = [r.non2xx && `${r.non2xx} non-2xx`, r.gqlErrors && `${r.gqlErrors} GraphQL`, r.shapeErrors && `${r.shapeErrors} wrong data`, r.connErrors && `${r.connErrors} no answer`].filter(Boolean);
    return `${r.failed} (${parts.join(', ')})`;
  };
  const mainTable: Table = {
    title: `Throughput and latency (${CONNECTIONS} connections, ${DURATION} s on each process in ${ROUNDS} rounds, after a ${WARMUP} s warm-up)`,
    headers: ['scenario', 'API process', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'checked', 'response', 'API CPU/req', 'share of trivial'],
    right: [false, false, true, true, true, true, true, true, true, true],
    rows: list.flatMap((s) =>
      CONFIGS.map((cfg) => {
        const r = get(s.key, cfg.key)!;
        const trivial = get('trivial', cfg.key);
        return [s.label, cfg.label, fmt(r.reqPerSec), fmt(r.p50, 1), fmt(r.p99, 1), errorsCell(r), `${fmt(r.sampled)}/${fmt(r.responses)}`, bytesFmt(r.bytes), `${fmt(cpuPerReq.get(`${s.key}/${cfg.key}`) ?? NaN, 2)} ms`, s.key === 'trivial' ? '100 %' : trivial ? pct(r.reqPerSec, trivial.reqPerSec) : '–'];
      }),
    ),
    notes: [
      'errors: non-2xx answers, 2xx answers carrying GraphQL errors (every body is scanned), sampled answers without the seeded data, and requests without an answer',
      `checked: answers parsed and compared with the seeded data (the first 3 and one in ${SAMPLE_EVERY}) / all answers`,
      'API CPU/req: CPU time (user + system, all threads) of the API process during the measurement ÷ answers; PostgreSQL and the load generator not included',
    ],
  };
  const costTable: Table = {
    title: 'What the query limits cost: "limits" (the defaults) against "no limits" (QUERY_MAX_*=0), same run',
    headers: [
      'scenario', 'req/s limits', 'req/s none', 'limits ÷ none (rounds)', 'p50 ms limits / none', 'p99 ms limits / none', 'CPU/req limits ÷ none',
      ...(WITH_CONTROL ? ['control: limits ÷ limits again (rounds), CPU/req'] : []),
      ...(WITH_RATE ? ['+rate budgets ÷ limits (rounds)'] : []),
    ],
    right: [false, true, true, true, true, true, true, true, true],
    rows: list.map((s) => {
      const a = get(s.key, 'limits')!;
      const b = get(s.key, 'none')!;
      const r = get(s.key, 'rate');
      return [
        s.label,
        fmt(a.reqPerSec),
        fmt(b.reqPerSec),
        `${ratio(a.reqPerSec, b.reqPerSec)} ${spread(a.sliceRates, b.sliceRates)}`,
        `${fmt(a.p50, 1)} / ${fmt(b.p50, 1)}`,
        `${fmt(a.p99, 1)} / ${fmt(b.p99, 1)}`,
        ratio(cpuPerReq.get(`${s.key}/limits`) ?? NaN, cpuPerReq.get(`${s.key}/none`) ?? NaN),
        ...(WITH_CONTROL
          ? [(() => {
              const g = get(s.key, 'again');
              return g ? `${ratio(a.reqPerSec, g.reqPerSec)} ${spread(a.sliceRates, g.sliceRates)}, ${ratio(cpuPerReq.get(`${s.key}/limits`) ?? NaN, cpuPerReq.get(`${s.key}/again`) ?? NaN)}` : '–';
            })()]
          : []),
        ...(WITH_RATE ? [r ? `${ratio(r.reqPerSec, a.reqPerSec)} ${spread(r.sliceRates, a.sliceRates)}` : '–'] : []),
      ];
    }),
    notes: [
      `(rounds): the lowest and highest ratio of the ${ROUNDS} rounds, each measured back to back: how much of a difference is noise`,
      ...(WITH_CONTROL ? ['control: "limits" against a second, identical process ("limits again"): a difference of "limits ÷ none" no larger than this one is not the limits'] : []),
      ...(WITH_RATE ? ['+rate budgets: the defaults with RATE_LIMIT_*_PER_MINUTE at 10^9 (never refused): one Redis Lua script per request on top of the limits'] : []),
    ],
  };
  const microTable: Table = {
    title: 'The pieces of the limits per document, in this process (µs; Apollo caches parsed and validated documents by query text)',
    headers: ['document', 'tokens', 'cost', 'points', 'nesting guard', 'cost walk', 'parse / + token limit', 'validate / + armor rules'],
    right: [false, true, true, true, true, true, true, true],
    rows: micro.map((m) => [
      list.find((s) => s.key === m.key)?.label ?? m.key,
      fmt(m.tokens),
      fmt(m.cost),
      fmt(m.points),
      fmt(m.nestingUs, 1),
      fmt(m.costUs, 1),
      `${fmt(m.parseUs, 1)} / ${fmt(m.parseLimitedUs, 1)}`,
      `${fmt(m.validateUs, 1)} / ${fmt(m.validateLimitedUs, 1)}`,
    ]),
    notes: [
      'every request, limits on or off: the nesting guard (lexes the query text before Apollo) and the cost walk (the rate limiter charges the cost even when QUERY_MAX_COST=0)',
      'only on a document-cache miss (a query text the process has not seen): parsing (the token limit) and validation (+ depth, aliases and directives rules)',
    ],
  };
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
      (WITH_CONTROL ? '; "limits again": a second process exactly like "limits" (the control)' : ''),
    seedLine,
    `limits in force: a query 13 fields deep was ${limitsCheck.join(', ')}${WITH_RATE ? `; rate counters in Redis (${queuePrefix}:rl:*, they expire a minute after their last use) at the end: ${rateKeys}` : ''}`,
    `roster sync: connection i re-sends chunk i mod ${seeded.chunks.length} of the roster unchanged; ${idempotent ? `idempotent (still ${fmt(studentsAfter)} students and ${fmt(usersAfter)} users after the load)` : `NOT idempotent: students ${studentsBefore} → ${studentsAfter}, users ${usersBefore} → ${usersAfter}`}`,
  ];
  const tables = [mainTable, costTable, microTable];
  console.log(`\n=== bench:api — ${date}`);
  for (const line of header) console.log(line);
  for (const t of tables) console.log(`\n${renderText(t)}`);
  const failures = [...results.entries()].filter(([, r]) => r.failed);
  for (const [key, r] of failures) console.log(`\n${key}: ${r.failed} failed; status codes ${JSON.stringify(r.statusCodes)}; e.g. ${r.problems.join(' | ')}`);
  if (MARKDOWN) {
    const md = [`### ${date.slice(0, 10)} — ${CONNECTIONS} connections, ${DURATION} s per measurement in ${ROUNDS} rounds`, '', ...header.map((l) => `${l}  `), '', ...tables.map((t) => `${renderMarkdown(t, '####')}\n`)].join('\n');
    console.log(`\n${md}`);
    if (MARKDOWN_FILE) appendFileSync(MARKDOWN_FILE, `${md}\n`);
  }
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
