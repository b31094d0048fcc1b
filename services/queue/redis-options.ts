import type { RedisOptions } from 'ioredis';
import type { ConnectionOptions } from 'bullmq';

/**
 * ioredis options for a `redis://` or `rediss://` URL. Blocking clients (workers, queue events)
 * need `maxRetriesPerRequest: null`; clients that serve requests should fail fast instead, so an
 * API write is not held up while Redis is away.
 */
export function redisOptionsFromUrl(url: string, mode: 'blocking' | 'fail-fast'): RedisOptions {
  const parsed = new URL(url);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  return {
    host: parsed.hostname,
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    ...(parsed.username === '' ? {} : { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password === '' ? {} : { password: decodeURIComponent(parsed.password) }),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    db,
    ...(mode === 'blocking'
      ? { maxRetriesPerRequest: null }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 }),
    retryStrategy: (times: number) => Math.min(100 * times, 2_000),
  };
}

/** The same options, typed as BullMQ's connection options. */
export function bullConnectionFromUrl(url: string, mode: 'blocking' | 'fail-fast'): ConnectionOptions {
  return { ...redisOptionsFromUrl(url, mode) } as ConnectionOptions;
}
