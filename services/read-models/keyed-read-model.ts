import type { Generations } from './generations';

/** Most records kept at once; past it the copy starts again. */
const MAX_RECORDS = 20_000;

/** In-memory copies of single records, by key, checked against their data's generation on every read. */
export interface KeyedReadModel<T> {
  /** The record (null when there is none), from the copy while its generation holds. */
  get(key: string): Promise<T | null>;
}

/**
 * Like `createReadModel`, one record at a time: a record read at a generation is used while the
 * generation holds and for at most `maxAgeMs` after its read; missing records are not kept. When
 * the generation cannot be read (Redis away), every call reads the database.
 */
export function createKeyedReadModel<T>(options: {
  name: string;
  generations: Generations;
  load: (key: string) => Promise<T | null>;
  maxAgeMs: number;
  now?: () => number;
}): KeyedReadModel<T> {
  const now = options.now ?? Date.now;
  const kept = new Map<string, { generation: string; at: number; value: T }>();
  return {
    async get(key) {
      let generation: string;
      try {
        generation = await options.generations.current(options.name);
      } catch {
        return options.load(key);
      }
      const hit = kept.get(key);
      if (hit?.generation === generation && now() - hit.at < options.maxAgeMs) return hit.value;
      const value = await options.load(key);
      if (value === null) kept.delete(key);
      else {
        if (kept.size >= MAX_RECORDS) kept.clear();
        kept.set(key, { generation, at: now(), value });
      }
      return value;
    },
  };
}
