import { createHash } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/app.js';
import { createCoordinator, createUser, DEFAULT_PASSWORD } from '../support/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({
    env: { BOOTSTRAP_COORDINATOR_EMAIL: 'Boot@Example.jp', BOOTSTRAP_COORDINATOR_PASSWORD: 'bootstrap-pass-1' },
  });
});
afterAll(() => t?.close());

const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token user { id displayName roles } } }`;

describe('login', () => {
  it('the bootstrap coordinator logs in and sees themselves in me', async () => {
    const res = await t.gql(LOGIN, { email: 'boot@example.jp', password: 'bootstrap-pass-1' });
    expect(res.errors).toBeUndefined();
    expect(res.data.login.user.roles).toEqual(['COORDINATOR']);
    const me = await t.gql('{ me { id roles } }', {}, { token: res.data.login.token });
    expect(me.data.me).toEqual({ id: res.data.login.user.id, roles: ['COORDINATOR'] });
  });

  it('a wrong password is UNAUTHENTICATED, and so is an unknown email', async () => {
    expect((await t.gql(LOGIN, { email: 'boot@example.jp', password: 'wrong-password' })).code).toBe('UNAUTHENTICATED');
    expect((await t.gql(LOGIN, { email: 'nobody@example.jp', password: 'whatever-1234' })).code).toBe('UNAUTHENTICATED');
  });

  it('stores passwords as argon2id hashes only', async () => {
    const user = await createUser(t);
    const [row] = await t.db.query('SELECT password_hash FROM app_user WHERE id = $1', [user.id]);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(DEFAULT_PASSWORD);
    const res = await t.gql(LOGIN, { email: user.email, password: DEFAULT_PASSWORD });
    expect(res.data.login.user.id).toBe(user.id);
  });

  it('me is null without a token; a forged or malformed token is UNAUTHENTICATED where sign-in is needed', async () => {
    expect((await t.gql('{ me { id } }')).data.me).toBeNull();
    const forged = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    expect((await t.gql('mutation { registerSchool(input: { name: "久留米市立南中学校" }) { apiKey } }', {}, { token: forged })).code).toBe('UNAUTHENTICATED');
  });
});

describe('signUp', () => {
  const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { token user { id displayName roles } } }`;

  it('creates a RESIDENT who can then log in', async () => {
    const res = await t.gql(SIGN_UP, { input: { displayName: '荒木 みどり', email: 'midori@example.jp', password: 'kurume-2026-ok', area: '荒木' } });
    expect(res.errors).toBeUndefined();
    expect(res.data.signUp.user).toMatchObject({ displayName: '荒木 みどり', roles: ['RESIDENT'] });
    const login = await t.gql(LOGIN, { email: 'MIDORI@example.jp', password: 'kurume-2026-ok' });
    expect(login.data.login.user.id).toBe(res.data.signUp.user.id);
  });

  it('refuses a taken email with CONFLICT and bad fields with BAD_USER_INPUT naming them, changing nothing', async () => {
    const before = (await t.db.query('SELECT count(*)::int AS n FROM app_user'))[0].n;
    const dup = await t.gql(SIGN_UP, { input: { displayName: '別人', email: 'midori@example.jp', password: 'another-pass-1' } });
    expect(dup.code).toBe('CONFLICT');
    const bad = await t.gql(SIGN_UP, { input: { displayName: ' ', email: 'not-an-email', password: 'short' } });
    expect(bad.code).toBe('BAD_USER_INPUT');
    const fields = bad.errors![0].extensions!.fields!.map((f) => f.field).sort();
    expect(fields).toEqual(['input.displayName', 'input.email', 'input.password']);
    const tooLong = await t.gql(SIGN_UP, { input: { displayName: 'あ'.repeat(101), email: 'long@example.jp', password: 'long-enough-1' } });
    expect(tooLong.code).toBe('BAD_USER_INPUT');
    expect((await t.db.query('SELECT count(*)::int AS n FROM app_user'))[0].n).toBe(before);
  });
});

describe('registerSchool', () => {
  const REGISTER = `mutation($name: String!) { registerSchool(input: { name: $name }) { school { id name } apiKey } }`;

  it('is for coordinators only', async () => {
    expect((await t.gql(REGISTER, { name: '久留米市立荒木中学校' })).code).toBe('UNAUTHENTICATED');
    const resident = await createUser(t);
    expect((await t.gql(REGISTER, { name: '久留米市立荒木中学校' }, { token: resident.token })).code).toBe('FORBIDDEN');
  });

  it('shows the key once, stores only its sha256, and the key then acts as that school', async () => {
    const coordinator = await createCoordinator(t);
    const res = await t.gql(REGISTER, { name: '福岡県立久留米高等学校' }, { token: coordinator.token });
    expect(res.errors).toBeUndefined();
    const { apiKey, school } = res.data.registerSchool;
    expect(apiKey.length).toBeGreaterThan(40);

    const [row] = await t.db.query('SELECT * FROM school WHERE id = $1', [school.id]);
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(apiKey);
    expect(stored).not.toContain(apiKey.slice(8));
    expect(Buffer.from(row.api_key_hash)).toEqual(createHash('sha256').update(apiKey).digest());

    // a school key is a credential of its own: it is not a user, so user-only operations refuse it
    const asSchool = await t.gql('mutation { registerSchool(input: { name: "x" }) { apiKey } }', {}, { apiKey });
    expect(asSchool.code).toBe('FORBIDDEN');
    const wrongKey = await t.gql('mutation { registerSchool(input: { name: "x" }) { apiKey } }', {}, { apiKey: `${apiKey}x` });
    expect(wrongKey.code).toBe('UNAUTHENTICATED');
  });
});
