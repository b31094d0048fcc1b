import { UnrecoverableError, type Job } from 'bullmq';
import { matchesJobSchema, type MatchesJob } from '../services/queue/queues';
import type { ChangeLog } from '../services/matches/change-log';
import type { MatchEngine } from '../services/matches/match-engine';
import type { ModelStore } from '../models';
import type { RecomputeOutcome, RecomputeService } from '../services/matches/recompute.service';

/** What the matches processor calls. */
export interface MatchesProcessorDeps {
  engine: MatchEngine;
  models: ModelStore;
  log: ChangeLog;
  recompute: RecomputeService;
}

/** Result stored on a completed job (shown by `GET /jobs/:id`). */
export type MatchesJobResult = RecomputeOutcome & { modelVersion: string };

/**
 * The thin processor of the `matches` queue: validates the payload (a bad one throws
 * `UnrecoverableError`, so it fails once instead of retrying), then runs the use-case. Any other
 * error is retried with exponential backoff.
 */
export function createMatchesProcessor(deps: MatchesProcessorDeps) {
  return async function processMatchesJob(job: Job<unknown, MatchesJobResult>): Promise<MatchesJobResult> {
    const parsed = matchesJobSchema.safeParse(job.data);
    if (!parsed.success) {
      throw new UnrecoverableError(
        `invalid matches job payload: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
      );
    }
    const data: MatchesJob = parsed.data;
    // Change and rank jobs take milliseconds: only a rebuild reports steps in between.
    if (data.type === 'rebuild') await job.updateProgress(0.05);
    let outcome: RecomputeOutcome;
    switch (data.type) {
      case 'change':
        outcome = await deps.recompute.applyChange(data.kind, data.id, data.version);
        break;
      case 'rank':
        outcome = await deps.recompute.rankNeed(data.needId);
        break;
      case 'rebuild': {
        const model = await deps.engine.fitFromStore();
        await job.updateProgress(0.2);
        const published = await deps.models.publish(model, deps.engine.modelGeneration);
        await deps.log.append({ kind: 'model', id: published.snapshotId, version: published.generation });
        await deps.engine.adopt(published);
        await job.updateProgress(0.3);
        outcome = await deps.recompute.recomputeAll((done) => job.updateProgress(0.3 + 0.7 * done));
        break;
      }
    }
    await job.updateProgress(1);
    return { ...outcome, modelVersion: deps.engine.modelVersion };
  };
}
