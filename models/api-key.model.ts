import { Schema, type Connection } from 'mongoose';
import { modelOf, type StoredModel } from './model-of';

/** MongoDB shape of an API key (collection `api_keys`): only the SHA-256 of the key is stored. */
export const apiKeyMongooseSchema = new Schema(
  {
    name: { type: String, required: true },
    role: { type: String, enum: ['facilitator', 'development_head', 'startup'], required: true },
    organisationId: { type: Schema.Types.ObjectId },
    startupId: { type: Schema.Types.ObjectId },
    /** Hex SHA-256 of the whole key. */
    keyHash: { type: String, required: true, unique: true },
    prefix: { type: String, required: true },
    revokedAt: { type: Date },
  },
  {
    collection: 'api_keys',
    timestamps: { createdAt: true, updatedAt: false },
    versionKey: false,
    strict: 'throw',
  },
);

/** Compiles (once per connection) the ApiKey model. */
export function apiKeyModelOf(conn: Connection): StoredModel {
  return modelOf(conn, 'ApiKey', apiKeyMongooseSchema);
}
