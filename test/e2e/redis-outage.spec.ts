import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import type { INestApplicationContext } from '@nestjs/common';
import { Redis } from 'ioredis';
import { JobsService } from '../../src/common/queue/jobs.service.js';
import { OutboxRelay } from '../../src/common/queue/outbox-relay.service.js';
import { JOB_ID, QUEUES } from '../../src/common/queue/jobs.js';
import { MatchingTrigger } from '../../src/matching/matching-trigger.service.js';
import { startWorker } from '../../src/worker.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createCoordinator, createEvent, createOrganization, createUser, type TestUser } from '../support/factories.js';
import { createSchool, insertOffer, insertStudents } from '../support/matching-fixtures.js';
import { freePort, waitUntil } from '../support/process.js';

// Jobs survive Redis: every job is recorded in PostgreSQL (the outbox) with the change that caused
// it and relayed to BullMQ until a worker acknowledges it. Here a PRIVATE redis-server without
// persistence (never the shared one) is killed while jobs wait in it and comes back empty: every
// matching run still completes exactly once and the promoted person is told exactly once. While it
// is down, the mutations that queue jobs still answer at once, and their jobs run once it is back.

const ACK_TIMEOUT_MS = 2000;
const DEBOUNCE_MS = 4000;

let port: number;
let redis: ChildProcess | undefined;
let t: TestApp;
let worker: INestApplicationContext | undefined;
let coordinator: TestUser;

const reachable = (p: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port: p });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

async function startRedis(): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const up = await waitUntil(async () => {
    if (child.exitCode !== null) throw new Error(`redis-server exited ${child.exitCode}`);
    return reachable(port);
  }, 10_000, 50);
  if (!up) throw new Error(`redis-server did not start on port ${port}`);
  return child;
}

async function killRedis(): Promise<void> {
  const child = redis;
  redis = undefined;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGKILL');
  await exited;
}

/** Keys in the private Redis (a fresh client each time: it comes and goes). */
async function redisKeys(): Promise<number> {
  const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0 });
  try {
    await client.connect();
    return await client.dbsize();
  } finally {
    client.disconnect();
  }
}

const startTheWorker = async () => (worker = await startWorker({ ...t.config, runMigrations: false }));
async function stopTheWorker(): Promise<void> {
  await worker?.close();
  worker = undefined;
}

function timed<T>(promise: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  return promise.then((value) => ({ value, ms: Date.now() - started }));
}

const requestRun = async (): Promise<string> => {
  const res = await t.gql('mutation { requestMatchingRun { id status } }', {}, { token: coordinator.token });
  expect(res.errors).toBeUndefined();
  expect(res.data.requestMatchingRun.status).toBe('QUEUED');
  return res.data.requestMatchingRun.id;
};

/** A full event (capacity 1) with someone waiting; `leave` frees the place and promotes the waiting person. */
async function eventWithWaitingPerson(): Promise<{ eventId: string; leaver: TestUser; waiting: TestUser; leave: () => Promise<{ value: any; ms: number }> }> {
  const eventId = (await createEvent(t, { capacity: 1, title: 'みんなのもしも 停電の日の集まり' })).id;
  const [leaver, waiting] = [await createUser(t), await createUser(t)];
  const JOIN = 'mutation($id: ID!) { joinEvent(eventId: $id) { id viewerStatus } }';
  expect((await t.gql(JOIN, { id: eventId }, { token: leaver.token })).data.joinEvent.viewerStatus).toBe('JOINED');
  expect((await t.gql(JOIN, { id: eventId }, { token: waiting.token })).data.joinEvent.viewerStatus).toBe('WAITLISTED');
  const leave = () => timed(t.gql('mutation($id: ID!) { leaveEvent(eventId: $id) { participantCount waitlistCount } }', { id: eventId }, { token: leaver.token }));
  return { eventId, leaver, waiting, leave };
}

const runs = (ids: string[]): Promise<{ id: string; status: string; attempts: number; proposals_created: number; started_at: Date | null }[]> =>
  t.db.query('SELECT id, status, attempts, proposals_created, started_at FROM matching_run WHERE id = ANY($1::uuid[]) ORDER BY created_at', [ids]);
const allFinished = async (ids: string[]) => (await runs(ids)).every((r) => r.status === 'COMPLETED' || r.status === 'FAILED');
const promotedNotices = async (userId: string, eventId: string): Promise<number> =>
  (await t.db.query(`SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND event_id = $2 AND kind = 'WAITLIST_PROMOTED'`, [userId, eventId]))[0].n;
const outbox = (jobIds: string[]): Promise<{ job_id: string; relayed_at: Date | null; relay_count: number; done_at: Date | null; failed: boolean }[]> =>
  t.db.query('SELECT job_id, relayed_at, relay_count, done_at, failed FROM job_outbox WHERE job_id = ANY($1::text[]) ORDER BY job_id', [jobIds]);
const promotionJobId = async (eventId: string, userId: string): Promise<string> => {
  const [row] = await t.db.query('SELECT promoted_at FROM event_participant WHERE event_id = $1 AND user_id = $2', [eventId, userId]);
  return JOB_ID['waitlist-promoted']({ eventId, userId, promotedAt: (row.promoted_at as Date).toISOString() });
};

/** A job's state in BullMQ (its queue by its name). */
const stateOf = (jobId: string) => t.app.get(JobsService).queue(jobId.startsWith('matching-run') ? QUEUES.matching : QUEUES.notifications).getJobState(jobId);

/**
 * Every job acknowledged in the outbox, and none left in BullMQ that could run again: from then on
 * no duplicate can come (a relay never queues a done row again), so counting then is final.
 */
async function settled(jobIds: string[]): Promise<boolean> {
  const rows = await outbox(jobIds);
  if (rows.length !== jobIds.length || rows.some((r) => r.done_at === null)) return false;
  return (await Promise.all(jobIds.map(stateOf))).every((s) => s === 'completed' || s === 'unknown');
}

/** Every run completed once: one claim, and its proposals written once (one per offer, as many as it reports). */
async function expectEachCompletedOnce(ids: string[]): Promise<void> {
  for (const run of await runs(ids)) {
    expect(run).toMatchObject({ status: 'COMPLETED', attempts: 1 });
    expect(run.proposals_created).toBeGreaterThan(0);
    const [written] = await t.db.query(
      'SELECT count(*)::int AS proposals, count(DISTINCT offer_id)::int AS offers FROM proposal WHERE run_id = $1',
      [run.id],
    );
    expect(written).toEqual({ proposals: run.proposals_created, offers: run.proposals_created });
  }
  const [dupes] = await t.db.query(
    'SELECT count(*)::int AS n FROM (SELECT run_id, offer_id FROM proposal WHERE run_id = ANY($1::uuid[]) GROUP BY run_id, offer_id HAVING count(*) > 1) d',
    [ids],
  );
  expect(dupes.n).toBe(0);
}

beforeAll(async () => {
  port = await freePort();
  redis = await startRedis();
  t = await startTestApp({
    env: { REDIS_URL: `redis://127.0.0.1:${port}`, OUTBOX_ACK_TIMEOUT_MS: String(ACK_TIMEOUT_MS), MATCHING_DEBOUNCE_MS: String(DEBOUNCE_MS) },
  });
  coordinator = await createCoordinator(t);
  const org = await createOrganization(t, { name: '久留米防災ネットワーク', verified: true });
  const school = await createSchool(t);
  await insertStudents(
    t,
    school,
    Array.from({ length: 12 }, (_, i) => ({
      displayName: `生徒 ${i + 1}`,
      themes: i % 2 ? ['disaster', 'community'] : ['food', 'childcare'],
      concerns: i % 2 ? '大雨のときの避難所が分からず不安です。' : '一人で夕ごはんを食べる子どもが心配です。',
      interests: i % 2 ? '防災マップづくりをしてみたい。' : '子ども食堂を手伝いたい。',
    })),
  );
  await insertOffer(t, { organizationId: org.id, title: '避難所マップづくり', themes: ['disaster', 'community'], capacity: 3 });
  await insertOffer(t, {
    organizationId: org.id,
    title: 'みんなの子ども食堂',
    description: '子ども食堂での調理・配膳や、子どもたちの遊び相手をお願いします。',
    themes: ['food', 'childcare'],
    capacity: 3,
  });
  await startTheWorker();
}, 60_000);

afterAll(async () => {
  // closing the queue connections needs their Redis: bring it back if a failed test left it down
  if (t && !redis) redis = await startRedis().catch(() => undefined);
  await stopTheWorker().catch(() => undefined);
  await t?.close();
  await killRedis();
});

it('sanity: with Redis up, a run completes and its outbox row is acknowledged', async () => {
  const id = await requestRun();
  expect(await waitUntil(() => allFinished([id]), 30_000)).toBe(true);
  await expectEachCompletedOnce([id]);
  const [row] = await outbox([JOB_ID['matching-run']({ runId: id })]);
  expect(row).toMatchObject({ relay_count: 1, failed: false });
  expect(row.done_at).toBeInstanceOf(Date);
}, 60_000);

it('Redis killed while runs and a promotion wait in it, back EMPTY: every run completes once, one notification', async () => {
  // no worker: the jobs stay queued in Redis
  await stopTheWorker();
  const ids = [await requestRun(), await requestRun(), await requestRun()];
  // and a debounced automatic run, which must keep its delay
  const autoId = (await t.app.get(MatchingTrigger).changed('OFFER_PUBLISHED'))!;
  expect(autoId).toBeDefined();
  const { eventId, waiting, leave } = await eventWithWaitingPerson();
  const left = await leave();
  expect(left.value.errors).toBeUndefined();
  expect(left.value.data.leaveEvent).toEqual({ participantCount: 1, waitlistCount: 0 });

  const jobIds = [...ids, autoId].map((runId) => JOB_ID['matching-run']({ runId }));
  const promotion = await promotionJobId(eventId, waiting.id);
  jobIds.push(promotion);
  // the relay put them all in Redis: waiting, and the automatic run delayed
  const relayed = async () => (await outbox(jobIds)).every((r) => r.relayed_at !== null && r.done_at === null);
  expect(await waitUntil(async () => (await relayed()) && (await Promise.all(jobIds.map(stateOf))).every((s) => s !== 'unknown'), 10_000)).toBe(true);
  expect(await stateOf(JOB_ID['matching-run']({ runId: autoId }))).toBe('delayed');
  expect(await stateOf(promotion)).toBe('waiting');

  // Redis dies (no persistence) and comes back empty
  await killRedis();
  redis = await startRedis();
  expect(await redisKeys()).toBe(0);

  await startTheWorker();
  expect(await waitUntil(() => allFinished([...ids, autoId]), 60_000, 250)).toBe(true);
  expect(await waitUntil(async () => (await promotedNotices(waiting.id, eventId)) >= 1, 30_000)).toBe(true);
  // every job done and nothing left to run again: a duplicate can no longer come
  expect(await waitUntil(() => settled(jobIds), 30_000, 250)).toBe(true);

  await expectEachCompletedOnce([...ids, autoId]);
  expect(await promotedNotices(waiting.id, eventId)).toBe(1);
  // the debounced run did not start before its time
  const [auto] = await runs([autoId]);
  const [{ run_after }] = await t.db.query('SELECT run_after FROM job_outbox WHERE job_id = $1', [JOB_ID['matching-run']({ runId: autoId })]);
  expect(auto.started_at!.getTime()).toBeGreaterThanOrEqual((run_after as Date).getTime() - 50);
  // each was queued again after the loss, and acknowledged once done
  for (const r of await outbox(jobIds)) {
    expect(r.failed).toBe(false);
    expect(r.relay_count).toBeGreaterThanOrEqual(2);
  }
}, 120_000);

it('while Redis is down, requestMatchingRun and leaveEvent answer at once; their work completes once Redis is back', async () => {
  if (!worker) await startTheWorker();
  const { eventId, waiting, leave } = await eventWithWaitingPerson();
  await killRedis();

  const started = await timed(requestRun());
  expect(started.ms).toBeLessThan(3000);
  const runId = started.value;
  const left = await leave();
  expect(left.value.errors).toBeUndefined();
  expect(left.value.data.leaveEvent).toEqual({ participantCount: 1, waitlistCount: 0 });
  expect(left.ms).toBeLessThan(3000);
  // what needs no queue works as ever
  expect((await t.gql('{ themes { key } }')).data.themes).toHaveLength(16);

  // recorded in PostgreSQL, not (yet) in Redis: due now, every relay of this process (the API's and
  // the worker's) has had its try at them, in vain, once their passes are through
  const jobIds = [JOB_ID['matching-run']({ runId }), await promotionJobId(eventId, waiting.id)];
  const [{ due }]: { due: Date }[] = await t.db.query('SELECT now() AS due');
  await t.db.query('UPDATE job_outbox SET next_check_at = $2 WHERE job_id = ANY($1::text[])', [jobIds, due]);
  await Promise.all([t.app.get(OutboxRelay), worker!.get(OutboxRelay)].map((relay) => relay.relayNow()));
  const tried: { next_check_at: Date }[] = await t.db.query('SELECT next_check_at FROM job_outbox WHERE job_id = ANY($1::text[])', [jobIds]);
  expect(tried).toHaveLength(2);
  for (const r of tried) expect(r.next_check_at.getTime()).toBeGreaterThan(due.getTime());
  expect((await outbox(jobIds)).map((r) => [r.relayed_at, r.done_at])).toEqual([[null, null], [null, null]]);

  redis = await startRedis();
  expect(await waitUntil(() => allFinished([runId]), 60_000, 250)).toBe(true);
  expect(await waitUntil(async () => (await promotedNotices(waiting.id, eventId)) >= 1, 30_000)).toBe(true);
  expect(await waitUntil(() => settled(jobIds), 30_000, 250)).toBe(true);
  await expectEachCompletedOnce([runId]);
  expect(await promotedNotices(waiting.id, eventId)).toBe(1);
  for (const r of await outbox(jobIds)) expect(r.failed).toBe(false);
}, 120_000);
