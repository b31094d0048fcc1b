import { Queue, QueueEvents } from 'bullmq';
import type { ChangePublisher, EntityChange } from '../changes';
import { MATCHES_QUEUE, matchesJobOptions, type JobPolicy, type MatchesJob } from './queues';
import { createMatchesMetrics, type MatchesMetrics } from './matches.metrics';
import { bullConnectionFromUrl } from './redis-options';

/** Options of {@link createMatchesProducer}. */
export interface MatchesProducerOptions {
  redisUrl: string;
  /** Prefix of every BullMQ key. */
  prefix: string;
  policy: JobPolicy;
  /** Longest one enqueue may take before `publish` gives up (the worker's reconciliation catches it later). Milliseconds. */
  timeoutMs: number;
  /** Listen to the queue's events (job progress streams, duration metrics). @default true */
  listen?: boolean;
}

/** The API's side of the matches queue: enqueues changes and rebuilds. */
export interface MatchesProducer extends ChangePublisher {
  /** The underlying queue (job look-ups, counts, metrics). */
  readonly queue: Queue;
  /** The queue's event stream (progress, completion), or undefined when created with `listen: false`. */
  readonly events: QueueEvents | undefined;
  /** Prometheus metrics of the queue, in their own registry. */
  readonly metrics: MatchesMetrics;
  /** Enqueues any matches job; resolves to its job id (the id of the job it coalesced into, when deduplicated). */
  enqueue(job: MatchesJob): Promise<string>;
  close(): Promise<void>;
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A {@link ChangePublisher} backed by BullMQ. Its Redis client fails fast (no offline queue), and
 * each enqueue is bounded by `timeoutMs`, so a write through the API is never held up or failed by
 * Redis: the rejection reaches the caller, which logs it, and the worker's periodic reconciliation
 * (stored versions vs applied versions) recomputes what was missed.
 */
export function createMatchesProducer(options: MatchesProducerOptions): MatchesProducer {
  const queue = new Queue(MATCHES_QUEUE, {
    connection: bullConnectionFromUrl(options.redisUrl, 'fail-fast'),
    prefix: options.prefix,
  });
  // Without a listener an 'error' event would crash the process while Redis is down.
  queue.on('error', () => undefined);
  const events =
    options.listen === false ? undefined : new QueueEvents(MATCHES_QUEUE, { connection: bullConnectionFromUrl(options.redisUrl, 'blocking'), prefix: options.prefix });
  events?.on('error', () => undefined);
  const metrics = createMatchesMetrics(queue, events);

  async function enqueue(job: MatchesJob): Promise<string> {
    const added = await withTimeout(queue.add(job.type, job, matchesJobOptions(job, options.policy)), options.timeoutMs, 'enqueue');
    return added.id ?? '';
  }

  return {
    queue,
    events,
    metrics,
    enqueue,
    async publish(change: EntityChange) {
      try {
        await enqueue({ type: 'change', kind: change.kind, id: change.id, version: change.version, deleted: change.deleted });
      } catch (error) {
        metrics.publishFailures.inc();
        throw error;
      }
    },
    async close() {
      await events?.close();
      await queue.close();
    },
  };
}

/** True when `publisher` is the queue producer (the API then serves job and queue endpoints from it). */
export function isMatchesProducer(publisher: ChangePublisher): publisher is MatchesProducer {
  const candidate = publisher as Partial<MatchesProducer>;
  return candidate.queue instanceof Queue && typeof candidate.enqueue === 'function';
}

/** The producer the API's queue routes use: `deps.matchesQueue` when the app was given one, else the change publisher if it is the producer. */
export function matchesQueueOf(changes: ChangePublisher, deps: object): MatchesProducer | undefined {
  const given = (deps as { matchesQueue?: ChangePublisher }).matchesQueue;
  if (given !== undefined && isMatchesProducer(given)) return given;
  return isMatchesProducer(changes) ? changes : undefined;
}
