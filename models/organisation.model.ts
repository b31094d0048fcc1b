import { Schema, type Connection } from 'mongoose';
import { modelOf, type StoredModel } from './model-of';

/** MongoDB shape of an organisation (collection `organisations`). */
export const organisationMongooseSchema = new Schema(
  {
    name: { type: String, required: true },
    kind: {
      type: String,
      enum: ['municipality', 'city_district', 'region', 'agency', 'other'],
      required: true,
    },
    municipalityCode: { type: String },
    version: { type: Number, required: true, min: 1 },
    fixtureKey: { type: String },
  },
  { collection: 'organisations', timestamps: true, versionKey: false, strict: 'throw' },
);

/** Compiles (once per connection) the Organisation model. */
export function organisationModelOf(conn: Connection): StoredModel {
  return modelOf(conn, 'Organisation', organisationMongooseSchema);
}
