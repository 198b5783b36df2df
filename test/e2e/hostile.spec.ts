import type { AddressInfo } from 'node:net';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import request from 'supertest';
import { createApi } from '../../src/main.js';
import { operationCost } from '../../src/common/security/query-cost.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createCoordinator, createOrgMember, type TestUser } from '../support/factories.js';
import { enrolment, ENROLL_MANY, insertJointAction, insertProposal, ISSUE_SESSION, profile, registerSchool, SET_CONSENT, type TestSchool } from '../support/students.js';

/**
 * Item 1 of issue 4: hostile documents and requests are refused with a 4xx status, a contract
 * code and no stack trace; the real queries of the school portal, organisation and coordinator
 * clients (the largest ones they send) are all served under the same limits.
 */
let t: TestApp;
let server: ReturnType<NestExpressApplication['getHttpServer']>;
let coordinator: TestUser;

const CONTRACT_CODES = ['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'TOO_MANY_REQUESTS'];

beforeAll(async () => {
  t = await startTestApp();
  server = t.app.getHttpServer();
  coordinator = await createCoordinator(t);
});
afterAll(() => t?.close());

const postRaw = (body: string, contentType = 'application/json') => request(server).post('/graphql').set('content-type', contentType).send(body);
const post = (body: unknown, headers: Record<string, string> = {}) =>
  request(server).post('/graphql').set('content-type', 'application/json').set(headers).send(JSON.stringify(body));

/** A refusal as the contract wants it: 4xx, JSON, every error with a contract code, nothing of the server's insides. */
function expectRefused(res: request.Response, status?: number): { message: string; extensions: Record<string, unknown> } {
  if (status) expect(res.status).toBe(status);
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(res.headers['content-type']).toMatch(/application\/json/);
  const errors: { message: string; extensions: Record<string, unknown> }[] = res.body.errors;
  expect(errors?.length).toBeGreaterThan(0);
  for (const e of errors) {
    expect(CONTRACT_CODES).toContain(e.extensions?.code);
    expect(e.extensions.stacktrace).toBeUndefined();
  }
  expect(res.text).not.toMatch(/stacktrace|node_modules|\bat \S+ \(|\.[jt]s:\d+:\d+/);
  expect(res.body.data ?? null).toBeNull();
  return errors[0];
}

const nest = (open: string, inner: string, times: number) => open.repeat(times) + inner + '}'.repeat((open.match(/{/g) ?? []).length * times);

describe('hostile requests are refused with 4xx, a contract code and no stack', () => {
  const shapes: [string, () => Promise<request.Response>, { status?: number; message?: RegExp; reason?: string }][] = [
    [
      'a depth-20 cyclic query (event → host → offers → organization → offers ...)',
      () => post({ query: `{ event(id: "00000000-0000-4000-8000-000000000000") { host { ${nest('offers { edges { node { organization { ', 'name', 5)} } } }` }),
      { status: 400, message: /depth limit of 10/ },
    ],
    [
      '1,000 aliased logins',
      // about 45 kB: under the document size limit, far over the token limit
      () => post({ query: `mutation { ${Array.from({ length: 1000 }, (_, i) => `a${i}:login(email:"v@e.jp",password:"g${i}"){token}`).join(' ')} }` }),
      { status: 400, message: /tokens/ },
    ],
    [
      '100 aliased logins through variables (under the token limit: the alias limit)',
      () =>
        post({
          query: `mutation($e: String!, $p: String!) { ${Array.from({ length: 100 }, (_, i) => `a${i}: login(email: $e, password: $p) { token }`).join(' ')} }`,
          variables: { e: 'victim@example.jp', p: 'guess' },
        }),
      { status: 400, message: /Aliases limit of 20/ },
    ],
    ['a huge document (1 MB of fields)', () => post({ query: `{ ${'themes { key } '.repeat(64 * 1024)} }` }), { status: 413, reason: 'QUERY_TOO_LARGE' }],
    ['3 MB of whitespace around a small query (never parsed)', () => post({ query: `${' '.repeat(1_500_000)}{ themes { key } }${'\n'.repeat(1_500_000)}` }), { status: 413, reason: 'QUERY_TOO_LARGE' }],
    ['a batch of 100 operations (a JSON array)', () => post(Array.from({ length: 100 }, () => ({ query: '{ themes { key } }' }))), { status: 400, message: /batching/ }],
    ['a text/plain POST (CSRF)', () => postRaw(JSON.stringify({ query: '{ themes { key } }' }), 'text/plain'), { status: 400, message: /Cross-Site Request Forgery/ }],
    ['a form POST (CSRF)', () => postRaw('query=%7B+themes+%7B+key+%7D+%7D', 'application/x-www-form-urlencoded'), { status: 400, message: /Cross-Site Request Forgery/ }],
    [
      'a mutation by GET',
      () => request(server).get('/graphql').query({ query: 'mutation { requestMatchingRun { id } }' }).set('apollo-require-preflight', 'true'),
      { status: 405, message: /GET requests only support query/ },
    ],
    ['a GET without a preflight header (CSRF)', () => request(server).get('/graphql').query({ query: '{ themes { key } }' }), { status: 400, message: /Cross-Site Request Forgery/ }],
    ['500 directives', () => post({ query: `{ themes { key ${'@include(if: true) '.repeat(500)} } }` }), { status: 400 }],
    ['60 directives (under the token limit: the directive limit)', () => post({ query: `{ themes { key ${'@skip(if: false) '.repeat(60)} } }` }), { status: 400, message: /Directives limit of 50/ }],
    [
      'a cost bomb: events(first: 100) → host → offers(first: 100) → organization → offers(first: 100)',
      () => post({ query: '{ events(first: 100) { edges { node { host { offers(first: 100) { edges { node { organization { offers(first: 100) { edges { node { title } } } } } } } } } } } }' }),
      { status: 400 },
    ],
    [
      'a cost bomb within the depth limit (two aliased copies of 100 × 100 offers with their organisations: 40,602)',
      () => post({ query: `{ ${['a', 'b'].map((k) => `${k}: events(first: 100) { edges { node { host { offers(first: 100) { edges { node { organization { name } } } } } } } }`).join(' ')} }` }),
      { status: 400, message: /cost 40602 exceeds the limit of 25000/, reason: 'QUERY_TOO_COSTLY' },
    ],
    [
      'a cost bomb with its page sizes in variables',
      () =>
        post({
          query: `query($n: Int) { ${['a', 'b'].map((k) => `${k}: events(first: $n) { edges { node { host { offers(first: $n) { edges { node { organization { name } } } } } } } }`).join(' ')} }`,
          variables: { n: 100 },
        }),
      { status: 400, reason: 'QUERY_TOO_COSTLY' },
    ],
    ['a fragment cycle', () => post({ query: '{ themes { ...A } } fragment A on Theme { key ...B } fragment B on Theme { label ...A }' }), { status: 400, message: /Cannot spread fragment/ }],
    [
      'a fragment fan-out (each level spreads the next twice)',
      () =>
        post({
          query:
            '{ organizations(first: 100) { edges { node { ...F0 } } } } ' +
            Array.from({ length: 12 }, (_, i) => {
              const next = i < 11 ? `...F${i + 1}` : 'name';
              return `fragment F${i} on Organization { a: offers(first: 100) { edges { node { organization { ${next} } } } } b: offers(first: 100) { edges { node { organization { ${next} } } } } }`;
            }).join(' '),
        }),
      { status: 400 },
    ],
    [
      'a deeply nested list argument (within the token limit)',
      () => post({ query: `{ events(filter: { platform: ${'['.repeat(900)}TV${']'.repeat(900)} }) { totalCount } }` }),
      { status: 400, reason: 'QUERY_TOO_NESTED' },
    ],
    [
      'deeply nested selections (within the token limit)',
      () => post({ query: `{ ${'themes { '.repeat(900)}key${' }'.repeat(900)} }` }),
      { status: 400, reason: 'QUERY_TOO_NESTED' },
    ],
    [
      'deeply nested variables (a list 100,000 levels deep)',
      () => postRaw(`{"query":"mutation($input: [EnrollStudentInput!]!) { enrollStudents(input: $input) { id } }","variables":{"input":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`),
      { status: 400 },
    ],
    ['a malformed JSON body', () => postRaw('{"query": "{ themes { key } }"'), { status: 400, reason: 'ENTITY_PARSE_FAILED' }],
    ['a JSON body that is not an object', () => postRaw('"{ themes { key } }"'), { status: 400 }],
    ['a body without a query', () => post({ variables: { a: 1 } }), { status: 400 }],
    [
      'an oversized body (over the 16 MB limit)',
      () => postRaw(JSON.stringify({ query: '{ themes { key } }', variables: { pad: 'x'.repeat(17 * 1024 * 1024) } })),
      { status: 413, reason: 'ENTITY_TOO_LARGE' },
    ],
  ];

  it.each(shapes)('%s', async (_name, send, expected) => {
    const error = expectRefused(await send(), expected.status);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    if (expected.message) expect(error.message).toMatch(expected.message);
    if (expected.reason) expect(error.extensions.reason).toBe(expected.reason);
  });

  it('the document size bound is QUERY_MAX_BYTES of the query text: 64 kB passes, one byte more does not, variables do not count', async () => {
    const doc = (bytes: number) => `{ themes { key } }${' '.repeat(bytes - 18)}`;
    expect(Buffer.byteLength(doc(65_536))).toBe(65_536);
    const at = await post({ query: doc(65_536), variables: { pad: 'あ'.repeat(100_000) } });
    expect(at.status).toBe(200);
    expect(at.body.data.themes.length).toBeGreaterThan(0);
    expectRefused(await post({ query: doc(65_537) }), 413);
    // bytes, not characters: 21,846 three-byte characters in a comment are 65,538 bytes
    expectRefused(await post({ query: `{ themes { key } } #${'あ'.repeat(21_846)}` }), 413);
  });

  it('field and enum suggestions ("Did you mean ...") are never shown', async () => {
    const field = await post({ query: '{ evnts { totalCount } }' });
    expect(expectRefused(field, 400).message).toMatch(/Cannot query field "evnts"/);
    expect(field.text).not.toMatch(/Did you mean/);
    expect(field.text).not.toMatch(/"events"/);
    const arg = await post({ query: '{ events(frist: 1) { totalCount } }' });
    expectRefused(arg, 400);
    expect(arg.text).not.toMatch(/Did you mean/);
    const enumValue = await post({ query: 'query($f: EventFilter) { events(filter: $f) { totalCount } }', variables: { f: { platform: 'COMMITTE' } } });
    expectRefused(enumValue, 400);
    expect(enumValue.text).not.toMatch(/Did you mean|COMMITTEE/);
  });

  it('a refused aliased login burst tries no password at all', async () => {
    // the documents above never reached a resolver: the victim's login attempts are untouched
    const res = await t.gql('mutation { login(email: "victim@example.jp", password: "still-a-guess") { token } }');
    expect(res.code).toBe('UNAUTHENTICATED');
  });

  it('introspection is off in production (and so is the IDE); suggestions stay hidden there too', async () => {
    const prod = await createApi({ ...t.config, env: 'production', graphqlIde: false, runMigrations: false });
    try {
      const s = prod.getHttpServer();
      const intro = await request(s).post('/graphql').set('content-type', 'application/json').send({ query: '{ __schema { types { name } } }' });
      expect(expectRefused(intro, 400).message).toMatch(/introspection/i);
      const type = await request(s).post('/graphql').set('content-type', 'application/json').send({ query: '{ __type(name: "Student") { fields { name } } }' });
      expectRefused(type, 400);
      const probe = await request(s).post('/graphql').set('content-type', 'application/json').send({ query: '{ studnts { id } }' });
      expectRefused(probe, 400);
      expect(probe.text).not.toMatch(/Did you mean/);
      const ide = await request(s).get('/graphql').set('accept', 'text/html');
      expect(ide.text).not.toMatch(/graphiql/i);
      // ordinary queries still work in production
      const ok = await request(s).post('/graphql').set('content-type', 'application/json').send({ query: '{ themes { key } }' });
      expect(ok.status).toBe(200);
      expect(ok.body.data.themes.length).toBeGreaterThanOrEqual(16);
    } finally {
      await prod.close();
    }
  });

  it('introspection is on outside production (the IDE needs it) and within the limits', async () => {
    const { getIntrospectionQuery } = await import('graphql');
    const res = await post({ query: getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, specifiedByUrl: true }) });
    expect(res.status).toBe(200);
    expect(res.body.data.__schema.queryType.name).toBe('Query');
  });
});

describe('over graphql-ws (the subscriptions endpoint runs queries too, and anyone may open a socket)', () => {
  /** One operation over a fresh socket: what came back, data or errors. */
  async function overWs(app: NestExpressApplication, query: string): Promise<{ data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] }> {
    if (!app.getHttpServer().listening) await app.listen(0, '127.0.0.1');
    const url = `ws://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/graphql`;
    const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
    try {
      return await new Promise((resolve) => {
        let result: { data?: any; errors?: any[] } = {};
        client.subscribe(
          { query },
          {
            next: (msg) => (result = msg as typeof result),
            error: (err) => resolve({ errors: Array.isArray(err) ? err : [{ message: String((err as Error)?.message ?? err) }] }),
            complete: () => resolve(result),
          },
        );
      });
    } finally {
      await client.dispose();
    }
  }

  it('a depth-20 query, a cost bomb and a suggestion probe are refused with BAD_USER_INPUT; an ordinary query runs', async () => {
    const deep = await overWs(t.app, `{ event(id: "00000000-0000-4000-8000-000000000000") { host { ${nest('offers { edges { node { organization { ', 'name', 5)} } } }`);
    expect(deep.errors?.[0]).toMatchObject({ message: expect.stringMatching(/depth limit of 10/), extensions: { code: 'BAD_USER_INPUT' } });
    const bomb = await overWs(t.app, `{ ${['a', 'b'].map((k) => `${k}: events(first: 100) { edges { node { host { offers(first: 100) { edges { node { organization { name } } } } } } } }`).join(' ')} }`);
    expect(bomb.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COSTLY' } });
    const probe = await overWs(t.app, '{ evnts { totalCount } }');
    expect(probe.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(probe)).not.toMatch(/Did you mean/);
    const nested = await overWs(t.app, `{ ${'themes { '.repeat(900)}key${' }'.repeat(900)} }`);
    expect(nested.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const ok = await overWs(t.app, '{ themes { key } }');
    expect(ok.errors).toBeUndefined();
    expect(ok.data.themes.length).toBeGreaterThanOrEqual(16);
  });

  it('introspection over graphql-ws is off in production too', async () => {
    const prod = await createApi({ ...t.config, env: 'production', graphqlIde: false, runMigrations: false });
    try {
      const intro = await overWs(prod, '{ __schema { types { name } } }');
      expect(intro.errors?.[0]).toMatchObject({ message: expect.stringMatching(/introspection/i), extensions: { code: 'BAD_USER_INPUT' } });
      expect(intro.data).toBeUndefined();
    } finally {
      await prod.close();
    }
  });
});

describe('the real clients are served under the same limits', () => {
  let school: TestSchool;
  let member: TestUser;
  let orgId: string;
  let studentIds: string[];

  // the largest queries each client sends, as they send them
  const LONG = '地域の避難所がどこにあるのか、友だちや家族があまり知らないことが気になっています。'.repeat(50).slice(0, 2000);
  const MY_ORGANIZATION = `{ myOrganization { id name verified offers(first: 100) { totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id title description themes capacity remainingCapacity stages area mode slots status createdAt publishedAt closedAt } } } } }`;
  const CREATE_OFFER = `mutation($input: CreateOfferInput!) { createOffer(input: $input) { id title status remainingCapacity organization { id name } } }`;
  const MY_JOINT_ACTIONS = `{ myJointActions { id title summary themes participants { displayName stage } event { title startsAt } offer { title } } }`;
  const PROPOSALS = `{ proposals(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status score createdAt
    plan { title summary themes } offer { id title remainingCapacity organization { name } }
    participants { score reasons student { id displayName stage school { name } profile { themes concerns interests } } }
    jointAction { id } } } } }`;
  const REQUEST_RUN = `mutation { requestMatchingRun { id status } }`;
  const APPROVE = `mutation($id: ID!) { approveProposal(id: $id, note: "学校とも相談済み") { id status decidedAt jointAction { id event { id title } participants { displayName } invitations { status student { displayName } } } } }`;

  beforeAll(async () => {
    school = await registerSchool(t);
    ({ user: member, org: { id: orgId } } = await createOrgMember(t));
  });

  it('the school portal: a roster of 1000 students with full texts (about 12 MB) in one enrollStudents', async () => {
    const input = Array.from({ length: 1000 }, (_, i) =>
      enrolment(`R-${String(i).padStart(4, '0')}`, { displayName: `生徒 ${i}`, profile: profile({ concerns: LONG, interests: LONG }) }),
    );
    const body = JSON.stringify({ query: ENROLL_MANY, variables: { input } });
    expect(Buffer.byteLength(body)).toBeGreaterThan(11 * 1024 * 1024);
    const res = await request(server).post('/graphql').set('content-type', 'application/json').set('x-api-key', school.apiKey).send(body);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.enrollStudents).toHaveLength(1000);
    studentIds = res.body.data.enrollStudents.map((s: { id: string }) => s.id);
  }, 120_000);

  it('the school portal: setGuardianConsent and issueStudentSession', async () => {
    const consent = await t.gql(SET_CONSENT, { ref: 'R-0001', consent: false }, { apiKey: school.apiKey });
    expect(consent.errors).toBeUndefined();
    expect(consent.data.setGuardianConsent).toMatchObject({ guardianConsent: false, matchable: false });
    const session = await t.gql(ISSUE_SESSION, { ref: 'R-0002' }, { apiKey: school.apiKey });
    expect(session.errors).toBeUndefined();
    const mine = await t.gql('{ myStudent { id displayName profile { themes concerns } } }', {}, { token: session.data.issueStudentSession.token });
    expect(mine.data.myStudent.displayName).toBe('生徒 2');
  });

  it('the organisation: createOffer, myOrganization with its offers, myJointActions with participants and event', async () => {
    const created = await t.gql(
      CREATE_OFFER,
      {
        input: {
          title: '防災マップを一緒につくろう',
          description: LONG,
          themes: ['disaster', 'community', 'elderly'],
          capacity: 10,
          stages: ['JUNIOR_HIGH', 'HIGH_SCHOOL', 'UNIVERSITY'],
          area: '中央',
          mode: 'HYBRID',
          slots: ['WEEKEND_AFTERNOON', 'WEEKDAY_AFTER_SCHOOL'],
        },
      },
      { token: member.token },
    );
    expect(created.errors).toBeUndefined();
    const org = await t.gql(MY_ORGANIZATION, {}, { token: member.token });
    expect(org.errors).toBeUndefined();
    expect(org.data.myOrganization.offers.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(created.data.createOffer.id);

    await insertJointAction(t, studentIds.slice(10, 15).map((id) => ({ id })), orgId);
    const actions = await t.gql(MY_JOINT_ACTIONS, {}, { token: member.token });
    expect(actions.errors).toBeUndefined();
    expect(actions.data.myJointActions).toHaveLength(1);
    expect(actions.data.myJointActions[0].participants).toHaveLength(5);
  });

  it('the coordinator: proposals(first: 100) with participants, students, reasons and plan; requestMatchingRun; approveProposal', async () => {
    const proposals = [];
    for (let i = 0; i < 30; i++) proposals.push(await insertProposal(t, studentIds.slice(100 + i * 5, 105 + i * 5).map((id) => ({ id, reasons: ['テーマ「防災」が共通', '週末の午後が合う'] }))));
    const list = await t.gql(PROPOSALS, {}, { token: coordinator.token });
    expect(list.status).toBe(200);
    expect(list.errors).toBeUndefined();
    expect(list.data.proposals.edges.length).toBeGreaterThanOrEqual(30);
    expect(list.data.proposals.edges[0].node.participants[0].student.profile.concerns).toBe(LONG);

    const run = await t.gql(REQUEST_RUN, {}, { token: coordinator.token });
    expect(run.errors).toBeUndefined();
    expect(run.data.requestMatchingRun.status).toBe('QUEUED');

    const approved = await t.gql(APPROVE, { id: proposals[0].proposalId }, { token: coordinator.token });
    expect(approved.errors).toBeUndefined();
    expect(approved.data.approveProposal.status).toBe('APPROVED');
    // the five are invited (they become participants as they accept)
    expect(approved.data.approveProposal.jointAction.invitations).toHaveLength(5);
  });

  it('their cost sits well below QUERY_MAX_COST (the limits leave room for the real clients)', () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const cost = (query: string, variables?: Record<string, unknown>) => {
      const doc = parse(query);
      const operation = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
      const fragments = Object.fromEntries(doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
      return operationCost({ schema, operation, fragments, variables });
    };
    const roster = Array.from({ length: 1000 }, (_, i) => enrolment(`X-${i}`));
    const costs = {
      roster: cost(ENROLL_MANY, { input: roster }),
      myOrganization: cost(MY_ORGANIZATION),
      myJointActions: cost(MY_JOINT_ACTIONS),
      proposals: cost(PROPOSALS),
      approve: cost(APPROVE),
      trivial: cost('{ __typename }'),
      login: cost('mutation { login(email: "a@b.jp", password: "x") { token user { id } } }'),
    };
    expect(costs.trivial).toBe(0);
    expect(costs.proposals).toBeGreaterThan(4000);
    for (const c of Object.values(costs)) expect(c).toBeLessThanOrEqual(t.config.limits.maxCost / 2);
  });
});
