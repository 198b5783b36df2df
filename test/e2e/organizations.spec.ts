import { randomUUID } from 'node:crypto';
import { Role } from '../../src/identity/role.enum.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createCoordinator, createOrganization, createOrgMember, createUser, type TestUser } from '../support/factories.js';

// Organisations: sign-up, verification, the member's own organisation and the directory.
// Offers and who sees them are in offers.spec.ts.

let t: TestApp;
let coordinator: TestUser;
let resident: TestUser;
let student: TestUser;
beforeAll(async () => {
  t = await startTestApp();
  coordinator = await createCoordinator(t);
  resident = await createUser(t, { roles: [Role.RESIDENT] });
  student = await createUser(t, { roles: [Role.STUDENT] });
});
afterAll(() => t?.close());

const SIGN_UP = `mutation($input: SignUpOrganizationInput!) { signUpOrganization(input: $input) { token user { id displayName roles } } }`;
const VERIFY = `mutation($id: ID!) { verifyOrganization(id: $id) { id name verified } }`;
const MY_ORG = `{ myOrganization { id name kind area description verified } }`;
const ORGS = `query($verified: Boolean, $first: Int, $after: String) {
  organizations(verified: $verified, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name verified } } }
}`;

let seq = 0;
const signUpInput = (over: Record<string, unknown> = {}) => ({
  organizationName: `  NPO法人 みらい久留米 ${++seq}  `,
  kind: 'NPO',
  area: '  田主丸  ',
  description: '子どもの居場所づくりをしています。',
  contactName: ' 佐藤 花子 ',
  email: `Contact-${seq}-${randomUUID().slice(0, 8)}@Example.JP`,
  password: 'kurume-2030-safe',
  ...over,
});
const counts = async () => (await t.db.query('SELECT (SELECT count(*)::int FROM organization) AS orgs, (SELECT count(*)::int FROM app_user) AS users, (SELECT count(*)::int FROM organization_member) AS members'))[0];
const fieldsOf = (res: { errors?: { extensions?: { fields?: { field: string }[] } }[] }) => (res.errors?.[0]?.extensions?.fields ?? []).map((f) => f.field);

describe('signUpOrganization', () => {
  it('creates an unverified organisation and its first member, whose token works; a coordinator verifies it', async () => {
    const input = signUpInput();
    const res = await t.gql(SIGN_UP, { input });
    expect(res.errors).toBeUndefined();
    const { token, user } = res.data.signUpOrganization;
    expect(user).toMatchObject({ displayName: '佐藤 花子', roles: ['ORGANIZATION_MEMBER'] });
    expect(typeof token).toBe('string');

    const me = await t.gql('{ me { id roles } }', {}, { token });
    expect(me.data.me).toEqual({ id: user.id, roles: ['ORGANIZATION_MEMBER'] });
    const mine = await t.gql(MY_ORG, {}, { token });
    expect(mine.errors).toBeUndefined();
    expect(mine.data.myOrganization).toMatchObject({
      name: input.organizationName.trim(),
      kind: 'NPO',
      area: '田主丸',
      description: '子どもの居場所づくりをしています。',
      verified: false,
    });

    // stored: lower-cased email, argon2id hash, one membership
    const [row] = await t.db.query('SELECT email, password_hash, display_name, roles::text[] AS roles FROM app_user WHERE id = $1', [user.id]);
    expect(row.email).toBe(input.email.toLowerCase());
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(input.password);
    expect(row.roles).toEqual(['ORGANIZATION_MEMBER']);
    const members = await t.db.query('SELECT organization_id FROM organization_member WHERE user_id = $1', [user.id]);
    expect(members).toEqual([{ organization_id: mine.data.myOrganization.id }]);

    // the password signs in (login lower-cases the email too)
    const login = await t.gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { user { id } } }', { e: input.email, p: input.password });
    expect(login.data.login.user.id).toBe(user.id);

    // a coordinator verifies; verifying again changes nothing
    const orgId = mine.data.myOrganization.id;
    const verified = await t.gql(VERIFY, { id: orgId }, { token: coordinator.token });
    expect(verified.errors).toBeUndefined();
    expect(verified.data.verifyOrganization).toEqual({ id: orgId, name: input.organizationName.trim(), verified: true });
    const again = await t.gql(VERIFY, { id: orgId }, { token: coordinator.token });
    expect(again.data.verifyOrganization.verified).toBe(true);
    expect((await t.gql(MY_ORG, {}, { token })).data.myOrganization.verified).toBe(true);
  });

  it('a taken email (whatever its case) is a CONFLICT and writes nothing', async () => {
    const input = signUpInput();
    expect((await t.gql(SIGN_UP, { input })).errors).toBeUndefined();
    const before = await counts();
    const dup = await t.gql(SIGN_UP, { input: signUpInput({ email: input.email.toUpperCase() }) });
    expect(dup.code).toBe('CONFLICT');
    expect(dup.data).toBeNull();
    // an email already used by a resident account is taken too
    const byResident = await t.gql(SIGN_UP, { input: signUpInput({ email: resident.email }) });
    expect(byResident.code).toBe('CONFLICT');
    expect(await counts()).toEqual(before);
  });

  it('of two sign-ups with one email at once, exactly one succeeds', async () => {
    const email = `race-${randomUUID().slice(0, 8)}@example.jp`;
    const before = await counts();
    const results = await Promise.all([t.gql(SIGN_UP, { input: signUpInput({ email }) }), t.gql(SIGN_UP, { input: signUpInput({ email }) })]);
    expect(results.map((r) => r.code ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
    const after = await counts();
    expect(after).toEqual({ orgs: before.orgs + 1, users: before.users + 1, members: before.members + 1 });
  });

  it.each([
    ['organizationName', { organizationName: '   ' }],
    ['organizationName', { organizationName: 'あ'.repeat(201) }],
    ['contactName', { contactName: '' }],
    ['contactName', { contactName: 'あ'.repeat(101) }],
    ['email', { email: 'not-an-email' }],
    ['password', { password: 'short-pw9' }],
    ['description', { description: 'あ'.repeat(4001) }],
    ['area', { area: 'あ'.repeat(101) }],
  ])('refuses a bad %s with BAD_USER_INPUT naming input.%s, writing nothing', async (field, over) => {
    const before = await counts();
    const res = await t.gql(SIGN_UP, { input: signUpInput(over) });
    expect(res.code).toBe('BAD_USER_INPUT');
    expect(fieldsOf(res)).toContain(`input.${field}`);
    expect(await counts()).toEqual(before);
  });

  it('names every bad field at once', async () => {
    const res = await t.gql(SIGN_UP, { input: signUpInput({ organizationName: '', email: 'x', password: '123' }) });
    expect(res.code).toBe('BAD_USER_INPUT');
    expect(fieldsOf(res)).toEqual(expect.arrayContaining(['input.organizationName', 'input.email', 'input.password']));
  });

  it('an unknown kind is refused by the schema as BAD_USER_INPUT', async () => {
    const res = await t.gql(SIGN_UP, { input: signUpInput({ kind: 'CHURCH' }) });
    expect(res.code).toBe('BAD_USER_INPUT');
  });
});

describe('verifyOrganization', () => {
  it('is for coordinators only', async () => {
    const org = await createOrganization(t, { verified: false });
    const { user: member } = await createOrgMember(t);
    expect((await t.gql(VERIFY, { id: org.id })).code).toBe('UNAUTHENTICATED');
    for (const who of [member, resident, student]) expect((await t.gql(VERIFY, { id: org.id }, { token: who.token })).code).toBe('FORBIDDEN');
    const [row] = await t.db.query('SELECT verified FROM organization WHERE id = $1', [org.id]);
    expect(row.verified).toBe(false);
  });

  it('an unknown id is NOT_FOUND, a malformed one BAD_USER_INPUT', async () => {
    expect((await t.gql(VERIFY, { id: randomUUID() }, { token: coordinator.token })).code).toBe('NOT_FOUND');
    expect((await t.gql(VERIFY, { id: 'org-1' }, { token: coordinator.token })).code).toBe('BAD_USER_INPUT');
  });

  it('two coordinators verifying at once both succeed', async () => {
    const org = await createOrganization(t, { verified: false });
    const other = await createCoordinator(t);
    const results = await Promise.all([t.gql(VERIFY, { id: org.id }, { token: coordinator.token }), t.gql(VERIFY, { id: org.id }, { token: other.token })]);
    expect(results.map((r) => r.data?.verifyOrganization?.verified)).toEqual([true, true]);
  });
});

describe('myOrganization', () => {
  it('anonymous is UNAUTHENTICATED; users without the member role are FORBIDDEN', async () => {
    expect((await t.gql(MY_ORG)).code).toBe('UNAUTHENTICATED');
    for (const who of [resident, student, coordinator]) expect((await t.gql(MY_ORG, {}, { token: who.token })).code).toBe('FORBIDDEN');
  });

  it('a member of several organisations gets the one joined first; a member of none gets null', async () => {
    const user = await createUser(t, { roles: [Role.ORGANIZATION_MEMBER] });
    expect((await t.gql(MY_ORG, {}, { token: user.token })).data).toEqual({ myOrganization: null });
    const later = await createOrganization(t, { name: 'あとから入った団体' });
    const earlier = await createOrganization(t, { name: '先に入った団体' });
    await t.db.query(
      `INSERT INTO organization_member (organization_id, user_id, created_at) VALUES ($1, $3, now()), ($2, $3, now() - interval '1 day')`,
      [later.id, earlier.id, user.id],
    );
    const res = await t.gql(MY_ORG, {}, { token: user.token });
    expect(res.data.myOrganization).toMatchObject({ id: earlier.id, name: '先に入った団体' });
  });
});

describe('organizations', () => {
  let verifiedIds: string[];
  let unverifiedIds: string[];
  beforeAll(async () => {
    for (let i = 0; i < 5; i++) await createOrganization(t, { name: `一覧用 団体 ${i}`, verified: i % 2 === 0 });
    const all: { id: string; verified: boolean }[] = await t.db.query('SELECT id, verified FROM organization ORDER BY name, id');
    verifiedIds = all.filter((o) => o.verified).map((o) => o.id);
    unverifiedIds = all.filter((o) => !o.verified).map((o) => o.id);
    expect(unverifiedIds.length).toBeGreaterThan(0);
  });

  async function walk(token: string, verified: boolean | undefined, first: number): Promise<{ ids: string[]; totals: Set<number> }> {
    const ids: string[] = [];
    const totals = new Set<number>();
    let after: string | undefined;
    for (let page = 0; page < 100; page++) {
      const res = await t.gql(ORGS, { verified, first, after }, { token });
      expect(res.errors).toBeUndefined();
      const conn = res.data.organizations;
      totals.add(conn.totalCount);
      expect(conn.edges.length).toBeLessThanOrEqual(first);
      ids.push(...conn.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    return { ids, totals };
  }

  it('anonymous is UNAUTHENTICATED', async () => {
    expect((await t.gql(ORGS)).code).toBe('UNAUTHENTICATED');
  });

  it('a coordinator pages through every organisation by name, and filters by verified', async () => {
    const all = await walk(coordinator.token, undefined, 2);
    const ordered: { id: string }[] = await t.db.query('SELECT id FROM organization ORDER BY name, id');
    expect(all.ids).toEqual(ordered.map((o) => o.id));
    expect(all.totals).toEqual(new Set([ordered.length]));

    const onlyVerified = await walk(coordinator.token, true, 3);
    expect(onlyVerified.ids).toEqual(verifiedIds);
    expect(onlyVerified.totals).toEqual(new Set([verifiedIds.length]));
    const onlyUnverified = await walk(coordinator.token, false, 3);
    expect(onlyUnverified.ids).toEqual(unverifiedIds);
    expect(onlyUnverified.totals).toEqual(new Set([unverifiedIds.length]));
  });

  it('other signed-in users see verified organisations only; asking for unverified ones is FORBIDDEN', async () => {
    const { user: member } = await createOrgMember(t, { verified: false });
    const verifiedNow: { id: string }[] = await t.db.query('SELECT id FROM organization WHERE verified ORDER BY name, id');
    for (const who of [resident, student, member]) {
      const seen = await walk(who.token, undefined, 4);
      expect(seen.ids).toEqual(verifiedNow.map((o) => o.id));
      expect(seen.totals).toEqual(new Set([verifiedNow.length]));
      expect((await walk(who.token, true, 50)).ids).toEqual(verifiedNow.map((o) => o.id));
      const res = await t.gql(ORGS, { verified: false }, { token: who.token });
      expect(res.code).toBe('FORBIDDEN');
    }
  });

  it('refuses first over 100, first under 1 and a forged cursor with BAD_USER_INPUT', async () => {
    expect((await t.gql(ORGS, { first: 101 }, { token: coordinator.token })).code).toBe('BAD_USER_INPUT');
    expect((await t.gql(ORGS, { first: 0 }, { token: coordinator.token })).code).toBe('BAD_USER_INPUT');
    expect((await t.gql(ORGS, { after: 'garbage' }, { token: coordinator.token })).code).toBe('BAD_USER_INPUT');
    const forged = Buffer.from(JSON.stringify(['a', 'not-a-uuid'])).toString('base64url');
    expect((await t.gql(ORGS, { after: forged }, { token: coordinator.token })).code).toBe('BAD_USER_INPUT');
  });
});
