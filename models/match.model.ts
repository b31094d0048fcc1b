import { Schema, type Connection, type Model } from 'mongoose';

/** A need–profile match as stored (collection `matches`); `_id` is `${needId}:${startupId}`. */
export interface MatchRecord {
  _id: string;
  needId: string;
  startupId: string;
  /** Calibrated score in [0, 1]. */
  score: number;
  /** Absent in documents the workers write now: the explanation is kept (packed) in the need's ranking only, which keeps this collection small. */
  explanation?: unknown;
  /** Version of the scoring model that produced the score. */
  modelVersion: string;
  needVersion: number;
  startupVersion: number;
  updatedAt: Date;
}

const matchSchema = new Schema<MatchRecord>(
  {
    _id: { type: String, required: true },
    needId: { type: String, required: true },
    startupId: { type: String, required: true },
    score: { type: Number, required: true },
    explanation: { type: Schema.Types.Mixed, required: false },
    modelVersion: { type: String, required: true },
    needVersion: { type: Number, required: true },
    startupVersion: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'matches', versionKey: false, _id: false },
);
// One document per pair, whatever races happen (the `_id` already implies it; the index says it).
matchSchema.index({ needId: 1, startupId: 1 }, { unique: true });

/** The id of the match document of a pair. */
export function matchIdOf(needId: string, startupId: string): string {
  return `${needId}:${startupId}`;
}

/** Compiles (once per connection) the Match model. */
export function matchModelOf(conn: Connection): Model<MatchRecord> {
  return (
    (conn.models.Match as Model<MatchRecord> | undefined) ?? conn.model<MatchRecord>('Match', matchSchema)
  );
}
