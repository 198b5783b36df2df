import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createDatabase, dropDatabase, REDIS_URL } from '../support/db.js';
import { freePort, spawnNode, waitUntil, type Spawned } from '../support/process.js';

/**
 * Item 8: after a full journey through the built API and a real worker on Redis, at LOG_LEVEL=debug,
 * no student's name and none of their free texts is anywhere in Redis (every key under this
 * test's private QUEUE_PREFIX, every value of every type) or in what either process printed.
 * Queue payloads carry ids only, and the logs carry ids, paths and statuses only.
 */
jest.setTimeout(180_000);

const STUDENTS = [
  { ref: 'SCAN-001', displayName: '鶴ヶ谷 凛花', stage: 'HIGH_SCHOOL', themes: ['disaster', 'community'],
    concerns: '祖母が一人で暮らす長屋の耐震補強が手つかずで、地震の夜を思うと眠れません',
    interests: '古地図を読み解いて、昔の川筋と浸水の記録を重ね合わせてみたい' },
  { ref: 'SCAN-002', displayName: '雲母坂 颯真', stage: 'JUNIOR_HIGH', themes: ['disaster', 'media'],
    concerns: '避難訓練の放送が聞き取りにくく、耳の遠い近所の方が取り残されそうで心配です',
    interests: '防災ラジオ番組の台本を書いて、校内放送で流してみたいと考えています' },
  { ref: 'SCAN-003', displayName: '五十嵐 璃桜', stage: 'ELEMENTARY', themes: ['community', 'elderly'],
    concerns: 'ひまわり公園の遊具が壊れたままで、下級生が遊ぶ場所が減ってしまいました',
    interests: '折り紙の手裏剣づくりを公民館で高齢の方に教えてもらいたいです' },
  { ref: 'SCAN-004', displayName: '御手洗 湊斗', stage: 'UNIVERSITY', themes: ['disaster', 'welfare'],
    concerns: '留学生の友人が災害時の多言語情報をどこで得られるのか分からず困っています',
    interests: 'やさしい日本語で避難所の案内板を作るワークショップを開きたい' },
  { ref: 'SCAN-005', displayName: '東雲 蒼依', stage: 'HIGH_SCHOOL', themes: ['community', 'disaster'],
    concerns: '通学路の筑後川沿いの堤防に街灯がなく、冬の部活帰りが本当に怖いです',
    interests: 'ドローン空撮で堤防の危ない場所を記録して、地域の方と共有したい' },
];
/** enrolled without consent first, then consent is given */
const LATE = { ref: 'SCAN-006', displayName: '百目鬼 柚葉', stage: 'JUNIOR_HIGH', themes: ['disaster'],
  concerns: '弟のぜんそくの薬を避難袋に入れておくべきか家族で意見が割れています',
  interests: '非常食のアレルギー表示を調べて、一覧表にまとめてみたいです' };
/** what student 1 writes later in their own profile */
const UPDATED = { concerns: '町内の防災倉庫の鍵を誰が持っているのか、班長さんも知らないようです',
  interests: '倉庫の備品を棚卸しして、写真つきの在庫表を作ってみたいと思います' };

/**
 * Every string that must not leak: each name and its parts, each text whole and every run of 8
 * characters of it, so that a text cut short or quoted in part is caught too.
 */
function needles(): string[] {
  const out = new Set<string>();
  for (const s of [...STUDENTS, LATE]) {
    out.add(s.displayName);
    for (const part of s.displayName.split(' ')) out.add(part);
  }
  const texts = [...STUDENTS, LATE].flatMap((s) => [s.concerns, s.interests]).concat(UPDATED.concerns, UPDATED.interests);
  for (const text of texts) {
    out.add(text);
    const chars = [...text];
    for (let i = 0; i + 8 <= chars.length; i++) out.add(chars.slice(i, i + 8).join(''));
  }
  return [...out];
}

/** The forms a string takes in a log or a stored value: as is, JSON-escaped, URL-encoded. */
const encodings = (s: string): string[] => [
  s,
  s.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  encodeURIComponent(s),
];

const prefix = `test_privacy_scan_${randomBytes(4).toString('hex')}`;
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
    LOG_LEVEL: 'debug',
    MATCHING_DEBOUNCE_MS: '300',
    BOOTSTRAP_COORDINATOR_EMAIL: 'scan-coordinator@example.jp',
    BOOTSTRAP_COORDINATOR_PASSWORD: 'scan-coordinator-pass',
  };
  api = spawnNode('dist/src/main.js', { ...env, PORT: String(port) });
  const up = await waitUntil(async () => (await fetch(`${base}/health`)).status === 200, 30_000);
  if (!up) throw new Error(`API did not come up:\n${api.output()}`);
  worker = spawnNode('dist/src/worker.js', { ...env, RUN_MIGRATIONS: 'false' });
  const working = await waitUntil(() => worker.output().includes('processing queues'), 30_000);
  if (!working) throw new Error(`worker did not start:\n${worker.output()}`);
});

afterAll(async () => {
  await api?.stop();
  await worker?.stop();
  // our keys only: the shared Redis is never flushed
  const redis = new Redis(REDIS_URL);
  try {
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: `${prefix}:*`, count: 500 })) keys.push(...(batch as string[]));
    for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
  } finally {
    redis.disconnect();
  }
  if (dbName) await dropDatabase(dbName);
});

let requestSeq = 0;
async function gql(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<any> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': `scan-${++requestSeq}`, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(body.errors)}`);
  return body.data;
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Every value under the prefix, read with the command its type needs, as raw bytes. */
async function redisValues(): Promise<{ key: string; type: string; values: Buffer[] }[]> {
  const redis = new Redis(REDIS_URL);
  try {
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: `${prefix}:*`, count: 500 })) keys.push(...(batch as string[]));
    const out: { key: string; type: string; values: Buffer[] }[] = [];
    for (const key of [...new Set(keys)]) {
      const type = await redis.type(key);
      let values: Buffer[];
      switch (type) {
        case 'string':
          values = [(await redis.getBuffer(key)) ?? Buffer.alloc(0)];
          break;
        case 'hash':
          values = Object.entries(await redis.hgetallBuffer(key)).flatMap(([field, value]) => [Buffer.from(field), value]);
          break;
        case 'list':
          values = await redis.lrangeBuffer(key, 0, -1);
          break;
        case 'set':
          values = await redis.smembersBuffer(key);
          break;
        case 'zset':
          values = await redis.zrangeBuffer(key, 0, -1, 'WITHSCORES');
          break;
        case 'stream':
          values = (await redis.xrangeBuffer(key, '-', '+')).flatMap(([id, fields]) => [id, ...fields]);
          break;
        case 'none':
          continue; // gone since the scan (a lock that expired)
        default:
          throw new Error(`unexpected Redis type ${type} at ${key}`);
      }
      out.push({ key, type, values: [Buffer.from(key), ...values] });
    }
    return out;
  } finally {
    redis.disconnect();
  }
}

it('a full journey leaves no student name or free text in Redis or in the logs', async () => {
  // ---------------------------------------------------------------- coordinator and school
  const { token: coordinator } = (await gql(`mutation { login(email: "scan-coordinator@example.jp", password: "scan-coordinator-pass") { token } }`)).login;
  const reg = (await gql(`mutation($name: String!) { registerSchool(input: { name: $name }) { apiKey school { id } } }`, { name: '久留米市立走査中学校' }, bearer(coordinator))).registerSchool;
  let portal = { 'x-api-key': reg.apiKey as string };

  // ---------------------------------------------------------------- enrolment through the portal
  const roster = STUDENTS.map((s) => ({
    externalRef: s.ref,
    displayName: s.displayName,
    stage: s.stage,
    guardianConsent: true,
    profile: { themes: s.themes, concerns: s.concerns, interests: s.interests, area: '城島町', slots: ['WEEKEND_AFTERNOON'], modes: ['ONSITE', 'ONLINE'] },
  }));
  const enrolled = (await gql(`mutation($input: [EnrollStudentInput!]!) { enrollStudents(input: $input) { id displayName } }`, { input: roster }, portal)).enrollStudents;
  expect(enrolled).toHaveLength(5);
  await gql(
    `mutation($input: EnrollStudentInput!) { enrollStudent(input: $input) { id matchable } }`,
    { input: { externalRef: LATE.ref, displayName: LATE.displayName, stage: LATE.stage, guardianConsent: false,
      profile: { themes: LATE.themes, concerns: LATE.concerns, interests: LATE.interests, area: null, slots: [], modes: ['ONLINE'] } } },
    portal,
  );
  expect((await gql(`mutation($ref: String!) { setGuardianConsent(externalRef: $ref, consent: true) { matchable } }`, { ref: LATE.ref }, portal)).setGuardianConsent.matchable).toBe(true);

  const session = async (ref: string) => (await gql(`mutation($ref: String!) { issueStudentSession(externalRef: $ref) { token } }`, { ref }, portal)).issueStudentSession.token as string;
  const student1 = await session('SCAN-001');
  const student2 = await session('SCAN-002');
  await gql(
    `mutation($input: StudentProfileInput!) { updateMyStudentProfile(input: $input) { matchable } }`,
    { input: { themes: ['disaster', 'community'], ...UPDATED, area: '城島町', slots: ['WEEKEND_AFTERNOON'], modes: ['ONSITE'] } },
    bearer(student1),
  );

  // ---------------------------------------------------------------- an organisation and its offers
  const org = (await gql(
    `mutation($input: SignUpOrganizationInput!) { signUpOrganization(input: $input) { token } }`,
    { input: { organizationName: 'NPO法人 走査の会', kind: 'NPO', area: '城島町', description: '地域の防災と見守りに取り組んでいます。', contactName: '団体 担当者', email: 'scan-org@example.jp', password: 'scan-org-password' } },
  )).signUpOrganization.token as string;
  const orgId = (await gql(`{ myOrganization { id } }`, {}, bearer(org))).myOrganization.id;
  await gql(`mutation($id: ID!) { verifyOrganization(id: $id) { verified } }`, { id: orgId }, bearer(coordinator));
  const offerInput = (title: string, themes: string[]) => ({
    title, description: '地域を歩いて、避難所や危ない場所を確かめ、みんなで防災マップにまとめます。', themes, capacity: 4,
    stages: ['ELEMENTARY', 'JUNIOR_HIGH', 'HIGH_SCHOOL', 'UNIVERSITY'], mode: 'HYBRID', slots: [], area: '城島町',
  });
  for (const [title, themes] of [['城島町の防災マップづくり', ['disaster', 'community']], ['地域の見守りと情報発信', ['welfare', 'media', 'elderly']]] as const) {
    const offer = (await gql(`mutation($input: CreateOfferInput!) { createOffer(input: $input) { id } }`, { input: offerInput(title, [...themes]) }, bearer(org))).createOffer;
    await gql(`mutation($id: ID!) { publishOffer(id: $id) { status } }`, { id: offer.id }, bearer(org));
  }

  // ---------------------------------------------------------------- matching on the worker
  // the automatic (debounced) runs of the changes above settle first, then a coordinator's run
  const settled = () => waitUntil(async () => (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM matching_run WHERE status IN ('QUEUED', 'RUNNING')`))[0].n === 0, 60_000, 250);
  expect(await settled()).toBe(true);
  const run = (await gql(`mutation { requestMatchingRun { id } }`, {}, bearer(coordinator))).requestMatchingRun;
  const completed = await waitUntil(async () => (await gql(`query($id: ID!) { matchingRun(id: $id) { status } }`, { id: run.id }, bearer(coordinator))).matchingRun.status === 'COMPLETED', 60_000, 250);
  expect(completed).toBe(true);

  // a coordinator reads the proposals with the students' details (audited), and approves one
  const proposals = (await gql(
    `{ proposals(status: PROPOSED, first: 100) { edges { node { id participants { reasons student { id displayName stage guardianConsent school { name } profile { concerns interests } } } } } } }`,
    {},
    bearer(coordinator),
  )).proposals.edges.map((e: { node: any }) => e.node);
  // both decisions run, each with its writes (the decision audit, notifications, the gathering): the world proposes at least two
  expect(proposals.length).toBeGreaterThanOrEqual(2);
  expect((await gql(`mutation($id: ID!) { approveProposal(id: $id, note: "確認しました") { status } }`, { id: proposals[0].id }, bearer(coordinator))).approveProposal.status).toBe('APPROVED');
  expect((await gql(`mutation($id: ID!) { rejectProposal(id: $id, reason: "日程の都合") { status } }`, { id: proposals[1].id }, bearer(coordinator))).rejectProposal.status).toBe('REJECTED');

  // ---------------------------------------------------------------- a waiting list moves up (a job on the worker)
  const event = (await gql(
    `mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`,
    { input: { platform: 'COMMITTEE', title: '城島町の新地福委員会', description: '町の防災について話し合います。', startsAt: new Date(Date.now() + 7 * 86400_000).toISOString(), mode: 'ONSITE', capacity: 1 } },
    bearer(coordinator),
  )).createEvent;
  expect((await gql(`mutation($id: ID!) { joinEvent(eventId: $id) { viewerStatus } }`, { id: event.id }, bearer(student1))).joinEvent.viewerStatus).toBe('JOINED');
  expect((await gql(`mutation($id: ID!) { joinEvent(eventId: $id) { viewerStatus } }`, { id: event.id }, bearer(student2))).joinEvent.viewerStatus).toBe('WAITLISTED');
  await gql(`mutation($id: ID!) { leaveEvent(eventId: $id) { participantCount } }`, { id: event.id }, bearer(student1));
  const promoted = await waitUntil(
    async () => (await gql(`{ myNotifications(first: 20) { edges { node { kind } } } }`, {}, bearer(student2))).myNotifications.edges.some((e: { node: { kind: string } }) => e.node.kind === 'WAITLIST_PROMOTED'),
    30_000,
    250,
  );
  expect(promoted).toBe(true);
  const notes = (await gql(`{ myNotifications(first: 20) { edges { node { id kind } } } }`, {}, bearer(student2))).myNotifications.edges;
  await gql(`mutation($id: ID!) { markNotificationRead(id: $id) { readAt } }`, { id: notes[0].node.id }, bearer(student2));

  // ---------------------------------------------------------------- privacy duties: export, withdrawal, key rotation, audit
  const exported = JSON.parse((await gql(`query($ref: String!) { exportStudentData(externalRef: $ref) }`, { ref: 'SCAN-002' }, portal)).exportStudentData);
  expect(exported.account.displayName).toBe(STUDENTS[1].displayName);
  expect(await gql(`mutation($ref: String!) { withdrawStudent(externalRef: $ref) }`, { ref: 'SCAN-005' }, portal)).toEqual({ withdrawStudent: true });
  const rotated = (await gql(`mutation { rotateSchoolKey { apiKey } }`, {}, portal)).rotateSchoolKey.apiKey as string;
  const oldKey = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...portal }, body: JSON.stringify({ query: 'mutation { withdrawStudent(externalRef: "SCAN-004") }' }) });
  expect(((await oldKey.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  portal = { 'x-api-key': rotated };
  await gql(`mutation($ref: String!) { setGuardianConsent(externalRef: $ref, consent: false) { matchable } }`, { ref: 'SCAN-003' }, portal);
  const audit = (await gql(`{ auditLog(first: 100) { edges { node { kind studentIds fields } } } }`, {}, bearer(coordinator))).auditLog.edges.map((e: { node: any }) => e.node);
  expect(audit.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['STUDENT_READ', 'DECISION', 'DATA_EXPORT', 'SCHOOL_KEY_ROTATED']));

  // ---------------------------------------------------------------- stop both processes: every log line is out
  const lastRequest = `scan-${requestSeq}`;
  await waitUntil(() => api.output().includes(lastRequest), 5000);
  await api.stop();
  await worker.stop();
  const logs = { api: api.output(), worker: worker.output() };
  const lowered = Object.entries(logs).map(([name, out]) => [name, out.toLowerCase()] as const);

  // ---------------------------------------------------------------- the scan
  const values = await redisValues();
  const allNeedles = needles();
  expect(allNeedles.length).toBeGreaterThan(300);

  // the scan sees real data: the queues' keys, the jobs' payloads with their ids, and the processes' logs
  const types = new Set(values.map((v) => v.type));
  expect(values.length).toBeGreaterThan(5);
  expect(types.has('hash')).toBe(true);
  const everything = Buffer.concat(values.flatMap((v) => v.values));
  expect(everything.includes(Buffer.from(run.id))).toBe(true);
  expect(everything.includes(Buffer.from(event.id))).toBe(true);
  expect(logs.api).toContain(lastRequest);
  expect(logs.api).toMatch(/"level":"debug"|"level":"info"/);
  expect(logs.worker).toContain(run.id);
  expect(logs.worker).toContain('waitlist-promoted');

  const leaks: string[] = [];
  for (const needle of allNeedles) {
    for (const form of encodings(needle)) {
      const bytes = Buffer.from(form, 'utf8');
      for (const v of values) if (v.values.some((b) => b.includes(bytes))) leaks.push(`redis ${v.type} ${v.key}: ${needle}`);
      for (const [name, out] of lowered) if (out.includes(form.toLowerCase())) leaks.push(`${name} log: ${needle}`);
    }
  }
  expect(leaks).toEqual([]);
});
