import {
  rankingOf,
  type EntitySource,
  type RankingStore,
  type RecomputeStateRecord,
  type StoredVersion,
} from '../../models';
import type { ChangeJob, RankJob } from '../queue/queues';
import type { MatchEngine } from './match-engine';

/** What the reconciliation needs. */
export interface ReconcileDeps {
  rankings: RankingStore;
  engine: MatchEngine;
  source: EntitySource;
  enqueue(job: ChangeJob | RankJob): Promise<void>;
  /** True when no matches job waits or runs: rankings are only audited then (in-flight jobs make transient differences). */
  queueIdle(): Promise<boolean>;
}

/** What one reconciliation found (each item was enqueued). */
export interface ReconcileReport {
  changes: number;
  ranks: number;
  placementsFixed: number;
}

/**
 * Finds work whose job was lost (Redis down while the API wrote, a job failed for good, Redis
 * restarted empty) by comparing stored versions with applied versions, and rankings whose stored
 * top K differs from the index's; enqueues a change or rank job for each. Jobs coalesce and
 * already-applied changes are no-ops, so running it often, or on several workers, is harmless.
 */
export function createReconcileService(deps: ReconcileDeps) {
  function missingChanges(
    kind: 'need' | 'startup',
    stored: readonly StoredVersion[],
    applied: Map<string, RecomputeStateRecord>,
  ): ChangeJob[] {
    const jobs: ChangeJob[] = [];
    const present = new Set<string>();
    for (const item of stored) {
      present.add(item.id);
      const state = applied.get(item.id);
      const deletedAsExpected =
        kind === 'need' ? state?.deleted === !item.rankable : state?.deleted === false;
      if (!state || state.appliedVersion < item.version || !deletedAsExpected) {
        jobs.push({ type: 'change', kind, id: item.id, version: item.version, deleted: false });
      }
    }
    for (const [id, state] of applied) {
      if (!present.has(id) && !state.deleted)
        jobs.push({ type: 'change', kind, id, version: state.appliedVersion, deleted: true });
    }
    return jobs;
  }

  return {
    async reconcile(): Promise<ReconcileReport> {
      await deps.engine.sync();
      const [needs, startups, stateDocs] = await Promise.all([
        deps.source.needVersions(),
        deps.source.startupVersions(),
        deps.rankings.allStates(),
      ]);
      const needStates = new Map<string, RecomputeStateRecord>();
      const startupStates = new Map<string, RecomputeStateRecord>();
      for (const state of stateDocs)
        (state.kind === 'need' ? needStates : startupStates).set(state.id, state);

      const changes = [
        ...missingChanges('need', needs, needStates),
        ...missingChanges('startup', startups, startupStates),
      ];
      const pending = new Set(changes.filter((job) => job.kind === 'need').map((job) => job.id));
      for (const job of changes) await deps.enqueue(job);

      const ranks: RankJob[] = [];
      let placementsFixed = 0;
      const audit = changes.length === 0 && (await deps.queueIdle());
      for (const [needId, state] of audit ? needStates : new Map<string, RecomputeStateRecord>()) {
        if (pending.has(needId) || state.deleted) continue;
        const stored = rankingOf(state);
        const current = deps.engine.topFor(needId);
        const differs =
          (state.pendingPairs ?? []).length > 0 ||
          state.modelVersion !== deps.engine.modelVersion ||
          stored.length !== current.length ||
          current.some(
            (match, index) =>
              stored[index]?.startupId !== match.startupId || stored[index]?.score !== match.score,
          );
        if (differs) ranks.push({ type: 'rank', needId, reason: 'audit' });
        for (const entry of stored) {
          const placement = startupStates.get(entry.startupId);
          if (placement?.inNeeds?.includes(needId)) continue;
          // Only ever add here: a concurrent writer may be between its two writes, and readers check the ranking anyway.
          await deps.rankings.addPlacement(entry.startupId, needId);
          placementsFixed += 1;
        }
      }
      for (const job of ranks) await deps.enqueue(job);
      return { changes: changes.length, ranks: ranks.length, placementsFixed };
    },
  };
}

/** The reconciliation (see {@link createReconcileService}). */
export type ReconcileService = ReturnType<typeof createReconcileService>;
