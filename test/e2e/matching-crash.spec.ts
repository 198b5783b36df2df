import { runMatching } from '../../src/matching/engine/index.js';
import { loadMatchingInputs } from '../../src/matching/run/load-inputs.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { REDIS_URL } from '../support/db.js';
import { createCoordinator } from '../support/factories.js';
import { spawnNode, waitUntil, type Spawned } from '../support/process.js';
import { generateCity } from '../support/synthetic-city.js';

/** A worker killed in the middle of a large run: another one finishes it, with no duplicate or lost proposals. */
let t: TestApp;
const workers: Spawned[] = [];

const workerEnv = () => ({
  NODE_ENV: 'test',
  DATABASE_URL: t.config.databaseUrl,
  REDIS_URL,
  QUEUE_PREFIX: t.config.queuePrefix,
  RUN_MIGRATIONS: 'false',
  LOG_LEVEL: 'warn',
  // a killed worker's job is retaken once its lock lapses: short here so the test is quick
  JOB_LOCK_MS: '2000',
});

beforeAll(async () => {
  t = await startTestApp();
  await generateCity(t.db, { students: 20_000, offers: 3_000 });
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop('SIGKILL')));
  await t?.close();
});

it('a SIGKILLed worker mid-run: another worker finishes the run once', async () => {
  const coordinator = await createCoordinator(t);
  const first = spawnNode('dist/src/worker.js', workerEnv());
  workers.push(first);
  const res = await t.gql('mutation { requestMatchingRun { id } }', {}, { token: coordinator.token });
  const runId = res.data.requestMatchingRun.id;

  const status = async () => (await t.db.query('SELECT status, attempts FROM matching_run WHERE id = $1', [runId]))[0];
  expect(await waitUntil(async () => (await status()).status === 'RUNNING', 30_000, 20)).toBe(true);
  await first.stop('SIGKILL');
  expect((await status()).status).toBe('RUNNING');
  expect(await t.db.query('SELECT count(*)::int AS n FROM proposal WHERE run_id = $1', [runId])).toEqual([{ n: 0 }]);

  const second = spawnNode('dist/src/worker.js', workerEnv());
  workers.push(second);
  const finished = await waitUntil(async () => ['COMPLETED', 'FAILED'].includes((await status()).status), 90_000, 250);
  expect(finished).toBe(true);
  const run = (await t.db.query('SELECT status, attempts, proposals_created FROM matching_run WHERE id = $1', [runId]))[0];
  expect(run.status).toBe('COMPLETED');
  expect(run.attempts).toBeGreaterThanOrEqual(2);

  // no lost and no extra proposals: exactly those the engine makes of the same city (it is
  // deterministic, and the run read what is read here: nothing it wrote changes its inputs)
  const inputs = await loadMatchingInputs(t.db);
  const labels = Object.fromEntries((await t.db.query('SELECT key, label FROM theme')).map((r: { key: string; label: string }) => [r.key, r.label]));
  const expected = runMatching(inputs.students, inputs.offers, { themeLabels: labels }).proposals;
  expect(expected.length).toBeGreaterThan(100);
  expect(run.proposals_created).toBe(expected.length);
  const written: { offer_id: string; students: string[] }[] = await t.db.query(
    `SELECT p.offer_id, array_agg(pp.student_id::text ORDER BY pp.student_id) AS students
     FROM proposal p JOIN proposal_participant pp ON pp.proposal_id = p.id WHERE p.run_id = $1 GROUP BY p.id, p.offer_id`,
    [runId],
  );
  const key = (offer: string, students: string[]) => `${offer}:${[...students].sort().join(',')}`;
  expect(written.map((w) => key(w.offer_id, w.students)).sort()).toEqual(expected.map((p) => key(p.offerId, p.participants.map((x) => x.studentId))).sort());

  const [check] = await t.db.query(
    `SELECT (SELECT count(*)::int FROM proposal WHERE run_id = $1) AS proposals,
            (SELECT count(DISTINCT offer_id)::int FROM proposal WHERE run_id = $1) AS offers,
            (SELECT count(*)::int FROM (SELECT student_id FROM proposal_participant WHERE open GROUP BY student_id HAVING count(*) > 1) d) AS doubled,
            (SELECT count(*)::int FROM proposal p WHERE run_id = $1 AND (SELECT count(*) FROM proposal_participant pp WHERE pp.proposal_id = p.id) >
               (SELECT capacity FROM offer WHERE id = p.offer_id)) AS over_capacity`,
    [runId],
  );
  expect(check.proposals).toBe(run.proposals_created);
  expect(check.offers).toBe(check.proposals);
  expect(check.doubled).toBe(0);
  expect(check.over_capacity).toBe(0);
}, 180_000);
