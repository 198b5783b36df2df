import { createHash } from 'node:crypto';
import { COMMITTEE_PERSPECTIVES } from '../../src/demo/committee-demo.js';
import { DEMO_EVENTS, DEMO_OFFERS, DEMO_ORGANIZATIONS, DEMO_RESIDENTS, DEMO_SCHOOLS, DEMO_STUDENTS } from '../../src/demo/core/index.js';
import { DEMO_NEEDS, DEMO_SCENARIOS } from '../../src/demo/preparedness-demo.js';
import { DEMO_LOGINS, demoEmail } from '../../src/demo/demo-logins.js';
import { jstStart, seedDemoData } from '../../src/demo/seed.js';
import { TV_EPISODES } from '../../src/demo/tv-demo.js';
import type { TestApp } from '../support/app.js';
import { DEMO_NOW, JAPANESE, LOGIN, PASSWORD, PLANNED, stageOf, startSeededDemo, stopSeededDemo, type SeededDemo } from '../support/demo-seed.js';
import {  } from '../support/process.js';

/**
 * The demo graph `npm start` seeds (schools, organisations, accounts, events, offers, students),
 * and seeding again: nothing twice, the sibling platforms filled later, one of two concurrent starts.
 * The future conference's joint actions are in demo-seed-matching.spec.ts, the sibling platforms in
 * demo-seed-platforms.spec.ts.
 */
let t: TestApp;
let worker: SeededDemo['worker'];
let first: SeededDemo['first'];
const now = DEMO_NOW;

const count = async (table: string): Promise<number> => (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

beforeAll(async () => {
  ({ t, worker, first } = await startSeededDemo());
});
afterAll(() => stopSeededDemo({ t, worker }));

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
