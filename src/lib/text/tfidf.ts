/**
 * Terms of Japanese texts (segment.ts) → L2-normalised TF-IDF sparse vectors over a corpus.
 *
 * Only words and compounds are "displayable" (reasons and plans show them); a bigram is shown
 * only if the same string also occurred as a word somewhere in the corpus.
 *
 * Weights: tf' = Σ kind weights (word 1, compound 1, bigram ½), w = (1 + ln tf') · idf with
 * idf = ln(1 + N/df) over the whole corpus (in the matching run: students' concerns+interests,
 * offers' title+description), then L2-normalised so a dot product is the cosine.
 */
import { analyze, type Term } from './segment.js';

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

/** TF-IDF index over a corpus (in the matching run, one document = one student or one offer). */
export function buildTextIndex(docs: readonly string[], opts: { memo?: boolean } = {}): TextIndex {
  const memo = opts.memo === false ? undefined : new Map<string, Term[]>();
  const ids = new Map<string, number>();
  const vocab: string[] = [];
  const displayableList: number[] = [];
  const docTerms: Int32Array[] = [];
  const docTf: Float64Array[] = [];
  let dfList: number[] = [];
  // the document's tf by term id (0 where absent) and the ids it touched: arrays, not a Map per
  // document (the Map's hashing and its key iterator were a third of this function's time)
  const acc: number[] = [];
  const touched: number[] = [];
  for (const text of docs) {
    touched.length = 0;
    for (const t of analyze(text, memo)) {
      let id = ids.get(t.term);
      if (id === undefined) {
        id = vocab.length;
        ids.set(t.term, id);
        vocab.push(t.term);
        displayableList.push(0);
        dfList.push(0);
        acc.push(0);
      }
      if (t.kind !== 'bigram') displayableList[id] = 1;
      if (acc[id] === 0) touched.push(id);
      acc[id] += t.kind === 'bigram' ? BIGRAM : t.kind === 'compound' ? COMPOUND : WORD;
    }
    const terms = Int32Array.from(touched).sort();
    const tf = new Float64Array(terms.length);
    for (let i = 0; i < terms.length; i++) {
      tf[i] = acc[terms[i]];
      acc[terms[i]] = 0;
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
export function scatter(ix: TextIndex, d: number, dense: Float64Array, value = true): void {
  for (let k = ix.ptr[d]; k < ix.ptr[d + 1]; k++) dense[ix.terms[k]] = value ? ix.weights[k] : 0;
}

export function gather(ix: TextIndex, d: number, dense: Float64Array): number {
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
