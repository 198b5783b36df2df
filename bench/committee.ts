/**
 * The perspective map of a large meeting, against the time to read its stances (the floor).
 *
 *   npm run bench:committee                        2,000 participants × 200 statements × 100,000 stances
 *   npm run bench:committee -- --participants 500 --statements 100 --stances 20000 [--keep]
 *
 *  1. CREATE DATABASE chifuku_bench_committee_<ts> on BENCH_DATABASE_URL (default
 *     postgres://postgres@127.0.0.1:5432/postgres), the real migrations (through the API's start);
 *     a synthetic meeting: participants in three latent camps with self-declared generations,
 *     statements written from the demo meeting's (src/demo/committee-demo.ts) with 校区 names, each
 *     stance drawn from the participant's camp and the statement's leaning; one participant in ten
 *     takes fewer than 7 stances (counted, not grouped). Written with one unnest INSERT per table.
 *  2. the floor: the map's own two reads (perspectives with their authors' generation, stances), best of 5;
 *  3. the analyser's load (Lindera), once per process, measured alone;
 *  4. the worker's job in this process (PerspectiveMapService.computeAndCache: read, canonical form
 *     and fingerprint, PCA, k-means restarts, statistics, keywords, cache write), and the pure
 *     computation alone (computeMap on the canonical inputs), best of 3;
 *  5. perspectiveMap again: served from the cache under the fingerprint (read + fingerprint + one
 *     cache row), best of 5; then the SVG of the map;
 *  6. memory: the process's resident set before the meeting, after, and its peak (VmHWM).
 * It prints each time beside the floor as a ratio.
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { renderMapSvg } from '../src/committee/export/map-svg.js';
import { canonicalize } from '../src/committee/map/canonical.js';
import { computeMap } from '../src/committee/map/compute-map.js';
import { PerspectiveMapService } from '../src/committee/perspective-map.service.js';
import { contentTerms } from '../src/lib/text/content-words.js';
import { loadConfig } from '../src/common/config/config.js';
import { COMMITTEE_PERSPECTIVES } from '../src/demo/committee-demo.js';
import { createApi } from '../src/main.js';
import { machine, procMemory } from './support/machine.js';

const argv = process.argv.slice(2);
const num = (name: string, d: number) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : d;
};
const N_PEOPLE = num('--participants', 2000);
const N_STATEMENTS = num('--statements', 200);
const N_STANCES = num('--stances', 100_000);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

const GENERATIONS = ['TEENS', 'TWENTIES', 'THIRTIES', 'FORTIES', 'FIFTIES', 'SIXTIES', 'SEVENTY_PLUS'];
const AREAS = ['田主丸', '善導寺', '高良内', '荒木', '三潴', '城島', '北野', '御井', '金丸', '日吉'];
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
const ms = (x: number) => `${x.toFixed(0)} ms`;

let seed = 20261201;
const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);

async function best<T>(times: number, f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  let out: { ms: number; value: T } | undefined;
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    const value = await f();
    const took = performance.now() - t0;
    if (!out || took < out.ms) out = { ms: took, value };
  }
  return out!;
}

async function seedMeeting(db: DataSource): Promise<string> {
  const eventId = randomUUID();
  await db.query(
    `INSERT INTO event (id, platform, title, description, starts_at, mode, location) VALUES ($1, 'COMMITTEE', '第20回 新地福委員会（ベンチマーク）', '市全体の対話', now(), 'ONSITE', '久留米市役所')`,
    [eventId],
  );
  const people = Array.from({ length: N_PEOPLE }, () => randomUUID());
  const camp = people.map(() => Math.floor(rand() * 3));
  await db.query(
    `INSERT INTO app_user (id, email, password_hash, display_name, roles, generation)
     SELECT id, 'bench-' || id || '@example.jp', 'x', '委員', '{RESIDENT}', g::generation FROM unnest($1::uuid[], $2::text[]) AS u(id, g)`,
    [people, people.map((_, i) => GENERATIONS[(camp[i] * 2 + Math.floor(rand() * 3)) % GENERATIONS.length])],
  );
  const statements = Array.from({ length: N_STATEMENTS }, () => randomUUID());
  const leaning = statements.map(() => [rand() * 2 - 1, rand() * 2 - 1, rand() * 2 - 1]);
  await db.query(
    `INSERT INTO perspective (id, event_id, author_id, text, themes) SELECT id, $1, a, t, '{community}' FROM unnest($2::uuid[], $3::uuid[], $4::text[]) AS p(id, a, t)`,
    [eventId, statements, statements.map((_, i) => people[i % N_PEOPLE]), statements.map((_, i) => `${AREAS[i % AREAS.length]}校区では、${COMMITTEE_PERSPECTIVES[i % COMMITTEE_PERSPECTIVES.length].text}`)],
  );
  // one in ten takes 1–6 stances; the others share the rest
  const few = people.map(() => rand() < 0.1);
  const fewCount = few.map((f) => (f ? 1 + Math.floor(rand() * 6) : 0));
  const rest = N_STANCES - fewCount.reduce((a, b) => a + b, 0);
  const many = few.filter((f) => !f).length;
  const s: string[] = [];
  const u: string[] = [];
  const v: string[] = [];
  let k = 0;
  people.forEach((p, i) => {
    // the stances left are shared out exactly: the first (rest mod many) take one more
    const n = few[i] ? fewCount[i] : Math.min(N_STATEMENTS, Math.floor(rest / many) + (k++ < rest % many ? 1 : 0));
    const picked = new Set<number>();
    while (picked.size < n) picked.add(Math.floor(rand() * N_STATEMENTS));
    for (const j of picked) {
      const lean = leaning[j][camp[i]];
      const r = rand();
      s.push(statements[j]);
      u.push(p);
      v.push(r < 0.12 ? 'PASS' : r < 0.12 + 0.88 * (0.5 + 0.45 * lean) ? 'AGREE' : 'DISAGREE');
    }
  });
  await db.query(`INSERT INTO perspective_stance (perspective_id, user_id, stance) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::stance[])`, [s, u, v]);
  await db.query('ANALYZE');
  return eventId;
}

async function main(): Promise<void> {
  const name = `chifuku_bench_committee_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: url.toString(), REDIS_URL, QUEUE_PREFIX: `bench_committee_${Date.now()}`, JWT_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'error' });
  const app = await createApi(config);
  try {
    const db = app.get<DataSource>(getDataSourceToken());
    const maps = app.get(PerspectiveMapService);
    const rssBefore = procMemory(process.pid)!.rss;
    const eventId = await seedMeeting(db);
    const scope = { key: `event.${eventId}`, eventId };
    const [counts] = await db.query(
      `SELECT (SELECT count(*)::int FROM perspective WHERE event_id = $1) AS statements, (SELECT count(*)::int FROM perspective_stance s JOIN perspective p ON p.id = s.perspective_id WHERE p.event_id = $1) AS stances,
              (SELECT count(DISTINCT s.user_id)::int FROM perspective_stance s JOIN perspective p ON p.id = s.perspective_id WHERE p.event_id = $1) AS voters`,
      [eventId],
    );

    const floor = await best(5, () =>
      Promise.all([
        db.query(`SELECT p.id, p.text, p.themes, u.generation FROM perspective p LEFT JOIN app_user u ON u.id = p.author_id WHERE p.event_id = $1`, [eventId]),
        db.query(`SELECT s.perspective_id, s.user_id, s.stance FROM perspective_stance s JOIN perspective p ON p.id = s.perspective_id WHERE p.event_id = $1`, [eventId]),
      ]),
    );
    const analyser = await best(1, async () => contentTerms('公民館を夜まで開けて若者の居場所にしてほしい'));
    const rssAnalyser = procMemory(process.pid)!.rss;

    const job = await best(1, () => maps.computeAndCache(scope.key));
    // the pure computation again, on the same canonical inputs
    const rows = floor.value;
    const input = canonicalize(
      rows[0].map((p: any) => ({ id: p.id, text: p.text, themes: p.themes, authorGeneration: p.generation })),
      [...new Set<string>(rows[1].map((r: any) => r.user_id as string))].map((id) => ({ id, generation: null, sector: null })),
      rows[1].map((r: any) => ({ statementId: r.perspective_id, personId: r.user_id, v: r.stance === 'AGREE' ? 1 : r.stance === 'DISAGREE' ? -1 : 0 })),
    );
    const canonical = await best(3, async () => canonicalize(input.statements, input.people, input.cells.map((c) => ({ statementId: input.statements[c.s].id, personId: input.people[c.p].id, v: c.v }))));
    const pure = await best(3, async () => computeMap(input));
    const cached = await best(5, () => maps.map(scope));
    const svg = await best(3, async () => {
      const m = cached.value;
      return renderMapSvg({
        title: '第20回 新地福委員会',
        perspectives: m.perspectives,
        participants: m.participants,
        rows: m.themeByGeneration,
        buckets: m.generationBuckets,
        groups: m.opinionGroups.map((g) => ({ label: g.label, size: g.size, representatives: g.representativeStances.map((r) => ({ text: r.perspective.text, direction: r.direction })) })),
        points: m.points,
        consensus: m.consensus.map((p) => p.text),
        shared: m.consensusRanked.slice(0, 5).map((c) => c.perspective.text),
        divisive: m.divisive.map((p) => p.text),
        summary: m.summary,
      });
    });
    const mem = procMemory(process.pid)!;
    const m = cached.value;

    const row = (what: string, t: number, note = '') => `| ${what} | ${ms(t)} | ${(t / floor.ms).toFixed(2)}× | ${note} |`;
    const mc = machine();
    console.log(`\n## bench:committee — ${new Date().toISOString()}\n`);
    console.log(`${mc.cpus} × ${mc.cpuModel}, ${mc.memTotal}, Node ${mc.node}\n`);
    console.log(`meeting: ${counts.voters} participants who took a stance × ${counts.statements} statements × ${counts.stances} stances; ` +
      `map: ${m.clusteredParticipants} clustered (≥ ${m.minStancesToCluster} stances), ${m.opinionGroups.length} groups (${m.opinionGroups.map((g) => g.size).join(' + ')}), ` +
      `silhouette ${pure.value.silhouette?.toFixed(3)}, ${m.points.length} points, fingerprint ${m.fingerprint}\n`);
    console.log('| step | time | × floor | |');
    console.log('| --- | ---: | ---: | --- |');
    console.log(row('floor: the map\'s two reads (best of 5)', floor.ms, `${counts.stances} stance rows`));
    console.log(row("worker's job, first time: computeAndCache", job.ms, `returned "${job.value}"; includes a read, the canonical form, the computation and the cache write`));
    console.log(row('  of which the canonical form and fingerprint (best of 3)', canonical.ms));
    console.log(row('  of which computeMap (best of 3, analyser loaded)', pure.ms, 'PCA, 8 k-means restarts × k = 2…5, silhouettes, statistics, keywords'));
    console.log(row('perspectiveMap again, served from the cache (best of 5)', cached.ms, `groupsPending ${m.groupsPending}`));
    console.log(row('the SVG of that map (best of 3)', svg.ms, `${(svg.value.length / 1024).toFixed(0)} KB with its font subset`));
    console.log(row("the analyser's load (once per process)", analyser.ms, `Lindera + IPADIC: + ${mb(rssAnalyser - rssBefore)} resident`));
    console.log(`\nmemory: resident ${mb(rssBefore)} before the meeting, ${mb(mem.rss)} after; peak ${mb(mem.hwm)} (the API process, analyser included)\n`);
  } finally {
    await app.close();
    if (!argv.includes('--keep')) await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
