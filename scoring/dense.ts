import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { toPlainText } from './html';
import type { NeedDocument, StartupDocument } from './types';

/**
 * The dense channel: document vectors from a sentence-embedding model (multilingual-e5-small by
 * default, computed outside this core and passed in as data), compared by cosine and standardised
 * per need against the fit profiles, like the LSA channel.
 *
 * Vectors are kept as their coordinates along the `rank` principal directions of the fit profiles'
 * vectors (centred on their mean): the cosine of a need and a profile is then the need's constant
 * q·mean plus a `rank`-long dot product, and its spread over the profiles is diagonal (one variance
 * per direction). Ranking reads `rank` numbers per profile instead of the model's full width.
 */
export interface DenseChannel {
  /** Name of the embedding model the vectors come from; vectors of another model do not mix. */
  model: string;
  /** Width of the model's vectors. */
  dimensions: number;
  /** Number of principal directions kept. */
  rank: number;
  /** Mean of the fit profiles' unit vectors (`dimensions` numbers). */
  mean: number[];
  /** Row-major `dimensions × rank`: the principal directions, as columns. */
  basis: number[];
  /** Variance of the fit profiles along each direction (`rank` numbers, largest first). */
  variance: number[];
}

/** Options of `fitDenseChannel`. */
export interface DenseFitOptions {
  /** Principal directions kept. Minimum 1, at most the vectors' width. @default 128 */
  rank?: number;
}

export const DEFAULT_DENSE_RANK = 128;

/** Scales a copy of a vector to unit length (all zeros stays all zeros). */
export function unitVector(vector: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(vector as ArrayLike<number>);
  let norm = 0;
  for (let i = 0; i < out.length; i += 1) norm += (out[i] as number) ** 2;
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < out.length; i += 1) out[i] = (out[i] as number) * scale;
  }
  return out;
}

/**
 * Fits the channel on the profiles' vectors (any order gives the same channel up to the sign of a
 * direction, which changes no score). Throws on an empty list or vectors of different widths.
 */
export function fitDenseChannel(
  model: string,
  vectors: readonly ArrayLike<number>[],
  options: DenseFitOptions = {},
): DenseChannel {
  const first = vectors[0];
  if (first === undefined) throw new RangeError('fitDenseChannel needs at least one vector');
  const dimensions = first.length;
  const rank = Math.min(dimensions, Math.max(1, Math.floor(options.rank ?? DEFAULT_DENSE_RANK)));
  const units = vectors.map((vector) => {
    if (vector.length !== dimensions) throw new RangeError('dense vectors of different widths');
    return unitVector(vector);
  });
  const mean = new Float64Array(dimensions);
  for (const unit of units)
    for (let i = 0; i < dimensions; i += 1) mean[i] = (mean[i] as number) + (unit[i] as number);
  for (let i = 0; i < dimensions; i += 1) mean[i] = (mean[i] as number) / units.length;
  const sums = new Float64Array(dimensions * dimensions);
  const centred = new Float64Array(dimensions);
  for (const unit of units) {
    for (let i = 0; i < dimensions; i += 1) centred[i] = (unit[i] as number) - (mean[i] as number);
    for (let i = 0; i < dimensions; i += 1) {
      const ci = centred[i] as number;
      const offset = i * dimensions;
      for (let j = i; j < dimensions; j += 1)
        sums[offset + j] = (sums[offset + j] as number) + ci * (centred[j] as number);
    }
  }
  const covariance = new Matrix(dimensions, dimensions);
  for (let i = 0; i < dimensions; i += 1)
    for (let j = i; j < dimensions; j += 1) {
      const value = (sums[i * dimensions + j] as number) / units.length;
      covariance.set(i, j, value);
      covariance.set(j, i, value);
    }
  const evd = new EigenvalueDecomposition(covariance, { assumeSymmetric: true });
  // ml-matrix returns eigenvalues in ascending order.
  const order = evd.realEigenvalues
    .map((value, index) => ({ value, index }))
    .sort((a, b) => b.value - a.value || a.index - b.index)
    .slice(0, rank);
  const vectorsMatrix = evd.eigenvectorMatrix;
  const basis: number[] = new Array<number>(dimensions * rank);
  for (let i = 0; i < dimensions; i += 1)
    order.forEach(({ index }, r) => {
      basis[i * rank + r] = vectorsMatrix.get(i, index);
    });
  return {
    model,
    dimensions,
    rank,
    mean: [...mean],
    basis,
    variance: order.map(({ value }) => Math.max(0, value)),
  };
}

/** A channel unpacked into typed arrays once per index. */
export interface DenseRuntime {
  channel: DenseChannel;
  mean: Float64Array;
  basis: Float64Array;
  variance: Float64Array;
}

export function createDenseRuntime(channel: DenseChannel): DenseRuntime {
  return {
    channel,
    mean: Float64Array.from(channel.mean),
    basis: Float64Array.from(channel.basis),
    variance: Float64Array.from(channel.variance),
  };
}

/** A document's coordinates along the channel's directions, of its unit vector minus the mean (`rank` numbers). */
export function projectProfileVector(runtime: DenseRuntime, vector: ArrayLike<number>): Float32Array {
  return coordinates(runtime, unitVector(checkWidth(runtime, vector)), true);
}

/**
 * A need's side of the channel: its coordinates (the unit vector itself, not centred: the cosine
 * with a profile is q·mean + q·(d − mean)) scaled by 1 / the spread of its cosines over the fit
 * profiles, so that one dot product with a profile's coordinates is the standardised score.
 */
export function prepareNeedVector(runtime: DenseRuntime, vector: ArrayLike<number>): Float32Array {
  const coords = coordinates(runtime, unitVector(checkWidth(runtime, vector)), false);
  let variance = 0;
  for (let r = 0; r < coords.length; r += 1)
    variance += (coords[r] as number) ** 2 * (runtime.variance[r] as number);
  const scale = variance > 0 ? 1 / Math.sqrt(variance) : 0;
  for (let r = 0; r < coords.length; r += 1) coords[r] = (coords[r] as number) * scale;
  return coords;
}

function checkWidth(runtime: DenseRuntime, vector: ArrayLike<number>): ArrayLike<number> {
  if (vector.length !== runtime.channel.dimensions)
    throw new RangeError(
      `dense vector of width ${vector.length}, the channel has ${runtime.channel.dimensions}`,
    );
  return vector;
}

function coordinates(runtime: DenseRuntime, unit: Float64Array, centre: boolean): Float32Array {
  const { rank, dimensions } = runtime.channel;
  const out = new Float64Array(rank);
  for (let i = 0; i < dimensions; i += 1) {
    const x = (unit[i] as number) - (centre ? (runtime.mean[i] as number) : 0);
    if (x === 0) continue;
    const offset = i * rank;
    for (let r = 0; r < rank; r += 1) out[r] = (out[r] as number) + x * (runtime.basis[offset + r] as number);
  }
  return Float32Array.from(out);
}

/** Standardised dense score of a pair: the dot product of the need's scaled and the profile's coordinates. */
export function denseScore(need: Float32Array, profiles: Float32Array, offset: number): number {
  const k = need.length;
  let d0 = 0;
  let d1 = 0;
  let d2 = 0;
  let d3 = 0;
  let j = 0;
  for (; j + 4 <= k; j += 4) {
    d0 += (need[j] as number) * (profiles[offset + j] as number);
    d1 += (need[j + 1] as number) * (profiles[offset + j + 1] as number);
    d2 += (need[j + 2] as number) * (profiles[offset + j + 2] as number);
    d3 += (need[j + 3] as number) * (profiles[offset + j + 3] as number);
  }
  for (; j < k; j += 1) d0 += (need[j] as number) * (profiles[offset + j] as number);
  return d0 + d1 + (d2 + d3);
}

/** The text of a need that is embedded (plain text of its title, description and tags). */
export function needEmbeddingText(doc: NeedDocument): string {
  return joinTexts([doc.title, doc.description, ...(doc.tags ?? [])]);
}

/**
 * Most characters of a profile that are embedded: its start says what the company does, and the
 * model's cost grows with the text (e5 reads at most 512 tokens, about 2,000 characters).
 */
export const STARTUP_EMBEDDING_CHARACTERS = 1000;

/**
 * The text of a profile that is embedded: its one-liner, offering, description, tags and
 * references (not its name), cut after at most `STARTUP_EMBEDDING_CHARACTERS` at a word boundary.
 */
export function startupEmbeddingText(doc: StartupDocument): string {
  const text = joinTexts([
    doc.oneLiner,
    doc.offering,
    doc.description,
    ...(doc.tags ?? []),
    ...(doc.references ?? []),
  ]);
  if (text.length <= STARTUP_EMBEDDING_CHARACTERS) return text;
  const cut = text.slice(0, STARTUP_EMBEDDING_CHARACTERS);
  const space = cut.search(/\s\S*$/);
  return space > 0 ? cut.slice(0, space) : cut;
}

function joinTexts(texts: readonly (string | undefined)[]): string {
  return texts
    .map((text) => (text ? toPlainText(text).trim() : ''))
    .filter((text) => text !== '')
    .join('\n');
}
