import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { JobsService } from '../../src/common/queue/jobs.service.js';
import { JOB_ID, QUEUES } from '../../src/common/queue/jobs.js';
import { OutboxRelay } from '../../src/common/queue/outbox-relay.service.js';
import { startWorker } from '../../src/worker.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createEvent, createUser } from '../support/factories.js';
import { waitUntil } from '../support/process.js';

// The job outbox and its relay, piece by piece (the Redis outage itself is redis-outage.spec.ts):
// a job exists exactly when the change that caused it committed, is recorded once, is relayed once
// by replicas sharing the work, is queued again when the queue lost it, is never resurrected once
// acknowledged, is marked when it fails for good, and is garbage-collected after a day.

interface Row {
  job_id: string;
  relay_count: number;
  relayed_at: Date | null;
  done_at: Date | null;
  failed: boolean;
  attempts: number;
  last_error: string | null;
}
const rowOf = async (t: TestApp, jobId: string): Promise<Row | undefined> =>
  (await t.db.query('SELECT job_id, relay_count, relayed_at, done_at, failed, attempts, last_error FROM job_outbox WHERE job_id = $1', [jobId]))[0];
/** Makes a row due for the relay's next look now. */
const dueNow = (t: TestApp, jobId: string) => t.db.query('UPDATE job_outbox SET next_check_at = now() WHERE job_id = $1', [jobId]);

describe('on Redis', () => {
  let t: TestApp;
  let worker: INestApplicationContext | undefined;
  let jobs: JobsService;
  let relay: OutboxRelay;
  beforeAll(async () => {
    t = await startTestApp({ env: { OUTBOX_ACK_TIMEOUT_MS: '1000' } });
    jobs = t.app.get(JobsService);
    relay = t.app.get(OutboxRelay);
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('a job recorded in a transaction that rolls back does not exist; the same cause is recorded once', async () => {
    const runId = randomUUID();
    const jobId = JOB_ID['matching-run']({ runId });
    await expect(
      t.db.transaction(async (tx) => {
        await jobs.record(tx, 'matching-run', { runId });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await rowOf(t, jobId)).toBeUndefined();

    await t.db.transaction((tx) => jobs.record(tx, 'matching-run', { runId }, { delayMs: 600_000 }));
    await t.db.transaction((tx) => jobs.record(tx, 'matching-run', { runId }, { delayMs: 600_000 }));
    expect(await t.db.query('SELECT count(*)::int AS n FROM job_outbox WHERE job_id = $1', [jobId])).toEqual([{ n: 1 }]);
  });

  it('200 jobs relayed by two relays at once (API and worker): each is queued exactly once', async () => {
    worker = await startWorker({ ...t.config, runMigrations: false });
    const runIds = Array.from({ length: 200 }, () => randomUUID());
    // runs that do not exist: the worker answers 'unknown-run' and acknowledges them
    await t.db.transaction(async (tx) => {
      for (const runId of runIds) await jobs.record(tx, 'matching-run', { runId });
    });
    await Promise.all([relay.relayNow(), worker.get(OutboxRelay).relayNow(), relay.relayNow(), worker.get(OutboxRelay).relayNow()]);
    const jobIds = runIds.map((runId) => JOB_ID['matching-run']({ runId }));
    expect(await waitUntil(async () => (await t.db.query('SELECT count(*)::int AS n FROM job_outbox WHERE job_id = ANY($1) AND done_at IS NOT NULL', [jobIds]))[0].n === 200, 30_000)).toBe(true);
    const counts: { relay_count: number; n: number }[] = await t.db.query(
      'SELECT relay_count, count(*)::int AS n FROM job_outbox WHERE job_id = ANY($1) GROUP BY relay_count',
      [jobIds],
    );
    expect(counts).toEqual([{ relay_count: 1, n: 200 }]);
  });

  it('an acknowledged job that BullMQ no longer holds (removeOnComplete) is not resurrected', async () => {
    const eventId = (await createEvent(t, { capacity: 1 })).id;
    const [a, b] = [await createUser(t), await createUser(t)];
    for (const u of [a, b]) await t.gql('mutation($id: ID!) { joinEvent(eventId: $id) { id } }', { id: eventId }, { token: u.token });
    await t.gql('mutation($id: ID!) { leaveEvent(eventId: $id) { id } }', { id: eventId }, { token: a.token });
    const [{ promoted_at }] = await t.db.query('SELECT promoted_at FROM event_participant WHERE event_id = $1 AND user_id = $2', [eventId, b.id]);
    const jobId = JOB_ID['waitlist-promoted']({ eventId, userId: b.id, promotedAt: (promoted_at as Date).toISOString() });
    expect(await waitUntil(async () => !!(await rowOf(t, jobId))?.done_at, 15_000)).toBe(true);
    expect(await rowOf(t, jobId)).toMatchObject({ relay_count: 1, failed: false, attempts: 1 });

    const queue = jobs.queue(QUEUES.notifications);
    expect(await waitUntil(async () => (await queue.getJobState(jobId)) === 'completed', 5000)).toBe(true);
    await queue.remove(jobId);
    await dueNow(t, jobId);
    await relay.relayNow();
    expect(await queue.getJobState(jobId)).toBe('unknown');
    expect(await rowOf(t, jobId)).toMatchObject({ relay_count: 1 });
    expect(await t.db.query(`SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND kind = 'WAITLIST_PROMOTED'`, [b.id])).toEqual([{ n: 1 }]);
  });

  it('a job lost by the queue before it ran is queued again and runs; a completed job whose acknowledgement was lost is acknowledged', async () => {
    // no worker for a moment: the job waits in the queue
    await worker?.close();
    worker = undefined;
    const lost = randomUUID();
    const lostId = JOB_ID['matching-run']({ runId: lost });
    await t.db.transaction((tx) => jobs.record(tx, 'matching-run', { runId: lost }));
    await relay.relayNow();
    const queue = jobs.queue(QUEUES.matching);
    expect(await queue.getJobState(lostId)).toBe('waiting');
    await queue.remove(lostId);
    // not acknowledged within the timeout (1 s here): looked up, found missing, queued again
    expect(await waitUntil(async () => (await rowOf(t, lostId))?.relay_count === 2, 10_000)).toBe(true);
    expect(await queue.getJobState(lostId)).toBe('waiting');

    worker = await startWorker({ ...t.config, runMigrations: false });
    expect(await waitUntil(async () => !!(await rowOf(t, lostId))?.done_at, 15_000)).toBe(true);
    expect(await queue.getJobState(lostId)).toBe('completed');

    // the worker finished but its acknowledgement never reached PostgreSQL: the relay sees "completed" and records it, without queueing it again
    await t.db.query('UPDATE job_outbox SET done_at = NULL WHERE job_id = $1', [lostId]);
    await dueNow(t, lostId);
    await relay.relayNow();
    expect(await rowOf(t, lostId)).toMatchObject({ relay_count: 2, failed: false });
    expect((await rowOf(t, lostId))!.done_at).toBeInstanceOf(Date);
  });

  it('a job that fails for good is marked failed with its attempts and error, and is not queued again', async () => {
    const jobId = `no-such-job.${randomUUID()}`;
    // recorded, but with its first look far away: this test queues it itself, with a single attempt
    await t.db.query(
      `INSERT INTO job_outbox (job_id, queue, name, payload, next_check_at) VALUES ($1, 'notifications', 'no-such-job', '{}', now() + interval '1 hour')`,
      [jobId],
    );
    const queue = jobs.queue(QUEUES.notifications);
    await queue.add('no-such-job', {}, { jobId, attempts: 1 });
    expect(await waitUntil(async () => !!(await rowOf(t, jobId))?.done_at, 15_000)).toBe(true);
    expect(await rowOf(t, jobId)).toMatchObject({ failed: true, attempts: 1, last_error: 'unknown job no-such-job' });
    await dueNow(t, jobId);
    await relay.relayNow();
    expect(await rowOf(t, jobId)).toMatchObject({ relay_count: 0, failed: true });
    expect(await queue.getJobState(jobId)).toBe('failed');
  });

  it('done rows older than a day are deleted; newer and pending ones stay', async () => {
    const ids = ['gc-old', 'gc-new', 'gc-pending'].map((p) => `${p}.${randomUUID()}`);
    await t.db.query(
      `INSERT INTO job_outbox (job_id, queue, name, payload, done_at, next_check_at) VALUES
         ($1, 'notifications', 'waitlist-promoted', '{}', now() - interval '25 hours', now() + interval '1 hour'),
         ($2, 'notifications', 'waitlist-promoted', '{}', now() - interval '23 hours', now() + interval '1 hour'),
         ($3, 'notifications', 'waitlist-promoted', '{}', NULL, now() + interval '1 hour')`,
      ids,
    );
    await (relay as unknown as { collectGarbage(): Promise<void> }).collectGarbage();
    const left: { job_id: string }[] = await t.db.query('SELECT job_id FROM job_outbox WHERE job_id = ANY($1) ORDER BY job_id', [ids]);
    expect(left.map((r) => r.job_id)).toEqual([ids[1], ids[2]].sort());
  });
});

describe('on the PostgreSQL queue backend (npm start without REDIS_URL)', () => {
  it('a promotion is recorded, relayed and acknowledged: one notification', async () => {
    const t = await startTestApp({ queue: 'postgres' });
    const worker = await startWorker({ ...t.config, runMigrations: false });
    try {
      const eventId = (await createEvent(t, { capacity: 1 })).id;
      const [a, b] = [await createUser(t), await createUser(t)];
      for (const u of [a, b]) await t.gql('mutation($id: ID!) { joinEvent(eventId: $id) { id } }', { id: eventId }, { token: u.token });
      await t.gql('mutation($id: ID!) { leaveEvent(eventId: $id) { id } }', { id: eventId }, { token: a.token });
      const count = async () => (await t.db.query(`SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND kind = 'WAITLIST_PROMOTED'`, [b.id]))[0].n;
      expect(await waitUntil(async () => (await count()) === 1, 15_000)).toBe(true);
      expect(await waitUntil(async () => (await t.db.query('SELECT count(*)::int AS n FROM job_outbox WHERE done_at IS NULL'))[0].n === 0, 5000)).toBe(true);
      expect(await count()).toBe(1);
    } finally {
      await worker.close();
      await t.close();
    }
  });
});
