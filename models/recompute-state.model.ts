import { Schema, type Connection, type Model } from 'mongoose';

/** One entry of a need's stored ranking, best first (the read model the API and scheduling read). */
export interface RankingEntry {
  startupId: string;
  score: number;
  explanation: unknown;
  startupVersion: number;
}

/**
 * What the workers have applied for one need or profile (collection `recompute_state`, `_id`
 * `need:<id>` or `startup:<id>`). The reconciliation compares `appliedVersion` with the stored
 * document's version to find changes whose job was lost.
 */
export interface RecomputeStateRecord {
  _id: string;
  kind: 'need' | 'startup';
  id: string;
  /** Version of the need or profile whose effect on matches has been written; 0 before the first. */
  appliedVersion: number;
  /** True once the deletion (or, for a need, the closing) has been applied. */
  deleted: boolean;
  modelVersion: string;
  /** Needs only: the current top K, best first. */
  ranking?: RankingEntry[];
  /** Startups only: needs whose ranking holds this startup (may briefly name one more; readers check the ranking). */
  inNeeds?: string[];
  updatedAt: Date;
}

const recomputeStateSchema = new Schema<RecomputeStateRecord>(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: ['need', 'startup'], required: true },
    id: { type: String, required: true },
    appliedVersion: { type: Number, required: true },
    deleted: { type: Boolean, required: true },
    modelVersion: { type: String, required: true },
    ranking: { type: [Schema.Types.Mixed], default: undefined },
    inNeeds: { type: [String], default: undefined },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'recompute_state', versionKey: false, _id: false },
);

/** The `_id` of the state of one need or profile. */
export function stateIdOf(kind: 'need' | 'startup', id: string): string {
  return `${kind}:${id}`;
}

/** Compiles (once per connection) the RecomputeState model. */
export function recomputeStateModelOf(conn: Connection): Model<RecomputeStateRecord> {
  return (
    (conn.models.RecomputeState as Model<RecomputeStateRecord> | undefined) ??
    conn.model<RecomputeStateRecord>('RecomputeState', recomputeStateSchema)
  );
}
