import { randomUUID } from 'node:crypto';
import type { JobsOptions, Queue, QueueEvents } from 'bullmq';
import {
  deduplicationIdOf,
  jobRetryAndRetention,
  SCHEDULES_QUEUE,
  schedulesJobSchema,
  type JobPolicy,
  type SchedulesJob,
  type SchedulesJobInput,
} from './queues';
import { openProducerQueue, withTimeout, type ProducerQueueOptions } from './producer-queue';

/**
 * Every schedules job id starts with this, so `GET /jobs/:id` can tell them from matches jobs
 * (whose ids are BullMQ's counters, plain integers) without a second parameter.
 */
export const SCHEDULES_JOB_ID_PREFIX = 'schedules-';

/** True when `jobId` names a job of the `schedules` queue. */
export function isSchedulesJobId(jobId: string): boolean {
  return jobId.startsWith(SCHEDULES_JOB_ID_PREFIX);
}

/** Options of one schedules job: a prefixed unique id, coalescing of builds, exponential retry, retention like matches jobs. */
export function schedulesJobOptions(job: SchedulesJob, policy: JobPolicy): JobsOptions {
  const deduplicationId = deduplicationIdOf(job);
  return {
    jobId: `${SCHEDULES_JOB_ID_PREFIX}${randomUUID()}`,
    ...(deduplicationId === undefined ? {} : { deduplication: { id: deduplicationId } }),
    ...jobRetryAndRetention(policy),
  };
}

/** Options of {@link createSchedulesProducer}. */
export interface SchedulesProducerOptions extends ProducerQueueOptions {
  policy: JobPolicy;
  /** Longest one enqueue may take before it is given up (the API then answers 503). Milliseconds. */
  timeoutMs: number;
}

/** The API's side of the `schedules` queue. */
export interface SchedulesProducer {
  /** The underlying queue (job look-ups). */
  readonly queue: Queue;
  /** The queue's event stream (progress, completion), or undefined when created with `listen: false`. */
  readonly events: QueueEvents | undefined;
  /**
   * Validates `job` with `schedulesJobSchema` (throws on a bad one: callers validate their input
   * first) and enqueues it; resolves to its job id, or to the id of the waiting build it coalesced into.
   */
  enqueue(job: SchedulesJobInput): Promise<string>;
  close(): Promise<void>;
}

/** A producer of the `schedules` queue. Its Redis client fails fast (no offline queue) and each enqueue is bounded by `timeoutMs`. */
export function createSchedulesProducer(options: SchedulesProducerOptions): SchedulesProducer {
  const { queue, events, close } = openProducerQueue(SCHEDULES_QUEUE, options);

  return {
    queue,
    events,
    async enqueue(input) {
      const parsed = schedulesJobSchema.safeParse(input);
      if (!parsed.success) {
        throw new Error(
          `invalid schedules job: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
        );
      }
      const job = parsed.data;
      const added = await withTimeout(
        queue.add(job.action, job, schedulesJobOptions(job, options.policy)),
        options.timeoutMs,
        'enqueue',
      );
      if (added.id === undefined) throw new Error('BullMQ returned a job without an id');
      return added.id;
    },
    close,
  };
}
