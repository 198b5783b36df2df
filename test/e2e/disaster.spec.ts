import type { AddressInfo } from 'node:net';
import type { INestApplicationContext } from '@nestjs/common';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startWorker } from '../../src/worker.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createUser, type TestUser } from '../support/factories.js';
import { buildWorld, CARD, inMs, ok, Q, type World } from '../support/disaster-world.js';
import { waitUntil } from '../support/process.js';

/**
 * みんなのもしも, the day it happens, against the real app and the real worker: declaring and ending
 * disasters (and the end nobody acts on), the feed line and the helpers' notifications, break-glass
 * contact cards with their audit, safety reports, the board and its live subscription, drills, and
 * the needs short of helpers.
 */
let t: TestApp;
let worker: INestApplicationContext;
let w: World;
let wsUrl: string;
const clients: Client[] = [];

beforeAll(async () => {
  t = await startTestApp();
  await t.app.listen(0, '127.0.0.1');
  wsUrl = `ws://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/graphql`;
  worker = await startWorker({ ...t.config, runMigrations: false });
  w = await buildWorld(t);
  ok(await t.gql(Q.SET_CARD, { needId: w.need.aozora, input: CARD }, w.coordinator));
  ok(await t.gql(Q.SET_CARD, { needId: w.need.komorebi, input: { name: '南 タケオ', address: '久留米市南一丁目 3-5', phone: null, notes: null } }, w.coordinator));
}, 60_000);
afterAll(async () => {
  for (const c of clients) await c.dispose();
  await worker?.close();
  await t?.close();
});

const audits = (action: string) =>
  t.db.query(`SELECT actor_user_id AS actor, need_ids::text[] AS needs, pairing_ids::text[] AS pairings, disaster_id AS disaster FROM support_audit WHERE action = $1 ORDER BY id`, [action]);

let real: { id: string; endsAt: string };

describe('declaring a disaster', () => {
  it('refuses what a coordinator may not declare, changing nothing', async () => {
    const base = { topic: 'DISASTER', title: '筑後川 氾濫警戒', areas: ['中央'], endsAt: inMs(3600_000) };
    const bad: [Record<string, unknown>, string][] = [
      [{ ...base, endsAt: inMs(-1000) }, 'input.endsAt'],
      [{ ...base, endsAt: inMs(15 * 86_400_000) }, 'input.endsAt'],
      [{ ...base, areas: [] }, 'input.areas'],
      [{ ...base, areas: ['中央', '中央'] }, 'input.areas'],
      [{ ...base, areas: ['中央', ' '] }, 'input.areas'],
      [{ ...base, title: '  ' }, 'input.title'],
    ];
    for (const [input, field] of bad) {
      const res = await t.gql(Q.DECLARE, { input }, w.coordinator);
      expect({ field, code: res.code, fields: res.errors?.[0].extensions?.fields?.map((f) => f.field) }).toEqual({ field, code: 'BAD_USER_INPUT', fields: expect.arrayContaining([expect.stringContaining(field)]) });
    }
    expect((await t.gql(Q.DECLARE, { input: base }, w.A)).code).toBe('FORBIDDEN');
    expect((await t.gql(Q.DECLARE, { input: base })).code).toBe('UNAUTHENTICATED');
    expect((await t.db.query('SELECT count(*)::int AS n FROM disaster'))[0].n).toBe(0);
    // areas compare as the support run compares them: NFKC, no spaces, case-folded
    expect((await t.db.query(`SELECT area_key(' 中　央 ') AS a, area_key('Ｃｈｕｏ ku') AS b`))[0]).toEqual({ a: '中央', b: 'chuoku' });
  });

  it('opens it over its areas, shows it to every signed-in user, puts a line on the feed and notifies the helpers of the areas on the worker', async () => {
    const d = ok(await t.gql(Q.DECLARE, { input: { topic: 'DISASTER', title: '筑後川 氾濫警戒', areas: ['中央', '荒木'], endsAt: inMs(3600_000) } }, w.coordinator)).declareDisaster;
    expect(d).toMatchObject({ status: 'ACTIVE', drill: false, areas: ['中央', '荒木'], endedAt: null });
    real = d;
    for (const who of [w.A, w.S, w.student, w.coordinator, await createUser(t)]) {
      expect(ok(await t.gql(Q.ACTIVE, {}, who)).activeDisasters.map((x: { id: string }) => x.id)).toEqual([d.id]);
    }
    expect((await t.gql(Q.ACTIVE, {})).code).toBe('UNAUTHENTICATED');

    const feed = ok(await t.gql(`{ activityFeed(first: 20) { edges { node { kind platform title label } } } }`, {})).activityFeed.edges.map((e: any) => e.node);
    expect(feed).toContainEqual({ kind: 'DISASTER_DECLARED', platform: 'PREPAREDNESS', title: '災害対応: 筑後川 氾濫警戒（中央・荒木）', label: '災害対応・防災訓練の開始' });

    // the worker notifies the helpers with a pledge or an approved person in the areas: A, B, C, the student; never S (南)
    const notified = async (u: TestUser) =>
      ok(await t.gql(`{ myNotifications(first: 20) { edges { node { kind title body } } } }`, {}, u)).myNotifications.edges.map((e: any) => e.node).filter((n: any) => n.kind === 'DISASTER_DECLARED');
    expect(await waitUntil(async () => (await notified(w.student)).length === 1, 20_000)).toBe(true);
    for (const u of [w.A, w.B, w.C]) expect(await notified(u)).toHaveLength(1);
    expect(await notified(w.S)).toEqual([]);
    const [note] = await notified(w.A);
    expect(note.title).toBe('災害対応が始まりました: 筑後川 氾濫警戒');
    expect(note.body).toContain('中央・荒木');
    expect(JSON.stringify(note)).not.toMatch(/あおぞら|ひだまり|わかば|ささえ|ハナヱ/);
    // the job held the disaster's id only, and is done
    const [job] = await t.db.query(`SELECT payload, done_at IS NOT NULL AS done FROM job_outbox WHERE name = 'disaster-declared'`);
    expect(job).toEqual({ payload: { disasterId: d.id }, done: true });
    const [audit] = await audits('DISASTER_DECLARED');
    expect(audit).toMatchObject({ actor: w.coordinator.id, disaster: d.id });
  });
});

describe('contact cards, break-glass', () => {
  it('opens the card for an approved helper of the need while the disaster lasts, one audit row per opening, listed by auditLog', async () => {
    const mine = ok(await t.gql(Q.ASSIGNMENTS, {}, w.A)).myHelpAssignments;
    expect(mine).toEqual([
      { pairingId: w.pairing.A, needLabel: '中央-あおぞら', kinds: ['CHECK_IN_CALL', 'EVACUATION_ESCORT'], area: '中央', safety: 'UNKNOWN', disaster: { id: real.id, drill: false }, contact: CARD },
    ]);
    ok(await t.gql(Q.ASSIGNMENTS, {}, w.A));
    const opened = await audits('CONTACT_OPENED');
    expect(opened).toEqual([
      { actor: w.A.id, needs: [w.need.aozora], pairings: [w.pairing.A], disaster: real.id },
      { actor: w.A.id, needs: [w.need.aozora], pairings: [w.pairing.A], disaster: real.id },
    ]);
    const log = ok(await t.gql(`{ auditLog(kind: CONTACT_OPENED, first: 10) { totalCount edges { node { kind supportAction actor { id } needIds pairingIds disasterId requestId } } } }`, {}, w.coordinator)).auditLog;
    expect(log.totalCount).toBe(2);
    expect(log.edges[0].node).toMatchObject({ kind: 'CONTACT_OPENED', supportAction: 'CONTACT_OPENED', actor: { id: w.A.id }, needIds: [w.need.aozora], pairingIds: [w.pairing.A], disasterId: real.id });
    expect(log.edges[0].node.requestId).toEqual(expect.any(String));
    // the coordinators' other kinds do not list the openings
    const changes = ok(await t.gql(`{ auditLog(kind: SUPPORT_CHANGE, first: 100) { edges { node { supportAction } } } }`, {}, w.coordinator)).auditLog.edges.map((e: any) => e.node.supportAction);
    expect(changes).not.toContain('CONTACT_OPENED');
    expect(changes).toEqual(expect.arrayContaining(['CONTACT_CARD_SET', 'DISASTER_DECLARED']));
  });

  it('stays closed for a helper of another area, and for a person without a card', async () => {
    const before = (await audits('CONTACT_OPENED')).length;
    // S (南) has an approved person with a card, but no disaster covers 南
    expect(ok(await t.gql(Q.ASSIGNMENTS, {}, w.S)).myHelpAssignments).toEqual([
      { pairingId: w.pairing.S, needLabel: '南-こもれび', kinds: ['CHECK_IN_CALL'], area: '南', safety: 'UNKNOWN', disaster: null, contact: null },
    ]);
    // the student helper's person is covered, but has no card
    expect(ok(await t.gql(Q.ASSIGNMENTS, {}, w.student)).myHelpAssignments).toEqual([
      expect.objectContaining({ needLabel: '中央-わかば', disaster: { id: real.id, drill: false }, contact: null }),
    ]);
    // C's pairing was never approved; the coordinator is nobody's helper
    for (const u of [w.C, w.coordinator]) expect(ok(await t.gql(Q.ASSIGNMENTS, {}, u)).myHelpAssignments).toEqual([]);
    expect((await audits('CONTACT_OPENED')).length).toBe(before);
  });

  it('closes by itself at endsAt: nobody ends it, and it reads ENDED', async () => {
    const short = ok(await t.gql(Q.DECLARE, { input: { topic: 'DISASTER', title: '南部 突風', areas: ['南'], endsAt: inMs(2500) } }, w.coordinator)).declareDisaster;
    const open = ok(await t.gql(Q.ASSIGNMENTS, {}, w.S)).myHelpAssignments[0];
    expect(open).toMatchObject({ disaster: { id: short.id }, contact: { name: '南 タケオ', address: '久留米市南一丁目 3-5', phone: null, notes: null } });
    ok(await t.gql(Q.REPORT, { needId: w.need.komorebi, status: 'SAFE' }, w.S));
    await new Promise((r) => setTimeout(r, Date.parse(short.endsAt) - Date.now() + 100));
    const after = ok(await t.gql(Q.ASSIGNMENTS, {}, w.S)).myHelpAssignments[0];
    expect(after).toMatchObject({ disaster: null, contact: null, safety: 'UNKNOWN' });
    expect(ok(await t.gql(Q.DISASTER, { id: short.id }, w.coordinator)).disaster).toMatchObject({ status: 'ENDED', endedAt: short.endsAt });
    expect(ok(await t.gql(Q.ACTIVE, {}, w.S)).activeDisasters.map((x: any) => x.id)).not.toContain(short.id);
    expect((await t.gql(Q.REPORT, { needId: w.need.komorebi, status: 'SAFE' }, w.S)).code).toBe('CONFLICT');
    expect((await t.gql(Q.END, { id: short.id }, w.coordinator)).code).toBe('CONFLICT');
    // nobody acted: no end was written, the clock alone closed it
    expect((await t.db.query('SELECT ended_at, ended_by FROM disaster WHERE id = $1', [short.id]))[0]).toEqual({ ended_at: null, ended_by: null });
    // its results stay readable to coordinators
    expect(ok(await t.gql(Q.DISASTER, { id: short.id }, w.coordinator)).disaster.safetyCounts).toContainEqual({ status: 'SAFE', count: 1 });
  });

  it('keeps only ciphertext: a card is sealed to its own row, never readable elsewhere', async () => {
    const [row] = await t.db.query(`SELECT cipher, key_id FROM support_contact_card WHERE need_id = $1`, [w.need.aozora]);
    for (const text of Object.values(CARD)) expect(row.cipher.includes(Buffer.from(text))).toBe(false);
    // moved onto another need's row, it does not open there (bound by the additional data)
    await t.db.query(`INSERT INTO support_contact_card (need_id, cipher, key_id) VALUES ($1, $2, $3)`, [w.need.wakaba, row.cipher, row.key_id]);
    expect(ok(await t.gql(Q.ASSIGNMENTS, {}, w.student)).myHelpAssignments[0].contact).toBeNull();
    await t.db.query(`DELETE FROM support_contact_card WHERE need_id = $1`, [w.need.wakaba]);
  });
});

describe('safety reports, the board and the live subscription', () => {
  it('takes reports from approved helpers and coordinators, counts them, and streams them to coordinators over graphql-ws', async () => {
    const received: any[] = [];
    const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${w.coordinator.token}` }, retryAttempts: 0 });
    clients.push(client);
    let live!: () => void;
    const first = new Promise<void>((r) => (live = r));
    client.subscribe(
      { query: `subscription($id: ID!) { safetyReported(disasterId: $id) { status note reportedBy need { label } } }`, variables: { id: real.id } },
      { next: (m) => received.push(m), error: (e) => received.push({ error: e }), complete: () => undefined },
    );
    // the subscription is live once the server acknowledged it: a report sent before could be missed, so wait for one to arrive
    const ping = async () => {
      ok(await t.gql(Q.REPORT, { needId: w.need.sasae, status: 'UNREACHABLE', note: '呼び鈴に応答なし' }, w.coordinator));
      return received.length > 0;
    };
    expect(await waitUntil(ping, 10_000, 300)).toBe(true);
    live();
    await first;
    const mine = ok(await t.gql(Q.REPORT, { needId: w.need.aozora, status: 'EVACUATED', note: '公民館へ避難済み。薬は持参' }, w.A)).reportSafety;
    expect(mine).toMatchObject({ status: 'EVACUATED', note: '公民館へ避難済み。薬は持参', reportedBy: '支援者 あかね' });
    expect(await waitUntil(() => received.some((m) => m.data?.safetyReported.status === 'EVACUATED'), 10_000)).toBe(true);
    expect(received.find((m) => m.data?.safetyReported.status === 'EVACUATED').data.safetyReported).toEqual({
      status: 'EVACUATED', note: '公民館へ避難済み。薬は持参', reportedBy: '支援者 あかね', need: { label: '中央-あおぞら' },
    });
    expect(received.every((m) => !m.errors && !m.error)).toBe(true);
    // the note is sealed in the database
    const notes = await t.db.query(`SELECT note_cipher FROM safety_report WHERE note_cipher IS NOT NULL`);
    expect(notes.length).toBeGreaterThan(1);
    for (const n of notes) expect(n.note_cipher.includes(Buffer.from('公民館'))).toBe(false);

    // UNKNOWN is nobody's report; only a real status is taken
    expect((await t.gql(Q.REPORT, { needId: w.need.aozora, status: 'UNKNOWN' }, w.A)).code).toBe('BAD_USER_INPUT');
    ok(await t.gql(Q.REPORT, { needId: w.need.wakaba, status: 'NEEDS_HELP' }, w.student));
    const counts = ok(await t.gql(Q.DISASTER, { id: real.id }, w.coordinator)).disaster.safetyCounts;
    expect(counts).toEqual([
      { status: 'UNKNOWN', count: 1 }, { status: 'SAFE', count: 0 }, { status: 'NEEDS_HELP', count: 1 }, { status: 'EVACUATED', count: 1 }, { status: 'UNREACHABLE', count: 1 },
    ]);
    // a need's own safety reads the real disaster
    const needs = ok(await t.gql(Q.NEED_FIELDS, {}, w.coordinator)).supportNeeds;
    expect(needs.find((n: any) => n.id === w.need.aozora)).toMatchObject({ safety: 'EVACUATED', approvedHelpers: 2, hasContactCard: true, helpersWanted: 2 });
    expect(ok(await t.gql(Q.ASSIGNMENTS_NO_CONTACT, {}, w.B)).myHelpAssignments[0].safety).toBe('EVACUATED');
  });

  it('lists every need of the areas least known first, paginated with keyset cursors', async () => {
    const all = ok(await t.gql(Q.BOARD, { id: real.id, first: 100 }, w.coordinator)).disaster.board;
    expect(all.totalCount).toBe(4);
    expect(all.edges.map((e: any) => [e.node.need.label, e.node.status])).toEqual([
      ['中央-ひだまり', 'UNKNOWN'], ['中央-ささえ', 'UNREACHABLE'], ['中央-わかば', 'NEEDS_HELP'], ['中央-あおぞら', 'EVACUATED'],
    ]);
    expect(all.edges[0].node).toEqual({ status: 'UNKNOWN', note: null, reportedAt: null, reportedBy: null, need: { id: w.need.hidamari, label: '中央-ひだまり' } });
    expect(all.edges[1].node).toMatchObject({ note: '呼び鈴に応答なし', reportedBy: '福祉 花子' });
    // a coordinator sees who reported, a student helper included
    expect(all.edges[2].node.reportedBy).toBe('生徒 みなと');
    const paged: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = ok(await t.gql(Q.BOARD, { id: real.id, first: 1, after }, w.coordinator)).disaster.board;
      paged.push(...page.edges.map((e: any) => e.node.need.label));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(paged).toEqual(all.edges.map((e: any) => e.node.need.label));
    // a later report moves a need: the newest SAFE goes last
    ok(await t.gql(Q.REPORT, { needId: w.need.hidamari, status: 'SAFE' }, w.coordinator));
    const again = ok(await t.gql(Q.BOARD, { id: real.id, first: 100 }, w.coordinator)).disaster.board.edges.map((e: any) => e.node.need.label);
    expect(again).toEqual(['中央-ささえ', '中央-わかば', '中央-あおぞら', '中央-ひだまり']);
    for (const bad of ['nope', Buffer.from(JSON.stringify([9, '', w.need.aozora])).toString('base64url'), Buffer.from(JSON.stringify([0, 'x', 'y'])).toString('base64url')]) {
      expect((await t.gql(Q.BOARD, { id: real.id, first: 1, after: bad }, w.coordinator)).code).toBe('BAD_USER_INPUT');
    }
    expect((await t.gql(Q.BOARD, { id: real.id, first: 101 }, w.coordinator)).code).toBe('BAD_USER_INPUT');
    // reading the board is a read of the register: audited with the page's needs
    const [read] = await t.db.query(`SELECT need_ids::text[] AS needs, disaster_id AS disaster FROM support_audit WHERE action = 'NEED_READ' AND disaster_id IS NOT NULL ORDER BY id DESC LIMIT 1`);
    expect(read).toMatchObject({ disaster: real.id });
    expect(read.needs).toHaveLength(4);
  });
});

describe('disaster drills', () => {
  it('runs the same flow, and its reports count in the drill alone, never in real statistics', async () => {
    const drill = ok(await t.gql(Q.DECLARE, { input: { topic: 'DISASTER', title: '中央地区 支え合い避難訓練', areas: ['中央'], endsAt: inMs(3600_000), drill: true } }, w.coordinator)).declareDisaster;
    expect(drill.drill).toBe(true);
    expect(ok(await t.gql(Q.ACTIVE, {}, w.A)).activeDisasters.map((d: any) => [d.id, d.drill])).toEqual([[real.id, false], [drill.id, true]]);
    // while a real disaster covers the area, the helper works under it; a drill report names the drill
    expect(ok(await t.gql(Q.ASSIGNMENTS_NO_CONTACT, {}, w.A)).myHelpAssignments[0].disaster).toEqual({ id: real.id, drill: false });
    ok(await t.gql(Q.REPORT, { needId: w.need.aozora, status: 'SAFE', disasterId: drill.id }, w.A));
    const realCounts = ok(await t.gql(Q.DISASTER, { id: real.id }, w.coordinator)).disaster.safetyCounts;
    expect(realCounts).toContainEqual({ status: 'SAFE', count: 1 }); // ひだまり only
    expect(ok(await t.gql(Q.DISASTER, { id: drill.id }, w.coordinator)).disaster.safetyCounts).toContainEqual({ status: 'SAFE', count: 1 });
    const need = (await ok(await t.gql(Q.NEED_FIELDS, {}, w.coordinator)).supportNeeds).find((n: any) => n.id === w.need.aozora);
    expect(need.safety).toBe('EVACUATED');
    // the real disaster ends: the drill alone covers 中央; the contact still opens (same flow), audited under the drill
    ok(await t.gql(Q.END, { id: real.id }, w.coordinator));
    const a = ok(await t.gql(Q.ASSIGNMENTS, {}, w.A)).myHelpAssignments[0];
    expect(a).toMatchObject({ disaster: { id: drill.id, drill: true }, contact: CARD, safety: 'SAFE' });
    expect((await audits('CONTACT_OPENED')).at(-1)).toMatchObject({ actor: w.A.id, disaster: drill.id });
    ok(await t.gql(Q.REPORT, { needId: w.need.wakaba, status: 'EVACUATED' }, w.student));
    // no real disaster is active: a need's safety is UNKNOWN, whatever the drill says
    const needs = ok(await t.gql(Q.NEED_FIELDS, {}, w.coordinator)).supportNeeds;
    for (const id of [w.need.aozora, w.need.wakaba]) expect(needs.find((n: any) => n.id === id).safety).toBe('UNKNOWN');
    const drillCounts = ok(await t.gql(Q.DISASTER, { id: drill.id }, w.coordinator)).disaster.safetyCounts;
    expect(drillCounts).toEqual([
      { status: 'UNKNOWN', count: 2 }, { status: 'SAFE', count: 1 }, { status: 'NEEDS_HELP', count: 0 }, { status: 'EVACUATED', count: 1 }, { status: 'UNREACHABLE', count: 0 },
    ]);
    const [line] = ok(await t.gql(`{ activityFeed(first: 5) { edges { node { kind title } } } }`, {})).activityFeed.edges.map((e: any) => e.node).filter((n: any) => n.kind === 'DISASTER_DECLARED');
    expect(line.title).toBe('防災訓練: 中央地区 支え合い避難訓練（中央）');
    ok(await t.gql(Q.END, { id: drill.id }, w.coordinator));
    expect(ok(await t.gql(Q.ASSIGNMENTS, {}, w.A)).myHelpAssignments[0]).toMatchObject({ disaster: null, contact: null });
  });
});

describe('redundancy', () => {
  it('lists the needs short of helpers, the largest shortfall first; a need never takes more than it wants', async () => {
    const gaps = ok(await t.gql(Q.GAPS, {}, w.coordinator)).supportGaps;
    expect(gaps.map((g: any) => [g.label, g.helpersWanted, g.approvedHelpers])).toEqual([['中央-ささえ', 3, 0], ['中央-ひだまり', 1, 0]]);
    // A is full for あおぞら (2 of 2): a third helper is refused, C's pairing stays open
    const extra = await createUser(t, { displayName: '支援者 えいた' });
    ok(await t.gql(Q.PLEDGE, { input: { kinds: ['CHECK_IN_CALL'], area: '中央', slots: ['WEEKDAY_EVENING'] } }, extra));
    await t.db.query(
      `INSERT INTO support_pairing (run_id, pledge_id, need_id, kinds, score) SELECT r.id, p.id, $2, '{CHECK_IN_CALL}', 0.8 FROM support_pledge p, matching_run r WHERE p.helper_id = $1 AND r.kind = 'SUPPORT' LIMIT 1`,
      [extra.id, w.need.aozora],
    );
    const [third] = await t.db.query(`SELECT sp.id FROM support_pairing sp JOIN support_pledge p ON p.id = sp.pledge_id WHERE p.helper_id = $1`, [extra.id]);
    const refused = await t.gql(Q.APPROVE, { id: third.id }, w.coordinator);
    expect(refused.code).toBe('CONFLICT');
    expect(refused.errors![0].message).toContain('2人');
    ok(await t.gql(Q.APPROVE, { id: w.pairing.C }, w.coordinator));
    expect(ok(await t.gql(Q.GAPS, {}, w.coordinator)).supportGaps.map((g: any) => g.label)).toEqual(['中央-ささえ']);
  });
});
