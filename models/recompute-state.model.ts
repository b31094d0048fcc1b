import { Schema, type Connection, type Model } from 'mongoose';
import type { RankingEntry } from './ferretdb/packed-ranking';

export type { RankingEntry };

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
  /** Needs only: the current top K packed into one string by {@link packRanking} (read it with {@link rankingOf}). */
  packed?: string;
  /** Startups only: needs whose ranking holds this startup (may briefly name one more; readers check the ranking). */
  inNeeds?: string[];
  /**
   * Needs only: profiles whose pair documents a writer may have written for this need before the
   * ranking that claims them (it records them here first; the ranking write clears them). The
   * next writer treats them as present, so a writer killed in between leaves nothing behind.
   */
  pendingPairs?: string[];
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
    packed: { type: String, default: undefined },
    inNeeds: { type: [String], default: undefined },
    pendingPairs: { type: [String], default: undefined },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'recompute_state', versionKey: false, _id: false },
);

/** The `_id` of the state of one need or profile. */
export function stateIdOf(kind: 'need' | 'startup', id: string): string {
  return `${kind}:${id}`;
}

/**
 * Reads one state by `_id` through the driver, skipping mongoose's query casting: this is the
 * hottest read of the workers and of the matches API, and the stored documents are only ever
 * written whole by the workers.
 */
export async function findState(
  conn: Connection,
  kind: 'need' | 'startup',
  id: string,
): Promise<RecomputeStateRecord | null> {
  return recomputeStateModelOf(conn).collection.findOne<RecomputeStateRecord>({
    _id: stateIdOf(kind, id),
  } as never);
}

/** Compiles (once per connection) the RecomputeState model. */
export function recomputeStateModelOf(conn: Connection): Model<RecomputeStateRecord> {
  return (
    (conn.models.RecomputeState as Model<RecomputeStateRecord> | undefined) ??
    conn.model<RecomputeStateRecord>('RecomputeState', recomputeStateSchema)
  );
}

export { packRanking, rankingOf } from './ferretdb/packed-ranking';
