import { randomUUID } from 'node:crypto';
import { GRAPHQL_MODULE_OPTIONS } from '@nestjs/graphql';
import { Role } from '../../src/identity/role.enum.js';
import type { CompiledExecutor } from '../../src/common/graphql/compiled-executor.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createCoordinator, createOrganization, createUser, type TestUser } from '../support/factories.js';
import { createSchool, insertOffer, insertProposal, insertStudents } from '../support/matching-fixtures.js';

/**
 * Queries run compiled (graphql-jit) from their third execution here: the first two are
 * graphql-js's, so each answer of the compiled plan is compared with graphql-js's on the same data,
 * the audit of a coordinator's reads of minors included, and errors still carry the contract's codes.
 */
let t: TestApp;
let executor: CompiledExecutor;
let coordinator: TestUser;
let member: TestUser;
let minors: string[];

const PAGE = `query Page($first: Int!) { proposals(first: $first) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node {
  __typename id status score createdAt plan { title summary themes }
  offer { id title themes stages mode capacity remainingCapacity status organization { id name verified } }
  participants { score reasons student { id displayName stage guardianConsent matchable school { id name }
    profile { themes concerns interests slots modes } } } } } } }`;

const counts = () => ({ ...executor.counts });
const delta = (before: CompiledExecutor['counts']) => {
  const now = executor.counts;
  return { compiled: now.compiled - before.compiled, fallback: now.fallback - before.fallback, graphqlJs: now.graphqlJs - before.graphqlJs };
};
const reads = async (): Promise<string[]> =>
  (
    await t.db.query(`SELECT student_id, fields::text FROM privacy_audit WHERE kind = 'STUDENT_READ' AND actor_user_id = $1 ORDER BY id`, [coordinator.id])
  ).map((r: { student_id: string; fields: string }) => `${r.student_id} ${r.fields}`);

beforeAll(async () => {
  t = await startTestApp({ env: { GRAPHQL_COMPILE_AFTER: '3' } });
  executor = (t.app.get(GRAPHQL_MODULE_OPTIONS, { strict: false }) as { gateway: { compiled: CompiledExecutor } }).gateway.compiled;
  coordinator = await createCoordinator(t);
  member = await createUser(t, { roles: [Role.ORGANIZATION_MEMBER] });
  const org = await createOrganization(t, { name: 'NPO法人 くるめ子ども応援団', verified: true, members: [member] });
  const school = await createSchool(t);
  // three proposals, each of a junior high school student (a minor) and a university student
  const students = await insertStudents(
    t,
    school,
    ['みのり', 'ひかり', 'さくら'].flatMap((name, i) => [
      { displayName: `筑後 ${name}`, stage: 'JUNIOR_HIGH' as const, themes: ['food'], concerns: '夕ごはんを一人で食べる子が心配です。', interests: '子ども食堂で配膳を手伝いたい。' },
      { displayName: `久留米 大地${i + 1}`, stage: 'UNIVERSITY' as const, themes: ['disaster'], concerns: '避難所の場所を知らない人が多い。', interests: '防災マップを作りたい。' },
    ]),
  );
  minors = students.filter((_, i) => i % 2 === 0);
  const offer = await insertOffer(t, {
    organizationId: org.id,
    title: 'みんなの子ども食堂 サポーター募集',
    description: '調理・配膳や、子どもたちの遊び相手をお願いします。',
    themes: ['food', 'childcare'],
    capacity: 3,
    stages: ['JUNIOR_HIGH', 'UNIVERSITY'],
    mode: 'HYBRID',
  });
  for (let i = 0; i < 3; i++) await insertProposal(t, offer, students.slice(2 * i, 2 * i + 2));
});
afterAll(async () => {
  await t?.close();
});

describe('the compiled executor', () => {
  it("answers a coordinator's page of proposals as graphql-js does, and audits the same reads", async () => {
    const before = counts();
    const answers = [];
    const audited: string[][] = [];
    for (let i = 0; i < 4; i++) {
      const seen = (await reads()).length;
      const res = await t.gql(PAGE, { first: 2 }, { token: coordinator.token });
      expect(res.errors).toBeUndefined();
      answers.push(res.data);
      audited.push((await reads()).slice(seen));
    }
    // executions 1 and 2 by graphql-js, 3 and 4 compiled
    expect(delta(before)).toEqual({ compiled: 2, fallback: 0, graphqlJs: 2 });
    expect(answers[0].proposals.edges).toHaveLength(2);
    expect(answers[0].proposals.edges[0].node.participants.map((p: any) => p.student.stage).sort()).toEqual(['JUNIOR_HIGH', 'UNIVERSITY']);
    for (const a of answers.slice(1)) expect(a).toEqual(answers[0]);
    // the minor's details were read and audited by every execution, compiled or not; the adult's never
    const shown = answers[0].proposals.edges.flatMap((e: any) => e.node.participants.map((p: any) => p.student.id)).filter((id: string) => minors.includes(id));
    expect(shown).toHaveLength(2);
    expect(audited[0].sort()).toEqual(shown.map((id: string) => `${id} {guardianConsent,matchable,profile,school}`).sort());
    for (const a of audited.slice(1)) expect(a.sort()).toEqual(audited[0]);
  });

  it("keeps the contract's errors: a compiled execution that errs is answered by graphql-js", async () => {
    const query = `{ proposals(first: 1) { totalCount } }`;
    const before = counts();
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await t.gql(query, {}, { token: member.token }));
    expect(delta(before)).toEqual({ compiled: 0, fallback: 2, graphqlJs: 2 });
    for (const a of answers) {
      expect(a.data).toBeNull();
      expect(a.errors?.map((e: any) => [e.extensions?.code, e.path])).toEqual([['FORBIDDEN', ['proposals']]]);
      expect(a).toEqual(answers[0]);
    }
  });

  it('keeps variable errors as graphql-js words them', async () => {
    const before = counts();
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await t.gql(PAGE, { first: 'たくさん' }, { token: coordinator.token }));
    for (const a of answers) {
      expect(a.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(a).toEqual(answers[0]);
    }
    // rejected before execution (Apollo coerces variables first), or compiled and thrown away
    expect(delta(before).compiled).toBe(0);
  });

  it('refuses a malformed ID variable of a compiled query as graphql-js does (graphql-jit would take any string)', async () => {
    const query = `query($id: ID!) { offer(id: $id) { id title } }`;
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await t.gql(query, { id: i % 2 ? 'nope' : randomUUID() }, { token: member.token }));
    expect(answers.map((a) => a.code ?? a.data)).toEqual([{ offer: null }, 'BAD_USER_INPUT', { offer: null }, 'BAD_USER_INPUT']);
    expect(answers[1]).toEqual(answers[3]);
  });

  it('runs mutations and introspection on graphql-js only', async () => {
    const before = counts();
    for (let i = 0; i < 4; i++) {
      const res = await t.gql(`{ __schema { queryType { name } } }`, {}, { token: coordinator.token });
      expect(res.data.__schema.queryType.name).toBe('Query');
      const res2 = await t.gql(`mutation { requestMatchingRun { status } }`, {}, { token: member.token });
      expect(res2.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(delta(before)).toEqual({ compiled: 0, fallback: 0, graphqlJs: 8 });
  });
});
