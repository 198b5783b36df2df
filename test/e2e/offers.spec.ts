import { randomUUID } from 'node:crypto';
import { Role } from '../../src/identity/role.enum.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createCoordinator, createOffers, createOrganization, createOrgMember, createUser, type TestUser } from '../support/factories.js';

// Offers: creation and validation, the DRAFT → OPEN → CLOSED life cycle, remaining capacity and
// the automatic matching run a publish asks for. Who sees which offers, pagination and batched
// loading are in offers-visibility.spec.ts; organisations themselves in organizations.spec.ts.

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

describe('a page of offers', () => {
  it('answers every field of every offer and its organisation as offer(id) does (the page reads rows as JSON, offer(id) as columns)', async () => {
    const created = await create(memberA, { area: '  ', slots: [] });
    await t.gql(PUBLISH, { id: created.id }, { token: memberA.token });
    const FIELDS = `id title description themes capacity remainingCapacity minParticipants stages area mode slots status createdAt publishedAt closedAt organization { id name kind area description verified }`;
    const page = await t.gql(`{ offers(first: 100) { edges { node { ${FIELDS} } } } }`, {}, { token: coordinator.token });
    expect(page.errors).toBeUndefined();
    const nodes = page.data.offers.edges.map((e: { node: { id: string } }) => e.node);
    expect(nodes.length).toBeGreaterThan(1);
    expect(nodes.map((n: { id: string }) => n.id)).toContain(created.id);
    for (const node of nodes) {
      const one = await t.gql(`query($id: ID!) { offer(id: $id) { ${FIELDS} } }`, { id: node.id }, { token: coordinator.token });
      expect(one.data.offer).toEqual(node);
    }
    const mine = nodes.find((n: { id: string }) => n.id === created.id);
    expect(mine).toMatchObject({ status: 'OPEN', area: null, slots: [], closedAt: null, organization: { id: orgA.id, name: orgA.name } });
    expect(mine.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it("a page that shows cards and its organisations' names reads just those, and answers them as a page that asks one field more does", async () => {
    const CARD = `id title themes capacity remainingCapacity minParticipants stages area mode slots status __typename`;
    const page = (node: string) => t.gql(`{ offers(first: 100) { pageInfo { endCursor } edges { cursor node { ${node} } } } }`, {}, { token: student.token });
    const cards = await page(`${CARD} organization { id name }`);
    // one field more of the offer (through a fragment) and of its organisation: the page reads whole rows
    const more = await page(`${CARD} ... on Offer { description } organization { id name verified }`);
    expect(cards.errors).toBeUndefined();
    expect(more.errors).toBeUndefined();
    const edges = more.data.offers.edges;
    expect(edges.length).toBeGreaterThan(1);
    expect(edges.every((e: any) => typeof e.node.description === 'string' && e.node.organization.verified === true)).toBe(true);
    const strip = (e: any) => ({ ...e, node: { ...e.node, description: undefined, organization: { ...e.node.organization, verified: undefined } } });
    expect(cards.data.offers.edges).toEqual(edges.map(strip));
    expect(cards.data.offers.pageInfo).toEqual(more.data.offers.pageInfo);
    // the cursors still page: the next page after the first offer starts at the second
    const next = await t.gql(`query($after: String) { offers(first: 1, after: $after) { edges { node { id title } } } }`, { after: edges[0].cursor }, { token: student.token });
    expect(next.data.offers.edges.map((e: any) => e.node)).toEqual([{ id: edges[1].node.id, title: edges[1].node.title }]);
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

  it('the waiting run and its job are written together: one outbox row, delayed by the debounce, and none for the changes that join it', async () => {
    const beforeJobs: number = (await t.db.query(`SELECT count(*)::int AS n FROM job_outbox WHERE name = 'matching-run'`))[0].n;
    const first = await create(memberA);
    const second = await create(memberA);
    await t.gql(PUBLISH, { id: first.id }, { token: memberA.token });
    await t.gql(PUBLISH, { id: second.id }, { token: memberA.token });
    const jobs: { job_id: string; payload: unknown; delay: number; runs: number }[] = await t.db.query(
      `SELECT o.job_id, o.payload, extract(epoch FROM o.run_after - r.created_at) AS delay, count(r.id) OVER ()::int AS runs
       FROM job_outbox o JOIN matching_run r ON o.payload->>'runId' = r.id::text
       WHERE o.name = 'matching-run' AND r.status = 'QUEUED' AND r.cause <> 'REQUESTED'`,
    );
    expect(jobs).toHaveLength(1);
    const [run] = await t.db.query(`SELECT id FROM matching_run WHERE status = 'QUEUED'`);
    expect(jobs[0]).toMatchObject({ job_id: `matching-run.${run.id}`, payload: { runId: run.id }, runs: 1 });
    // 600 s of debounce (this suite's MATCHING_DEBOUNCE_MS), counted from the run's own creation
    expect(Number(jobs[0].delay)).toBeGreaterThan(599);
    expect(Number(jobs[0].delay)).toBeLessThan(601);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM job_outbox WHERE name = 'matching-run'`))[0].n).toBe(beforeJobs + 1);
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
