import type { Redis } from 'ioredis';
import {
  packRanking,
  type PairRecord,
  type RankingEntry,
  type RankingStore,
  type RecomputeStateRecord,
} from '../../models';
import type { MatchEngine } from './match-engine';

/** What the initial build needs. */
export interface InitialBuildDeps {
  rankings: RankingStore;
  redis: Redis;
  prefix: string;
  engine: MatchEngine;
}

/**
 * The first computation of every ranking, when nothing has been applied yet (a new deployment,
 * a freshly seeded database): computed in memory and written with bulk inserts, which FerretDB
 * takes in milliseconds where one-by-one upserts take minutes. One worker does it (a Redis lock);
 * documents a job wrote meanwhile win; the reconciliation that follows audits the result.
 */
export function createInitialBuildService(deps: InitialBuildDeps) {
  const { rankings } = deps;
  return {
    /** Builds everything when no need has an applied state; returns whether it did. */
    async buildIfEmpty(): Promise<boolean> {
      if (await rankings.anyNeedState()) return false;
      const key = `${deps.prefix}:matches:initial-build`;
      if ((await deps.redis.set(key, String(process.pid), 'PX', 600_000, 'NX')) !== 'OK') return false;
      try {
        const { engine } = deps;
        await engine.sync();
        const modelVersion = engine.modelVersion;
        const now = new Date();
        const matchDocs: PairRecord[] = [];
        const needStates: Omit<RecomputeStateRecord, '_id'>[] = [];
        const placements = new Map<string, string[]>();
        for (const needId of engine.rankableNeedIds()) {
          const needVersion = engine.versionOf('need', needId) ?? 0;
          const ranking: RankingEntry[] = engine.topFor(needId).map((match) => ({
            startupId: match.startupId,
            score: match.score,
            explanation: match.explanation,
            startupVersion: engine.versionOf('startup', match.startupId) ?? 0,
          }));
          for (const entry of ranking) {
            matchDocs.push({
              needId,
              startupId: entry.startupId,
              score: entry.score,
              modelVersion,
              needVersion,
              startupVersion: entry.startupVersion,
              updatedAt: now,
            });
            placements.set(entry.startupId, [...(placements.get(entry.startupId) ?? []), needId]);
          }
          needStates.push({
            kind: 'need',
            id: needId,
            appliedVersion: needVersion,
            deleted: false,
            modelVersion,
            packed: packRanking(ranking),
            updatedAt: now,
          });
        }
        const startupStates = engine.startupIdsInIndex().map((startupId) => ({
          kind: 'startup' as const,
          id: startupId,
          appliedVersion: engine.versionOf('startup', startupId) ?? 0,
          deleted: false,
          modelVersion,
          inNeeds: placements.get(startupId) ?? [],
          updatedAt: now,
        }));
        // Pair documents and placements before the rankings and versions that claim them; a
        // document a job wrote first is kept (it is at least as new).
        await rankings.insertInitial(matchDocs, startupStates, needStates);
        return true;
      } finally {
        await deps.redis.del(key);
      }
    },
  };
}

/** The initial build (see {@link createInitialBuildService}). */
export type InitialBuildService = ReturnType<typeof createInitialBuildService>;
