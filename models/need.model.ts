import { Schema, type Connection } from 'mongoose';
import { modelOf, type StoredModel } from './model-of';

const contact = new Schema({ name: String, email: String, phone: String }, { _id: false });
const range = new Schema({ min: Number, max: Number }, { _id: false });

/** MongoDB shape of a need (collection `needs`); validated by zod before it gets here. */
export const needMongooseSchema = new Schema(
  {
    title: { type: String, required: true },
    description: { type: String, required: true },
    language: { type: String, enum: ['sv', 'en'], required: true },
    organisationId: { type: Schema.Types.ObjectId, required: true, index: true },
    department: { type: String, required: true },
    /** The host (collection `hosts`) who sits in the meetings. */
    hostId: { type: Schema.Types.ObjectId, index: true },
    /** Only on needs stored before hosts whose owner could not become a host of their organisation. */
    owner: { type: contact },
    priority: { type: Number, required: true, min: 1, max: 5 },
    budgetSek: { type: range, required: true },
    timeframe: { type: new Schema({ start: String, end: String }, { _id: false }), required: true },
    tags: { type: [String], default: [] },
    status: { type: String, enum: ['draft', 'open', 'matched', 'closed'], required: true, index: true },
    meetings: { type: range, required: true },
    version: { type: Number, required: true, min: 1 },
    /** Stable key of a seeded record (scripts/seed.ts), absent for records made through the API. */
    fixtureKey: { type: String },
  },
  { collection: 'needs', timestamps: true, versionKey: false, strict: 'throw' },
);

/** Compiles (once per connection) the Need model. */
export function needModelOf(conn: Connection): StoredModel {
  return modelOf(conn, 'Need', needMongooseSchema);
}
