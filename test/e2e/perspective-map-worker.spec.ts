import { PerspectiveMapService } from '../../src/committee/perspective-map.service.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { demoMeeting } from '../support/committee-fixtures.js';
import { REDIS_URL } from '../support/db.js';
import { spawnNode, waitUntil, type Spawned } from '../support/process.js';

/**
 * A map too large to compute in the API: the API queues it (outbox → BullMQ on Redis) and the real
 * worker process (dist/src/worker.js) runs the committee-opinion-groups processor, which caches it
 * under its fingerprint; the API then serves it from the cache.
 */
let t: TestApp;
let worker: Spawned | undefined;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await worker?.stop('SIGKILL');
  await t?.close();
});

const MAP = `query($id: ID) { perspectiveMap(eventId: $id) { groupsPending fingerprint clusteredParticipants opinionGroups { size label } consensusRanked { score } points { group } } }`;

it('the worker computes the map of a large meeting, and the API serves it from the cache', async () => {
  // 16 members and 134 more like them: 150 × 16 cells, past the inline limit
  const m = await demoMeeting(t, { seed: 3, repeat: 134 });
  expect(150 * 16).toBeGreaterThan(PerspectiveMapService.inlineLimit);

  const pending = (await t.gql(MAP, { id: m.eventId })).data.perspectiveMap;
  expect(pending).toMatchObject({ groupsPending: true, opinionGroups: [], consensusRanked: [], points: [] });
  const [job] = await t.db.query(`SELECT payload, done_at FROM job_outbox WHERE name = 'committee-opinion-groups'`);
  expect(job.payload).toEqual({ scopeKey: `event.${m.eventId}`, fingerprint: pending.fingerprint });
  expect(job.done_at).toBeNull();

  worker = spawnNode('dist/src/worker.js', {
    NODE_ENV: 'test',
    DATABASE_URL: t.config.databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: t.config.queuePrefix,
    RUN_MIGRATIONS: 'false',
    LOG_LEVEL: 'warn',
  });
  const done = await waitUntil(async () => (await t.db.query(`SELECT done_at FROM job_outbox WHERE name = 'committee-opinion-groups'`))[0].done_at !== null, 60_000, 250);
  expect({ done, output: done ? '' : worker.output() }).toEqual({ done: true, output: '' });

  const [cached] = await t.db.query('SELECT fingerprint FROM perspective_map_cache WHERE fingerprint = $1', [pending.fingerprint]);
  expect(cached).toBeDefined();
  const map = (await t.gql(MAP, { id: m.eventId })).data.perspectiveMap;
  expect(map.groupsPending).toBe(false);
  expect(map.fingerprint).toBe(pending.fingerprint);
  expect(map.clusteredParticipants).toBe(150);
  expect(map.opinionGroups.length).toBeGreaterThanOrEqual(2);
  expect(map.opinionGroups.reduce((n: number, g: { size: number }) => n + g.size, 0)).toBe(150);
  expect(map.points).toHaveLength(150);
  expect(map.consensusRanked.length).toBe(16);
  // nothing more to do: asked again, the map is already there
  expect((await t.gql(MAP, { id: m.eventId })).data.perspectiveMap.groupsPending).toBe(false);
  expect(await t.db.query(`SELECT count(*)::int AS n FROM job_outbox WHERE name = 'committee-opinion-groups'`)).toEqual([{ n: 1 }]);
}, 120_000);
