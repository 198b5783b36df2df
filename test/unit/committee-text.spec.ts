import { keywords } from '../../src/committee/map/aggregate.js';
import { contentTerms, morphemes } from '../../src/lib/text/content-words.js';
import { NO_LINE_END, NO_LINE_START, unbreakableUnits, wrapJapanese } from '../../src/lib/text/line-break.js';
import { COMMITTEE_AGENDA, COMMITTEE_MINUTES, COMMITTEE_PERSPECTIVES } from '../../src/demo/committee-demo.js';

/**
 * Keywords and line breaks on real meeting texts: the demo meeting's 16 perspectives, its agenda and
 * the lines of its minutes, written the way committee members and the secretariat write.
 */
const PERSPECTIVES = COMMITTEE_PERSPECTIVES.map((p) => p.text);
const MINUTES = COMMITTEE_MINUTES.split('\n').map((l) => l.replace(/^[・\d.\s]+/u, '').trim()).filter((l) => l.length > 8);

/** Grammar, not content: what a segmenter alone returned as keywords (issue 12) and their kin. */
const FRAGMENTS = ['では', 'ほうが', 'ほう', 'かけ', '入り', 'こと', 'ため', 'よう', 'もの', 'ところ', 'について', 'ように', 'している', 'できる', 'ほしい', 'です', 'ます', 'たい', 'なる', 'いる', 'ある', 'という', 'から', 'まで', 'ので', 'けど', 'そう', 'あって', 'つくり', '思う'];

describe('content words (Lindera, IPADIC parts of speech)', () => {
  it('keeps nouns and their compounds, and none of the grammar around them', () => {
    const terms = contentTerms('では、気軽に入りやすいほうがいいので、呼びかけを続けたい。');
    expect(terms.map((t) => t.term)).toEqual(['呼びかけ']);
    const words = contentTerms('子ども食堂と高齢者サロンを同じ日に同じ場所で開けば、自然と多世代が交わる。').map((t) => t.term);
    expect(words).toEqual(expect.arrayContaining(['子ども食堂', '子ども', '食堂', '高齢者サロン', '場所', '多世代']));
    expect(words).not.toContain('高齢'); // bound to 者: only the compound
    expect(words).not.toContain('自然'); // too general to be a keyword
  });

  it('takes loanwords the dictionary does not know as one word, and nouns made from verbs', () => {
    const terms = contentTerms('開いている日や混み具合をスマホで見られるように、LINEやSNSで呼びかける。見守りの名簿をつくる。').map((t) => t.term);
    expect(terms).toEqual(expect.arrayContaining(['スマホ', 'LINE', 'SNS', '混み具合', '見守り', '名簿']));
    expect(terms).not.toContain('スマ');
    // a verb before an auxiliary stays a verb
    expect(contentTerms('集まりやすい場所').map((t) => t.term)).toEqual(['場所']);
  });

  it('on every perspective, agenda item and line of the minutes, yields no fragment', () => {
    for (const text of [...PERSPECTIVES, ...COMMITTEE_AGENDA, ...MINUTES]) {
      for (const t of contentTerms(text)) {
        expect(FRAGMENTS).not.toContain(t.term);
        // content words start with a kanji, katakana, a letter or a hiragana noun of 3 or more (ひとり暮らし, まちづくり)
        expect(/^[\p{Script=Han}\p{Script=Katakana}A-Za-z0-9０-９]/u.test(t.term) || [...t.term].length >= 3).toBe(true);
        expect(text.normalize('NFKC')).toContain(t.term);
      }
    }
  });
});

describe('keywords of a meeting', () => {
  it("are the meeting's subjects, counted by the perspectives they occur in", () => {
    const k = keywords(PERSPECTIVES);
    const terms = k.map((x) => x.term);
    expect(terms.slice(0, 3)).toContain('居場所');
    expect(terms).toEqual(expect.arrayContaining(['居場所', '高齢者', '回覧板', 'サロン', 'スマホ']));
    expect(k.find((x) => x.term === '居場所')!.count).toBe(PERSPECTIVES.filter((t) => t.includes('居場所')).length);
    for (const t of terms) expect(FRAGMENTS).not.toContain(t);
    // 16 texts: a keyword occurs in at least two of them
    for (const x of k) expect(x.count).toBeGreaterThanOrEqual(2);
  });

  it('of the minutes too, without the grammar of its long sentences', () => {
    const terms = keywords(MINUTES).map((x) => x.term);
    expect(terms).toEqual(expect.arrayContaining(['居場所', '校区']));
    for (const t of terms) expect(FRAGMENTS).not.toContain(t);
  });
});

describe('Japanese line breaking (禁則処理)', () => {
  const width = (s: string) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) < 0x2000 ? 0.5 : 1), 0);
  const texts = [...PERSPECTIVES, ...MINUTES, 'まとまりを越えて賛同した視点は「子どもから高齢者まで、用事がなくても立ち寄れる場所が、校区に少なくとも一つはほしい。」です。'];

  it.each([8, 13, 17, 24, 31])('at %i characters a line: no line starts with 。、」 or a small kana, none ends with 「, and nothing is lost', (n) => {
    for (const text of texts) {
      const lines = wrapJapanese(text, n, width);
      expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/\s+/gu, ''));
      lines.forEach((line, i) => {
        if (i > 0) expect(NO_LINE_START.has([...line][0])).toBe(false);
        if (i < lines.length - 1) expect(NO_LINE_END.has([...line].pop()!)).toBe(false);
        expect(width(line)).toBeLessThanOrEqual(n);
      });
    }
  });

  it('keeps words and their endings together: never 「す。」 at the start of a line', () => {
    for (const text of texts.filter((t) => !/\s/u.test(t))) {
      const longest = Math.max(...unbreakableUnits(text).map(width));
      // the part of speech of the word at each offset of the text
      const posAt = new Map<number, string>();
      let offset = 0;
      for (const m of morphemes(text)) posAt.set(offset, m.partOfSpeech), (offset += m.surface.length);
      for (let n = 6; n < 40; n++) {
        let start = 0;
        for (const [i, line] of wrapJapanese(text, n, width).entries()) {
          // where every phrase fits on a line, no line starts with a particle, an auxiliary or a word's tail
          if (i > 0 && n >= longest) {
            expect(line).not.toMatch(/^(す|ます|です|い|た|る)[。、]/u);
            expect(['助詞', '助動詞']).not.toContain(posAt.get(start));
          }
          start += line.length;
        }
      }
    }
    expect(unbreakableUnits('公民館を夜まで開けて若者の居場所にしてほしい。')).toEqual(['公民館を', '夜まで', '開けて', '若者の', '居場所に', 'してほしい。']);
  });

  it('cuts a word longer than the line between characters, still under the rules, and ends a cut text with …', () => {
    const lines = wrapJapanese('コミュニティセンターのキャッシュレス決済', 5, width);
    for (const line of lines.slice(1)) expect(NO_LINE_START.has([...line][0])).toBe(false);
    expect(lines.join('')).toBe('コミュニティセンターのキャッシュレス決済');
    const cut = wrapJapanese(PERSPECTIVES[5], 12, width, 2);
    expect(cut).toHaveLength(2);
    expect(cut[1].endsWith('…')).toBe(true);
    expect(width(cut[1])).toBeLessThanOrEqual(12);
  });
});
