import request from 'supertest';
import { MAX_RANGE_DAYS, PerspectiveMapService } from '../../src/committee/perspective-map.service.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createEvent, createUser, type TestUser } from '../support/factories.js';

/**
 * perspectiveMap over a date range is bounded: a range of at most MAX_RANGE_DAYS (a fiscal year
 * with its leap day), and at most maxPerspectives perspectives and maxStances stances in a map,
 * refused (not cut) past them, naming the field to change.
 */
const RANGE = 'query($f: DateTime, $to: DateTime, $id: ID) { perspectiveMap(from: $f, to: $to, eventId: $id) { perspectives participants summary } }';
const DAY = 86400_000;

let t: TestApp;
let people: TestUser[];
beforeAll(async () => {
  t = await startTestApp();
  people = await Promise.all(Array.from({ length: 4 }, () => createUser(t)));
});
afterAll(() => t?.close());

/** A committee meeting at `startsAt` with `n` perspectives, each agreed by every one of `people`. */
async function meetingWith(startsAt: Date, n: number): Promise<string> {
  const { id } = await createEvent(t, { startsAt });
  for (let i = 0; i < n; i++) {
    const [p] = await t.db.query(`INSERT INTO perspective (event_id, author_id, text, themes) VALUES ($1, $2, $3, '{community}') RETURNING id`, [
      id,
      people[i % people.length].id,
      `公民館を夜も使えるようにしてほしい (${i + 1})`,
    ]);
    for (const u of people) await t.db.query(`INSERT INTO perspective_stance (perspective_id, user_id, stance) VALUES ($1, $2, 'AGREE')`, [p.id, u.id]);
  }
  return id;
}

function expectRefused(res: Awaited<ReturnType<TestApp['gql']>>, field: string, message: RegExp) {
  expect(res.code).toBe('BAD_USER_INPUT');
  expect(res.errors![0].extensions!.fields!.map((f) => f.field)).toEqual([field]);
  expect(res.errors![0].message).toMatch(message);
  expect(res.data ?? null).toBeNull();
}

describe('the date range', () => {
  it(`takes up to ${MAX_RANGE_DAYS} days (a fiscal year with its leap day) and refuses a longer one, naming "to"`, async () => {
    // 令和10年度: 2028-04-01 to 2029-04-01 (JST), 365 days; the leap year before it has 366
    const fiscal = await t.gql(RANGE, { f: '2028-03-31T15:00:00.000Z', to: '2029-03-31T15:00:00.000Z' });
    expect(fiscal.errors).toBeUndefined();
    const leap = await t.gql(RANGE, { f: '2027-03-31T15:00:00.000Z', to: '2028-03-31T15:00:00.000Z' });
    expect(leap.errors).toBeUndefined();

    const from = new Date('2030-01-01T00:00:00.000Z');
    expect((await t.gql(RANGE, { f: from.toISOString(), to: new Date(from.getTime() + MAX_RANGE_DAYS * DAY).toISOString() })).errors).toBeUndefined();
    expectRefused(await t.gql(RANGE, { f: from.toISOString(), to: new Date(from.getTime() + MAX_RANGE_DAYS * DAY + 1).toISOString() }), 'to', /366日まで.*\(.*366 days\)/);
    expectRefused(await t.gql(RANGE, { f: '2000-01-01T00:00:00.000Z', to: '2100-01-01T00:00:00.000Z' }), 'to', /366日まで/);
  });
});

describe('the perspectives and stances a map loads', () => {
  const caps = { perspectives: PerspectiveMapService.maxPerspectives, stances: PerspectiveMapService.maxStances };
  afterEach(() => {
    PerspectiveMapService.maxPerspectives = caps.perspectives;
    PerspectiveMapService.maxStances = caps.stances;
  });

  it('holds a year of monthly meetings by default', () => {
    expect(PerspectiveMapService.maxPerspectives).toBeGreaterThanOrEqual(12 * 50 * 5);
    expect(PerspectiveMapService.maxStances).toBeGreaterThanOrEqual(12 * 50 * 30 * 5);
  });

  it('a range over the cap is refused as a whole (never a partial map), naming "to"; a narrower range within it is mapped', async () => {
    const april = await meetingWith(new Date('2031-04-15T01:00:00.000Z'), 3);
    await meetingWith(new Date('2031-05-20T01:00:00.000Z'), 3);
    const year = { f: '2031-03-31T15:00:00.000Z', to: '2032-03-31T15:00:00.000Z' };
    const aprilOnly = { f: '2031-03-31T15:00:00.000Z', to: '2031-04-30T15:00:00.000Z' };

    const whole = await t.gql(RANGE, year);
    expect(whole.errors).toBeUndefined();
    expect(whole.data.perspectiveMap).toMatchObject({ perspectives: 6, participants: 4 });

    PerspectiveMapService.maxPerspectives = 5;
    expectRefused(await t.gql(RANGE, year), 'to', /視点が5件を超えています。期間を短くしてください \(the range holds more than 5 perspectives: choose a shorter one\)/);
    const month = await t.gql(RANGE, aprilOnly);
    expect(month.errors).toBeUndefined();
    expect(month.data.perspectiveMap.perspectives).toBe(3);
    // exactly at the cap passes
    PerspectiveMapService.maxPerspectives = 6;
    expect((await t.gql(RANGE, year)).data.perspectiveMap.perspectives).toBe(6);

    // stances count too: 6 perspectives × 4 people
    PerspectiveMapService.maxStances = 23;
    expectRefused(await t.gql(RANGE, year), 'to', /賛否が23件を超えています.*more than 23 stances/);
    expect((await t.gql(RANGE, aprilOnly)).errors).toBeUndefined();

    // one meeting over the cap cannot be narrowed: it names eventId, over GraphQL and for the SVG
    PerspectiveMapService.maxStances = 11;
    expectRefused(await t.gql(RANGE, { id: april }), 'eventId', /この会議は賛否が11件を超えています/);
    const svg = await request(t.app.getHttpServer()).get(`/committee/meetings/${april}/map.svg`);
    expect(svg.status).toBe(400);
    expect(svg.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('the worker does not compute groups for a scope that grew past the cap since it was asked', async () => {
    const meeting = await meetingWith(new Date('2033-06-01T01:00:00.000Z'), 4);
    const maps = t.app.get(PerspectiveMapService);
    expect(await maps.computeAndCache(`event.${meeting}`)).toBe('computed');
    PerspectiveMapService.maxPerspectives = 3;
    expect(await maps.computeAndCache(`event.${meeting}`)).toBe('too-large');
    expect(await maps.computeAndCache(`range.${Date.parse('2033-01-01')}.${Date.parse('2033-12-31')}`)).toBe('too-large');
  });
});
