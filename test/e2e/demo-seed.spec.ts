import { createHash } from 'node:crypto';
import { DEMO_EVENTS, DEMO_ORGANIZATIONS, DEMO_RESIDENTS, DEMO_SCHOOLS } from '../../src/demo/demo-data.js';
import { jstStart, seedDemoData } from '../../src/demo/seed.js';
import { startTestApp, type TestApp } from '../support/app.js';

const PASSWORD = 'kurume-demo-2026';
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
const LOGIN = `mutation($e:String!,$p:String!){ login(email:$e,password:$p){ user { roles } } }`;

let t: TestApp;
let first: Awaited<ReturnType<typeof seedDemoData>>;
const now = new Date('2026-05-20T23:30:00Z'); // 08:30 on 21 May in Japan

const count = async (table: string): Promise<number> => (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

beforeAll(async () => {
  t = await startTestApp();
  first = await seedDemoData(t.db, { memberPassword: PASSWORD, now });
});
afterAll(() => t?.close());

describe('seedDemoData', () => {
  it('fills a fresh graph: schools, organisations, accounts and events on all four platforms in Japanese', async () => {
    expect(first.seeded).toBe(true);
    expect(first.schools.map((s) => s.name)).toEqual(DEMO_SCHOOLS.map((s) => s.name));
    expect(first.accounts).toHaveLength(DEMO_ORGANIZATIONS.length + DEMO_RESIDENTS.length);

    expect(await count('school')).toBe(3);
    expect(await count('organization')).toBe(6);
    expect(await count('organization_member')).toBe(6);
    expect(await count('app_user')).toBe(10);
    expect(await count('event')).toBe(DEMO_EVENTS.length);

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
    expect((await t.gql(LOGIN, { e: DEMO_ORGANIZATIONS[0].member.email, p: 'not-the-password' })).code).toBe('UNAUTHENTICATED');

    const hashes: { password_hash: string }[] = await t.db.query('SELECT DISTINCT password_hash FROM app_user');
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

  it('writes nothing the second time', async () => {
    const tables = ['app_user', 'school', 'organization', 'organization_member', 'event', 'event_participant'];
    const before = await Promise.all(tables.map(count));
    const again = await seedDemoData(t.db, { memberPassword: PASSWORD });
    expect(again).toEqual({ seeded: false, schools: [], accounts: [] });
    expect(await Promise.all(tables.map(count))).toEqual(before);
  });

  it('of two starts seeding an empty graph at once, exactly one seeds', async () => {
    await t.db.query('TRUNCATE event_participant, event, organization_member, organization, school, app_user CASCADE');
    const results = await Promise.all([seedDemoData(t.db, { memberPassword: PASSWORD }), seedDemoData(t.db, { memberPassword: PASSWORD })]);
    expect(results.map((r) => r.seeded).sort()).toEqual([false, true]);
    expect(await count('organization')).toBe(DEMO_ORGANIZATIONS.length);
    expect(await count('event')).toBe(DEMO_EVENTS.length);
  });
});
