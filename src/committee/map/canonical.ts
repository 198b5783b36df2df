/**
 * The canonical form of a map's inputs: statements and participants in an order that depends on
 * what they are, never on their ids or on the order the rows arrived in, and a fingerprint of
 * that form and of the method. Everything downstream (PCA, k-means, the statistics) runs on this
 * form, so the same stances always give the same map.
 *
 * The order comes from content hashes refined twice by the stances (colour refinement, as in the
 * Weisfeiler-Lehman test): a statement starts from its text, themes and author's generation, a
 * participant from their generation and sector; then each participant takes in the multiset of
 * (statement, stance) pairs, each statement the multiset of (participant, stance) pairs, and each
 * participant once more. Two rows still equal after that are interchangeable for every figure of
 * the map (the same text with the same stances, or the same stances on the same statements), so
 * their relative order changes nothing. Times are not used: a stance changed twice, or rows
 * written in another order, must not move anything.
 */
import { createHash } from 'node:crypto';
import type { Generation, Sector } from '../committee.enums.js';

/** Bumped whenever a change of the method changes any figure of a map (it is part of the fingerprint). */
export const METHOD_VERSION = 'chifuku-map/2 polis-repness+gic pca-power kmeans++x8 silhouette';

export interface RawStatement {
  id: string;
  text: string;
  themes: readonly string[];
  /** the author's self-declared generation (null: unknown, anonymous authors included) */
  authorGeneration: Generation | null;
}

export interface RawPerson {
  id: string;
  generation: Generation | null;
  sector: Sector | null;
}

export interface RawStance {
  statementId: string;
  personId: string;
  /** +1 agree, -1 disagree, 0 pass */
  v: -1 | 0 | 1;
}

/** One stance of the canonical matrix: participant index, statement index, value. */
export interface Cell {
  p: number;
  s: number;
  v: -1 | 0 | 1;
}

export interface CanonicalInputs {
  statements: RawStatement[];
  people: RawPerson[];
  /** sorted by participant, then statement */
  cells: Cell[];
  fingerprint: string;
}

type Colour = [number, number];

/** 64 bits of a string's SHA-256, as two unsigned 32-bit lanes. */
function colourOf(s: string): Colour {
  const d = createHash('sha256').update(s).digest();
  return [d.readUInt32BE(0), d.readUInt32BE(4)];
}

/** murmur3's finaliser: a good 32-bit mix. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The hash of a (colour, stance) pair; summed lane-wise, these give an order-free multiset hash. */
function pairHash(c: Colour, v: number): Colour {
  const salt = v === 1 ? 0x9e3779b9 : v === -1 ? 0x7f4a7c15 : 0x2545f491;
  const a = fmix((c[0] ^ salt) >>> 0);
  const b = fmix((c[1] + Math.imul(a, 0x27d4eb2f)) >>> 0);
  return [fmix((a ^ b) >>> 0), b];
}

function refine(base: Colour, acc: Colour): Colour {
  const a = fmix((base[0] ^ fmix(acc[0] + 0x165667b1)) >>> 0);
  return [a, fmix((base[1] ^ fmix((acc[1] + a) >>> 0)) >>> 0)];
}

/** Multiset hashes of each row's (colour of the other side, stance) pairs. */
function accumulate(n: number, stances: readonly { row: number; other: number; v: number }[], colours: readonly Colour[]): Colour[] {
  const acc: Colour[] = Array.from({ length: n }, () => [0, 0]);
  for (const x of stances) {
    const h = pairHash(colours[x.other], x.v);
    const a = acc[x.row];
    a[0] = (a[0] + h[0]) >>> 0;
    a[1] = (a[1] + h[1]) >>> 0;
  }
  return acc;
}

const byColour = (c: readonly Colour[]) => (a: number, b: number) => c[a][0] - c[b][0] || c[a][1] - c[b][1];

const statementKey = (s: RawStatement) => `${s.text.normalize('NFC')}\u0000${[...s.themes].sort().join(',')}\u0000${s.authorGeneration ?? ''}`;
const personKey = (p: RawPerson) => `${p.generation ?? ''}\u0000${p.sector ?? ''}`;

/**
 * The canonical form of one scope's inputs. Stances naming an unknown statement or person are
 * ignored (the caller loads them together, so there are none in practice).
 */
export function canonicalize(statements: readonly RawStatement[], people: readonly RawPerson[], stances: readonly RawStance[]): CanonicalInputs {
  const sIndex = new Map(statements.map((s, i) => [s.id, i]));
  const pIndex = new Map(people.map((p, i) => [p.id, i]));
  const edges: { s: number; p: number; v: -1 | 0 | 1 }[] = [];
  for (const x of stances) {
    const s = sIndex.get(x.statementId);
    const p = pIndex.get(x.personId);
    if (s !== undefined && p !== undefined) edges.push({ s, p, v: x.v });
  }
  const byPerson = edges.map((e) => ({ row: e.p, other: e.s, v: e.v }));
  const byStatement = edges.map((e) => ({ row: e.s, other: e.p, v: e.v }));

  const s0 = statements.map((s) => colourOf(statementKey(s)));
  const p0 = people.map((p) => colourOf(personKey(p)));
  const p1 = accumulate(people.length, byPerson, s0).map((acc, i) => refine(p0[i], acc));
  const s1 = accumulate(statements.length, byStatement, p1).map((acc, i) => refine(s0[i], acc));
  const p2 = accumulate(people.length, byPerson, s1).map((acc, i) => refine(p0[i], acc));

  const sOrder = statements.map((_, i) => i).sort(byColour(s1));
  const pOrder = people.map((_, i) => i).sort(byColour(p2));
  const sNew = new Int32Array(statements.length);
  sOrder.forEach((old, i) => (sNew[old] = i));
  const pNew = new Int32Array(people.length);
  pOrder.forEach((old, i) => (pNew[old] = i));

  const cells: Cell[] = edges.map((e) => ({ p: pNew[e.p], s: sNew[e.s], v: e.v }));
  cells.sort((a, b) => a.p - b.p || a.s - b.s);
  const canonicalStatements = sOrder.map((i) => statements[i]);
  const canonicalPeople = pOrder.map((i) => people[i]);

  // the fingerprint: the method and every input the map reads, in canonical order (no id, no time)
  const hash = createHash('sha256').update(`${METHOD_VERSION}\n`);
  for (const s of canonicalStatements) hash.update(`s${statementKey(s)}\n`);
  let c = 0;
  canonicalPeople.forEach((p, i) => {
    const row: string[] = [];
    for (; c < cells.length && cells[c].p === i; c++) row.push(`${cells[c].s}${cells[c].v === 1 ? '+' : cells[c].v === -1 ? '-' : '0'}`);
    hash.update(`p${personKey(p)}\u0000${row.join(',')}\n`);
  });
  return { statements: canonicalStatements, people: canonicalPeople, cells, fingerprint: hash.digest('base64url').slice(0, 32) };
}
