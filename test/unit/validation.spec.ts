import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsString, validateSync } from 'class-validator';
import { MaxChars, PlainText, Trim, trimText } from '../../src/common/validation/index.js';

const YOSHI = '\u{20BB7}'; // 𠮷: one code point (one char_length), two UTF-16 units

class Sample {
  @Trim() @IsString() @MaxChars(3) @PlainText() name: string;
}
const errorsOf = (name: unknown) => validateSync(plainToInstance(Sample, { name })).map((e) => e.property);

describe('MaxChars counts code points, as char_length does', () => {
  it('accepts a supplementary-plane text at the limit and refuses one more', () => {
    expect(YOSHI.repeat(3).length).toBe(6);
    expect(errorsOf(YOSHI.repeat(3))).toEqual([]);
    expect(errorsOf(YOSHI.repeat(4))).toEqual(['name']);
  });
  it('counts after trimming', () => expect(errorsOf(`  ${YOSHI}あa  `)).toEqual([]));
  it('refuses what is not a string', () => expect(errorsOf(12)).toContain('name'));
});

describe('PlainText', () => {
  it('refuses control characters and, on one line, line breaks', () => {
    expect(errorsOf('a\u0000b')).toEqual(['name']);
    expect(errorsOf('a\nb')).toEqual(['name']);
  });
});

describe('Trim', () => {
  it.each([
    ['  a  ', {}, 'a'],
    ['   ', {}, ''],
    ['   ', { blank: 'undefined' }, undefined],
    ['   ', { blank: 'null' }, null],
    [' ＡＢ１ ', { nfkc: true }, 'AB1'],
    [' ＡＢ１ ', {}, 'ＡＢ１'],
    [' Hanako@Example.JP ', { lowerCase: true }, 'hanako@example.jp'],
    [7, { blank: 'null' }, 7],
  ] as const)('%p with %p is %p', (value, opts, expected) => expect(trimText(value, opts)).toBe(expected));

  it('trims each string of an array', () => {
    class List {
      @Trim({ nfkc: true, each: true }) areas: unknown;
    }
    expect(plainToInstance(List, { areas: [' 東町 ', 3] }).areas).toEqual(['東町', 3]);
    expect(plainToInstance(List, { areas: ' 東町 ' }).areas).toBe(' 東町 ');
  });
});
