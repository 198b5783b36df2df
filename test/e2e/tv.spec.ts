import type { AddressInfo } from 'node:net';
import { createClient, type Client } from 'graphql-ws';
import ICAL from 'ical.js';
import request from 'supertest';
import WebSocket from 'ws';
import { Platform } from '../../src/graph/graph.enums.js';
import { Role } from '../../src/identity/role.enum.js';
import { COMMENT_CHANNEL } from '../../src/tv/comment-events.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createCoordinator, createEvent, createUser, type TestUser } from '../support/factories.js';
import { createSchool, insertStudents } from '../support/matching-fixtures.js';
import { waitUntil } from '../support/process.js';
import { insertJointAction } from '../support/students.js';

/** つたえる・地福TV (issue 7): programmes and episodes, featuring, comments, the feed's privacy, iCalendar and RSS. */
let t: TestApp;
let coordinator: TestUser;
let resident: TestUser;
let url: string;
const clients: Client[] = [];

const CREATE_PROGRAM = `mutation($input: CreateProgramInput!) { createProgram(input: $input) { id title description } }`;
const SCHEDULE = `mutation($programId: ID!, $input: CreateEventInput!) { scheduleEpisode(programId: $programId, input: $input) { id platform title startsAt onlineUrl program { id title } } }`;
const FEATURE = `mutation($episodeId: ID!, $eventId: ID, $jointActionId: ID) { feature(episodeId: $episodeId, eventId: $eventId, jointActionId: $jointActionId) { id featuredEvents { id platform title } } }`;
const POST = `mutation($eventId: ID!, $text: String!, $atSecond: Int) { postComment(eventId: $eventId, text: $text, atSecond: $atSecond) { id authorName text atSecond hidden mine } }`;
const COMMENTS = `query($id: ID!) { event(id: $id) { comments(first: 100) { totalCount edges { node { id authorName text atSecond hidden } } } } }`;

beforeAll(async () => {
  t = await startTestApp();
  await t.app.listen(0, '127.0.0.1');
  url = `ws://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/graphql`;
  coordinator = await createCoordinator(t);
  resident = await createUser(t, { roles: [Role.RESIDENT], displayName: '住民 一郎' });
});
afterAll(async () => {
  for (const c of clients) await c.dispose();
  await t?.close();
});

async function program(title = '地福TV ふくしの窓'): Promise<string> {
  const res = await t.gql(CREATE_PROGRAM, { input: { title, description: '久留米の支え合いを伝える番組です。' } }, { token: coordinator.token });
  expect(res.errors).toBeUndefined();
  return res.data.createProgram.id;
}

async function episode(programId: string, over: Record<string, unknown> = {}): Promise<string> {
  const input = {
    platform: 'TV',
    title: '第1回 みんなで防災',
    description: '防災の取り組みを紹介します。',
    startsAt: new Date(Date.now() + 86400_000).toISOString(),
    mode: 'ONLINE',
    onlineUrl: 'https://tv.example.jp/live/1',
    ...over,
  };
  const res = await t.gql(SCHEDULE, { programId, input }, { token: coordinator.token });
  expect(res.errors).toBeUndefined();
  return res.data.scheduleEpisode.id;
}

describe('programmes and episodes', () => {
  it('an episode is an event on platform TV of its programme, listed among the events; only coordinators create them', async () => {
    const p = await program();
    const id = await episode(p);
    const res = await t.gql(`query($id: ID!) { program(id: $id) { title episodes(first: 10) { totalCount edges { node { id platform program { id } replayUrl watchUrl isLive } } } } events(filter: { platform: TV }) { totalCount } }`, { id: p });
    expect(res.data.program.episodes.totalCount).toBe(1);
    expect(res.data.program.episodes.edges[0].node).toMatchObject({ id, platform: 'TV', program: { id: p }, replayUrl: null, watchUrl: 'https://tv.example.jp/live/1', isLive: false });
    expect(res.data.events.totalCount).toBe(1);
    expect((await t.gql('{ programs { id title } }')).data.programs.map((x: { id: string }) => x.id)).toContain(p);

    expect((await t.gql(CREATE_PROGRAM, { input: { title: 'x', description: '' } }, { token: resident.token })).code).toBe('FORBIDDEN');
    expect((await t.gql(CREATE_PROGRAM, { input: { title: 'x', description: '' } })).code).toBe('UNAUTHENTICATED');
    const bad = await t.gql(SCHEDULE, { programId: p, input: { platform: 'COMMITTEE', title: ' ', description: '', startsAt: new Date().toISOString(), mode: 'ONLINE' } }, { token: coordinator.token });
    expect(bad.code).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].extensions!.fields!.map((f) => f.field)).toContain('input.title');
    const wrongPlatform = await t.gql(SCHEDULE, { programId: p, input: { platform: 'COMMITTEE', title: '回', description: '', startsAt: new Date().toISOString(), mode: 'ONLINE' } }, { token: coordinator.token });
    expect(wrongPlatform.errors![0].extensions!.fields!.map((f) => f.field).sort()).toEqual(['input.onlineUrl', 'input.platform']);
    const missing = await t.gql(SCHEDULE, { programId: '7f0c2a52-3c1e-4e55-9d1c-1a2b3c4d5e6f', input: { platform: 'TV', title: '回', description: '', startsAt: new Date().toISOString(), mode: 'ONLINE', onlineUrl: 'https://tv.example.jp/x' } }, { token: coordinator.token });
    expect(missing.code).toBe('NOT_FOUND');
    expect((await t.gql('{ programs(first: 101) { id } }')).code).toBe('BAD_USER_INPUT');
  });

  it('live link before and during, the replay after; a replay is refused before the broadcast', async () => {
    const p = await program();
    const upcoming = await episode(p);
    const SET = `mutation($eventId: ID!, $replayUrl: String!) { setReplay(eventId: $eventId, replayUrl: $replayUrl) { id replayUrl watchUrl isLive } }`;
    expect((await t.gql(SET, { eventId: upcoming, replayUrl: 'https://tv.example.jp/replay/1' }, { token: coordinator.token })).code).toBe('CONFLICT');
    const past = await episode(p, { startsAt: new Date(Date.now() - 3 * 3600_000).toISOString(), endsAt: new Date(Date.now() - 2 * 3600_000).toISOString() });
    const badUrl = await t.gql(SET, { eventId: past, replayUrl: 'javascript:alert(1)' }, { token: coordinator.token });
    expect(badUrl.errors![0].extensions!.fields!.map((f) => f.field)).toEqual(['replayUrl']);
    const set = await t.gql(SET, { eventId: past, replayUrl: 'https://tv.example.jp/replay/1' }, { token: coordinator.token });
    expect(set.data.setReplay).toEqual({ id: past, replayUrl: 'https://tv.example.jp/replay/1', watchUrl: 'https://tv.example.jp/replay/1', isLive: false });
    const live = await episode(p, { startsAt: new Date(Date.now() - 600_000).toISOString() });
    expect((await t.gql(`query($id: ID!) { event(id: $id) { isLive watchUrl } }`, { id: live })).data.event).toEqual({ isLive: true, watchUrl: 'https://tv.example.jp/live/1' });
  });
});

describe('featuring the other platforms', () => {
  it("an episode features events of the other platforms and joint actions; a joint action's participants and gathering are shown only to its parties", async () => {
    const ep = await episode(await program());
    const committee = await createEvent(t, { platform: Platform.COMMITTEE, title: '新地福委員会 第3回' });
    const preparedness = await createEvent(t, { platform: Platform.PREPAREDNESS, title: 'みんなのもしも 避難所運営' });
    const students = await insertStudents(t, await createSchool(t), [{ displayName: '特徴 花子' }]);
    const ja = await insertJointAction(t, students.map((id) => ({ id })));

    for (const eventId of [committee.id, preparedness.id, committee.id]) {
      expect((await t.gql(FEATURE, { episodeId: ep, eventId }, { token: coordinator.token })).errors).toBeUndefined();
    }
    // one still awaiting its answers, or cancelled, is nothing to broadcast
    const unsettled = await insertJointAction(t, (await insertStudents(t, await createSchool(t), [{ displayName: '未定 次郎' }])).map((id) => ({ id })));
    for (const status of ['AWAITING_REPLIES', 'CANCELLED']) {
      await t.db.query('UPDATE joint_action SET status = $2 WHERE id = $1', [unsettled.jointActionId, status]);
      expect((await t.gql(FEATURE, { episodeId: ep, jointActionId: unsettled.jointActionId }, { token: coordinator.token })).code).toBe('CONFLICT');
    }
    expect((await t.gql(FEATURE, { episodeId: ep, jointActionId: ja.jointActionId }, { token: coordinator.token })).errors).toBeUndefined();

    const both = await t.gql(FEATURE, { episodeId: ep, eventId: committee.id, jointActionId: ja.jointActionId }, { token: coordinator.token });
    expect(both.code).toBe('BAD_USER_INPUT');
    expect(both.errors![0].extensions!.fields!.map((f) => f.field)).toEqual(['eventId', 'jointActionId']);
    const tvEvent = await createEvent(t, { platform: Platform.TV });
    expect((await t.gql(FEATURE, { episodeId: ep, eventId: tvEvent.id }, { token: coordinator.token })).code).toBe('BAD_USER_INPUT');
    expect((await t.gql(FEATURE, { episodeId: committee.id, eventId: preparedness.id }, { token: coordinator.token })).code).toBe('NOT_FOUND');
    expect((await t.gql(FEATURE, { episodeId: ep, eventId: preparedness.id }, { token: resident.token })).code).toBe('FORBIDDEN');

    const Q = `query($id: ID!) { event(id: $id) { featuredEvents { id platform } featuredJointActions { id title summary themes offer { id } participants { displayName }
      event { id startsAt location onlineUrl participantCount } } } }`;
    const [gathering] = await t.db.query('SELECT starts_at, location, participant_count FROM event WHERE id = $1', [ja.eventId]);
    expect(gathering.location).toBeTruthy();
    const month = new Date(gathering.starts_at.getTime() + 9 * 3600_000);
    const firstOfMonth = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), 1) - 9 * 3600_000).toISOString();
    // everyone sees a featured joint action's public face; its participants and the time and place
    // of its gathering only its parties ("Minors first")
    for (const creds of [{}, { token: resident.token }]) {
      const seen = await t.gql(Q, { id: ep }, creds);
      expect(seen.data.event.featuredEvents.map((e: { platform: string }) => e.platform).sort()).toEqual(['COMMITTEE', 'PREPAREDNESS']);
      expect(seen.data.event.featuredJointActions).toEqual([
        {
          id: ja.jointActionId,
          title: '防災マップの共同アクション',
          summary: '高校生と一緒に地域を歩きます。',
          themes: ['disaster'],
          offer: { id: ja.offerId },
          participants: [],
          event: { id: ja.eventId, startsAt: firstOfMonth, location: null, onlineUrl: null, participantCount: 0 },
        },
      ]);
      expect(JSON.stringify(seen)).not.toContain('特徴 花子');
      // the gathering itself answers only to its parties
      expect((await t.gql(`query($id: ID!) { event(id: $id) { id } }`, { id: ja.eventId }, creds)).data.event).toBeNull();
    }
    const full = await t.gql(Q, { id: ep }, { token: coordinator.token });
    expect(full.data.event.featuredJointActions).toEqual([
      expect.objectContaining({ id: ja.jointActionId, title: '防災マップの共同アクション', participants: [{ displayName: '特徴 花子' }] }),
    ]);
    expect(full.data.event.featuredJointActions[0].event).toEqual({
      id: ja.eventId,
      startsAt: gathering.starts_at.toISOString(),
      location: gathering.location,
      onlineUrl: null,
      participantCount: gathering.participant_count,
    });
  });
});

describe('comments', () => {
  it('comments at a second of the replay; a hidden comment vanishes for everyone but coordinators', async () => {
    const ep = await episode(await program());
    const other = await createUser(t, { displayName: '住民 二郎' });
    const a = await t.gql(POST, { eventId: ep, text: '  とても参考になりました  ', atSecond: 754 }, { token: resident.token });
    expect(a.data.postComment).toMatchObject({ authorName: '住民 一郎', text: 'とても参考になりました', atSecond: 754, hidden: false, mine: true });
    const b = await t.gql(POST, { eventId: ep, text: '荒らしのコメント' }, { token: other.token });
    const hidden = b.data.postComment.id;

    expect((await t.gql(`mutation($id: ID!) { hideComment(id: $id) }`, { id: hidden }, { token: resident.token })).code).toBe('FORBIDDEN');
    expect((await t.gql(`mutation($id: ID!) { hideComment(id: $id) }`, { id: hidden }, { token: coordinator.token })).data.hideComment).toBe(true);
    expect((await t.gql(`mutation($id: ID!) { hideComment(id: $id) }`, { id: '7f0c2a52-3c1e-4e55-9d1c-1a2b3c4d5e6f' }, { token: coordinator.token })).code).toBe('NOT_FOUND');

    for (const creds of [{}, { token: resident.token }, { token: other.token }]) {
      const seen = (await t.gql(COMMENTS, { id: ep }, creds)).data.event.comments;
      expect(seen.totalCount).toBe(1);
      expect(seen.edges.map((e: any) => e.node.text)).toEqual(['とても参考になりました']);
    }
    const all = (await t.gql(COMMENTS, { id: ep }, { token: coordinator.token })).data.event.comments;
    expect(all.totalCount).toBe(2);
    expect(all.edges.map((e: any) => [e.node.text, e.node.hidden])).toEqual([['とても参考になりました', false], ['荒らしのコメント', true]]);

    const reach = await t.gql(`query($id: ID!) { episodeReach(eventId: $id) { registeredViewers comments hiddenComments commenters } }`, { id: ep }, { token: coordinator.token });
    expect(reach.data.episodeReach).toEqual({ registeredViewers: 0, comments: 2, hiddenComments: 1, commenters: 2 });
    expect((await t.gql(`query($id: ID!) { episodeReach(eventId: $id) { comments } }`, { id: ep }, { token: resident.token })).code).toBe('FORBIDDEN');
  });

  it('validates every field, refuses anonymous callers and non-episodes, and never names a student to others', async () => {
    const ep = await episode(await program());
    const bad = await t.gql(POST, { eventId: ep, text: '   ', atSecond: -1 }, { token: resident.token });
    expect(bad.code).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].extensions!.fields!.map((f) => f.field).sort()).toEqual(['atSecond', 'text']);
    expect((await t.gql(POST, { eventId: ep, text: 'あ'.repeat(1001) }, { token: resident.token })).code).toBe('BAD_USER_INPUT');
    expect((await t.gql(POST, { eventId: ep, text: 'こんにちは' })).code).toBe('UNAUTHENTICATED');
    const committee = await createEvent(t, { platform: Platform.COMMITTEE });
    expect((await t.gql(POST, { eventId: committee.id, text: 'こんにちは' }, { token: resident.token })).code).toBe('NOT_FOUND');

    const [studentId] = await insertStudents(t, await createSchool(t), [{ displayName: '秘密 名前子' }]);
    const { TokensService } = await import('../../src/identity/tokens.service.js');
    const studentToken = await t.app.get(TokensService).sign({ sub: studentId, typ: 'user' });
    const posted = await t.gql(POST, { eventId: ep, text: '生徒です' }, { token: studentToken });
    expect(posted.errors).toBeUndefined();
    expect(posted.data.postComment.authorName).toBe('秘密 名前子');
    for (const creds of [{}, { token: resident.token }]) expect(JSON.stringify((await t.gql(COMMENTS, { id: ep }, creds)).data)).not.toContain('名前子');
    expect(JSON.stringify((await t.gql(COMMENTS, { id: ep }, { token: coordinator.token })).data)).toContain('秘密 名前子');
  });

  it('limits each user to 10 comments a minute (TOO_MANY_REQUESTS with retryAfter)', async () => {
    const ep = await episode(await program());
    const chatty = await createUser(t);
    for (let i = 0; i < 10; i++) expect((await t.gql(POST, { eventId: ep, text: `コメント${i}` }, { token: chatty.token })).errors).toBeUndefined();
    const refused = await t.gql(POST, { eventId: ep, text: 'もう一つ' }, { token: chatty.token });
    expect(refused.code).toBe('TOO_MANY_REQUESTS');
    expect(refused.errors![0].extensions!.retryAfter).toBeGreaterThan(0);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM tv_comment WHERE author_id = $1', [chatty.id]);
    expect(n).toBe(10);
    // someone else is not held up
    expect((await t.gql(POST, { eventId: ep, text: 'わたしは大丈夫' }, { token: (await createUser(t)).token })).errors).toBeUndefined();
  });

  it('streams new comments over graphql-ws, and not the hidden ones', async () => {
    const ep = await episode(await program());
    const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0 });
    clients.push(client);
    const received: any[] = [];
    const errors: unknown[] = [];
    client.subscribe(
      { query: 'subscription($id: ID!) { commentPosted(eventId: $id) { id text authorName } }', variables: { id: ep } },
      { next: (m) => (m.errors ? errors.push(...m.errors) : received.push(m.data!.commentPosted)), error: (e) => errors.push(e), complete: () => undefined },
    );
    // the subscription listens once its first message is through; post until one arrives
    const poster = await createUser(t, { displayName: '配信 見る子' });
    for (let i = 0; i < 8 && !received.length; i++) {
      await t.gql(POST, { eventId: ep, text: `ライブ${i}` }, { token: poster.token });
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(errors).toEqual([]);
    expect(received[0]).toMatchObject({ authorName: '配信 見る子' });
    expect(received[0].text).toMatch(/^ライブ\d$/);

    // a comment hidden before the stream reads it (a coordinator was quicker than the delivery): its
    // notification arrives, the comment does not; the next visible one does
    const [{ id: hiddenId }] = await t.db.query(
      `INSERT INTO tv_comment (event_id, author_id, text, hidden_at) VALUES ($1, $2, '隠されたコメント', now()) RETURNING id`,
      [ep, poster.id],
    );
    await t.db.query('SELECT pg_notify($1, $2)', [COMMENT_CHANNEL, `${ep}:${hiddenId}`]);
    await t.gql(POST, { eventId: ep, text: '見えるコメント' }, { token: poster.token });
    expect(await waitUntil(() => received.some((c) => c.text === '見えるコメント'), 10_000, 50)).toBe(true);
    expect(errors).toEqual([]);
    expect(received.map((c) => c.text)).not.toContain('隠されたコメント');
    expect(received.map((c) => c.id)).not.toContain(hiddenId);
  });
});

describe('activityFeed', () => {
  const FEED = `query($first: Int, $after: String, $platform: Platform) { activityFeed(first: $first, after: $after, platform: $platform) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id kind platform title label occurredAt event { id title description location } jointAction { id title summary participants { id displayName } } } } } }`;

  it("spreads what happens on every platform, and a planted student's name never reaches anonymous or resident readers", async () => {
    const NAMES = ['筑後川 凛花', '耳納山 颯真'];
    const students = await insertStudents(t, await createSchool(t), NAMES.map((displayName) => ({ displayName })));
    const ja = await insertJointAction(t, students.map((id) => ({ id })));
    // a careless title with a student's name in it, and the name in an event the student joined
    await t.db.query(`UPDATE joint_action SET title = title || '（' || $2 || 'さん）' WHERE id = $1`, [ja.jointActionId, NAMES[0]]);
    const joined = await createEvent(t, { platform: Platform.COMMITTEE, title: `${NAMES[1]}さんが話す委員会` });
    await t.db.query(`INSERT INTO event_participant (event_id, user_id, status) VALUES ($1, $2, 'JOINED')`, [joined.id, students[1]]);
    await createEvent(t, { platform: Platform.PREPAREDNESS, title: 'もしもの備え 勉強会' });
    await episode(await program(), { title: '地福TV 特別回' });

    const pieces = NAMES.flatMap((n) => [n, ...n.split(' ')]);
    for (const creds of [{}, { token: resident.token }]) {
      const all: any[] = [];
      let after: string | undefined;
      do {
        const res = await t.gql(FEED, { first: 3, after }, creds);
        expect(res.errors).toBeUndefined();
        all.push(...res.data.activityFeed.edges.map((e: any) => e.node));
        after = res.data.activityFeed.pageInfo.hasNextPage ? res.data.activityFeed.pageInfo.endCursor : undefined;
      } while (after);
      const text = JSON.stringify(all);
      for (const piece of pieces) expect(text).not.toContain(piece);
      const started = all.find((a) => a.kind === 'JOINT_ACTION_STARTED');
      // the joint action's public face: its title (the name taken out), never its participants
      expect(started).toMatchObject({ platform: 'FUTURE_CONFERENCE', event: null, label: '協働アクションが始まりました' });
      expect(started.jointAction).toEqual({ id: ja.jointActionId, title: '防災マップの共同アクション（（参加者）さん）', summary: '高校生と一緒に地域を歩きます。', participants: [] });
      expect(started.title).toContain('防災マップの共同アクション');
      expect(new Set(all.map((a) => a.kind))).toEqual(new Set(['JOINT_ACTION_STARTED', 'EVENT_SCHEDULED', 'EPISODE_PUBLISHED']));
      // the joint action's own event is not listed as an event
      expect(all.some((a) => a.event?.id === ja.eventId)).toBe(false);
    }
    const coordinatorView = await t.gql(FEED, { first: 100 }, { token: coordinator.token });
    const started = coordinatorView.data.activityFeed.edges.map((e: any) => e.node).find((a: any) => a.kind === 'JOINT_ACTION_STARTED');
    expect(started.jointAction.participants.map((p: any) => p.displayName).sort()).toEqual([...NAMES].sort());

    // only TV's lines, and TV's lines are there: the episode made above among them
    const tv = (await t.gql(FEED, { platform: 'TV' })).data.activityFeed.edges.map((e: any) => e.node);
    expect(tv.map((a: any) => a.title)).toContain('地福TV 特別回');
    for (const a of tv) expect(a).toMatchObject({ platform: 'TV', kind: 'EPISODE_PUBLISHED' });
    expect((await t.gql(FEED, { first: 101 })).code).toBe('BAD_USER_INPUT');
    expect((await t.gql(FEED, { after: 'bm90LWEtY3Vyc29y' })).code).toBe('BAD_USER_INPUT');
  });
});

describe('GET /calendar.ics and the RSS feed', () => {
  it('is RFC 5545 that ical.js reads, in Asia/Tokyo: an event at 19:00 JST starts at 19:00 TZID=Asia/Tokyo (10:00Z)', async () => {
    const nextMonth = new Date(Date.now() + 30 * 86400_000);
    // 19:00 in Tokyo on a day about a month ahead
    const day = new Date(Date.UTC(nextMonth.getUTCFullYear(), nextMonth.getUTCMonth(), nextMonth.getUTCDate(), 10, 0, 0));
    const committee = await createEvent(t, { platform: Platform.COMMITTEE, title: '新地福委員会 夜の部', startsAt: day });
    const ep = await episode(await program(), { title: '地福TV 夜の生配信', startsAt: day.toISOString(), endsAt: new Date(day.getTime() + 3600_000).toISOString() });
    const students = await insertStudents(t, await createSchool(t), [{ displayName: '暦 見えない' }]);
    const ja = await insertJointAction(t, students.map((id) => ({ id })));
    // the gathering names its student and meets the same evening: the calendar must show neither
    await t.db.query(`UPDATE event SET title = '暦 見えないさんと防災マップ', description = '暦 見えないさんの集まり', starts_at = $2 WHERE id = $1`, [ja.eventId, day]);

    const res = await request(t.app.getHttpServer()).get('/calendar.ics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const cal = new ICAL.Component(ICAL.parse(res.text));
    expect(cal.getFirstPropertyValue('version')).toBe('2.0');
    expect(cal.getFirstSubcomponent('vtimezone')!.getFirstPropertyValue('tzid')).toBe('Asia/Tokyo');
    const vevents = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const byUid = new Map(vevents.map((e) => [e.uid.split('@')[0], e]));
    const mine = byUid.get(committee.id)!;
    expect(mine.summary).toBe('新地福委員会 夜の部');
    expect(mine.startDate.zone!.tzid).toBe('Asia/Tokyo');
    expect(res.text).toMatch(/DTSTART;TZID=Asia\/Tokyo:\d{8}T190000\r\n/);
    expect([mine.startDate.hour, mine.startDate.minute]).toEqual([19, 0]);
    expect(mine.startDate.toJSDate().toISOString()).toBe(day.toISOString());
    expect(byUid.get(ep)!.endDate.toJSDate().toISOString()).toBe(new Date(day.getTime() + 3600_000).toISOString());
    expect(byUid.has(ja.eventId)).toBe(false);
    for (const v of cal.getAllSubcomponents('vevent')) expect(v.getFirstPropertyValue('dtstamp')).toBeTruthy();
    expect(res.text).not.toContain('暦 見えない');

    const tv = await request(t.app.getHttpServer()).get('/calendar.ics?platform=TV');
    const tvEvents = new ICAL.Component(ICAL.parse(tv.text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const tvIds = tvEvents.map((e) => e.uid.split('@')[0]);
    expect(tvIds).toContain(ep);
    expect(tvIds).not.toContain(committee.id);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM event WHERE platform <> 'TV' AND id = ANY($1::uuid[])`, [tvIds]);
    expect(n).toBe(0);
    expect(tvEvents.find((e) => e.uid.startsWith(ep))!.location).toBe('https://tv.example.jp/live/1');

    const bad = await request(t.app.getHttpServer()).get('/calendar.ics?platform=NOPE');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.body.errors[0].extensions.fields.map((f: { field: string }) => f.field)).toEqual(['platform']);
    // an error is JSON and never cached, whatever the route's own headers say
    expect(bad.headers['content-type']).toMatch(/^application\/json/);
    expect(bad.headers['cache-control']).toBe('no-store');
  });

  it('serves the episodes as RSS 2.0', async () => {
    await episode(await program(), { title: '地福TV <特集> & まとめ' });
    const res = await request(t.app.getHttpServer()).get('/tv/episodes.rss');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/rss\+xml/);
    expect(res.text).toContain('<title>地福TV &lt;特集&gt; &amp; まとめ</title>');
    expect(res.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<rss version="2.0"/);
  });
});

describe('reach per platform over time', () => {
  it('counts participants per platform and Tokyo month for coordinators', async () => {
    const at = new Date('2031-03-31T16:00:00Z'); // 2031-04-01 01:00 JST
    const e = await createEvent(t, { platform: Platform.PREPAREDNESS, startsAt: at });
    const people = [await createUser(t), await createUser(t)];
    for (const p of people) await t.gql(`mutation($id: ID!) { joinEvent(eventId: $id) { id } }`, { id: e.id }, { token: p.token });
    const Q = `query($from: DateTime!, $to: DateTime!) { platformParticipation(platform: PREPAREDNESS, from: $from, to: $to) { platform month events participations participants } }`;
    const res = await t.gql(Q, { from: '2031-01-01T00:00:00Z', to: '2031-12-31T00:00:00Z' }, { token: coordinator.token });
    expect(res.data.platformParticipation).toEqual([{ platform: 'PREPAREDNESS', month: '2031-04', events: 1, participations: 2, participants: 2 }]);
    expect((await t.gql(Q, { from: '2031-12-31T00:00:00Z', to: '2031-01-01T00:00:00Z' }, { token: coordinator.token })).code).toBe('BAD_USER_INPUT');
    expect((await t.gql(Q, { from: '2031-01-01T00:00:00Z', to: '2031-12-31T00:00:00Z' }, { token: resident.token })).code).toBe('FORBIDDEN');
  });
});
