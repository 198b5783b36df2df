import { randomUUID } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { Role } from '../../src/identity/role.enum.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createCoordinator, createEvent, createOffers, createOrganization, createOrgMember, createUser, type TestUser } from '../support/factories.js';

// Offers: creation and validation, the DRAFT → OPEN → CLOSED life cycle, who sees what, pagination,
// the automatic matching run a publish asks for, and batched loading. Organisations themselves are
// in organizations.spec.ts.

let t: TestApp;
let coordinator: TestUser;
let resident: TestUser;
let student: TestUser;
let memberA: TestUser;
let memberB: TestUser;
let memberU: TestUser;
let orgA: { id: string; name: string };
let orgB: { id: string; name: string };
let orgU: { id: string; name: string };

beforeAll(async () => {
  // automatic matching runs on (debounced for 10 minutes: no worker runs here, so they stay QUEUED)
  t = await startTestApp({ env: { MATCHING_DEBOUNCE_MS: '600000' } });
  coordinator = await createCoordinator(t);
  resident = await createUser(t, { roles: [Role.RESIDENT] });
  student = await createUser(t, { roles: [Role.STUDENT] });
  ({ user: memberA, org: orgA } = await createOrgMember(t));
  ({ user: memberB, org: orgB } = await createOrgMember(t));
  ({ user: memberU, org: orgU } = await createOrgMember(t, { verified: false }));
});
afterAll(() => t?.close());

const OFFER_FIELDS = `id title description themes capacity remainingCapacity stages area mode slots status createdAt publishedAt closedAt organization { id name verified }`;
const CREATE = `mutation($input: CreateOfferInput!) { createOffer(input: $input) { ${OFFER_FIELDS} } }`;
const PUBLISH = `mutation($id: ID!) { publishOffer(id: $id) { id status publishedAt closedAt } }`;
const CLOSE = `mutation($id: ID!) { closeOffer(id: $id) { id status publishedAt closedAt } }`;
const OFFER = `query($id: ID!) { offer(id: $id) { id status organization { id } } }`;
const OFFERS = `query($filter: OfferFilter, $first: Int, $after: String) {
  offers(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id status createdAt } } }
}`;

const input = (over: Record<string, unknown> = {}) => ({
  title: '  防災マップを一緒につくろう  ',
  description: '地域を歩いて、避難所と危ない場所を地図にまとめます。',
  themes: ['disaster', 'community'],
  capacity: 5,
  stages: ['HIGH_SCHOOL', 'UNIVERSITY'],
  area: '  中央  ',
  mode: 'ONSITE',
  slots: ['WEEKEND_AFTERNOON'],
  ...over,
});
const offerCount = async (): Promise<number> => (await t.db.query('SELECT count(*)::int AS n FROM offer'))[0].n;
const fieldsOf = (res: { errors?: { extensions?: { fields?: { field: string }[] } }[] }) => (res.errors?.[0]?.extensions?.fields ?? []).map((f) => f.field);
const create = async (who: TestUser, over: Record<string, unknown> = {}) => {
  const res = await t.gql(CREATE, { input: input(over) }, { token: who.token });
  expect(res.errors).toBeUndefined();
  return res.data.createOffer as { id: string; status: string; publishedAt: string | null };
};
const statusOf = async (id: string) => (await t.db.query('SELECT status, published_at, closed_at FROM offer WHERE id = $1', [id]))[0];

describe('createOffer', () => {
  it("creates a DRAFT offer of the member's organisation, trimmed and stored as sent", async () => {
    const res = await t.gql(CREATE, { input: input() }, { token: memberA.token });
    expect(res.errors).toBeUndefined();
    const offer = res.data.createOffer;
    expect(offer).toMatchObject({
      title: '防災マップを一緒につくろう',
      description: '地域を歩いて、避難所と危ない場所を地図にまとめます。',
      themes: ['disaster', 'community'],
      capacity: 5,
      remainingCapacity: 5,
      stages: ['HIGH_SCHOOL', 'UNIVERSITY'],
      area: '中央',
      mode: 'ONSITE',
      slots: ['WEEKEND_AFTERNOON'],
      status: 'DRAFT',
      publishedAt: null,
      closedAt: null,
      organization: { id: orgA.id, name: orgA.name, verified: true },
    });
    expect(Date.parse(offer.createdAt)).not.toBeNaN();
    const [row] = await t.db.query('SELECT organization_id, created_by, status, approved_count FROM offer WHERE id = $1', [offer.id]);
    expect(row).toEqual({ organization_id: orgA.id, created_by: memberA.id, status: 'DRAFT', approved_count: 0 });
  });

  it('takes an empty area as none and an empty slot list as any time', async () => {
    const offer = await create(memberA, { area: '   ', slots: [] });
    const res = await t.gql(`query($id: ID!) { offer(id: $id) { area slots } }`, { id: offer.id }, { token: memberA.token });
    expect(res.data.offer).toEqual({ area: null, slots: [] });
  });

  it('anonymous is UNAUTHENTICATED; students, residents and coordinators are FORBIDDEN; nothing is written', async () => {
    const before = await offerCount();
    expect((await t.gql(CREATE, { input: input() })).code).toBe('UNAUTHENTICATED');
    for (const who of [student, resident, coordinator]) expect((await t.gql(CREATE, { input: input() }, { token: who.token })).code).toBe('FORBIDDEN');
    // the member role without any organisation
    const loner = await createUser(t, { roles: [Role.ORGANIZATION_MEMBER] });
    expect((await t.gql(CREATE, { input: input() }, { token: loner.token })).code).toBe('FORBIDDEN');
    expect(await offerCount()).toBe(before);
  });

  it.each([
    ['title', { title: '   ' }],
    ['title', { title: 'あ'.repeat(201) }],
    ['description', { description: 'あ'.repeat(4001) }],
    ['themes', { themes: [] }],
    ['themes', { themes: Array.from({ length: 17 }, (_, i) => `t${i}`) }],
    ['themes', { themes: ['disaster', 'disaster'] }],
    ['themes', { themes: ['disaster', 'no-such-theme'] }],
    ['capacity', { capacity: 0 }],
    ['capacity', { capacity: 1001 }],
    ['stages', { stages: [] }],
    ['stages', { stages: ['HIGH_SCHOOL', 'HIGH_SCHOOL'] }],
    ['area', { area: 'あ'.repeat(101) }],
    ['slots', { slots: ['WEEKEND_MORNING', 'WEEKEND_MORNING'] }],
    ['organizationId', { organizationId: 'org-a' }],
  ])('refuses a bad %s with BAD_USER_INPUT naming input.%s, writing nothing', async (field, over) => {
    const before = await offerCount();
    const res = await t.gql(CREATE, { input: input(over) }, { token: memberA.token });
    expect(res.code).toBe('BAD_USER_INPUT');
    expect(fieldsOf(res)).toContain(`input.${field}`);
    expect(await offerCount()).toBe(before);
  });

  it('an unknown theme key is named as input.themes', async () => {
    const res = await t.gql(CREATE, { input: input({ themes: ['disaster', 'no-such-theme'] }) }, { token: memberA.token });
    expect(res.errors![0].extensions!.fields).toEqual([{ field: 'input.themes', message: expect.stringContaining('no-such-theme') }]);
  });

  it('names every bad field at once', async () => {
    const res = await t.gql(CREATE, { input: input({ title: '', capacity: 0, stages: [] }) }, { token: memberA.token });
    expect(res.code).toBe('BAD_USER_INPUT');
    expect(fieldsOf(res)).toEqual(expect.arrayContaining(['input.title', 'input.capacity', 'input.stages']));
  });

  it('a member of several organisations creates for the one joined first, or for another of theirs by organizationId', async () => {
    const user = await createUser(t, { roles: [Role.ORGANIZATION_MEMBER] });
    const first = await createOrganization(t);
    const second = await createOrganization(t);
    await t.db.query(
      `INSERT INTO organization_member (organization_id, user_id, created_at) VALUES ($1, $3, now() - interval '1 day'), ($2, $3, now())`,
      [first.id, second.id, user.id],
    );
    expect((await t.gql(CREATE, { input: input() }, { token: user.token })).data.createOffer.organization.id).toBe(first.id);
    expect((await t.gql(CREATE, { input: input({ organizationId: second.id }) }, { token: user.token })).data.createOffer.organization.id).toBe(second.id);
    const before = await offerCount();
    expect((await t.gql(CREATE, { input: input({ organizationId: orgB.id }) }, { token: user.token })).code).toBe('FORBIDDEN');
    expect((await t.gql(CREATE, { input: input({ organizationId: randomUUID() }) }, { token: user.token })).code).toBe('FORBIDDEN');
    expect(await offerCount()).toBe(before);
  });
});

describe('publishOffer and closeOffer', () => {
  it('DRAFT → OPEN → CLOSED; publishing an OPEN offer and closing a CLOSED one change nothing', async () => {
    const offer = await create(memberA);
    const published = await t.gql(PUBLISH, { id: offer.id }, { token: memberA.token });
    expect(published.errors).toBeUndefined();
    expect(published.data.publishOffer).toMatchObject({ id: offer.id, status: 'OPEN', closedAt: null });
    const publishedAt = published.data.publishOffer.publishedAt;
    expect(Date.parse(publishedAt)).not.toBeNaN();

    const again = await t.gql(PUBLISH, { id: offer.id }, { token: memberA.token });
    expect(again.data.publishOffer).toEqual({ id: offer.id, status: 'OPEN', publishedAt, closedAt: null });

    const closed = await t.gql(CLOSE, { id: offer.id }, { token: memberA.token });
    expect(closed.data.closeOffer).toMatchObject({ id: offer.id, status: 'CLOSED', publishedAt });
    const closedAt = closed.data.closeOffer.closedAt;
    expect(Date.parse(closedAt)).not.toBeNaN();
    const closedAgain = await t.gql(CLOSE, { id: offer.id }, { token: memberA.token });
    expect(closedAgain.data.closeOffer).toEqual({ id: offer.id, status: 'CLOSED', publishedAt, closedAt });
  });

  it('publishing a CLOSED offer is a CONFLICT that changes nothing', async () => {
    const offer = await create(memberA);
    expect((await t.gql(CLOSE, { id: offer.id }, { token: memberA.token })).data.closeOffer.status).toBe('CLOSED'); // DRAFT → CLOSED directly
    const before = await statusOf(offer.id);
    const res = await t.gql(PUBLISH, { id: offer.id }, { token: memberA.token });
    expect(res.code).toBe('CONFLICT');
    expect(await statusOf(offer.id)).toEqual(before);
    expect(before.published_at).toBeNull();
  });

  it('a coordinator may publish and close any organisation’s offer', async () => {
    const offer = await create(memberB);
    expect((await t.gql(PUBLISH, { id: offer.id }, { token: coordinator.token })).data.publishOffer.status).toBe('OPEN');
    expect((await t.gql(CLOSE, { id: offer.id }, { token: coordinator.token })).data.closeOffer.status).toBe('CLOSED');
  });

  it("another organisation's member gets NOT_FOUND for what they cannot see, FORBIDDEN for an OPEN offer they can; nothing changes", async () => {
    const draft = await create(memberA);
    const open = await create(memberA);
    await t.gql(PUBLISH, { id: open.id }, { token: memberA.token });
    const [draftBefore, openBefore] = [await statusOf(draft.id), await statusOf(open.id)];

    expect((await t.gql(PUBLISH, { id: draft.id }, { token: memberB.token })).code).toBe('NOT_FOUND');
    expect((await t.gql(CLOSE, { id: draft.id }, { token: memberB.token })).code).toBe('NOT_FOUND');
    expect((await t.gql(PUBLISH, { id: open.id }, { token: memberB.token })).code).toBe('FORBIDDEN');
    expect((await t.gql(CLOSE, { id: open.id }, { token: memberB.token })).code).toBe('FORBIDDEN');
    // an OPEN offer of an unverified organisation is not visible to others either
    const unverifiedOpen = await create(memberU);
    await t.gql(PUBLISH, { id: unverifiedOpen.id }, { token: memberU.token });
    expect((await t.gql(CLOSE, { id: unverifiedOpen.id }, { token: memberB.token })).code).toBe('NOT_FOUND');

    for (const who of [student, resident]) {
      expect((await t.gql(PUBLISH, { id: draft.id }, { token: who.token })).code).toBe('FORBIDDEN');
      expect((await t.gql(CLOSE, { id: open.id }, { token: who.token })).code).toBe('FORBIDDEN');
    }
    expect((await t.gql(PUBLISH, { id: draft.id })).code).toBe('UNAUTHENTICATED');
    expect(await statusOf(draft.id)).toEqual(draftBefore);
    expect(await statusOf(open.id)).toEqual(openBefore);
  });

  it('an unknown id is NOT_FOUND, a malformed one BAD_USER_INPUT', async () => {
    for (const m of [PUBLISH, CLOSE]) {
      expect((await t.gql(m, { id: randomUUID() }, { token: memberA.token })).code).toBe('NOT_FOUND');
      expect((await t.gql(m, { id: 'offer-1' }, { token: coordinator.token })).code).toBe('BAD_USER_INPUT');
    }
  });

  it('a member of an unverified organisation may create and publish', async () => {
    const offer = await create(memberU);
    const res = await t.gql(PUBLISH, { id: offer.id }, { token: memberU.token });
    expect(res.errors).toBeUndefined();
    expect(res.data.publishOffer.status).toBe('OPEN');
  });

  it('two publishes at once both answer OPEN with one publication time', async () => {
    const offer = await create(memberA);
    const results = await Promise.all([t.gql(PUBLISH, { id: offer.id }, { token: memberA.token }), t.gql(PUBLISH, { id: offer.id }, { token: coordinator.token })]);
    expect(results.map((r) => r.data?.publishOffer?.status)).toEqual(['OPEN', 'OPEN']);
    expect(results[0].data.publishOffer.publishedAt).toBe(results[1].data.publishOffer.publishedAt);
  });
});

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

describe('remainingCapacity', () => {
  it('is capacity less the approved students', async () => {
    const [id] = await createOffers(t, orgA.id, { capacity: 5 });
    await t.db.query('UPDATE offer SET approved_count = 3 WHERE id = $1', [id]);
    const res = await t.gql(`query($id: ID!) { offer(id: $id) { capacity remainingCapacity } }`, { id }, { token: student.token });
    expect(res.data.offer).toEqual({ capacity: 5, remainingCapacity: 2 });
    await t.db.query('UPDATE offer SET approved_count = 5 WHERE id = $1', [id]);
    expect((await t.gql(`query($id: ID!) { offer(id: $id) { remainingCapacity } }`, { id }, { token: student.token })).data.offer.remainingCapacity).toBe(0);
  });
});

describe('automatic matching runs', () => {
  const waiting = async () =>
    (await t.db.query(`SELECT status, cause FROM matching_run WHERE cause <> 'REQUESTED' ORDER BY created_at`)) as { status: string; cause: string }[];
  beforeEach(() => t.db.query('DELETE FROM matching_run'));

  it('publishing offers of a verified organisation leaves one waiting run, however many are published', async () => {
    const first = await create(memberA);
    const second = await create(memberA);
    await t.gql(PUBLISH, { id: first.id }, { token: memberA.token });
    await t.gql(PUBLISH, { id: second.id }, { token: memberA.token });
    await t.gql(PUBLISH, { id: second.id }, { token: memberA.token }); // already OPEN
    expect(await waiting()).toEqual([{ status: 'QUEUED', cause: 'OFFER_PUBLISHED' }]);
  });

  it('creating and closing ask for no run', async () => {
    const offer = await create(memberA);
    await t.gql(CLOSE, { id: offer.id }, { token: memberA.token });
    expect(await waiting()).toEqual([]);
  });

  it('an unverified organisation’s offer asks for none until a coordinator verifies the organisation', async () => {
    const { user, org } = await createOrgMember(t, { verified: false });
    const offer = await create(user);
    expect((await t.gql(PUBLISH, { id: offer.id }, { token: user.token })).data.publishOffer.status).toBe('OPEN');
    expect(await waiting()).toEqual([]);
    // not eligible for students either, until verified
    expect((await t.gql(OFFER, { id: offer.id }, { token: student.token })).data.offer).toBeNull();
    await t.gql(`mutation($id: ID!) { verifyOrganization(id: $id) { id } }`, { id: org.id }, { token: coordinator.token });
    expect(await waiting()).toEqual([{ status: 'QUEUED', cause: 'OFFER_PUBLISHED' }]);
    expect((await t.gql(OFFER, { id: offer.id }, { token: student.token })).data.offer.id).toBe(offer.id);
  });

  it('verifying an organisation without OPEN offers asks for none', async () => {
    const { user, org } = await createOrgMember(t, { verified: false });
    await create(user);
    await t.gql(`mutation($id: ID!) { verifyOrganization(id: $id) { id } }`, { id: org.id }, { token: coordinator.token });
    expect(await waiting()).toEqual([]);
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
