import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type { AppConfig } from '../../src/common/config/config.js';
import { createApi } from '../../src/main.js';
import { RateLimiter } from '../../src/common/security/rate-limiter.service.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createCoordinator, createUser, DEFAULT_PASSWORD, type TestUser } from '../support/factories.js';
import { waitUntil } from '../support/process.js';

/**
 * Item 2 of issue 4: budgets of request cost per minute per user and per anonymous address,
 * login attempts per account, X-Forwarded-For believed only from a trusted proxy, and counters
 * shared by every replica (Redis, or PostgreSQL without it).
 */
type Server = ReturnType<NestExpressApplication['getHttpServer']>;
interface Call {
  token?: string;
  xff?: string;
  variables?: Record<string, unknown>;
}
const call = (server: Server, query: string, opts: Call = {}) => {
  let req = request(server).post('/graphql').set('content-type', 'application/json');
  if (opts.token) req = req.set('authorization', `Bearer ${opts.token}`);
  if (opts.xff) req = req.set('x-forwarded-for', opts.xff);
  return req.send({ query, variables: opts.variables });
};
const codeOf = (res: request.Response): string | undefined => res.body.errors?.[0]?.extensions?.code;

/** 429, TOO_MANY_REQUESTS, retryAfter in the extensions and the header, nothing else said. */
function expectLimited(res: request.Response) {
  expect(res.status).toBe(429);
  expect(codeOf(res)).toBe('TOO_MANY_REQUESTS');
  const retryAfter = res.body.errors[0].extensions.retryAfter;
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(res.headers['retry-after']).toBe(String(retryAfter));
  expect(res.body.data ?? null).toBeNull();
  expect(res.text).not.toMatch(/stacktrace/);
}

// costs (query-cost.ts) → points (1 + cost / 100): ME and THEMES cost 1 point, EVENTS_100 (cost 101) costs 2
const ME = '{ me { id } }';
const THEMES = '{ themes { key } }';
const EVENTS_100 = '{ events(first: 100) { edges { node { id } } } }';

let t: TestApp;
let server: Server;
const extra: NestExpressApplication[] = [];
/** Another API replica: the same database and the same Redis key prefix, unless told otherwise. */
async function replica(over: Partial<AppConfig> = {}, base: AppConfig = t.config): Promise<Server> {
  const app = await createApi({ ...base, runMigrations: false, ...over, limits: { ...base.limits, ...over.limits } });
  extra.push(app);
  return app.getHttpServer();
}

beforeAll(async () => {
  t = await startTestApp({ env: { RATE_LIMIT_USER_PER_MINUTE: '20', RATE_LIMIT_IP_PER_MINUTE: '10' } });
  server = t.app.getHttpServer();
});
afterAll(async () => {
  for (const app of extra) await app.close();
  await t?.close();
});

describe('an unreachable counter store', () => {
  it('lets requests through (an outage of Redis must not take the API down) and says so in the log', async () => {
    const limiter = new RateLimiter({ ...t.config, redisUrl: 'redis://127.0.0.1:1' }, t.db);
    const warnings: string[] = [];
    (limiter as unknown as { logger: { warn: (m: string) => void } }).logger = { warn: (m: string) => warnings.push(m) };
    await limiter.onModuleInit();
    try {
      const viewer = { kind: 'user' as const, userId: '00000000-0000-4000-8000-000000000001', roles: [] };
      for (let i = 0; i < 25; i++) await expect(limiter.chargeOperation(viewer, '127.0.0.1', 0)).resolves.toMatchObject({ points: 1 });
      await expect(limiter.takeLoginAttempt('a@example.jp', '127.0.0.1')).resolves.toBeUndefined();
      expect(warnings.join('\n')).toMatch(/rate limits are not enforced/);
    } finally {
      await limiter.onModuleDestroy();
    }
  });
});

describe('per-user budgets (cost per minute)', () => {
  it('a user past the budget gets 429 TOO_MANY_REQUESTS with retryAfter; other users do not', async () => {
    expect(t.app.get(RateLimiter).backend).toBe('redis');
    const [greedy, other] = [await createUser(t), await createUser(t)];
    // 9 × 2 points + 1 = 19 of 20
    for (let i = 0; i < 9; i++) expect((await call(server, EVENTS_100, { token: greedy.token })).status).toBe(200);
    expect((await call(server, ME, { token: greedy.token })).status).toBe(200);
    // 2 more do not fit, and a refused request uses nothing: a 1-point request still does
    expectLimited(await call(server, EVENTS_100, { token: greedy.token }));
    expect((await call(server, ME, { token: greedy.token })).status).toBe(200);
    expectLimited(await call(server, ME, { token: greedy.token }));
    // a mutation is refused before it runs
    expectLimited(await call(server, 'mutation { markNotificationRead(id: "00000000-0000-4000-8000-000000000000") { id } }', { token: greedy.token }));

    const res = await call(server, ME, { token: other.token });
    expect(res.status).toBe(200);
    expect(res.body.data.me.id).toBe(other.id);
  });

  it('the budget counts cost, not requests: a query dearer than the whole budget never runs', async () => {
    const coordinator = await createCoordinator(t);
    // proposals(first: 100) with participants and students: cost 2,101 → 22 points > 20
    const big = await call(server, '{ proposals(first: 100) { edges { node { participants { student { id } } } } } }', { token: coordinator.token });
    expectLimited(big);
    expect((await call(server, ME, { token: coordinator.token })).status).toBe(200);
  });
});

describe('per-address budgets for anonymous callers', () => {
  it('anonymous requests share their address budget; signed-in users from the same address keep theirs', async () => {
    const user = await createUser(t);
    for (let i = 0; i < 10; i++) expect((await call(server, THEMES)).status).toBe(200);
    expectLimited(await call(server, THEMES));
    // so does a request with a bad token: it is anonymous
    expectLimited(await call(server, THEMES, { token: 'not-a-token' }));
    expect((await call(server, THEMES, { token: user.token })).status).toBe(200);
  });

  it('X-Forwarded-For from an untrusted socket is ignored: every spoofed address shares the socket budget', async () => {
    // the budget of 127.0.0.1 is spent (above); new forwarded addresses do not buy a new one
    for (const xff of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) expectLimited(await call(server, THEMES, { xff }));
  });

  it('X-Forwarded-For from a trusted proxy is believed: each client address has its own budget', async () => {
    const behindProxy = await replica({ limits: { trustedProxies: ['127.0.0.1', '::1'] } as AppConfig['limits'] });
    for (let i = 0; i < 10; i++) expect((await call(behindProxy, THEMES, { xff: '203.0.113.7' })).status).toBe(200);
    expectLimited(await call(behindProxy, THEMES, { xff: '203.0.113.7' }));
    expect((await call(behindProxy, THEMES, { xff: '203.0.113.8' })).status).toBe(200);
    // the client cannot pick its identity by prepending addresses: the nearest untrusted hop counts
    expectLimited(await call(behindProxy, THEMES, { xff: '192.0.2.99, 203.0.113.7' }));
    // IPv6 clients are counted by their /64
    for (let i = 0; i < 10; i++) expect((await call(behindProxy, THEMES, { xff: `2001:db8:1:2::${i + 1}` })).status).toBe(200);
    expectLimited(await call(behindProxy, THEMES, { xff: '2001:db8:1:2:ffff::1' }));
    expect((await call(behindProxy, THEMES, { xff: '2001:db8:1:3::1' })).status).toBe(200);
  });
});

describe('counters are shared by every API replica', () => {
  it('on Redis: two apps with one key prefix spend one budget', async () => {
    const second = await replica();
    const user = await createUser(t);
    for (let i = 0; i < 10; i++) {
      expect((await call(server, ME, { token: user.token })).status).toBe(200);
      expect((await call(second, ME, { token: user.token })).status).toBe(200);
    }
    expectLimited(await call(server, ME, { token: user.token }));
    expectLimited(await call(second, ME, { token: user.token }));
  });

  it('on PostgreSQL (no REDIS_URL): two apps on one database spend one budget', async () => {
    const pg = await startTestApp({ queue: 'postgres', env: { RATE_LIMIT_USER_PER_MINUTE: '20', RATE_LIMIT_IP_PER_MINUTE: '10' } });
    try {
      expect(pg.app.get(RateLimiter).backend).toBe('postgres');
      const first = pg.app.getHttpServer();
      const second = await replica({}, pg.config);
      const user = await createUser(pg);
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => call(i % 2 ? first : second, ME, { token: user.token })));
      // 20 points, 30 requests racing over two replicas: exactly 20 pass
      expect(results.filter((r) => r.status === 200)).toHaveLength(20);
      results.filter((r) => r.status !== 200).forEach(expectLimited);
      const [row] = await pg.db.query(`SELECT c.relpersistence FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'rate_limit' AND c.relname = 'counter'`);
      expect(row.relpersistence).toBe('u'); // UNLOGGED
    } finally {
      const app = extra.pop()!;
      await app.close();
      await pg.close();
    }
  });

  it('exactly the budget passes when requests race on Redis too', async () => {
    const second = await replica();
    const user = await createUser(t);
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => call(i % 2 ? server : second, ME, { token: user.token })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(20);
  });
});

describe('login attempts per account and client address', () => {
  const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';
  let login: Server;
  let shortWindow: Server;
  const SHORT_WINDOW_S = 5;
  let victim: TestUser;
  let bystander: TestUser;

  beforeAll(async () => {
    // its own key prefix and generous address budgets: only the login limit is under test here;
    // behind a (loopback) proxy, so that X-Forwarded-For stands for the clients' addresses
    login = await replica({
      queuePrefix: `${t.config.queuePrefix}_login`,
      limits: { ...t.config.limits, ipPointsPerMinute: 100_000, loginMaxFailures: 3, loginWindowSeconds: 30, trustedProxies: ['loopback'] },
    });
    // and one whose window is short enough to see it pass, and long enough that three argon2
    // logins on a loaded machine fit in it (2 s did not, once, at a load average of 10)
    shortWindow = await replica({
      queuePrefix: `${t.config.queuePrefix}_login_short`,
      limits: { ...t.config.limits, ipPointsPerMinute: 100_000, loginMaxFailures: 3, loginWindowSeconds: SHORT_WINDOW_S },
    });
    victim = await createUser(t);
    bystander = await createUser(t);
  });
  const STRANGER = '203.0.113.7';
  const OWNER = '198.51.100.20';
  const attempt = (email: string, password: string, from = STRANGER) => call(login, LOGIN, { variables: { e: email, p: password }, xff: from });

  it("after N failures from an address, that address is refused even the right password; the owner elsewhere is not locked out", async () => {
    for (let i = 0; i < 3; i++) expect(codeOf(await attempt(victim.email, `wrong-${i}`))).toBe('UNAUTHENTICATED');
    const locked = await attempt(victim.email, DEFAULT_PASSWORD);
    expectLimited(locked);
    expect(locked.body.errors[0].extensions.retryAfter).toBeLessThanOrEqual(30);
    // the email's case and spaces do not make a new account
    expectLimited(await attempt(` ${victim.email.toUpperCase()} `, DEFAULT_PASSWORD));
    // nor does another address of the stranger's IPv6 /64 (here: the same IPv4)
    expectLimited(await attempt(victim.email, DEFAULT_PASSWORD, `::ffff:${STRANGER}`));

    // the rightful owner, from their own address, signs in (and a stranger cannot lock them out)
    const owner = await attempt(victim.email, DEFAULT_PASSWORD, OWNER);
    expect(owner.status).toBe(200);
    expect(owner.body.data.login.token).toBeTruthy();

    const other = await attempt(bystander.email, DEFAULT_PASSWORD);
    expect(other.status).toBe(200);
    expect(other.body.data.login.token).toBeTruthy();
  });

  it('an unknown email locks the same way, with the same answer (it does not reveal whether the account exists)', async () => {
    const ghost = `ghost-${Date.now()}@example.jp`;
    for (let i = 0; i < 3; i++) expect(codeOf(await attempt(ghost, `wrong-${i}`))).toBe('UNAUTHENTICATED');
    const [a, b] = [await attempt(ghost, 'whatever-123'), await attempt(victim.email, 'whatever-123')];
    expectLimited(a);
    expectLimited(b);
    expect(a.body.errors[0].message).toBe(b.body.errors[0].message);
  });

  it('the lock lifts when the window passes', async () => {
    const user = await createUser(t);
    const tryShort = (password: string) => call(shortWindow, LOGIN, { variables: { e: user.email, p: password } });
    const windowStarts = Date.now(); // the window opens with the first failure, sent after this
    for (let i = 0; i < 3; i++) expect(codeOf(await tryShort(`wrong-${i}`))).toBe('UNAUTHENTICATED');
    // the premise of what follows: the failures came within one window (else the machine, not the limiter, is at fault)
    expect(Date.now() - windowStarts).toBeLessThan(SHORT_WINDOW_S * 1000);
    const locked = await tryShort(DEFAULT_PASSWORD);
    expectLimited(locked);
    // the right password, tried every 100 ms: refused (a refusal does not lengthen the lock) until the
    // window has passed, then accepted; at most retryAfter and a few seconds more
    let opened: { at: number; res: Awaited<ReturnType<typeof tryShort>> } | undefined;
    const odd: unknown[] = [];
    const lifted = await waitUntil(async () => {
      const res = await tryShort(DEFAULT_PASSWORD);
      if (res.status === 200) opened = { at: Date.now(), res };
      else if (res.status !== 429 || codeOf(res) !== 'TOO_MANY_REQUESTS') odd.push(res.body);
      return res.status === 200;
    }, locked.body.errors[0].extensions.retryAfter * 1000 + 5000, 100);
    expect(odd).toEqual([]);
    expect(lifted).toBe(true);
    expect(opened!.res.body.data.login.token).toBeTruthy();
    // and not before the window passed
    expect(opened!.at - windowStarts).toBeGreaterThanOrEqual(SHORT_WINDOW_S * 1000);
  });

  it('a successful login clears the failures before it', async () => {
    const user = await createUser(t);
    for (let i = 0; i < 2; i++) expect(codeOf(await attempt(user.email, 'wrong'))).toBe('UNAUTHENTICATED');
    expect((await attempt(user.email, DEFAULT_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect(codeOf(await attempt(user.email, 'wrong'))).toBe('UNAUTHENTICATED');
    expectLimited(await attempt(user.email, 'wrong'));
  });

  it('no email or address is kept in Redis in the clear', async () => {
    const { Redis } = await import('ioredis');
    const redis = new Redis(t.config.redisUrl!);
    try {
      const keys = await redis.keys(`${t.config.queuePrefix}_login:rl:*`);
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.join(' ')).not.toMatch(/@|example|203\.0\.113|198\.51\.100/);
    } finally {
      redis.disconnect();
    }
  });
});
