import { jest } from '@jest/globals';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import request from 'supertest';
import { ACCESS_KEY, type Access } from '../../src/identity/auth.decorators.js';
import { Role } from '../../src/identity/role.enum.js';
import { RESOLVERS } from '../../src/resolvers.js';
import { Platform } from '../../src/graph/graph.enums.js';
import { PLAN_KEYS } from '../../src/preparedness/preparedness.enums.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createCoordinator, createEvent, createOffers, createOrgMember, createUser, DEFAULT_PASSWORD, type TestUser } from '../support/factories.js';
import { createSchool, insertOffer, insertProposal, insertStudents } from '../support/matching-fixtures.js';
import { enroll, ISSUE_SESSION, profile, registerSchool, type TestSchool } from '../support/students.js';

/**
 * Item 7: bad input, generated. Every mutation of the schema (and the privacy queries) gets
 * random and malformed arguments (control characters, emoji, 10,000 characters, SQL-ish text,
 * wrong types, invalid enums, nulls where not allowed, invalid UUIDs, huge ints and arrays,
 * unknown theme keys, dates out of range), sent with the credentials the operation needs, so that
 * they reach its validation and services rather than stop at the auth guard. Properties:
 *  - never a 5xx status, never INTERNAL_SERVER_ERROR: every error carries a contract code;
 *  - a refused call changes nothing: a checksum of every table is the same before and after.
 * Arguments are mostly valid with some fields made hostile, so that calls get past the first rule
 * and some succeed (which may change the database: only refusals must not).
 */
jest.setTimeout(120_000);

const CONTRACT_CODES = ['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'TOO_MANY_REQUESTS'];
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
/** slow ones (argon2 hashes every valid password) run fewer times */
const SLOW_RUNS: Record<string, number> = { signUp: 25, signUpOrganization: 25, login: 25 };

/**
 * Columns a table rewrites by itself after an earlier, successful call: the outbox relay's
 * bookkeeping (when it handed a job to BullMQ, when it looks next). The rows themselves count.
 */
const VOLATILE_COLUMNS: Record<string, string[]> = {
  job_outbox: ['relayed_at', 'relay_count', 'next_check_at', 'attempts', 'last_error', 'done_at', 'failed'],
};

let t: TestApp;
let schema: GraphQLSchema;
let coordinator: TestUser;
let member: TestUser;
let resident: TestUser;
let studentToken: string;
let school: TestSchool;
/** a second school whose key rotateSchoolKey may replace (the current key is kept here) */
let rotating: TestSchool;
let themeKeys: string[];
const pools = {
  offer: [] as string[], toApprove: [] as string[], toReject: [] as string[], organization: [] as string[], event: [] as string[], notification: [] as string[],
  school: [] as string[], student: [] as string[],
  // the sibling platforms: so that their mutations get past NOT_FOUND to what lies behind it
  meeting: [] as string[], perspective: [] as string[], program: [] as string[], episode: [] as string[], comment: [] as string[], scenario: [] as string[],
  need: [] as string[], pledge: [] as string[], pairing: [] as string[], jointAction: [] as string[], disaster: [] as string[], removable: [] as string[], endable: [] as string[], interestable: [] as string[],
};
const REFS = ['FZ-001', 'FZ-002', 'FZ-003', 'FZ-004'];
let snapshotSql: string;
const stats = new Map<string, { ok: number; refused: Record<string, number>; samples: string[] }>();

beforeAll(async () => {
  t = await startTestApp({ env: { LOGIN_MAX_FAILURES: '0' } });
  schema = t.app.get(GraphQLSchemaHost).schema;
  themeKeys = (await t.db.query('SELECT key FROM theme ORDER BY position')).map((r: { key: string }) => r.key);
  coordinator = await createCoordinator(t);
  resident = await createUser(t, { roles: [Role.RESIDENT], email: 'fuzz-resident@example.jp' });
  const org = await createOrgMember(t);
  member = org.user;
  const unverified = await createOrgMember(t, { verified: false });
  pools.organization.push(org.org.id, unverified.org.id);
  school = await registerSchool(t, '久留米市立ファズ中学校');
  rotating = await registerSchool(t, '久留米市立鍵ファズ中学校');
  pools.school.push(rotating.id);
  for (const ref of REFS) pools.student.push((await enroll(t, school, ref, { profile: profile() })).id);
  // the student whose session is used is never in the withdrawal pool
  await enroll(t, school, 'FZ-SESSION', { profile: profile() });
  studentToken = (await t.gql(ISSUE_SESSION, { ref: 'FZ-SESSION' }, { apiKey: school.apiKey })).data.issueStudentSession.token;
  pools.offer.push(...(await createOffers(t, org.org.id, { count: 3, status: 'DRAFT' })), ...(await createOffers(t, org.org.id, { count: 3, status: 'OPEN' })));
  pools.offer.push(...(await createOffers(t, org.org.id, { count: 1, status: 'CLOSED' })));
  // proposals of students the other mutations leave alone: two fit the offer, the third is over capacity
  const decidable = await insertStudents(t, await createSchool(t, '久留米市立提案中学校'), [{}, {}, {}, {}, {}, {}]);
  const open = await insertOffer(t, { organizationId: org.org.id, capacity: 2 });
  for (const id of decidable.slice(0, 3)) pools.toApprove.push(await insertProposal(t, open, [id]));
  for (const id of decidable.slice(3)) pools.toReject.push(await insertProposal(t, open, [id]));
  pools.event.push((await createEvent(t, { capacity: 1 })).id, (await createEvent(t)).id, (await createEvent(t, { capacity: 2, hostOrganizationId: org.org.id })).id);
  const me = (await t.gql('{ myStudent { id } }', {}, { token: studentToken })).data.myStudent.id;
  for (let i = 0; i < 3; i++) {
    const [n] = await t.db.query(`INSERT INTO notification (user_id, kind, dedupe_key, title) VALUES ($1, 'TEST', $2, 'お知らせ') RETURNING id`, [me, `fuzz:${i}`]);
    pools.notification.push(n.id);
  }
  await siblingPlatforms(org.org.id);
  snapshotSql = await buildSnapshotSql();
});

/** A committee meeting everyone joined with a perspective, an episode with a comment, a scenario, support needs, pledges and pairings. */
async function siblingPlatforms(organizationId: string): Promise<void> {
  const meeting = (await createEvent(t, { platform: Platform.COMMITTEE, title: '新地福委員会 ファズ回' })).id;
  pools.meeting.push(meeting);
  const studentId = (await t.gql('{ myStudent { id } }', {}, { token: studentToken })).data.myStudent.id;
  for (const userId of [coordinator.id, member.id, resident.id, studentId]) {
    await t.db.query(`INSERT INTO event_participant (event_id, user_id, status) VALUES ($1, $2, 'JOINED')`, [meeting, userId]);
  }
  for (const text of ['公民館を夜も開けてほしい', '通学路に見守りを']) {
    const [p] = await t.db.query(`INSERT INTO perspective (event_id, author_id, text, themes) VALUES ($1, $2, $3, '{community}') RETURNING id`, [meeting, resident.id, text]);
    pools.perspective.push(p.id);
  }
  const [program] = await t.db.query(`INSERT INTO tv_program (title, description) VALUES ('ファズTV', '') RETURNING id`);
  pools.program.push(program.id);
  for (const startsAt of [new Date(Date.now() - 86400_000), new Date(Date.now() + 86400_000)]) {
    const episode = (await createEvent(t, { platform: Platform.TV, title: 'ファズ回', startsAt })).id;
    await t.db.query('INSERT INTO tv_episode (event_id, program_id) VALUES ($1, $2)', [episode, program.id]);
    pools.episode.push(episode);
  }
  const [comment] = await t.db.query(`INSERT INTO tv_comment (event_id, author_id, text) VALUES ($1, $2, 'いい回でした') RETURNING id`, [pools.episode[0], resident.id]);
  pools.comment.push(comment.id);
  const [scenario] = await t.db.query(`INSERT INTO scenario (topic, title, prompt) VALUES ('DISASTER', 'もし大雨なら？', '何をしますか') RETURNING id`);
  pools.scenario.push(scenario.id);
  const [run] = await t.db.query(`INSERT INTO matching_run (kind, status, finished_at) VALUES ('SUPPORT', 'COMPLETED', now()) RETURNING id`);
  for (let i = 0; i < 4; i++) {
    const [need] = await t.db.query(
      `INSERT INTO support_need (label, kinds, area, slots, consent) VALUES ($1, '{CHECK_IN_CALL}', '中央', '{WEEKEND_AFTERNOON}', true) RETURNING id`,
      [`要支援ファズ${i}`],
    );
    const [pledge] = await t.db.query(`INSERT INTO support_pledge (helper_id, kinds, area, slots) VALUES ($1, '{CHECK_IN_CALL}', '中央', '{WEEKEND_AFTERNOON}') RETURNING id`, [resident.id]);
    const [pairing] = await t.db.query(
      `INSERT INTO support_pairing (run_id, pledge_id, need_id, kinds, score, status) VALUES ($1, $2, $3, '{CHECK_IN_CALL}', 0.8, $4) RETURNING id`,
      [run.id, pledge.id, need.id, i < 2 ? 'PROPOSED' : 'APPROVED'],
    );
    pools.need.push(need.id);
    pools.pledge.push(pledge.id);
    pools.pairing.push(pairing.id);
  }
  // needs of their own for removeSupportNeed, which erases them: the other operations keep theirs
  for (let i = 0; i < 4; i++) {
    const [need] = await t.db.query(
      `INSERT INTO support_need (label, kinds, area, slots, consent) VALUES ($1, '{SHOPPING}', '中央', '{WEEKEND_AFTERNOON}', true) RETURNING id`,
      [`要支援ファズ消${i}`],
    );
    pools.removable.push(need.id);
  }
  for (let i = 0; i < 6; i++) {
    const [d] = await t.db.query(
      `INSERT INTO disaster (topic, title, areas, area_keys, ends_at) VALUES ('DISASTER', 'ファズ災害', '{中央}', '{中央}', now() + interval '2 days') RETURNING id`,
    );
    // the first three for endDisaster, which ends them: reportSafety needs the others active
    (i < 3 ? pools.endable : pools.disaster).push(d.id);
  }
  // a joint action awaiting replies: the session's student and two of the portal's are invited
  const replying: string[] = [];
  for (const ref of ['FZ-REPLY-1', 'FZ-REPLY-2']) replying.push((await enroll(t, school, ref, { profile: profile() })).id);
  const sessionStudent = (await t.gql('{ myStudent { id } }', {}, { token: studentToken })).data.myStudent.id;
  const replyOffer = await insertOffer(t, { organizationId, capacity: 10 });
  // open offers of their own for setOfferInterest (closeOffer closes the shared ones)
  pools.interestable.push(replyOffer, await insertOffer(t, { organizationId, capacity: 3 }));
  const replyProposal = await insertProposal(t, replyOffer, [...replying, sessionStudent]);
  const approved = await t.gql('mutation($id: ID!) { approveProposal(id: $id) { jointAction { id } } }', { id: replyProposal }, { token: coordinator.token });
  pools.jointAction.push(approved.data.approveProposal.jointAction.id);
}
afterAll(async () => {
  const lines = [...stats].map(([op, s]) => [`${op.padEnd(24)} ok ${String(s.ok).padStart(3)}  refused ${JSON.stringify(s.refused)}`, ...s.samples.map((x) => `    ${x}`)].join('\n'));
  if (lines.length) console.log(`fuzzed operations (${RUNS} runs each unless slow):\n${lines.join('\n')}`);
  await t?.close();
});

// ------------------------------------------------------------------ the database's fingerprint

async function buildSnapshotSql(): Promise<string> {
  const tables: { name: string }[] = await t.db.query(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  return tables
    .map(({ name }) => {
      const drop = VOLATILE_COLUMNS[name]?.length ? ` - ARRAY[${VOLATILE_COLUMNS[name].map((c) => `'${c}'`).join(', ')}]` : '';
      return `SELECT '${name}' AS t, count(*)::int AS n, md5(coalesce(string_agg(x, '|' ORDER BY x), '')) AS h FROM (SELECT (to_jsonb(r)${drop})::text AS x FROM public."${name}" r) s`;
    })
    .join(' UNION ALL ');
}

async function snapshot(): Promise<Record<string, string>> {
  const rows: { t: string; n: number; h: string }[] = await t.db.query(snapshotSql);
  return Object.fromEntries(rows.map((r) => [r.t, `${r.n}:${r.h}`]));
}

// ------------------------------------------------------------------ values

const CONTROL = ['\u0000', 'a\u0000b', '\u0007\u001b[31mred', '\r\n\t', '\u0008\u007f', '\u000b\u000c'];
const NASTY_STRINGS = [
  '',
  ' ',
  '   \t  ',
  ...CONTROL,
  '\uD800',
  'x\uDFFFy\uD800',
  '\u202Eevil\u202C',
  '\uFEFFbom',
  '\u200B\u200D',
  '🧑‍🤝‍🧑'.repeat(60),
  '🚀'.repeat(150),
  '久留米'.repeat(700),
  'a'.repeat(10_000),
  "'; DROP TABLE app_user; --",
  "' OR '1'='1",
  '"; SELECT pg_sleep(10); --',
  '$1',
  '%s%n%x',
  '${7*7}{{7*7}}',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  'null',
  'NaN',
  '-1',
  '1e309',
  '00000000-0000-0000-0000-000000000000',
  'ＡＢＣ１２３',
];
const nastyString: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 150, maxLength: 400 }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...CONTROL, '防災', 'a', '🙂'), { minLength: 1, maxLength: 6 }).map((a) => a.join('')) },
);
const nastyInt: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, -1, -100, 1001, 100_001, 2147483647, -2147483648, 2147483648, 1e20, -1e20, 1.5, Number.MAX_SAFE_INTEGER),
  fc.integer(),
);
const DATE_STRINGS = [
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '1000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '+275760-09-13T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z',
  '2026-02-30T00:00:00Z',
  '2026-13-45T99:99:99Z',
  'not a date',
  '',
  'yesterday',
  '1970-01-01',
];
const nastyDate: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(...DATE_STRINGS, 8.64e15, -8.64e15, 0, -1, 1e300),
  fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()),
);
/** values of the wrong GraphQL type altogether */
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant({ nested: { deeper: { deepest: [1, { x: 'y' }] } } }),
  fc.constant([[[]]]),
  fc.constant(big(Array.from({ length: 3000 }, (_, i) => i))),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  fc.string({ maxLength: 10 }),
);

const words = fc.array(fc.constantFrom('防災', '地域', 'まちづくり', '子ども食堂', 'テスト', 'abc', ' ', '🙂', 'の', '会'), { minLength: 1, maxLength: 8 }).map((a) => a.join(''));
const futureDate = fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());

/** Which existing ids an id-typed argument should mostly get, by operation and name. */
function idPool(op: string, name: string): string[] {
  if (name === 'hostOrganizationId' || name === 'organizationId') return pools.organization;
  if (name === 'eventId') {
    if (['addAgendaItem', 'setMinutes', 'addPerspective'].includes(op)) return pools.meeting;
    if (['setReplay', 'postComment'].includes(op)) return pools.episode;
    if (op === 'feature') return [...pools.meeting, ...pools.event];
    return pools.event;
  }
  if (name === 'perspectiveId') return pools.perspective;
  if (name === 'offerId') return op === 'setOfferInterest' ? pools.interestable : pools.offer;
  if (name === 'needId') return op === 'removeSupportNeed' ? pools.removable : pools.need;
  if (name === 'disasterId') return pools.disaster;
  if (name === 'programId') return pools.program;
  if (name === 'episodeId') return pools.episode;
  if (name === 'scenarioId') return pools.scenario;
  if (name === 'pairingId') return pools.pairing.slice(2);
  if (name === 'jointActionId') return pools.jointAction.length ? pools.jointAction : pools.perspective;
  if (name === 'sessionEventIds' || name === 'drillEventId') return pools.event;
  if (name === 'schoolId') return pools.school;
  if (name === 'studentId') return pools.student;
  if (name === 'id') {
    if (op === 'publishOffer' || op === 'closeOffer') return pools.offer;
    if (op === 'approveProposal') return pools.toApprove;
    if (op === 'rejectProposal') return pools.toReject;
    if (op === 'verifyOrganization') return pools.organization;
    if (op === 'markNotificationRead') return pools.notification;
    if (op === 'approveSupportPairing' || op === 'rejectSupportPairing') return pools.pairing;
    if (op === 'hideComment') return pools.comment;
    if (op === 'setSupportNeedConsent') return pools.need;
    if (op === 'withdrawSupportPledge') return pools.pledge;
    if (op === 'endDisaster') return pools.endable;
  }
  return [...pools.offer, ...pools.event, ...pools.organization];
}

/** A value the field would accept, chosen by its type and name. */
function validScalar(typeName: string, name: string, op: string): fc.Arbitrary<unknown> {
  if (typeName === 'ID') return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...idPool(op, name)) }, { weight: 1, arbitrary: fc.uuid() });
  if (typeName === 'Int') return name === 'first' ? fc.integer({ min: 1, max: 100 }) : fc.integer({ min: 1, max: 50 });
  if (typeName === 'Float') return fc.double({ min: 0, max: 1, noNaN: true });
  if (typeName === 'Boolean') return fc.boolean();
  if (typeName === 'DateTime') return futureDate;
  if (typeName !== 'String') return fc.string({ maxLength: 20 });
  switch (name) {
    case 'email':
      return fc.oneof({ weight: op === 'login' ? 3 : 1, arbitrary: fc.constant(resident.email) }, { weight: 1, arbitrary: fc.uuid().map((u) => `fuzz-${u.slice(0, 12)}@example.jp`) });
    case 'password':
      return fc.oneof({ weight: op === 'login' ? 3 : 1, arbitrary: fc.constant(DEFAULT_PASSWORD) }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 10, maxLength: 30 }) });
    case 'externalRef':
      // the export reads the session's student, whom no withdrawal in the pool touches; the replies, the invited
      return fc.oneof(
        fc.constantFrom(...(op === 'exportStudentData' ? ['FZ-SESSION'] : op === 'respondForStudent' ? ['FZ-REPLY-1', 'FZ-REPLY-2'] : REFS)),
        fc.stringMatching(/^[A-Za-z0-9._:-]{1,20}$/),
      );
    case 'onlineUrl':
      return fc.constantFrom('https://example.jp/live/1', 'http://localhost:8080/stream');
    case 'theme':
      return fc.constantFrom(...themeKeys);
    case 'replayUrl':
      return fc.constantFrom('https://example.jp/replay/1.mp4', 'https://tv.example.jp/archive/2');
    case 'key':
      return fc.constantFrom(...PLAN_KEYS);
    case 'csv':
      return fc.integer({ min: 1, max: 9999 }).map((n) => `管理番号,仮名,地区,支援の種類,時間帯,同意\nFZ-${n},ファズ${n},中央,買い物,平日昼間,はい`);
    default:
      return words;
  }
}

/** A hostile value for the field: right type, wrong content. */
function nastyScalar(typeName: string, name: string): fc.Arbitrary<unknown> {
  if (typeName === 'Int' || typeName === 'Float') return nastyInt;
  if (typeName === 'Boolean') return wrongType;
  if (typeName === 'DateTime') return nastyDate;
  if (typeName === 'ID') return fc.oneof(nastyString, fc.constantFrom('not-a-uuid', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '1', "1' OR 1=1"), fc.integer());
  if (name === 'theme') return fc.oneof(nastyString, fc.constantFrom('unknown-theme', 'DISASTER', 'disaster,community'));
  return nastyString;
}

/** A large array that prints as its size in a counterexample (JSON still sends every element). */
function big<T>(items: T[]): T[] {
  Object.defineProperty(items, fc.toStringMethod, { value: () => `Array(${items.length}) of ${fc.stringify(items[0])}` });
  return items;
}

/** the value one time in eight, null otherwise */
const rarely = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.oneof({ weight: 7, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });

interface Gen {
  valid: fc.Arbitrary<unknown>;
  hostile: fc.Arbitrary<unknown>;
}

/**
 * Valid and hostile values of an input type; `name` is the argument or field that holds it. A
 * nullable type's valid values include null; a non-null type's hostile ones do.
 */
function gen(type: GraphQLInputType, name: string, op: string, depth = 0): Gen {
  if (isNonNullType(type)) {
    const inner = genOf(type.ofType, name, op, depth);
    return { valid: inner.valid, hostile: fc.oneof({ weight: 5, arbitrary: inner.hostile }, { weight: 1, arbitrary: fc.constant(null) }) };
  }
  const inner = genOf(type, name, op, depth);
  return { valid: fc.oneof({ weight: 5, arbitrary: inner.valid }, { weight: 1, arbitrary: fc.constant(null) }), hostile: inner.hostile };
}

/** The values of a type itself, never null. */
function genOf(type: GraphQLInputType, name: string, op: string, depth: number): Gen {
  if (isListType(type)) {
    const item = gen(type.ofType, name, op, depth + 1);
    if (name === 'themes') {
      return {
        valid: fc.subarray(themeKeys, { minLength: 1, maxLength: 4 }),
        hostile: fc.oneof(
          fc.constant([]),
          fc.array(fc.constantFrom('unknown', 'disaster', 'Disaster', 'disaster '), { minLength: 1, maxLength: 4 }),
          fc.constant(['disaster', 'disaster']),
          fc.constant(themeKeys.concat(themeKeys.slice(0, 2))),
          fc.constant(big(Array.from({ length: 5000 }, () => 'disaster'))),
          fc.array(nastyString, { minLength: 1, maxLength: 3 }),
        ),
      };
    }
    return {
      valid: fc.array(item.valid, { maxLength: depth === 0 && name === 'input' ? 3 : 4 }),
      hostile: fc.oneof(
        { weight: 3, arbitrary: fc.array(fc.oneof(item.valid, item.hostile), { minLength: 1, maxLength: 4 }) },
        // the same (valid) element many times over: a huge roster, duplicate keys, a huge list of enums
        { weight: 1, arbitrary: item.valid.map((v) => big(Array.from({ length: 1500 }, () => v))) },
        { weight: 1, arbitrary: item.valid.map((v) => [v, v]) },
      ),
    };
  }
  if (isEnumType(type)) {
    const values = type.getValues().map((v) => v.value as string);
    return {
      valid: fc.constantFrom(...values),
      hostile: fc.oneof(fc.constantFrom('NOPE', '', values[0].toLowerCase(), `${values[0]} `, 'ＯＮＳＩＴＥ'), nastyString),
    };
  }
  if (isScalarType(type)) return { valid: validScalar(type.name, name, op), hostile: nastyScalar(type.name, name) };
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).map((f) => ({ f, g: gen(f.type, f.name, op, depth + 1) }));
    const valid = fc.record(Object.fromEntries(fields.map(({ f, g }) => [f.name, g.valid])));
    // one or two fields hostile (of the right type or not), the others valid: so that the value gets
    // past the rules of the valid fields to those of the hostile one; sometimes a required field
    // missing or an unknown one added
    const names = fields.map(({ f }) => f.name);
    const hostile = fc
      .tuple(
        valid,
        fc.record(Object.fromEntries(fields.map(({ f, g }) => [f.name, fc.oneof({ weight: 3, arbitrary: g.hostile }, { weight: 1, arbitrary: wrongType })]))),
        fc.subarray(names, { minLength: 1, maxLength: Math.min(2, names.length) }),
        rarely(fc.constantFrom(...names)),
        rarely(fc.constant(true)),
      )
      .map(([good, bad, spoiled, drop, extra]) => {
        const out: Record<string, unknown> = { ...(good as Record<string, unknown>) };
        for (const n of spoiled) out[n] = (bad as Record<string, unknown>)[n];
        if (drop) delete out[drop];
        if (extra) {
          out.unknownField = 'x';
          Object.defineProperty(out, '__proto__', { value: { polluted: true }, enumerable: true });
        }
        return out;
      });
    return { valid, hostile };
  }
  return { valid: wrongType, hostile: wrongType };
}

/**
 * An operation's arguments: valid values with one or two made hostile (of the right type or not),
 * now and then a required one left out.
 */
function argsArb(op: string, args: readonly GraphQLArgument[]): fc.Arbitrary<Record<string, unknown>> {
  if (!args.length) return fc.constant({});
  const gens = args.map((a) => ({ a, g: gen(a.type, a.name, op) }));
  const valid = fc.record(Object.fromEntries(gens.map(({ a, g }) => [a.name, g.valid])));
  const hostile = fc.record(Object.fromEntries(gens.map(({ a, g }) => [a.name, fc.oneof({ weight: 3, arbitrary: g.hostile }, { weight: 1, arbitrary: wrongType })])));
  const names = args.map((a) => a.name);
  const required = args.filter((a) => isNonNullType(a.type)).map((a) => a.name);
  return fc
    .tuple(valid, hostile, fc.subarray(names, { minLength: 0, maxLength: Math.min(2, names.length) }), required.length ? rarely(fc.constantFrom(...required)) : fc.constant(null))
    .map(([good, bad, spoiled, drop]) => {
      const out: Record<string, unknown> = { ...(good as Record<string, unknown>) };
      for (const n of spoiled) out[n] = (bad as Record<string, unknown>)[n];
      if (drop) delete out[drop];
      return out;
    });
}

// ------------------------------------------------------------------ operations and their callers

type Caller = () => { token?: string; apiKey?: string };
const asCoordinator: Caller = () => ({ token: coordinator.token });
const asMember: Caller = () => ({ token: member.token });
const asStudent: Caller = () => ({ token: studentToken });
const asResident: Caller = () => ({ token: resident.token });
const asSchool: Caller = () => ({ apiKey: school.apiKey });
const anonymous: Caller = () => ({});
let turn = 0;
/** several callers taking turns: the operation is meant for more than one kind of caller */
const alternate = (...callers: Caller[]): Caller => () => callers[turn++ % callers.length]();

/** Who calls what: the credentials each operation needs to get past the guard. */
const CALLERS: Record<string, Caller> = {
  login: anonymous,
  signUp: anonymous,
  signUpOrganization: anonymous,
  registerSchool: asCoordinator,
  enrollStudent: asSchool,
  enrollStudents: asSchool,
  setGuardianConsent: asSchool,
  issueStudentSession: asSchool,
  withdrawStudent: asSchool,
  updateMyStudentProfile: asStudent,
  verifyOrganization: asCoordinator,
  createOffer: asMember,
  publishOffer: alternate(asMember, asCoordinator),
  closeOffer: alternate(asMember, asCoordinator),
  requestMatchingRun: asCoordinator,
  approveProposal: asCoordinator,
  rejectProposal: asCoordinator,
  createEvent: alternate(asCoordinator, asMember),
  joinEvent: alternate(asResident, asStudent, asMember),
  leaveEvent: alternate(asResident, asStudent, asMember),
  markNotificationRead: asStudent,
  rotateSchoolKey: alternate(() => ({ apiKey: rotating.apiKey }), asCoordinator),
  // the privacy queries
  exportStudentData: asSchool,
  auditLog: asCoordinator,
};
/**
 * Mutations added later without an entry above: the callers their resolver's @Roles / @SchoolPortal
 * admit (read off the resolver, as the guard reads it), so that each call gets past the guard and
 * the fuzzer tests what lies behind it; for a public mutation, every kind of caller in turn.
 */
function callerFromAccess(name: string): Caller {
  for (const resolver of RESOLVERS) {
    for (const key of Object.getOwnPropertyNames(resolver.prototype)) {
      const method = (resolver.prototype as unknown as Record<string, unknown>)[key];
      if (typeof method !== 'function' || Reflect.getMetadata('graphql:resolver_type', method) !== 'Mutation') continue;
      if ((Reflect.getMetadata('graphql:resolver_name', method) ?? key) !== name) continue;
      const access: Access | undefined = Reflect.getMetadata(ACCESS_KEY, method) ?? Reflect.getMetadata(ACCESS_KEY, resolver);
      if (!access) return alternate(anonymous, asResident, asStudent, asMember, asCoordinator);
      if (access.kind === 'school') return asSchool;
      const byRole: Record<Role, Caller> = { COORDINATOR: asCoordinator, ORGANIZATION_MEMBER: asMember, STUDENT: asStudent, RESIDENT: asResident };
      return alternate(...(access.roles ?? [Role.RESIDENT, Role.STUDENT, Role.ORGANIZATION_MEMBER, Role.COORDINATOR]).map((r) => byRole[r]));
    }
  }
  throw new Error(`no resolver serves the mutation ${name}`);
}

function documentFor(kind: 'mutation' | 'query', field: GraphQLField<unknown, unknown>): string {
  const vars = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const call = field.args.length ? `(${field.args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
  const named = getNamedType(field.type);
  const leaf = isScalarType(named) || isEnumType(named);
  // a rotated key is read back: the next call must send it
  const selection = leaf ? '' : named.name === 'SchoolRegistration' ? ' { __typename apiKey school { id } }' : ' { __typename }';
  return `${kind} Fuzz${vars ? `(${vars})` : ''} { ${field.name}${call}${selection} }`;
}

async function fuzz(kind: 'mutation' | 'query', name: string, caller: Caller): Promise<void> {
  const root = kind === 'mutation' ? schema.getMutationType()! : schema.getQueryType()!;
  const field = root.getFields()[name];
  expect(field).toBeDefined();
  const document = documentFor(kind, field);
  const tally = { ok: 0, refused: {} as Record<string, number>, samples: [] as string[] };
  stats.set(name, tally);

  await fc.assert(
    fc.asyncProperty(argsArb(name, field.args), async (variables) => {
      const creds = caller();
      const before = await snapshot();
      let req = request(t.app.getHttpServer()).post('/graphql').set('content-type', 'application/json');
      if (creds.token) req = req.set('authorization', `Bearer ${creds.token}`);
      if (creds.apiKey) req = req.set('x-api-key', creds.apiKey);
      const res = await req.send({ query: document, variables });
      const body = res.body as { data?: Record<string, any> | null; errors?: { message: string; extensions?: { code?: string } }[] };
      const codes = (body.errors ?? []).map((e) => e.extensions?.code);
      const offending = (body.errors ?? []).filter((e) => !CONTRACT_CODES.includes(e.extensions?.code as string));
      const context = `${name} ${res.status} ${JSON.stringify((offending.length ? offending : (body.errors ?? [])).slice(0, 3).map((e) => [e.extensions?.code, e.message.slice(0, 300)]))}`;

      expect([context, res.status < 500]).toEqual([context, true]);
      expect([context, offending.length]).toEqual([context, 0]);

      if (body.errors?.length) {
        tally.refused[codes[0]!] = (tally.refused[codes[0]!] ?? 0) + 1;
        if (process.env.FUZZ_DEBUG && tally.samples.length < 6) tally.samples.push(`${res.status} ${codes[0]} ${body.errors[0].message.slice(0, 160)} <- ${JSON.stringify(variables).slice(0, 200)}`);
        const after = await snapshot();
        const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
        expect([context, changed]).toEqual([context, []]);
      } else {
        tally.ok++;
        const rotated = body.data?.rotateSchoolKey as { apiKey: string; school: { id: string } } | undefined;
        if (rotated?.school.id === rotating.id) rotating.apiKey = rotated.apiKey;
      }
    }),
    // one seed per operation, so that a run is repeatable (and "succeeded at least once" is not luck);
    // FUZZ_SEED explores others
    { numRuns: SLOW_RUNS[name] ?? RUNS, endOnFailure: true, seed: seedOf(name) },
  );
  // a fuzzer that never gets through tests only the guard: each operation must have succeeded at
  // least once with its mostly-valid arguments, unless listed with the reason it cannot
  if (!(name in NEVER_THROUGH)) expect([name, 'succeeded', tally.ok > 0]).toEqual([name, 'succeeded', true]);
}

function seedOf(name: string): number {
  let h = Number(process.env.FUZZ_SEED ?? 2026);
  for (const c of name) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0;
  return h;
}

/** Operations that random arguments cannot get through, and why; their refusals are still checked. */
const NEVER_THROUGH: Record<string, string> = {};

const MUTATIONS = Object.keys(CALLERS).filter((n) => n !== 'exportStudentData' && n !== 'auditLog');

describe('every mutation, fed random and malformed input', () => {
  it.each(MUTATIONS)('%s: never a 500, always a contract code, nothing changed when refused', async (name) => {
    await fuzz('mutation', name, CALLERS[name]);
  });

  it('covers the mutations added to the schema later, with every kind of caller', async () => {
    const others = Object.keys(schema.getMutationType()!.getFields()).filter((n) => !(n in CALLERS));
    for (const name of others) await fuzz('mutation', name, callerFromAccess(name));
  });
});

describe('the privacy queries, likewise', () => {
  it.each(['exportStudentData', 'auditLog'])('%s', async (name) => {
    await fuzz('query', name, CALLERS[name]);
  });
});

/**
 * What the fuzzer found, pinned: each of these was an INTERNAL_SERVER_ERROR (a PostgreSQL error
 * or graphql-js's own) before the fix, and each is now refused as bad input and changes nothing.
 */
describe('regressions found by the fuzzer', () => {
  const NUL = 'a\u0000b';
  const EVENT = { platform: 'COMMITTEE', title: '委員会', description: '話し合い', startsAt: '2027-01-01T00:00:00Z', mode: 'ONSITE' };
  const OFFER = { title: '防災マップ', description: '歩いて確かめます', themes: ['disaster'], capacity: 2, stages: ['HIGH_SCHOOL'], mode: 'ONSITE', slots: [] };
  const ORG = { organizationName: '見守りの会', kind: 'NPO', description: '見守り', contactName: '担当', email: 'regress-org@example.jp', password: 'passwordpassword' };
  const SIGN_UP = { displayName: '住民', email: 'regress-user@example.jp', password: 'passwordpassword' };
  const CREATE_EVENT = 'mutation($i: CreateEventInput!) { createEvent(input: $i) { id } }';
  const CREATE_OFFER = 'mutation($i: CreateOfferInput!) { createOffer(input: $i) { id } }';
  const SIGN_UP_ORG = 'mutation($i: SignUpOrganizationInput!) { signUpOrganization(input: $i) { token } }';
  const SIGN_UP_USER = 'mutation($i: SignUpInput!) { signUp(input: $i) { token } }';
  const cursor = (at: string) => Buffer.from(JSON.stringify([at, '00000000-0000-4000-8000-000000000000'])).toString('base64url');
  const ROSTER_ROW = { externalRef: 'R', displayName: '生徒', stage: 'HIGH_SCHOOL', guardianConsent: null };

  const cases: [string, string, Record<string, unknown>, Caller][] = [
    ['51+ variable errors (graphql-js aborts with a bare error)', 'mutation($i: [EnrollStudentInput!]!) { enrollStudents(input: $i) { id } }', { i: Array.from({ length: 60 }, (_, n) => ({ ...ROSTER_ROW, externalRef: `R${n}` })) }, asSchool],
    ['NUL in an event title', CREATE_EVENT, { i: { ...EVENT, title: NUL } }, asCoordinator],
    ['NUL in an event description', CREATE_EVENT, { i: { ...EVENT, description: NUL } }, asCoordinator],
    ['NUL in an event location', CREATE_EVENT, { i: { ...EVENT, location: NUL } }, asCoordinator],
    ['NUL in an event URL', CREATE_EVENT, { i: { ...EVENT, onlineUrl: `https://example.jp/${NUL}` } }, asCoordinator],
    ['an event in 271822 BC', CREATE_EVENT, { i: { ...EVENT, startsAt: '-271821-04-20T00:00:00.000Z' } }, asCoordinator],
    ['an event at the earliest JavaScript time (a number)', CREATE_EVENT, { i: { ...EVENT, startsAt: -8.64e15 } }, asCoordinator],
    ['an event ending in 271822 BC', CREATE_EVENT, { i: { ...EVENT, startsAt: '-271821-04-20T00:00:00.000Z', endsAt: '-271821-04-20T00:00:00.000Z' } }, asCoordinator],
    ['events from 271822 BC', 'query($f: EventFilter) { events(filter: $f) { totalCount } }', { f: { from: -8.64e15 } }, anonymous],
    ['a joint action starting in 271822 BC', 'mutation($id: ID!, $s: DateTime) { approveProposal(id: $id, startsAt: $s) { id } }', { id: '00000000-0000-4000-8000-000000000000', s: '-271821-04-20T00:00:00.000Z' }, asCoordinator],
    ['NUL in an offer title', CREATE_OFFER, { i: { ...OFFER, title: NUL } }, asMember],
    ['NUL in an offer description', CREATE_OFFER, { i: { ...OFFER, description: NUL } }, asMember],
    ['NUL in an offer area', CREATE_OFFER, { i: { ...OFFER, area: NUL } }, asMember],
    ['NUL in an organisation name', SIGN_UP_ORG, { i: { ...ORG, organizationName: NUL } }, anonymous],
    ['NUL in an organisation description', SIGN_UP_ORG, { i: { ...ORG, description: NUL } }, anonymous],
    ['NUL in an organisation contact', SIGN_UP_ORG, { i: { ...ORG, contactName: NUL } }, anonymous],
    ['NUL in an organisation area', SIGN_UP_ORG, { i: { ...ORG, area: NUL } }, anonymous],
    ['NUL in a resident name', SIGN_UP_USER, { i: { ...SIGN_UP, displayName: NUL } }, anonymous],
    ['NUL in a resident area', SIGN_UP_USER, { i: { ...SIGN_UP, area: NUL } }, anonymous],
    ['NUL in a school name', 'mutation($i: RegisterSchoolInput!) { registerSchool(input: $i) { apiKey } }', { i: { name: NUL } }, asCoordinator],
    ['NUL in an approval note', 'mutation($id: ID!, $n: String) { approveProposal(id: $id, note: $n) { id } }', { id: '00000000-0000-4000-8000-000000000000', n: NUL }, asCoordinator],
    ['NUL in a rejection reason', 'mutation($id: ID!, $r: String!) { rejectProposal(id: $id, reason: $r) { id } }', { id: '00000000-0000-4000-8000-000000000000', r: NUL }, asCoordinator],
    ['NUL in an offers filter theme', 'query($f: OfferFilter) { offers(filter: $f) { totalCount } }', { f: { theme: NUL } }, asMember],
    ['a lone surrogate in a login email (validator.js throws "URI malformed")', 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: 'x\udfffy\ud800', p: 'whatever-password' }, anonymous],
    ['a lone surrogate in a sign-up email', SIGN_UP_USER, { i: { ...SIGN_UP, email: 'a\ud800@example.jp' } }, anonymous],
    ['a lone surrogate in an organisation email', SIGN_UP_ORG, { i: { ...ORG, email: 'a\udc00@example.jp' } }, anonymous],
    ['a lone surrogate in an event URL', CREATE_EVENT, { i: { ...EVENT, onlineUrl: 'https://example.jp/\ud800' } }, asCoordinator],
    ['a cursor in 271822 BC', 'query($a: String) { events(after: $a) { totalCount } }', { a: cursor('-271821-04-20T00:00:00.000Z') }, anonymous],
    ['a cursor with NUL', 'query($a: String) { events(after: $a) { totalCount } }', { a: cursor('2026-01-01\u0000') }, anonymous],
    ['a notifications cursor in 271822 BC', 'query($a: String) { myNotifications(after: $a) { totalCount } }', { a: cursor('-271821-04-20T00:00:00.000Z') }, asResident],
    ['an organisations cursor with NUL', 'query($a: String) { organizations(after: $a) { totalCount } }', { a: cursor(NUL) }, asResident],
  ];

  it.each(cases)('%s', async (_, query, variables, caller) => {
    const before = await snapshot();
    const creds = caller();
    const res = await t.gql(query, variables, creds);
    expect(res.status).toBeLessThan(500);
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(expect.arrayContaining(['BAD_USER_INPUT']));
    expect(res.errors?.filter((e) => !CONTRACT_CODES.includes(e.extensions?.code as string))).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });
});
