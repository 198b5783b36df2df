/**
 * The data `npm run bench:api` loads before it measures, through the real API where a client
 * would write it: the synthetic city (organisations with open offers and background students, SQL:
 * test/support/synthetic-city.ts), then a coordinator's login, `registerSchool`, the school's whole
 * roster through `enrollStudents` (chunks of the roster size, profiles with real-looking Japanese
 * texts taken from the city), `issueStudentSession` per load connection, and a real matching run
 * (`requestMatchingRun`, processed by the real worker) for the proposals.
 */
import type { DataSource } from 'typeorm';
import { ThemeService } from '../../src/graph/theme.service.js';
import { MatchingRunProcessor } from '../../src/matching/run/matching-run.processor.js';
import { generateCity } from '../../test/support/synthetic-city.js';
import { ROSTER_QUERY } from './queries.js';
import { gql, spawnLogged } from './server.js';

export { ROSTER_QUERY };

export interface SeedOptions {
  apiUrl: string;
  db: DataSource;
  coordinator: { email: string; password: string };
  cityStudents: number;
  cityOffers: number;
  seed: number;
  students: number;
  rosterSize: number;
  sessions: number;
  /** how to start the worker for the matching run (its env, the script, cwd and log file) */
  worker: { script: string; env: Record<string, string>; cwd: string; logFile: string };
  log: (s: string) => void;
}

export interface EnrolmentInput {
  externalRef: string;
  displayName: string;
  stage: string;
  guardianConsent: boolean;
  profile: { themes: string[]; concerns: string; interests: string; area: string | null; slots: string[]; modes: string[] };
}

export interface Seeded {
  coordinatorToken: string;
  schoolApiKey: string;
  /** the bench school (the floor server writes its roster without authenticating) */
  schoolId: string;
  /** the roster in the chunks the portal sends (each re-sent unchanged by the roster-sync load) */
  chunks: EnrolmentInput[][];
  /** ids of the enrolled students, by externalRef */
  studentIds: Map<string, string>;
  studentTokens: string[];
  run: { id: string; status: string; proposalsCreated: number; pairsScored: number; ms: number; where: string };
  counts: Record<string, number>;
  timings: Record<string, number>;
}

const FAMILY = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤', '吉田', '山田', '松本', '井上', '木村', '古賀', '野口', '江口', '平田', '堤'];
const GIVEN = ['さくら', '陽翔', '結衣', '蓮', '葵', '湊', '陽菜', '樹', '凛', '大翔', '美咲', '悠真', '芽依', '颯太', '彩花', '蒼', '心春', '律', '杏', '奏太', '莉子', '優斗', '紬', '健太'];

const sleep = (t: number): Promise<void> => new Promise((r) => setTimeout(r, t));

export async function seed(o: SeedOptions): Promise<Seeded> {
  const timings: Record<string, number> = {};
  const t0 = performance.now();
  await generateCity(o.db, { students: o.cityStudents, offers: o.cityOffers, seed: o.seed });
  timings.city = performance.now() - t0;

  // profiles as the portal's questionnaire would hold them: the city's own (themes and texts agree)
  const profiles: { themes: string[]; concerns: string; interests: string; area: string | null; slots: string[]; modes: string[] }[] = await o.db.query(
    `SELECT themes, concerns, interests, area, slots::text[] AS slots, modes::text[] AS modes FROM student ORDER BY md5(external_ref) LIMIT $1`,
    [o.students],
  );
  if (!profiles.length) throw new Error('the synthetic city has no students to borrow profiles from (raise --city-students)');

  const t1 = performance.now();
  const { login } = await gql<{ login: { token: string } }>(o.apiUrl, `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: o.coordinator.email, p: o.coordinator.password });
  const coordinatorToken = login.token;
  const { registerSchool } = await gql<{ registerSchool: { apiKey: string; school: { id: string } } }>(
    o.apiUrl,
    `mutation($name: String!) { registerSchool(input: { name: $name }) { school { id } apiKey } }`,
    { name: '久留米市立 ベンチマーク高等学校' },
    { token: coordinatorToken },
  );
  const schoolApiKey = registerSchool.apiKey;

  const roster: EnrolmentInput[] = Array.from({ length: o.students }, (_, i) => {
    const p = profiles[i % profiles.length];
    return {
      externalRef: `KB-2026-${String(i + 1).padStart(4, '0')}`,
      displayName: `${FAMILY[(i * 7) % FAMILY.length]} ${GIVEN[(i * 11 + Math.floor(i / FAMILY.length)) % GIVEN.length]}`,
      stage: 'HIGH_SCHOOL',
      // about one in ten without a guardian's consent yet (enrolled, not matchable)
      guardianConsent: i % 10 !== 9,
      profile: { themes: p.themes, concerns: p.concerns, interests: p.interests, area: p.area, slots: p.slots, modes: p.modes },
    };
  });
  const chunks: EnrolmentInput[][] = [];
  for (let i = 0; i < roster.length; i += o.rosterSize) chunks.push(roster.slice(i, i + o.rosterSize));
  const studentIds = new Map<string, string>();
  for (const chunk of chunks) {
    const { enrollStudents } = await gql<{ enrollStudents: { id: string }[] }>(o.apiUrl, ROSTER_QUERY, { input: chunk }, { apiKey: schoolApiKey });
    if (enrollStudents.length !== chunk.length) throw new Error(`enrollStudents returned ${enrollStudents.length} of ${chunk.length}`);
    enrollStudents.forEach((s, j) => studentIds.set(chunk[j].externalRef, s.id));
  }
  timings.enrol = performance.now() - t1;

  // one student session per load connection, as the portal hands them out
  const studentTokens: string[] = [];
  const consenting = roster.filter((r) => r.guardianConsent);
  for (let i = 0; i < o.sessions; i++) {
    const ref = consenting[(i * 37) % consenting.length].externalRef;
    const { issueStudentSession } = await gql<{ issueStudentSession: { token: string } }>(
      o.apiUrl,
      `mutation($ref: String!) { issueStudentSession(externalRef: $ref) { token user { id } } }`,
      { ref },
      { apiKey: schoolApiKey },
    );
    studentTokens.push(issueStudentSession.token);
  }

  // a real matching run, requested by the coordinator and processed by the real worker; when the
  // worker cannot start (say, a module of work in progress elsewhere in the tree), the worker's own
  // processor runs the job in this process instead, and the report says so
  const t2 = performance.now();
  const worker = spawnLogged('worker', o.worker.script, o.worker.env, o.worker.cwd, o.worker.logFile);
  let run: Seeded['run'];
  try {
    let where = 'the worker (node dist/src/worker.js)';
    const ready = Date.now() + 60_000;
    while (!worker.tail(1_000_000).includes('processing queues')) {
      if (worker.child.exitCode !== null) {
        const why = /Error: [^\n]*/.exec(worker.tail(1_000_000))?.[0] ?? `exit code ${worker.child.exitCode}`;
        where = `MatchingRunProcessor in the bench process (the worker did not start: ${why})`;
        o.log(`the worker exited before it took jobs (${why}): running the job with its processor in this process`);
        break;
      }
      if (Date.now() > ready) throw new Error(`the worker did not start within 60 s:\n${worker.tail()}`);
      await sleep(100);
    }
    const { requestMatchingRun } = await gql<{ requestMatchingRun: { id: string } }>(o.apiUrl, `mutation { requestMatchingRun { id status } }`, {}, { token: coordinatorToken });
    const tRun = performance.now();
    if (worker.child.exitCode !== null) await new MatchingRunProcessor(o.db, new ThemeService(o.db)).process({ runId: requestMatchingRun.id });
    const deadline = Date.now() + 5 * 60_000;
    for (;;) {
      const { matchingRun } = await gql<{ matchingRun: { status: string; proposalsCreated: number; pairsScored: number; error: string | null } }>(
        o.apiUrl,
        `query($id: ID!) { matchingRun(id: $id) { status proposalsCreated pairsScored error } }`,
        { id: requestMatchingRun.id },
        { token: coordinatorToken },
      );
      if (matchingRun.status === 'FAILED') throw new Error(`the matching run failed: ${matchingRun.error}\n${worker.tail()}`);
      if (matchingRun.status === 'COMPLETED') {
        run = { id: requestMatchingRun.id, status: matchingRun.status, proposalsCreated: matchingRun.proposalsCreated, pairsScored: matchingRun.pairsScored, ms: performance.now() - tRun, where };
        break;
      }
      if (Date.now() > deadline) throw new Error(`the matching run did not complete within 5 minutes:\n${worker.tail()}`);
      await sleep(250);
    }
  } finally {
    if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
    const killer = setTimeout(() => worker.child.kill('SIGKILL'), 15_000);
    await worker.exited;
    clearTimeout(killer);
  }
  timings.matching = performance.now() - t2;

  await o.db.query('VACUUM ANALYZE');
  const [c]: Record<string, string>[] = await o.db.query(
    `SELECT (SELECT count(*) FROM student) AS students, (SELECT count(*) FROM organization) AS organizations,
            (SELECT count(*) FROM offer WHERE status = 'OPEN') AS "openOffers",
            (SELECT count(*) FROM proposal WHERE status = 'PROPOSED') AS proposals,
            (SELECT count(*) FROM proposal_participant pp JOIN proposal p ON p.id = pp.proposal_id WHERE p.status = 'PROPOSED') AS participants`,
  );
  const counts = Object.fromEntries(Object.entries(c).map(([k, v]) => [k, Number(v)]));
  counts.enrolled = studentIds.size;
  return { coordinatorToken, schoolApiKey, schoolId: registerSchool.school.id, chunks, studentIds, studentTokens, run: run!, counts, timings };
}
