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
  producer: MatchesProducer;
  queue: Queue;
  /** Closes the producer, removes the queue and every Redis key under the prefix, then closes the queue. */
  remove(): Promise<void>;
}

/** Opens a bench run's matches pipeline under a fresh database name and prefix (`remove` takes it all away again). */
export function openBenchMatches(redisUrl: string): BenchMatches {
  const dbName = `bench-${randomUUID()}`;
  const prefix = `bench-${randomUUID()}`;
  const producer = createMatchesProducer({
    redisUrl,
    prefix,
    policy: { attempts: 8, backoffMs: 200 },
    timeoutMs: 2_000,
  });
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
  return { dbName, prefix, producer, queue, remove };
}
