import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * How long a need's recorded state stays in Redis after its last write. Milliseconds. Each one is
 * about 8 KB (K = 20), so memory follows the needs written in the last hour, not every need; a
 * need written less often than that is read from MongoDB once by the next writer that does not
 * remember it.
 */
const RECORDED_STATE_TTL_MS = 3_600_000;

// All or nothing: takes every lock only when none is held, so two writers never each hold part of
// what the other needs (no deadlock, whatever order the needs come in). KEYS[1] is the hash of
// ranking revisions, KEYS[2..n+1] the locks, KEYS[n+2..2n+1] the needs' recorded states;
// ARGV[3..n+2] the need ids, ARGV[n+3..2n+2] the revision the caller remembers for each ('' for
// none). On success it sets the needs' revisions to the new token, before anything is written,
// and returns each need's previous revision and the state recorded under it, but only where the
// caller does not already remember that revision (it would ship about 8 KB per need for nothing).
// A recorded state is `<revision>\n<state>`; a tag other than the previous revision (a writer died
// between writing MongoDB and recording, or its lock expired) gives ''.
const ACQUIRE = `
local n = (#KEYS - 1) / 2
for i = 2, n + 1 do
  if redis.call('EXISTS', KEYS[i]) == 1 then return false end
end
local previous, states = {}, {}
for i = 1, n do
  redis.call('SET', KEYS[i + 1], ARGV[1], 'PX', ARGV[2])
  local revision = redis.call('HGET', KEYS[1], ARGV[i + 2]) or ''
  redis.call('HSET', KEYS[1], ARGV[i + 2], ARGV[1])
  previous[i] = revision
  states[i] = ''
  if revision ~= '' and revision ~= ARGV[n + i + 2] then
    local recorded = redis.call('GET', KEYS[n + i + 1])
    if recorded and string.sub(recorded, 1, #revision + 1) == revision .. '\\n' then states[i] = string.sub(recorded, #revision + 2) end
  end
end
return {previous, states}`;
// KEYS[1..n] the locks, KEYS[n+1..2n] the recorded states; ARGV[1] the token, ARGV[2] the
// recorded states' lifetime, ARGV[3..n+2] the state to record per need ('' for none). Recording
// rides on the release, so it costs no round trip of its own. A state is recorded only while the
// lock is still this holder's: a holder whose lock expired must not overwrite what the next holder
// recorded (its tag would not match anyway, so this only keeps the newer record).
const RELEASE = `
local n = #KEYS / 2
local released = 0
for i = 1, n do
  if redis.call('GET', KEYS[i]) == ARGV[1] then
    if ARGV[i + 2] ~= '' then redis.call('SET', KEYS[n + i], ARGV[1] .. '\\n' .. ARGV[i + 2], 'PX', ARGV[2]) end
    released = released + redis.call('DEL', KEYS[i])
  end
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

/** What a lock holder learns about each need, and how it hands what it wrote to the next holder. */
export interface LockGrant {
  /** Revision of each need's stored ranking before this holder ('' when unknown, e.g. Redis restarted). */
  previous: ReadonlyMap<string, string>;
  /** The revision every locked need's ranking has from now on (set before the holder writes anything). */
  revision: string;
  /**
   * The state the previous holder recorded for a need, when it was recorded under the need's
   * previous revision (so it is the one stored) and the caller did not say it remembers that
   * revision. Absent otherwise: the caller then reads the stored state.
   */
  recorded: ReadonlyMap<string, string>;
  /**
   * Hands `state` (what this holder has stored for the need, once it is stored) to the next holder:
   * kept in Redis under {@link revision} when the locks are released, if this holder still holds
   * the need's lock. Non-empty; the last call for a need wins.
   */
  record(needId: string, state: string): void;
}

/**
 * One writer per need ranking at a time (Redis keys with a token and a lifetime), so two diffs
 * against the same stored ranking never interleave and leave a match document behind. A writer
 * takes the locks of every need it is about to write at once. Each grant also moves the needs'
 * ranking revisions, so a writer that remembers what it wrote under a revision knows whether the
 * stored ranking is still that one without reading it, and a writer that does not gets the state
 * the previous writer recorded under that revision.
 */
export interface NeedLock {
  /**
   * Runs `task` holding the locks of `needIds`. `known` gives, per need, the revision the caller
   * remembers the state of: the grant then carries no recorded state for that need when it is
   * still the current one.
   */
  withLocks<T>(
    needIds: readonly string[],
    task: (grant: LockGrant) => Promise<T>,
    known?: ReadonlyMap<string, string>,
  ): Promise<T>;
}

/** A {@link NeedLock} on `redis`. */
export function createNeedLock(redis: Redis, options: NeedLockOptions): NeedLock {
  return {
    async withLocks(needIds, task, known = new Map()) {
      const ids = [...new Set(needIds)];
      const token = randomUUID();
      const toRecord = new Map<string, string>();
      const record = (needId: string, state: string): void => {
        if (ids.includes(needId) && state !== '') toRecord.set(needId, state);
      };
      if (ids.length === 0)
        return task({ previous: new Map(), revision: token, recorded: new Map(), record });
      const keys = ids.map((needId) => `${options.prefix}:matches:need-lock:${needId}`);
      const stateKeys = ids.map((needId) => `${options.prefix}:matches:ranking-state:${needId}`);
      const revisionsKey = `${options.prefix}:matches:ranking-revisions`;
      const knownRevisions = ids.map((needId) => known.get(needId) ?? '');
      const deadline = Date.now() + options.waitMs;
      let granted: unknown;
      while (
        !Array.isArray(
          (granted = await redis.eval(
            ACQUIRE,
            2 * keys.length + 1,
            revisionsKey,
            ...keys,
            ...stateKeys,
            token,
            options.ttlMs,
            ...ids,
            ...knownRevisions,
          )),
        )
      ) {
        if (Date.now() > deadline)
          throw new Error(`needs ${needIds.join(', ')} are locked by another writer`);
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.floor(Math.random() * 10)));
      }
      const [revisions = [], states = []] = granted as [string[]?, string[]?];
      const recorded = new Map<string, string>();
      for (const [index, needId] of ids.entries()) if (states[index]) recorded.set(needId, states[index]);
      try {
        return await task({
          previous: new Map(ids.map((id, index) => [id, revisions[index] ?? ''])),
          revision: token,
          recorded,
          record,
        });
      } finally {
        const values = ids.map((needId) => toRecord.get(needId) ?? '');
        await redis
          .eval(RELEASE, 2 * keys.length, ...keys, ...stateKeys, token, RECORDED_STATE_TTL_MS, ...values)
          .catch(() => undefined);
      }
    },
  };
}
