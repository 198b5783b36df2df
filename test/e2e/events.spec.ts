import { randomUUID } from 'node:crypto';
import { Platform } from '../../src/graph/graph.enums.js';
import { Role } from '../../src/identity/role.enum.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createCoordinator, createEvent, createOrganization, createOrgMember, createUser, type TestUser } from '../support/factories.js';

// Creating, listing, joining and leaving events. The waiting list, its notification and
// concurrent joins are in events-waitlist.spec.ts.

let t: TestApp;
let coordinator: TestUser;
beforeAll(async () => {
  t = await startTestApp();
  coordinator = await createCoordinator(t);
});
afterAll(() => t?.close());

const CREATE = `mutation($input: CreateEventInput!) {
  createEvent(input: $input) { id platform title description startsAt endsAt mode location onlineUrl capacity participantCount viewerIsParticipant host { id name } }
}`;
const EVENTS = `query($filter: EventFilter, $first: Int, $after: String) {
  events(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id title platform startsAt } } }
}`;
const JOIN = `mutation($id: ID!) { joinEvent(eventId: $id) { id participantCount viewerIsParticipant viewerStatus waitlistCount } }`;
const LEAVE = `mutation($id: ID!) { leaveEvent(eventId: $id) { id participantCount viewerIsParticipant viewerStatus waitlistCount } }`;

const STARTS = '2030-04-01T01:00:00.000Z';
const input = (over: Record<string, unknown> = {}) => ({
  platform: 'COMMITTEE',
  title: '新地福委員会 4月例会',
  description: '地域の困りごとを持ち寄って話し合います。',
  startsAt: STARTS,
  mode: 'ONSITE',
  location: '久留米市役所 2階',
  ...over,
});
const eventCount = async (): Promise<number> => (await t.db.query('SELECT count(*)::int AS n FROM event'))[0].n;

describe('createEvent: who may create', () => {
  it.each(['COMMITTEE', 'FUTURE_CONFERENCE', 'PREPAREDNESS', 'TV'])('a coordinator creates a %s event, stored as sent', async (platform) => {
    const res = await t.gql(
      CREATE,
      { input: input({ platform, title: `  ${platform} の集い  `, endsAt: '2030-04-01T03:00:00.000Z', mode: 'HYBRID', onlineUrl: 'https://meet.example.jp/abc', capacity: 30 }) },
      { token: coordinator.token },
    );
    expect(res.errors).toBeUndefined();
    const e = res.data.createEvent;
    expect(e).toMatchObject({
      platform,
      title: `${platform} の集い`, // trimmed
      startsAt: STARTS,
      endsAt: '2030-04-01T03:00:00.000Z',
      mode: 'HYBRID',
      onlineUrl: 'https://meet.example.jp/abc',
      capacity: 30,
      participantCount: 0,
      viewerIsParticipant: false,
      host: null,
    });
    const [row] = await t.db.query('SELECT platform, title, capacity, created_by, participant_count FROM event WHERE id = $1', [e.id]);
    expect(row).toEqual({ platform, title: `${platform} の集い`, capacity: 30, created_by: coordinator.id, participant_count: 0 });
    const read = await t.gql('query($id: ID!) { event(id: $id) { id platform title } }', { id: e.id });
    expect(read.data.event).toEqual({ id: e.id, platform, title: `${platform} の集い` });
  });

  it('anonymous is UNAUTHENTICATED and a resident is FORBIDDEN, writing nothing', async () => {
    const before = await eventCount();
    expect((await t.gql(CREATE, { input: input() })).code).toBe('UNAUTHENTICATED');
    const resident = await createUser(t, { roles: [Role.RESIDENT] });
    expect((await t.gql(CREATE, { input: input() }, { token: resident.token })).code).toBe('FORBIDDEN');
    const student = await createUser(t, { roles: [Role.STUDENT] });
    expect((await t.gql(CREATE, { input: input() }, { token: student.token })).code).toBe('FORBIDDEN');
    expect(await eventCount()).toBe(before);
  });

  it('an organisation member creates events hosted by their own organisation only', async () => {
    const { user, org } = await createOrgMember(t);
    const own = await t.gql(CREATE, { input: input({ platform: 'FUTURE_CONFERENCE', hostOrganizationId: org.id }) }, { token: user.token });
    expect(own.errors).toBeUndefined();
    expect(own.data.createEvent.host).toEqual({ id: org.id, name: org.name });

    const before = await eventCount();
    const other = await createOrganization(t);
    expect((await t.gql(CREATE, { input: input({ hostOrganizationId: other.id }) }, { token: user.token })).code).toBe('FORBIDDEN');
    expect((await t.gql(CREATE, { input: input() }, { token: user.token })).code).toBe('FORBIDDEN');
    expect((await t.gql(CREATE, { input: input({ hostOrganizationId: randomUUID() }) }, { token: user.token })).code).toBe('NOT_FOUND');
    expect((await t.gql(CREATE, { input: input({ hostOrganizationId: randomUUID() }) }, { token: coordinator.token })).code).toBe('NOT_FOUND');
    expect((await t.gql(CREATE, { input: input({ hostOrganizationId: 'not-a-uuid' }) }, { token: user.token })).code).toBe('BAD_USER_INPUT');
    expect(await eventCount()).toBe(before);
  });

  it("a coordinator may name any organisation as host, and host { name } resolves", async () => {
    const org = await createOrganization(t, { name: 'くるめ子ども食堂ネット' });
    const res = await t.gql(CREATE, { input: input({ hostOrganizationId: org.id }) }, { token: coordinator.token });
    expect(res.errors).toBeUndefined();
    const read = await t.gql('query($id: ID!) { event(id: $id) { host { id name } } }', { id: res.data.createEvent.id });
    expect(read.data.event.host).toEqual({ id: org.id, name: 'くるめ子ども食堂ネット' });
  });
});

describe('createEvent: validation refuses bad input and writes nothing', () => {
  const cases: [string, string, Record<string, unknown>][] = [
    ['an empty title', 'input.title', { title: '' }],
    ['a blank title', 'input.title', { title: '   ' }],
    ['a title of 201 characters', 'input.title', { title: 'あ'.repeat(201) }],
    ['capacity 0', 'input.capacity', { capacity: 0 }],
    ['capacity 100001', 'input.capacity', { capacity: 100001 }],
    ['an end before the start', 'input.endsAt', { endsAt: '2030-04-01T00:59:59.000Z' }],
    ['a javascript: onlineUrl', 'input.onlineUrl', { onlineUrl: 'javascript:alert(1)' }],
  ];
  it.each(cases)('%s is BAD_USER_INPUT naming %s', async (_what, field, over) => {
    const before = await eventCount();
    const res = await t.gql(CREATE, { input: input(over) }, { token: coordinator.token });
    expect(res.code).toBe('BAD_USER_INPUT');
    expect(res.data?.createEvent ?? null).toBeNull();
    expect(res.errors![0].extensions!.fields!.map((f) => f.field)).toContain(field);
    expect(await eventCount()).toBe(before);
  });

  it('the limits themselves are accepted: 200 characters, capacity 1 and 100000, endsAt = startsAt', async () => {
    for (const over of [{ title: 'あ'.repeat(200) }, { capacity: 1 }, { capacity: 100000 }, { endsAt: STARTS }]) {
      const res = await t.gql(CREATE, { input: input(over) }, { token: coordinator.token });
      expect(res.errors).toBeUndefined();
    }
  });
});

describe('events and event', () => {
  // each test uses its own month so that events made elsewhere in this file do not interfere
  const at = (month: string, day: number, hour = 9) => new Date(`${month}-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`);

  it('first over 100 or under 1 and a garbage cursor are BAD_USER_INPUT', async () => {
    for (const vars of [{ first: 1000 }, { first: 101 }, { first: 0 }, { first: -1 }, { after: 'garbage' }, { after: Buffer.from('["x","y"]').toString('base64url') }]) {
      const res = await t.gql(EVENTS, vars);
      expect({ vars, code: res.code }).toEqual({ vars, code: 'BAD_USER_INPUT' });
    }
    expect((await t.gql(EVENTS, { first: 100 })).errors).toBeUndefined();
  });

  it('filters by platform', async () => {
    const window = { from: at('2031-01', 1, 0).toISOString(), to: at('2031-02', 1, 0).toISOString() };
    const ids: Record<string, string> = {};
    for (const [i, platform] of Object.values(Platform).entries()) ids[platform] = (await createEvent(t, { platform, startsAt: at('2031-01', 10 + i) })).id;
    for (const platform of Object.values(Platform)) {
      const res = await t.gql(EVENTS, { filter: { ...window, platform } });
      expect(res.data.events.totalCount).toBe(1);
      expect(res.data.events.edges.map((e: any) => e.node)).toEqual([expect.objectContaining({ id: ids[platform], platform })]);
    }
    expect((await t.gql(EVENTS, { filter: window })).data.events.totalCount).toBe(4);
  });

  it('filters by from (inclusive) and to (exclusive)', async () => {
    const early = await createEvent(t, { startsAt: at('2032-03', 1) });
    const onFrom = await createEvent(t, { startsAt: at('2032-03', 10) });
    const middle = await createEvent(t, { startsAt: at('2032-03', 15) });
    const onTo = await createEvent(t, { startsAt: at('2032-03', 20) });
    const res = await t.gql(EVENTS, { filter: { from: at('2032-03', 10).toISOString(), to: at('2032-03', 20).toISOString() } });
    expect(res.data.events.edges.map((e: any) => e.node.id)).toEqual([onFrom.id, middle.id]);
    expect(res.data.events.totalCount).toBe(2);
    const fromOnly = await t.gql(EVENTS, { filter: { from: at('2032-03', 15).toISOString(), to: at('2032-04', 1).toISOString() } });
    expect(fromOnly.data.events.edges.map((e: any) => e.node.id)).toEqual([middle.id, onTo.id]);
    const toOnly = await t.gql(EVENTS, { filter: { from: at('2032-02', 1).toISOString(), to: at('2032-03', 10).toISOString() } });
    expect(toOnly.data.events.edges.map((e: any) => e.node.id)).toEqual([early.id]);
  });

  it('orders by startsAt and pages through 7 events with cursors: no duplicates, no gaps', async () => {
    // created out of order, three of them at the same moment (the id breaks the tie)
    const days = [5, 2, 9, 2, 7, 2, 1];
    const created = [];
    for (const d of days) created.push({ ...(await createEvent(t, { startsAt: at('2033-05', d) })), startsAt: at('2033-05', d) });
    const filter = { from: at('2033-05', 1, 0).toISOString(), to: at('2033-06', 1, 0).toISOString() };

    const seen: { id: string; startsAt: string }[] = [];
    let after: string | undefined;
    const pages: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.gql(EVENTS, { filter, first: 3, after });
      expect(res.errors).toBeUndefined();
      const { edges, pageInfo, totalCount } = res.data.events;
      expect(totalCount).toBe(7);
      pages.push(edges.length);
      seen.push(...edges.map((e: any) => e.node));
      expect(pageInfo.endCursor).toBe(edges.at(-1)?.cursor ?? null);
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(pages).toEqual([3, 3, 1]);
    const expected = [...created].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id));
    expect(seen.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    expect(new Set(seen.map((e) => e.id)).size).toBe(7);
    expect(seen.map((e) => e.startsAt)).toEqual(expected.map((e) => e.startsAt.toISOString()));
  });

  it('event(id) returns the event; an unknown id is null without an error, a malformed one BAD_USER_INPUT', async () => {
    const e = await createEvent(t, { title: '地福TV 第1回', platform: Platform.TV });
    const res = await t.gql('query($id: ID!) { event(id: $id) { id title platform host { name } } }', { id: e.id });
    expect(res.data.event).toEqual({ id: e.id, title: '地福TV 第1回', platform: 'TV', host: null });
    const missing = await t.gql('query($id: ID!) { event(id: $id) { id } }', { id: randomUUID() });
    expect(missing.errors).toBeUndefined();
    expect(missing.data.event).toBeNull();
    // the ID scalar refuses it before any resolver (id-scalar.ts; the contract allows BAD_USER_INPUT or NOT_FOUND)
    expect((await t.gql('query($id: ID!) { event(id: $id) { id } }', { id: 'not-a-uuid' })).code).toBe('BAD_USER_INPUT');
  });
});

describe('joinEvent and leaveEvent', () => {
  it('join makes the viewer a participant, twice changes nothing, leave reverses it', async () => {
    const e = await createEvent(t, { capacity: 10 });
    const user = await createUser(t);
    const other = await createUser(t);
    const joined = await t.gql(JOIN, { id: e.id }, { token: user.token });
    expect(joined.errors).toBeUndefined();
    expect(joined.data.joinEvent).toEqual({ id: e.id, participantCount: 1, viewerIsParticipant: true, viewerStatus: 'JOINED', waitlistCount: 0 });

    const again = await t.gql(JOIN, { id: e.id }, { token: user.token });
    expect(again.data.joinEvent).toMatchObject({ participantCount: 1, viewerIsParticipant: true });
    expect((await t.db.query('SELECT count(*)::int AS n FROM event_participant WHERE event_id = $1', [e.id]))[0].n).toBe(1);

    // another viewer sees the count but is not a participant; anonymous sees false
    const q = 'query($id: ID!) { event(id: $id) { participantCount viewerIsParticipant viewerStatus } }';
    expect((await t.gql(q, { id: e.id }, { token: other.token })).data.event).toEqual({ participantCount: 1, viewerIsParticipant: false, viewerStatus: null });
    expect((await t.gql(q, { id: e.id })).data.event).toEqual({ participantCount: 1, viewerIsParticipant: false, viewerStatus: null });

    const left = await t.gql(LEAVE, { id: e.id }, { token: user.token });
    expect(left.data.leaveEvent).toEqual({ id: e.id, participantCount: 0, viewerIsParticipant: false, viewerStatus: null, waitlistCount: 0 });
    // leaving again (or without having joined) changes nothing
    const leftAgain = await t.gql(LEAVE, { id: e.id }, { token: user.token });
    expect(leftAgain.data.leaveEvent.participantCount).toBe(0);
    expect((await t.db.query('SELECT participant_count FROM event WHERE id = $1', [e.id]))[0].participant_count).toBe(0);
  });

  it('an event without capacity takes everyone', async () => {
    const e = await createEvent(t, { capacity: null });
    for (let i = 1; i <= 3; i++) {
      const u = await createUser(t);
      expect((await t.gql(JOIN, { id: e.id }, { token: u.token })).data.joinEvent).toMatchObject({ participantCount: i, viewerStatus: 'JOINED' });
    }
  });

  it('anonymous join or leave is UNAUTHENTICATED; an unknown event is NOT_FOUND; nothing is written', async () => {
    const e = await createEvent(t);
    expect((await t.gql(JOIN, { id: e.id })).code).toBe('UNAUTHENTICATED');
    expect((await t.gql(LEAVE, { id: e.id })).code).toBe('UNAUTHENTICATED');
    const user = await createUser(t);
    for (const [id, code] of [[randomUUID(), 'NOT_FOUND'], ['not-a-uuid', 'BAD_USER_INPUT']]) {
      expect((await t.gql(JOIN, { id }, { token: user.token })).code).toBe(code);
      expect((await t.gql(LEAVE, { id }, { token: user.token })).code).toBe(code);
    }
    expect((await t.db.query('SELECT count(*)::int AS n FROM event_participant WHERE user_id = $1', [user.id]))[0].n).toBe(0);
    expect((await t.db.query('SELECT participant_count FROM event WHERE id = $1', [e.id]))[0].participant_count).toBe(0);
  });
});
