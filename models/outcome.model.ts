import { Schema, type Connection } from 'mongoose';
import { modelOf, type StoredModel } from './model-of';

/** MongoDB shape of one side's outcome of one meeting (collection `outcomes`); validated by zod first. */
export const outcomeMongooseSchema = new Schema(
  {
    /** `<eventId>|<meetingId>|<side>`: unique, so two first answers of one side make one record. */
    key: { type: String, required: true, unique: true },
    eventId: { type: String, required: true, index: true },
    meetingId: { type: String, required: true },
    needId: { type: String, required: true },
    startupId: { type: String, required: true },
    organisationId: { type: String, required: true },
    side: { type: String, enum: ['host', 'startup', 'facilitator'], required: true },
    attendance: { type: String, enum: ['held', 'no_show', 'cancelled_late'], required: true },
    absent: { type: [String], default: undefined },
    interest: { type: String },
    nextStep: { type: String },
    note: { type: String },
    recordedBy: { type: Schema.Types.Mixed, required: true },
    recordedAt: { type: Date, required: true },
    history: { type: Schema.Types.Mixed, default: [] },
    version: { type: Number, required: true, min: 1 },
  },
  { collection: 'outcomes', timestamps: true, versionKey: false, strict: 'throw', minimize: false },
);

/** Compiles (once per connection) the Outcome model. */
export function outcomeModelOf(conn: Connection): StoredModel {
  return modelOf(conn, 'Outcome', outcomeMongooseSchema);
}

/**
 * One document per e-mail about a meeting that was ever queued (collection `outcome_mail_claims`,
 * `_id` = the mail's job id, which names the meeting, side, kind and calendar sequence). Queueing
 * inserts it first: an `_id` insert is atomic, so publishing again never mails twice.
 */
export const outcomeMailClaimMongooseSchema = new Schema(
  {
    _id: { type: String, required: true },
    queuedAt: { type: Date, required: true },
  },
  { collection: 'outcome_mail_claims', versionKey: false, strict: 'throw' },
);

/** Compiles (once per connection) the OutcomeMailClaim model. */
export function outcomeMailClaimModelOf(conn: Connection): StoredModel {
  return modelOf(conn, 'OutcomeMailClaim', outcomeMailClaimMongooseSchema);
}
