import type { Connection } from 'mongoose';
import type { RankedMatch } from '../../scoring';
import { matchIdOf, matchModelOf } from '../../models/match.model';
import { packRanking, rankingOf, recomputeStateModelOf, stateIdOf, type RankingEntry, type RecomputeStateRecord } from '../../models/recompute-state.model';
import type { ChangeLog } from './change-log';
import type { EntitySource } from './entity-source';
import type { MatchEngine } from './match-engine';
import type { NeedLock } from './need-lock';

/** What the recompute use-cases need. */
export interface RecomputeDeps {
  db: Connection;
  engine: MatchEngine;
  source: EntitySource;
  log: ChangeLog;
  lock: NeedLock;
  /** Asks for one need to be ranked again later (a change landed while its ranking was written). */
  requestRank(needId: string): Promise<void>;
  /** Asks for a full rebuild (global statistics drifted by `driftRatio`). */
  requestRebuild(driftRatio: number): Promise<void>;
  /** Test hook: pause this long between computing and writing. Milliseconds. */
  testDelayMs: number;
}

/** What one recompute did, for logs and job results. */
export interface RecomputeOutcome {
  status: 'applied' | 'no-op';
  needsWritten: number;
  matchesWritten: number;
  matchesRemoved: number;
}

const LOG_VERSION_DELETED = Number.MAX_SAFE_INTEGER;

/** Whether the pair document of `next` (which holds no explanation) is already as stored. */
function sameEntry(stored: RankingEntry | undefined, next: RankingEntry): boolean {
  return stored !== undefined && stored.score === next.score && stored.startupVersion === next.startupVersion;
}

/**
 * The matches use-cases the worker runs: apply a change to a need or profile, re-rank a need,
 * recompute everything under a new model. Each need's ranking is written with one protocol:
 * sync the index, rank, write the per-pair documents that changed, write the ranking, then sync
 * again and, if a change arrived that could alter the ranking, ask for the need to be ranked again.
 */
export function createRecomputeService(deps: RecomputeDeps) {
  const states = recomputeStateModelOf(deps.db);
  const matches = matchModelOf(deps.db);
  const { engine } = deps;

  async function pause(): Promise<void> {
    if (deps.testDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, deps.testDelayMs));
  }

  /** Writes one need's ranking; returns the counts. The index must have been synced. */
  async function writeNeed(needId: string): Promise<{ written: number; removed: number }> {
    return deps.lock.withLock(needId, async () => {
      const ranking: RankedMatch[] = engine.topFor(needId);
      const needVersion = engine.versionOf('need', needId) ?? 0;
      const rankable = engine.isRankable(needId);
      const modelVersion = engine.modelVersion;
      const stored = await states.findById(stateIdOf('need', needId)).lean<RecomputeStateRecord>();
      const previous = new Map((stored ? rankingOf(stored) : []).map((entry) => [entry.startupId, entry]));
      const next: RankingEntry[] = ranking.map((match) => ({
        startupId: match.startupId,
        score: match.score,
        explanation: match.explanation,
        startupVersion: engine.versionOf('startup', match.startupId) ?? 0,
      }));
      const nextIds = new Set(next.map((entry) => entry.startupId));
      const modelChanged = stored?.modelVersion !== modelVersion || stored.appliedVersion !== needVersion;
      const changed = next.filter((entry) => modelChanged || !sameEntry(previous.get(entry.startupId), entry));
      const leaving = [...previous.keys()].filter((startupId) => !nextIds.has(startupId));
      const entering = next.filter((entry) => !previous.has(entry.startupId)).map((entry) => entry.startupId);
      const now = new Date();
      // One round trip per collection; every operation is keyed by `_id` (the only filter FerretDB
      // 1.x on SQLite pushes down) and pair documents carry no explanation (the ranking holds it).
      const pairWrites = [
        ...changed.map((entry) => ({
          replaceOne: {
            filter: { _id: matchIdOf(needId, entry.startupId) },
            replacement: { _id: matchIdOf(needId, entry.startupId), needId, startupId: entry.startupId, score: entry.score, modelVersion, needVersion, startupVersion: entry.startupVersion, updatedAt: now },
            upsert: true,
          },
        })),
        ...leaving.map((startupId) => ({ deleteOne: { filter: { _id: matchIdOf(needId, startupId) } } })),
      ];
      const placementWrites = [
        ...entering.map((startupId) => ({
          updateOne: {
            filter: { _id: stateIdOf('startup', startupId) },
            update: { $addToSet: { inNeeds: needId }, $setOnInsert: { kind: 'startup', id: startupId, appliedVersion: 0, deleted: false, modelVersion, updatedAt: now } },
            upsert: true,
          },
        })),
        ...leaving.map((startupId) => ({ updateOne: { filter: { _id: stateIdOf('startup', startupId) }, update: { $pull: { inNeeds: needId } } } })),
      ];
      await Promise.all([
        pairWrites.length > 0 ? matches.collection.bulkWrite(pairWrites as never[], { ordered: false }) : undefined,
        placementWrites.length > 0 ? states.collection.bulkWrite(placementWrites as never[], { ordered: false }) : undefined,
      ]);
      // Fault tests kill the process (or the database) here: pair documents written, ranking not yet.
      await pause();
      await states.collection.replaceOne(
        { _id: stateIdOf('need', needId) } as never,
        { kind: 'need', id: needId, appliedVersion: needVersion, deleted: !rankable, modelVersion, packed: packRanking(next), updatedAt: now },
        { upsert: true },
      );
      await engine.sync();
      if (!engine.isCurrent(needId, ranking)) await deps.requestRank(needId);
      return { written: changed.length, removed: leaving.length };
    });
  }

  /** Applies a change to a need: mirror it, then rewrite its ranking. */
  async function applyNeedChange(needId: string, jobVersion: number): Promise<RecomputeOutcome> {
    const [stored, state] = await Promise.all([deps.source.need(needId), states.findById(stateIdOf('need', needId)).lean<RecomputeStateRecord>()]);
    const applied = state?.appliedVersion ?? 0;
    const upToDate = stored ? stored.version <= applied && state?.deleted === !stored.rankable : state?.deleted === true;
    if ((jobVersion < applied || upToDate) && state?.modelVersion === engine.modelVersion) return { status: 'no-op', needsWritten: 0, matchesWritten: 0, matchesRemoved: 0 };
    await deps.log.append({ kind: 'need', id: needId, version: stored?.version ?? LOG_VERSION_DELETED });
    await engine.sync();
    engine.applyNeed(needId, stored);
    const { written, removed } = await writeNeed(needId);
    await maybeRebuild();
    return { status: 'applied', needsWritten: 1, matchesWritten: written, matchesRemoved: removed };
  }

  /** Applies a change to a profile: mirror it, then rewrite every ranking it was or now is in. */
  async function applyStartupChange(startupId: string, jobVersion: number): Promise<RecomputeOutcome> {
    const [stored, state] = await Promise.all([deps.source.startup(startupId), states.findById(stateIdOf('startup', startupId)).lean<RecomputeStateRecord>()]);
    const applied = state?.appliedVersion ?? 0;
    const upToDate = stored ? stored.version <= applied && state?.deleted !== true : state?.deleted === true;
    if (jobVersion < applied || upToDate) return { status: 'no-op', needsWritten: 0, matchesWritten: 0, matchesRemoved: 0 };
    await deps.log.append({ kind: 'startup', id: startupId, version: stored?.version ?? LOG_VERSION_DELETED });
    await engine.sync();
    engine.applyStartup(startupId, stored);
    const affected = new Set(state?.inNeeds ?? []);
    for (const needId of engine.rankableNeedIds()) {
      if (engine.topFor(needId).some((match) => match.startupId === startupId)) affected.add(needId);
    }
    let written = 0;
    let removed = 0;
    for (const needId of affected) {
      const counts = await writeNeed(needId);
      written += counts.written;
      removed += counts.removed;
    }
    const now = new Date();
    await states.updateOne(
      { _id: stateIdOf('startup', startupId) },
      {
        $set: { kind: 'startup', id: startupId, appliedVersion: stored?.version ?? applied, deleted: stored === null, modelVersion: engine.modelVersion, updatedAt: now },
        $setOnInsert: { inNeeds: [] },
      },
      { upsert: true },
    );
    await maybeRebuild();
    return { status: 'applied', needsWritten: affected.size, matchesWritten: written, matchesRemoved: removed };
  }

  async function maybeRebuild(): Promise<void> {
    if (engine.needsRefit()) await deps.requestRebuild(engine.driftRatio());
  }

  return {
    /** Applies a create, update or delete of a need or profile (no-op when already applied). */
    applyChange(kind: 'need' | 'startup', id: string, version: number): Promise<RecomputeOutcome> {
      return kind === 'need' ? applyNeedChange(id, version) : applyStartupChange(id, version);
    },
    /** Re-ranks one need against the current index. */
    async rankNeed(needId: string): Promise<RecomputeOutcome> {
      await engine.sync();
      const { written, removed } = await writeNeed(needId);
      return { status: 'applied', needsWritten: 1, matchesWritten: written, matchesRemoved: removed };
    },
    /** Rewrites every need's ranking under the engine's current model; `onProgress` gets the share done in [0, 1]. */
    async recomputeAll(onProgress: (done: number) => Promise<void>): Promise<RecomputeOutcome> {
      await engine.sync();
      const stored = await states.find({ kind: 'need', deleted: false }, { id: 1 }).lean<{ id: string }[]>();
      const needIds = [...new Set([...engine.rankableNeedIds(), ...stored.map((state) => state.id)])].sort();
      let written = 0;
      let removed = 0;
      for (const [position, needId] of needIds.entries()) {
        const counts = await writeNeed(needId);
        written += counts.written;
        removed += counts.removed;
        if (position % 5 === 4) await onProgress((position + 1) / needIds.length);
      }
      return { status: 'applied', needsWritten: needIds.length, matchesWritten: written, matchesRemoved: removed };
    },
  };
}

/** The recompute use-cases (see {@link createRecomputeService}). */
export type RecomputeService = ReturnType<typeof createRecomputeService>;
