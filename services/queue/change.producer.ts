import type { Queue, QueueEvents } from 'bullmq';
import type { ChangePublisher, EntityChange } from '../changes';
import { MATCHES_QUEUE, matchesJobOptions, type JobPolicy, type MatchesJob } from './queues';
import { createMatchesMetrics, type MatchesMetrics } from './matches.metrics';
import { openProducerQueue, withTimeout, type ProducerQueueOptions } from './producer-queue';

/** Options of {@link createMatchesProducer} (listening also feeds the job duration metrics). */
export interface MatchesProducerOptions extends ProducerQueueOptions {
  policy: JobPolicy;
  /** Longest one enqueue may take before `publish` gives up (the worker's reconciliation catches it later). Milliseconds. */
  timeoutMs: number;
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

/**
 * A {@link ChangePublisher} backed by BullMQ. Its Redis client fails fast (no offline queue), and
 * each enqueue is bounded by `timeoutMs`, so a write through the API is never held up or failed by
 * Redis: the rejection reaches the caller, which logs it, and the worker's periodic reconciliation
 * (stored versions vs applied versions) recomputes what was missed.
 */
export function createMatchesProducer(options: MatchesProducerOptions): MatchesProducer {
  const { queue, events, close } = openProducerQueue(MATCHES_QUEUE, options);
  const metrics = createMatchesMetrics(queue, events);

  async function enqueue(job: MatchesJob): Promise<string> {
    const added = await withTimeout(
      queue.add(job.type, job, matchesJobOptions(job, options.policy)),
      options.timeoutMs,
      'enqueue',
    );
    return added.id ?? '';
  }

  return {
    queue,
    events,
    metrics,
    enqueue,
    async publish(change: EntityChange) {
      try {
        await enqueue({
          type: 'change',
          kind: change.kind,
          id: change.id,
          version: change.version,
          deleted: change.deleted,
        });
      } catch (error) {
        metrics.publishFailures.inc();
        throw error;
      }
    },
    close,
  };
}
