import { createHash } from 'node:crypto';
import type { Connection } from 'mongoose';
import { embeddingModelOf } from './embedding.model';
import { chunkedBulkWrite } from './ferretdb/chunked-bulk-write';

/** Which side of an asymmetric embedding model a text is on (e5: "query: " or "passage: "). */
export type EmbeddingSide = 'query' | 'passage';

/** One vector to store, under the key of its model, side and text. */
export interface StoredEmbedding {
  key: string;
  model: string;
  kind: EmbeddingSide;
  vector: Float32Array;
}

/** Stored embeddings, keyed by {@link embeddingKey}. */
export interface EmbeddingRepository {
  /** The stored vectors among `keys`, by key (absent keys are left out). */
  findMany(keys: readonly string[]): Promise<Map<string, Float32Array>>;
  /** Stores vectors; a key already stored keeps its vector (the same text and model give the same one). */
  saveMany(embeddings: readonly StoredEmbedding[]): Promise<void>;
}

/** The key of a text's vector: hex SHA-256 of the model name, the side and the exact text. */
export function embeddingKey(model: string, kind: EmbeddingSide, text: string): string {
  return createHash('sha256').update(`${model}\u0000${kind}\u0000${text}`).digest('hex');
}

function encode(vector: Float32Array): string {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64');
}

function decode(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  const vector = new Float32Array(bytes.length / 4);
  for (let i = 0; i < vector.length; i += 1) vector[i] = bytes.readFloatLE(i * 4);
  return vector;
}

/** The embedding repository on `conn`. */
export function createEmbeddingRepository(conn: Connection): EmbeddingRepository {
  const embeddings = embeddingModelOf(conn);
  return {
    async findMany(keys) {
      const found = new Map<string, Float32Array>();
      // One look-up by `_id` per key: FerretDB 1.x uses its index for a lone `_id` filter only.
      const docs = await Promise.all(
        [...new Set(keys)].map((key) => embeddings.findById(key).lean<{ _id: string; vector: string }>()),
      );
      for (const doc of docs) if (doc) found.set(doc._id, decode(doc.vector));
      return found;
    },
    async saveMany(list) {
      const now = new Date();
      // Sent in commands of at most 50 (FerretDB 1.x, see ferretdb/).
      await chunkedBulkWrite(
        embeddings.collection,
        list.map((embedding) => ({
          updateOne: {
            filter: { _id: embedding.key },
            update: {
              $setOnInsert: {
                model: embedding.model,
                kind: embedding.kind,
                vector: encode(embedding.vector),
                dimensions: embedding.vector.length,
                createdAt: now,
              },
            },
            upsert: true,
          },
        })) as never[],
        false,
      );
    },
  };
}
