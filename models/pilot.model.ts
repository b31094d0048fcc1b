import { Schema, type Connection } from 'mongoose';
import { modelOf, type StoredModel } from './model-of';

/** MongoDB shape of a pilot (collection `pilots`); validated by zod before it gets here. */
export const pilotMongooseSchema = new Schema(
  {
    eventId: { type: String, required: true, index: true },
    meetingId: { type: String, required: true },
    needId: { type: String, required: true },
    startupId: { type: String, required: true },
    organisationId: { type: String, required: true },
    budgetKSek: { type: Number, required: true, min: 0 },
    start: { type: String, required: true },
    end: { type: String, required: true },
    status: { type: String, enum: ['proposed', 'approved', 'running', 'done', 'stopped'], required: true },
    learnings: { type: String },
    version: { type: Number, required: true, min: 1 },
  },
  { collection: 'pilots', timestamps: true, versionKey: false, strict: 'throw' },
);

/** Compiles (once per connection) the Pilot model. */
export function pilotModelOf(conn: Connection): StoredModel {
  return modelOf(conn, 'Pilot', pilotMongooseSchema);
}
