import type { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { shardOf } from '../../models';
import type { ChangePublisher, EntityChange } from '../changes';
import { addChange, changeBacklog, changeStreamKey, isChangePending } from '../matches/change-stream';
import { matchesJobOptions, matchesQueueName, type JobPolicy, type MatchesJob } from './queues';
import { createMatchesMetrics, type MatchesMetrics } from './matches.metrics';
import { openProducerQueue, withTimeout, type ProducerQueueOptions } from './producer-queue';
import { redisOptionsFromUrl } from './redis-options';

/** Options of {@link createMatchesProducer} (listening also feeds the job duration metrics). */
export interface MatchesProducerOptions extends ProducerQueueOptions {
  policy: JobPolicy;
  /** Longest one enqueue or publish may take before it gives up (the worker's reconciliation catches it later). Milliseconds. */
  timeoutMs: number;
  /** Shards the needs fall into (MATCH_SHARDS): one change stream and one rebuild queue each. @default 1 */
  shards?: number;
}

/** The API's side of the matches pipeline: adds changes to the change streams, enqueues rebuilds. */
export interface MatchesProducer extends ChangePublisher {
  /** Shard 0's rebuild queue (job look-ups, counts, metrics). */
  readonly queue: Queue;
  /** The queue's event stream (progress, completion), or undefined when created with `listen: false`. */
  readonly events: QueueEvents | undefined;
  /** Prometheus metrics of the change streams and the rebuild queue, in their own registry. */
  readonly metrics: MatchesMetrics;
  /** Enqueues a rebuild on every shard; resolves to its job id in shard 0's queue (the id of the job it coalesced into, when deduplicated). */
  enqueue(job: MatchesJob): Promise<string>;
  /** Whether a change of this need or profile waits in (or is being applied from) a stream it went to. */
  pending(kind: 'need' | 'startup', id: string): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * A {@link ChangePublisher} over the change streams: a need's change goes to its shard's stream, a
 * profile's change to every shard's (each shard's owner scores profiles against its own needs);
 * rebuilds are BullMQ jobs on every shard's queue. Its Redis clients fail fast (no offline
 * queue), and each call is bounded by `timeoutMs`, so a write through the API is never held up or
 * failed by Redis: the rejection reaches the caller, which logs it, and the workers' periodic
 * reconciliation (stored versions vs applied versions) recomputes what was missed.
 */
export function createMatchesProducer(options: MatchesProducerOptions): MatchesProducer {
  const shards = options.shards ?? 1;
  const opened = Array.from({ length: shards }, (_, shard) =>
    openProducerQueue(matchesQueueName(shard), { ...options, listen: shard === 0 && options.listen }),
  );
  const first = opened[0] as (typeof opened)[number];
  const queues = opened.map((item) => item.queue);
  const redis = new Redis(redisOptionsFromUrl(options.redisUrl, 'fail-fast'));
  // Without a listener an 'error' event would crash the API while Redis is away.
  redis.on('error', () => undefined);
  const metrics = createMatchesMetrics(first.queue, first.events, () =>
    withTimeout(
      Promise.all(queues.map((_, shard) => changeBacklog(redis, changeStreamKey(options.prefix, shard)))),
      options.timeoutMs,
      'change backlog',
    ),
  );

  /** The streams a change of this need or profile goes to (its need's shard; every shard for a profile). */
  function streamsOf(kind: 'need' | 'startup', id: string): string[] {
    const shardsOf = kind === 'need' ? [shardOf(id, shards)] : [...queues.keys()];
    return shardsOf.map((shard) => changeStreamKey(options.prefix, shard));
  }

  async function enqueue(job: MatchesJob): Promise<string> {
    const added = await withTimeout(
      Promise.all(queues.map((queue) => queue.add(job.type, job, matchesJobOptions(job, options.policy)))),
      options.timeoutMs,
      'enqueue',
    );
    return added[0]?.id ?? '';
  }

  return {
    queue: first.queue,
    events: first.events,
    metrics,
    enqueue,
    async pending(kind, id) {
      const streams = streamsOf(kind, id);
      const found = await withTimeout(
        Promise.all(streams.map((key) => isChangePending(redis, key, kind, id))),
        options.timeoutMs,
        'pending check',
      );
      return found.some(Boolean);
    },
    async publish(change: EntityChange) {
      try {
        await withTimeout(
          Promise.all(streamsOf(change.kind, change.id).map((key) => addChange(redis, key, change))),
          options.timeoutMs,
          'publish',
        );
      } catch (error) {
        metrics.publishFailures.inc();
        throw error;
      }
    },
    async close() {
      await Promise.all(opened.map((item) => item.close()));
      redis.disconnect();
    },
  };
}
