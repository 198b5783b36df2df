/**
 * Japanese free text → terms (words, compounds, kanji bigrams), with no network model and no
 * dictionary download: `Intl.Segmenter('ja', { granularity: 'word' })` (built into Node) gives
 * word boundaries but no part of speech and no base forms, and it cuts compounds
 * (感染症 → 感染|症, 高齢者 → 高齢|者). So, per sentence:
 *   - word terms: word-like segments after NFKC + lower-casing, minus stop words (particles,
 *     auxiliaries, light verbs/nouns and a few words every profile uses, like 関心/興味),
 *     single hiragana, and pure numbers/punctuation;
 *   - glue: a few hiragana suffixes rejoin the previous word (まち|づくり → まちづくり, 障|がい → 障がい);
 *   - compound terms: consecutive kept words that start with kanji/katakana are joined
 *     (感染|症 → 感染症, 子ども|食堂 → 子ども食堂); the single characters inside such a run are
 *     dropped as words since the compound carries them;
 *   - character bigrams of kanji runs: 避難所 gives 避難, 難所, so 避難所 and 避難場所
 *     still overlap, whatever the segmenter did. Pure katakana runs get no bigrams: the
 *     segmenter keeps loanwords whole and their bigrams would be noise.
 * The weights of these terms (TF-IDF) are in tfidf.ts. For part-of-speech tagging (nouns only,
 * at the price of a dictionary in memory) see content-words.ts.
 */

/**
 * Stop words. Intl.Segmenter returns particles and endings as word-like segments, so they are
 * listed here; the generic words every student writes (関心がある, 心配, 参加したい) would
 * otherwise dominate the overlap between profiles and make meaningless reasons.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    // particles and compound particles
    'は が を に へ と で や の も から まで より か な ね よ わ ぞ さ ので のに けど けれど けれども でも など ほど だけ しか ばかり くらい ぐらい ' +
    'について に関して における にとって として によって による により に対して に対する とともに といった という といい とか って ' +
    // auxiliaries and endings
    'です でし でした ます まし ました ません だ だっ た たい たく たかっ て てい ている てる ない なく なかっ れる られる せる させる う よう そう らしい ' +
    'ん の ね ござい おり いる い いた いて いま ある あり あっ あれ なる なり なっ できる でき できれ する し して した しな しない したい しよう します ' +
    'すれ され さ せ こと もの ため よう ところ とき 時 事 物 為 様 方 等 的 中 上 下 際 後 前 ほう たち 達 ' +
    // pronouns, demonstratives, fillers
    'これ それ あれ この その あの ここ そこ あそこ こう そう どう どんな 私 わたし 僕 ぼく 自分 みんな 皆 皆さん 誰 何 なに いつ ' +
    'とても すごく もっと 少し もう また まだ よく たくさん いろいろ 色々 ちょっと 特に ぜひ 是非 一緒 いっしょ 一 二 ' +
    // generic profile / offer words (kept out so they neither match nor show up as reasons)
    '思う 思い 思っ 考え 考える 考 関心 興味 心配 不安 気 好き 得意 手伝い 手伝う 参加 活動 取り組み 取組 募集 実施 経験 ' +
    'やっ やる やり みたい 欲しい ほしい いい 良い よい 人 さん 方々 いけ 行う 行い 行っ 持つ 持っ 知る 知り 知っ 見る ' +
    'なし 場所 機会 方法 必要 大切 今 今後 最近 ' +
    // kanji + particle adverbs: the segmenter returns them as one word, which would otherwise
    // start or extend a compound (災害|時に|高齢|者 → 災害時に高齢者)
    '時に 特に 主に 共に 既に 更に 常に 次に 実に 急に 別に 順に 先に 後に 逆に 最後に 最初に 一緒に 同時に 本当に 非常に 大切に 自由に 気軽に 的に 中に'
  ).split(/\s+/),
);

/** Hiragana suffixes that belong to the word before them (まち|づくり, 障|がい, 生き|がい). */
const GLUE = new Set(['づくり', 'がい', 'ごと']);

const RE_SKIP = /^[\p{N}\p{P}\p{S}\s]+$/u;
const RE_SENTENCE = /[。．！？!?\n\r]+/u;
// char-code classes: a regex per segment cost as much as the segmentation itself
const isHiragana = (c: number): boolean => c >= 0x3041 && c <= 0x309f;
const isKatakana = (c: number): boolean => (c >= 0x30a0 && c <= 0x30ff) || (c >= 0x31f0 && c <= 0x31ff);
const isHan = (c: number): boolean =>
  (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff) || c === 0x3005;

// Creating a segmenter is costly; one per process is enough (it is stateless between calls).
let segmenter: Intl.Segmenter | undefined;
const seg = (): Intl.Segmenter => (segmenter ??= new Intl.Segmenter('ja', { granularity: 'word' }));

export type TermKind = 'word' | 'compound' | 'bigram';
export interface Term {
  term: string;
  kind: TermKind;
}

/**
 * Single kanji that mean nothing alone (counters, suffixes, verb stems). They are not stop
 * words because they may start or end a compound (見|守り → 見守り, 高齢|者 → 高齢者); they are
 * dropped only when they stand alone.
 */
const LONE_KANJI_STOP = new Set([...'見年月日人者方時事中上下前後等的所性化用会回目']);

/** Terms of one sentence, in order (words and compounds, then bigrams). */
function sentenceTerms(sentence: string): Term[] {
  const out: Term[] = [];
  // current compound run: kept words starting with kanji/katakana that follow each other
  let run: Term[] = [];
  const runs: string[] = []; // every run's joined string (length-1 runs too), for the bigrams
  let last: Term | null = null; // last kept word (for glue), null after a break
  const flush = (): void => {
    if (run.length) runs.push(run.map((t) => t.term).join(''));
    if (run.length >= 2) {
      out.push({ term: run.map((t) => t.term).join(''), kind: 'compound' });
      // single characters inside a compound carry no meaning alone (症, 者, 見)
      for (const t of run) if ([...t.term].length === 1) t.term = '';
    } else if (run.length === 1 && LONE_KANJI_STOP.has(run[0].term)) run[0].term = '';
    run = [];
  };
  for (const s of seg().segment(sentence)) {
    const w = s.segment;
    const c0 = w.charCodeAt(0);
    const cjk = isHan(c0) || isKatakana(c0);
    if (!s.isWordLike || (!cjk && !isHiragana(c0) && RE_SKIP.test(w))) {
      flush();
      last = null;
      continue;
    }
    if (GLUE.has(w) && last) {
      last.term += w; // まち|づくり → まちづくり (the run, if any, holds the same object)
      continue;
    }
    if (STOP_WORDS.has(w) || (w.length === 1 && isHiragana(c0))) {
      flush();
      last = null;
      continue;
    }
    const t: Term = { term: w, kind: 'word' };
    out.push(t);
    last = t;
    if (cjk) run.push(t);
    else flush();
  }
  flush();
  const kept = out.filter((t) => t.term !== '');
  // bigrams of the kanji runs inside kept words and compounds (not of stop words like 手伝い)
  for (const r of runs) {
    // maximal kanji/katakana stretches of the run that contain a kanji (BMP chars only, which
    // covers everyday Japanese; surrogate pairs simply end a stretch)
    for (let i = 0; i < r.length; ) {
      let j = i;
      let han = false;
      while (j < r.length) {
        const c = r.charCodeAt(j);
        if (isHan(c)) han = true;
        else if (!isKatakana(c)) break;
        j++;
      }
      if (han) {
        for (let k = i; k + 1 < j; k++) {
          const b = r.slice(k, k + 2);
          if (!STOP_WORDS.has(b)) kept.push({ term: b, kind: 'bigram' });
        }
      }
      i = j > i ? j : i + 1;
    }
  }
  return kept;
}

export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * All terms of a text with their kinds (duplicates kept: they are the term frequencies).
 * `memo` caches per sentence: profiles and offers repeat sentences (templates, 特になし), and
 * segmentation is the costliest step of text processing (~1 µs per character).
 */
export function analyze(text: string, memo?: Map<string, Term[]>): Term[] {
  const out: Term[] = [];
  for (const sentence of normalize(text).split(RE_SENTENCE)) {
    if (!sentence.trim()) continue;
    let ts = memo?.get(sentence);
    if (!ts) {
      ts = sentenceTerms(sentence);
      memo?.set(sentence, ts);
    }
    for (const t of ts) out.push(t);
  }
  return out;
}

/** Distinct term strings of a text, words and compounds first (handy in tests and logs). */
export function tokenize(text: string): string[] {
  const seen = new Set<string>();
  const ts = analyze(text);
  for (const t of ts) if (t.kind !== 'bigram') seen.add(t.term);
  for (const t of ts) seen.add(t.term);
  return [...seen];
}

