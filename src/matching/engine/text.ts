/**
 * Japanese free text → terms → L2-normalised TF-IDF sparse vectors.
 *
 * No network model, no dictionary download: `Intl.Segmenter('ja', { granularity: 'word' })`
 * (built into Node) gives word boundaries but no part of speech and no base forms, and it cuts
 * compounds (感染症 → 感染|症, 高齢者 → 高齢|者). So, per sentence:
 *   - word terms: word-like segments after NFKC + lower-casing, minus stop words (particles,
 *     auxiliaries, light verbs/nouns and a few words every profile uses, like 関心/興味),
 *     single hiragana, and pure numbers/punctuation;
 *   - glue: a few hiragana suffixes rejoin the previous word (まち|づくり → まちづくり, 障|がい → 障がい);
 *   - compound terms: consecutive kept words that start with kanji/katakana are joined
 *     (感染|症 → 感染症, 子ども|食堂 → 子ども食堂); the single characters inside such a run are
 *     dropped as words since the compound carries them;
 *   - character bigrams of kanji runs (weight ½): 避難所 gives 避難, 難所, so 避難所 and 避難場所
 *     still overlap, whatever the segmenter did. Pure katakana runs get no bigrams: the
 *     segmenter keeps loanwords whole and their bigrams would be noise.
 * Only words and compounds are "displayable" (reasons and plans show them); a bigram is shown
 * only if the same string also occurred as a word somewhere in the corpus.
 *
 * Weights: tf' = Σ kind weights (word 1, compound 1, bigram ½), w = (1 + ln tf') · idf with
 * idf = ln(1 + N/df) over the whole run's corpus (students' concerns+interests, offers'
 * title+description), then L2-normalised so a dot product is the cosine.
 */

export interface TermVector {
  /** sorted ascending, unique */
  terms: Int32Array;
  /** L2 norm 1 (or all-zero for an empty text) */
  weights: Float32Array;
}

export interface TextIndex {
  vocab: string[];
  /** 1 when the term occurred as a word or compound (fit to show to a person) */
  displayable: Uint8Array;
  df: Int32Array;
  idf: Float64Array;
  nDocs: number;
  /** CSR over documents: doc d has entries ptr[d] ‥ ptr[d+1]-1 */
  ptr: Int32Array;
  terms: Int32Array;
  weights: Float32Array;
}

const WORD = 1;
const COMPOUND = 1;
const BIGRAM = 0.5;

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

/** TF-IDF index over the run's documents (one document = one student or one offer). */
export function buildTextIndex(docs: readonly string[], opts: { memo?: boolean } = {}): TextIndex {
  const memo = opts.memo === false ? undefined : new Map<string, Term[]>();
  const ids = new Map<string, number>();
  const vocab: string[] = [];
  const displayableList: number[] = [];
  const docTerms: Int32Array[] = [];
  const docTf: Float64Array[] = [];
  let dfList: number[] = [];
  const local = new Map<number, number>();
  for (const text of docs) {
    local.clear();
    for (const t of analyze(text, memo)) {
      let id = ids.get(t.term);
      if (id === undefined) {
        id = vocab.length;
        ids.set(t.term, id);
        vocab.push(t.term);
        displayableList.push(0);
        dfList.push(0);
      }
      if (t.kind !== 'bigram') displayableList[id] = 1;
      local.set(id, (local.get(id) ?? 0) + (t.kind === 'bigram' ? BIGRAM : t.kind === 'compound' ? COMPOUND : WORD));
    }
    const terms = Int32Array.from(local.keys()).sort();
    const tf = new Float64Array(terms.length);
    for (let i = 0; i < terms.length; i++) {
      tf[i] = local.get(terms[i])!;
      dfList[terms[i]]++;
    }
    docTerms.push(terms);
    docTf.push(tf);
  }
  const n = docs.length;
  const df = Int32Array.from(dfList);
  dfList = [];
  const idf = new Float64Array(vocab.length);
  for (let t = 0; t < vocab.length; t++) idf[t] = Math.log(1 + n / df[t]);
  const ptr = new Int32Array(n + 1);
  for (let d = 0; d < n; d++) ptr[d + 1] = ptr[d] + docTerms[d].length;
  const terms = new Int32Array(ptr[n]);
  const weights = new Float32Array(ptr[n]);
  for (let d = 0; d < n; d++) {
    const ts = docTerms[d];
    const tf = docTf[d];
    let norm = 0;
    const w = new Float64Array(ts.length);
    for (let i = 0; i < ts.length; i++) {
      w[i] = (1 + Math.log(tf[i])) * idf[ts[i]];
      norm += w[i] * w[i];
    }
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < ts.length; i++) {
      terms[ptr[d] + i] = ts[i];
      weights[ptr[d] + i] = w[i] / norm;
    }
  }
  return { vocab, displayable: Uint8Array.from(displayableList), df, idf, nDocs: n, ptr, terms, weights };
}

export function docVector(ix: TextIndex, d: number): TermVector {
  return { terms: ix.terms.subarray(ix.ptr[d], ix.ptr[d + 1]), weights: ix.weights.subarray(ix.ptr[d], ix.ptr[d + 1]) };
}

/** Sorted-merge dot product; with L2-normalised vectors this is the cosine (clamped to [0,1]). */
export function dot(a: TermVector, b: TermVector): number {
  const at = a.terms, bt = b.terms, aw = a.weights, bw = b.weights;
  let i = 0, j = 0, s = 0;
  while (i < at.length && j < bt.length) {
    const x = at[i], y = bt[j];
    if (x === y) s += aw[i++] * bw[j++];
    else if (x < y) i++;
    else j++;
  }
  return s > 1 ? 1 : s;
}

/**
 * The hot-path variant: scatter one document into a dense array (once per student), then
 * gather for each candidate offer. Cheaper than a merge when one vector meets many others
 * (no branch per step, ~nnz(offer) reads); the merge stays for one-off comparisons.
 */
export function scatter(ix: TextIndex, d: number, dense: Float32Array, value = true): void {
  for (let k = ix.ptr[d]; k < ix.ptr[d + 1]; k++) dense[ix.terms[k]] = value ? ix.weights[k] : 0;
}

export function gather(ix: TextIndex, d: number, dense: Float32Array): number {
  let s = 0;
  for (let k = ix.ptr[d], e = ix.ptr[d + 1]; k < e; k++) s += dense[ix.terms[k]] * ix.weights[k];
  return s > 1 ? 1 : s;
}

/**
 * Shared terms of two documents ranked by their contribution to the cosine, displayable only,
 * dropping a term contained in (or containing) one already chosen (避難所 makes 避難 redundant).
 */
export function sharedTerms(ix: TextIndex, a: number, b: number, limit: number): string[] {
  const found: { t: number; c: number }[] = [];
  let i = ix.ptr[a], j = ix.ptr[b];
  const ea = ix.ptr[a + 1], eb = ix.ptr[b + 1];
  while (i < ea && j < eb) {
    const x = ix.terms[i], y = ix.terms[j];
    if (x === y) {
      if (ix.displayable[x]) found.push({ t: x, c: ix.weights[i] * ix.weights[j] });
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return pickDistinct(ix, found, limit);
}

/**
 * Up to `limit` terms by contribution (desc, then longer, then term id) without substring
 * duplicates; when a later term contains a chosen one, the longer one takes its place
 * (多文化共生 rather than 文化, 避難所 rather than 避難): a compound says more to a reader.
 */
export function pickDistinct(ix: TextIndex, found: { t: number; c: number }[], limit: number): string[] {
  found.sort((p, q) => q.c - p.c || ix.vocab[q.t].length - ix.vocab[p.t].length || p.t - q.t);
  const out: string[] = [];
  for (const f of found) {
    const w = ix.vocab[f.t];
    if (out.some((o) => o.includes(w))) continue;
    const inside = out.findIndex((o) => w.includes(o));
    if (inside >= 0) {
      out[inside] = w;
      for (let k = out.length - 1; k > inside; k--) if (w.includes(out[k])) out.splice(k, 1);
    } else if (out.length < limit) out.push(w);
  }
  return out;
}
