import type { Connection } from 'mongoose';
import { isOnlyDuplicateKeys } from './duplicate-key';
import { chunkedBulkWrite } from './ferretdb/chunked-bulk-write';
import { matchIdOf, matchModelOf, type MatchRecord } from './match.model';
import {
  findState,
  recomputeStateModelOf,
  stateIdOf,
  type RecomputeStateRecord,
} from './recompute-state.model';

/** A pair document as the matches workers write it (no explanation: the ranking holds it). */
export type PairRecord = Omit<MatchRecord, '_id' | 'explanation'>;

/** A need's ranking as it replaces the stored state (clearing `pendingPairs`). */
export type NeedRankingRecord = Omit<RecomputeStateRecord, '_id' | 'kind' | 'inNeeds' | 'pendingPairs'>;

/** What a profile's change has been applied as (written last, after the rankings it caused). */
export interface StartupAppliedRecord {
  startupId: string;
  appliedVersion: number;
  deleted: boolean;
  modelVersion: string;
  updatedAt: Date;
}

/** One change to the placements written before the pair documents (see {@link RankingStore.writePlacements}). */
export type PlacementChange =
  /** Profiles about to enter a need's ranking: their pair documents may be written before the ranking. */
  | { type: 'pending'; needId: string; startupIds: readonly string[]; now: Date }
  /** The profile's placements (`inNeeds`) gain the need. */
  | { type: 'enter'; needId: string; startupId: string; modelVersion: string; now: Date }
  /** The profile's placements lose the need. */
  | { type: 'leave'; needId: string; startupId: string };

/** One change to the pair documents. */
export type PairChange =
  { type: 'put'; pair: PairRecord } | { type: 'remove'; needId: string; startupId: string };

/**
 * The stored rankings of the matches workers: `recompute_state` (each need's ranking and applied
 * version, each profile's applied version and placements) and `matches` (one document per pair in
 * a top K). Every write is keyed by `_id` and sent in chunks (see models/ferretdb/). Plain records
 * in and out.
 */
export interface RankingStore {
  /** The state of one need or profile, or null when nothing has been applied yet. */
  state(kind: 'need' | 'startup', id: string): Promise<RecomputeStateRecord | null>;
  /** Every stored state (reconciliation). */
  allStates(): Promise<RecomputeStateRecord[]>;
  /** Ids of the needs with a ranking that is not deleted. */
  liveNeedIds(): Promise<string[]>;
  /** Whether any need has a state (the initial build runs only on a database with none). */
  anyNeedState(): Promise<boolean>;
  /** Adds a need to a profile's placements (only ever adds: a concurrent writer may be between its writes). */
  addPlacement(startupId: string, needId: string): Promise<void>;
  /** Placements and pending pairs, unordered. */
  writePlacements(changes: readonly PlacementChange[]): Promise<void>;
  /** Pair documents written or removed, unordered. */
  writePairs(changes: readonly PairChange[]): Promise<void>;
  /** The rankings, in order, then (only once every ranking is stored) the applied version of the profile change that caused them. */
  writeRankings(rankings: readonly NeedRankingRecord[], applied?: StartupAppliedRecord): Promise<void>;
  /**
   * The first rankings of an empty database, inserted in bulk (pairs, then profile states, then
   * need states); documents a job wrote meanwhile are kept (they are at least as new).
   */
  insertInitial(
    pairs: readonly PairRecord[],
    startupStates: readonly Omit<RecomputeStateRecord, '_id'>[],
    needStates: readonly Omit<RecomputeStateRecord, '_id'>[],
  ): Promise<void>;
}

async function insertKeepingExisting(
  docs: readonly unknown[],
  insert: () => Promise<unknown>,
): Promise<void> {
  if (docs.length === 0) return;
  try {
    await insert();
  } catch (error) {
    if (!isOnlyDuplicateKeys(error)) throw error;
  }
}

function placementWrite(change: PlacementChange): unknown {
  switch (change.type) {
    case 'pending':
      return {
        updateOne: {
          filter: { _id: stateIdOf('need', change.needId) },
          update: {
            $addToSet: { pendingPairs: { $each: change.startupIds } },
            $setOnInsert: {
              kind: 'need',
              id: change.needId,
              appliedVersion: 0,
              deleted: false,
              modelVersion: '',
              updatedAt: change.now,
            },
          },
          upsert: true,
        },
      };
    case 'enter':
      return {
        updateOne: {
          filter: { _id: stateIdOf('startup', change.startupId) },
          update: {
            $addToSet: { inNeeds: change.needId },
            $setOnInsert: {
              kind: 'startup',
              id: change.startupId,
              appliedVersion: 0,
              deleted: false,
              modelVersion: change.modelVersion,
              updatedAt: change.now,
            },
          },
          upsert: true,
        },
      };
    case 'leave':
      return {
        updateOne: {
          filter: { _id: stateIdOf('startup', change.startupId) },
          update: { $pull: { inNeeds: change.needId } },
        },
      };
  }
}

function pairWrite(change: PairChange): unknown {
  if (change.type === 'remove')
    return { deleteOne: { filter: { _id: matchIdOf(change.needId, change.startupId) } } };
  const _id = matchIdOf(change.pair.needId, change.pair.startupId);
  return { replaceOne: { filter: { _id }, replacement: { _id, ...change.pair }, upsert: true } };
}

/** The {@link RankingStore} on `conn`. */
export function createRankingStore(conn: Connection): RankingStore {
  const states = recomputeStateModelOf(conn);
  const matches = matchModelOf(conn);
  return {
    state: (kind, id) => findState(conn, kind, id),
    allStates: () => states.find({}).lean<RecomputeStateRecord[]>(),
    async liveNeedIds() {
      const stored = await states.find({ kind: 'need', deleted: false }, { id: 1 }).lean<{ id: string }[]>();
      return stored.map((state) => state.id);
    },
    async anyNeedState() {
      return (await states.exists({ kind: 'need' })) !== null;
    },
    async addPlacement(startupId, needId) {
      await states.updateOne({ _id: stateIdOf('startup', startupId) }, { $addToSet: { inNeeds: needId } });
    },
    async writePlacements(changes) {
      await chunkedBulkWrite(states.collection, changes.map(placementWrite) as never[], false);
    },
    async writePairs(changes) {
      await chunkedBulkWrite(matches.collection, changes.map(pairWrite) as never[], false);
    },
    async writeRankings(rankings, applied) {
      const writes: unknown[] = rankings.map((ranking) => ({
        replaceOne: {
          filter: { _id: stateIdOf('need', ranking.id) },
          replacement: { kind: 'need', ...ranking },
          upsert: true,
        },
      }));
      if (applied) {
        writes.push({
          updateOne: {
            filter: { _id: stateIdOf('startup', applied.startupId) },
            update: {
              $set: {
                kind: 'startup',
                id: applied.startupId,
                appliedVersion: applied.appliedVersion,
                deleted: applied.deleted,
                modelVersion: applied.modelVersion,
                updatedAt: applied.updatedAt,
              },
              $setOnInsert: { inNeeds: [] },
            },
            upsert: true,
          },
        });
      }
      // Ordered: the applied version lands only after every ranking it depends on.
      await chunkedBulkWrite(states.collection, writes as never[], true);
    },
    async insertInitial(pairs, startupStates, needStates) {
      const pairDocs = pairs.map((pair) => ({ _id: matchIdOf(pair.needId, pair.startupId), ...pair }));
      const withId = (state: Omit<RecomputeStateRecord, '_id'>) => ({
        _id: stateIdOf(state.kind, state.id),
        ...state,
      });
      const startupDocs = startupStates.map(withId);
      const needDocs = needStates.map(withId);
      await insertKeepingExisting(pairDocs, () =>
        matches.collection.insertMany(pairDocs as never[], { ordered: false }),
      );
      await insertKeepingExisting(startupDocs, () =>
        states.collection.insertMany(startupDocs as never[], { ordered: false }),
      );
      await insertKeepingExisting(needDocs, () =>
        states.collection.insertMany(needDocs as never[], { ordered: false }),
      );
    },
  };
}
