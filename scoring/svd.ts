import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { createGaussian, createPrng } from './prng';

/** A sparse matrix in compressed-row form. */
export interface SparseMatrix {
  rows: number;
  columns: number;
  /** rowStart[i] … rowStart[i + 1] − 1 index the entries of row i. */
  rowStart: Int32Array;
  column: Int32Array;
  value: Float64Array;
}

/** Options of the randomised SVD. */
export interface TruncatedSvdOptions {
  /** Wanted rank k (reduced to what the matrix allows). */
  rank: number;
  /** Extra random directions beyond k. @default 10 */
  oversampling?: number;
  /** Power iterations, which sharpen the spectrum of text matrices. @default 2 */
  powerIterations?: number;
  /** Seed of the Gaussian test matrix. */
  seed: number;
}

/** The leading singular triplets' left side: U is rows × rank, row-major. */
export interface TruncatedSvd {
  rank: number;
  u: Float64Array;
  singularValues: number[];
}

/** out (rows × l, row-major) = A · x (columns × l, row-major): each non-zero does l contiguous updates. */
function multiply(a: SparseMatrix, x: Float64Array, l: number): Float64Array {
  const out = new Float64Array(a.rows * l);
  for (let i = 0; i < a.rows; i += 1) {
    const to = i * l;
    for (let p = a.rowStart[i] as number; p < (a.rowStart[i + 1] as number); p += 1) {
      const from = (a.column[p] as number) * l;
      const v = a.value[p] as number;
      for (let c = 0; c < l; c += 1) out[to + c] = (out[to + c] as number) + v * (x[from + c] as number);
    }
  }
  return out;
}

/** out (columns × l, row-major) = Aᵀ · y (rows × l, row-major). */
function multiplyTransposed(a: SparseMatrix, y: Float64Array, l: number): Float64Array {
  const out = new Float64Array(a.columns * l);
  for (let i = 0; i < a.rows; i += 1) {
    const from = i * l;
    for (let p = a.rowStart[i] as number; p < (a.rowStart[i + 1] as number); p += 1) {
      const to = (a.column[p] as number) * l;
      const v = a.value[p] as number;
      for (let c = 0; c < l; c += 1) out[to + c] = (out[to + c] as number) + v * (y[from + c] as number);
    }
  }
  return out;
}

function transpose(x: Float64Array, rows: number, columns: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < rows; i += 1) for (let c = 0; c < columns; c += 1) out[c * rows + i] = x[i * columns + c] as number;
  return out;
}

/**
 * Orthonormalises the l columns of a column-major matrix in place by classical Gram–Schmidt,
 * repeated `passes` times ("twice is enough", Giraud et al. 2005). Columns that vanish (rank
 * deficiency) are set to zero.
 */
function orthonormalise(x: Float64Array, n: number, l: number, passes: number): void {
  const dots = new Float64Array(l);
  const nonZero = new Int32Array(l);
  for (let c = 0; c < l; c += 1) {
    const base = c * n;
    let before = 0;
    for (let i = 0; i < n; i += 1) before += (x[base + i] as number) ** 2;
    for (let pass = 0; pass < passes; pass += 1) {
      // Four dot products per sweep over column c; each still sums over i in order.
      let p = 0;
      for (; p + 4 <= c; p += 4) {
        const p0 = p * n;
        const p1 = p0 + n;
        const p2 = p1 + n;
        const p3 = p2 + n;
        let d0 = 0;
        let d1 = 0;
        let d2 = 0;
        let d3 = 0;
        for (let i = 0; i < n; i += 1) {
          const xi = x[base + i] as number;
          d0 += xi * (x[p0 + i] as number);
          d1 += xi * (x[p1 + i] as number);
          d2 += xi * (x[p2 + i] as number);
          d3 += xi * (x[p3 + i] as number);
        }
        dots[p] = d0;
        dots[p + 1] = d1;
        dots[p + 2] = d2;
        dots[p + 3] = d3;
      }
      for (; p < c; p += 1) {
        const prev = p * n;
        let dot = 0;
        for (let i = 0; i < n; i += 1) dot += (x[base + i] as number) * (x[prev + i] as number);
        dots[p] = dot;
      }
      // Subtract the projections in order of p, four columns per sweep: each entry sees the same
      // sequence of operations as one column at a time.
      let count = 0;
      for (let q = 0; q < c; q += 1) if ((dots[q] as number) !== 0) nonZero[count++] = q;
      let k = 0;
      for (; k + 4 <= count; k += 4) {
        const q0 = nonZero[k] as number;
        const q1 = nonZero[k + 1] as number;
        const q2 = nonZero[k + 2] as number;
        const q3 = nonZero[k + 3] as number;
        const s0 = dots[q0] as number;
        const s1 = dots[q1] as number;
        const s2 = dots[q2] as number;
        const s3 = dots[q3] as number;
        const o0 = q0 * n;
        const o1 = q1 * n;
        const o2 = q2 * n;
        const o3 = q3 * n;
        for (let i = 0; i < n; i += 1) {
          let v = x[base + i] as number;
          v -= s0 * (x[o0 + i] as number);
          v -= s1 * (x[o1 + i] as number);
          v -= s2 * (x[o2 + i] as number);
          v -= s3 * (x[o3 + i] as number);
          x[base + i] = v;
        }
      }
      for (; k < count; k += 1) {
        const q = nonZero[k] as number;
        const dot = dots[q] as number;
        const prev = q * n;
        for (let i = 0; i < n; i += 1) x[base + i] = (x[base + i] as number) - dot * (x[prev + i] as number);
      }
    }
    let norm = 0;
    for (let i = 0; i < n; i += 1) norm += (x[base + i] as number) ** 2;
    norm = Math.sqrt(norm);
    if (norm <= 1e-10 * Math.sqrt(before) || norm === 0) x.fill(0, base, base + n);
    else for (let i = 0; i < n; i += 1) x[base + i] = (x[base + i] as number) / norm;
  }
}

/** Orthonormalises the columns of a row-major n × l matrix (Gram–Schmidt runs on columns, so on a transposed copy). */
function orthonormaliseRowMajor(x: Float64Array, n: number, l: number, passes: number): Float64Array {
  const columnMajor = transpose(x, n, l);
  orthonormalise(columnMajor, n, l, passes);
  return transpose(columnMajor, l, n);
}

/**
 * Randomised truncated SVD (Halko, Martinsson & Tropp 2011, algorithms 4.4 and 5.1): a seeded
 * Gaussian sketch of the range of A, refined by power iterations, then the small l × l problem
 * B·Bᵀ = (Qᵀ A)(Qᵀ A)ᵀ is solved exactly with ml-matrix's symmetric eigendecomposition. Cost is a
 * few sparse products with l = k + oversampling columns, so k ≈ 100 on 2,000 × 5,000 takes seconds,
 * where a dense SVD would take minutes.
 */
export function truncatedSvd(a: SparseMatrix, options: TruncatedSvdOptions): TruncatedSvd {
  const rank = Math.max(0, Math.min(options.rank, a.rows, a.columns));
  if (rank === 0) return { rank: 0, u: new Float64Array(0), singularValues: [] };
  const l = Math.min(rank + (options.oversampling ?? 10), a.rows, a.columns);
  const gaussian = createGaussian(createPrng(options.seed));
  // Row-major columns × l; the layout does not matter for i.i.d. entries.
  const omega = new Float64Array(a.columns * l);
  for (let i = 0; i < omega.length; i += 1) omega[i] = gaussian();

  // Inside the power iterations one pass only keeps the columns from collapsing onto the top
  // singular vector; the final basis gets two passes.
  const iterations = options.powerIterations ?? 2;
  let q = orthonormaliseRowMajor(multiply(a, omega, l), a.rows, l, iterations === 0 ? 2 : 1);
  for (let it = 0; it < iterations; it += 1) {
    const z = orthonormaliseRowMajor(multiplyTransposed(a, q, l), a.columns, l, 1);
    q = orthonormaliseRowMajor(multiply(a, z, l), a.rows, l, it === iterations - 1 ? 2 : 1);
  }
  // Bᵀ = Aᵀ Q (columns × l, row-major); B Bᵀ = Σ over its rows of their outer products (l × l).
  const bt = multiplyTransposed(a, q, l);
  const g = new Float64Array(l * l);
  for (let j = 0; j < a.columns; j += 1) {
    const row = j * l;
    for (let r = 0; r < l; r += 1) {
      const v = bt[row + r] as number;
      if (v === 0) continue;
      for (let c = r; c < l; c += 1) g[r * l + c] = (g[r * l + c] as number) + v * (bt[row + c] as number);
    }
  }
  const gram: number[][] = [];
  for (let r = 0; r < l; r += 1) gram.push(Array.from({ length: l }, (_, c) => (c >= r ? (g[r * l + c] as number) : (g[c * l + r] as number))));
  const evd = new EigenvalueDecomposition(new Matrix(gram), { assumeSymmetric: true });
  const order = evd.realEigenvalues.map((value, index) => ({ value, index })).sort((x, y) => y.value - x.value || x.index - y.index);
  const vectors = evd.eigenvectorMatrix;
  // W (l × rank, row-major): the leading eigenvectors, each with its sign fixed (largest |entry|
  // positive) so the basis is reproducible, not just up to sign.
  const w = new Float64Array(l * rank);
  const singularValues: number[] = [];
  for (let c = 0; c < rank; c += 1) {
    const { value, index } = order[c] as { value: number; index: number };
    singularValues.push(Math.sqrt(Math.max(0, value)));
    let sign = 1;
    let largest = 0;
    for (let r = 0; r < l; r += 1) {
      const entry = vectors.get(r, index);
      if (Math.abs(entry) > largest) {
        largest = Math.abs(entry);
        sign = entry < 0 ? -1 : 1;
      }
    }
    for (let r = 0; r < l; r += 1) w[r * rank + c] = sign * vectors.get(r, index);
  }
  // U = Q W, row by row so both are read contiguously.
  const u = new Float64Array(a.rows * rank);
  for (let i = 0; i < a.rows; i += 1) {
    const out = i * rank;
    for (let r = 0; r < l; r += 1) {
      const qv = q[i * l + r] as number;
      if (qv === 0) continue;
      const from = r * rank;
      for (let c = 0; c < rank; c += 1) u[out + c] = (u[out + c] as number) + qv * (w[from + c] as number);
    }
  }
  return { rank, u, singularValues };
}
