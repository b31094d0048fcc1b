import { UnrecoverableError, type Job } from 'bullmq';
import { matchesJobSchema, type MatchesJob } from '../services/queue/queues';
import { isOwnershipLost } from '../services/matches/errors';
import type { RecomputeOutcome, ShardOwner } from '../services/matches/shard-owner';

/** What the matches processor of one shard calls. */
export interface MatchesProcessorDeps {
  owner: ShardOwner;
  /** Called (not awaited) when a job finds the shard taken over: the worker then steps down. */
  onOwnershipLost(error: Error): void;
}

/** Result stored on a completed job (shown by `GET /jobs/:id`). */
export type MatchesJobResult = RecomputeOutcome & { modelVersion: string };

/**
 * The thin processor of a shard's `matches` queue (rebuilds; changes come through the change
 * stream): validates the payload (a bad one throws `UnrecoverableError`, so it fails once instead
 * of retrying), then runs the use-case. Any other error is retried with exponential backoff;
 * LeaseLostError and StaleFenceError also make this worker step down, so the retry runs on the
 * shard's new owner.
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
    try {
      await job.updateProgress(0.05);
      const outcome = await deps.owner.rebuild(data.generation, (done) => job.updateProgress(done));
      await job.updateProgress(1);
      return { ...outcome, modelVersion: deps.owner.engine.modelVersion };
    } catch (error) {
      if (isOwnershipLost(error)) deps.onOwnershipLost(error as Error);
      throw error;
    }
  };
}
