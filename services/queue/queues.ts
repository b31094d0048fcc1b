import { z } from 'zod';
import type { JobsOptions } from 'bullmq';
import { scheduleChangeSchema } from '../../scheduling';
import { buildBodySchema } from '../schedules/schedule.schemas';

/**
 * The queue of model rebuilds of shard 0 (see {@link matchesQueueName}). Changes of needs and
 * profiles travel through the shards' change streams instead (services/matches/change-stream.ts).
 */
export const MATCHES_QUEUE = 'matches';

/** The rebuild queue of one shard: `matches` for shard 0, `matches-<shard>` for the others. */
export function matchesQueueName(shard: number): string {
  return shard === 0 ? MATCHES_QUEUE : `${MATCHES_QUEUE}-${shard}`;
}
/** The queue that builds or repairs an event's schedule when that is too slow for a request. */
export const SCHEDULES_QUEUE = 'schedules';

const objectId = z.string().regex(/^[0-9a-f]{24}$/, 'must be a 24-digit hex id');

/** A need or profile was created, updated or deleted (ids and versions only, never texts): an entry of a change stream. */
export const changeJobSchema = z.object({
  type: z.literal('change'),
  kind: z.enum(['need', 'startup']),
  id: objectId,
  version: z.number().int().min(0),
  deleted: z.boolean(),
});

/**
 * Fit a new scoring model from every stored need and profile, publish it, and recompute every need,
 * unless the shared model is already newer than `generation` (the one current when the rebuild was
 * asked for): then another shard's owner fitted it for this same request, and it is taken as it is.
 */
export const rebuildJobSchema = z.object({
  type: z.literal('rebuild'),
  reason: z.enum(['requested', 'drift']),
  generation: z.number().int().min(0),
});

/** Every job of the `matches` queues. */
export const matchesJobSchema = rebuildJobSchema;
export type ChangeJob = z.infer<typeof changeJobSchema>;
export type RebuildJob = z.infer<typeof rebuildJobSchema>;
export type MatchesJob = z.infer<typeof matchesJobSchema>;

/**
 * Jobs of the `schedules` queue: build an event's schedule (with the options of
 * `POST /events/:id/schedule`, defaults filled in), or repair it after one change.
 */
export const schedulesJobSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('build'), eventId: objectId, ...buildBodySchema.shape }),
  z.object({
    action: z.literal('repair'),
    eventId: objectId,
    change: scheduleChangeSchema,
  }),
]);
export type SchedulesJob = z.infer<typeof schedulesJobSchema>;
/** A schedules job as a producer may give it (build options may be left to their defaults). */
export type SchedulesJobInput = z.input<typeof schedulesJobSchema>;

/**
 * The deduplication id of a queued job, for every queue (producers and the benches take it from
 * here). Jobs with the same id coalesce.
 *
 * - matches (rebuilds; changes travel through the change streams): a rebuild asked for while one
 *   waits is the same rebuild; while one runs, the latest is kept and runs after it
 *   (`keepLastIfActive`).
 * - schedules: builds of one event share one, so a burst of build requests coalesces into the
 *   build that is still waiting (it reads the event's records when it starts). The processor
 *   releases the id when the build starts, so a request that arrives during a build gets a build of
 *   its own that sees the newer records. Repairs have none: each carries a different change.
 */
export function deduplicationIdOf(job: MatchesJob): string;
export function deduplicationIdOf(job: SchedulesJob): string | undefined;
export function deduplicationIdOf(job: MatchesJob | SchedulesJob): string | undefined {
  if ('action' in job) return job.action === 'build' ? `build:${job.eventId}` : undefined;
  return job.type;
}

/** Retry and retention settings shared by producers of both queues. */
export interface JobPolicy {
  /** Tries before a job fails. */
  attempts: number;
  /** First retry delay in milliseconds; doubles each try. */
  backoffMs: number;
}

/** Exponential retry and bounded retention (so `GET /jobs/:id` works for an hour), for jobs of both queues. */
export function jobRetryAndRetention(policy: JobPolicy): JobsOptions {
  return {
    attempts: policy.attempts,
    backoff: { type: 'exponential', delay: policy.backoffMs },
    removeOnComplete: { age: 3600, count: 2000 },
    removeOnFail: { age: 24 * 3600, count: 5000 },
  };
}

/** Options of one matches job: coalescing, then {@link jobRetryAndRetention}. */
export function matchesJobOptions(job: MatchesJob, policy: JobPolicy): JobsOptions {
  return {
    deduplication: { id: deduplicationIdOf(job), keepLastIfActive: true },
    ...jobRetryAndRetention(policy),
  };
}
