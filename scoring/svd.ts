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

/** out[to … to + l) += v × x[from … from + l): the update every sparse product is made of, four entries per step. */
function addScaledRow(
  out: Float64Array,
  to: number,
  x: Float64Array,
  from: number,
  v: number,
  l: number,
): void {
  let c = 0;
  for (; c + 4 <= l; c += 4) {
    out[to + c] = (out[to + c] as number) + v * (x[from + c] as number);
    out[to + c + 1] = (out[to + c + 1] as number) + v * (x[from + c + 1] as number);
    out[to + c + 2] = (out[to + c + 2] as number) + v * (x[from + c + 2] as number);
    out[to + c + 3] = (out[to + c + 3] as number) + v * (x[from + c + 3] as number);
  }
  for (; c < l; c += 1) out[to + c] = (out[to + c] as number) + v * (x[from + c] as number);
}

/** out (rows × l, row-major) = A · x (columns × l, row-major): each non-zero does l contiguous updates. */
function multiply(a: SparseMatrix, x: Float64Array, l: number): Float64Array {
  const out = new Float64Array(a.rows * l);
  const { rowStart, column, value } = a;
  for (let i = 0; i < a.rows; i += 1) {
    const end = rowStart[i + 1] as number;
    for (let p = rowStart[i] as number; p < end; p += 1)
      addScaledRow(out, i * l, x, (column[p] as number) * l, value[p] as number, l);
  }
  return out;
}

/** out (columns × l, row-major) = Aᵀ · y (rows × l, row-major). */
function multiplyTransposed(a: SparseMatrix, y: Float64Array, l: number): Float64Array {
  const out = new Float64Array(a.columns * l);
  const { rowStart, column, value } = a;
  for (let i = 0; i < a.rows; i += 1) {
    const end = rowStart[i + 1] as number;
    for (let p = rowStart[i] as number; p < end; p += 1)
      addScaledRow(out, (column[p] as number) * l, y, i * l, value[p] as number, l);
  }
  return out;
}

/** XᵀX (l × l, row-major) of a column-major n × l matrix: dot products of column pairs, four at a time. */
function gramOfColumns(x: Float64Array, n: number, l: number): Float64Array {
  const g = new Float64Array(l * l);
  for (let r = 0; r < l; r += 1) {
    const base = r * n;
    let c = r;
    for (; c + 4 <= l; c += 4) {
      const o0 = c * n;
      const o1 = o0 + n;
      const o2 = o1 + n;
      const o3 = o2 + n;
      let d0 = 0;
      let d1 = 0;
      let d2 = 0;
      let d3 = 0;
      for (let i = 0; i < n; i += 1) {
        const xi = x[base + i] as number;
        d0 += xi * (x[o0 + i] as number);
        d1 += xi * (x[o1 + i] as number);
        d2 += xi * (x[o2 + i] as number);
        d3 += xi * (x[o3 + i] as number);
      }
      g[r * l + c] = d0;
      g[r * l + c + 1] = d1;
      g[r * l + c + 2] = d2;
      g[r * l + c + 3] = d3;
    }
    for (; c < l; c += 1) {
      const other = c * n;
      let dot = 0;
      for (let i = 0; i < n; i += 1) dot += (x[base + i] as number) * (x[other + i] as number);
      g[r * l + c] = dot;
    }
    for (let below = 0; below < r; below += 1) g[r * l + below] = g[below * l + r] as number;
  }
  return g;
}

function transpose(x: Float64Array, rows: number, columns: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < rows; i += 1)
    for (let c = 0; c < columns; c += 1) out[c * rows + i] = x[i * columns + c] as number;
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
 * Gaussian sketch of the range of A on its shorter side, refined by power iterations, then the small
 * l × l problem CᵀC (C = A's product with that basis, on the longer side) is solved exactly with
 * ml-matrix's symmetric eigendecomposition. Cost is a few sparse products with l = k + oversampling
 * columns, and every orthonormalisation runs on the shorter side (documents, for a term × document
 * matrix with more terms than documents), so k ≈ 100 on 2,000 × 8,000 takes about a second, where a
 * dense SVD would take minutes.
 *
 * With the basis Q on the column side, A ≈ (AQ)Qᵀ = C Qᵀ and C = U Σ Wᵀ gives U = C W Σ⁻¹; with Q
 * on the row side, U = Q W. Singular values below 1e-10 σ₁ get a zero column.
 */
export function truncatedSvd(a: SparseMatrix, options: TruncatedSvdOptions): TruncatedSvd {
  const rank = Math.max(0, Math.min(options.rank, a.rows, a.columns));
  if (rank === 0) return { rank: 0, u: new Float64Array(0), singularValues: [] };
  const l = Math.min(rank + (options.oversampling ?? 10), a.rows, a.columns);
  const gaussian = createGaussian(createPrng(options.seed));
  // The basis lives on the shorter side: `toShort` maps a long-side block to the short side.
  const columnSide = a.columns <= a.rows;
  const shortSize = columnSide ? a.columns : a.rows;
  const longSize = columnSide ? a.rows : a.columns;
  const toShort = (x: Float64Array): Float64Array =>
    columnSide ? multiplyTransposed(a, x, l) : multiply(a, x, l);
  const toLong = (x: Float64Array): Float64Array =>
    columnSide ? multiply(a, x, l) : multiplyTransposed(a, x, l);
  // Row-major longSize × l; the layout does not matter for i.i.d. entries.
  const omega = new Float64Array(longSize * l);
  for (let i = 0; i < omega.length; i += 1) omega[i] = gaussian();

  // Inside the power iterations one pass only keeps the columns from collapsing onto the top
  // singular vector; the final basis gets two passes.
  const iterations = options.powerIterations ?? 2;
  let q = orthonormaliseRowMajor(toShort(omega), shortSize, l, iterations === 0 ? 2 : 1);
  for (let it = 0; it < iterations; it += 1)
    q = orthonormaliseRowMajor(toShort(toLong(q)), shortSize, l, it === iterations - 1 ? 2 : 1);
  // C (longSize × l, row-major) and CᵀC (l × l), the Gram matrix of its columns.
  const c = toLong(q);
  const g = gramOfColumns(transpose(c, longSize, l), longSize, l);
  const gram: number[][] = [];
  for (let r = 0; r < l; r += 1) gram.push(Array.from(g.subarray(r * l, (r + 1) * l)));
  const evd = new EigenvalueDecomposition(new Matrix(gram), { assumeSymmetric: true });
  const order = evd.realEigenvalues
    .map((value, index) => ({ value, index }))
    .sort((x, y) => y.value - x.value || x.index - y.index);
  const vectors = evd.eigenvectorMatrix;
  // W (l × rank, row-major): the leading eigenvectors, each with its sign fixed (largest |entry|
  // positive) so the basis is reproducible, not just up to sign; scaled by 1/σ when U = A Q W Σ⁻¹.
  const w = new Float64Array(l * rank);
  const singularValues: number[] = [];
  for (let col = 0; col < rank; col += 1)
    singularValues.push(Math.sqrt(Math.max(0, (order[col] as { value: number }).value)));
  const largestSigma = singularValues[0] as number;
  for (let col = 0; col < rank; col += 1) {
    const { index } = order[col] as { value: number; index: number };
    const sigma = singularValues[col] as number;
    let scale = 1;
    if (columnSide) scale = sigma > 1e-10 * largestSigma && sigma > 0 ? 1 / sigma : 0;
    let sign = 1;
    let largest = 0;
    for (let r = 0; r < l; r += 1) {
      const entry = vectors.get(r, index);
      if (Math.abs(entry) > largest) {
        largest = Math.abs(entry);
        sign = entry < 0 ? -1 : 1;
      }
    }
    for (let r = 0; r < l; r += 1) w[r * rank + col] = sign * scale * vectors.get(r, index);
  }
  // U = Q W (Q on the row side), or C W Σ⁻¹ = A (Q W Σ⁻¹) (Q on the column side): the small dense
  // product first, then one sparse product with rank columns, cheaper than C times W.
  const qw = new Float64Array(shortSize * rank);
  for (let i = 0; i < shortSize; i += 1) {
    const out = i * rank;
    const row = i * l;
    let r = 0;
    for (; r + 4 <= l; r += 4) {
      const b0 = q[row + r] as number;
      const b1 = q[row + r + 1] as number;
      const b2 = q[row + r + 2] as number;
      const b3 = q[row + r + 3] as number;
      const w0 = r * rank;
      const w1 = w0 + rank;
      const w2 = w1 + rank;
      const w3 = w2 + rank;
      for (let col = 0; col < rank; col += 1) {
        qw[out + col] =
          (qw[out + col] as number) +
          b0 * (w[w0 + col] as number) +
          b1 * (w[w1 + col] as number) +
          b2 * (w[w2 + col] as number) +
          b3 * (w[w3 + col] as number);
      }
    }
    for (; r < l; r += 1) {
      const bv = q[row + r] as number;
      const from = r * rank;
      for (let col = 0; col < rank; col += 1)
        qw[out + col] = (qw[out + col] as number) + bv * (w[from + col] as number);
    }
  }
  return { rank, u: columnSide ? multiply(a, qw, rank) : qw, singularValues };
}
