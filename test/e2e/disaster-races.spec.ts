import type { INestApplicationContext } from '@nestjs/common';
import { startWorker } from '../../src/worker.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createUser } from '../support/factories.js';
import { buildWorld, CARD, inMs, ok, Q, type World } from '../support/disaster-world.js';

/**
 * What races on the day, decided by the database: approvals for a need that wants fewer helpers
 * than are proposed, reports racing the end of the disaster, and an erasure racing reports, cards
 * and approvals. No interleaving answers INTERNAL_SERVER_ERROR or leaves a row behind.
 */
let t: TestApp;
let worker: INestApplicationContext;
let w: World;

beforeAll(async () => {
  t = await startTestApp();
  worker = await startWorker({ ...t.config, runMigrations: false });
  w = await buildWorld(t);
}, 60_000);
afterAll(async () => {
  await worker?.close();
  await t?.close();
});

const codes = (results: { code?: string }[]) => results.map((r) => r.code ?? 'OK').sort();

it('of several helpers approved at once for a person who wants one, exactly one is approved', async () => {
  const need = ok(await t.gql(Q.REGISTER, { input: { label: '中央-いっしょ', kinds: ['CHECK_IN_CALL'], area: '中央', slots: ['WEEKDAY_EVENING'], consent: true, helpersWanted: 1 } }, w.coordinator)).registerSupportNeed.id;
  const [{ id: runId }] = await t.db.query(`SELECT id FROM matching_run WHERE kind = 'SUPPORT' LIMIT 1`);
  const pairings: string[] = [];
  for (let i = 0; i < 6; i++) {
    const h = await createUser(t, { displayName: `支援者 ${i}` });
    const [{ id: pledge }] = await t.db.query(`INSERT INTO support_pledge (helper_id, kinds, area, slots) VALUES ($1, '{CHECK_IN_CALL}', '中央', '{WEEKDAY_EVENING}') RETURNING id`, [h.id]);
    const [{ id }] = await t.db.query(`INSERT INTO support_pairing (run_id, pledge_id, need_id, kinds, score) VALUES ($1, $2, $3, '{CHECK_IN_CALL}', 0.9) RETURNING id`, [runId, pledge, need]);
    pairings.push(id);
  }
  const results = await Promise.all(pairings.map((id) => t.gql(Q.APPROVE, { id }, w.coordinator)));
  expect(codes(results)).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'OK']);
  expect((await t.db.query(`SELECT count(*)::int AS n FROM support_pairing WHERE need_id = $1 AND status = 'APPROVED'`, [need]))[0].n).toBe(1);
});

it('reports racing the end of the disaster land before the end or are refused', async () => {
  const d = ok(await t.gql(Q.DECLARE, { input: { topic: 'DISASTER', title: '競合 試験', areas: ['中央'], endsAt: inMs(3600_000) } }, w.coordinator)).declareDisaster;
  const reports = Array.from({ length: 20 }, (_, i) => t.gql(Q.REPORT, { needId: w.need.aozora, status: i % 2 ? 'SAFE' : 'EVACUATED', note: `報告 ${i}` }, i % 2 ? w.A : w.B));
  const ended = t.gql(Q.END, { id: d.id }, w.coordinator);
  const results = await Promise.all([...reports, ended]);
  for (const r of results) expect(['OK', 'CONFLICT']).toContain(r.code ?? 'OK');
  expect(results.at(-1)!.code).toBeUndefined();
  const [late] = await t.db.query(
    `SELECT count(*)::int AS n FROM safety_report r JOIN disaster d ON d.id = r.disaster_id WHERE d.id = $1 AND r.reported_at > d.ended_at`,
    [d.id],
  );
  expect(late.n).toBe(0);
  // the latest status is the latest report's
  const [state] = await t.db.query(
    `SELECT s.report_id = (SELECT r.id FROM safety_report r WHERE r.disaster_id = $1 AND r.need_id = $2 ORDER BY r.reported_at DESC, r.id DESC LIMIT 1) AS latest
     FROM safety_state s WHERE s.disaster_id = $1 AND s.need_id = $2`,
    [d.id, w.need.aozora],
  );
  if (state) expect(state.latest).toBe(true);
});

it('an erasure racing reports, new cards and approvals leaves nothing and never fails internally', async () => {
  ok(await t.gql(Q.DECLARE, { input: { topic: 'DISASTER', title: '消去 競合', areas: ['中央'], endsAt: inMs(3600_000) } }, w.coordinator));
  const [{ id: runId }] = await t.db.query(`SELECT id FROM matching_run WHERE kind = 'SUPPORT' LIMIT 1`);
  // each round: a fresh person with an approved helper (A), a card and an open proposal; the erasure starts at another point among the others
  for (const at of [0, 2, 5, 9, 14]) {
    const need = ok(await t.gql(Q.REGISTER, { input: { label: `中央-きえる${at}`, kinds: ['CHECK_IN_CALL'], area: '中央', slots: ['WEEKDAY_EVENING'], consent: true, helpersWanted: 3 } }, w.coordinator)).registerSupportNeed.id;
    const [{ pledge: pledgeA }] = await t.db.query(`SELECT id AS pledge FROM support_pledge WHERE helper_id = $1`, [w.A.id]);
    await t.db.query(`INSERT INTO support_pairing (run_id, pledge_id, need_id, kinds, score, status) VALUES ($1, $2, $3, '{CHECK_IN_CALL}', 0.9, 'APPROVED')`, [runId, pledgeA, need]);
    const h = await createUser(t, { displayName: `支援者 きょうそう${at}` });
    const [{ id: pledge }] = await t.db.query(`INSERT INTO support_pledge (helper_id, kinds, area, slots) VALUES ($1, '{CHECK_IN_CALL}', '中央', '{WEEKDAY_EVENING}') RETURNING id`, [h.id]);
    const [{ id: open }] = await t.db.query(`INSERT INTO support_pairing (run_id, pledge_id, need_id, kinds, score) VALUES ($1, $2, $3, '{CHECK_IN_CALL}', 0.9) RETURNING id`, [runId, pledge, need]);
    ok(await t.gql(Q.SET_CARD, { needId: need, input: CARD }, w.coordinator));
    const ops: (() => Promise<{ code?: string; status: number; data?: any }>)[] = [
      ...Array.from({ length: 6 }, () => () => t.gql(Q.REPORT, { needId: need, status: 'SAFE', note: '無事' }, w.A)),
      ...Array.from({ length: 4 }, () => () => t.gql(Q.SET_CARD, { needId: need, input: { ...CARD, notes: '更新' } }, w.coordinator)),
      () => t.gql(Q.APPROVE, { id: open }, w.coordinator),
      () => t.gql(Q.ASSIGNMENTS, {}, w.A),
      () => t.gql(Q.REPORT, { needId: need, status: 'NEEDS_HELP' }, w.coordinator),
      () => t.gql(Q.NEED_FIELDS, {}, w.coordinator),
    ];
    ops.splice(at, 0, () => t.gql(Q.REMOVE, { needId: need }, w.coordinator));
    const results = await Promise.all(ops.map((op) => op()));
    results.forEach((r: any, i) => {
      const code = r.code ?? 'OK';
      const fine = r.status === 200 && ['OK', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT'].includes(code);
      // on failure, say which operation and why
      expect({ at, i, fine, errors: fine ? undefined : r.errors }).toEqual({ at, i, fine: true, errors: undefined });
    });
    expect(results[at].data).toEqual({ removeSupportNeed: true });
    const [left] = await t.db.query(
      `SELECT (SELECT count(*) FROM support_need WHERE id = $1) + (SELECT count(*) FROM support_pairing WHERE need_id = $1) + (SELECT count(*) FROM support_contact_card WHERE need_id = $1)
            + (SELECT count(*) FROM safety_report WHERE need_id = $1) + (SELECT count(*) FROM safety_state WHERE need_id = $1) AS n`,
      [need],
    );
    expect({ at, left: Number(left.n) }).toEqual({ at, left: 0 });
  }
});
