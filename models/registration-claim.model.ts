import { Schema, type Connection } from 'mongoose';
import { modelOf, type StoredModel } from './model-of';

/**
 * One document per registration number that belongs to a startup profile (collection
 * `registration_claims`, `_id` = `<country>:<number>`). Claiming inserts it: an `_id` insert is
 * atomic on FerretDB 1.x and MongoDB alike, so of two confirmations of the same number exactly one
 * makes a profile.
 */
export const registrationClaimMongooseSchema = new Schema(
  {
    _id: { type: String, required: true },
    startupId: { type: Schema.Types.ObjectId, required: true },
  },
  { collection: 'registration_claims', versionKey: false, strict: 'throw' },
);

/** Compiles (once per connection) the RegistrationClaim model. */
export function registrationClaimModelOf(conn: Connection): StoredModel {
  return modelOf(conn, 'RegistrationClaim', registrationClaimMongooseSchema);
}
