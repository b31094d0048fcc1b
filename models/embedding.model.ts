import { Schema, type Connection } from 'mongoose';
import { modelOf, type StoredModel } from './model-of';

/**
 * MongoDB shape of one stored embedding (collection `embeddings`). `_id` is the hex SHA-256 of the
 * model name, the side (query or passage) and the exact text embedded, so a text embedded once is
 * never embedded again, and a changed text or another model is a different key (it is embedded
 * anew). The vector is base64 of little-endian float32.
 */
export const embeddingMongooseSchema = new Schema(
  {
    _id: { type: String, required: true },
    model: { type: String, required: true },
    kind: { type: String, required: true, enum: ['query', 'passage'] },
    vector: { type: String, required: true },
    dimensions: { type: Number, required: true },
  },
  {
    collection: 'embeddings',
    timestamps: { createdAt: true, updatedAt: false },
    versionKey: false,
    strict: 'throw',
  },
);

/** Compiles (once per connection) the Embedding model. */
export function embeddingModelOf(conn: Connection): StoredModel {
  return modelOf(conn, 'Embedding', embeddingMongooseSchema);
}
