import { Schema, type Connection } from 'mongoose';
import { modelOf, type StoredModel } from './model-of';

/**
 * MongoDB shape of the dense channel's status (collection `dense_status`, one document, `_id`
 * `"dense"`): whether the embedding service failed or was too slow at the last attempt, and how
 * many needs and profiles are ranked without their vector (lexically) until it is back.
 */
export const denseStatusMongooseSchema = new Schema(
  {
    _id: { type: String, required: true },
    degraded: { type: Boolean, required: true },
    error: { type: String, default: null },
    degradedSince: { type: Date, default: null },
    needsWithoutVector: { type: Number, required: true },
    startupsWithoutVector: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'dense_status', versionKey: false, strict: 'throw' },
);

/** Compiles (once per connection) the DenseStatus model. */
export function denseStatusModelOf(conn: Connection): StoredModel {
  return modelOf(conn, 'DenseStatus', denseStatusMongooseSchema);
}
