import { COMMITTEE_PERSPECTIVES } from '../../src/demo/committee-demo.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { demoMeeting } from '../support/committee-fixtures.js';
import { createEvent, createUser } from '../support/factories.js';

/**
 * The second part of 新地福委員会 (../shared/contract/deliberation.graphql): a map that is a function
 * of the stances alone, with the statistics behind every list, and nextPerspective.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const MAP = `query($id: ID) { perspectiveMap(eventId: $id) {
  perspectives participants clusteredParticipants minStancesToCluster fingerprint computedAt groupsPending summary
  keywords { term count } byGeneration { generation count } bySector { sector count } byTheme { theme count }
  opinionGroups { id size label representative { id } representativeStances { perspective { id } direction groupRate otherRate z } }
  consensus { id } divisive { id } consensusRanked { perspective { id } score } acrossGenerations { perspective { id } score }
  points { x y group } } }`;
const NEXT = 'query($id: ID!) { nextPerspective(eventId: $id) { id text } }';
const REACT = 'mutation($id: ID!, $s: Stance!) { react(perspectiveId: $id, stance: $s) { id } }';

/** A map with every perspective id replaced by its text: what two loadings of one meeting must share. */
function byText(map: any, perspectiveIds: string[]): any {
  const text = new Map(perspectiveIds.map((id, i) => [id, COMMITTEE_PERSPECTIVES[i].text]));
  return JSON.parse(JSON.stringify(map), (_k, v) => (typeof v === 'string' && text.has(v) ? text.get(v) : v));
}

describe('the same meeting loaded twice, in other orders and under other ids', () => {
  it('gives identical maps and fingerprints, the second served from the cache', async () => {
    const first = await demoMeeting(t, { seed: 1 });
    const second = await demoMeeting(t, { seed: 97 });
    expect(second.perspectiveIds).not.toEqual(first.perspectiveIds);
    const a = (await t.gql(MAP, { id: first.eventId })).data.perspectiveMap;
    const b = (await t.gql(MAP, { id: second.eventId })).data.perspectiveMap;
    expect(a.fingerprint).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(b.fingerprint).toBe(a.fingerprint);
    // the cache is keyed by the fingerprint: the second meeting's map is the first one's computation
    expect(b.computedAt).toBe(a.computedAt);
    expect(byText(b, second.perspectiveIds)).toEqual(byText(a, first.perspectiveIds));

    // and it is the map the demo was written for: two camps, what they share, what divides them
    expect(a.opinionGroups.length).toBe(2);
    expect(a.clusteredParticipants).toBe(16);
    expect(a.minStancesToCluster).toBe(7);
    expect(a.points).toHaveLength(16);
    expect(a.consensusRanked.length).toBe(16);
    expect(a.acrossGenerations.length).toBeGreaterThan(0);
    for (const g of a.opinionGroups) {
      expect(g.label).toMatch(/に(賛成|反対)$/u);
      expect(g.representative.map((p: any) => p.id)).toEqual(g.representativeStances.map((r: any) => r.perspective.id));
      for (const r of g.representativeStances) expect(r.z).toBeGreaterThan(1.2816);
    }
  });

  it('changes its fingerprint, and only then, when a stance changes; changing it back gives the first map again', async () => {
    const m = await demoMeeting(t, { seed: 5 });
    const before = (await t.gql(MAP, { id: m.eventId })).data.perspectiveMap;
    expect((await t.gql(MAP, { id: m.eventId })).data.perspectiveMap.fingerprint).toBe(before.fingerprint);
    const who = m.people.get('sakamoto')!;
    expect((await t.gql(REACT, { id: m.perspectiveIds[15], s: 'DISAGREE' }, { token: who.token })).errors).toBeUndefined();
    const changed = (await t.gql(MAP, { id: m.eventId })).data.perspectiveMap;
    expect(changed.fingerprint).not.toBe(before.fingerprint);
    // the same stance again, set at another time: the inputs are what they were
    expect((await t.gql(REACT, { id: m.perspectiveIds[15], s: 'AGREE' }, { token: who.token })).errors).toBeUndefined();
    const back = (await t.gql(MAP, { id: m.eventId })).data.perspectiveMap;
    expect(back.fingerprint).toBe(before.fingerprint);
    expect({ ...back, computedAt: null }).toEqual({ ...before, computedAt: null });
  });

  it('drops a map no scope stands at any more (its words may come from texts erased since)', async () => {
    const m = await demoMeeting(t, { seed: 8 });
    const who = m.people.get('matsuo')!;
    // a meeting of its own: no other scope has these stances
    expect((await t.gql(REACT, { id: m.perspectiveIds[0], s: 'DISAGREE' }, { token: who.token })).errors).toBeUndefined();
    const own = (await t.gql(MAP, { id: m.eventId })).data.perspectiveMap.fingerprint;
    const cached = async (f: string) => (await t.db.query('SELECT count(*)::int AS n FROM perspective_map_cache WHERE fingerprint = $1', [f]))[0].n;
    expect(await cached(own)).toBe(1);
    expect((await t.gql(REACT, { id: m.perspectiveIds[1], s: 'DISAGREE' }, { token: who.token })).errors).toBeUndefined();
    const next = (await t.gql(MAP, { id: m.eventId })).data.perspectiveMap.fingerprint;
    expect(await cached(next)).toBe(1);
    expect(await cached(own)).toBe(0);
  });
});

describe('who is grouped', () => {
  it('counts participants with a few stances but groups only those with min(7, perspectives)', async () => {
    const m = await demoMeeting(t, { seed: 11 });
    for (let i = 0; i < 4; i++) {
      const u = await createUser(t);
      await t.db.query(`INSERT INTO event_participant (event_id, user_id, status) VALUES ($1, $2, 'JOINED')`, [m.eventId, u.id]);
      for (const p of m.perspectiveIds.slice(0, 6)) expect((await t.gql(REACT, { id: p, s: 'DISAGREE' }, { token: u.token })).errors).toBeUndefined();
    }
    const map = (await t.gql(MAP, { id: m.eventId })).data.perspectiveMap;
    expect(map.participants).toBe(20);
    expect(map.clusteredParticipants).toBe(16);
    expect(map.points).toHaveLength(16);
    expect(map.opinionGroups.reduce((n: number, g: any) => n + g.size, 0)).toBe(16);
  });
});

describe('nextPerspective', () => {
  it('refuses callers who are not signed in or not participants, and unknown meetings', async () => {
    const m = await demoMeeting(t, { seed: 21 });
    const outsider = await createUser(t);
    expect((await t.gql(NEXT, { id: m.eventId })).code).toBe('UNAUTHENTICATED');
    expect((await t.gql(NEXT, { id: m.eventId }, { token: outsider.token })).code).toBe('FORBIDDEN');
    expect((await t.gql(NEXT, { id: 'not-an-id' }, { token: outsider.token })).code).toBe('BAD_USER_INPUT');
    expect((await t.gql(NEXT, { id: '00000000-0000-4000-8000-000000000000' }, { token: outsider.token })).code).toBe('NOT_FOUND');
    const tv = await createEvent(t, { platform: 'TV' as never });
    expect((await t.gql(NEXT, { id: tv.id }, { token: outsider.token })).code).toBe('NOT_FOUND');
  });

  it('shows what tells the groups apart before what everyone shares, a new statement first of all, and null once all are answered', async () => {
    const m = await demoMeeting(t, { seed: 31 });
    const newcomer = await createUser(t);
    await t.db.query(`INSERT INTO event_participant (event_id, user_id, status) VALUES ($1, $2, 'JOINED')`, [m.eventId, newcomer.id]);
    const map = (await t.gql(MAP, { id: m.eventId })).data.perspectiveMap;
    const divisive = new Set(map.divisive.map((p: any) => p.id));
    const first = (await t.gql(NEXT, { id: m.eventId }, { token: newcomer.token })).data.nextPerspective;
    expect(divisive.has(first.id)).toBe(true);

    // a statement nobody has seen yet comes first
    const author = m.people.get('eguchi')!;
    const added = await t.gql('mutation($i: AddPerspectiveInput!) { addPerspective(input: $i) { id } }', { i: { eventId: m.eventId, text: '公民館に授乳室とおむつ替えの場所を設けてほしい。', themes: ['childcare'] } }, { token: author.token });
    expect((await t.gql(NEXT, { id: m.eventId }, { token: newcomer.token })).data.nextPerspective.id).toBe(added.data.addPerspective.id);

    // each answer moves on to one not yet answered; at the end, null
    const seen = new Set<string>();
    for (let i = 0; i < COMMITTEE_PERSPECTIVES.length + 1; i++) {
      const next = (await t.gql(NEXT, { id: m.eventId }, { token: newcomer.token })).data.nextPerspective;
      expect(seen.has(next.id)).toBe(false);
      seen.add(next.id);
      expect((await t.gql(REACT, { id: next.id, s: i % 3 === 0 ? 'PASS' : 'AGREE' }, { token: newcomer.token })).errors).toBeUndefined();
    }
    expect((await t.gql(NEXT, { id: m.eventId }, { token: newcomer.token })).data.nextPerspective).toBeNull();
  });
});
