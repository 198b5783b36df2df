import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import request from 'supertest';
import { OpinionGroupsProcessor } from '../../src/committee/jobs/opinion-groups.processor.js';
import { PerspectiveMapService } from '../../src/committee/perspective-map.service.js';
import { Role } from '../../src/identity/role.enum.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createCoordinator, createEvent, createUser, type TestUser } from '../support/factories.js';

let t: TestApp;
let coordinator: TestUser;
beforeAll(async () => {
  t = await startTestApp();
  coordinator = await createCoordinator(t);
});
afterAll(() => t?.close());

const JOIN = 'mutation($id: ID!) { joinEvent(eventId: $id) { id } }';
const ADD = `mutation($i: AddPerspectiveInput!) { addPerspective(input: $i) { id text themes authorName agreeCount } }`;
const REACT = `mutation($id: ID!, $s: Stance!) { react(perspectiveId: $id, stance: $s) { id agreeCount disagreeCount passCount viewerStance } }`;
const PROFILE = `mutation($i: UpdateMyProfileInput!) { updateMyProfile(input: $i) { id displayName generation sector } }`;
const LIST = `query($id: ID!) { perspectives(eventId: $id, first: 100) { totalCount edges { node { id text authorName generation sector agreeCount viewerStance agendaItem { title } event { id } } } } }`;
const MAP = `query($id: ID) { perspectiveMap(eventId: $id) { perspectives participants byTheme { theme count } byGeneration { generation count } bySector { sector count }
  keywords { term count } consensus { id text authorName } divisive { id text } opinionGroups { id size representative { id } } summary groupsPending } }`;

async function resident(generation?: string, sector?: string, name = '久留米 太郎'): Promise<TestUser> {
  const u = await createUser(t, { roles: [Role.RESIDENT], displayName: name });
  if (generation || sector) expect((await t.gql(PROFILE, { i: { generation, sector } }, { token: u.token })).errors).toBeUndefined();
  return u;
}

async function joined(eventId: string, users: TestUser[]): Promise<void> {
  for (const u of users) expect((await t.gql(JOIN, { id: eventId }, { token: u.token })).errors).toBeUndefined();
}

describe('profiles', () => {
  it('sets self-declared generation and sector, seen by the user and coordinators only', async () => {
    const u = await resident();
    const res = await t.gql(PROFILE, { i: { generation: 'THIRTIES', sector: 'NPO', displayName: '  筑後 花子 ' } }, { token: u.token });
    expect(res.data.updateMyProfile).toMatchObject({ displayName: '筑後 花子', generation: 'THIRTIES', sector: 'NPO' });
    expect((await t.gql('{ me { generation sector } }', {}, { token: u.token })).data.me).toEqual({ generation: 'THIRTIES', sector: 'NPO' });
    // left out: unchanged; null: cleared
    expect((await t.gql(PROFILE, { i: { sector: null } }, { token: u.token })).data.updateMyProfile).toMatchObject({ generation: 'THIRTIES', sector: null });
    const bad = await t.gql(PROFILE, { i: { displayName: '', generation: 'OLD' } }, { token: u.token });
    expect(bad.code).toBe('BAD_USER_INPUT');
    const empty = await t.gql(PROFILE, { i: { displayName: ' ' } }, { token: u.token });
    expect(empty.code).toBe('BAD_USER_INPUT');
    expect(empty.errors![0].extensions!.fields!.map((f) => f.field)).toEqual(['input.displayName']);
    expect((await t.gql(PROFILE, { i: { generation: 'TEENS' } })).code).toBe('UNAUTHENTICATED');
  });
});

describe('meetings, perspectives and stances', () => {
  it('agenda and minutes: coordinator or host; others are refused', async () => {
    const meeting = await createEvent(t);
    const someone = await resident();
    const add = 'mutation($id: ID!, $t: String!) { addAgendaItem(eventId: $id, title: $t) { id title position } }';
    expect((await t.gql(add, { id: meeting.id, t: '災害時の見守り' }, { token: coordinator.token })).data.addAgendaItem).toMatchObject({ title: '災害時の見守り', position: 1 });
    expect((await t.gql(add, { id: meeting.id, t: '子どもの居場所' }, { token: coordinator.token })).data.addAgendaItem.position).toBe(2);
    expect((await t.gql(add, { id: meeting.id, t: '勝手な議題' }, { token: someone.token })).code).toBe('FORBIDDEN');
    expect((await t.gql(add, { id: meeting.id, t: '  ' }, { token: coordinator.token })).errors![0].extensions!.fields![0].field).toBe('title');
    const minutes = 'mutation($id: ID!, $m: String!) { setMinutes(eventId: $id, minutes: $m) { id minutes agenda { title position } } }';
    const set = await t.gql(minutes, { id: meeting.id, m: '第1回：見守りについて話し合った。' }, { token: coordinator.token });
    expect(set.data.setMinutes).toEqual({ id: meeting.id, minutes: '第1回：見守りについて話し合った。', agenda: [{ title: '災害時の見守り', position: 1 }, { title: '子どもの居場所', position: 2 }] });
    expect((await t.gql(minutes, { id: meeting.id, m: 'x' }, { token: someone.token })).code).toBe('FORBIDDEN');
    const other = await createEvent(t, { platform: 'TV' as never });
    expect((await t.gql(add, { id: other.id, t: '議題' }, { token: coordinator.token })).code).toBe('NOT_FOUND');
  });

  it('participants post and react (one stance each, changeable); anonymity holds for everyone but coordinators', async () => {
    const meeting = await createEvent(t);
    const [aki, ben, outsider] = [await resident('TWENTIES', 'STUDENT', '秋山 亜紀'), await resident('SIXTIES', 'RESIDENT', '坂本 勉'), await resident()];
    await joined(meeting.id, [aki, ben]);
    const agenda = (await t.gql('mutation($id: ID!) { addAgendaItem(eventId: $id, title: "防災") { id } }', { id: meeting.id }, { token: coordinator.token })).data.addAgendaItem.id;

    expect((await t.gql(ADD, { i: { eventId: meeting.id, text: '見守りが大切', themes: ['elderly'] } }, { token: outsider.token })).code).toBe('FORBIDDEN');
    const bad = await t.gql(ADD, { i: { eventId: meeting.id, text: '', themes: ['no-such-theme', 'x'] } }, { token: aki.token });
    expect(bad.code).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].extensions!.fields!.map((f) => f.field)).toContain('input.text');
    expect((await t.gql(ADD, { i: { eventId: meeting.id, text: '見守り', themes: ['unknown'] } }, { token: aki.token })).errors![0].extensions!.fields![0].field).toBe('input.themes');

    const open = (await t.gql(ADD, { i: { eventId: meeting.id, agendaItemId: agenda, text: '避難所に若者の手を', themes: ['disaster', 'community'] } }, { token: aki.token })).data.addPerspective;
    expect(open).toMatchObject({ text: '避難所に若者の手を', themes: ['disaster', 'community'], authorName: '秋山 亜紀', agreeCount: 0 });
    const secret = (await t.gql(ADD, { i: { eventId: meeting.id, text: '本当は見守りの負担がつらい', themes: ['elderly'], anonymous: true } }, { token: ben.token })).data.addPerspective;
    expect(secret.authorName).toBeNull();

    // stances: upsert
    expect((await t.gql(REACT, { id: open.id, s: 'AGREE' }, { token: ben.token })).data.react).toMatchObject({ agreeCount: 1, disagreeCount: 0, viewerStance: 'AGREE' });
    expect((await t.gql(REACT, { id: open.id, s: 'DISAGREE' }, { token: ben.token })).data.react).toMatchObject({ agreeCount: 0, disagreeCount: 1, viewerStance: 'DISAGREE' });
    expect((await t.gql(REACT, { id: open.id, s: 'PASS' }, { token: aki.token })).data.react).toMatchObject({ disagreeCount: 1, passCount: 1, viewerStance: 'PASS' });
    expect((await t.gql(REACT, { id: open.id, s: 'AGREE' }, { token: outsider.token })).code).toBe('FORBIDDEN');
    expect((await t.gql(REACT, { id: '00000000-0000-4000-8000-000000000000', s: 'AGREE' }, { token: aki.token })).code).toBe('NOT_FOUND');
    expect((await t.gql(REACT, { id: open.id, s: 'MAYBE' }, { token: aki.token })).code).toBe('BAD_USER_INPUT');

    const asResident = (await t.gql(LIST, { id: meeting.id }, { token: outsider.token })).data.perspectives;
    expect(asResident.totalCount).toBe(2);
    const byId = (list: any) => Object.fromEntries(list.edges.map((e: any) => [e.node.id, e.node]));
    expect(byId(asResident)[secret.id]).toMatchObject({ authorName: null, generation: null, sector: null });
    expect(byId(asResident)[open.id]).toMatchObject({ authorName: '秋山 亜紀', generation: null, agendaItem: { title: '防災' } });
    // the author too sees no name on an anonymous post
    expect(byId((await t.gql(LIST, { id: meeting.id }, { token: ben.token })).data.perspectives)[secret.id].authorName).toBeNull();
    const asCoordinator = byId((await t.gql(LIST, { id: meeting.id }, { token: coordinator.token })).data.perspectives);
    expect(asCoordinator[secret.id]).toMatchObject({ authorName: '坂本 勉', generation: 'SIXTIES', sector: 'RESIDENT' });
    // the map and a direct query do not leak the author either
    const map = await t.gql(MAP, { id: meeting.id }, { token: outsider.token });
    expect(JSON.stringify(map.data)).not.toContain('坂本');
    expect((await t.gql(LIST, { id: meeting.id })).code).toBe('UNAUTHENTICATED');
    expect((await t.gql('query($id: ID!) { perspectives(eventId: $id, first: 101) { totalCount } }', { id: meeting.id }, { token: aki.token })).code).toBe('BAD_USER_INPUT');
  });

  it('pages perspectives with a cursor', async () => {
    const meeting = await createEvent(t);
    const u = await resident();
    await joined(meeting.id, [u]);
    for (let i = 0; i < 5; i++) await t.gql(ADD, { i: { eventId: meeting.id, text: `視点${i}`, themes: ['welfare'] } }, { token: u.token });
    const q = 'query($id: ID!, $a: String) { perspectives(eventId: $id, first: 2, after: $a) { totalCount pageInfo { hasNextPage endCursor } edges { node { text } } } }';
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = (await t.gql(q, { id: meeting.id, a: after }, { token: u.token })).data.perspectives;
      seen.push(...page.edges.map((e: any) => e.node.text));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(['視点0', '視点1', '視点2', '視点3', '視点4']);
    expect((await t.gql(q, { id: meeting.id, a: 'garbage' }, { token: u.token })).code).toBe('BAD_USER_INPUT');
  });
});

/** A meeting with two clear camps: 7 younger people for more youth space, 7 older ones for quiet places. */
async function plantedMeeting() {
  const meeting = await createEvent(t, { title: '新地福委員会 第3回' });
  const young = [];
  const old = [];
  for (let i = 0; i < 7; i++) young.push(await resident('TWENTIES', i < 4 ? 'STUDENT' : 'NPO'));
  // 5 in their seventies, 2 in their sixties: the sixties are too few to show
  for (let i = 0; i < 7; i++) old.push(await resident(i < 5 ? 'SEVENTY_PLUS' : 'SIXTIES', 'RESIDENT'));
  await joined(meeting.id, [...young, ...old]);
  const post = async (who: TestUser, text: string, themes: string[], anonymous = false) =>
    (await t.gql(ADD, { i: { eventId: meeting.id, text, themes, anonymous } }, { token: who.token })).data.addPerspective.id as string;
  const shared = [
    await post(young[0], '災害時に高齢者の見守りを地域で続けることが大切です', ['disaster', 'elderly']),
    await post(old[0], '避難所の運営に若者と高齢者が一緒に関わるべきです', ['disaster', 'community']),
  ];
  const campYoung = [
    await post(young[1], '公民館を夜まで開けて若者の居場所にしてほしい', ['community', 'education']),
    await post(young[2], '地域の行事はオンラインでも参加できるようにするべき', ['media']),
  ];
  const campOld = [
    await post(old[1], '公民館は静かに使いたいので夜の利用は控えてほしい', ['community', 'elderly'], true),
    await post(old[2], '回覧板は紙のまま続けてほしい', ['media', 'elderly']),
  ];
  const rows: string[] = [];
  const stance = (u: TestUser, p: string, s: string) => rows.push(`('${p}', '${u.id}', '${s}')`);
  for (const u of [...young, ...old]) for (const p of shared) stance(u, p, 'AGREE');
  for (const u of young) for (const p of campYoung) stance(u, p, 'AGREE');
  for (const u of young) for (const p of campOld) stance(u, p, 'DISAGREE');
  for (const u of old) for (const p of campOld) stance(u, p, 'AGREE');
  for (const u of old) for (const p of campYoung) stance(u, p, 'DISAGREE');
  await t.db.query(`INSERT INTO perspective_stance (perspective_id, user_id, stance) VALUES ${rows.join(', ')}`);
  // one change through the API: still the same camp
  expect((await t.gql(REACT, { id: campYoung[0], s: 'PASS' }, { token: young[6].token })).errors).toBeUndefined();
  return { meeting, young, old, shared, campYoung, campOld };
}

describe('perspectiveMap', () => {
  let planted: Awaited<ReturnType<typeof plantedMeeting>>;
  beforeAll(async () => {
    planted = await plantedMeeting();
  });

  it('finds the two camps, the shared statements as consensus and the camp statements as divisive', async () => {
    const res = await t.gql(MAP, { id: planted.meeting.id });
    expect(res.errors).toBeUndefined();
    const m = res.data.perspectiveMap;
    expect(m.perspectives).toBe(6);
    expect(m.participants).toBe(14);
    expect(m.groupsPending).toBe(false);
    expect(m.opinionGroups.map((g: any) => g.size)).toEqual([7, 7]);
    expect(m.consensus.map((p: any) => p.id).sort()).toEqual([...planted.shared].sort());
    expect(m.divisive.map((p: any) => p.id).sort()).toEqual([...planted.campYoung, ...planted.campOld].sort());
    const reps = m.opinionGroups.map((g: any) => g.representative.map((p: any) => p.id).sort());
    expect(reps).toEqual(expect.arrayContaining([expect.arrayContaining([...planted.campYoung]), expect.arrayContaining([...planted.campOld])]));
    expect(m.byTheme[0]).toEqual({ theme: 'community', count: 3 });
    expect(m.keywords.map((k: any) => k.term)).toEqual(expect.arrayContaining(['公民館', '高齢者']));
    for (const k of m.keywords) expect(['の', 'です', 'について', 'ほしい']).not.toContain(k.term);
    expect(m.summary).toContain('14人が参加し、6件の視点');
    expect(m.summary).toContain('2つの意見のまとまり');
    expect(m.summary).toMatch(/「災害時に高齢者の見守り|「避難所の運営に若者/);
  });

  it('never shows a count under 3 for a generation, a sector or a group', async () => {
    const m = (await t.gql(MAP, { id: planted.meeting.id })).data.perspectiveMap;
    // the 2 in their sixties cannot be shown; left alone they could be worked out from the total, so
    // the smallest shown generation (the 5 over seventy) is merged with them into the null bucket
    expect(m.byGeneration).toEqual([{ generation: 'TWENTIES', count: 7 }, { generation: null, count: 7 }]);
    for (const list of [m.byGeneration, m.bySector, m.opinionGroups.map((g: any) => ({ count: g.size }))]) for (const c of list) expect(c.count).toBeGreaterThanOrEqual(3);
    expect(m.byGeneration.map((g: any) => g.generation)).not.toContain('SIXTIES');
    // the two in their sixties are not left to be worked out from the total either
    const shown = m.byGeneration.reduce((a: number, g: any) => a + g.count, 0);
    expect(m.participants - shown === 0 || m.participants - shown >= 3).toBe(true);
    expect(m.bySector).toEqual(expect.arrayContaining([{ sector: 'RESIDENT', count: 7 }, { sector: 'STUDENT', count: 4 }, { sector: 'NPO', count: 3 }]));

    // a meeting of two people shows no breakdown at all
    const tiny = await createEvent(t);
    const [a, b] = [await resident('FORTIES', 'NPO'), await resident('FIFTIES', 'NPO')];
    await joined(tiny.id, [a, b]);
    const p = (await t.gql(ADD, { i: { eventId: tiny.id, text: '子ども食堂を増やしたい', themes: ['food'] } }, { token: a.token })).data.addPerspective.id;
    await t.gql(REACT, { id: p, s: 'AGREE' }, { token: b.token });
    const small = (await t.gql(MAP, { id: tiny.id })).data.perspectiveMap;
    expect(small).toMatchObject({ participants: 2, byGeneration: [], bySector: [], opinionGroups: [], divisive: [] });
  });

  it('covers a date range, and refuses bad scopes', async () => {
    const range = 'query($f: DateTime, $to: DateTime, $id: ID) { perspectiveMap(from: $f, to: $to, eventId: $id) { perspectives participants } }';
    const from = new Date(Date.now() - 86400_000).toISOString();
    const to = new Date(Date.now() + 30 * 86400_000).toISOString();
    const all = (await t.gql(range, { f: from, to })).data.perspectiveMap;
    expect(all.perspectives).toBeGreaterThanOrEqual(6);
    expect((await t.gql(range, { f: to, to: from })).code).toBe('BAD_USER_INPUT');
    expect((await t.gql(range, {})).code).toBe('BAD_USER_INPUT');
    expect((await t.gql(range, { id: planted.meeting.id, f: from, to })).code).toBe('BAD_USER_INPUT');
    expect((await t.gql(range, { id: 'nope' })).code).toBe('BAD_USER_INPUT');
  });

  // the job's processor, run here in this process on the payload the API recorded; the real worker
  // process runs it in test/e2e/perspective-map-worker.spec.ts
  it('queues a large map for the worker and its processor computes it, showing the last map of the scope meanwhile, then the new one', async () => {
    const before = PerspectiveMapService.inlineLimit;
    const FULL = `query($id: ID) { perspectiveMap(eventId: $id) { groupsPending fingerprint computedAt opinionGroups { size } consensus { id } } }`;
    const first = (await t.gql(FULL, { id: planted.meeting.id })).data.perspectiveMap;
    PerspectiveMapService.inlineLimit = 10;
    try {
      // a stance changes: new inputs, a new fingerprint, too large to compute inline
      expect((await t.gql(REACT, { id: planted.shared[0], s: 'PASS' }, { token: planted.old[6].token })).errors).toBeUndefined();
      const pending = (await t.gql(FULL, { id: planted.meeting.id })).data.perspectiveMap;
      expect(pending.groupsPending).toBe(true);
      expect(pending.fingerprint).not.toBe(first.fingerprint);
      // meanwhile: the scope's last map, said to be of its time
      expect(pending.computedAt).toBe(first.computedAt);
      expect(pending.opinionGroups).toEqual(first.opinionGroups);
      const jobs = await t.db.query(`SELECT payload FROM job_outbox WHERE name = 'committee-opinion-groups'`);
      expect(jobs.map((j: any) => j.payload)).toEqual([{ scopeKey: `event.${planted.meeting.id}`, fingerprint: pending.fingerprint }]);
      // the worker's processor, given the recorded job (a second delivery finds the map up to date)
      const processor = new OpinionGroupsProcessor(t.app.get(PerspectiveMapService));
      expect(await processor.process(jobs[0].payload)).toBe('computed');
      expect(await processor.process(jobs[0].payload)).toBe('up-to-date');
      const done = (await t.gql(FULL, { id: planted.meeting.id })).data.perspectiveMap;
      expect(done.groupsPending).toBe(false);
      expect(done.fingerprint).toBe(pending.fingerprint);
      expect(Date.parse(done.computedAt)).toBeGreaterThanOrEqual(Date.parse(first.computedAt));
      expect(done.opinionGroups.map((g: any) => g.size)).toEqual([7, 7]);

      // a scope never mapped before shows no statistics until the worker is done
      const fresh = await plantedMeeting();
      await t.db.query(`UPDATE perspective_stance SET stance = 'DISAGREE' WHERE perspective_id = $1 AND user_id = $2`, [fresh.shared[1], fresh.young[0].id]);
      expect((await t.gql(MAP, { id: fresh.meeting.id })).data.perspectiveMap).toMatchObject({ groupsPending: true, opinionGroups: [], consensus: [] });

      // the caches hold aggregates and statement ids, never who is in which group
      const caches = await t.db.query('SELECT result::text AS r FROM perspective_map_cache UNION ALL SELECT statement_ids::text FROM perspective_map_scope');
      for (const c of caches) for (const u of [...planted.young, ...planted.old, ...fresh.young, ...fresh.old]) expect(c.r).not.toContain(u.id);
    } finally {
      PerspectiveMapService.inlineLimit = before;
      await t.gql(REACT, { id: planted.shared[0], s: 'AGREE' }, { token: planted.old[6].token });
    }
  });

  it('exports CSV for coordinators only, UTF-8 with BOM, and it round-trips Japanese text', async () => {
    const server = t.app.getHttpServer();
    const url = `/committee/meetings/${planted.meeting.id}/perspectives.csv`;
    expect((await request(server).get(url)).status).toBe(401);
    expect((await request(server).get(url).set('authorization', `Bearer ${planted.young[0].token}`)).status).toBe(403);
    const res = await request(server).get(url).set('authorization', `Bearer ${coordinator.token}`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(body.toString('utf8').slice(1));
    expect(rows[0]).toEqual(['視点ID', '会議', '議題', '視点', 'テーマ', '投稿者', '匿名', '賛成', '反対', 'パス', '投稿日時']);
    expect(rows.length).toBe(7);
    const texts = rows.slice(1).map((r) => r[3]);
    const stored: { text: string }[] = await t.db.query('SELECT text FROM perspective WHERE event_id = $1 ORDER BY created_at, id', [planted.meeting.id]);
    expect(texts).toEqual(stored.map((s) => s.text));
    const anonymous = rows.find((r) => r[3].startsWith('公民館は静かに'))!;
    expect(anonymous[5]).toBe('（匿名）');
    expect(rows.find((r) => r[0] === planted.shared[0])!.slice(7, 10)).toEqual(['14', '0', '0']);
    expect((await request(server).get('/committee/meetings/nope/perspectives.csv').set('authorization', `Bearer ${coordinator.token}`)).status).toBe(404);
  });

  it('round-trips quotes, commas and line breaks in the CSV', async () => {
    const meeting = await createEvent(t);
    const u = await resident();
    await joined(meeting.id, [u]);
    const tricky = '「見守り」と、"声かけ"\n二行目、カンマ,あり';
    await t.gql(ADD, { i: { eventId: meeting.id, text: tricky, themes: ['welfare'] } }, { token: u.token });
    const res = await request(t.app.getHttpServer()).get(`/committee/meetings/${meeting.id}/perspectives.csv`).set('authorization', `Bearer ${coordinator.token}`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(parseCsv((res.body as Buffer).toString('utf8').slice(1))[1][3]).toBe(tricky);
  });
});

/** RFC 4180, the reader's side. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

const CHROMIUM = '/usr/bin/chromium';
const describeIfChromium = existsSync(CHROMIUM) ? describe : describe.skip;

describeIfChromium('GET /committee/meetings/:id/map.svg in headless Chromium', () => {
  it('renders text and shapes, with no errors and nothing fetched from elsewhere', async () => {
    const planted = await plantedMeeting();
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/committee/meetings/${planted.meeting.id}/map.svg`;
    const raw = await request(t.app.getHttpServer()).get(`/committee/meetings/${planted.meeting.id}/map.svg`);
    expect(raw.status).toBe(200);
    expect(raw.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    const svg = raw.text || (raw.body as Buffer).toString('utf8');
    expect(svg).toContain('災害時に高齢者の見守り');
    expect(svg).toContain('20代');
    expect(svg).not.toContain('60代');
    // nothing to fetch: the only URL is the embedded font's data: URI
    expect(svg.replace(/url\(data:font\/woff;base64,[A-Za-z0-9+/=]+\)/, '')).not.toMatch(/<script|href=|@import|url\(/);

    const profile = mkdtempSync(join(tmpdir(), 'committee-svg-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1000, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const problems: string[] = [];
      const foreign: string[] = [];
      await context.route('**/*', (route) => {
        const u = new URL(route.request().url());
        if (u.hostname === '127.0.0.1') return route.continue();
        foreign.push(u.toString());
        return route.abort('blockedbyclient');
      });
      const page = context.pages()[0] ?? (await context.newPage());
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
      const response = await page.goto(url, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);
      // a string, evaluated in the page (the project's types have no DOM)
      const info = (await page.evaluate(`({
        texts: document.querySelectorAll('text').length,
        rects: document.querySelectorAll('rect').length,
        content: [...document.querySelectorAll('text')].map((e) => e.textContent).join(' '),
        box: document.documentElement.getBBox().width,
      })`)) as { texts: number; rects: number; content: string; box: number };
      expect(info.texts).toBeGreaterThan(5);
      expect(info.rects).toBeGreaterThan(5);
      expect(info.content).toContain('みんなが賛同した視点');
      expect(info.box).toBeGreaterThan(100);
      const shot = await page.screenshot();
      // not blank: a PNG of a white page compresses to almost nothing
      expect(shot.length).toBeGreaterThan(8000);
      expect(problems).toEqual([]);
      expect(foreign).toEqual([]);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }, 60_000);
});
