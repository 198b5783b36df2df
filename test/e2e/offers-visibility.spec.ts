import { randomUUID } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { Role } from '../../src/identity/role.enum.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createCoordinator, createEvent, createOffers, createOrganization, createOrgMember, createUser, type TestUser } from '../support/factories.js';

// Offers, as others see them: who sees which offers (offers, offer, Organization.offers,
// myOrganization), filters, pagination, and batched loading. Creating and publishing them is
// offers.spec.ts.

let t: TestApp;
let coordinator: TestUser;
let resident: TestUser;
let student: TestUser;
let memberA: TestUser;
let memberB: TestUser;

beforeAll(async () => {
  // the same accounts as offers.spec.ts (automatic runs debounced for 10 minutes: they stay QUEUED)
  t = await startTestApp({ env: { MATCHING_DEBOUNCE_MS: '600000' } });
  coordinator = await createCoordinator(t);
  resident = await createUser(t, { roles: [Role.RESIDENT] });
  student = await createUser(t, { roles: [Role.STUDENT] });
  ({ user: memberA } = await createOrgMember(t));
  ({ user: memberB } = await createOrgMember(t));
  await createOrgMember(t, { verified: false });
});
afterAll(() => t?.close());

const OFFER = `query($id: ID!) { offer(id: $id) { id status organization { id } } }`;
const OFFERS = `query($filter: OfferFilter, $first: Int, $after: String) {
  offers(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id status createdAt } } }
}`;
const fieldsOf = (res: { errors?: { extensions?: { fields?: { field: string }[] } }[] }) => (res.errors?.[0]?.extensions?.fields ?? []).map((f) => f.field);

describe('who sees which offers', () => {
  const f: Record<string, string> = {};
  let eventHostedByA: string;
  beforeAll(async () => {
    // fresh organisations, so that the expected sets are exact
    const a = await createOrgMember(t);
    const b = await createOrgMember(t);
    const u = await createOrgMember(t, { verified: false });
    viewers.memberA = a.user;
    viewers.memberB = b.user;
    viewers.memberU = u.user;
    orgs.A = a.org.id;
    orgs.B = b.org.id;
    orgs.U = u.org.id;
    [f.draftA] = await createOffers(t, a.org.id, { status: 'DRAFT', title: 'A下書き' });
    [f.openA] = await createOffers(t, a.org.id, { status: 'OPEN', title: 'A公開' });
    [f.closedA] = await createOffers(t, a.org.id, { status: 'CLOSED', title: 'A締切' });
    [f.draftB] = await createOffers(t, b.org.id, { status: 'DRAFT', title: 'B下書き' });
    [f.openB] = await createOffers(t, b.org.id, { status: 'OPEN', title: 'B公開' });
    [f.openU] = await createOffers(t, u.org.id, { status: 'OPEN', title: 'U公開' });
    [f.draftU] = await createOffers(t, u.org.id, { status: 'DRAFT', title: 'U下書き' });
    eventHostedByA = (await createEvent(t, { hostOrganizationId: a.org.id })).id;
  });
  const viewers: Record<string, TestUser> = {};
  const orgs: Record<string, string> = {};
  const tokenOf = (who: string) => (who === 'coordinator' ? coordinator : who === 'student' ? student : who === 'resident' ? resident : viewers[who]).token;

  const EXPECTED: Record<string, string[]> = {
    coordinator: ['draftA', 'openA', 'closedA', 'draftB', 'openB', 'openU', 'draftU'],
    student: ['openA', 'openB'],
    resident: ['openA', 'openB'],
    memberA: ['draftA', 'openA', 'closedA', 'openB'],
    memberB: ['openA', 'draftB', 'openB'],
    memberU: ['openA', 'openB', 'openU', 'draftU'],
  };
  const names = (ids: Iterable<string>) => Object.keys(f).filter((k) => [...ids].includes(f[k])).sort();

  async function allVisible(token: string, filter?: Record<string, unknown>): Promise<string[]> {
    const ids: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 50; page++) {
      const res = await t.gql(OFFERS, { filter, first: 100, after }, { token });
      expect(res.errors).toBeUndefined();
      ids.push(...res.data.offers.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!res.data.offers.pageInfo.hasNextPage) return ids;
      after = res.data.offers.pageInfo.endCursor;
    }
    throw new Error('too many pages');
  }

  it('anonymous callers are UNAUTHENTICATED for offers, offer and Organization.offers', async () => {
    expect((await t.gql(OFFERS)).code).toBe('UNAUTHENTICATED');
    expect((await t.gql(OFFER, { id: f.openA })).code).toBe('UNAUTHENTICATED');
    // an event is public, its host's offers are not
    const res = await t.gql(`query($id: ID!) { event(id: $id) { id host { id offers { totalCount } } } }`, { id: eventHostedByA });
    expect(res.code).toBe('UNAUTHENTICATED');
    expect(res.data.event).toEqual({ id: eventHostedByA, host: null });
  });

  it.each(Object.keys(EXPECTED))('offers: %s sees exactly the expected ones', async (who) => {
    expect(names(await allVisible(tokenOf(who)))).toEqual([...EXPECTED[who]].sort());
  });

  it.each(Object.keys(EXPECTED))('offer(id): %s gets the visible ones and null for the others', async (who) => {
    for (const [name, id] of Object.entries(f)) {
      const res = await t.gql(OFFER, { id }, { token: tokenOf(who) });
      expect(res.errors).toBeUndefined();
      expect([name, res.data.offer?.id ?? null]).toEqual([name, EXPECTED[who].includes(name) ? id : null]);
    }
    // unknown ids are null too; a malformed one is BAD_USER_INPUT (the ID scalar refuses it before any resolver (id-scalar.ts; the contract allows BAD_USER_INPUT or NOT_FOUND))
    expect((await t.gql(OFFER, { id: randomUUID() }, { token: tokenOf(who) })).data).toEqual({ offer: null });
    expect((await t.gql(OFFER, { id: 'nope' }, { token: tokenOf(who) })).code).toBe('BAD_USER_INPUT');
  });

  it.each(Object.keys(EXPECTED))("Organization.offers: %s sees the same offers of each organisation", async (who) => {
    const res = await t.gql(
      `query($a: ID!, $b: ID!, $u: ID!) {
        a: offers(filter: { organizationId: $a }, first: 1) { edges { node { organization { id offers(first: 100) { totalCount edges { node { id } } } } } } }
        b: offers(filter: { organizationId: $b }, first: 1) { edges { node { organization { id offers(first: 100) { totalCount edges { node { id } } } } } } }
        u: offers(filter: { organizationId: $u }, first: 1) { edges { node { organization { id offers(first: 100) { totalCount edges { node { id } } } } } } }
      }`,
      { a: orgs.A, b: orgs.B, u: orgs.U },
      { token: tokenOf(who) },
    );
    expect(res.errors).toBeUndefined();
    const seen: string[] = [];
    for (const key of ['a', 'b', 'u']) {
      const org = res.data[key].edges[0]?.node.organization;
      if (!org) continue;
      expect(org.offers.totalCount).toBe(org.offers.edges.length);
      seen.push(...org.offers.edges.map((e: { node: { id: string } }) => e.node.id));
    }
    expect(names(seen)).toEqual([...EXPECTED[who]].sort());
  });

  it("members reach their own organisation's offers through myOrganization, drafts included", async () => {
    const res = await t.gql(`{ myOrganization { id offers(first: 10) { totalCount edges { node { id status } } } } }`, {}, { token: viewers.memberU.token });
    expect(res.data.myOrganization.id).toBe(orgs.U);
    expect(names(res.data.myOrganization.offers.edges.map((e: { node: { id: string } }) => e.node.id))).toEqual(['draftU', 'openU']);
    expect(res.data.myOrganization.offers.totalCount).toBe(2);
  });

  it('a student listing organisations sees the verified ones with their OPEN offers only', async () => {
    const res = await t.gql(`{ organizations(first: 100) { edges { node { id offers(first: 100) { edges { node { id status } } } } } } }`, {}, { token: student.token });
    expect(res.errors).toBeUndefined();
    const byOrg = new Map<string, { id: string; status: string }[]>(
      res.data.organizations.edges.map((e: { node: { id: string; offers: { edges: { node: { id: string; status: string } }[] } } }) => [e.node.id, e.node.offers.edges.map((x) => x.node)]),
    );
    expect(byOrg.has(orgs.U)).toBe(false);
    expect(byOrg.get(orgs.A)).toEqual([{ id: f.openA, status: 'OPEN' }]);
    for (const offers of byOrg.values()) for (const o of offers) expect(o.status).toBe('OPEN');
  });

  it('filters by status, theme and organisation, within what the caller may see', async () => {
    expect(names(await allVisible(tokenOf('memberA'), { status: 'DRAFT' }))).toEqual(['draftA']);
    expect(names(await allVisible(tokenOf('coordinator'), { status: 'DRAFT' }))).toEqual(['draftA', 'draftB', 'draftU']);
    expect(names(await allVisible(tokenOf('student'), { status: 'DRAFT' }))).toEqual([]);
    expect(names(await allVisible(tokenOf('coordinator'), { organizationId: orgs.U }))).toEqual(['draftU', 'openU']);
    expect(names(await allVisible(tokenOf('student'), { organizationId: orgs.U }))).toEqual([]);
    const welfare = await createOffers(t, orgs.B, { status: 'OPEN', themes: ['welfare'], title: 'B福祉' });
    expect(await allVisible(tokenOf('student'), { theme: 'welfare' })).toEqual(welfare);
    expect(names(await allVisible(tokenOf('student'), { theme: 'community', organizationId: orgs.A }))).toEqual(['openA']);
  });

  it('refuses an unknown theme and a malformed organisation id in the filter, naming the field', async () => {
    const theme = await t.gql(OFFERS, { filter: { theme: 'no-such-theme' } }, { token: student.token });
    expect(theme.code).toBe('BAD_USER_INPUT');
    expect(fieldsOf(theme)).toEqual(['filter.theme']);
    const org = await t.gql(OFFERS, { filter: { organizationId: 'x' } }, { token: student.token });
    expect(org.code).toBe('BAD_USER_INPUT');
    expect(fieldsOf(org)).toEqual(['filter.organizationId']);
  });
});

describe('pagination', () => {
  let org: { id: string };
  let ordered: string[];
  beforeAll(async () => {
    org = await createOrganization(t);
    // 20 offers sharing one created_at (one statement), 5 more, and 3 a microsecond apart
    await createOffers(t, org.id, { count: 20 });
    for (let i = 0; i < 5; i++) await createOffers(t, org.id);
    await createOffers(t, org.id, { createdAt: ['2020-01-01T00:00:00.000001Z', '2020-01-01T00:00:00.000002Z', '2020-01-01T00:00:00.000003Z'] });
    ordered = (await t.db.query('SELECT id FROM offer WHERE organization_id = $1 ORDER BY created_at DESC, id DESC', [org.id])).map((r: { id: string }) => r.id);
    expect(ordered).toHaveLength(28);
  });

  it('offers: cursors walk every page once, newest first, with a steady totalCount', async () => {
    const ids: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const res = await t.gql(OFFERS, { filter: { organizationId: org.id }, first: 3, after }, { token: student.token });
      expect(res.errors).toBeUndefined();
      const conn = res.data.offers;
      expect(conn.totalCount).toBe(28);
      expect(conn.edges.length).toBeLessThanOrEqual(3);
      ids.push(...conn.edges.map((e: { node: { id: string } }) => e.node.id));
      pages++;
      if (!conn.pageInfo.hasNextPage) break;
      expect(conn.pageInfo.endCursor).toBe(conn.edges.at(-1).cursor);
      after = conn.pageInfo.endCursor;
    }
    expect(pages).toBe(10);
    expect(ids).toEqual(ordered);
  });

  it('Organization.offers pages the same way', async () => {
    const ids: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 20; i++) {
      const res = await t.gql(
        `query($id: ID!, $after: String) { offer(id: $id) { organization { offers(first: 4, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } } }`,
        { id: ordered[0], after },
        { token: resident.token },
      );
      expect(res.errors).toBeUndefined();
      const conn = res.data.offer.organization.offers;
      expect(conn.totalCount).toBe(28);
      ids.push(...conn.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(ids).toEqual(ordered);
  });

  it('an empty page has no next page and no cursor', async () => {
    const empty = await createOrganization(t);
    const res = await t.gql(OFFERS, { filter: { organizationId: empty.id } }, { token: student.token });
    expect(res.data.offers).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
  });

  it('refuses first over 100, first under 1 and forged cursors with BAD_USER_INPUT', async () => {
    expect((await t.gql(OFFERS, { first: 101 }, { token: student.token })).code).toBe('BAD_USER_INPUT');
    expect((await t.gql(OFFERS, { first: 0 }, { token: student.token })).code).toBe('BAD_USER_INPUT');
    expect((await t.gql(OFFERS, { after: 'garbage' }, { token: student.token })).code).toBe('BAD_USER_INPUT');
    const forged = Buffer.from(JSON.stringify(['yesterday', randomUUID()])).toString('base64url');
    expect((await t.gql(OFFERS, { after: forged }, { token: student.token })).code).toBe('BAD_USER_INPUT');
    const field = await t.gql(`query($id: ID!) { offer(id: $id) { organization { offers(first: 101) { totalCount } } } }`, { id: ordered[0] }, { token: student.token });
    expect(field.code).toBe('BAD_USER_INPUT');
  });
});

describe('batched loading', () => {
  /** Counts the SQL statements the app sends while `fn` runs (every query goes through a query runner). */
  async function countQueries(fn: () => Promise<unknown>): Promise<number> {
    let n = 0;
    const original = t.db.createQueryRunner.bind(t.db);
    t.db.createQueryRunner = ((...args: Parameters<typeof original>) => {
      const runner: QueryRunner = original(...args);
      const query = runner.query.bind(runner);
      runner.query = ((...q: Parameters<typeof query>) => {
        // the outbox relay ticks in the background of every process: not this request's work
        if (!String(q[0]).includes('job_outbox')) n++;
        return query(...q);
      }) as typeof runner.query;
      return runner;
    }) as typeof t.db.createQueryRunner;
    try {
      await fn();
    } finally {
      t.db.createQueryRunner = original;
    }
    return n;
  }

  it('a page of offers with their organisations costs the same few queries for 5 offers as for 30', async () => {
    const orgIds: string[] = [];
    for (let i = 0; i < 6; i++) orgIds.push((await createOrganization(t)).id);
    // the newest offers of the whole file, so the first 30 are these
    for (const id of orgIds) await createOffers(t, id, { count: 5 });
    const LIST = `query($first: Int) { offers(first: $first) { totalCount edges { node { id title organization { id name } } } } }`;
    for (const who of [student, memberA, coordinator]) {
      let thirty: { data?: { offers: { edges: { node: { organization: { id: string } } }[] } } } = {};
      const few = await countQueries(() => t.gql(LIST, { first: 5 }, { token: who.token }));
      const many = await countQueries(async () => (thirty = await t.gql(LIST, { first: 30 }, { token: who.token })));
      expect(thirty.data!.offers.edges).toHaveLength(30);
      expect(new Set(thirty.data!.offers.edges.map((e) => e.node.organization.id))).toEqual(new Set(orgIds));
      // the counter sees them: the viewer, the page (its organisations come with it, issue 15), its count
      expect(few).toBeGreaterThanOrEqual(3);
      expect(many).toBe(few);
      expect(many).toBeLessThanOrEqual(5);
    }
  });

  it("organisations with their offers and the offers' organisations cost the same for 2 organisations as for 12", async () => {
    // twelve organisations that sort first by name, each with two OPEN offers
    for (let i = 0; i < 12; i++) await createOffers(t, (await createOrganization(t, { name: `0 一括読み込み ${String(i).padStart(2, '0')}` })).id, { count: 2 });
    const Q = `query($first: Int) { organizations(verified: true, first: $first) { edges { node { id offers(first: 10) { totalCount edges { node { id organization { name } } } } } } } }`;
    let twelve: { data?: { organizations: { edges: unknown[] } } } = {};
    const few = await countQueries(() => t.gql(Q, { first: 2 }, { token: memberB.token }));
    const many = await countQueries(async () => (twelve = await t.gql(Q, { first: 12 }, { token: memberB.token })));
    const edges = twelve.data!.organizations.edges as { node: { offers: { totalCount: number; edges: { node: { organization: { name: string } } }[] } } }[];
    expect(edges).toHaveLength(12);
    for (const e of edges) expect(e.node.offers.edges.map((x) => x.node.organization.name)).toHaveLength(2);
    expect(few).toBeGreaterThanOrEqual(6);
    expect(many).toBe(few);
    expect(many).toBeLessThanOrEqual(8);
  });
});
