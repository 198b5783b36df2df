/**
 * Two principal components of a sparse stance matrix, as Polis computes them (pca.clj and
 * conversation.clj in compdemocracy/polis): a missing stance is replaced by its statement's mean
 * stance, the matrix is centred on those means, the components are found by power iteration with
 * deflation, and each participant is projected from the stances they took only, scaled by
 * sqrt(statements / stances taken) so that people who saw little are not pulled to the centre.
 *
 * After mean imputation and centring a missing entry is exactly 0, so the centred matrix has
 * non-zeros only where stances exist: each iteration costs O(stances), never participants ×
 * statements. The start vector is fixed (a seeded sequence), each component's sign is fixed (its
 * largest loading is positive), so the result depends on the matrix alone.
 */
import { mulberry32 } from './random.js';

export interface SparseRows {
  /** rows (participants) × cols (statements); CSR: row r has entries ptr[r] ‥ ptr[r+1]-1 */
  rows: number;
  cols: number;
  ptr: Int32Array;
  col: Int32Array;
  val: Float64Array;
}

export interface Pca {
  /** per statement: the mean stance of those who took one (0 when nobody did) */
  center: Float64Array;
  /** two unit vectors over the statements (the second is zero when there is no second direction) */
  comps: [Float64Array, Float64Array];
  /** per row: [x, y] */
  proj: [number, number][];
}

const MAX_ITERATIONS = 1000;
const TOLERANCE = 1e-12;

/** Xᵀ(X v) over the centred sparse matrix. */
function xtx(m: SparseRows, centred: Float64Array, v: Float64Array, out: Float64Array): void {
  out.fill(0);
  for (let r = 0; r < m.rows; r++) {
    let dot = 0;
    for (let k = m.ptr[r]; k < m.ptr[r + 1]; k++) dot += centred[k] * v[m.col[k]];
    if (dot === 0) continue;
    for (let k = m.ptr[r]; k < m.ptr[r + 1]; k++) out[m.col[k]] += dot * centred[k];
  }
}

const norm = (v: Float64Array) => Math.sqrt(v.reduce((a, x) => a + x * x, 0));

function orthogonalise(v: Float64Array, against: Float64Array[]): void {
  for (const u of against) {
    let d = 0;
    for (let i = 0; i < v.length; i++) d += v[i] * u[i];
    for (let i = 0; i < v.length; i++) v[i] -= d * u[i];
  }
}

/** The leading eigenvector of XᵀX orthogonal to `found`, by power iteration; zero when none. */
function powerIteration(m: SparseRows, centred: Float64Array, found: Float64Array[], seed: number): Float64Array {
  const rand = mulberry32(seed);
  let v = Float64Array.from({ length: m.cols }, () => rand() + 0.5);
  orthogonalise(v, found);
  let n = norm(v);
  if (n < 1e-12) return new Float64Array(m.cols);
  v = v.map((x) => x / n);
  const next = new Float64Array(m.cols);
  for (let it = 0; it < MAX_ITERATIONS; it++) {
    xtx(m, centred, v, next);
    orthogonalise(next, found);
    n = norm(next);
    if (n < 1e-12) return new Float64Array(m.cols);
    let change = 0;
    for (let i = 0; i < v.length; i++) {
      const x = next[i] / n;
      change += (x - v[i]) ** 2;
      v[i] = x;
    }
    if (change < TOLERANCE) break;
  }
  // a fixed sign: the largest loading (the first of equal ones) is positive
  let big = 0;
  for (let i = 1; i < v.length; i++) if (Math.abs(v[i]) > Math.abs(v[big]) + 1e-12) big = i;
  if (v[big] < 0) for (let i = 0; i < v.length; i++) v[i] = -v[i];
  return v;
}

export function pca2(m: SparseRows): Pca {
  const sum = new Float64Array(m.cols);
  const count = new Float64Array(m.cols);
  for (let k = 0; k < m.val.length; k++) {
    sum[m.col[k]] += m.val[k];
    count[m.col[k]]++;
  }
  const center = sum.map((s, j) => (count[j] ? s / count[j] : 0));
  const centred = m.val.map((x, k) => x - center[m.col[k]]);
  const pc1 = powerIteration(m, centred, [], 1);
  const pc2 = norm(pc1) > 0 ? powerIteration(m, centred, [pc1], 2) : new Float64Array(m.cols);
  const proj: [number, number][] = [];
  for (let r = 0; r < m.rows; r++) {
    let x = 0;
    let y = 0;
    const n = m.ptr[r + 1] - m.ptr[r];
    for (let k = m.ptr[r]; k < m.ptr[r + 1]; k++) {
      x += centred[k] * pc1[m.col[k]];
      y += centred[k] * pc2[m.col[k]];
    }
    const scale = Math.sqrt(m.cols / Math.max(n, 1));
    proj.push([x * scale, y * scale]);
  }
  return { center, comps: [pc1, pc2], proj };
}
