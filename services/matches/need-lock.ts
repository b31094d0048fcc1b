import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

// All or nothing: takes every lock only when none is held, so two writers never each hold part of
// what the other needs (no deadlock, whatever order the needs come in). KEYS[1] is the hash of
// ranking revisions, KEYS[2..] the locks; ARGV[3..] the need ids. On success it returns the
// needs' previous revisions and sets them to the new token, before anything is written.
const ACQUIRE = `
for i = 2, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then return false end
end
local previous = {}
for i = 2, #KEYS do
  redis.call('SET', KEYS[i], ARGV[1], 'PX', ARGV[2])
  previous[i - 1] = redis.call('HGET', KEYS[1], ARGV[i + 1]) or ''
  redis.call('HSET', KEYS[1], ARGV[i + 1], ARGV[1])
end
return previous`;
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

/** What a lock holder learns: each need's previous ranking revision and the one its write now carries. */
export interface LockGrant {
  /** Revision of each need's stored ranking before this holder ('' when unknown, e.g. Redis restarted). */
  previous: ReadonlyMap<string, string>;
  /** The revision every locked need's ranking has from now on (set before the holder writes anything). */
  revision: string;
}

/**
 * One writer per need ranking at a time (Redis keys with a token and a lifetime), so two diffs
 * against the same stored ranking never interleave and leave a match document behind. A writer
 * takes the locks of every need it is about to write at once. Each grant also moves the needs'
 * ranking revisions, so a writer that remembers what it wrote under a revision knows whether the
 * stored ranking is still that one without reading it.
 */
export interface NeedLock {
  withLocks<T>(needIds: readonly string[], task: (grant: LockGrant) => Promise<T>): Promise<T>;
}

/** A {@link NeedLock} on `redis`. */
export function createNeedLock(redis: Redis, options: NeedLockOptions): NeedLock {
  return {
    async withLocks(needIds, task) {
      const ids = [...new Set(needIds)];
      const token = randomUUID();
      if (ids.length === 0) return task({ previous: new Map(), revision: token });
      const keys = ids.map((needId) => `${options.prefix}:matches:need-lock:${needId}`);
      const revisionsKey = `${options.prefix}:matches:ranking-revisions`;
      const deadline = Date.now() + options.waitMs;
      let previous: unknown;
      while (!Array.isArray((previous = await redis.eval(ACQUIRE, keys.length + 1, revisionsKey, ...keys, token, options.ttlMs, ...ids)))) {
        if (Date.now() > deadline) throw new Error(`needs ${needIds.join(', ')} are locked by another writer`);
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.floor(Math.random() * 10)));
      }
      const revisions = previous as string[];
      try {
        return await task({ previous: new Map(ids.map((id, index) => [id, revisions[index] ?? ''])), revision: token });
      } finally {
        await redis.eval(RELEASE, keys.length, ...keys, token).catch(() => undefined);
      }
    },
  };
}
