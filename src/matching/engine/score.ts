/**
 * The pair score in [0, 1]: RECIPROCAL, so a pair good for one side only does not win.
 *
 *   student-side fit  F_s = 0.45·θ_s + 0.40·cos + 0.15·slot
 *       θ_s  share of the student's themes the offer covers, each theme weighted by its rarity
 *       cos  TF-IDF cosine of the student's concerns+interests vs the offer's title+description
 *       slot overlap of the time slots, |S∩O| / min(|S|,|O|); 1 for an offer without slots
 *   offer-side fit    F_o = 0.45·θ_o + 0.25·cos + 0.15·area + 0.15·mode
 *       θ_o  share of the offer's themes the student brings (rarity-weighted)
 *       area same area 1, either unknown ½ (neutral), different 0
 *       mode 1 when the student listed the offer's own mode, ½ when it fits only through HYBRID
 *   score = harmonic mean 2·F_s·F_o / (F_s + F_o)
 *
 * Why these weights: themes are what both sides chose explicitly, so they carry the most on both
 * sides; the text is the student's own words about what worries them, so it counts more on the
 * student side; slots are already a hard rule (compat.ts), so their share only ranks the
 * compatible ones; area and mode are what a host cares about (getting there, running it).
 * The harmonic mean is below the arithmetic mean whenever the sides differ: (0.9, 0.3) gives
 * 0.45 while (0.6, 0.6) gives 0.6.
 *
 * Gate: a pair with no shared theme and cos < MIN_COSINE scores 0 and is never proposed,
 * whatever its area, slots and mode ("no shared theme and no shared meaning").
 *
 * Theme rarity: idf_t = ln(1 + N/df_t), N = students + offers of the run, df_t = how many of
 * them carry the theme, so sharing a rare theme (多文化共生) says more than sharing a common one.
 */

export const WEIGHTS = {
  student: { theme: 0.45, text: 0.4, slot: 0.15 },
  offer: { theme: 0.45, text: 0.25, area: 0.15, mode: 0.15 },
} as const;

/** Below this cosine, two texts are taken to share no meaning. */
export const MIN_COSINE = 0.05;
export const AREA_SAME = 1;
export const AREA_UNKNOWN = 0.5;
export const AREA_OTHER = 0;
export const MODE_OWN = 1;
export const MODE_VIA_HYBRID = 0.5;

export interface PairSignals {
  /** rarity-weighted share of the student's themes covered by the offer, 0..1 */
  themeStudent: number;
  /** rarity-weighted share of the offer's themes the student brings, 0..1 */
  themeOffer: number;
  /** true when at least one theme is shared */
  sharedTheme: boolean;
  cosine: number;
  slot: number;
  area: number;
  mode: number;
}

export const harmonic = (a: number, b: number): number => (a + b > 0 ? (2 * a * b) / (a + b) : 0);

export function studentFit(themeStudent: number, cosine: number, slot: number): number {
  const w = WEIGHTS.student;
  return w.theme * themeStudent + w.text * cosine + w.slot * slot;
}

export function offerFit(themeOffer: number, cosine: number, area: number, mode: number): number {
  const w = WEIGHTS.offer;
  return w.theme * themeOffer + w.text * cosine + w.area * area + w.mode * mode;
}

/** The score of a compatible pair. Hot path: plain numbers in, one number out. */
export function pairScore(
  themeStudent: number,
  themeOffer: number,
  sharedTheme: boolean,
  cosine: number,
  slot: number,
  area: number,
  mode: number,
): number {
  if (!sharedTheme && cosine < MIN_COSINE) return 0;
  return harmonic(studentFit(themeStudent, cosine, slot), offerFit(themeOffer, cosine, area, mode));
}

export const scoreSignals = (s: PairSignals): number =>
  pairScore(s.themeStudent, s.themeOffer, s.sharedTheme, s.cosine, s.slot, s.area, s.mode);

/**
 * Best score any pair with these theme shares can reach (cos, slot, area, mode all at 1):
 * an upper bound used to order and prune theme groups in candidates.ts.
 */
export function themeUpperBound(themeStudent: number, themeOffer: number): number {
  return harmonic(studentFit(themeStudent, 1, 1), offerFit(themeOffer, 1, AREA_SAME, MODE_OWN));
}

/** Slot overlap |S∩O| / min(|S|,|O|) for every pair of 6-bit masks; offer mask 0 = no slots = 1. */
export const SLOT_FIT: Float64Array = (() => {
  const t = new Float64Array(64 * 64);
  const pc = (x: number): number => {
    let c = 0;
    for (; x; x &= x - 1) c++;
    return c;
  };
  for (let s = 0; s < 64; s++) {
    for (let o = 0; o < 64; o++) {
      if (o === 0) t[s * 64 + o] = 1;
      else if (s === 0) t[s * 64 + o] = 0;
      else t[s * 64 + o] = pc(s & o) / Math.min(pc(s), pc(o));
    }
  }
  return t;
})();

export function areaFit(studentArea: number, offerArea: number): number {
  if (studentArea < 0 || offerArea < 0) return AREA_UNKNOWN;
  return studentArea === offerArea ? AREA_SAME : AREA_OTHER;
}

/** `studentModes` is the 3-bit mode mask, `offerModeBit` the offer's own mode bit. */
export const modeFit = (studentModes: number, offerModeBit: number): number =>
  studentModes & offerModeBit ? MODE_OWN : MODE_VIA_HYBRID;

// ---------------------------------------------------------------------------- theme rarity

export interface ThemeSpace {
  /** theme keys by id: the vocabulary order of themeLabels first, then unknown keys sorted */
  keys: string[];
  id: Map<string, number>;
  idf: Float64Array;
}

export function buildThemeSpace(lists: readonly (readonly string[])[], vocabularyOrder: readonly string[]): ThemeSpace {
  const seen = new Set<string>();
  for (const l of lists) for (const k of l) seen.add(k);
  const keys = vocabularyOrder.filter((k) => seen.has(k));
  const known = new Set(keys);
  keys.push(...[...seen].filter((k) => !known.has(k)).sort());
  const id = new Map(keys.map((k, i) => [k, i]));
  const df = new Float64Array(keys.length);
  for (const l of lists) for (const k of new Set(l)) df[id.get(k)!]++;
  const idf = df.map((d) => Math.log(1 + lists.length / d));
  return { keys, id, idf };
}

/** Sorted unique theme ids of a key list. */
export function themeIdsOf(space: ThemeSpace, keys: readonly string[]): Int32Array {
  return Int32Array.from(new Set(keys.map((k) => space.id.get(k)!))).sort();
}

export function themeWeight(space: ThemeSpace, ids: Int32Array): number {
  let w = 0;
  for (const t of ids) w += space.idf[t];
  return w;
}

/** Rarity weight of the shared themes of two sorted id lists. */
export function sharedThemeWeight(space: ThemeSpace, a: Int32Array, b: Int32Array): number {
  let i = 0, j = 0, w = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      w += space.idf[a[i]];
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return w;
}
