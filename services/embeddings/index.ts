export {
  createEmbeddingsClient,
  EmbeddingsUnavailableError,
  type EmbeddingKind,
  type EmbeddingsClient,
  type EmbeddingsClientOptions,
} from './embeddings.client';
export {
  createEmbedder,
  type EmbedOutcome,
  type EmbedRequest,
  type Embedder,
  type EmbedderDeps,
} from './embedder';
export { syncDenseVectors, type DenseSyncDeps, type DenseSyncOutcome, type DenseTarget } from './dense-sync';
