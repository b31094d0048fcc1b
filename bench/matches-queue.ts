import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createMatchesProducer, type MatchesProducer } from '../services/queue/change.producer';
import { MATCHES_QUEUE } from '../services/queue/queues';
import { bullConnectionFromUrl, redisOptionsFromUrl } from '../services/queue/redis-options';

/** A bench run's own database name and Redis prefix, the API's producer and the matches queue under it. */
export interface BenchMatches {
  dbName: string;
  prefix: string;
  /** The API's producer, for the shard count last set by {@link useShards} (1 at first). */
  producer: MatchesProducer;
  /** Publishes to `shards` shards' streams from now on (the workers started next must run with MATCH_SHARDS = `shards`). */
  useShards(shards: number): void;
  /** The shard count the producer publishes for. */
  shards(): number;
  queue: Queue;
  /** Closes the producers, removes the queue and every Redis key under the prefix, then closes the queue. */
  remove(): Promise<void>;
}

/** Opens a bench run's matches pipeline under a fresh database name and prefix (`remove` takes it all away again). */
export function openBenchMatches(redisUrl: string): BenchMatches {
  const dbName = `bench-${randomUUID()}`;
  const prefix = `bench-${randomUUID()}`;
  const producers = new Map<number, MatchesProducer>();
  /** The producer for `shards` shards (the first one listens to the queue's events, as the API's does). */
  const producerOf = (shards: number): MatchesProducer => {
    let made = producers.get(shards);
    if (made === undefined) {
      made = createMatchesProducer({
        redisUrl,
        prefix,
        policy: { attempts: 8, backoffMs: 200 },
        timeoutMs: 2_000,
        shards,
        listen: producers.size === 0,
      });
      producers.set(shards, made);
    }
    return made;
  };
  let current = 1;
  const first = producerOf(current);
  // One object for the API to hold, whatever the shard count: each call goes to the current count's producer.
  const producer: MatchesProducer = {
    get queue() {
      return producerOf(current).queue;
    },
    events: first.events,
    metrics: first.metrics,
    enqueue: (job) => producerOf(current).enqueue(job),
    pending: (kind, id) => producerOf(current).pending(kind, id),
    publish: (change) => producerOf(current).publish(change),
    async close() {
      await Promise.all([...producers.values()].map((each) => each.close()));
    },
  };
  const queue = new Queue(MATCHES_QUEUE, { connection: bullConnectionFromUrl(redisUrl, 'blocking'), prefix });
  async function remove(): Promise<void> {
    await producer.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    const client = new Redis(redisOptionsFromUrl(redisUrl, 'blocking'));
    const keys = await client.keys(`${prefix}:*`).catch(() => []);
    if (keys.length > 0) await client.del(...keys).catch(() => undefined);
    client.disconnect();
    await queue.close();
  }
  return {
    dbName,
    prefix,
    producer,
    useShards: (shards) => {
      producerOf(shards);
      current = shards;
    },
    shards: () => current,
    queue,
    remove,
  };
}
