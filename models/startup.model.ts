import { Schema, type Connection } from 'mongoose';
import { modelOf, type StoredModel } from './model-of';

const contact = new Schema({ name: String, email: String, phone: String }, { _id: false });
const reference = new Schema({ customer: String, summary: String, year: Number }, { _id: false });
const registration = new Schema(
  {
    eventId: Schema.Types.ObjectId,
    country: String,
    registrationNumber: String,
    consentedAt: Date,
    profileCompletedAt: Date,
    reviewReason: String,
    reviewedAt: Date,
  },
  { _id: false },
);

/** MongoDB shape of a startup profile (collection `startups`). */
export const startupMongooseSchema = new Schema(
  {
    name: { type: String, required: true },
    // Empty on a registered profile until the startup fills it in (zod checks every API write).
    oneLiner: { type: String, default: '' },
    description: { type: String, default: '' },
    offering: { type: String, default: '' },
    tags: { type: [String], default: [] },
    languages: { type: [String], required: true },
    language: { type: String, enum: ['sv', 'en'], required: true },
    stage: { type: String, enum: ['idea', 'pre_seed', 'seed', 'series_a', 'growth'] },
    teamSize: { type: Number },
    website: { type: String, required: true },
    references: { type: [reference], default: [] },
    contact: { type: contact, required: true },
    maxMeetings: { type: Number, required: true },
    status: { type: String, enum: ['pending', 'approved', 'rejected'] },
    registration: { type: registration },
    version: { type: Number, required: true, min: 1 },
    fixtureKey: { type: String },
  },
  { collection: 'startups', timestamps: true, versionKey: false, strict: 'throw' },
);

/** Compiles (once per connection) the Startup model. */
export function startupModelOf(conn: Connection): StoredModel {
  return modelOf(conn, 'Startup', startupMongooseSchema);
}
