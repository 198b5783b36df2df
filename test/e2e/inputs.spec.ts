import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { chromium } from 'playwright-core';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app.js';
import { createCoordinator, createEvent, type TestUser } from '../support/factories.js';
import { literal } from '../support/schema-walk.js';
import { Platform } from '../../src/graph/graph.enums.js';

/**
 * Malformed input, generated from the schema ("Minors first": a malformed ID or cursor is
 * BAD_USER_INPUT or NOT_FOUND, never INTERNAL_SERVER_ERROR; every XML the service serves is
 * well-formed whatever the texts hold). Every ID argument and every ID field of an input object of
 * every query and mutation is sent malformed, as a literal and as a variable; every list's `after`
 * gets malformed cursors. The ID scalar and the page arguments check them once, for every field,
 * before any resolver runs.
 */
let t: TestApp;
let schema: GraphQLSchema;
let coordinator: TestUser;
beforeAll(async () => {
  t = await startTestApp();
  schema = t.app.get(GraphQLSchemaHost).schema;
  coordinator = await createCoordinator(t);
});
afterAll(() => t?.close());

const UUID = '7f0c2a52-3c1e-4e55-9d1c-1a2b3c4d5e6f';
const BAD_IDS = ['nope', '1', `${UUID.slice(0, -1)}g`, ` ${UUID}`, `${UUID}\u0000`, `${UUID}${UUID}`, 'ｆ'.repeat(36), "'; DROP TABLE event; --"];
const cursor = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const BAD_CURSORS = ['!!!', '%', cursor({ a: 1 }), cursor([]), cursor([1, 2, 3, 4, 5]), cursor(['\u0000']), cursor([{}]), 'x'.repeat(501), cursor(['2026-13-45T99:99:99Z', 'nope'])];

/** A valid value of an input type (required fields only), for the arguments that are not under test. */
function valid(type: GraphQLInputType): unknown {
  const t = isNonNullType(type) ? type.ofType : type;
  if (isListType(t)) return [valid(t.ofType)];
  if (isEnumType(t)) return t.getValues()[0].value;
  if (isInputObjectType(t)) return Object.fromEntries(Object.values(t.getFields()).filter((f) => isNonNullType(f.type)).map((f) => [f.name, valid(f.type)]));
  switch (getNamedType(t).name) {
    case 'ID':
      return UUID;
    case 'Int':
      return 1;
    case 'Float':
      return 0.5;
    case 'Boolean':
      return true;
    case 'DateTime':
      return new Date(Date.now() + 86400_000).toISOString();
    default:
      return 'テスト';
  }
}

/** Every place an ID goes into a field: the argument, and the path inside an input object (or '' at its top). */
function idSlots(arg: GraphQLArgument): string[][] {
  const out: string[][] = [];
  const visit = (type: GraphQLInputType, path: string[], depth: number) => {
    const named = getNamedType(type);
    if (named.name === 'ID') out.push(path);
    else if (isInputObjectType(named) && depth < 3) for (const f of Object.values(named.getFields())) visit(f.type, [...path, f.name], depth + 1);
  };
  visit(arg.type, [], 0);
  return out;
}

const setAt = (value: unknown, path: string[], leaf: unknown, type: GraphQLInputType): unknown => {
  if (!path.length) return isListType(isNonNullType(type) ? type.ofType : type) ? [leaf] : leaf;
  const named = getNamedType(type);
  const base = (value ?? {}) as Record<string, unknown>;
  const field = isInputObjectType(named) ? named.getFields()[path[0]] : undefined;
  const inner = isListType(isNonNullType(type) ? type.ofType : type) ? (base as unknown as unknown[])[0] : base;
  const next = { ...(inner as Record<string, unknown>), [path[0]]: setAt((inner as Record<string, unknown>)?.[path[0]], path.slice(1), leaf, field!.type) };
  return isListType(isNonNullType(type) ? type.ofType : type) ? [next] : next;
};

const selection = (f: GraphQLField<unknown, unknown>) => (isLeafType(getNamedType(f.type)) ? '' : ' { __typename }');

function operations(): { name: string; op: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> }[] {
  const out: { name: string; op: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> }[] = [];
  for (const [op, root] of [['query', schema.getQueryType()!], ['mutation', schema.getMutationType()!]] as const) {
    for (const f of Object.values(root.getFields())) out.push({ name: `${op} ${f.name}`, op, field: f });
  }
  return out;
}

describe('malformed IDs, generated from the schema', () => {
  it('every ID argument and input field: BAD_USER_INPUT naming it, as a literal and as a variable, never a 5xx, nothing written', async () => {
    const before = (await t.db.query('SELECT (SELECT count(*) FROM event) + (SELECT count(*) FROM app_user) + (SELECT count(*) FROM offer) AS n'))[0].n;
    const wrong: string[] = [];
    let sent = 0;
    for (const { name, op, field } of operations()) {
      for (const arg of field.args) {
        for (const slot of idSlots(arg)) {
          const others = field.args.filter((a) => a !== arg && isNonNullType(a.type));
          for (const bad of BAD_IDS) {
            const value = setAt(valid(arg.type), slot, bad, arg.type);
            const rest = others.map((a) => `${a.name}: ${literal(valid(a.type), a.type)}`);
            const asLiteral = `${op} { ${field.name}(${[`${arg.name}: ${literal(value, arg.type)}`, ...rest].join(', ')})${selection(field)} }`;
            const asVariable = `${op}($v: ${arg.type.toString()}) { ${field.name}(${[`${arg.name}: $v`, ...rest].join(', ')})${selection(field)} }`;
            for (const [how, res] of [
              ['literal', await t.gql(asLiteral, {}, { token: coordinator.token })],
              ['variable', await t.gql(asVariable, { v: value }, { token: coordinator.token })],
            ] as const) {
              sent++;
              if (res.status >= 500 || res.code !== 'BAD_USER_INPUT') wrong.push(`${name}(${[arg.name, ...slot].join('.')}) ${how} ${JSON.stringify(bad)}: ${res.status} ${res.code}`);
            }
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(sent).toBeGreaterThan(400);
    expect((await t.db.query('SELECT (SELECT count(*) FROM event) + (SELECT count(*) FROM app_user) + (SELECT count(*) FROM offer) AS n'))[0].n).toBe(before);
  });

  it("names the argument at fault: episodeReach's eventId (found answering INTERNAL_SERVER_ERROR)", async () => {
    const res = await t.gql(`{ episodeReach(eventId: "not-an-id") { eventId } }`, {}, { token: coordinator.token });
    expect(res.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(/UUID/);
    const byVariable = await t.gql(`query($id: ID!) { episodeReach(eventId: $id) { eventId } }`, { id: '12' }, { token: coordinator.token });
    expect(byVariable.code).toBe('BAD_USER_INPUT');
    expect(byVariable.errors![0].message).toMatch(/\$id/);
    // a well-formed id of nothing is NOT_FOUND, as before
    expect((await t.gql(`{ episodeReach(eventId: "${UUID}") { eventId } }`, {}, { token: coordinator.token })).code).toBe('NOT_FOUND');
    // and ids in capitals are the same ids
    const event = await createEvent(t, { platform: Platform.COMMITTEE });
    expect((await t.gql(`{ event(id: "${event.id.toUpperCase()}") { id } }`)).data.event.id).toBe(event.id);
  });

  it('every list\'s after: a malformed cursor is BAD_USER_INPUT (or NOT_FOUND), never a 5xx', async () => {
    const wrong: string[] = [];
    let lists = 0;
    for (const { name, op, field } of operations()) {
      const after = field.args.find((a) => a.name === 'after');
      if (!after || op !== 'query') continue;
      lists++;
      const rest = field.args.filter((a) => a !== after && isNonNullType(a.type)).map((a) => `${a.name}: ${literal(valid(a.type), a.type)}`);
      for (const bad of BAD_CURSORS) {
        const res = await t.gql(`query($c: String) { ${field.name}(${['after: $c', ...rest].join(', ')})${selection(field)} }`, { c: bad }, { token: coordinator.token });
        // NOT_FOUND too (the contract allows it): a list of something that does not exist can say so first
        if (res.status >= 500 || !['BAD_USER_INPUT', 'NOT_FOUND'].includes(res.code!)) wrong.push(`${name} ${JSON.stringify(bad.slice(0, 30))}: ${res.status} ${res.code}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(lists).toBeGreaterThanOrEqual(8);
  });
});

const CHROMIUM = '/usr/bin/chromium';
const describeIfChromium = existsSync(CHROMIUM) ? describe : describe.skip;

describeIfChromium('XML the service serves', () => {
  it('map.svg and episodes.rss are well-formed XML (parsed by Chromium) whatever the titles hold: non-characters, lone surrogates, controls', async () => {
    const HOSTILE = '見守り\uFFFE\uFFFFの\u0001会\u0008「<&>」\'"\uD83D🙂';
    const meeting = await createEvent(t, { platform: Platform.COMMITTEE, title: `新地福委員会 ${HOSTILE}` });
    await t.db.query(`INSERT INTO perspective (event_id, author_id, text, themes) VALUES ($1, $2, $3, '{community}')`, [meeting.id, coordinator.id, `声かけ${HOSTILE}`]);
    const [program] = await t.db.query(`INSERT INTO tv_program (title, description) VALUES ('地福TV', '') RETURNING id`);
    const episode = await createEvent(t, { platform: Platform.TV, title: `第1回 ${HOSTILE}` });
    await t.db.query('INSERT INTO tv_episode (event_id, program_id) VALUES ($1, $2)', [episode.id, program.id]);
    const svg = await request(t.app.getHttpServer()).get(`/committee/meetings/${meeting.id}/map.svg`).buffer(true);
    const rss = await request(t.app.getHttpServer()).get('/tv/episodes.rss').buffer(true);
    expect([svg.status, rss.status]).toEqual([200, 200]);
    const texts = { svg: svg.text || (svg.body as Buffer).toString('utf8'), rss: rss.text || (rss.body as Buffer).toString('utf8') };
    expect(texts.svg).toContain('見守りの会');
    expect(texts.rss).toContain('見守りの会');

    const profile = mkdtempSync(join(tmpdir(), 'xml-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const parse = (xml: string, mime: string) =>
        page.evaluate(`(() => { const d = new DOMParser().parseFromString(${JSON.stringify(xml)}, ${JSON.stringify(mime)});
          const e = d.getElementsByTagName('parsererror')[0]; return e ? e.textContent : d.documentElement.nodeName; })()`);
      expect(await parse(texts.svg, 'image/svg+xml')).toBe('svg');
      expect(await parse(texts.rss, 'application/xml')).toBe('rss');
      // the check can fail: the same picture with a raw U+FFFE is refused
      expect(await parse(texts.svg.replace('見守りの会', '見守り\uFFFEの会'), 'image/svg+xml')).not.toBe('svg');
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }, 60_000);
});
