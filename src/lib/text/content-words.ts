/**
 * Content words of Japanese statements, by part of speech: Lindera (a Rust morphological analyser
 * compiled to WebAssembly, with the IPADIC dictionary embedded; `lindera-wasm-nodejs-ipadic` on the
 * npm registry) tags each word, and only nouns are kept — common and proper nouns, サ変 nouns
 * (見守り, 参加) and 形容動詞 stems — joined into compounds with their prefixes and suffixes
 * (高齢+者 → 高齢者, 子ども+食堂 → 子ども食堂, 第+11+回 → 第11回). Particles, auxiliaries, verbs and
 * dependent nouns never come out: the fragments a segmenter alone gives (では, ほうが, かけ, 入り)
 * are 助詞, 名詞-非自立 + 助詞 and 動詞 here.
 *
 * Measured on this project's machines (bench/RESULTS.md): the analyser loads in about 0.3 s and
 * adds about 130 MB of resident memory, once per process and only when a map is computed; a
 * statement takes about 0.2 ms. kuromoji (the other maintained analyser on the registry) took
 * about 400 MB. The matching engine uses the lighter segmenter of segment.ts (no dictionary in memory).
 */
import { createRequire } from 'node:module';

export interface LinderaToken {
  surface: string;
  /** 'UNK' for a word not in the dictionary (loanwords like スマホ, names in Latin letters) */
  partOfSpeech: string;
  partOfSpeechSubcategory1?: string;
  conjugationType?: string;
}
interface LinderaTokenizer {
  tokenize(text: string): LinderaToken[];
}

let tokenizer: LinderaTokenizer | undefined;
/** The analyser's tokens of a text; their surfaces spell the text exactly. */
export const morphemes = (text: string): LinderaToken[] => analyser().tokenize(text);

/** Loaded on first use and kept: building it parses the embedded dictionary. */
function analyser(): LinderaTokenizer {
  if (!tokenizer) {
    const { TokenizerBuilder } = createRequire(import.meta.url)('lindera-wasm-nodejs-ipadic') as { TokenizerBuilder: new () => any };
    const builder = new TokenizerBuilder();
    builder.setDictionary('embedded://ipadic');
    builder.setMode('normal');
    // spaces come back as tokens: they end a compound, and the surfaces then spell the whole text
    builder.setKeepWhitespace(true);
    tokenizer = builder.build() as LinderaTokenizer;
  }
  return tokenizer;
}

export type ContentKind = 'word' | 'compound';
export interface ContentTerm {
  term: string;
  kind: ContentKind;
}

/** Nouns that carry a meaning of their own (IPADIC 名詞 subcategories). */
const CONTENT_NOUN = new Set(['一般', '固有名詞', 'サ変接続', '形容動詞語幹', 'ナイ形容詞語幹']);
/** Parts that belong to the noun before them in a compound (者, 時, 回, 後). */
const BOUND_NOUN = new Set(['接尾', '副詞可能']);

/**
 * Nouns too general to say what a dialogue was about. They are still parts of compounds
 * (必要性, 地域の人 stays out: の breaks compounds), only not keywords alone.
 */
export const GENERIC_NOUNS: ReadonlySet<string> = new Set(
  (
    'こと もの ところ とき 時 ため よう 方 人 人々 皆 皆さん みんな 自分 私 僕 誰 何 どこ いつ ' +
    '今 今後 最近 今回 前回 次回 以上 以下 以外 場合 程度 部分 全体 一つ 一 二 方法 必要 大切 大事 重要 ' +
    '可能 様々 色々 いろいろ 気軽 簡単 大変 一緒 本当 自然 確実 意見 考え 感じ 点 形 声 話 中心 基本 ' +
    'ほう わけ はず つもり 以前 最初 最後 普段 ふだん 参加'
  ).split(/\s+/),
);

const RE_NUMBER_OR_SYMBOL = /^[\p{N}\p{P}\p{S}\s]+$/u;
const isHiragana = (s: string) => /^[\u3041-\u309f]+$/u.test(s);

/**
 * The content words and compounds of one text, in order. A compound is emitted with the words
 * inside it (子ども食堂, 子ども, 食堂) unless a word is bound to an affix (高齢者, not 高齢).
 */
export function contentTerms(text: string): ContentTerm[] {
  const tokens = mergeLoanwords(analyser().tokenize(text.normalize('NFKC')));
  const out: ContentTerm[] = [];
  let run: { surface: string; sub: string; prefix: boolean }[] = [];
  const flush = () => {
    // a run cannot end on a prefix, nor be only affixes and numbers
    while (run.length && run[run.length - 1].prefix) run.pop();
    const core = run.filter((t) => !t.prefix && CONTENT_NOUN.has(t.sub));
    if (core.length) {
      const bound = run.some((t) => t.prefix || t.sub === '接尾');
      if (run.length >= 2) out.push({ term: run.map((t) => t.surface).join(''), kind: 'compound' });
      if (run.length === 1 || !bound) for (const t of core) out.push({ term: t.surface, kind: 'word' });
    }
    run = [];
  };
  tokens.forEach((t, i) => {
    const sub = nounClass(t, tokens[i + 1]);
    if (t.partOfSpeech === '接頭詞' && (t.partOfSpeechSubcategory1 === '名詞接続' || t.partOfSpeechSubcategory1 === '数接続')) run.push({ surface: t.surface, sub: '接頭詞', prefix: true });
    // affixes, numbers and adverbial nouns (夜, いちばん) only inside a compound, after its first word
    else if (sub && (CONTENT_NOUN.has(sub) || (BOUND_NOUN.has(sub) && run.some((r) => !r.prefix)) || (sub === '数' && run.length > 0))) run.push({ surface: t.surface, sub, prefix: false });
    else flush();
  });
  flush();
  return out.filter((t) => !RE_NUMBER_OR_SYMBOL.test(t.term) && !(t.kind === 'word' && (GENERIC_NOUNS.has(t.term) || (isHiragana(t.term) && [...t.term].length < 3))));
}

const RE_UNKNOWN_WORD = /[\p{Script=Katakana}\p{Script=Han}\p{L}]/u;
const NOUN_FOLLOWERS = new Set(['格助詞', '係助詞', '連体化', '並立助詞']);

/**
 * The noun class of a token, or null when it is no noun: IPADIC's subcategory for nouns; a word
 * the dictionary does not know (UNK: スマホ, LINE, SNS) is a common noun; a verb's 連用形 with a
 * kanji that a case particle or a noun follows is a noun made from the verb (見守りの, 呼びかけは,
 * 混み具合), while one that an auxiliary follows stays a verb (入りやすい, 続けたい).
 */
function nounClass(t: LinderaToken, next: LinderaToken | undefined): string | null {
  if (t.partOfSpeech === '名詞') return t.partOfSpeechSubcategory1 ?? null;
  if (t.partOfSpeech === 'UNK') return RE_UNKNOWN_WORD.test(t.surface) && !RE_NUMBER_OR_SYMBOL.test(t.surface) ? '一般' : null;
  if (t.partOfSpeech === '動詞' && t.partOfSpeechSubcategory1 === '自立' && t.conjugationType === '連用形' && /\p{Script=Han}/u.test(t.surface) && /[\u3041-\u309f]$/u.test(t.surface)) {
    if (next && ((next.partOfSpeech === '助詞' && NOUN_FOLLOWERS.has(next.partOfSpeechSubcategory1 ?? '')) || next.partOfSpeech === '名詞')) return 'サ変接続';
  }
  return null;
}

/** Katakana nouns next to each other are one loanword: the dictionary cuts unknown ones in pieces (スマ|ホ). */
function mergeLoanwords(tokens: LinderaToken[]): LinderaToken[] {
  const out: LinderaToken[] = [];
  const katakana = (t: LinderaToken) => /^[\u30a0-\u30ff]+$/u.test(t.surface) && (t.partOfSpeech === '名詞' || t.partOfSpeech === 'UNK');
  for (const t of tokens) {
    const last = out[out.length - 1];
    if (last && katakana(last) && katakana(t)) out[out.length - 1] = { ...last, surface: last.surface + t.surface, partOfSpeech: 'UNK' };
    else out.push(t);
  }
  return out;
}

/** Words and compounds fit to show as keywords: at least two characters, not generic. */
export function isKeyword(term: ContentTerm): boolean {
  return [...term.term].length >= 2 && !GENERIC_NOUNS.has(term.term);
}
