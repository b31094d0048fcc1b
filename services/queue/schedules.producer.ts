import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents, type JobsOptions } from 'bullmq';
import { SCHEDULES_QUEUE, schedulesJobSchema, type JobPolicy, type SchedulesJob, type SchedulesJobInput } from './queues';
import { bullConnectionFromUrl } from './redis-options';

/**
 * Every schedules job id starts with this, so `GET /jobs/:id` can tell them from matches jobs
 * (whose ids are BullMQ's counters, plain integers) without a second parameter.
 */
export const SCHEDULES_JOB_ID_PREFIX = 'schedules-';

/** True when `jobId` names a job of the `schedules` queue. */
export function isSchedulesJobId(jobId: string): boolean {
  return jobId.startsWith(SCHEDULES_JOB_ID_PREFIX);
}

/**
 * The deduplication id of a schedules job: builds of one event share one, so a burst of build
 * requests coalesces into the build that is still waiting (it reads the event's records when it
 * starts). The processor releases the id when the build starts, so a request that arrives during a
 * build gets a build of its own that sees the newer records. Repairs are never coalesced: each
 * carries a different change.
 */
export function schedulesDeduplicationIdOf(job: SchedulesJob): string | undefined {
  return job.action === 'build' ? `build:${job.eventId}` : undefined;
}

/** Options of one schedules job: a prefixed unique id, coalescing of builds, exponential retry, retention like matches jobs. */
export function schedulesJobOptions(job: SchedulesJob, policy: JobPolicy): JobsOptions {
  const deduplicationId = schedulesDeduplicationIdOf(job);
  return {
    jobId: `${SCHEDULES_JOB_ID_PREFIX}${randomUUID()}`,
    ...(deduplicationId === undefined ? {} : { deduplication: { id: deduplicationId } }),
    attempts: policy.attempts,
    backoff: { type: 'exponential', delay: policy.backoffMs },
    removeOnComplete: { age: 3600, count: 2000 },
    removeOnFail: { age: 24 * 3600, count: 5000 },
  };
}

/** Options of {@link createSchedulesProducer}. */
export interface SchedulesProducerOptions {
  redisUrl: string;
  /** Prefix of every BullMQ key (the workers' `QUEUE_PREFIX`). */
  prefix: string;
  policy: JobPolicy;
  /** Longest one enqueue may take before it is given up (the API then answers 503). Milliseconds. */
  timeoutMs: number;
  /** Listen to the queue's events (job progress streams). @default true */
  listen?: boolean;
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

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A producer of the `schedules` queue. Its Redis client fails fast (no offline queue) and each enqueue is bounded by `timeoutMs`. */
export function createSchedulesProducer(options: SchedulesProducerOptions): SchedulesProducer {
  const queue = new Queue(SCHEDULES_QUEUE, {
    connection: bullConnectionFromUrl(options.redisUrl, 'fail-fast'),
    prefix: options.prefix,
  });
  // Without a listener an 'error' event would crash the process while Redis is down.
  queue.on('error', () => undefined);
  const events =
    options.listen === false ? undefined : new QueueEvents(SCHEDULES_QUEUE, { connection: bullConnectionFromUrl(options.redisUrl, 'blocking'), prefix: options.prefix });
  events?.on('error', () => undefined);

  return {
    queue,
    events,
    async enqueue(input) {
      const parsed = schedulesJobSchema.safeParse(input);
      if (!parsed.success) {
        throw new Error(`invalid schedules job: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
      }
      const job = parsed.data;
      const added = await withTimeout(queue.add(job.action, job, schedulesJobOptions(job, options.policy)), options.timeoutMs, 'enqueue');
      if (added.id === undefined) throw new Error('BullMQ returned a job without an id');
      return added.id;
    },
    async close() {
      await events?.close();
      await queue.close();
    },
  };
}
