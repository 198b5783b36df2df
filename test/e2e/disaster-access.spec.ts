import type { AddressInfo } from 'node:net';
import type { INestApplicationContext } from '@nestjs/common';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startWorker } from '../../src/worker.js';
import { startTestApp, type TestApp } from '../support/app.js';
import type { Credentials } from '../support/app.js';
import { createOrgMember, createUser } from '../support/factories.js';
import { buildWorld, CARD, inMs, ok, Q, type World } from '../support/disaster-world.js';
import { enroll, ISSUE_SESSION, registerSchool } from '../support/students.js';

/**
 * Least privilege on every field of the day (see the table in disaster.models.ts), tried as every
 * other caller would: anonymous, a resident, a student, an organisation member, a helper of
 * another area, a helper never approved, a forged token — during an active disaster, with a card
 * held. And a student who helps: what the student writes reaches coordinators only.
 */
let t: TestApp;
let worker: INestApplicationContext;
let w: World;
let disasterId: string;
let wsUrl: string;
const callers: Record<string, Credentials> = {};
const ZERO = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  t = await startTestApp();
  await t.app.listen(0, '127.0.0.1');
  wsUrl = `ws://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/graphql`;
  worker = await startWorker({ ...t.config, runMigrations: false });
  w = await buildWorld(t);
  ok(await t.gql(Q.SET_CARD, { needId: w.need.aozora, input: CARD }, w.coordinator));
  ok(await t.gql(Q.SET_CARD, { needId: w.need.wakaba, input: { name: '若葉 スミ', address: '久留米市中央町1-1', phone: '090-0000-1111', notes: '耳が遠い' } }, w.coordinator));
  disasterId = ok(await t.gql(Q.DECLARE, { input: { topic: 'DISASTER', title: '大雨 警戒', areas: ['中央'], endsAt: inMs(3600_000) } }, w.coordinator)).declareDisaster.id;
  const school = await registerSchool(t);
  await enroll(t, school, 'DIS-1');
  callers.anonymous = {};
  callers.forged = { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bm9wZQ' };
  callers.resident = await createUser(t);
  callers.student = { token: (await t.gql(ISSUE_SESSION, { ref: 'DIS-1' }, { apiKey: school.apiKey })).data.issueStudentSession.token };
  callers.member = (await createOrgMember(t)).user;
  callers.otherArea = w.S;
  callers.notApproved = w.C;
}, 60_000);
afterAll(async () => {
  await worker?.close();
  await t?.close();
});

const CODE_FOR: Record<string, string> = { anonymous: 'UNAUTHENTICATED', forged: 'UNAUTHENTICATED' };
const refusal = (who: string) => CODE_FOR[who] ?? 'FORBIDDEN';

describe('who may do and see what during a disaster', () => {
  it('coordinators alone declare, end, read a disaster, its counts and board, gaps, set cards and remove needs', async () => {
    const ops: [string, string, Record<string, unknown>][] = [
      ['declareDisaster', Q.DECLARE, { input: { topic: 'DISASTER', title: 'x', areas: ['中央'], endsAt: inMs(60_000) } }],
      ['endDisaster', Q.END, { id: disasterId }],
      ['disaster', Q.DISASTER, { id: disasterId }],
      ['supportGaps', Q.GAPS, {}],
      ['setContactCard', Q.SET_CARD, { needId: w.need.aozora, input: { name: '偽 名前', address: '偽の住所' } }],
      ['removeSupportNeed', Q.REMOVE, { needId: w.need.aozora }],
      ['safetyCounts', `{ activeDisasters { id safetyCounts { status count } } }`, {}],
      ['board', `{ activeDisasters { id board { totalCount edges { node { status note need { label } } } } } }`, {}],
    ];
    for (const [name, op, vars] of ops) {
      for (const [who, creds] of Object.entries(callers)) {
        const res = await t.gql(op, vars, creds);
        expect({ name, who, code: res.code, data: res.data?.activeDisasters ?? res.data?.[Object.keys(res.data ?? {})[0]] ?? null }).toEqual({ name, who, code: refusal(who), data: null });
      }
    }
    // nothing changed: the disaster is active, the card is the coordinator's, the need is there
    expect(ok(await t.gql(Q.DISASTER, { id: disasterId }, w.coordinator)).disaster.status).toBe('ACTIVE');
    expect(ok(await t.gql(Q.ASSIGNMENTS, {}, w.A)).myHelpAssignments[0].contact).toEqual(CARD);
    expect((await t.db.query('SELECT count(*)::int AS n FROM disaster'))[0].n).toBe(1);
  });

  it('shows a helper only their own approved people; everyone else sees no assignment and opens no card', async () => {
    for (const who of ['resident', 'student', 'member', 'notApproved']) {
      expect({ who, list: ok(await t.gql(Q.ASSIGNMENTS, {}, callers[who])).myHelpAssignments }).toEqual({ who, list: [] });
    }
    for (const who of ['anonymous', 'forged']) expect((await t.gql(Q.ASSIGNMENTS, {}, callers[who])).code).toBe('UNAUTHENTICATED');
    // the helper of another area sees their own person, uncovered: no contact
    expect(ok(await t.gql(Q.ASSIGNMENTS, {}, w.S)).myHelpAssignments.map((a: any) => [a.needLabel, a.contact])).toEqual([['南-こもれび', null]]);
    // B (the other approved helper of あおぞら) sees the same person and card, never the student's
    expect(ok(await t.gql(Q.ASSIGNMENTS, {}, w.B)).myHelpAssignments.map((a: any) => [a.needLabel, a.contact])).toEqual([['中央-あおぞら', CARD]]);
    const openers = (await t.db.query(`SELECT DISTINCT actor_user_id AS a FROM support_audit WHERE action = 'CONTACT_OPENED'`)).map((r: any) => r.a);
    expect(openers.sort()).toEqual([w.A.id, w.B.id].sort());
  });

  it('takes safety reports only from the need’s approved helpers and coordinators', async () => {
    for (const who of Object.keys(callers)) {
      for (const needId of [w.need.aozora, w.need.hidamari, ZERO]) {
        const res = await t.gql(Q.REPORT, { needId, status: 'SAFE' }, callers[who]);
        expect({ who, needId, code: res.code }).toEqual({ who, needId, code: refusal(who) });
      }
    }
    // a helper may not report on the student's person, nor the student on theirs
    expect((await t.gql(Q.REPORT, { needId: w.need.wakaba, status: 'SAFE' }, w.A)).code).toBe('FORBIDDEN');
    expect((await t.gql(Q.REPORT, { needId: w.need.aozora, status: 'SAFE' }, w.student)).code).toBe('FORBIDDEN');
    // a coordinator learns what is missing
    expect((await t.gql(Q.REPORT, { needId: ZERO, status: 'SAFE' }, w.coordinator)).code).toBe('NOT_FOUND');
    expect((await t.db.query('SELECT count(*)::int AS n FROM safety_report'))[0].n).toBe(0);
  });

  it('gives the reporting helper their own report, never the need behind it', async () => {
    const res = await t.gql(`mutation($id: ID!) { reportSafety(needId: $id, status: SAFE, note: "玄関で会えた") { status note reportedBy need { label } } }`, { id: w.need.aozora }, w.B);
    expect(res.code).toBe('FORBIDDEN');
    const own = ok(await t.gql(Q.REPORT, { needId: w.need.aozora, status: 'NEEDS_HELP', note: '玄関で会えた、水が足りない' }, w.B)).reportSafety;
    expect(own).toMatchObject({ status: 'NEEDS_HELP', note: '玄関で会えた、水が足りない', reportedBy: '団体 ぶどう' });
  });

  it('streams reports to coordinators only', async () => {
    const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${(callers.resident as { token: string }).token}` }, retryAttempts: 0 });
    try {
      const errors = await new Promise<any[]>((resolve) => {
        const got: any[] = [];
        client.subscribe(
          { query: `subscription($id: ID!) { safetyReported(disasterId: $id) { status } }`, variables: { id: disasterId } },
          { next: (m) => got.push(...(m.errors ?? [{ data: m.data }])), error: (e) => resolve([...got, e]), complete: () => resolve(got) },
        );
      });
      expect(errors[0]?.extensions?.code).toBe('FORBIDDEN');
    } finally {
      await client.dispose();
    }
  });
});

describe('a student who helps', () => {
  const NOTE = 'わかばさんは台所の床に座り込んでいて、右足首が腫れていました';
  it('sees the person as a pseudonym and the card only now; what the student writes reaches coordinators alone', async () => {
    const [a] = ok(await t.gql(Q.ASSIGNMENTS, {}, w.student)).myHelpAssignments;
    expect(a).toMatchObject({ needLabel: '中央-わかば', area: '中央', kinds: ['TRANSLATION'], contact: { name: '若葉 スミ' } });
    const own = ok(await t.gql(Q.REPORT, { needId: w.need.wakaba, status: 'NEEDS_HELP', note: NOTE }, w.student)).reportSafety;
    expect(own).toMatchObject({ note: NOTE, reportedBy: '生徒 みなと' });
    // coordinators read it, by name
    const board = ok(await t.gql(Q.BOARD, { id: disasterId, first: 100 }, w.coordinator)).disaster.board.edges.map((e: any) => e.node);
    expect(board.find((n: any) => n.need.label === '中央-わかば')).toMatchObject({ note: NOTE, reportedBy: '生徒 みなと' });
    // everything any other helper, resident or anonymous caller can ask holds no word of it
    const everything = `{ myHelpAssignments { needLabel safety disaster { id title } } activeDisasters { id title areas } myNotifications(first: 50) { edges { node { title body } } }
      activityFeed(first: 50) { edges { node { title } } } }`;
    for (const who of [w.A, w.B, w.S, w.C, callers.resident, callers.member]) {
      const seen = JSON.stringify(ok(await t.gql(everything, {}, who)));
      for (const piece of ['台所', '足首', '腫れ', '座り込', '生徒 みなと']) expect({ piece, leaked: seen.includes(piece) }).toEqual({ piece, leaked: false });
    }
    // a helper of the same person would see the status, never the note
    expect(ok(await t.gql(Q.ASSIGNMENTS_NO_CONTACT, {}, w.student)).myHelpAssignments[0].safety).toBe('NEEDS_HELP');
  });
});

describe('hostile input is refused with a contract code, never an internal error', () => {
  it.each([
    ['a malformed disaster id', Q.DISASTER, { id: 'nope' }],
    ['a malformed id to end', Q.END, { id: "1' OR '1'='1" }],
    ['an unknown disaster', Q.END, { id: ZERO }],
    ['a malformed need id to report on', Q.REPORT, { needId: 'x', status: 'SAFE' }],
    ['a malformed need id for a card', Q.SET_CARD, { needId: 'x', input: CARD }],
    ['an unknown need for a card', Q.SET_CARD, { needId: ZERO, input: CARD }],
    ['a malformed need id to remove', Q.REMOVE, { needId: '' }],
    ['an unknown need to remove', Q.REMOVE, { needId: ZERO }],
    ['NUL in a card', Q.SET_CARD, { needId: ZERO, input: { ...CARD, name: 'a\u0000b' } }],
    ['a lone surrogate in a note', Q.REPORT, { needId: ZERO, status: 'SAFE', note: 'x\ud800' }],
    ['a phone that is no phone', Q.SET_CARD, { needId: ZERO, input: { ...CARD, phone: '<script>' } }],
    ['a 2000-character note', Q.REPORT, { needId: ZERO, status: 'SAFE', note: 'あ'.repeat(2000) }],
    ['a year 271822 disaster', Q.DECLARE, { input: { topic: 'DISASTER', title: 'x', areas: ['中央'], endsAt: '+271821-04-20T00:00:00.000Z' } }],
    ['60 areas', Q.DECLARE, { input: { topic: 'DISASTER', title: 'x', areas: Array.from({ length: 60 }, (_, i) => `地区${i}`), endsAt: inMs(60_000) } }],
    ['helpersWanted 0', Q.REGISTER, { input: { label: 'x', kinds: ['SHOPPING'], area: '中央', slots: ['WEEKDAY_DAYTIME'], consent: true, helpersWanted: 0 } }],
    ['helpersWanted 6', Q.REGISTER, { input: { label: 'x', kinds: ['SHOPPING'], area: '中央', slots: ['WEEKDAY_DAYTIME'], consent: true, helpersWanted: 6 } }],
    ['supportGaps first 501', `{ supportGaps(first: 501) { id } }`, {}],
  ])('%s', async (_name, op, vars) => {
    const res = await t.gql(op, vars, w.coordinator);
    expect(res.status).toBeLessThan(500);
    expect(['BAD_USER_INPUT', 'NOT_FOUND']).toContain(res.code);
    // the refusal never repeats a card's or a note's text
    expect(JSON.stringify(res.errors)).not.toMatch(/ハナヱ|ひまわり荘|0942|縞田/);
  });

  it('a card for a person who withdrew consent is refused; withdrawing consent erases the card and closes the assignment', async () => {
    ok(await t.gql(`mutation($id: ID!) { setSupportNeedConsent(id: $id, consent: false) { consent } }`, { id: w.need.aozora }, w.coordinator));
    expect(await t.db.query('SELECT 1 FROM support_contact_card WHERE need_id = $1', [w.need.aozora])).toEqual([]);
    expect((await t.gql(Q.SET_CARD, { needId: w.need.aozora, input: CARD }, w.coordinator)).code).toBe('CONFLICT');
    expect(ok(await t.gql(Q.ASSIGNMENTS, {}, w.A)).myHelpAssignments).toEqual([]);
    expect((await t.gql(Q.REPORT, { needId: w.need.aozora, status: 'SAFE' }, w.A)).code).toBe('FORBIDDEN');
  });
});
