import type { Connection } from 'mongoose';
import { chunkedBulkWrite } from './ferretdb/chunked-bulk-write';
import { packRanking } from './ferretdb/packed-ranking';
import {
  rankingChainOf,
  rankingIdOf,
  type IndexEntry,
  type RankingDoc,
  type RankingIndex,
} from './ferretdb/ranking-chain';
import { recomputeStateModelOf, stateIdOf, type RankingEntry } from './recompute-state.model';

export { rankingIdOf, type IndexEntry, type RankingIndex };

/** One need's ranking as an owner writes it (a new document; stored ones never change). */
export interface NeedRankingRecord {
  /** From {@link rankingIdOf}: unique to the writing owner and write. */
  id: string;
  needId: string;
  shard: number;
  fence: number;
  needVersion: number;
  modelVersion: string;
  entries: readonly RankingEntry[];
}

/** What a profile's change has been applied as in one shard (written after the index that holds its effect). */
export interface StartupAppliedRecord {
  startupId: string;
  appliedVersion: number;
  deleted: boolean;
  modelVersion: string;
}

/**
 * The matches workers' write side: each shard's fenced ranking index, the ranking documents it
 * names, and each profile's applied version per shard. Plain records in and out; the index's
 * fencing is the FerretDB adapter's (ferretdb/ranking-chain.ts). Readers use MatchRepository.
 */
export interface RankingStore {
  /** The shard's newest index, or null before its first write. */
  head(shard: number): Promise<RankingIndex | null>;
  /** Inserts ranking documents (before the index that names them). */
  insertRankings(rankings: readonly NeedRankingRecord[]): Promise<void>;
  /**
   * Appends the shard's index after position `after`; returns the position written. Throws
   * StaleFenceError when the shard holds a newer fence: nothing this writer wrote becomes visible.
   */
  appendIndex(input: {
    shard: number;
    shards: number;
    fence: number;
    writer: string;
    after: number;
    entries: ReadonlyMap<string, IndexEntry>;
  }): Promise<number>;
  /** Prunes an old index position (see the adapter). */
  pruneIndex(shard: number, n: number): Promise<void>;
  /** Deletes ranking documents no index names any more. */
  deleteRankings(ids: readonly string[]): Promise<void>;
  /** Ids and fences of every ranking document of the shard (a scan: take-over and reconciliation). */
  rankingIdsOf(shard: number): Promise<{ id: string; fence: number }[]>;
  /** Every profile's applied version in the shard (a scan: take-over and reconciliation). */
  appliedVersions(shard: number): Promise<Map<string, { appliedVersion: number; deleted: boolean }>>;
  /** Writes profiles' applied versions in the shard. */
  writeApplied(shard: number, records: readonly StartupAppliedRecord[]): Promise<void>;
}

/** The {@link RankingStore} on `conn`. */
export function createRankingStore(conn: Connection): RankingStore {
  const chain = rankingChainOf(conn);
  const states = recomputeStateModelOf(conn);
  return {
    head: (shard) => chain.head(shard),
    async insertRankings(rankings) {
      const now = new Date();
      await chain.insertRankings(
        rankings.map((ranking): RankingDoc => ({
          _id: ranking.id,
          needId: ranking.needId,
          shard: ranking.shard,
          fence: ranking.fence,
          needVersion: ranking.needVersion,
          modelVersion: ranking.modelVersion,
          packed: packRanking(ranking.entries),
          updatedAt: now,
        })),
      );
    },
    appendIndex: (input) => chain.append(input),
    pruneIndex: (shard, n) => chain.pruneIndex(shard, n),
    deleteRankings: (ids) => chain.deleteRankings(ids),
    rankingIdsOf: (shard) => chain.rankingIdsOf(shard),
    async appliedVersions(shard) {
      const docs = await states.collection
        .find({ kind: 'startup' }, { projection: { id: 1, shard: 1, appliedVersion: 1, deleted: 1 } })
        .toArray();
      return new Map(
        docs
          .filter((doc) => (doc.shard ?? 0) === shard)
          .map((doc) => [doc.id, { appliedVersion: doc.appliedVersion, deleted: doc.deleted }]),
      );
    },
    async writeApplied(shard, records) {
      const now = new Date();
      // Keyed by `_id` alone and sent in chunks (FerretDB 1.x, see ferretdb/).
      await chunkedBulkWrite(
        states.collection,
        records.map((record) => {
          const _id = stateIdOf(record.startupId, shard);
          return {
            replaceOne: {
              filter: { _id },
              replacement: {
                _id,
                kind: 'startup' as const,
                id: record.startupId,
                shard,
                appliedVersion: record.appliedVersion,
                deleted: record.deleted,
                modelVersion: record.modelVersion,
                updatedAt: now,
              },
              upsert: true,
            },
          };
        }) as never[],
        false,
      );
    },
  };
}
