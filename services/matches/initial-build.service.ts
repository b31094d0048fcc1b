import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { matchIdOf, matchModelOf } from '../../models/match.model';
import {
  packRanking,
  recomputeStateModelOf,
  stateIdOf,
  type RankingEntry,
} from '../../models/recompute-state.model';
import type { MatchEngine } from './match-engine';

/** What the initial build needs. */
export interface InitialBuildDeps {
  db: Connection;
  redis: Redis;
  prefix: string;
  engine: MatchEngine;
}

function isOnlyDuplicates(error: unknown): boolean {
  const writeErrors = (error as { writeErrors?: { code?: number }[] | { code?: number } }).writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  return (
    (error as { code?: number }).code === 11000 ||
    (list.length > 0 && list.every((item) => item.code === 11000))
  );
}

async function insertAll(docs: readonly unknown[], insert: () => Promise<unknown>): Promise<void> {
  if (docs.length === 0) return;
  try {
    await insert();
  } catch (error) {
    // A job wrote some of these first: its document is at least as new, keep it.
    if (!isOnlyDuplicates(error)) throw error;
  }
}

/**
 * The first computation of every ranking, when nothing has been applied yet (a new deployment,
 * a freshly seeded database): computed in memory and written with bulk inserts, which FerretDB
 * takes in milliseconds where one-by-one upserts take minutes. One worker does it (a Redis lock);
 * documents a job wrote meanwhile win; the reconciliation that follows audits the result.
 */
export function createInitialBuildService(deps: InitialBuildDeps) {
  const states = recomputeStateModelOf(deps.db);
  const matches = matchModelOf(deps.db);
  return {
    /** Builds everything when no need has an applied state; returns whether it did. */
    async buildIfEmpty(): Promise<boolean> {
      if (await states.exists({ kind: 'need' })) return false;
      const key = `${deps.prefix}:matches:initial-build`;
      if ((await deps.redis.set(key, String(process.pid), 'PX', 600_000, 'NX')) !== 'OK') return false;
      try {
        const { engine } = deps;
        await engine.sync();
        const modelVersion = engine.modelVersion;
        const now = new Date();
        const matchDocs: Record<string, unknown>[] = [];
        const needStates: Record<string, unknown>[] = [];
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
              _id: matchIdOf(needId, entry.startupId),
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
            _id: stateIdOf('need', needId),
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
          _id: stateIdOf('startup', startupId),
          kind: 'startup',
          id: startupId,
          appliedVersion: engine.versionOf('startup', startupId) ?? 0,
          deleted: false,
          modelVersion,
          inNeeds: placements.get(startupId) ?? [],
          updatedAt: now,
        }));
        // Pair documents and placements before the rankings and versions that claim them.
        await insertAll(matchDocs, () =>
          matches.collection.insertMany(matchDocs as never[], { ordered: false }),
        );
        await insertAll(startupStates, () =>
          states.collection.insertMany(startupStates as never[], { ordered: false }),
        );
        await insertAll(needStates, () =>
          states.collection.insertMany(needStates as never[], { ordered: false }),
        );
        return true;
      } finally {
        await deps.redis.del(key);
      }
    },
  };
}

/** The initial build (see {@link createInitialBuildService}). */
export type InitialBuildService = ReturnType<typeof createInitialBuildService>;
