import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createApi } from '../../src/main.js';
import { ContactCipher, keyIdOf } from '../../src/preparedness/disaster/contact-cipher.js';
import { rekeySealedValues } from '../../src/preparedness/disaster/rekey.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createCoordinator, createUser, type TestUser } from '../support/factories.js';
import { CARD, inMs, ok, Q } from '../support/disaster-world.js';
import { ROOT } from '../support/process.js';

/**
 * Key rotation of contact cards and safety notes: an API with the new key and the previous one
 * reads both; the re-encryption moves every value to the new key (again: nothing to do), after
 * which the previous key can go; a process with only the old key reads nothing, and says so by id.
 */
const k1 = randomBytes(32);
const k2 = randomBytes(32);
const k3 = randomBytes(32);
let t: TestApp;
const apps: NestExpressApplication[] = [];
let coordinator: TestUser;
let helper: TestUser;
let needId: string;

const gqlOn = async (app: NestExpressApplication, query: string, token: string) =>
  (await request(app.getHttpServer()).post('/graphql').set('authorization', `Bearer ${token}`).send({ query })).body;
const withKeys = async (key: Buffer, previousKey?: Buffer) => {
  const app = await createApi({ ...t.config, runMigrations: false, contactCards: { key, previousKey, ephemeral: false } });
  apps.push(app);
  return app;
};
const keyIds = async () =>
  (await t.db.query(`SELECT (SELECT array_agg(key_id) FROM support_contact_card) AS cards, (SELECT array_agg(note_key_id) FROM safety_report WHERE note_key_id IS NOT NULL) AS notes`))[0];

beforeAll(async () => {
  t = await startTestApp({ env: { CONTACT_CARD_KEY: k1.toString('base64') } });
  coordinator = await createCoordinator(t);
  helper = await createUser(t, { displayName: '支援者 ろーて' });
  // an approved pairing, straight in the database (the run itself is tested elsewhere)
  const [{ id: runId }] = await t.db.query(`INSERT INTO matching_run (kind, cause, status) VALUES ('SUPPORT', 'REQUESTED', 'COMPLETED') RETURNING id`);
  const [{ id: pledgeId }] = await t.db.query(`INSERT INTO support_pledge (helper_id, kinds, area, slots) VALUES ($1, '{CHECK_IN_CALL}', '荒木', '{WEEKDAY_DAYTIME}') RETURNING id`, [helper.id]);
  needId = ok(await t.gql(Q.REGISTER, { input: { label: '荒木-かぎ', kinds: ['CHECK_IN_CALL'], area: '荒木', slots: ['WEEKDAY_DAYTIME'], consent: true } }, coordinator)).registerSupportNeed.id;
  await t.db.query(`INSERT INTO support_pairing (run_id, pledge_id, need_id, kinds, score, status) VALUES ($1, $2, $3, '{CHECK_IN_CALL}', 0.9, 'APPROVED')`, [runId, pledgeId, needId]);
  ok(await t.gql(Q.SET_CARD, { needId, input: CARD }, coordinator));
  ok(await t.gql(Q.DECLARE, { input: { topic: 'DISASTER', title: '荒木 地震', areas: ['荒木'], endsAt: inMs(3600_000) } }, coordinator));
  ok(await t.gql(Q.REPORT, { needId, status: 'NEEDS_HELP', note: '余震で棚が倒れ、廊下がふさがれている' }, helper));
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await t?.close();
});

const CONTACT = `{ myHelpAssignments { contact { name address phone notes } } }`;
const NOTE = (id: string) => `{ disaster(id: "${id}") { board(first: 5) { edges { node { note } } } } }`;

it('reads both keys during a rotation, re-seals everything under the new one, then needs only the new one', async () => {
  expect(await keyIds()).toEqual({ cards: [keyIdOf(k1)], notes: [keyIdOf(k1)] });
  const [{ id: disasterId }] = await t.db.query(`SELECT id FROM disaster`);
  const rotating = await withKeys(k2, k1);
  expect((await gqlOn(rotating, CONTACT, helper.token)).data.myHelpAssignments[0].contact).toEqual(CARD);

  const cipher = new ContactCipher(k2, k1);
  expect(await rekeySealedValues(t.db, cipher)).toEqual({ cards: 1, notes: 1, unreadable: 0 });
  expect(await keyIds()).toEqual({ cards: [keyIdOf(k2)], notes: [keyIdOf(k2)] });
  expect(await rekeySealedValues(t.db, cipher)).toEqual({ cards: 0, notes: 0, unreadable: 0 });

  const rotated = await withKeys(k2);
  expect((await gqlOn(rotated, CONTACT, helper.token)).data.myHelpAssignments[0].contact).toEqual(CARD);
  expect((await gqlOn(rotated, NOTE(disasterId), coordinator.token)).data.disaster.board.edges[0].node.note).toBe('余震で棚が倒れ、廊下がふさがれている');
  // the old key alone opens nothing any more: null, never an error or a garbled card
  const stale = await gqlOn(t.app, CONTACT, helper.token);
  expect(stale.errors).toBeUndefined();
  expect(stale.data.myHelpAssignments[0].contact).toBeNull();
  // and a value under a key nobody configured is counted, left alone
  expect(await rekeySealedValues(t.db, new ContactCipher(k3))).toEqual({ cards: 0, notes: 0, unreadable: 2 });
  expect(await keyIds()).toEqual({ cards: [keyIdOf(k2)], notes: [keyIdOf(k2)] });
});

it('`npm run contact-cards:rekey` does the same from the environment, printing counts only', async () => {
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['dist/src/preparedness/disaster/rekey.js'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: t.config.databaseUrl, CONTACT_CARD_KEY: k3.toString('base64'), CONTACT_CARD_PREVIOUS_KEY: k2.toString('base64url') },
  });
  expect(stdout.trim()).toBe('contact cards re-encrypted: 1, safety notes: 1, unreadable with the configured keys: 0');
  for (const text of [...Object.values(CARD), '余震']) expect(stdout + stderr).not.toContain(text);
  expect(await keyIds()).toEqual({ cards: [keyIdOf(k3)], notes: [keyIdOf(k3)] });
  // a bad key stops it with the configuration's one message
  const bad = await promisify(execFile)(process.execPath, ['dist/src/preparedness/disaster/rekey.js'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: t.config.databaseUrl, CONTACT_CARD_KEY: 'short' },
  }).catch((err: { code: number; stderr: string }) => err);
  expect(bad).toMatchObject({ code: 1, stderr: expect.stringContaining('CONTACT_CARD_KEY must be 32 bytes in base64') });
});
