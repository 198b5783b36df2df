import { startTestApp, type TestApp } from '../support/app.js';
import { createCoordinator, type TestUser } from '../support/factories.js';

/**
 * Text limits count as the database's char_length CHECKs do (code points), not as UTF-16 units:
 * 𠮷 (U+20BB7, outside the BMP) is one character to PostgreSQL and two to String.length. At the
 * column's limit the text is accepted and stored whole; one more is BAD_USER_INPUT naming the field,
 * and nothing is written.
 */
const YOSHI = '\u{20BB7}';

let t: TestApp;
let coordinator: TestUser;
beforeAll(async () => {
  t = await startTestApp();
  coordinator = await createCoordinator(t);
});
afterAll(() => t?.close());

const CREATE_EVENT = `mutation($input: CreateEventInput!) { createEvent(input: $input) { id title description location } }`;
const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { user { id displayName } } }`;
const eventInput = (over: Record<string, unknown>) => ({
  platform: 'COMMITTEE',
  title: '例会',
  description: '',
  startsAt: '2030-05-01T01:00:00.000Z',
  mode: 'ONSITE',
  location: '市役所',
  ...over,
});
const count = async (table: string): Promise<number> => (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
const fields = (res: { errors?: { extensions?: { fields?: { field: string }[] } }[] }) => res.errors?.[0]?.extensions?.fields?.map((f) => f.field);

describe.each([
  ['title', 200],
  ['description', 4000],
  ['location', 200],
])('createEvent %s: %i characters of 𠮷', (field, limit) => {
  it('at the limit: accepted and stored whole', async () => {
    const text = YOSHI.repeat(limit);
    expect(text.length).toBe(2 * limit); // what MaxLength would have counted
    const res = await t.gql(CREATE_EVENT, { input: eventInput({ [field]: text }) }, { token: coordinator.token });
    expect(res.errors).toBeUndefined();
    const [row] = await t.db.query(`SELECT char_length(${field}) AS n FROM event WHERE id = $1`, [res.data.createEvent.id]);
    expect(row.n).toBe(limit);
  });

  it('one more: BAD_USER_INPUT naming the field, nothing written', async () => {
    const before = await count('event');
    const res = await t.gql(CREATE_EVENT, { input: eventInput({ [field]: YOSHI.repeat(limit + 1) }) }, { token: coordinator.token });
    expect(res.code).toBe('BAD_USER_INPUT');
    expect(fields(res)).toEqual([`input.${field}`]);
    expect(res.data?.createEvent ?? null).toBeNull();
    expect(await count('event')).toBe(before);
  });
});

describe('signUp displayName: 100 characters of 𠮷', () => {
  const input = (displayName: string, n: number) => ({ displayName, email: `yoshi${n}@example.jp`, password: 'correct-horse-battery' });

  it('at the limit: accepted and stored whole', async () => {
    const res = await t.gql(SIGN_UP, { input: input(YOSHI.repeat(100), 1) });
    expect(res.errors).toBeUndefined();
    const [row] = await t.db.query('SELECT char_length(display_name) AS n FROM app_user WHERE id = $1', [res.data.signUp.user.id]);
    expect(row.n).toBe(100);
  });

  it('one more: BAD_USER_INPUT naming input.displayName, nothing written', async () => {
    const before = await count('app_user');
    const res = await t.gql(SIGN_UP, { input: input(YOSHI.repeat(101), 2) });
    expect(res.code).toBe('BAD_USER_INPUT');
    expect(fields(res)).toEqual(['input.displayName']);
    expect(await count('app_user')).toBe(before);
  });
});
