import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/** Options of {@link createNeedLock}. */
export interface NeedLockOptions {
  prefix: string;
  /** Lock lifetime: a killed holder's lock frees itself after this long. Milliseconds. */
  ttlMs: number;
  /** Longest wait for a busy lock before giving up (the job then retries). Milliseconds. */
  waitMs: number;
}

/**
 * One writer per need ranking at a time (Redis `SET NX PX` with a token), so two diffs against
 * the same stored ranking never interleave and leave a match document behind.
 */
export interface NeedLock {
  withLock<T>(needId: string, task: () => Promise<T>): Promise<T>;
}

/** A {@link NeedLock} on `redis`. */
export function createNeedLock(redis: Redis, options: NeedLockOptions): NeedLock {
  return {
    async withLock(needId, task) {
      const key = `${options.prefix}:matches:need-lock:${needId}`;
      const token = randomUUID();
      const deadline = Date.now() + options.waitMs;
      while ((await redis.set(key, token, 'PX', options.ttlMs, 'NX')) !== 'OK') {
        if (Date.now() > deadline) throw new Error(`need ${needId} is locked by another writer`);
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
      try {
        return await task();
      } finally {
        await redis.eval(RELEASE, 1, key, token).catch(() => undefined);
      }
    },
  };
}
