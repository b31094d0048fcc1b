export {
  createEmbeddingsClient,
  EmbeddingsUnavailableError,
  type EmbeddingKind,
  type EmbeddingsClient,
  type EmbeddingsClientOptions,
} from './embeddings.client';
