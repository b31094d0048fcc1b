import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

// All or nothing: takes every key only when none is held, so two writers never each hold part of
// what the other needs (no deadlock, whatever order the needs come in).
const ACQUIRE = `
for i = 1, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then return 0 end
end
for i = 1, #KEYS do
  redis.call('SET', KEYS[i], ARGV[1], 'PX', ARGV[2])
end
return 1`;
const RELEASE = `
local released = 0
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[1] then released = released + redis.call('DEL', KEYS[i]) end
end
return released`;

/** Options of {@link createNeedLock}. */
export interface NeedLockOptions {
  prefix: string;
  /** Lock lifetime: a killed holder's lock frees itself after this long. Milliseconds. */
  ttlMs: number;
  /** Longest wait for a busy lock before giving up (the job then retries). Milliseconds. */
  waitMs: number;
}

/**
 * One writer per need ranking at a time (Redis keys with a token and a lifetime), so two diffs
 * against the same stored ranking never interleave and leave a match document behind. A writer
 * takes the locks of every need it is about to write at once.
 */
export interface NeedLock {
  withLocks<T>(needIds: readonly string[], task: () => Promise<T>): Promise<T>;
}

/** A {@link NeedLock} on `redis`. */
export function createNeedLock(redis: Redis, options: NeedLockOptions): NeedLock {
  return {
    async withLocks(needIds, task) {
      const keys = [...new Set(needIds)].map((needId) => `${options.prefix}:matches:need-lock:${needId}`);
      if (keys.length === 0) return task();
      const token = randomUUID();
      const deadline = Date.now() + options.waitMs;
      while ((await redis.eval(ACQUIRE, keys.length, ...keys, token, options.ttlMs)) !== 1) {
        if (Date.now() > deadline) throw new Error(`needs ${needIds.join(', ')} are locked by another writer`);
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.floor(Math.random() * 10)));
      }
      try {
        return await task();
      } finally {
        await redis.eval(RELEASE, keys.length, ...keys, token).catch(() => undefined);
      }
    },
  };
}
