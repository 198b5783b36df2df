import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApi } from '../../src/main.js';
import { Platform } from '../../src/graph/graph.enums.js';
import { Role } from '../../src/identity/role.enum.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createCoordinator, createEvent, createOrgMember, createUser, type TestUser } from '../support/factories.js';
import { enroll, insertJointAction, ISSUE_SESSION, profile, registerSchool, type TestSchool } from '../support/students.js';

/**
 * The findings of the safeguarding issue that are about single paths ("Minors first" in the
 * contract's README): who may see and join a joint action's gathering, who may create events, the
 * author shown beside a student's words, and a bootstrap that must not promote old tokens.
 * The schema-wide rules are in who-sees-what.spec.ts, the races in consent-races.spec.ts.
 */
let t: TestApp;
let coordinator: TestUser;
let school: TestSchool;
beforeAll(async () => {
  t = await startTestApp();
  coordinator = await createCoordinator(t);
  school = await registerSchool(t, '久留米市立江南中学校');
});
afterAll(() => t?.close());

const sessionOf = async (ref: string): Promise<string> => (await t.gql(ISSUE_SESSION, { ref }, { apiKey: school.apiKey })).data.issueStudentSession.token;

describe("a joint action's gathering", () => {
  const EVENTS = `{ events(first: 100, filter: { platform: FUTURE_CONFERENCE }) { totalCount edges { node { id } } } }`;
  const EVENT = `query($id: ID!) { event(id: $id) { id startsAt location } }`;
  const JOIN = `mutation($id: ID!) { joinEvent(eventId: $id) { id } }`;
  const LEAVE = `mutation($id: ID!) { leaveEvent(eventId: $id) { id } }`;

  it('is seen only by coordinators, the organisation and its students; nobody joins or leaves it with joinEvent', async () => {
    const inside = await enroll(t, school, 'G-IN', { profile: profile() });
    await enroll(t, school, 'G-OUT', { profile: profile() });
    const own = await createOrgMember(t);
    const other = await createOrgMember(t);
    const resident = await createUser(t);
    const ja = await insertJointAction(t, [{ id: inside.id }], own.org.id);
    const open = await createEvent(t, { platform: Platform.FUTURE_CONFERENCE, title: '未来会議 全体交流会' });

    const parties = { coordinator: coordinator.token, member: own.user.token, student: await sessionOf('G-IN') };
    const strangers = { anonymous: undefined, resident: resident.token, otherMember: other.user.token, otherStudent: await sessionOf('G-OUT') };
    for (const [who, token] of Object.entries(parties)) {
      const list = await t.gql(EVENTS, {}, { token });
      expect({ who, ids: list.data.events.edges.map((e: any) => e.node.id).sort() }).toEqual({ who, ids: [ja.eventId, open.id].sort() });
      expect(list.data.events.totalCount).toBe(2);
      expect((await t.gql(EVENT, { id: ja.eventId }, { token })).data.event).toMatchObject({ id: ja.eventId, location: '久留米市役所 2階' });
    }
    for (const [who, token] of Object.entries(strangers)) {
      const list = await t.gql(EVENTS, {}, { token });
      expect({ who, ids: list.data.events.edges.map((e: any) => e.node.id), total: list.data.events.totalCount }).toEqual({ who, ids: [open.id], total: 1 });
      expect({ who, event: (await t.gql(EVENT, { id: ja.eventId }, { token })).data.event }).toEqual({ who, event: null });
      if (token) {
        // as if it did not exist, and nothing changes
        expect({ who, code: (await t.gql(JOIN, { id: ja.eventId }, { token })).code }).toEqual({ who, code: 'NOT_FOUND' });
        expect({ who, code: (await t.gql(LEAVE, { id: ja.eventId }, { token })).code }).toEqual({ who, code: 'NOT_FOUND' });
      }
    }
    // a party may not join it either: its participants are the joint action's students
    expect((await t.gql(JOIN, { id: ja.eventId }, { token: parties.member })).code).toBe('FORBIDDEN');
    expect((await t.gql(LEAVE, { id: ja.eventId }, { token: parties.student })).code).toBe('FORBIDDEN');
    const joined: { user_id: string }[] = await t.db.query('SELECT user_id FROM event_participant WHERE event_id = $1 ORDER BY user_id', [ja.eventId]);
    expect(joined.map((r) => r.user_id)).toEqual([inside.id]);
    // an ordinary future-conference event is joined as before
    expect((await t.gql(JOIN, { id: open.id }, { token: strangers.otherStudent })).errors).toBeUndefined();
  });
});

describe('creating events', () => {
  const CREATE = `mutation($input: CreateEventInput!) { createEvent(input: $input) { id platform } }`;
  const input = (hostOrganizationId: string, platform = 'TV') => ({
    platform,
    title: '地域の防災を語る会',
    description: '防災の取り組みを紹介します。',
    startsAt: new Date(Date.now() + 7 * 86400_000).toISOString(),
    mode: 'ONLINE',
    onlineUrl: 'https://tv.example.jp/live/1',
    hostOrganizationId,
  });

  it('is for coordinators and members of verified organisations: an unverified one publishes nothing, no feed line and no calendar entry', async () => {
    const unverified = await createOrgMember(t, { verified: false });
    const verified = await createOrgMember(t, { verified: true });
    const before = (await t.db.query('SELECT count(*)::int AS n FROM event'))[0].n;
    for (const platform of ['TV', 'FUTURE_CONFERENCE', 'COMMITTEE', 'PREPAREDNESS']) {
      expect((await t.gql(CREATE, { input: input(unverified.org.id, platform) }, { token: unverified.user.token })).code).toBe('FORBIDDEN');
    }
    expect((await t.db.query('SELECT count(*)::int AS n FROM event'))[0].n).toBe(before);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM feed_line WHERE event_id IN (SELECT id FROM event WHERE host_organization_id = $1)`, [unverified.org.id]))[0].n).toBe(0);
    const calendar = await request(t.app.getHttpServer()).get('/calendar.ics');
    expect(calendar.text).not.toContain('地域の防災を語る会');

    const made = await t.gql(CREATE, { input: input(verified.org.id) }, { token: verified.user.token });
    expect(made.errors).toBeUndefined();
    // a member of the verified organisation may not host in the unverified one's name
    expect((await t.gql(CREATE, { input: input(unverified.org.id) }, { token: verified.user.token })).code).toBe('FORBIDDEN');
    // coordinators may host for anyone
    expect((await t.gql(CREATE, { input: input(unverified.org.id) }, { token: coordinator.token })).errors).toBeUndefined();
  });
});

describe("the author beside a student's words", () => {
  it('shows as 生徒さん to everyone but the student and coordinators: perspectives, もしも responses, comments', async () => {
    const NAME = '秘密 ひより';
    await enroll(t, school, 'A-1', { displayName: NAME, profile: profile() });
    const student = await sessionOf('A-1');
    const resident = await createUser(t, { displayName: '住民 太一' });
    const member = await createOrgMember(t);
    const meeting = await createEvent(t, { platform: Platform.COMMITTEE, title: '新地福委員会 第20回' });
    for (const token of [student, resident.token]) expect((await t.gql(`mutation($id: ID!) { joinEvent(eventId: $id) { id } }`, { id: meeting.id }, { token })).errors).toBeUndefined();
    const said = await t.gql(`mutation($i: AddPerspectiveInput!) { addPerspective(input: $i) { id authorName } }`, { i: { eventId: meeting.id, text: '放課後の居場所がほしい', themes: ['community'] } }, { token: student });
    expect(said.data.addPerspective.authorName).toBe(NAME);
    const scenario = (await t.gql(`mutation($input: CreateScenarioInput!) { createScenario(input: $input) { id } }`, { input: { topic: 'DISASTER', title: 'もし夜に地震が来たら？', prompt: 'まず何をしますか' } }, { token: coordinator.token })).data.createScenario.id;
    const answered = await t.gql(
      `mutation($id: ID!, $input: ScenarioResponseInput!) { respondToScenario(scenarioId: $id, input: $input) { id authorName } }`,
      { id: scenario, input: { text: '家族に連絡して避難所へ行く', needs: [], canHelpWith: ['CHECK_IN_CALL'] } },
      { token: student },
    );
    expect(answered.data.respondToScenario.authorName).toBe(NAME);

    const PERSPECTIVES = `query($id: ID!) { perspectives(eventId: $id) { edges { node { text authorName } } } }`;
    const RESPONSES = `query($id: ID!) { scenario(id: $id) { responses { edges { node { text authorName } } } } }`;
    const seen = async (token?: string) => ({
      perspective: (await t.gql(PERSPECTIVES, { id: meeting.id }, { token })).data?.perspectives.edges[0]?.node.authorName,
      response: (await t.gql(RESPONSES, { id: scenario }, { token })).data?.scenario?.responses.edges[0]?.node.authorName,
    });
    expect(await seen(resident.token)).toEqual({ perspective: '生徒さん', response: '生徒さん' });
    expect(await seen(member.user.token)).toEqual({ perspective: '生徒さん', response: '生徒さん' });
    expect(await seen(student)).toEqual({ perspective: NAME, response: NAME });
    expect(await seen(coordinator.token)).toEqual({ perspective: NAME, response: NAME });
    // a resident's own words keep their name for everyone
    await t.gql(`mutation($i: AddPerspectiveInput!) { addPerspective(input: $i) { id } }`, { i: { eventId: meeting.id, text: '公民館を夜も開けてほしい', themes: ['community'] } }, { token: resident.token });
    const all = (await t.gql(PERSPECTIVES, { id: meeting.id }, { token: student })).data.perspectives.edges.map((e: any) => e.node);
    expect(all).toEqual([
      { text: '放課後の居場所がほしい', authorName: NAME },
      { text: '公民館を夜も開けてほしい', authorName: '住民 太一' },
    ]);
  });
});

describe('the bootstrap coordinator', () => {
  const extra: NestExpressApplication[] = [];
  afterAll(async () => {
    for (const app of extra) await app.close();
  });
  const ME = '{ me { id roles } }';
  const AUDIT = '{ auditLog(first: 1) { totalCount } }';
  const serve = async (email: string, password: string) => {
    const app = await createApi({ ...t.config, runMigrations: false, bootstrapCoordinator: { email, password } });
    extra.push(app);
    return (query: string, token?: string) => {
      let req = request(app.getHttpServer()).post('/graphql').set('content-type', 'application/json');
      if (token) req = req.set('authorization', `Bearer ${token}`);
      return req.send({ query }).then((r) => ({ status: r.status, data: r.body.data, code: r.body.errors?.[0]?.extensions?.code }));
    };
  };

  it('never makes a coordinator of a token issued before the start that applied it', async () => {
    const email = `takeover-${Date.now()}@example.jp`;
    const signUp = await t.gql(`mutation($input: SignUpInput!) { signUp(input: $input) { token user { id } } }`, {
      input: { displayName: '先に登録した住民', email, password: 'resident-pass-1' },
    });
    const old = signUp.data.signUp.token;
    expect((await t.gql(ME, {}, { token: old })).data.me.roles).toEqual(['RESIDENT']);

    // an operator then names this address as the bootstrap coordinator: the start gives it the
    // role and the operator's password, and the resident's old token dies
    const api = await serve(email, 'operator-pass-2026');
    expect(await api(AUDIT, old)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await api(ME, old)).data.me).toBeNull();
    const login = await t.gql(`mutation { login(email: "${email}", password: "operator-pass-2026") { token user { roles } } }`);
    expect(login.data.login.user.roles.sort()).toEqual([Role.COORDINATOR, Role.RESIDENT].sort());
    const fresh = login.data.login.token;
    expect((await api(AUDIT, fresh)).data.auditLog.totalCount).toBeGreaterThanOrEqual(0);
    // the old password is gone with it
    expect((await t.gql(`mutation { login(email: "${email}", password: "resident-pass-1") { token } }`)).code).toBe('UNAUTHENTICATED');

    // a later start that changes nothing (same password, already a coordinator) revokes nothing
    const again = await serve(email, 'operator-pass-2026');
    expect((await again(AUDIT, fresh)).code).toBeUndefined();
    // one that changes the password does
    await serve(email, 'operator-pass-2027');
    expect((await again(AUDIT, fresh)).code).toBe('UNAUTHENTICATED');
  });
});
