import { Schema, type Connection } from 'mongoose';
import { modelOf, type StoredModel } from './model-of';

const contact = new Schema({ name: String, email: String, phone: String }, { _id: false });
const reference = new Schema({ customer: String, summary: String, year: Number }, { _id: false });

/** MongoDB shape of a startup profile (collection `startups`). */
export const startupMongooseSchema = new Schema(
  {
    name: { type: String, required: true },
    oneLiner: { type: String, required: true },
    description: { type: String, required: true },
    offering: { type: String, required: true },
    tags: { type: [String], default: [] },
    languages: { type: [String], required: true },
    language: { type: String, enum: ['sv', 'en'], required: true },
    stage: { type: String, enum: ['idea', 'pre_seed', 'seed', 'series_a', 'growth'], required: true },
    teamSize: { type: Number, required: true },
    website: { type: String, required: true },
    references: { type: [reference], default: [] },
    contact: { type: contact, required: true },
    maxMeetings: { type: Number, required: true },
    version: { type: Number, required: true, min: 1 },
    fixtureKey: { type: String },
  },
  { collection: 'startups', timestamps: true, versionKey: false, strict: 'throw' },
);

/** Compiles (once per connection) the Startup model. */
export function startupModelOf(conn: Connection): StoredModel {
  return modelOf(conn, 'Startup', startupMongooseSchema);
}
