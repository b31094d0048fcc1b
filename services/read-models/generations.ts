/**
 * Generation counters of the data behind the API's read models: every write through the API bumps
 * its data's counter before it answers, and every read compares the counter with the one its
 * cached copy was loaded at. With the counters in Redis (shared by every API process), a write is
 * seen by every read that starts after its answer, on any process. A bump may name the one record
 * it changed, so a copy can read that record again instead of everything ({@link Generations.changedSince}).
 */
export interface Generations {
  /** True when other processes (other API processes, the workers) share these counters. */
  readonly shared: boolean;
  /** The current generation of `name`; rejects when it cannot be read (the caller then reads the database). */
  current(name: string): Promise<string>;
  /**
   * Marks `name` changed; `id` names the one record changed (omitted: anything may have changed).
   * Never rejects: a counter that could not be raised is logged by `onError`.
   */
  bump(name: string, id?: string): Promise<void>;
  /**
   * The ids of the records changed after generation `from` up to `to` (both from {@link current}),
   * or null when that is not known (a bump named no record, the log was trimmed, or a bump reached
   * only this process): then everything must be read again.
   */
  changedSince(name: string, from: string, to: string): Promise<string[] | null>;
}

/** The part of an ioredis client the counters use. */
export interface GenerationStore {
  mget(...keys: string[]): Promise<(string | null)[]>;
  incr(key: string): Promise<number>;
  eval(script: string, numberOfKeys: number, ...args: string[]): Promise<unknown>;
  zrangebyscore(key: string, min: string, max: string): Promise<string[]>;
}

/** Bumps kept in a generation's change log; a copy further behind than this reads everything. */
const CHANGE_LOG_LENGTH = 1_000;

/** Raises the counter and logs `<generation>:<id>` under it, in one step (a reader never sees one without the other). */
const BUMP_WITH_ID = `
local n = redis.call('INCR', KEYS[1])
redis.call('ZADD', KEYS[2], n, n .. ':' .. ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -1 - tonumber(ARGV[2]))
return n`;

/** The ids logged for generations `from` (exclusive) to `to`, or null when one is missing or names no record. */
function idsOf(entries: readonly string[], from: number, to: number): string[] | null {
  if (entries.length !== to - from) return null;
  const ids = entries.map((entry) => entry.slice(entry.indexOf(':') + 1));
  return ids.includes('') ? null : [...new Set(ids)];
}

interface Waiting {
  resolve(value: string | null): void;
  reject(error: unknown): void;
}

/**
 * Reads of Redis keys asked for until the event loop's next check phase, sent then as one MGET: a
 * read shared by several callers is still sent after every one of them asked (never one already on
 * its way), so each sees every change that was complete before it asked. Every request read one
 * or more counters with a GET of its own (two for `GET /needs`, four for a profile's match list):
 * with tens of requests a turn at load, those commands were a tenth of the API's CPU. Give a
 * client without auto-pipelining, or the MGET waits one turn more.
 */
export function batchedReads(redis: Pick<GenerationStore, 'mget'>): (key: string) => Promise<string | null> {
  let waiting: Map<string, Waiting[]> | undefined;
  function send(): void {
    const batch = waiting as Map<string, Waiting[]>;
    waiting = undefined;
    const keys = [...batch.keys()];
    redis.mget(...keys).then(
      (values) => keys.forEach((key, n) => batch.get(key)?.forEach((w) => w.resolve(values[n] ?? null))),
      (error: unknown) => batch.forEach((list) => list.forEach((w) => w.reject(error))),
    );
  }
  return (key) =>
    new Promise((resolve, reject) => {
      if (waiting === undefined) {
        waiting = new Map();
        setImmediate(send);
      }
      const list = waiting.get(key);
      if (list === undefined) waiting.set(key, [{ resolve, reject }]);
      else list.push({ resolve, reject });
    });
}

/**
 * Counters in Redis under `<prefix>:generation:<name>` (with their change log under
 * `<prefix>:generation-log:<name>`), plus a count of this process's bumps Redis did not take: with
 * it, this process's reads still see such a change at once (other processes see it when their copy
 * reaches its maximum age). A generation reads `<shared>.<not shared>`. Reads asked for in one turn
 * of the event loop go out together as one MGET, in the next check phase (give a client without
 * auto-pipelining, or it waits one turn more).
 */
export function redisGenerations(
  redis: GenerationStore,
  prefix: string,
  onError: (error: unknown, name: string) => void,
): Generations {
  const unshared = new Map<string, number>();
  const counterOf = (name: string) => `${prefix}:generation:${name}`;
  const logOf = (name: string) => `${prefix}:generation-log:${name}`;
  const read = batchedReads(redis);
  return {
    shared: true,
    async current(name) {
      const shared = await read(counterOf(name));
      return `${shared ?? '0'}.${unshared.get(name) ?? 0}`;
    },
    async bump(name, id) {
      try {
        // An id of '' marks "anything may have changed" in the log.
        await redis.eval(BUMP_WITH_ID, 2, counterOf(name), logOf(name), id ?? '', String(CHANGE_LOG_LENGTH));
      } catch (error) {
        unshared.set(name, (unshared.get(name) ?? 0) + 1);
        onError(error, name);
      }
    },
    async changedSince(name, from, to) {
      const [fromShared, fromUnshared] = from.split('.').map(Number) as [number, number];
      const [toShared, toUnshared] = to.split('.').map(Number) as [number, number];
      if (fromUnshared !== toUnshared) return null;
      const entries = await redis.zrangebyscore(logOf(name), `(${fromShared}`, String(toShared));
      return idsOf(entries, fromShared, toShared);
    },
  };
}

/** Counters in this process's memory: right for a single API process (and for tests). */
export function localGenerations(): Generations {
  const counters = new Map<string, number>();
  const logs = new Map<string, string[]>();
  return {
    shared: false,
    current: async (name) => String(counters.get(name) ?? 0),
    bump: async (name, id) => {
      const n = (counters.get(name) ?? 0) + 1;
      counters.set(name, n);
      const log = logs.get(name) ?? [];
      log.push(`${n}:${id ?? ''}`);
      if (log.length > CHANGE_LOG_LENGTH) log.shift();
      logs.set(name, log);
    },
    changedSince: async (name, from, to) => {
      const entries = (logs.get(name) ?? []).filter((entry) => {
        const n = Number(entry.slice(0, entry.indexOf(':')));
        return n > Number(from) && n <= Number(to);
      });
      return idsOf(entries, Number(from), Number(to));
    },
  };
}
