import { createHash } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { COMMITTEE_AGENDA, COMMITTEE_HIGHLIGHTED, COMMITTEE_MEETING, COMMITTEE_MINUTES, COMMITTEE_PERSPECTIVES, COMMITTEE_RESIDENTS, COMMITTEE_STANCES } from '../../src/demo/committee-demo.js';
import { DEMO_EVENTS, DEMO_OFFERS, DEMO_ORGANIZATIONS, DEMO_RESIDENTS, DEMO_SCHOOLS, DEMO_STUDENTS } from '../../src/demo/demo-data.js';
import { DEMO_CONTACT_CARDS, DEMO_DRILL, DEMO_NEEDS, DEMO_PLEDGES, DEMO_SCENARIOS } from '../../src/demo/preparedness-demo.js';
import { DEMO_LOGINS, demoEmail, SUPPORT_HELPER, SUPPORT_HELPER_NEED } from '../../src/demo/demo-logins.js';
import { jstStart, seedDemoData } from '../../src/demo/seed.js';
import { TV_COMMENTS, TV_EPISODES, TV_PROGRAM } from '../../src/demo/tv-demo.js';
import { startWorker } from '../../src/worker.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createCoordinator, type TestUser } from '../support/factories.js';
import { waitUntil } from '../support/process.js';

const PASSWORD = 'kurume-demo-2026';
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
const LOGIN = `mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token user { roles } } }`;

let t: TestApp;
let worker: INestApplicationContext;
/** made before the seed, like the bootstrap coordinator of `npm start`: the demo needs are registered by them */
let coordinator: TestUser;
let first: Awaited<ReturnType<typeof seedDemoData>>;
const now = new Date('2026-05-20T23:30:00Z'); // 08:30 on 21 May in Japan

const count = async (table: string): Promise<number> => (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

// the plan of the future-conference demo data, written down here so that a change to it is a visible decision
const PLANNED = { students: 30, offers: 8, open: 7, draft: 1, matchable: 26, withoutConsent: 3, withoutThemes: 1 };
const stageOf = (school: string) => DEMO_SCHOOLS.find((s) => s.key === school)!.stage;

beforeAll(async () => {
  t = await startTestApp();
  worker = await startWorker({ ...t.config, runMigrations: false });
  coordinator = await createCoordinator(t);
  first = await seedDemoData(t.app, { memberPassword: PASSWORD, now });
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
});

describe('seedDemoData', () => {
  it('fills a fresh graph: schools, organisations, accounts and events on all four platforms in Japanese', async () => {
    expect(first.seeded).toBe(true);
    expect(first.schools.map((s) => s.name)).toEqual(DEMO_SCHOOLS.map((s) => s.name));
    expect(first.accounts).toHaveLength(DEMO_ORGANIZATIONS.length + DEMO_RESIDENTS.length);

    expect(await count('school')).toBe(3);
    expect(await count('organization')).toBe(6);
    expect(await count('organization_member')).toBe(6);
    // and the coordinator made before the seed
    expect(await count('app_user')).toBe(DEMO_ORGANIZATIONS.length + DEMO_RESIDENTS.length + DEMO_STUDENTS.length + 1);
    // the demo events, and the gatherings of the demo run's three joint actions
    expect(await count('event WHERE NOT gathering')).toBe(DEMO_EVENTS.length);
    expect(await count('event WHERE gathering')).toBe(3);

    const orgs: { kind: string; verified: boolean; name: string; description: string }[] = await t.db.query('SELECT kind, verified, name, description FROM organization');
    expect(new Set(orgs.map((o) => o.kind))).toEqual(new Set(['COMPANY', 'NPO', 'COMMUNITY_GROUP', 'PUBLIC_FACILITY']));
    expect(orgs.filter((o) => o.verified)).toHaveLength(5);
    for (const o of orgs) expect(o.name + o.description).toMatch(JAPANESE);

    const events: { platform: string; title: string; description: string; mode: string; starts_at: Date }[] = await t.db.query(
      'SELECT platform, title, description, mode, starts_at FROM event',
    );
    for (const platform of ['COMMITTEE', 'FUTURE_CONFERENCE', 'PREPAREDNESS', 'TV']) {
      expect(events.filter((e) => e.platform === platform).length).toBeGreaterThanOrEqual(3);
    }
    for (const e of events) {
      expect(e.title).toMatch(JAPANESE);
      expect(e.description).toMatch(JAPANESE);
    }
    expect(new Set(events.map((e) => e.mode))).toEqual(new Set(['ONSITE', 'ONLINE', 'HYBRID']));
    expect(events.some((e) => e.starts_at < now)).toBe(true);
    expect(events.filter((e) => e.starts_at > now).length).toBeGreaterThan(events.length / 2);
  });

  it('times events in Japan time relative to now', async () => {
    const e = DEMO_EVENTS.find((x) => x.title.includes('第8回'))!;
    expect(e.dayOffset).toBe(3);
    // 21 May (JST) + 3 days at 20:00 JST
    expect(jstStart(now, e).toISOString()).toBe('2026-05-24T11:00:00.000Z');
    const [row] = await t.db.query('SELECT starts_at FROM event WHERE title = $1', [e.title]);
    expect(new Date(row.starts_at).toISOString()).toBe('2026-05-24T11:00:00.000Z');
  });

  it('keeps participant_count equal to the joined rows; the full event has two waiting, after the joined', async () => {
    const mismatched = await t.db.query(
      `SELECT e.id FROM event e
       WHERE e.participant_count <> (SELECT count(*) FROM event_participant p WHERE p.event_id = e.id AND p.status = 'JOINED')`,
    );
    expect(mismatched).toEqual([]);

    const full: { id: string; capacity: number; participant_count: number }[] = await t.db.query(
      'SELECT id, capacity, participant_count FROM event WHERE capacity IS NOT NULL AND participant_count = capacity',
    );
    expect(full).toHaveLength(1);
    expect(full[0].capacity).toBe(3);
    const people: { status: string; seq: string }[] = await t.db.query('SELECT status, seq FROM event_participant WHERE event_id = $1 ORDER BY seq', [full[0].id]);
    expect(people.map((p) => p.status)).toEqual(['JOINED', 'JOINED', 'JOINED', 'WAITLISTED', 'WAITLISTED']);

    const gql = await t.gql('query($id: ID!) { event(id: $id) { participantCount capacity waitlistCount } }', { id: full[0].id });
    expect(gql.data.event).toEqual({ participantCount: 3, capacity: 3, waitlistCount: 2 });
  });

  it('organisation members and residents log in with the demo password', async () => {
    for (const o of DEMO_ORGANIZATIONS) {
      const res = await t.gql(LOGIN, { e: o.member.email, p: PASSWORD });
      expect(res.errors).toBeUndefined();
      expect(res.data.login.user.roles).toEqual(['ORGANIZATION_MEMBER']);
    }
    const resident = await t.gql(LOGIN, { e: DEMO_RESIDENTS[0].email, p: PASSWORD });
    expect(resident.data.login.user.roles).toEqual(['RESIDENT']);
    // the banner's logins (src/demo/demo-logins.ts) work, and say true things of their accounts
    for (const l of DEMO_LOGINS) expect((await t.gql(LOGIN, { e: demoEmail(l.key), p: PASSWORD })).errors).toBeUndefined();
    const unverified = DEMO_ORGANIZATIONS.find((o) => o.member.key === DEMO_LOGINS.find((l) => l.platform === 'unverified org')!.key)!;
    expect(unverified.verified).toBe(false);
    expect(DEMO_OFFERS.filter((o) => o.organization === unverified.key && o.status === 'OPEN')).toHaveLength(1);
    expect((await t.gql(LOGIN, { e: DEMO_ORGANIZATIONS[0].member.email, p: 'not-the-password' })).code).toBe('UNAUTHENTICATED');

    const hashes: { password_hash: string }[] = await t.db.query(
      `SELECT DISTINCT password_hash FROM app_user WHERE password_hash IS NOT NULL AND NOT 'COORDINATOR' = ANY(roles)`,
    );
    expect(hashes).toHaveLength(1);
    expect(hashes[0].password_hash).toMatch(/^\$argon2id\$/);
  });

  it('stores only the sha256 of each school API key', async () => {
    for (const s of first.schools) {
      const [row] = await t.db.query('SELECT api_key_hash, api_key_prefix FROM school WHERE name = $1', [s.name]);
      expect(Buffer.from(row.api_key_hash).equals(createHash('sha256').update(s.apiKey).digest())).toBe(true);
      expect(s.apiKey.startsWith(row.api_key_prefix)).toBe(true);
    }
  });

  it('serves the TV episodes over GraphQL', async () => {
    const res = await t.gql('{ events(filter: { platform: TV }, first: 10) { totalCount edges { node { title platform onlineUrl mode } } } }');
    expect(res.errors).toBeUndefined();
    const tv = DEMO_EVENTS.filter((e) => e.platform === 'TV');
    expect(res.data.events.totalCount).toBe(tv.length);
    const titles = res.data.events.edges.map((x: any) => x.node.title);
    expect(new Set(titles)).toEqual(new Set(tv.map((e) => e.title)));
    expect(titles).toContain('地福TV 第8回『子ども食堂のいま』');
    for (const { node } of res.data.events.edges) {
      expect(node.platform).toBe('TV');
      expect(node.onlineUrl).toMatch(/^https:\/\/tv\.chifuku\.example\/live\/\d+$/);
    }
  });

  it('writes the offers of the demo organisations: planned OPEN and DRAFT counts, published, made by the member, in Japanese', async () => {
    expect(first.offers).toBe(PLANNED.offers);
    expect(DEMO_OFFERS).toHaveLength(PLANNED.offers);
    const offers: {
      title: string; description: string; status: string; published_at: Date | null; created_at: Date; created_by: string | null;
      member: string; verified: boolean; themes: string[]; stages: string[]; slots: string[]; mode: string; area: string;
    }[] = await t.db.query(
      `SELECT o.title, o.description, o.status, o.published_at, o.created_at, o.created_by, m.user_id AS member, org.verified,
              o.themes, o.stages::text[] AS stages, o.slots::text[] AS slots, o.mode, o.area
       FROM offer o JOIN organization org ON org.id = o.organization_id JOIN organization_member m ON m.organization_id = org.id`,
    );
    expect(offers).toHaveLength(PLANNED.offers);
    expect(offers.filter((o) => o.status === 'OPEN')).toHaveLength(PLANNED.open);
    expect(offers.filter((o) => o.status === 'DRAFT')).toHaveLength(PLANNED.draft);
    const themes = new Set((await t.db.query('SELECT key FROM theme')).map((r: { key: string }) => r.key));
    for (const o of offers) {
      expect(o.title).toMatch(JAPANESE);
      expect(o.description).toMatch(JAPANESE);
      expect(o.created_by).toBe(o.member);
      expect(o.area).toMatch(JAPANESE);
      for (const k of o.themes) expect(themes).toContain(k);
      // published exactly when OPEN
      expect(o.published_at === null).toBe(o.status === 'DRAFT');
    }
    for (const o of offers.filter((x) => x.status === 'OPEN')) expect(new Date(o.published_at!).getTime()).toBeLessThan(now.getTime());
    // one OPEN offer comes from the organisation not yet verified: coordinators see that it is never proposed into
    expect(offers.filter((o) => o.status === 'OPEN' && !o.verified)).toHaveLength(1);
    expect(new Set(offers.map((o) => o.mode))).toEqual(new Set(['ONSITE', 'ONLINE', 'HYBRID']));
    expect(offers.some((o) => o.slots.length === 0)).toBe(true);
  });

  it('enrols the demo students in the three schools, stage by school, with Japanese worries and wishes', async () => {
    expect(first.students).toBe(PLANNED.students);
    const students: {
      display_name: string; email: string | null; password_hash: string | null; roles: string[]; school: string; stage: string;
      external_ref: string; guardian_consent: boolean; themes: string[]; concerns: string; interests: string; area: string; slots: string[]; modes: string[];
    }[] = await t.db.query(
      `SELECT u.display_name, u.email, u.password_hash, u.roles::text[] AS roles, sc.name AS school, s.stage, s.external_ref, s.guardian_consent,
              s.themes, s.concerns, s.interests, s.area, s.slots::text[] AS slots, s.modes::text[] AS modes
       FROM student s JOIN app_user u ON u.id = s.id JOIN school sc ON sc.id = s.school_id`,
    );
    expect(students).toHaveLength(PLANNED.students);
    const stageOfSchool = new Map(DEMO_SCHOOLS.map((s) => [s.name, s.stage]));
    expect(new Map(DEMO_SCHOOLS.map((s) => [s.name, s.stage]))).toEqual(
      new Map([['久留米市立みらい坂中学校', 'JUNIOR_HIGH'], ['福岡県立筑後川みなみ高等学校', 'HIGH_SCHOOL'], ['くるめ未来学園大学', 'UNIVERSITY']]),
    );
    for (const school of DEMO_SCHOOLS) expect(students.filter((s) => s.school === school.name).length).toBeGreaterThanOrEqual(8);
    const themes = new Set((await t.db.query('SELECT key FROM theme')).map((r: { key: string }) => r.key));
    for (const s of students) {
      expect(s.roles).toEqual(['STUDENT']);
      expect(s.email).toBeNull();
      expect(s.password_hash).toBeNull();
      expect(s.stage).toBe(stageOfSchool.get(s.school));
      expect(s.external_ref).toMatch(/^mirai-2026-\d{3}$/);
      expect(s.display_name).toMatch(/^\S+ \S+$/);
      expect(s.display_name).toMatch(JAPANESE);
      expect(s.concerns).toMatch(JAPANESE);
      expect(s.area).toMatch(JAPANESE);
      expect(s.slots.length).toBeGreaterThan(0);
      expect(s.modes.length).toBeGreaterThan(0);
      for (const k of s.themes) expect(themes).toContain(k);
    }
    expect(new Set(students.map((s) => s.display_name)).size).toBe(PLANNED.students);
    // who chose themes wrote what they would like to do
    const withThemes = students.filter((s) => s.themes.length > 0);
    expect(withThemes).toHaveLength(PLANNED.students - PLANNED.withoutThemes);
    for (const s of withThemes) expect(s.interests).toMatch(JAPANESE);
    expect(students.filter((s) => !s.guardian_consent && s.stage !== 'UNIVERSITY')).toHaveLength(PLANNED.withoutConsent);
    expect(students.filter((s) => s.themes.length === 0)).toHaveLength(PLANNED.withoutThemes);

    // the contract's "matchable": a theme, and consent unless at university
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM student WHERE withdrawn_at IS NULL AND cardinality(themes) > 0 AND (guardian_consent OR stage = 'UNIVERSITY')`,
    );
    expect(n).toBe(PLANNED.matchable);
    expect(DEMO_STUDENTS.filter((s) => s.themes.length > 0 && (s.guardianConsent || stageOf(s.school) === 'UNIVERSITY'))).toHaveLength(PLANNED.matchable);
  });

  it('未来会議: the demo run left joint actions in each state, through the real approvals and answers; 地福TV features the confirmed one', async () => {
    expect(first.platforms.jointActions).toEqual({ confirmed: 1, awaitingReplies: 1, cancelled: 1, proposed: expect.any(Number) });
    expect(first.platforms.jointActions.proposed).toBeGreaterThan(0);
    const res = await t.gql(
      `{ proposals(first: 50, status: APPROVED) { edges { node { offer { title capacity remainingCapacity } jointAction { id status respondBy
          organizationInvitation { status } invitations { status } participants { displayName } event { participantCount } } } } } }`,
      {},
      { token: coordinator.token },
    );
    expect(res.errors).toBeUndefined();
    const byStatus = new Map(res.data.proposals.edges.map((e: any) => [e.node.jointAction.status, e.node]));
    expect([...byStatus.keys()].sort()).toEqual(['AWAITING_REPLIES', 'CANCELLED', 'CONFIRMED']);
    const statuses = (n: any): string[] => n.jointAction.invitations.map((i: any) => i.status).sort();
    // everyone said yes: they are its participants and its gathering's
    const confirmed: any = byStatus.get('CONFIRMED');
    expect(confirmed.jointAction.organizationInvitation.status).toBe('ACCEPTED');
    expect(new Set(statuses(confirmed))).toEqual(new Set(['ACCEPTED']));
    expect(confirmed.jointAction.participants.length).toBe(confirmed.jointAction.invitations.length);
    expect(confirmed.jointAction.event.participantCount).toBe(confirmed.jointAction.invitations.length);
    for (const p of confirmed.jointAction.participants) expect(DEMO_STUDENTS.map((x) => x.displayName)).toContain(p.displayName);
    // one student said yes, the organisation has a week left to answer
    const awaiting: any = byStatus.get('AWAITING_REPLIES');
    expect(awaiting.jointAction.organizationInvitation.status).toBe('PENDING');
    expect(statuses(awaiting).filter((x) => x === 'ACCEPTED')).toHaveLength(1);
    expect(statuses(awaiting).filter((x) => x !== 'ACCEPTED').every((x) => x === 'PENDING')).toBe(true);
    expect(new Date(awaiting.jointAction.respondBy).getTime()).toBeGreaterThan(Date.now() + 6 * 86400_000);
    // placed in the demo's story: run, approvals and answers three days before the seed's now
    const [placed] = await t.db.query(
      `SELECT max(greatest(ja.created_at, ja.settled_at, i.responded_at, e.created_at)) AS last FROM joint_action ja JOIN joint_action_invitation i ON i.joint_action_id = ja.id JOIN event e ON e.id = ja.event_id`,
    );
    expect(new Date(placed.last).getTime()).toBeLessThan(now.getTime() - 2 * 86400_000);
    // the organisation said no: nobody is in it and its places went back
    const cancelled: any = byStatus.get('CANCELLED');
    expect(cancelled.jointAction.organizationInvitation.status).toBe('DECLINED');
    expect(new Set(statuses(cancelled))).toEqual(new Set(['EXPIRED']));
    expect(cancelled.jointAction.participants).toEqual([]);
    expect(cancelled.offer.remainingCapacity).toBe(cancelled.offer.capacity);
    const featured = await t.db.query('SELECT joint_action_id::text AS id FROM tv_feature WHERE joint_action_id IS NOT NULL');
    expect(featured).toEqual([{ id: confirmed.jointAction.id }]);
  });

  it("a coordinator's matching run after the demo's proposes demo students to the open offers, with Japanese reasons", async () => {
    const started = await t.gql('mutation { requestMatchingRun { id } }', {}, { token: coordinator.token });
    expect(started.errors).toBeUndefined();
    const id = started.data.requestMatchingRun.id;
    let run: { status: string; proposalsCreated: number } | undefined;
    const finished = await waitUntil(async () => {
      run = (await t.gql('query($id: ID!) { matchingRun(id: $id) { status proposalsCreated } }', { id }, { token: coordinator.token })).data.matchingRun;
      return run!.status === 'COMPLETED' || run!.status === 'FAILED';
    }, 30_000);
    expect(finished).toBe(true);
    expect(run!.status).toBe('COMPLETED');
    expect(run!.proposalsCreated).toBeGreaterThanOrEqual(3);

    const res = await t.gql(
      '{ proposals(first: 50, status: PROPOSED) { edges { node { offer { title } participants { reasons student { displayName } } plan { title } } } } }',
      {},
      { token: coordinator.token },
    );
    expect(res.errors).toBeUndefined();
    const proposals: { offer: { title: string }; participants: { reasons: string[]; student: { displayName: string } }[]; plan: { title: string } }[] =
      res.data.proposals.edges.map((e: any) => e.node);
    expect(proposals).toHaveLength(run!.proposalsCreated);

    const byName = new Map(DEMO_STUDENTS.map((s) => [s.displayName, s]));
    const offerOf = new Map(DEMO_OFFERS.map((o) => [o.title, o]));
    const verified = new Set(DEMO_ORGANIZATIONS.filter((o) => o.verified).map((o) => o.key));
    for (const p of proposals) {
      const offer = offerOf.get(p.offer.title)!;
      expect(offer.status).toBe('OPEN');
      expect(verified).toContain(offer.organization);
      expect(p.plan.title).toMatch(JAPANESE);
      expect(p.participants.length).toBeGreaterThan(0);
      for (const x of p.participants) {
        const student = byName.get(x.student.displayName)!;
        expect(student).toBeDefined();
        // matchable, in a stage the offer takes, and fitting its mode
        expect(student.themes.length).toBeGreaterThan(0);
        expect(student.guardianConsent || stageOf(student.school) === 'UNIVERSITY').toBe(true);
        expect(offer.stages).toContain(stageOf(student.school));
        // a HYBRID offer fits every mode, one without slots every time
        expect(offer.mode === 'HYBRID' || student.modes.includes(offer.mode)).toBe(true);
        expect(offer.slots.length === 0 || student.slots.some((slot) => offer.slots.includes(slot))).toBe(true);
        expect(x.reasons.length).toBeGreaterThan(0);
        for (const r of x.reasons) expect(r).toMatch(JAPANESE);
      }
      // the demo students were written to fit: each proposal names a theme its people share with the offer
      expect(p.participants.some((x) => x.reasons.some((r) => r.startsWith('共通のテーマ')))).toBe(true);
    }
    // and the mode and slot rules above were put to the test: some proposals are for offers with one mode and with slots
    expect(proposals.some((p) => offerOf.get(p.offer.title)!.mode !== 'HYBRID')).toBe(true);
    expect(proposals.some((p) => offerOf.get(p.offer.title)!.slots.length > 0)).toBe(true);
  });

  describe('the sibling platforms', () => {
    const meetingTitle = DEMO_EVENTS.find((e) => e.key === COMMITTEE_MEETING)!.title;
    const tokenOf = async (email: string): Promise<string> => (await t.gql(LOGIN, { e: email, p: PASSWORD })).data.login.token;
    const bearer = (token: string) => ({ token });

    it('seeds each of them through their services, and says how much', () => {
      expect(first.platforms).toEqual({
        meetingId: expect.any(String),
        perspectives: COMMITTEE_PERSPECTIVES.length,
        stances: Object.values(COMMITTEE_STANCES).join('').replaceAll('|', '').replaceAll('.', '').length,
        episodes: TV_EPISODES.length,
        comments: TV_COMMENTS.length,
        scenarios: DEMO_SCENARIOS.length,
        responses: DEMO_SCENARIOS.reduce((n, sc) => n + sc.responses.length, 0),
        pledges: DEMO_PLEDGES.length,
        needs: DEMO_NEEDS.length,
        drills: 1,
        jointActions: { confirmed: 1, awaitingReplies: 1, cancelled: 1, proposed: expect.any(Number) },
      });
      expect(COMMITTEE_RESIDENTS.every((r) => DEMO_RESIDENTS.includes(r))).toBe(true);
    });

    it('新地福委員会: the past meeting has its agenda, minutes and a map with two camps, consensus and divisive statements', async () => {
      const token = await tokenOf(DEMO_RESIDENTS[0].email);
      const meeting = (await t.gql('query($id: ID!) { event(id: $id) { title platform agenda { title position } minutes } }', { id: first.platforms.meetingId }, bearer(token))).data.event;
      expect(meeting).toEqual({ title: meetingTitle, platform: 'COMMITTEE', agenda: COMMITTEE_AGENDA.map((title, i) => ({ title, position: i + 1 })), minutes: COMMITTEE_MINUTES });

      const map = await t.gql(
        `query($id: ID!) { perspectiveMap(eventId: $id) { perspectives participants byTheme { theme count } byGeneration { generation count }
           keywords { term } opinionGroups { id size representative { text } } consensus { text } divisive { text } summary } }`,
        { id: first.platforms.meetingId },
        bearer(token),
      );
      expect(map.errors).toBeUndefined();
      const m = map.data.perspectiveMap;
      expect(m.perspectives).toBe(COMMITTEE_PERSPECTIVES.length);
      expect(m.participants).toBe(Object.keys(COMMITTEE_STANCES).length);
      expect(m.opinionGroups.length).toBeGreaterThanOrEqual(2);
      for (const g of m.opinionGroups) expect(g.size).toBeGreaterThanOrEqual(3);
      expect(m.consensus.length).toBeGreaterThanOrEqual(1);
      expect(m.divisive.length).toBeGreaterThanOrEqual(1);
      // the two camps: SNS and online on one side, the community centre and 回覧板 on the other
      const reps = m.opinionGroups.map((g: { representative: { text: string }[] }) => g.representative.map((p) => p.text).join(' '));
      expect(reps.some((x: string) => x.includes('オンライン') || x.includes('SNS'))).toBe(true);
      expect(reps.some((x: string) => x.includes('回覧板') || x.includes('コミュニティセンター'))).toBe(true);
      expect(m.summary).toContain('意見のまとまり');
      expect(m.byGeneration.length).toBeGreaterThanOrEqual(4);
      expect(m.keywords.length).toBeGreaterThan(0);

      // anonymous perspectives show no author; the others their author's name, never a student's
      const list = (await t.gql('query($id: ID!) { perspectives(eventId: $id, first: 50) { totalCount edges { node { text authorName agreeCount disagreeCount } } } }', { id: first.platforms.meetingId }, bearer(token)))
        .data.perspectives;
      expect(list.totalCount).toBe(COMMITTEE_PERSPECTIVES.length);
      const anonymous = new Set(COMMITTEE_PERSPECTIVES.filter((p) => p.anonymous).map((p) => p.text));
      expect(anonymous.size).toBeGreaterThanOrEqual(2);
      for (const { node } of list.edges) {
        expect(node.authorName === null).toBe(anonymous.has(node.text));
        expect(node.agreeCount + node.disagreeCount).toBeGreaterThan(0);
      }

      const svg = await request(t.app.getHttpServer()).get(`/committee/meetings/${first.platforms.meetingId}/map.svg`).buffer(true).parse((res, cb) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => cb(null, body));
      });
      expect(svg.status).toBe(200);
      expect(svg.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
      expect(svg.body).toContain('<svg');
      expect(svg.body).toContain(meetingTitle);
      expect(svg.body).toContain('30代');
      expect(svg.body).toContain('70代以上');
    });

    it('地福TV: the programme has the TV events as episodes, a replay, features from other platforms and comments on the replay', async () => {
      const res = await t.gql(
        `{ programs { title episodes(first: 20) { totalCount edges { node { title startsAt onlineUrl replayUrl
             featuredEvents { platform } comments(first: 20) { totalCount edges { node { authorName text atSecond } } } } } } } }`,
        {},
        bearer(coordinator.token),
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.programs).toHaveLength(1);
      const program = res.data.programs[0];
      expect(program.title).toBe(TV_PROGRAM.title);
      expect(program.episodes.totalCount).toBe(TV_EPISODES.length);
      const episodes = program.episodes.edges.map((e: any) => e.node);
      const past = episodes.filter((e: any) => new Date(e.startsAt) < now);
      const upcoming = episodes.filter((e: any) => new Date(e.startsAt) > now);
      expect(past.length).toBeGreaterThanOrEqual(1);
      expect(upcoming.length).toBeGreaterThanOrEqual(1);
      expect(past[0].replayUrl).toMatch(/^https:\/\/tv\.chifuku\.example\/replay\/\d+$/);
      for (const e of upcoming) {
        expect(e.replayUrl).toBeNull();
        expect(e.onlineUrl).toMatch(/^https:\/\/tv\.chifuku\.example\/live\/\d+$/);
      }
      for (const e of episodes) {
        expect(e.featuredEvents.length).toBeGreaterThan(0);
        for (const f of e.featuredEvents) expect(f.platform).not.toBe('TV');
      }
      const onReplay = past[0].comments.edges.map((c: any) => c.node);
      expect(onReplay.length).toBeGreaterThanOrEqual(3);
      for (const c of onReplay) {
        expect(c.atSecond).toBeGreaterThan(0);
        expect(c.text).toMatch(JAPANESE);
      }
      expect(episodes.reduce((n: number, e: any) => n + e.comments.totalCount, 0)).toBe(TV_COMMENTS.length);
    });

    it('みんなのもしも: scenarios on the PREPAREDNESS events with responses and aggregates, and a resident\'s もしもプラン', async () => {
      // the resident the banner offers for her もしもプラン
      const token = await tokenOf(demoEmail(DEMO_LOGINS.find((l) => l.platform === 'resident')!.key));
      const res = await t.gql(
        `{ scenarios { title topic responseCount sessions { platform } responses(first: 50) { edges { node { authorName text } } }
             aggregates { responses needs { kind area count suppressed } offers { kind area count suppressed } } } }`,
        {},
        bearer(token),
      );
      expect(res.errors).toBeUndefined();
      const scenarios = res.data.scenarios;
      expect(scenarios).toHaveLength(DEMO_SCENARIOS.length);
      expect(new Set(scenarios.map((x: any) => x.topic))).toEqual(new Set(['DISASTER', 'INFECTION']));
      for (const sc of scenarios) {
        expect(sc.sessions.length).toBeGreaterThan(0);
        for (const e of sc.sessions) expect(e.platform).toBe('PREPAREDNESS');
        expect(sc.responseCount).toBe(DEMO_SCENARIOS.find((d) => d.title === sc.title)!.responses.length);
        expect(sc.aggregates.responses).toBe(sc.responseCount);
      }
      const flood = scenarios.find((x: any) => x.title.includes('筑後川'));
      // three or more people of an area make a row of their own; fewer are gathered or suppressed
      expect(flood.aggregates.offers).toContainEqual({ kind: 'CHECK_IN_CALL', area: '田主丸', count: 4, suppressed: false });
      expect(flood.aggregates.needs).toContainEqual({ kind: 'EVACUATION_ESCORT', area: null, count: 3, suppressed: false });
      expect([...flood.aggregates.needs, ...flood.aggregates.offers].some((x: any) => x.suppressed && x.count === null)).toBe(true);
      const anonymous = flood.responses.edges.filter((e: any) => e.node.authorName === null);
      expect(anonymous).toHaveLength(DEMO_SCENARIOS[0].responses.filter((r) => r.anonymous).length);

      const plan = (await t.gql('{ myPreparednessPlan { progress items { key done } } }', {}, bearer(token))).data.myPreparednessPlan;
      expect(plan.progress).toBeGreaterThan(0);
      expect(plan.progress).toBeLessThan(1);
      expect(plan.items.filter((i: any) => i.done).map((i: any) => i.key)).toEqual(expect.arrayContaining(['stockpile', 'hazard_map']));
    });

    it('みんなのもしも: a coordinator sees the needs under pseudonyms, and requestSupportMatching on the worker pairs helpers with them', async () => {
      const needs = (await t.gql('{ supportNeeds { label kinds area } }', {}, bearer(coordinator.token))).data.supportNeeds;
      expect(needs.map((n: any) => n.label).sort()).toEqual(DEMO_NEEDS.map((n) => n.label).sort());
      const names = [...DEMO_RESIDENTS, ...DEMO_ORGANIZATIONS.map((o) => o.member)].flatMap((a) => a.displayName.split(/[\s・]+/));
      for (const n of needs) for (const part of names) expect(n.label).not.toContain(part);

      const run = (await t.gql('mutation { requestSupportMatching { id } }', {}, bearer(coordinator.token))).data.requestSupportMatching;
      let status = '';
      await waitUntil(async () => {
        status = (await t.gql('query($id: ID!) { matchingRun(id: $id) { status } }', { id: run.id }, bearer(coordinator.token))).data.matchingRun.status;
        return status === 'COMPLETED' || status === 'FAILED';
      }, 30_000);
      expect(status).toBe('COMPLETED');
      const pairings = (await t.gql('{ supportPairings(status: PROPOSED) { kinds reasons need { label } pledge { area helper { displayName } } } }', {}, bearer(coordinator.token))).data.supportPairings;
      // the banner's helper is paired with the need it names
      const helper = DEMO_ORGANIZATIONS.find((o) => o.member.key === SUPPORT_HELPER)!.member.displayName;
      expect(pairings.filter((p: any) => p.pledge.helper.displayName === helper).map((p: any) => p.need.label)).toEqual([SUPPORT_HELPER_NEED]);
      expect(pairings.length).toBeGreaterThanOrEqual(1);
      // written so that every need finds a helper in its area
      expect(new Set(pairings.map((p: any) => p.need.label))).toEqual(new Set(DEMO_NEEDS.map((n) => n.label)));
      for (const p of pairings) {
        expect(p.pledge.area).toBe(DEMO_NEEDS.find((n) => n.label === p.need.label)!.area);
        for (const r of p.reasons) expect(r).toMatch(JAPANESE);
      }
    });

    it('みんなのもしも: a past disaster drill with its results, counted apart from real statistics; the needs have their cards', async () => {
      const [drill] = await t.db.query(`SELECT id FROM disaster WHERE drill`);
      const d = (await t.gql(
        `query($id: ID!) { disaster(id: $id) { title areas status drill startedAt endedAt safetyCounts { status count } board(first: 10) { edges { node { status note need { label } } } } } }`,
        { id: drill.id },
        bearer(coordinator.token),
      )).data.disaster;
      // held in April 2026 (the Sunday three weeks before 21 May): fiscal year 2026, 令和8年度
      expect(d).toMatchObject({ title: `令和8年度 ${DEMO_DRILL.title}`, areas: DEMO_DRILL.areas, status: 'ENDED', drill: true });
      expect(Date.parse(d.startedAt)).toBeLessThan(now.getTime() - DEMO_DRILL.daysBefore * 86_400_000 + 1000);
      expect(new Date(d.startedAt).getUTCDay()).toBe(0); // a Sunday, 9:00 in Kurume
      expect(new Date(d.startedAt).getUTCHours()).toBe(0);
      expect(Date.parse(d.endedAt) - Date.parse(d.startedAt)).toBe(DEMO_DRILL.hours * 3600_000);
      expect(d.safetyCounts).toEqual([
        { status: 'UNKNOWN', count: 0 }, { status: 'SAFE', count: 1 }, { status: 'NEEDS_HELP', count: 1 }, { status: 'EVACUATED', count: 1 }, { status: 'UNREACHABLE', count: 0 },
      ]);
      expect(d.board.edges.map((e: any) => [e.node.need.label, e.node.status])).toEqual([['要支援C', 'NEEDS_HELP'], ['要支援B', 'EVACUATED'], ['要支援A', 'SAFE']]);
      for (const e of d.board.edges) expect(e.node.note).toMatch(/^訓練: /);
      const needs = (await t.gql('{ supportNeeds { label safety hasContactCard } }', {}, bearer(coordinator.token))).data.supportNeeds;
      expect(needs.every((n: any) => n.safety === 'UNKNOWN' && n.hasContactCard)).toBe(true);
      const feed = (await t.gql('{ activityFeed(platform: PREPAREDNESS, first: 50) { edges { node { kind title occurredAt } } } }')).data.activityFeed.edges.map((e: any) => e.node);
      expect(feed.find((a: any) => a.kind === 'DISASTER_DECLARED')).toMatchObject({ title: expect.stringContaining('防災訓練: '), occurredAt: d.startedAt });
      expect((await t.db.query(`SELECT count(*)::int AS n FROM notification WHERE kind = 'DISASTER_DECLARED'`))[0].n).toBe(0);
      // the cards hold fictional people only, sealed
      const cards = await t.db.query(`SELECT cipher FROM support_contact_card`);
      expect(cards).toHaveLength(DEMO_CONTACT_CARDS.length);
      for (const c of cards) for (const card of DEMO_CONTACT_CARDS) expect(c.cipher.includes(Buffer.from(card.name))).toBe(false);
      for (const card of DEMO_CONTACT_CARDS) expect(card.name).toContain('（架空）');
    });

    it('地福TV\'s feed carries the highlighted shared ground and the opened scenarios, for a reader who is not signed in', async () => {
      const feed = (await t.gql('{ activityFeed(first: 100) { edges { node { kind platform title } } } }')).data.activityFeed.edges.map((e: { node: unknown }) => e.node);
      const highlighted = feed.filter((a: { kind: string }) => a.kind === 'PERSPECTIVE_HIGHLIGHTED');
      expect(highlighted).toHaveLength(COMMITTEE_HIGHLIGHTED.length);
      for (const i of COMMITTEE_HIGHLIGHTED) {
        expect(highlighted.some((a: { title: string; platform: string }) => a.platform === 'COMMITTEE' && a.title.includes(COMMITTEE_PERSPECTIVES[i].text.slice(0, 20)))).toBe(true);
      }
      const opened = feed.filter((a: { kind: string }) => a.kind === 'SCENARIO_OPENED');
      expect(opened.map((a: { title: string }) => a.title).sort()).toEqual(DEMO_SCENARIOS.map((sc) => `みんなのもしも: ${sc.title}`).sort());
    });

    it('tells one story in time: each event announced weeks before it, a meeting\'s words during it, comments after the broadcast, nothing after now', async () => {
      const at = (d: string | Date) => new Date(d).getTime();
      const events: { id: string; key?: string; title: string; created_at: Date; starts_at: Date; ends_at: Date }[] = await t.db.query('SELECT id, title, created_at, starts_at, ends_at FROM event WHERE NOT gathering');
      const byTitle = new Map(events.map((e) => [e.title, e]));
      const byKey = (key: string) => byTitle.get(DEMO_EVENTS.find((e) => e.key === key)!.title)!;
      for (const e of events) {
        expect(at(e.created_at)).toBeLessThan(at(e.starts_at));
        expect(at(e.created_at)).toBeLessThanOrEqual(now.getTime());
      }
      expect(new Set(events.map((e) => at(e.created_at))).size).toBe(events.length);
      // an event that has taken place was announced four weeks before (so 「イベントの予定」 was true when its line was written)
      const past = events.filter((e) => at(e.starts_at) < now.getTime());
      expect(past.length).toBeGreaterThanOrEqual(4);
      for (const e of past) expect(at(e.starts_at) - at(e.created_at)).toBeGreaterThan(27 * 86_400_000);
      // people signed up after the announcement and before the start
      const [signUps] = await t.db.query(
        `SELECT count(*) FILTER (WHERE p.joined_at < e.created_at OR p.joined_at >= e.starts_at OR p.joined_at > $1)::int AS wrong, count(*)::int AS n
         FROM event_participant p JOIN event e ON e.id = p.event_id`,
        [now],
      );
      expect(signUps.n).toBeGreaterThan(0);
      expect(signUps.wrong).toBe(0);

      // the feed: every line at its source's time, none after now, no two event lines at one instant
      const feed: { kind: string; title: string; occurredAt: string }[] = (await t.gql('{ activityFeed(first: 100) { totalCount edges { node { kind title occurredAt } } } }', {}, bearer(coordinator.token)))
        .data.activityFeed.edges.map((e: { node: unknown }) => e.node);
      for (const line of feed) expect(at(line.occurredAt)).toBeLessThanOrEqual(now.getTime());
      const eventLines = feed.filter((l) => l.kind === 'EVENT_SCHEDULED' || l.kind === 'EPISODE_PUBLISHED');
      expect(eventLines).toHaveLength(DEMO_EVENTS.length);
      for (const line of eventLines) expect(at(line.occurredAt)).toBe(at(byTitle.get(line.title)!.created_at));

      // the past meeting: agenda a week before, perspectives (in the order posted) and stances during it, minutes and highlights after
      const meeting = byKey(COMMITTEE_MEETING);
      const [committee] = await t.db.query(
        `SELECT (SELECT max(created_at) FROM agenda_item WHERE event_id = $1) AS agenda,
                (SELECT min(updated_at) FROM perspective_stance s JOIN perspective p ON p.id = s.perspective_id WHERE p.event_id = $1) AS first_stance,
                (SELECT max(updated_at) FROM perspective_stance s JOIN perspective p ON p.id = s.perspective_id WHERE p.event_id = $1) AS last_stance,
                (SELECT count(*)::int FROM perspective_stance s JOIN perspective p ON p.id = s.perspective_id WHERE p.event_id = $1 AND s.updated_at <= p.created_at) AS stance_before_its_perspective,
                (SELECT updated_at FROM meeting_minutes WHERE event_id = $1) AS minutes`,
        [meeting.id],
      );
      expect(at(committee.agenda)).toBeLessThan(at(meeting.starts_at));
      expect(at(committee.first_stance)).toBeGreaterThan(at(meeting.starts_at));
      expect(at(committee.last_stance)).toBeLessThanOrEqual(at(meeting.ends_at));
      expect(committee.stance_before_its_perspective).toBe(0);
      expect(at(committee.minutes)).toBeGreaterThan(at(meeting.ends_at));
      expect(at(committee.minutes)).toBeLessThanOrEqual(now.getTime());
      const perspectives: { text: string; createdAt: string }[] = (
        await t.gql('query($id: ID!) { perspectives(eventId: $id, first: 50) { edges { node { text createdAt } } } }', { id: meeting.id }, bearer(coordinator.token))
      ).data.perspectives.edges.map((e: { node: unknown }) => e.node);
      expect(perspectives.map((p) => p.text)).toEqual(COMMITTEE_PERSPECTIVES.map((p) => p.text));
      for (const p of perspectives) {
        expect(at(p.createdAt)).toBeGreaterThan(at(meeting.starts_at));
        expect(at(p.createdAt)).toBeLessThan(at(meeting.ends_at));
      }
      const highlights = feed.filter((l) => l.kind === 'PERSPECTIVE_HIGHLIGHTED');
      expect(highlights).toHaveLength(COMMITTEE_HIGHLIGHTED.length);
      for (const h of highlights) expect(at(h.occurredAt)).toBeGreaterThan(at(committee.minutes));

      // 地福TV: the programme before its episodes were announced; comments on the replay after the
      // broadcast, those awaiting a live episode between its announcement and its start
      const program = (await t.gql(
        `{ programs { createdAt episodes(first: 20) { edges { node { title startsAt endsAt createdAt comments(first: 20) { edges { node { createdAt atSecond } } } } } } } }`,
        {},
        bearer(coordinator.token),
      )).data.programs[0];
      const episodes = program.episodes.edges.map((e: any) => e.node);
      for (const ep of episodes) expect(at(program.createdAt)).toBeLessThan(at(ep.createdAt));
      const comments = episodes.flatMap((ep: any) => ep.comments.edges.map((c: any) => ({ ...c.node, ep })));
      expect(comments).toHaveLength(TV_COMMENTS.length);
      const onReplay = comments.filter((c: any) => c.atSecond !== null);
      const beforeLive = comments.filter((c: any) => c.atSecond === null);
      expect(onReplay.length).toBe(TV_COMMENTS.filter((c) => c.atSecond !== null).length);
      expect(beforeLive.length).toBe(TV_COMMENTS.filter((c) => c.atSecond === null).length);
      for (const c of onReplay) expect(at(c.createdAt)).toBeGreaterThan(at(c.ep.endsAt));
      for (const c of beforeLive) {
        expect(at(c.createdAt)).toBeGreaterThan(at(c.ep.createdAt));
        expect(at(c.createdAt)).toBeLessThan(Math.min(at(c.ep.startsAt), now.getTime()));
      }
      for (const c of comments) expect(at(c.createdAt)).toBeLessThanOrEqual(now.getTime());

      // みんなのもしも: each scenario opened before its first session, its line with it, its responses after it
      const scenarios = (await t.gql('{ scenarios { title createdAt sessions { startsAt } responses(first: 50) { edges { node { createdAt } } } } }', {}, bearer(coordinator.token))).data.scenarios;
      expect(scenarios).toHaveLength(DEMO_SCENARIOS.length);
      for (const sc of scenarios) {
        expect(at(sc.createdAt)).toBeLessThan(Math.min(...sc.sessions.map((e: { startsAt: string }) => at(e.startsAt))));
        expect(at(sc.createdAt)).toBeLessThanOrEqual(now.getTime());
        expect(at(feed.find((l) => l.kind === 'SCENARIO_OPENED' && l.title === `みんなのもしも: ${sc.title}`)!.occurredAt)).toBe(at(sc.createdAt));
        for (const { node } of sc.responses.edges) {
          expect(at(node.createdAt)).toBeGreaterThan(at(sc.createdAt));
          expect(at(node.createdAt)).toBeLessThanOrEqual(now.getTime());
        }
      }
    });

    it('no student takes part in them: perspectives, stances, comments, responses and pledges are all adults\'', async () => {
      const [{ n }] = await t.db.query(
        `SELECT (SELECT count(*) FROM perspective p JOIN student s ON s.id = p.author_id) + (SELECT count(*) FROM perspective_stance x JOIN student s ON s.id = x.user_id)
              + (SELECT count(*) FROM tv_comment c JOIN student s ON s.id = c.author_id) + (SELECT count(*) FROM scenario_response r JOIN student s ON s.id = r.author_id)
              + (SELECT count(*) FROM support_pledge l JOIN student s ON s.id = l.helper_id) AS n`,
      );
      expect(Number(n)).toBe(0);
    });
  });

  it('writes nothing the second time', async () => {
    const tables = [
      'app_user', 'school', 'organization', 'organization_member', 'event', 'event_participant', 'student', 'offer',
      'agenda_item', 'meeting_minutes', 'perspective', 'perspective_stance', 'tv_program', 'tv_episode', 'tv_feature', 'tv_comment',
      'scenario', 'scenario_response', 'preparedness_plan_item', 'support_pledge', 'support_need',
      'support_contact_card', 'disaster', 'safety_report', 'matching_run', 'proposal', 'joint_action', 'joint_action_invitation',
    ];
    const before = await Promise.all(tables.map(count));
    const again = await seedDemoData(t.app, { memberPassword: PASSWORD });
    expect(again).toEqual({
      seeded: false, schools: [], accounts: [], students: 0, offers: 0,
      platforms: {
        meetingId: null, perspectives: 0, stances: 0, episodes: 0, comments: 0, scenarios: 0, responses: 0, pledges: 0, needs: 0, drills: 0,
        jointActions: { confirmed: 0, awaitingReplies: 0, cancelled: 0, proposed: 0 },
      },
    });
    expect(await Promise.all(tables.map(count))).toEqual(before);
  });

  it('fills the sibling platforms of a demo graph seeded before they had demo data', async () => {
    await t.db.query('TRUNCATE agenda_item, meeting_minutes, perspective, perspective_stance, tv_program, scenario, support_pledge, support_need CASCADE');
    const again = await seedDemoData(t.app, { memberPassword: PASSWORD, now });
    expect(again.seeded).toBe(false);
    expect(again.platforms).toMatchObject({ perspectives: COMMITTEE_PERSPECTIVES.length, episodes: TV_EPISODES.length, scenarios: DEMO_SCENARIOS.length, needs: DEMO_NEEDS.length });
    expect(await count('tv_episode')).toBe(TV_EPISODES.length);
  });

  it('of two starts seeding an empty graph at once, exactly one seeds', async () => {
    await t.db.query('TRUNCATE event_participant, event, organization_member, organization, school, app_user CASCADE');
    const results = await Promise.all([seedDemoData(t.app, { memberPassword: PASSWORD }), seedDemoData(t.app, { memberPassword: PASSWORD })]);
    expect(results.map((r) => r.seeded).sort()).toEqual([false, true]);
    expect(await count('organization')).toBe(DEMO_ORGANIZATIONS.length);
    expect(await count('event')).toBe(DEMO_EVENTS.length);
    expect(await count('student')).toBe(DEMO_STUDENTS.length);
    expect(await count('offer')).toBe(DEMO_OFFERS.length);
    // the sibling platforms once as well
    expect(results.map((r) => r.platforms.perspectives).sort()).toEqual([0, COMMITTEE_PERSPECTIVES.length]);
    expect(await count('perspective')).toBe(COMMITTEE_PERSPECTIVES.length);
    expect(await count('tv_program')).toBe(1);
    expect(await count('scenario')).toBe(DEMO_SCENARIOS.length);
  });
});
