import { randomBytes } from 'node:crypto';
import { createDatabase, dropDatabase, REDIS_URL } from '../support/db.js';
import { freePort, spawnNode, waitUntil, type Spawned } from '../support/process.js';

/** The built API as a real process: its stdout is what operators and log shippers get. */
let api: Spawned;
let base: string;
let dbName: string;

beforeAll(async () => {
  const db = await createDatabase();
  dbName = db.name;
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  api = spawnNode('dist/src/main.js', {
    NODE_ENV: 'production',
    DATABASE_URL: db.url,
    REDIS_URL,
    QUEUE_PREFIX: `test_${db.name}`,
    PORT: String(port),
    JWT_SECRET: randomBytes(32).toString('hex'),
    CONTACT_CARD_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'info',
    BOOTSTRAP_COORDINATOR_EMAIL: 'logs@example.jp',
    BOOTSTRAP_COORDINATOR_PASSWORD: 'bootstrap-secret-pass',
  });
  const up = await waitUntil(async () => (await fetch(`${base}/health`)).status === 200, 30_000);
  if (!up) throw new Error(`API did not come up:\n${api.output()}`);
});
afterAll(async () => {
  await api?.stop();
  if (dbName) await dropDatabase(dbName);
});

const post = (body: unknown, headers: Record<string, string> = {}): Promise<{ headers: Headers; json(): Promise<any> }> =>
  fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

it('logs JSON lines with a request id, and no password, token, API key or query text', async () => {
  const secretPassword = 'hunter2-never-log-me';
  const res = await post(
    { query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', variables: { e: 'logs@example.jp', p: secretPassword } },
    { 'x-request-id': 'req-test-42' },
  );
  expect(res.headers.get('x-request-id')).toBe('req-test-42');
  expect((await res.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');

  const ok = await post({ query: 'mutation { login(email: "logs@example.jp", password: "bootstrap-secret-pass") { token } }' });
  const token: string = (await ok.json()).data.login.token;
  await post({ query: '{ me { id displayName } }' }, { authorization: `Bearer ${token}` });
  await post({ query: '{ me { id } }' }, { 'x-api-key': 'cfk_this-key-must-not-be-logged' });
  const generated = (await post({ query: '{ themes { key } }' })).headers.get('x-request-id');
  expect(generated).toMatch(/^[0-9a-f-]{36}$/);

  // pino writes asynchronously: wait until our last request's line is out
  await waitUntil(() => api.output().includes(generated!), 5000);
  const out = api.output();
  const lines = out.split('\n').filter(Boolean);
  for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.req);
  expect(requests.map((l) => l.req.id)).toEqual(expect.arrayContaining(['req-test-42', generated]));
  for (const secret of [secretPassword, 'bootstrap-secret-pass', token, token.split('.')[1], 'cfk_this-key-must-not-be-logged', 'displayName']) {
    expect(out).not.toContain(secret);
  }
});

it('shows no stack traces or SQL to clients in production', async () => {
  const res = await post({ query: '{ events(first: 5, after: "not-a-cursor") { totalCount } }' });
  const body = await res.json();
  expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  expect(JSON.stringify(body)).not.toMatch(/stack|at .*\.js:\d+|SELECT /);
  const intro = await post({ query: '{ __schema { types { name } } }' });
  expect((await intro.json()).errors[0].extensions.code).toBe('BAD_USER_INPUT');
});
