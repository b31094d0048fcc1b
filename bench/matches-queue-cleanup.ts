import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { redisOptionsFromUrl } from '../services/queue/redis-options';

/** Removes a bench run's matches queue and every Redis key under its prefix, then closes the queue. */
export async function removeMatchesQueue(queue: Queue, redisUrl: string, prefix: string): Promise<void> {
  await queue.obliterate({ force: true }).catch(() => undefined);
  const client = new Redis(redisOptionsFromUrl(redisUrl, 'blocking'));
  const keys = await client.keys(`${prefix}:*`).catch(() => []);
  if (keys.length > 0) await client.del(...keys).catch(() => undefined);
  client.disconnect();
  await queue.close();
}
