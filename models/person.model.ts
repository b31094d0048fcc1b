import { Schema, type Connection } from 'mongoose';
import { modelOf, type StoredModel } from './model-of';

/** MongoDB shape of a person who signs in (collection `people`); validated by zod first. */
export const personMongooseSchema = new Schema(
  {
    name: { type: String, required: true },
    /** Lower-case; one person per address, since the address is what they sign in with. */
    email: { type: String, required: true, unique: true },
    language: { type: String, enum: ['sv', 'en'], required: true },
    role: { type: String, enum: ['facilitator', 'development_head', 'startup'], required: true },
    organisationId: { type: Schema.Types.ObjectId },
    hostId: { type: Schema.Types.ObjectId },
    startupId: { type: Schema.Types.ObjectId },
  },
  {
    collection: 'people',
    timestamps: { createdAt: true, updatedAt: false },
    versionKey: false,
    strict: 'throw',
  },
);

/** Compiles (once per connection) the Person model. */
export function personModelOf(conn: Connection): StoredModel {
  return modelOf(conn, 'Person', personMongooseSchema);
}
