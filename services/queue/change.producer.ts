import type { Queue, QueueEvents } from 'bullmq';
import { shardOf } from '../../models';
import type { ChangePublisher, EntityChange } from '../changes';
import { matchesJobOptions, matchesQueueName, type JobPolicy, type MatchesJob } from './queues';
import { createMatchesMetrics, type MatchesMetrics } from './matches.metrics';
import { openProducerQueue, withTimeout, type ProducerQueueOptions } from './producer-queue';

/** Options of {@link createMatchesProducer} (listening also feeds the job duration metrics). */
export interface MatchesProducerOptions extends ProducerQueueOptions {
  policy: JobPolicy;
  /** Longest one enqueue may take before `publish` gives up (the worker's reconciliation catches it later). Milliseconds. */
  timeoutMs: number;
  /** Shards the needs fall into (MATCH_SHARDS): one queue each. @default 1 */
  shards?: number;
}

/** The API's side of the matches queues: enqueues changes and rebuilds. */
export interface MatchesProducer extends ChangePublisher {
  /** Shard 0's queue (job look-ups, counts, metrics; the only one with the default single shard). */
  readonly queue: Queue;
  /** The queues a job for this need or profile goes to (a need's shard; every shard for a profile). */
  queuesOf(kind: 'need' | 'startup', id: string): Queue[];
  /** The queue's event stream (progress, completion), or undefined when created with `listen: false`. */
  readonly events: QueueEvents | undefined;
  /** Prometheus metrics of the queue, in their own registry. */
  readonly metrics: MatchesMetrics;
  /** Enqueues any matches job; resolves to its job id in shard 0's queue, or its need's shard (the id of the job it coalesced into, when deduplicated). */
  enqueue(job: MatchesJob): Promise<string>;
  close(): Promise<void>;
}

/**
 * A {@link ChangePublisher} backed by BullMQ: a need's change goes to its shard's queue, a
 * profile's change and a rebuild to every shard's (each shard's owner scores profiles against its
 * own needs). Its Redis clients fail fast (no offline queue), and each enqueue is bounded by
 * `timeoutMs`, so a write through the API is never held up or failed by Redis: the rejection
 * reaches the caller, which logs it, and the workers' periodic reconciliation (stored versions vs
 * applied versions) recomputes what was missed.
 */
export function createMatchesProducer(options: MatchesProducerOptions): MatchesProducer {
  const shards = options.shards ?? 1;
  const opened = Array.from({ length: shards }, (_, shard) =>
    openProducerQueue(matchesQueueName(shard), { ...options, listen: shard === 0 && options.listen }),
  );
  const first = opened[0] as (typeof opened)[number];
  const metrics = createMatchesMetrics(first.queue, first.events);
  const queues = opened.map((item) => item.queue);

  function queuesOf(kind: 'need' | 'startup', id: string): Queue[] {
    return kind === 'need' ? [queues[shardOf(id, shards)] as Queue] : queues;
  }

  async function enqueue(job: MatchesJob): Promise<string> {
    const targets = job.type === 'change' ? queuesOf(job.kind, job.id) : queues;
    const added = await withTimeout(
      Promise.all(targets.map((queue) => queue.add(job.type, job, matchesJobOptions(job, options.policy)))),
      options.timeoutMs,
      'enqueue',
    );
    return added[0]?.id ?? '';
  }

  return {
    queue: first.queue,
    queuesOf,
    events: first.events,
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
    async close() {
      await Promise.all(opened.map((item) => item.close()));
    },
  };
}
