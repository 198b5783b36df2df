import request from 'supertest';
import { ROUTE_POINTS } from '../../src/common/security/http-rate-limit.guard.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createCoordinator, createEvent, createUser } from '../support/factories.js';

/**
 * The plain HTTP routes (files and feeds) spend the same per-minute budgets as GraphQL requests,
 * at a fixed price per route (ROUTE_POINTS); past the budget they answer 429 with Retry-After and
 * the GraphQL error shape. GET /health is never limited.
 */
const USER_BUDGET = 60;
const IP_BUDGET = 40;

let t: TestApp;
let server: ReturnType<TestApp['app']['getHttpServer']>;
beforeAll(async () => {
  // the test client is the trusted proxy, so that X-Forwarded-For gives each test its own client address
  t = await startTestApp({
    env: { RATE_LIMIT_USER_PER_MINUTE: String(USER_BUDGET), RATE_LIMIT_IP_PER_MINUTE: String(IP_BUDGET), TRUSTED_PROXIES: '127.0.0.1,::1' },
  });
  server = t.app.getHttpServer();
});
afterAll(() => t?.close());

const get = (path: string, opts: { ip: string; token?: string }) => {
  let req = request(server).get(path).set('x-forwarded-for', opts.ip);
  if (opts.token) req = req.set('authorization', `Bearer ${opts.token}`);
  return req;
};
const gql = (query: string, opts: { ip: string; token?: string }) => {
  let req = request(server).post('/graphql').set('content-type', 'application/json').set('x-forwarded-for', opts.ip);
  if (opts.token) req = req.set('authorization', `Bearer ${opts.token}`);
  return req.send({ query });
};

/** 429 with the GraphQL error shape: TOO_MANY_REQUESTS, retryAfter in the extensions and the Retry-After header. */
function expectLimited(res: request.Response) {
  expect(res.status).toBe(429);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const [error] = res.body.errors;
  expect(error.extensions.code).toBe('TOO_MANY_REQUESTS');
  expect(error.message).toMatch(/リクエストが多すぎます.*\(too many requests\)/);
  expect(error.extensions.retryAfter).toBeGreaterThanOrEqual(1);
  expect(error.extensions.retryAfter).toBeLessThanOrEqual(60);
  expect(res.headers['retry-after']).toBe(String(error.extensions.retryAfter));
  expect(res.text).not.toMatch(/stacktrace|at .*\.js/);
}

describe('files and feeds spend the caller’s rate budget', () => {
  it('prices files above feeds', () => {
    for (const file of [ROUTE_POINTS.planPdf, ROUTE_POINTS.mapSvg, ROUTE_POINTS.perspectivesCsv]) {
      expect(file).toBeGreaterThan(Math.max(ROUTE_POINTS.calendarIcs, ROUTE_POINTS.episodesRss));
    }
  });

  it('map.svg: an anonymous address past its budget gets 429; another address, and a signed-in user from the same one, do not', async () => {
    const meeting = await createEvent(t);
    const url = `/committee/meetings/${meeting.id}/map.svg`;
    const fits = Math.floor(IP_BUDGET / ROUTE_POINTS.mapSvg);
    expect(fits).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < fits; i++) {
      const ok = await get(url, { ip: '203.0.113.10' });
      expect(ok.status).toBe(200);
      expect(ok.headers['content-type']).toMatch(/^image\/svg\+xml/);
    }
    const refused = await get(url, { ip: '203.0.113.10' });
    expectLimited(refused);
    expect(refused.headers['content-type']).not.toMatch(/svg/);
    // a bad token is no identity: it is charged to the address, as over GraphQL
    expectLimited(await get(url, { ip: '203.0.113.10', token: 'not-a-token' }));
    // and GraphQL from that address shares the spent budget
    expectLimited(await gql('{ themes { key } }', { ip: '203.0.113.10' }));

    expect((await get(url, { ip: '203.0.113.11' })).status).toBe(200);
    const user = await createUser(t);
    expect((await get(url, { ip: '203.0.113.10', token: user.token })).status).toBe(200);
  });

  it('plan.pdf: a user past the budget gets 429, for GraphQL too (one budget); another user does not', async () => {
    const [greedy, other] = [await createUser(t), await createUser(t)];
    const fits = Math.floor(USER_BUDGET / ROUTE_POINTS.planPdf);
    for (let i = 0; i < fits; i++) {
      const ok = await get('/preparedness/plan.pdf', { ip: '198.51.100.20', token: greedy.token });
      expect(ok.status).toBe(200);
      expect(ok.headers['content-type']).toBe('application/pdf');
    }
    const limited = await get('/preparedness/plan.pdf', { ip: '198.51.100.20', token: greedy.token });
    expectLimited(limited);
    // from another address it is still the same user
    expectLimited(await get('/preparedness/plan.pdf', { ip: '198.51.100.21', token: greedy.token }));
    const overGraphql = await gql('{ me { id } }', { ip: '198.51.100.20', token: greedy.token });
    expectLimited(overGraphql);
    // the same answer as GraphQL's 429, less the `data` a GraphQL response may carry
    expect(Object.keys(limited.body.errors[0].extensions).sort()).toEqual(Object.keys(overGraphql.body.errors[0].extensions).sort());
    expect(limited.body.errors[0].message).toBe(overGraphql.body.errors[0].message);

    expect((await get('/preparedness/plan.pdf', { ip: '198.51.100.20', token: other.token })).status).toBe(200);
  });

  it('perspectives.csv is charged to the coordinator', async () => {
    const coordinator = await createCoordinator(t);
    const meeting = await createEvent(t);
    const url = `/committee/meetings/${meeting.id}/perspectives.csv`;
    for (let i = 0; i < Math.floor(USER_BUDGET / ROUTE_POINTS.perspectivesCsv); i++) {
      expect((await get(url, { ip: '192.0.2.30', token: coordinator.token })).status).toBe(200);
    }
    expectLimited(await get(url, { ip: '192.0.2.30', token: coordinator.token }));
  });

  it('calendar.ics and the RSS feed share the address budget; another address is unaffected; /health is never limited', async () => {
    const fits = Math.floor(IP_BUDGET / ROUTE_POINTS.calendarIcs);
    for (let i = 0; i < fits; i++) {
      const ok = await get('/calendar.ics', { ip: '2001:db8:40::1' });
      expect(ok.status).toBe(200);
      expect(ok.text).toContain('BEGIN:VCALENDAR');
    }
    const limited = await get('/calendar.ics', { ip: '2001:db8:40::1' });
    expectLimited(limited);
    // not the calendar's cacheable headers on a refusal
    expect(limited.headers['cache-control'] ?? '').not.toMatch(/public/);
    // the same /64
    expectLimited(await get('/tv/episodes.rss', { ip: '2001:db8:40::2' }));
    expectLimited(await get('/calendar.ics?platform=TV', { ip: '2001:db8:40::3' }));

    expect((await get('/calendar.ics', { ip: '2001:db8:41::1' })).status).toBe(200);
    expect((await get('/tv/episodes.rss', { ip: '2001:db8:41::1' })).status).toBe(200);

    for (let i = 0; i < 2 * IP_BUDGET; i++) expect((await get('/health', { ip: '2001:db8:40::1' })).status).toBe(200);
  });

  it('a refused request costs nothing: a cheaper one still fits in what is left', async () => {
    const user = await createUser(t);
    const meeting = await createEvent(t);
    const as = { ip: '192.0.2.50', token: user.token };
    // 11 calendars: 55 of 60 points; a map (20) does not fit, and takes nothing
    for (let i = 0; i < 11; i++) expect((await get('/calendar.ics', as)).status).toBe(200);
    expectLimited(await get(`/committee/meetings/${meeting.id}/map.svg`, as));
    expectLimited(await get(`/committee/meetings/${meeting.id}/map.svg`, as));
    // two feeds (4) still do, then nothing more
    expect((await get('/tv/episodes.rss', as)).status).toBe(200);
    expect((await get('/tv/episodes.rss', as)).status).toBe(200);
    expectLimited(await get('/tv/episodes.rss', as));
    expect((await gql('{ me { id } }', as)).status).toBe(200);
    expectLimited(await gql('{ me { id } }', as));
  });
});
