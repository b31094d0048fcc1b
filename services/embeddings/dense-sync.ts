import type { DenseStatusRepository } from '../../models';
import {
  fitDenseChannel,
  needEmbeddingText,
  startupEmbeddingText,
  type NeedDocument,
  type StartupDocument,
} from '../../scoring';
import type { EmbedRequest, Embedder } from './embedder';

/** What of a scoring index the dense channel is loaded into (`ScoringIndex` has all of it). */
export interface DenseTarget {
  /** The embedding model of the index's dense channel, or null when it has none. */
  readonly denseModel: string | null;
  hasDenseVector(kind: 'need' | 'startup', id: string): boolean;
  setDenseChannel(channel: ReturnType<typeof fitDenseChannel> | null): void;
  setNeedVector(id: string, vector: ArrayLike<number> | null): void;
  setStartupVector(id: string, vector: ArrayLike<number> | null): void;
}

/** What one pass achieved. */
export interface DenseSyncOutcome {
  /** Vectors the service computed in this pass. */
  embedded: number;
  /** Vectors found stored (same text and model). */
  reused: number;
  /** Ids still without a vector: ranked lexically until a later pass gives them one. */
  withoutVector: { needs: string[]; startups: string[] };
  /** True when the service failed or was too slow in this pass. */
  degraded: boolean;
  error?: string;
}

export interface DenseSyncDeps {
  embedder: Embedder;
  status: DenseStatusRepository;
}

/**
 * Gives every need and profile of `docs` that the index holds no vector for its vector: stored ones
 * are reused, the others embedded in batches (each batch stored as it comes back, see
 * `createEmbedder`). A service that fails or is too slow ends the pass: the documents it did not
 * reach keep ranking lexically, nothing is held back, and the recorded status says `degraded` (the
 * match lists show it) until a later pass, once the service is back, embeds them. An index without
 * a dense channel of the embedder's model gets one, fitted on the profiles' vectors, in the first
 * pass that has every profile's vector. `now` stamps the
 * status (the caller's clock).
 */
export async function syncDenseVectors(
  deps: DenseSyncDeps,
  target: DenseTarget,
  docs: { needs: readonly NeedDocument[]; startups: readonly StartupDocument[] },
  now: Date,
): Promise<DenseSyncOutcome> {
  const needs = docs.needs.filter((need) => !target.hasDenseVector('need', need.id));
  const startups = docs.startups.filter((startup) => !target.hasDenseVector('startup', startup.id));
  const requests: EmbedRequest[] = [
    ...startups.map((startup) => ({ text: startupEmbeddingText(startup), kind: 'passage' as const })),
    ...needs.map((need) => ({ text: needEmbeddingText(need), kind: 'query' as const })),
  ];
  const outcome = await deps.embedder.embed(requests);
  const vectors = outcome.vectors;
  // Without a channel no vector counts as held (`hasDenseVector`), so every profile was asked for:
  // the channel is fitted once all of them have their vector, then the vectors are placed.
  const profileVectors = vectors.slice(0, startups.length);
  if (
    target.denseModel !== deps.embedder.model &&
    startups.length > 0 &&
    profileVectors.every((vector) => vector !== null)
  )
    target.setDenseChannel(fitDenseChannel(deps.embedder.model, profileVectors as Float32Array[]));
  const withoutVector = { needs: [] as string[], startups: [] as string[] };
  startups.forEach((startup, i) => {
    const vector = vectors[i];
    if (vector) target.setStartupVector(startup.id, vector);
    else withoutVector.startups.push(startup.id);
  });
  needs.forEach((need, i) => {
    const vector = vectors[startups.length + i];
    if (vector) target.setNeedVector(need.id, vector);
    else withoutVector.needs.push(need.id);
  });
  const previous = await deps.status.get();
  await deps.status.record({
    degraded: outcome.degraded,
    error: outcome.degraded ? (outcome.error ?? 'embedding service unavailable') : null,
    degradedSince: outcome.degraded ? (previous?.degradedSince ?? now) : null,
    needsWithoutVector: withoutVector.needs.length,
    startupsWithoutVector: withoutVector.startups.length,
    updatedAt: now,
  });
  return {
    embedded: outcome.embedded,
    reused: outcome.reused,
    withoutVector,
    degraded: outcome.degraded,
    ...(outcome.error !== undefined ? { error: outcome.error } : {}),
  };
}
