import { Schema, type Connection, type Model } from 'mongoose';
import type { RankingEntry } from './ferretdb/packed-ranking';

export type { RankingEntry };

/**
 * The version of a profile whose effect on one shard's rankings has been written (collection
 * `recompute_state`, `_id` `startup:<id>` for shard 0, `startup:<id>:<shard>` for the others). The
 * reconciliation compares it with the stored profile's version to find changes whose job was lost;
 * the API calls a profile's matches stale while any shard is behind.
 */
export interface RecomputeStateRecord {
  _id: string;
  /** 'need' only in databases written before rankings had their own collections (nothing reads those). */
  kind: 'startup' | 'need';
  id: string;
  /** Absent in documents of shard 0 written before shards existed. */
  shard?: number;
  /** Version of the profile whose effect on matches has been written; 0 before the first. */
  appliedVersion: number;
  /** True once the deletion has been applied. */
  deleted: boolean;
  modelVersion: string;
  updatedAt: Date;
}

const recomputeStateSchema = new Schema<RecomputeStateRecord>(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: ['startup', 'need'], required: true },
    id: { type: String, required: true },
    shard: { type: Number, required: false },
    appliedVersion: { type: Number, required: true },
    deleted: { type: Boolean, required: true },
    modelVersion: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'recompute_state', versionKey: false, _id: false },
);

/** The `_id` of a profile's applied version in one shard. */
export function stateIdOf(startupId: string, shard = 0): string {
  return shard === 0 ? `startup:${startupId}` : `startup:${startupId}:${shard}`;
}

/** Compiles (once per connection) the RecomputeState model. */
export function recomputeStateModelOf(conn: Connection): Model<RecomputeStateRecord> {
  return (
    (conn.models.RecomputeState as Model<RecomputeStateRecord> | undefined) ??
    conn.model<RecomputeStateRecord>('RecomputeState', recomputeStateSchema)
  );
}

export { packRanking, rankingOf } from './ferretdb/packed-ranking';
