/**
 * Everything about the run's students and offers, encoded ONCE into typed arrays, so the
 * candidate loop touches only ints and floats: compat codes, slot/mode masks, area ids, theme id
 * lists, the TF-IDF index, exclusions.
 *
 * Entities are sorted by id first: results then depend on the data only, not on the order the
 * database returned the rows in, and ties are broken by id everywhere downstream.
 */
import { slotMask } from '../../lib/slots/slots.js';
import { buildTextIndex, docVector, dot, type TextIndex } from '../../lib/text/tfidf.js';
import { encodeOffer, encodeStudent, modeMask } from './compat.js';
import {
  SLOT_FIT,
  areaFit,
  buildThemeSpace,
  modeFit,
  sharedThemeWeight,
  themeIdsOf,
  themeWeight,
  type PairSignals,
  type ThemeSpace,
} from './score.js';
import { MODES, type OfferInput, type StudentInput } from './types.js';

export interface Model {
  students: StudentInput[];
  offers: OfferInput[];
  S: number;
  O: number;
  /** documents 0‥S-1 are students (concerns+interests), S‥S+O-1 offers (title+description) */
  text: TextIndex;
  themes: ThemeSpace;
  sThemes: Int32Array[];
  oThemes: Int32Array[];
  /** Σ rarity weights of each entity's themes (denominators of θ_s and θ_o) */
  sThemeW: Float64Array;
  oThemeW: Float64Array;
  sCode: Int32Array;
  oCode: Int32Array;
  /** 6-bit slot masks; 0 for an offer without slots */
  sSlots: Uint8Array;
  oSlots: Uint8Array;
  /** student: 3-bit mask of accepted modes; offer: its own mode bit */
  sModes: Uint8Array;
  oMode: Uint8Array;
  /** area ids, -1 when unknown */
  sArea: Int32Array;
  oArea: Int32Array;
  areas: string[];
  /** places per offer (openPlaces, floored) */
  cap: Int32Array;
  /** CSR: offers that exclude student s are exOffer[exPtr[s] ‥ exPtr[s+1]-1] (members and declines) */
  exPtr: Int32Array;
  exOffer: Int32Array;
  /** CSR: of those, the ones the student declined or marked NOT_INTERESTED */
  dePtr: Int32Array;
  deOffer: Int32Array;
  /** per offer: the fewest students of a new group (1: no minimum) */
  oMin: Int32Array;
  /** pairs s · O + o the student marked INTERESTED */
  interested: Set<number>;
}

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function assertUnique(list: { id: string }[], what: string): void {
  for (let i = 1; i < list.length; i++) {
    if (list[i].id === list[i - 1].id) throw new Error(`runMatching: duplicate ${what} id ${list[i].id}`);
  }
}

export function buildModel(
  studentsIn: readonly StudentInput[],
  offersIn: readonly OfferInput[],
  vocabularyOrder: readonly string[],
  opts: { memoText?: boolean } = {},
): Model {
  const students = [...studentsIn].sort(byId);
  // callers pass eligible offers, but an offer with no place left must never get a proposal
  const offers = offersIn.filter((o) => Math.floor(o.openPlaces) > 0).sort(byId);
  assertUnique(students, 'student');
  assertUnique(offers, 'offer');
  const S = students.length;
  const O = offers.length;

  const docs: string[] = [];
  // the 。 keeps the segmenter from gluing the last word of one field to the first of the next
  for (const s of students) docs.push(`${s.concerns}。${s.interests}`);
  for (const o of offers) docs.push(`${o.title}。${o.description}`);
  const text = buildTextIndex(docs, { memo: opts.memoText });

  const themes = buildThemeSpace([...students.map((s) => s.themes), ...offers.map((o) => o.themes)], vocabularyOrder);
  const sThemes = students.map((s) => themeIdsOf(themes, s.themes));
  const oThemes = offers.map((o) => themeIdsOf(themes, o.themes));

  const areaId = new Map<string, number>();
  const areas: string[] = [];
  const area = (a: string | null): number => {
    if (a === null || a === undefined || a.trim() === '') return -1;
    const k = a.normalize('NFKC').trim();
    let id = areaId.get(k);
    if (id === undefined) {
      id = areas.length;
      areaId.set(k, id);
      areas.push(k);
    }
    return id;
  };

  const sIndex = new Map(students.map((s, i) => [s.id, i]));
  const ex = csr(S, offers.map((o) => [...new Set([...(o.excludedStudentIds ?? []), ...(o.declinedStudentIds ?? [])])].map((id) => sIndex.get(id)).filter((i): i is number => i !== undefined)));
  const de = csr(S, offers.map((o) => [...new Set(o.declinedStudentIds ?? [])].map((id) => sIndex.get(id)).filter((i): i is number => i !== undefined)));
  const interested = new Set<number>();
  offers.forEach((o, j) => {
    for (const id of o.interestedStudentIds ?? []) {
      const i = sIndex.get(id);
      if (i !== undefined) interested.add(i * O + j);
    }
  });

  return {
    students,
    offers,
    S,
    O,
    text,
    themes,
    sThemes,
    oThemes,
    sThemeW: Float64Array.from(sThemes, (t) => themeWeight(themes, t)),
    oThemeW: Float64Array.from(oThemes, (t) => themeWeight(themes, t)),
    sCode: Int32Array.from(students, (s) => encodeStudent(s.stage, s.slots, s.modes)),
    oCode: Int32Array.from(offers, (o) => encodeOffer(o.stages, o.slots, o.mode)),
    sSlots: Uint8Array.from(students, (s) => slotMask(s.slots)),
    oSlots: Uint8Array.from(offers, (o) => slotMask(o.slots)),
    sModes: Uint8Array.from(students, (s) => modeMask(s.modes)),
    oMode: Uint8Array.from(offers, (o) => 1 << MODES.indexOf(o.mode)),
    sArea: Int32Array.from(students, (s) => area(s.area)),
    oArea: Int32Array.from(offers, (o) => area(o.area)),
    areas,
    cap: Int32Array.from(offers, (o) => Math.floor(o.openPlaces)),
    exPtr: ex.ptr,
    exOffer: ex.items,
    dePtr: de.ptr,
    deOffer: de.items,
    oMin: Int32Array.from(offers, (o) => Math.max(1, Math.floor(o.minParticipants ?? 1))),
    interested,
  };
}

/** Per-offer student lists turned into a per-student CSR of offers. */
function csr(S: number, lists: number[][]): { ptr: Int32Array; items: Int32Array } {
  const ptr = new Int32Array(S + 1);
  for (const l of lists) for (const s of l) ptr[s + 1]++;
  for (let s = 0; s < S; s++) ptr[s + 1] += ptr[s];
  const fill = ptr.slice(0, S);
  const items = new Int32Array(ptr[S]);
  lists.forEach((l, o) => {
    for (const s of l) items[fill[s]++] = o;
  });
  return { ptr, items };
}

/** All signals of one pair, recomputed from scratch (for reasons and tests, not the hot path). */
export function pairSignals(m: Model, s: number, o: number): PairSignals {
  const shared = sharedThemeWeight(m.themes, m.sThemes[s], m.oThemes[o]);
  return {
    themeStudent: m.sThemeW[s] > 0 ? shared / m.sThemeW[s] : 0,
    themeOffer: m.oThemeW[o] > 0 ? shared / m.oThemeW[o] : 0,
    sharedTheme: shared > 0,
    cosine: dot(docVector(m.text, s), docVector(m.text, m.S + o)),
    slot: SLOT_FIT[m.sSlots[s] * 64 + m.oSlots[o]],
    area: areaFit(m.sArea[s], m.oArea[o]),
    mode: modeFit(m.sModes[s], m.oMode[o]),
  };
}
