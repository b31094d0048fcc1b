import { embeddingKey, type EmbeddingRepository } from '../../models';
import { EmbeddingsUnavailableError, type EmbeddingKind, type EmbeddingsClient } from './embeddings.client';

/** One text to embed, on one side of the model. */
export interface EmbedRequest {
  text: string;
  kind: EmbeddingKind;
}

/** What one call achieved. */
export interface EmbedOutcome {
  /** One per request, in order: the vector, or null when the service could not give it now. */
  vectors: (Float32Array | null)[];
  /** Vectors found stored (text and model unchanged since they were embedded). */
  reused: number;
  /** Vectors the service computed in this call (stored before the call returns). */
  embedded: number;
  /** True when the service failed or was too slow: the null vectors are to be embedded later. */
  degraded: boolean;
  /** Why, when degraded (the service's error). */
  error?: string;
}

/** Embeds texts once: every vector is stored under the hash of its model, side and text. */
export interface Embedder {
  readonly model: string;
  embed(requests: readonly EmbedRequest[]): Promise<EmbedOutcome>;
}

export interface EmbedderDeps {
  client: EmbeddingsClient;
  store: EmbeddingRepository;
  /**
   * Most texts per request to the service: each batch is stored as soon as it is back. After a
   * failed request the next ones are half as large, growing back by one text a request, so a slow,
   * busy service still finishes requests within the client's timeout. @default 8
   */
  batchSize?: number;
  /** Called after each batch is stored, with how many of the missing texts are done. */
  onBatch?: (done: number, missing: number) => void;
  /** Awaited before each request to the service (the worker lets its lexical work go first). */
  beforeRequest?: () => Promise<void>;
}

/**
 * Looks every text up by its key first and asks the service only for the missing ones, in
 * batches, storing each batch at once (a service that dies mid-run keeps what it finished). A
 * service that fails or times out ends the call: the texts not embedded get null and the outcome
 * says `degraded`, so the caller ranks them lexically and tries again later. Errors of the
 * database are not caught: nothing is claimed stored that is not.
 */
export function createEmbedder(deps: EmbedderDeps): Embedder {
  const model = deps.client.model;
  const batchSize = Math.max(1, deps.batchSize ?? 8);
  /** Texts in the next request (halved after a failure, one more after each success). */
  let size = batchSize;
  return {
    model,
    async embed(requests) {
      const keys = requests.map((request) => embeddingKey(model, request.kind, request.text));
      const stored = await deps.store.findMany(keys);
      const vectors = keys.map((key) => stored.get(key) ?? null);
      const reused = vectors.filter((vector) => vector !== null).length;
      // Each distinct missing key once, side by side (one request is one side of the model).
      const missing = new Map<string, number[]>();
      keys.forEach((key, i) => {
        if (vectors[i] === null) missing.set(key, [...(missing.get(key) ?? []), i]);
      });
      const groups = [...missing.values()];
      let embedded = 0;
      for (const kind of ['query', 'passage'] as const) {
        const ofKind = groups.filter((positions) => requests[positions[0] as number]?.kind === kind);
        for (let start = 0; start < ofKind.length;) {
          const batch = ofKind.slice(start, start + size);
          start += batch.length;
          let got: Float32Array[];
          await deps.beforeRequest?.();
          try {
            got = await deps.client.embed(
              batch.map((positions) => (requests[positions[0] as number] as EmbedRequest).text),
              kind,
            );
          } catch (error) {
            if (!(error instanceof EmbeddingsUnavailableError)) throw error;
            size = Math.max(1, Math.floor(size / 2));
            return { vectors, reused, embedded, degraded: true, error: error.message };
          }
          await deps.store.saveMany(
            batch.map((positions, n) => ({
              key: keys[positions[0] as number] as string,
              model,
              kind,
              vector: got[n] as Float32Array,
            })),
          );
          batch.forEach((positions, n) => {
            for (const i of positions) vectors[i] = got[n] as Float32Array;
          });
          embedded += batch.length;
          size = Math.min(batchSize, size + 1);
          deps.onBatch?.(embedded, groups.length);
        }
      }
      return { vectors, reused, embedded, degraded: false };
    },
  };
}
