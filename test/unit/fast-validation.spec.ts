import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { codePointsAtMost } from '../../src/common/validation/text.js';
import { passesRules, toInstance } from '../../src/common/validation/index.js';
import { EnrollStudentInput, StudentProfileInput } from '../../src/students/student.inputs.js';
import * as eventInputs from '../../src/graph/event.inputs.js';
import * as matchingInputs from '../../src/matching/matching.inputs.js';
import * as preparednessInputs from '../../src/preparedness/preparedness.inputs.js';
import * as tvInputs from '../../src/tv/tv.inputs.js';

// The roster pipe's shortcut (fast-instance.ts, fast-check.ts) must be plainToInstance and
// class-validator exactly: the same instance, and "passes" only where validate finds nothing and
// strips nothing. Checked here on hand-picked and on generated values against the libraries.

const OPTIONS = { whitelist: true, forbidUnknownValues: false };
const YOSHI = '\u{20BB7}';

/** A small seeded generator, so that a failure can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)];
/** mostly a valid value, sometimes a wrong one: rows with one or two faults, and valid rows */
const either = <T, U>(r: () => number, good: readonly T[], bad: readonly U[]): T | U => (r() < 0.9 ? pick(r, good) : pick(r, bad));
const ODD = [undefined, null, 7, true, {}, [], 'text', Object.create(null) as object];

function profile(r: () => number): unknown {
  const p: Record<string, unknown> = {
    themes: either(r, [[], ['welfare'], ['welfare', 'disaster'], ['x'.repeat(40)]], [['welfare', 'welfare'], ['x'.repeat(41)], Array.from({ length: 17 }, (_, i) => `t${i}`), [7], 'welfare']),
    concerns: either(r, ['地域の高齢者が孤立しています。', '   ', 'a'.repeat(2000), YOSHI.repeat(2000), 'line\nbreak\ttab'], ['a'.repeat(2001), `${YOSHI.repeat(1999)}ab`, 'nul\u0000', ...ODD]),
    interests: either(r, ['得意なこと', ` ${'b'.repeat(2000)} `], [YOSHI.repeat(2001), '\u0007', 3]),
    area: either(r, ['田主丸', '   ', null, undefined, 'x'.repeat(100)], ['x'.repeat(101), 5, 'a\nb']),
    slots: either(r, [['WEEKDAY_EVENING'], [], ['WEEKDAY_EVENING', 'WEEKDAY_DAYTIME']], [['WEEKDAY_EVENING', 'WEEKDAY_EVENING'], ['NOPE'], null]),
    modes: either(r, [['ONLINE', 'ONSITE'], [], ['HYBRID']], [['HYBRID', 'HYBRID'], ['ONLINE', 3], 'ONLINE']),
  };
  if (r() < 0.05) delete p[pick(r, Object.keys(p))];
  if (r() < 0.03) p.extra = 'stripped';
  if (r() < 0.02) p['toString'] = 'a method of Object';
  return p;
}

function row(r: () => number): Record<string, unknown> {
  const v: Record<string, unknown> = {
    externalRef: either(r, ['KB-2026-0001', 'a.b_c:d-1', 'x'.repeat(100)], ['with space', '', 'x'.repeat(101), 'メール@example.jp', 12]),
    displayName: either(r, ['山田 太郎', '  前後に空白  ', 'x'.repeat(100), YOSHI.repeat(100), 'a\tb'], ['', '   ', 'a\nb', 'x'.repeat(101), YOSHI.repeat(101), '\u0007', ...ODD]),
    stage: either(r, ['HIGH_SCHOOL', 'JUNIOR_HIGH', 'UNIVERSITY'], ['NURSERY', 3]),
    guardianConsent: either(r, [true, false], ['true', null]),
    profile: either(r, [0, 1, 2, null, undefined], ['not an object', 7, []]),
  };
  if (typeof v.profile === 'number') v.profile = profile(r);
  else if (Array.isArray(v.profile)) v.profile = [profile(r)];
  if (r() < 0.05) delete v[pick(r, Object.keys(v))];
  if (r() < 0.03) v.unknown = 1;
  if (r() < 0.02) v['constructor'] = 'ignored by plainToInstance';
  return v;
}

async function agree(cls: new () => object, value: unknown): Promise<boolean> {
  const fast = toInstance(cls, value);
  const slow = plainToInstance(cls, value);
  expect(fast).toStrictEqual(slow);
  const passes = passesRules(fast as object);
  if (slow === null || typeof slow !== 'object') {
    expect(passes).toBe(false);
    return passes;
  }
  const errors = await validate(slow, OPTIONS);
  if (passes) {
    expect(errors).toEqual([]);
    expect(slow).toStrictEqual(fast); // validate stripped nothing
  }
  return passes;
}

describe('toInstance and passesRules agree with plainToInstance and validate', () => {
  const valid = {
    externalRef: 'KB-2026-0001',
    displayName: '  山田 太郎 ',
    stage: 'HIGH_SCHOOL',
    guardianConsent: true,
    profile: { themes: ['welfare'], concerns: ' 悩み ', interests: '得意', area: '  ', slots: ['WEEKDAY_EVENING'], modes: ['ONLINE'] },
  };

  it('makes the same instance: trimmed, nested as its class, a blank area null', () => {
    const made = toInstance(EnrollStudentInput, valid);
    expect(made).toBeInstanceOf(EnrollStudentInput);
    expect(made.profile).toBeInstanceOf(StudentProfileInput);
    expect(made.displayName).toBe('山田 太郎');
    expect(made.profile!.area).toBeNull();
    expect(made).toStrictEqual(plainToInstance(EnrollStudentInput, valid));
  });

  it('passes a valid row, with or without a profile, and only then', async () => {
    expect(await agree(EnrollStudentInput, valid)).toBe(true);
    expect(await agree(EnrollStudentInput, { ...valid, profile: null })).toBe(true);
    expect(await agree(EnrollStudentInput, { ...valid, profile: undefined })).toBe(true);
    expect(await agree(EnrollStudentInput, { ...valid, displayName: '   ' })).toBe(false);
    expect(await agree(EnrollStudentInput, { ...valid, extra: 1 })).toBe(false);
    expect(await agree(EnrollStudentInput, { ...valid, profile: { ...valid.profile, themes: ['a', 'a'] } })).toBe(false);
    expect(await agree(EnrollStudentInput, { ...valid, profile: { ...valid.profile, concerns: YOSHI.repeat(2000) } })).toBe(true);
    expect(await agree(EnrollStudentInput, { ...valid, profile: { ...valid.profile, concerns: YOSHI.repeat(2001) } })).toBe(false);
  });

  it('agrees on 3,000 generated rows, valid and not', async () => {
    const r = rng(15);
    let passed = 0;
    for (let i = 0; i < 3000; i++) if (await agree(EnrollStudentInput, row(r))) passed++;
    // both kinds were generated: the shortcut was taken and declined
    expect(passed).toBeGreaterThan(30);
    expect(passed).toBeLessThan(2900);
  });

  it('agrees on odd values and on other modules’ input classes', async () => {
    const classes = [...Object.values(eventInputs), ...Object.values(matchingInputs), ...Object.values(preparednessInputs), ...Object.values(tvInputs)].filter(
      (c): c is new () => object => typeof c === 'function' && /^[A-Z]/.test(c.name),
    );
    expect(classes.length).toBeGreaterThan(5);
    const r = rng(7);
    for (const cls of classes) {
      for (const odd of [...ODD, { a: 1 }, { toString: 'x' }, [{}], row(r), profile(r)]) await agree(cls, odd);
    }
  });
});

describe('codePointsAtMost is [...text].length <= max', () => {
  it.each([
    ['', 0],
    ['abc', 2],
    ['abc', 3],
    [YOSHI.repeat(3), 3],
    [YOSHI.repeat(3), 5],
    [`${YOSHI}a`, 2],
    ['\uD800a', 2],
    ['a\uDC00', 1],
    ['\uD800', 0],
    [`${YOSHI}\uD800`, 2],
  ] as const)('%j at most %i', (text, max) => expect(codePointsAtMost(text, max)).toBe([...text].length <= max));
});
