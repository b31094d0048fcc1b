import type { RankedMatch } from '../../scoring';
import {
  packRanking,
  rankingOf,
  stateIdOf,
  type NeedRankingRecord,
  type PairChange,
  type PlacementChange,
  type RankingEntry,
  type RankingStore,
  type RecomputeStateRecord,
  type StartupAppliedRecord,
} from '../../models';
import type { ChangeLog } from './change-log';
import type { EntitySource } from '../../models';
import type { MatchEngine } from './match-engine';
import type { NeedLock } from './need-lock';

/** What the recompute use-cases need. */
export interface RecomputeDeps {
  rankings: RankingStore;
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
/** Need states a worker remembers (about 8 KB each with K = 20). */
const REMEMBERED_STATES = 5_000;
/** Needs written per batch during a full recompute (bounded so progress moves and locks stay short). */
const REBUILD_BATCH = 25;

/** Whether the pair document of `next` (which holds no explanation) is already as stored. */
function sameEntry(stored: RankingEntry | undefined, next: RankingEntry): boolean {
  return stored !== undefined && stored.score === next.score && stored.startupVersion === next.startupVersion;
}

/**
 * A need state another worker recorded with the lock (JSON of the state it stored), or null when
 * there is none or it does not read as one (the caller then reads MongoDB). `updatedAt` comes
 * back as the Date MongoDB would return (JSON keeps milliseconds, as BSON dates do).
 */
function recordedState(needId: string, text: string | undefined): RecomputeStateRecord | null {
  if (text === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const state = parsed as Partial<Record<keyof RecomputeStateRecord, unknown>>;
  const updatedAt = new Date(typeof state.updatedAt === 'string' ? state.updatedAt : NaN);
  const valid =
    state._id === stateIdOf('need', needId) &&
    state.kind === 'need' &&
    state.id === needId &&
    typeof state.appliedVersion === 'number' &&
    typeof state.deleted === 'boolean' &&
    typeof state.modelVersion === 'string' &&
    (state.packed === undefined || typeof state.packed === 'string') &&
    (state.pendingPairs === undefined ||
      (Array.isArray(state.pendingPairs) && state.pendingPairs.every((id) => typeof id === 'string'))) &&
    !Number.isNaN(updatedAt.getTime());
  return valid ? ({ ...state, updatedAt } as RecomputeStateRecord) : null;
}

/**
 * The matches use-cases the worker runs: apply a change to a need or profile, re-rank a need,
 * recompute everything under a new model. Each need's ranking is written with one protocol:
 * sync the index, rank, write the per-pair documents that changed, write the ranking, then sync
 * again and, if a change arrived that could alter the ranking, ask for the need to be ranked again.
 */
export function createRecomputeService(deps: RecomputeDeps) {
  const { engine, rankings } = deps;

  /**
   * The need states this worker last wrote, with the ranking revision they were written under
   * (see NeedLock): while the revision is unchanged the stored state is exactly this one, so the
   * next write of the need skips reading it back (and the grant skips shipping it from Redis).
   * Bounded; the oldest are forgotten first.
   */
  const remembered = new Map<string, { revision: string; state: RecomputeStateRecord }>();
  function remember(needId: string, revision: string, state: RecomputeStateRecord): void {
    remembered.delete(needId);
    remembered.set(needId, { revision, state });
    if (remembered.size > REMEMBERED_STATES) remembered.delete(remembered.keys().next().value as string);
  }

  async function pause(): Promise<void> {
    if (deps.testDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, deps.testDelayMs));
  }

  /**
   * Writes the rankings of `needIds` (one batch: every database write below is one round trip per
   * BULK_WRITE_CHUNK operations, whatever the number of needs) and then `finalWrite` (the applied
   * version of the change that caused them, so it is recorded only once its rankings are). The
   * index must have been synced.
   */
  async function writeNeeds(
    needIds: readonly string[],
    finalWrite?: StartupAppliedRecord,
  ): Promise<{ written: number; removed: number }> {
    const ids = [...new Set(needIds)];
    // The revisions whose state this worker remembers: the grant ships no recorded state for those.
    const known = new Map<string, string>();
    for (const needId of ids) {
      const mine = remembered.get(needId);
      if (mine !== undefined) known.set(needId, mine.revision);
    }
    return deps.lock.withLocks(
      ids,
      async (grant) => {
        const modelVersion = engine.modelVersion;
        const now = new Date();
        // The stored state of each need, read from MongoDB only when neither this worker (same
        // revision) nor the previous writer (recorded under the previous revision) can tell it: a
        // writer that died between writing and recording, or its lock expiring, or Redis losing the
        // keys, leaves no matching record.
        const storedStates = await Promise.all(
          ids.map((needId) => {
            const mine = remembered.get(needId);
            remembered.delete(needId);
            if (mine !== undefined && mine.revision === grant.previous.get(needId)) return mine.state;
            return recordedState(needId, grant.recorded.get(needId)) ?? rankings.state('need', needId);
          }),
        );
        const nextStates: RecomputeStateRecord[] = [];
        const pairWrites: PairChange[] = [];
        const placementWrites: PlacementChange[] = [];
        const rankingWrites: NeedRankingRecord[] = [];
        const written: { needId: string; ranking: RankedMatch[] }[] = [];
        let changedCount = 0;
        let removedCount = 0;
        for (const [position, needId] of ids.entries()) {
          const stored = storedStates[position] ?? null;
          const ranking: RankedMatch[] = engine.topFor(needId);
          const needVersion = engine.versionOf('need', needId) ?? 0;
          const previous = new Map<string, RankingEntry | undefined>(
            (stored ? rankingOf(stored) : []).map((entry) => [entry.startupId, entry]),
          );
          // Pairs an interrupted writer may have left unclaimed count as present (to be replaced or removed).
          for (const startupId of stored?.pendingPairs ?? [])
            if (!previous.has(startupId)) previous.set(startupId, undefined);
          const next: RankingEntry[] = ranking.map((match) => ({
            startupId: match.startupId,
            score: match.score,
            explanation: match.explanation,
            startupVersion: engine.versionOf('startup', match.startupId) ?? 0,
          }));
          const nextIds = new Set(next.map((entry) => entry.startupId));
          const modelChanged = stored?.modelVersion !== modelVersion || stored.appliedVersion !== needVersion;
          const changed = next.filter(
            (entry) => modelChanged || !sameEntry(previous.get(entry.startupId), entry),
          );
          const leaving = [...previous.keys()].filter((startupId) => !nextIds.has(startupId));
          const entering = next
            .filter((entry) => previous.get(entry.startupId) === undefined)
            .map((entry) => entry.startupId);
          // Every operation is keyed by `_id` (the one filter FerretDB 1.x on SQLite pushes down);
          // pair documents carry no explanation (the ranking holds it).
          for (const entry of changed) {
            pairWrites.push({
              type: 'put',
              pair: {
                needId,
                startupId: entry.startupId,
                score: entry.score,
                modelVersion,
                needVersion,
                startupVersion: entry.startupVersion,
                updatedAt: now,
              },
            });
          }
          for (const startupId of leaving) pairWrites.push({ type: 'remove', needId, startupId });
          if (entering.length > 0)
            placementWrites.push({ type: 'pending', needId, startupIds: entering, now });
          for (const startupId of entering)
            placementWrites.push({ type: 'enter', needId, startupId, modelVersion, now });
          for (const startupId of leaving) placementWrites.push({ type: 'leave', needId, startupId });
          const packed = packRanking(next);
          const deleted = !engine.isRankable(needId);
          const asStored =
            stored !== null &&
            stored.packed === packed &&
            stored.appliedVersion === needVersion &&
            stored.modelVersion === modelVersion &&
            stored.deleted === deleted &&
            (stored.pendingPairs ?? []).length === 0;
          // A ranking already stored as it is now (a re-rank that found nothing new) is not rewritten.
          if (asStored) {
            nextStates.push(stored);
          } else {
            const replacement = {
              id: needId,
              appliedVersion: needVersion,
              deleted,
              modelVersion,
              packed,
              updatedAt: now,
            };
            rankingWrites.push(replacement);
            nextStates.push({ _id: stateIdOf('need', needId), kind: 'need', ...replacement });
          }
          written.push({ needId, ranking });
          changedCount += changed.length;
          removedCount += leaving.length;
        }
        // Placements and the pairs about to enter first, then the pair documents, then the rankings
        // and versions that claim them.
        await rankings.writePlacements(placementWrites);
        await rankings.writePairs(pairWrites);
        // Fault tests kill the process (or the database) here: pair documents written, rankings not yet.
        await pause();
        // Ordered: the final write (an applied version) lands only after every ranking it depends on.
        await rankings.writeRankings(rankingWrites, finalWrite);
        // Every state in nextStates is now the stored one (written above, or already stored as is);
        // the next writer of each need gets it from this worker's memory or from the grant.
        for (const state of nextStates) {
          remember(state.id, grant.revision, state);
          grant.record(state.id, JSON.stringify(state));
        }
        await engine.sync();
        for (const { needId, ranking } of written) {
          if (!engine.isCurrent(needId, ranking)) await deps.requestRank(needId);
        }
        return { written: changedCount, removed: removedCount };
      },
      known,
    );
  }

  /** Applies a change to a need: mirror it, then rewrite its ranking. */
  async function applyNeedChange(needId: string, jobVersion: number): Promise<RecomputeOutcome> {
    const [stored, state] = await Promise.all([deps.source.need(needId), rankings.state('need', needId)]);
    const applied = state?.appliedVersion ?? 0;
    const upToDate = stored
      ? stored.version <= applied && state?.deleted === !stored.rankable
      : state?.deleted === true;
    if ((jobVersion < applied || upToDate) && state?.modelVersion === engine.modelVersion)
      return { status: 'no-op', needsWritten: 0, matchesWritten: 0, matchesRemoved: 0 };
    await deps.log.append({
      kind: 'need',
      id: needId,
      version: stored?.version ?? LOG_VERSION_DELETED,
      stored,
    });
    await engine.sync();
    engine.applyNeed(needId, stored);
    const { written, removed } = await writeNeeds([needId]);
    await maybeRebuild();
    return { status: 'applied', needsWritten: 1, matchesWritten: written, matchesRemoved: removed };
  }

  /** Applies a change to a profile: mirror it, then rewrite every ranking it was or now is in. */
  async function applyStartupChange(startupId: string, jobVersion: number): Promise<RecomputeOutcome> {
    const [stored, state] = await Promise.all([
      deps.source.startup(startupId),
      rankings.state('startup', startupId),
    ]);
    const applied = state?.appliedVersion ?? 0;
    const upToDate = stored ? stored.version <= applied && state?.deleted !== true : state?.deleted === true;
    if (jobVersion < applied || upToDate)
      return { status: 'no-op', needsWritten: 0, matchesWritten: 0, matchesRemoved: 0 };
    await deps.log.append({
      kind: 'startup',
      id: startupId,
      version: stored?.version ?? LOG_VERSION_DELETED,
      stored,
    });
    await engine.sync();
    engine.applyStartup(startupId, stored);
    const affected = new Set(state?.inNeeds ?? []);
    for (const needId of engine.rankableNeedIds()) {
      if (engine.topFor(needId).some((match) => match.startupId === startupId)) affected.add(needId);
    }
    const now = new Date();
    const { written, removed } = await writeNeeds([...affected], {
      startupId,
      appliedVersion: stored?.version ?? applied,
      deleted: stored === null,
      modelVersion: engine.modelVersion,
      updatedAt: now,
    });
    await maybeRebuild();
    return {
      status: 'applied',
      needsWritten: affected.size,
      matchesWritten: written,
      matchesRemoved: removed,
    };
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
      const { written, removed } = await writeNeeds([needId]);
      return { status: 'applied', needsWritten: 1, matchesWritten: written, matchesRemoved: removed };
    },
    /** Rewrites every need's ranking under the engine's current model; `onProgress` gets the share done in [0, 1]. */
    async recomputeAll(onProgress: (done: number) => Promise<void>): Promise<RecomputeOutcome> {
      await engine.sync();
      const stored = await rankings.liveNeedIds();
      const needIds = [...new Set([...engine.rankableNeedIds(), ...stored])].sort();
      let written = 0;
      let removed = 0;
      for (let start = 0; start < needIds.length; start += REBUILD_BATCH) {
        const counts = await writeNeeds(needIds.slice(start, start + REBUILD_BATCH));
        written += counts.written;
        removed += counts.removed;
        await onProgress(Math.min(needIds.length, start + REBUILD_BATCH) / needIds.length);
      }
      return {
        status: 'applied',
        needsWritten: needIds.length,
        matchesWritten: written,
        matchesRemoved: removed,
      };
    },
  };
}

/** The recompute use-cases (see {@link createRecomputeService}). */
export type RecomputeService = ReturnType<typeof createRecomputeService>;
