import { randomUUID } from 'node:crypto';
import type { RankedMatch, ScoringModel } from '../../scoring';
import {
  rankingIdOf,
  shardOf,
  StaleFenceError,
  type EntitySource,
  type IndexEntry,
  type ModelStore,
  type NeedRankingRecord,
  type RankingStore,
  type StartupAppliedRecord,
  type StoredNeed,
  type StoredStartup,
} from '../../models';
import { syncDenseVectors, type DenseSyncDeps, type DenseSyncOutcome } from '../embeddings';
import type { ChangeJob } from '../queue/queues';
import { MatchEngine } from './match-engine';

/** What a shard's owner needs. */
export interface ShardOwnerDeps {
  shard: number;
  shards: number;
  /** The fencing token of this owner's lease: every index it appends carries it. */
  fence: number;
  rankings: RankingStore;
  source: EntitySource;
  models: ModelStore;
  topK: number;
  /** Fits a model from every stored need and profile (the scoring core's `fitModel`). */
  fit: (needs: StoredNeed[], startups: StoredStartup[]) => ScoringModel;
  /** Asks for a rebuild (global statistics drifted by `driftRatio` from the model of `generation`). */
  requestRebuild(driftRatio: number, generation: number): Promise<void>;
  /** Test hook: pause this long between computing rankings and writing them. Milliseconds. */
  testDelayMs: number;
  /** The embedding service and where its status is recorded; without it the dense channel stays off. */
  dense?: DenseSyncDeps & { now: () => Date };
}

/** What one pass of the dense channel did (see `refreshDense`). */
export interface DenseRefreshOutcome extends RecomputeOutcome {
  sync: DenseSyncOutcome;
  /** True when the pass changed the index and documents still lack a vector: another pass may give them one. */
  more: boolean;
}

/** What one job did, for logs and job results. */
export interface RecomputeOutcome {
  status: 'applied' | 'no-op';
  needsWritten: number;
  matchesWritten: number;
}

/** What applying one change did. */
export interface ChangeOutcome extends RecomputeOutcome {
  /** True when the change left everything scoring reads as it was: only the version was applied, nothing re-ranked. */
  unscored: boolean;
}

/** Runs tasks one after another (a shard's jobs, reconciliations and take-over never interleave). */
function serialize(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>) => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

/**
 * The one writer of a shard's rankings while it holds the lease. It keeps what its index says in
 * memory (and the top-K view each ranking was written from), so after a change it writes exactly
 * the needs whose view changed: new ranking documents, then one index append carrying its fence,
 * then the profile's applied version. A refused append (StaleFenceError: a newer owner took over)
 * leaves nothing visible.
 */
export function createShardOwner(deps: ShardOwnerDeps) {
  const { shard, shards, fence, rankings } = deps;
  const engine = new MatchEngine({
    source: deps.source,
    models: deps.models,
    topK: deps.topK,
    fit: deps.fit,
    owns: (needId) => shardOf(needId, shards) === shard,
  });
  const writer = randomUUID();
  const exclusive = serialize();
  /** Position of the index this owner last read or appended. */
  let position = 0;
  /** What that index says. */
  let entries: ReadonlyMap<string, IndexEntry> = new Map();
  /** The view each need's stored ranking was written from (compared by identity). */
  const written = new Map<string, RankedMatch[]>();
  const applied = new Map<string, { appliedVersion: number; deleted: boolean }>();
  /** Ranking documents the last append replaced: deleted after the next (readers may still be reading them). */
  let superseded: string[] = [];
  let seq = 0;

  async function pause(): Promise<void> {
    if (deps.testDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, deps.testDelayMs));
  }

  /** Appends `next` (after writing `docs`), then records it as what is stored. */
  async function append(next: ReadonlyMap<string, IndexEntry>, docs: NeedRankingRecord[]): Promise<void> {
    await rankings.insertRankings(docs);
    const n = await rankings.appendIndex({ shard, shards, fence, writer, after: position, entries: next });
    const kept = new Set([...next.values()].map((entry) => entry.rankingId));
    const replaced = [...entries.values()]
      .map((entry) => entry.rankingId)
      .filter((id): id is string => id !== null && !kept.has(id));
    position = n;
    entries = next;
    // Pruning is tidying, not waited for (the applied versions follow at once): a failure leaves
    // garbage the next take-over or reconciliation removes.
    void Promise.all([rankings.pruneIndex(shard, n - 2), rankings.deleteRankings(superseded)]).catch(
      () => undefined,
    );
    superseded = replaced;
  }

  /**
   * Writes every need whose ranking changed since it was stored (and closed or deleted needs'
   * entries), then `appliedRecords`. One index append, whatever the number of needs.
   */
  async function flush(appliedRecords: StartupAppliedRecord[] = []): Promise<RecomputeOutcome> {
    const modelVersion = engine.modelVersion;
    const next = new Map(entries);
    const docs: NeedRankingRecord[] = [];
    const views = new Map<string, RankedMatch[]>();
    let changed = false;
    for (const needId of engine.rankableNeedIds()) {
      const view = engine.topFor(needId);
      const needVersion = engine.versionOf('need', needId) ?? 0;
      const stored = entries.get(needId);
      if (written.get(needId) === view && stored?.rankingId) {
        // The ranking stored is this view's: a change that left the need's scored input as it was
        // moves only the version the index names it at (its applied version), not the document.
        if (stored.needVersion !== needVersion) {
          next.set(needId, { ...stored, needVersion });
          changed = true;
        }
        continue;
      }
      seq += 1;
      const id = rankingIdOf(needId, fence, seq);
      docs.push({
        id,
        needId,
        shard,
        fence,
        needVersion,
        modelVersion,
        entries: view.map((match) => ({
          startupId: match.startupId,
          score: match.score,
          explanation: match.explanation,
          startupVersion: engine.versionOf('startup', match.startupId) ?? 0,
        })),
      });
      views.set(needId, view);
      next.set(needId, { rankingId: id, needVersion, startupIds: view.map((match) => match.startupId) });
    }
    // Closed needs keep an entry (their version is applied, they hold no ranking); deleted ones go.
    const known = new Set(engine.knownNeedIds());
    for (const needId of new Set([...entries.keys(), ...known])) {
      if (engine.isRankable(needId)) continue;
      const stored = entries.get(needId);
      if (!known.has(needId)) {
        changed ||= next.delete(needId);
        continue;
      }
      const needVersion = engine.versionOf('need', needId) ?? 0;
      if (stored?.rankingId === null && stored.needVersion === needVersion) continue;
      next.set(needId, { rankingId: null, needVersion, startupIds: [] });
      changed = true;
    }
    // Fault tests kill or pause the process here: rankings computed, nothing written yet.
    await pause();
    if (docs.length > 0 || changed) {
      await append(next, docs);
      for (const [needId, view] of views) written.set(needId, view);
    }
    if (appliedRecords.length > 0) {
      await rankings.writeApplied(shard, appliedRecords);
      for (const record of appliedRecords) applied.set(record.startupId, record);
    }
    return {
      status: docs.length > 0 || changed || appliedRecords.length > 0 ? 'applied' : 'no-op',
      needsWritten: docs.length,
      matchesWritten: docs.reduce((sum, doc) => sum + doc.entries.length, 0),
    };
  }

  /** Applied versions that differ from what the index now holds for every profile (take-over, rebuild). */
  function appliedDifferences(): StartupAppliedRecord[] {
    const records: StartupAppliedRecord[] = [];
    const present = new Set(engine.startupIdsInIndex());
    for (const startupId of present) {
      const version = engine.versionOf('startup', startupId) ?? 0;
      const stored = applied.get(startupId);
      if (stored?.appliedVersion !== version || stored.deleted)
        records.push({
          startupId,
          appliedVersion: version,
          deleted: false,
          modelVersion: engine.modelVersion,
        });
    }
    for (const [startupId, stored] of applied) {
      if (!present.has(startupId) && !stored.deleted)
        records.push({ ...stored, startupId, deleted: true, modelVersion: engine.modelVersion });
    }
    return records;
  }

  /** Deletes the shard's ranking documents no index of this owner names (older owners' leftovers). */
  async function removeOrphans(): Promise<void> {
    const named = new Set([...entries.values()].map((entry) => entry.rankingId));
    for (const id of superseded) named.add(id);
    const orphans = (await rankings.rankingIdsOf(shard))
      .filter((doc) => doc.fence < fence && !named.has(doc.id))
      .map((doc) => doc.id);
    await rankings.deleteRankings(orphans);
  }

  async function maybeRebuild(): Promise<void> {
    if (engine.needsRefit()) await deps.requestRebuild(engine.driftRatio(), engine.modelGeneration);
  }

  return {
    engine,

    /**
     * Stamps the shard with this owner's fence (an append of the index as stored: from now on every
     * older owner's append is refused), loads the index from MongoDB, writes every ranking and the
     * applied versions that differ, and removes older owners' leftovers. `onLoaded` is told the
     * load's duration.
     */
    takeOver(onLoaded: (ms: number) => void): Promise<void> {
      return exclusive(async () => {
        const head = await rankings.head(shard);
        if (head !== null && head.fence > fence) throw new StaleFenceError(shard, fence, head.fence);
        position = head?.n ?? 0;
        entries = head?.entries ?? new Map();
        await append(entries, []);
        const started = Date.now();
        const [, stored] = await Promise.all([engine.start(), rankings.appliedVersions(shard)]);
        for (const [startupId, state] of stored) applied.set(startupId, state);
        onLoaded(Date.now() - started);
        await flush(appliedDifferences());
        await removeOrphans();
      });
    },

    /**
     * Applies a create, update or delete of a need of the shard or of any profile. A change that
     * leaves the record's scored input as the index holds it (e.g. a need's department, a profile's
     * website) re-ranks nothing and writes no ranking: a need's version moves in the index (one
     * append naming the same ranking document), a profile's applied version is written as always.
     */
    applyChange(kind: 'need' | 'startup', id: string, version: number): Promise<ChangeOutcome> {
      return exclusive(async () => {
        if (kind === 'need') {
          const result = engine.applyNeed(id, await deps.source.need(id));
          const outcome = await flush();
          await maybeRebuild();
          return { ...outcome, unscored: result === 'unchanged' };
        }
        const stored = await deps.source.startup(id);
        const result = engine.applyStartup(id, stored);
        const before = applied.get(id);
        const appliedVersion = stored?.version ?? Math.max(version, before?.appliedVersion ?? 0);
        const record =
          before?.appliedVersion === appliedVersion && before.deleted === (stored === null)
            ? []
            : [
                {
                  startupId: id,
                  appliedVersion,
                  deleted: stored === null,
                  modelVersion: engine.modelVersion,
                },
              ];
        const outcome = await flush(record);
        await maybeRebuild();
        return { ...outcome, unscored: result === 'unchanged' };
      });
    },

    /**
     * One pass of the dense channel: vectors for what lacks them (stored ones reused, the rest
     * embedded), then the rankings they change. Jobs go on meanwhile: only taking the snapshot and
     * applying the vectors wait their turn, the service is asked between them, so the lexical
     * ranking of a change never waits for it. Null without an embedding service.
     */
    async refreshDense(): Promise<DenseRefreshOutcome | null> {
      const dense = deps.dense;
      if (dense === undefined) return null;
      const { stage, docs } = await exclusive(async () => engine.denseStage());
      const sync = await syncDenseVectors(dense, stage, docs, dense.now());
      return exclusive(async () => {
        const changed = engine.applyDense(stage);
        const outcome = changed
          ? await flush()
          : { status: 'no-op' as const, needsWritten: 0, matchesWritten: 0 };
        const missing = engine.denseMissing();
        return { ...outcome, sync, more: changed && !sync.degraded && missing.needs + missing.startups > 0 };
      });
    },

    /**
     * Fits a new model from everything stored, publishes it (or takes the one another shard
     * published first), and rewrites every ranking. `askedAt` is the model generation current when
     * the rebuild was asked for: a newer one was fitted for this same request (by another shard's
     * owner, or an earlier try of this job), so it is taken instead of fitting once more.
     */
    rebuild(askedAt: number, onProgress: (done: number) => Promise<void>): Promise<RecomputeOutcome> {
      return exclusive(async () => {
        const pointer = await deps.models.pointer();
        if (pointer !== null && pointer.generation > askedAt) {
          if (engine.modelGeneration !== pointer.generation) await engine.reload();
        } else {
          const model = await engine.fitFromStore();
          await onProgress(0.2);
          await engine.adopt(await deps.models.publish(model, askedAt));
        }
        await onProgress(0.5);
        return flush(appliedDifferences());
      });
    },

    /**
     * Changes whose job was lost (Redis away while the API wrote, a job failed for good, Redis
     * restarted empty): stored versions of the shard's needs and of every profile against what
     * this owner has written. Also removes leftovers of refused older owners.
     */
    reconcile(): Promise<ChangeJob[]> {
      return exclusive(async () => {
        const [needs, startups] = await Promise.all([
          deps.source.needVersions(),
          deps.source.startupVersions(),
        ]);
        const jobs: ChangeJob[] = [];
        const change = (kind: 'need' | 'startup', id: string, version: number, deleted: boolean) =>
          jobs.push({ type: 'change', kind, id, version, deleted });
        const presentNeeds = new Set<string>();
        for (const need of needs) {
          if (shardOf(need.id, shards) !== shard) continue;
          presentNeeds.add(need.id);
          const entry = entries.get(need.id);
          if (!entry || entry.needVersion < need.version || (entry.rankingId === null) === need.rankable)
            change('need', need.id, need.version, false);
        }
        for (const [needId, entry] of entries)
          if (!presentNeeds.has(needId)) change('need', needId, entry.needVersion, true);
        const presentStartups = new Set<string>();
        for (const startup of startups) {
          presentStartups.add(startup.id);
          const state = applied.get(startup.id);
          if (!state || state.appliedVersion < startup.version || state.deleted)
            change('startup', startup.id, startup.version, false);
        }
        for (const [startupId, state] of applied)
          if (!presentStartups.has(startupId) && !state.deleted)
            change('startup', startupId, state.appliedVersion, true);
        await removeOrphans();
        return jobs;
      });
    },
  };
}

/** A shard's owner (see {@link createShardOwner}). */
export type ShardOwner = ReturnType<typeof createShardOwner>;
