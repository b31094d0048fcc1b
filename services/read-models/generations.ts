/**
 * Generation counters of the data behind the API's read models: every write through the API bumps
 * its data's counter before it answers, and every read compares the counter with the one its
 * cached copy was loaded at. With the counters in Redis (shared by every API process), a write is
 * seen by every read that starts after its answer, on any process.
 */
export interface Generations {
  /** True when other processes (other API processes, the workers) share these counters. */
  readonly shared: boolean;
  /** The current generation of `name`; rejects when it cannot be read (the caller then reads the database). */
  current(name: string): Promise<string>;
  /** Marks `name` changed. Never rejects: a counter that could not be raised is logged by `onError`. */
  bump(name: string): Promise<void>;
}

/** The part of an ioredis client the counters use. */
export interface GenerationStore {
  get(key: string): Promise<string | null>;
  incr(key: string): Promise<number>;
}

/**
 * Counters in Redis under `<prefix>:generation:<name>`, plus a count of this process's own bumps:
 * when Redis could not take a bump, this process's reads still see the change at once (other
 * processes see it when their copy reaches its maximum age).
 */
export function redisGenerations(
  redis: GenerationStore,
  prefix: string,
  onError: (error: unknown, name: string) => void,
): Generations {
  const local = new Map<string, number>();
  return {
    shared: true,
    async current(name) {
      const shared = await redis.get(`${prefix}:generation:${name}`);
      return `${shared ?? '0'}.${local.get(name) ?? 0}`;
    },
    async bump(name) {
      local.set(name, (local.get(name) ?? 0) + 1);
      try {
        await redis.incr(`${prefix}:generation:${name}`);
      } catch (error) {
        onError(error, name);
      }
    },
  };
}

/** Counters in this process's memory: right for a single API process (and for tests). */
export function localGenerations(): Generations {
  const counters = new Map<string, number>();
  return {
    shared: false,
    current: async (name) => String(counters.get(name) ?? 0),
    bump: async (name) => {
      counters.set(name, (counters.get(name) ?? 0) + 1);
    },
  };
}
