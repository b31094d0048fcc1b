import { Schema, type Connection } from 'mongoose';
import { modelOf, type StoredModel } from './model-of';

/** MongoDB shape of a host (collection `hosts`); validated by zod before it gets here. */
export const hostMongooseSchema = new Schema(
  {
    name: { type: String, required: true },
    /** Lower-case; one host per address, so an e-mail names one person of one organisation. */
    email: { type: String, required: true, unique: true },
    phone: { type: String },
    organisationId: { type: Schema.Types.ObjectId, required: true, index: true },
    version: { type: Number, required: true, min: 1 },
    fixtureKey: { type: String },
  },
  { collection: 'hosts', timestamps: true, versionKey: false, strict: 'throw' },
);

/** Compiles (once per connection) the Host model. */
export function hostModelOf(conn: Connection): StoredModel {
  return modelOf(conn, 'Host', hostMongooseSchema);
}
