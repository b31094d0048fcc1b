import { Schema, type Connection, type Model } from 'mongoose';

/**
 * One chunk of a stored scoring model (collection `scoring_snapshots`, `_id`
 * `${snapshotId}:${seq}`): the model's JSON is cut into chunks well under MongoDB's 16 MB limit.
 */
export interface SnapshotChunkRecord {
  _id: string;
  snapshotId: string;
  seq: number;
  chunkCount: number;
  modelVersion: string;
  data: string;
  createdAt: Date;
}

/**
 * Which snapshot is current (collection `scoring_current`, one document `_id: 'current'`). The
 * unique `_id` makes "publish the first model" race-safe; `generation` makes replacing it a
 * compare-and-set.
 */
export interface CurrentSnapshotRecord {
  _id: 'current';
  snapshotId: string;
  modelVersion: string;
  generation: number;
  publishedAt: Date;
}

const chunkSchema = new Schema<SnapshotChunkRecord>(
  {
    _id: { type: String, required: true },
    snapshotId: { type: String, required: true },
    seq: { type: Number, required: true },
    chunkCount: { type: Number, required: true },
    modelVersion: { type: String, required: true },
    data: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'scoring_snapshots', versionKey: false, _id: false },
);

const currentSchema = new Schema<CurrentSnapshotRecord>(
  {
    _id: { type: String, required: true },
    snapshotId: { type: String, required: true },
    modelVersion: { type: String, required: true },
    generation: { type: Number, required: true },
    publishedAt: { type: Date, required: true },
  },
  { collection: 'scoring_current', versionKey: false, _id: false },
);

/** Compiles (once per connection) the snapshot chunk model. */
export function snapshotChunkModelOf(conn: Connection): Model<SnapshotChunkRecord> {
  return (
    (conn.models.ScoringSnapshotChunk as Model<SnapshotChunkRecord> | undefined) ??
    conn.model<SnapshotChunkRecord>('ScoringSnapshotChunk', chunkSchema)
  );
}

/** Compiles (once per connection) the current-snapshot pointer model. */
export function currentSnapshotModelOf(conn: Connection): Model<CurrentSnapshotRecord> {
  return (
    (conn.models.ScoringCurrent as Model<CurrentSnapshotRecord> | undefined) ??
    conn.model<CurrentSnapshotRecord>('ScoringCurrent', currentSchema)
  );
}
