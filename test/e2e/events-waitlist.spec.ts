import type { INestApplicationContext } from '@nestjs/common';
import { WaitlistPromotedProcessor } from '../../src/graph/jobs/waitlist-promoted.processor.js';
import { JobsService } from '../../src/common/queue/jobs.service.js';
import { JOB_ID, QUEUES, type JobPayloads } from '../../src/common/queue/jobs.js';
import { startWorker } from '../../src/worker.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createEvent, createUser, type TestUser } from '../support/factories.js';

// The waiting list of a full event, the notification of the person who moves up (processed by a
// real worker on the real queue), and many people joining and leaving at once.

let t: TestApp;
let worker: INestApplicationContext;
beforeAll(async () => {
  t = await startTestApp();
  worker = await startWorker(t.config);
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
});

const FIELDS = 'id participantCount viewerIsParticipant viewerStatus waitlistCount';
const JOIN = `mutation($id: ID!) { joinEvent(eventId: $id) { ${FIELDS} } }`;
const LEAVE = `mutation($id: ID!) { leaveEvent(eventId: $id) { ${FIELDS} } }`;
const EVENT = `query($id: ID!) { event(id: $id) { ${FIELDS} } }`;
const NOTIFICATIONS = '{ myNotifications { totalCount edges { node { kind title body eventId } } } }';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
}

const join = async (eventId: string, u: TestUser) => {
  const res = await t.gql(JOIN, { id: eventId }, { token: u.token });
  expect(res.errors).toBeUndefined();
  return res.data.joinEvent;
};
const leave = async (eventId: string, u: TestUser) => {
  const res = await t.gql(LEAVE, { id: eventId }, { token: u.token });
  expect(res.errors).toBeUndefined();
  return res.data.leaveEvent;
};
const statusOf = async (eventId: string, u: TestUser) => (await t.gql(EVENT, { id: eventId }, { token: u.token })).data.event;
const dbCount = async (eventId: string): Promise<number> => (await t.db.query('SELECT participant_count FROM event WHERE id = $1', [eventId]))[0].participant_count;
const promotedNotifications = (userId: string, eventId: string): Promise<{ dedupe_key: string }[]> =>
  t.db.query(`SELECT dedupe_key FROM notification WHERE user_id = $1 AND event_id = $2 AND kind = 'WAITLIST_PROMOTED'`, [userId, eventId]);

describe('the waiting list of a full event', () => {
  let eventId: string;
  let a: TestUser, b: TestUser, c: TestUser, d: TestUser;
  let payloadC: JobPayloads['waitlist-promoted'];

  beforeAll(async () => {
    eventId = (await createEvent(t, { capacity: 2, title: 'みんなのもしも 防災ワークショップ' })).id;
    [a, b, c, d] = [await createUser(t), await createUser(t), await createUser(t), await createUser(t)];
  });

  it('takes the first two and puts the others on the waiting list', async () => {
    expect(await join(eventId, a)).toMatchObject({ participantCount: 1, viewerStatus: 'JOINED', viewerIsParticipant: true, waitlistCount: 0 });
    expect(await join(eventId, b)).toMatchObject({ participantCount: 2, viewerStatus: 'JOINED', viewerIsParticipant: true, waitlistCount: 0 });
    expect(await join(eventId, c)).toMatchObject({ participantCount: 2, viewerStatus: 'WAITLISTED', viewerIsParticipant: false, waitlistCount: 1 });
    expect(await join(eventId, d)).toEqual({ id: eventId, participantCount: 2, viewerStatus: 'WAITLISTED', viewerIsParticipant: false, waitlistCount: 2 });
    // joining again while waiting changes nothing
    expect(await join(eventId, c)).toMatchObject({ participantCount: 2, viewerStatus: 'WAITLISTED', waitlistCount: 2 });
    expect(await dbCount(eventId)).toBe(2);
  });

  it('when a joined person leaves, the first person waiting takes the place', async () => {
    const left = await leave(eventId, a);
    expect(left).toEqual({ id: eventId, participantCount: 2, viewerStatus: null, viewerIsParticipant: false, waitlistCount: 1 });
    expect(await statusOf(eventId, c)).toMatchObject({ viewerStatus: 'JOINED', viewerIsParticipant: true, participantCount: 2, waitlistCount: 1 });
    expect(await statusOf(eventId, d)).toMatchObject({ viewerStatus: 'WAITLISTED', viewerIsParticipant: false });
    expect(await statusOf(eventId, b)).toMatchObject({ viewerStatus: 'JOINED' });
    expect(await dbCount(eventId)).toBe(2);
    const [row] = await t.db.query('SELECT promoted_at FROM event_participant WHERE event_id = $1 AND user_id = $2', [eventId, c.id]);
    expect(row.promoted_at).toBeInstanceOf(Date);
    payloadC = { eventId, userId: c.id, promotedAt: (row.promoted_at as Date).toISOString() };
  });

  it('the worker notifies the promoted person once, and only them', async () => {
    const notice = await until('the WAITLIST_PROMOTED notification', async () => {
      const res = await t.gql(NOTIFICATIONS, {}, { token: c.token });
      return res.data?.myNotifications.edges.map((e: any) => e.node).find((n: any) => n.kind === 'WAITLIST_PROMOTED');
    });
    expect(notice).toMatchObject({ kind: 'WAITLIST_PROMOTED', eventId, title: 'キャンセル待ちから参加が確定しました' });
    expect(notice.body).toContain('みんなのもしも 防災ワークショップ');
    // the API queued it under its deterministic id, and the worker completed it
    const queue = t.app.get(JobsService).queue(QUEUES.notifications);
    const job = await queue.getJob(JOB_ID['waitlist-promoted'](payloadC));
    expect(job?.data).toEqual(payloadC);
    expect(await until('the job to complete', async () => (await job!.getState()) === 'completed' && 'completed')).toBe('completed');
    for (const u of [a, b, d]) expect((await t.gql(NOTIFICATIONS, {}, { token: u.token })).data.myNotifications.totalCount).toBe(0);
  });

  it('queueing the same promotion again or running it twice notifies no one a second time', async () => {
    const queue = t.app.get(JobsService).queue(QUEUES.notifications);
    // same payload, same id: BullMQ keeps the one job (completed jobs are kept, so a new one would count)
    const allJobs = () => queue.getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed');
    const jobsBefore = await allJobs();
    expect(jobsBefore).toBeGreaterThanOrEqual(1);
    expect(await t.app.get(JobsService).enqueue('waitlist-promoted', payloadC)).toBe(true);
    expect(await allJobs()).toBe(jobsBefore);
    // the same promotion delivered again under another id (a relay after a crash): the processor dedupes
    const dup = await queue.add('waitlist-promoted', payloadC, { jobId: `dup-${Date.now()}` });
    expect(await until('the duplicate job to finish', async () => {
      const state = await dup.getState();
      // a retry (delayed) or a failure means the duplicate was refused loudly instead of deduplicated
      return ['completed', 'failed', 'delayed'].includes(state) && state;
    })).toBe('completed');
    const processor = worker.get(WaitlistPromotedProcessor);
    expect(await processor.process(payloadC)).toBe('already-notified');
    expect(await processor.process(payloadC)).toBe('already-notified');
    expect(await promotedNotifications(c.id, eventId)).toHaveLength(1);
    expect((await t.gql(NOTIFICATIONS, {}, { token: c.token })).data.myNotifications.totalCount).toBe(1);
  });

  it('myNotifications is for signed-in users and refuses a bad cursor as BAD_USER_INPUT', async () => {
    expect((await t.gql(NOTIFICATIONS)).code).toBe('UNAUTHENTICATED');
    const q = 'query($after: String) { myNotifications(after: $after) { totalCount } }';
    for (const after of ['garbage', Buffer.from('["2030-01-01T00:00:00.000Z","not-a-uuid"]').toString('base64url')]) {
      expect((await t.gql(q, { after }, { token: c.token })).code).toBe('BAD_USER_INPUT');
    }
  });

  it('a promotion job for someone not (or no longer) joined notifies no one', async () => {
    // D is still on the waiting list; a stranger never joined
    expect(await statusOf(eventId, d)).toMatchObject({ viewerStatus: 'WAITLISTED' });
    const stranger = await createUser(t);
    for (const u of [d, stranger]) {
      const payload = { eventId, userId: u.id, promotedAt: new Date().toISOString() };
      expect(await worker.get(WaitlistPromotedProcessor).process(payload)).toBe('no-longer-joined');
      expect(await promotedNotifications(u.id, eventId)).toHaveLength(0);
    }
  });

  it('a waiting person leaving changes neither the count nor anyone else', async () => {
    const left = await leave(eventId, d);
    expect(left).toEqual({ id: eventId, participantCount: 2, viewerStatus: null, viewerIsParticipant: false, waitlistCount: 0 });
    expect(await statusOf(eventId, b)).toMatchObject({ viewerStatus: 'JOINED' });
    expect(await statusOf(eventId, c)).toMatchObject({ viewerStatus: 'JOINED' });
    expect(await dbCount(eventId)).toBe(2);
  });

  it('when nobody waits, a leaving participant frees the place', async () => {
    expect(await leave(eventId, b)).toMatchObject({ participantCount: 1, waitlistCount: 0 });
    expect(await leave(eventId, c)).toMatchObject({ participantCount: 0, waitlistCount: 0 });
    expect(await dbCount(eventId)).toBe(0);
    // and the freed places are taken again by whoever joins next
    expect(await join(eventId, d)).toMatchObject({ participantCount: 1, viewerStatus: 'JOINED' });
  });
});

describe('many people at once', () => {
  it('20 joins on 5 places: exactly 5 join, 15 wait; 5 leaving at once promote the first 5 waiting', async () => {
    const eventId = (await createEvent(t, { capacity: 5 })).id;
    const users: TestUser[] = [];
    for (let i = 0; i < 20; i++) users.push(await createUser(t));

    const results = await Promise.all(users.map((u) => t.gql(JOIN, { id: eventId }, { token: u.token })));
    for (const r of results) expect(r.errors).toBeUndefined();
    const statuses = results.map((r) => r.data.joinEvent.viewerStatus);
    expect(statuses.filter((s) => s === 'JOINED')).toHaveLength(5);
    expect(statuses.filter((s) => s === 'WAITLISTED')).toHaveLength(15);
    for (const r of results) expect(r.data.joinEvent.participantCount).toBeLessThanOrEqual(5);
    expect(await dbCount(eventId)).toBe(5);

    // in the database: the first five to get in (by seq) are the joined ones
    const rowsBefore: { user_id: string; status: string }[] = await t.db.query(
      'SELECT user_id, status FROM event_participant WHERE event_id = $1 ORDER BY seq',
      [eventId],
    );
    expect(rowsBefore.map((r) => r.status)).toEqual([...Array(5).fill('JOINED'), ...Array(15).fill('WAITLISTED')]);
    const joinedIds = rowsBefore.slice(0, 5).map((r) => r.user_id);
    const waiting = rowsBefore.slice(5).map((r) => r.user_id);
    expect(new Set(joinedIds)).toEqual(new Set(users.filter((_, i) => statuses[i] === 'JOINED').map((u) => u.id)));

    const leavers = users.filter((u) => joinedIds.includes(u.id));
    const left = await Promise.all(leavers.map((u) => t.gql(LEAVE, { id: eventId }, { token: u.token })));
    for (const r of left) expect(r.errors).toBeUndefined();
    for (const r of left) expect(r.data.leaveEvent.participantCount).toBe(5);

    const rowsAfter: { user_id: string; status: string; promoted_at: Date | null }[] = await t.db.query(
      'SELECT user_id, status, promoted_at FROM event_participant WHERE event_id = $1 ORDER BY seq',
      [eventId],
    );
    const promoted = waiting.slice(0, 5);
    expect(rowsAfter.filter((r) => r.status === 'JOINED').map((r) => r.user_id)).toEqual(promoted);
    expect(rowsAfter.filter((r) => r.status === 'WAITLISTED').map((r) => r.user_id)).toEqual(waiting.slice(5));
    for (const r of rowsAfter) expect(r.promoted_at !== null).toBe(promoted.includes(r.user_id));
    expect(await dbCount(eventId)).toBe(5);
    expect((await t.gql(EVENT, { id: eventId })).data.event).toMatchObject({ participantCount: 5, waitlistCount: 10 });

    // each of the five is told, once: one job each, and once every one of them is done (acknowledged
    // after its notification committed) nothing more can come
    const jobs = await until('the promotion jobs done', async () => {
      const [j]: { recorded: number; pending: number }[] = await t.db.query(
        `SELECT count(*)::int AS recorded, count(*) FILTER (WHERE done_at IS NULL)::int AS pending
         FROM job_outbox WHERE name = 'waitlist-promoted' AND payload->>'eventId' = $1`,
        [eventId],
      );
      return j.recorded >= 5 && j.pending === 0 && j;
    });
    expect(jobs.recorded).toBe(5);
    const final: { user_id: string }[] = await t.db.query(`SELECT user_id FROM notification WHERE event_id = $1 AND kind = 'WAITLIST_PROMOTED'`, [eventId]);
    expect(final.map((r) => r.user_id).sort()).toEqual([...promoted].sort());
  });
});
