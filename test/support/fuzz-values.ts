/**
 * Generated arguments for the fuzzer (fuzz-mutations.spec.ts): for any GraphQL input type, valid
 * values (ids from the world's pools, its theme keys and accounts) and hostile ones (control
 * characters, emoji, 10,000 characters, SQL-ish text, wrong types, invalid enums, nulls where not
 * allowed, invalid UUIDs, huge ints and arrays, unknown theme keys, dates out of range).
 */
import fc from 'fast-check';
import { isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, type GraphQLArgument, type GraphQLInputType } from 'graphql';
import { PLAN_KEYS } from '../../src/preparedness/preparedness.enums.js';
import { DEFAULT_PASSWORD } from './factories.js';
import { fz, REFS } from './fuzz-world.js';

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
  if (name === 'hostOrganizationId' || name === 'organizationId') return fz.pools.organization;
  if (name === 'eventId') {
    if (['addAgendaItem', 'setMinutes', 'addPerspective'].includes(op)) return fz.pools.meeting;
    if (['setReplay', 'postComment'].includes(op)) return fz.pools.episode;
    if (op === 'feature') return [...fz.pools.meeting, ...fz.pools.event];
    return fz.pools.event;
  }
  if (name === 'perspectiveId') return fz.pools.perspective;
  if (name === 'offerId') return op === 'setOfferInterest' ? fz.pools.interestable : fz.pools.offer;
  if (name === 'needId') return op === 'removeSupportNeed' ? fz.pools.removable : fz.pools.need;
  if (name === 'disasterId') return fz.pools.disaster;
  if (name === 'programId') return fz.pools.program;
  if (name === 'episodeId') return fz.pools.episode;
  if (name === 'scenarioId') return fz.pools.scenario;
  if (name === 'pairingId') return fz.pools.pairing.slice(2);
  if (name === 'jointActionId') return fz.pools.jointAction.length ? fz.pools.jointAction : fz.pools.perspective;
  if (name === 'sessionEventIds' || name === 'drillEventId') return fz.pools.event;
  if (name === 'schoolId') return fz.pools.school;
  if (name === 'studentId') return fz.pools.student;
  if (name === 'id') {
    if (op === 'publishOffer' || op === 'closeOffer') return fz.pools.offer;
    if (op === 'approveProposal') return fz.pools.toApprove;
    if (op === 'rejectProposal') return fz.pools.toReject;
    if (op === 'verifyOrganization') return fz.pools.organization;
    if (op === 'markNotificationRead') return fz.pools.notification;
    if (op === 'approveSupportPairing' || op === 'rejectSupportPairing') return fz.pools.pairing;
    if (op === 'hideComment') return fz.pools.comment;
    if (op === 'setSupportNeedConsent') return fz.pools.need;
    if (op === 'withdrawSupportPledge') return fz.pools.pledge;
    if (op === 'endDisaster') return fz.pools.endable;
  }
  return [...fz.pools.offer, ...fz.pools.event, ...fz.pools.organization];
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
      return fc.oneof({ weight: op === 'login' ? 3 : 1, arbitrary: fc.constant(fz.resident.email) }, { weight: 1, arbitrary: fc.uuid().map((u) => `fuzz-${u.slice(0, 12)}@example.jp`) });
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
      return fc.constantFrom(...fz.themeKeys);
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
        valid: fc.subarray(fz.themeKeys, { minLength: 1, maxLength: 4 }),
        hostile: fc.oneof(
          fc.constant([]),
          fc.array(fc.constantFrom('unknown', 'disaster', 'Disaster', 'disaster '), { minLength: 1, maxLength: 4 }),
          fc.constant(['disaster', 'disaster']),
          fc.constant(fz.themeKeys.concat(fz.themeKeys.slice(0, 2))),
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
export function argsArb(op: string, args: readonly GraphQLArgument[]): fc.Arbitrary<Record<string, unknown>> {
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
