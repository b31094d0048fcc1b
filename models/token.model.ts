import { Schema, type Connection } from 'mongoose';
import { modelOf, type StoredModel } from './model-of';

/** MongoDB shape of a token (collection `tokens`): `_id` is the hex SHA-256 of its secret. */
export const tokenMongooseSchema = new Schema(
  {
    _id: { type: String, required: true },
    purpose: { type: String, required: true },
    subject: { type: String, required: true, index: true },
    expiresAt: { type: Date, required: true },
    singleUse: { type: Boolean, required: true },
    payload: { type: Schema.Types.Mixed },
    revokedAt: { type: Date },
  },
  {
    collection: 'tokens',
    timestamps: { createdAt: true, updatedAt: false },
    versionKey: false,
    strict: 'throw',
  },
);

/**
 * One document per redeemed single-use token (collection `token_redemptions`, `_id` = the token's
 * hash). Redeeming inserts it: an `_id` insert is atomic on FerretDB 1.x and MongoDB alike, so of
 * two concurrent redemptions exactly one wins (a filtered update is not atomic on FerretDB 1.x).
 */
export const tokenRedemptionMongooseSchema = new Schema(
  {
    _id: { type: String, required: true },
    redeemedAt: { type: Date, required: true },
  },
  { collection: 'token_redemptions', versionKey: false, strict: 'throw' },
);

/** Compiles (once per connection) the Token model. */
export function tokenModelOf(conn: Connection): StoredModel {
  return modelOf(conn, 'Token', tokenMongooseSchema);
}

/** Compiles (once per connection) the TokenRedemption model. */
export function tokenRedemptionModelOf(conn: Connection): StoredModel {
  return modelOf(conn, 'TokenRedemption', tokenRedemptionMongooseSchema);
}
