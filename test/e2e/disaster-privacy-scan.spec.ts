import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDatabase, dropDatabase, REDIS_URL } from '../support/db.js';
import { deleteRedisPrefix, redisValues, scanDatabase, scanValues, withRuns } from '../support/leak-scan.js';
import { freePort, spawnNode, waitUntil, type Spawned } from '../support/process.js';

/**
 * The day of a disaster through the BUILT API and a real worker on Redis, both at LOG_LEVEL=debug:
 * pledges and needs, the SUPPORT run on the worker, approvals, a contact card, a declaration (its
 * notifications on the worker), the helpers opening the card, safety reports with notes, the
 * board, the end. Then the card's plaintext and the notes are looked for in every text, bytea and
 * JSON column of every table, every Redis key under the test's prefix and both processes' output:
 * nowhere. Then removeSupportNeed, and nothing of the person is left anywhere in the database.
 */
jest.setTimeout(180_000);

const CARD = { name: '雲雀丘 トメ', address: '久留米市城島町浮島 1234-5 みずほ荘', phone: '0942-62-7788', notes: '酸素ボンベ使用中、寝室は北側の和室。合鍵は郵便受けの裏' };
const NOTES = ['トメさんは寝室で無事、酸素の残量は半日分', '避難所の体育館へ車いすで移動、付き添い中'];
const LABEL = '城島-みずほ';

const prefix = `test_disaster_scan_${randomBytes(4).toString('hex')}`;
let dbName: string;
let dbUrl: string;
let api: Spawned;
let worker: Spawned;
let base: string;

beforeAll(async () => {
  const db = await createDatabase();
  dbName = db.name;
  dbUrl = db.url;
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const env = {
    NODE_ENV: 'development',
    DATABASE_URL: db.url,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    JWT_SECRET: randomBytes(32).toString('hex'),
    CONTACT_CARD_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'debug',
    MATCHING_DEBOUNCE_MS: '-1',
    BOOTSTRAP_COORDINATOR_EMAIL: 'disaster-scan@example.jp',
    BOOTSTRAP_COORDINATOR_PASSWORD: 'disaster-scan-pass',
  };
  api = spawnNode('dist/src/main.js', { ...env, PORT: String(port) });
  if (!(await waitUntil(async () => (await fetch(`${base}/health`)).status === 200, 30_000))) throw new Error(`API did not come up:\n${api.output()}`);
  worker = spawnNode('dist/src/worker.js', { ...env, RUN_MIGRATIONS: 'false' });
  if (!(await waitUntil(() => worker.output().includes('processing queues'), 30_000))) throw new Error(`worker did not start:\n${worker.output()}`);
});

afterAll(async () => {
  await api?.stop();
  await worker?.stop();
  await deleteRedisPrefix(REDIS_URL, prefix);
  if (dbName) await dropDatabase(dbName);
});

let requestSeq = 0;
async function gql(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<any> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': `dscan-${++requestSeq}`, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

let coordinator: string;
let needId: string;
let disasterId: string;

it('a disaster day leaves no plaintext of the card, nor of the notes, in the database, Redis or the logs', async () => {
  coordinator = (await gql(`mutation { login(email: "disaster-scan@example.jp", password: "disaster-scan-pass") { token } }`)).login.token;
  const helpers: string[] = [];
  for (const name of ['一', '二']) {
    const email = `helper-${name}-${prefix}@example.jp`;
    helpers.push((await gql(`mutation($input: SignUpInput!) { signUp(input: $input) { token } }`, { input: { email, password: 'helper-password-1', displayName: `支援者 ${name}` } })).signUp.token);
  }
  for (const h of helpers) {
    await gql(`mutation($input: PledgeSupportInput!) { pledgeSupport(input: $input) { id } }`, { input: { kinds: ['EVACUATION_ESCORT', 'CHECK_IN_CALL'], area: '城島', slots: ['WEEKDAY_EVENING'] } }, h);
  }
  needId = (await gql(`mutation($input: RegisterSupportNeedInput!) { registerSupportNeed(input: $input) { id } }`,
    { input: { label: LABEL, kinds: ['EVACUATION_ESCORT'], area: '城島', slots: ['WEEKDAY_EVENING'], consent: true } }, coordinator)).registerSupportNeed.id;
  await gql(`mutation($id: ID!, $input: ContactCardInput!) { setContactCard(needId: $id, input: $input) { hasContactCard } }`, { id: needId, input: CARD }, coordinator);

  const run = (await gql(`mutation { requestSupportMatching { id } }`, {}, coordinator)).requestSupportMatching;
  expect(await waitUntil(async () => (await gql(`query($id: ID!) { matchingRun(id: $id) { status } }`, { id: run.id }, coordinator)).matchingRun.status === 'COMPLETED', 60_000, 250)).toBe(true);
  const pairings = (await gql(`{ supportPairings(status: PROPOSED) { id } }`, {}, coordinator)).supportPairings;
  expect(pairings).toHaveLength(2);
  for (const p of pairings) await gql(`mutation($id: ID!) { approveSupportPairing(id: $id) { status } }`, { id: p.id }, coordinator);

  disasterId = (await gql(`mutation($input: DeclareDisasterInput!) { declareDisaster(input: $input) { id } }`,
    { input: { topic: 'DISASTER', title: '城島地区 大雨', areas: ['城島'], endsAt: new Date(Date.now() + 3600_000).toISOString() } }, coordinator)).declareDisaster.id;
  const notified = () => gql(`{ myNotifications(first: 5) { edges { node { kind } } } }`, {}, helpers[1]);
  expect(await waitUntil(async () => (await notified()).myNotifications.edges.some((e: any) => e.node.kind === 'DISASTER_DECLARED'), 30_000, 250)).toBe(true);

  for (const [i, h] of helpers.entries()) {
    const [a] = (await gql(`{ myHelpAssignments { needLabel contact { name address phone notes } } }`, {}, h)).myHelpAssignments;
    expect(a.contact).toEqual(CARD);
    await gql(`mutation($id: ID!, $note: String) { reportSafety(needId: $id, status: EVACUATED, note: $note) { status } }`, { id: needId, note: NOTES[i] }, h);
  }
  const board = (await gql(`query($id: ID!) { disaster(id: $id) { board(first: 10) { edges { node { note } } } } }`, { id: disasterId }, coordinator)).disaster.board;
  expect(board.edges.map((e: any) => e.node.note)).toEqual([NOTES[1]]);
  expect((await gql(`{ auditLog(kind: CONTACT_OPENED, first: 10) { totalCount } }`, {}, coordinator)).auditLog.totalCount).toBe(2);
  await gql(`mutation($id: ID!) { endDisaster(id: $id) { status } }`, { id: disasterId }, coordinator);

  // every log line is out once both processes stopped
  const last = `dscan-${requestSeq}`;
  await waitUntil(() => api.output().includes(last), 5000);
  await api.stop();
  await worker.stop();
  const logs = { api: api.output(), worker: worker.output() };
  expect(logs.api).toMatch(/"level":"debug"|"level":"info"/);
  expect(logs.worker).toContain('disaster-declared');

  const needles = withRuns([...Object.values(CARD), ...NOTES], 6);
  expect(needles.length).toBeGreaterThan(70);
  // the scan sees real data: the queue's keys hold the jobs' ids
  const values = await redisValues(REDIS_URL, prefix);
  expect(values.length).toBeGreaterThan(5);
  expect(Buffer.concat(values.flatMap((v) => v.values)).includes(Buffer.from(disasterId))).toBe(true);
  expect(scanValues(values, logs, needles)).toEqual([]);
  const { leaks, columns } = await scanDatabase(dbUrl, needles);
  expect(columns.some((c) => c.table === 'support_contact_card' && c.column === 'cipher')).toBe(true);
  expect(columns.some((c) => c.table === 'safety_report' && c.column === 'note_cipher')).toBe(true);
  expect(columns.length).toBeGreaterThan(60);
  expect(leaks).toEqual([]);
  // and the scan would find them: the label, stored in clear as a pseudonym, is found
  expect((await scanDatabase(dbUrl, [LABEL])).leaks).toContain(`public.support_need.label: ${LABEL}`);
});

it('removeSupportNeed leaves nothing of the person behind', async () => {
  // restart the API alone on the same database and key
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  api = spawnNode('dist/src/main.js', { NODE_ENV: 'development', DATABASE_URL: dbUrl, REDIS_URL, QUEUE_PREFIX: prefix, JWT_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn', PORT: String(port), BOOTSTRAP_COORDINATOR_EMAIL: 'disaster-scan@example.jp', BOOTSTRAP_COORDINATOR_PASSWORD: 'disaster-scan-pass' });
  expect(await waitUntil(async () => (await fetch(`${base}/health`)).status === 200, 30_000)).toBe(true);
  coordinator = (await gql(`mutation { login(email: "disaster-scan@example.jp", password: "disaster-scan-pass") { token } }`)).login.token;
  const before = await sql<{ n: number }>(`SELECT (SELECT count(*) FROM support_pairing WHERE need_id = $1) + (SELECT count(*) FROM safety_report WHERE need_id = $1)
    + (SELECT count(*) FROM safety_state WHERE need_id = $1) + (SELECT count(*) FROM support_contact_card WHERE need_id = $1) AS n`, [needId]);
  expect(Number(before[0].n)).toBe(2 + 2 + 1 + 1);

  expect(await gql(`mutation($id: ID!) { removeSupportNeed(needId: $id) }`, { id: needId }, coordinator)).toEqual({ removeSupportNeed: true });

  // nowhere in any column: the label, the card, the notes; the need's id only in the append-only audit (ids, never texts)
  const texts = withRuns([LABEL, ...Object.values(CARD), ...NOTES], 6);
  expect((await scanDatabase(dbUrl, texts)).leaks).toEqual([]);
  const ids = await scanDatabase(dbUrl, [needId], { uuid: true, skip: (c) => c.table === 'support_audit' && c.column === 'need_ids' });
  expect(ids.columns.some((c) => c.table === 'support_pairing' && c.column === 'need_id')).toBe(true);
  expect(ids.leaks).toEqual([]);
  const [kept] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM support_audit WHERE $1 = ANY(need_ids)`, [needId]);
  expect(kept.n).toBeGreaterThan(0);
  const [removed] = await sql<{ actor: string }>(`SELECT actor_user_id AS actor FROM support_audit WHERE action = 'NEED_REMOVED' AND $1 = ANY(need_ids)`, [needId]);
  expect(removed).toBeDefined();
  // the disaster, its feed line and the helpers' pledges remain (none names the person)
  expect((await sql<{ n: number }>(`SELECT count(*)::int AS n FROM disaster`))[0].n).toBe(1);
  expect((await sql<{ n: number }>(`SELECT count(*)::int AS n FROM support_pledge`))[0].n).toBe(2);
  // a second removal finds nothing
  const again = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${coordinator}` }, body: JSON.stringify({ query: `mutation($id: ID!) { removeSupportNeed(needId: $id) }`, variables: { id: needId } }) });
  expect(((await again.json()) as any).errors[0].extensions.code).toBe('NOT_FOUND');
});
