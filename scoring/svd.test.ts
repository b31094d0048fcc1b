import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { createPrng } from './prng';
import { truncatedSvd, type SparseMatrix } from './svd';

function toSparse(dense: number[][]): SparseMatrix {
  const rows = dense.length;
  const columns = dense[0]?.length ?? 0;
  const rowStart = new Int32Array(rows + 1);
  const column: number[] = [];
  const value: number[] = [];
  dense.forEach((row, i) => {
    row.forEach((v, j) => {
      if (v !== 0) {
        column.push(j);
        value.push(v);
      }
    });
    rowStart[i + 1] = column.length;
  });
  return { rows, columns, rowStart, column: Int32Array.from(column), value: Float64Array.from(value) };
}

function randomSparse(rows: number, columns: number, density: number, seed: number): number[][] {
  const random = createPrng(seed);
  return Array.from({ length: rows }, () =>
    Array.from({ length: columns }, () => (random() < density ? random() : 0)),
  );
}

describe('truncatedSvd', () => {
  const dense = randomSparse(120, 60, 0.15, 7);
  const exact = new SingularValueDecomposition(new Matrix(dense), { autoTranspose: true });

  it('finds the leading singular values of a sparse matrix (within 1 % where the spectrum is flat)', () => {
    const result = truncatedSvd(toSparse(dense), { rank: 5, seed: 1, powerIterations: 4 });
    expect(result.rank).toBe(5);
    expect(result.singularValues[0]).toBeCloseTo(exact.diagonal[0] as number, 6);
    result.singularValues.forEach((sigma, i) =>
      expect(Math.abs(sigma / (exact.diagonal[i] as number) - 1)).toBeLessThan(0.01),
    );
  });

  it('returns orthonormal left singular vectors', () => {
    const { u, rank } = truncatedSvd(toSparse(dense), { rank: 6, seed: 3 });
    for (let a = 0; a < rank; a += 1) {
      for (let b = 0; b < rank; b += 1) {
        let dot = 0;
        for (let i = 0; i < 120; i += 1) dot += (u[i * rank + a] as number) * (u[i * rank + b] as number);
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 8);
      }
    }
  });

  it('is deterministic for a seed', () => {
    const a = truncatedSvd(toSparse(dense), { rank: 4, seed: 11 });
    const b = truncatedSvd(toSparse(dense), { rank: 4, seed: 11 });
    expect(Array.from(a.u)).toEqual(Array.from(b.u));
  });

  it('caps the rank at the matrix size and survives rank deficiency', () => {
    const lowRank = [
      [1, 2, 0],
      [2, 4, 0],
      [0, 0, 0],
      [3, 6, 0],
    ];
    const result = truncatedSvd(toSparse(lowRank), { rank: 10, seed: 1 });
    expect(result.rank).toBe(3);
    expect(result.singularValues[0]).toBeCloseTo(Math.sqrt(14 * 5), 8);
    expect(result.singularValues[1]).toBeCloseTo(0, 6);
    expect(Array.from(result.u).every(Number.isFinite)).toBe(true);
  });
});
