import type { Generations } from './generations';

/** An in-memory copy of some stored data, checked against its generation on every read. */
export interface ReadModel<T> {
  /** The copy, reloaded first when its data changed (or it is older than the maximum age). */
  get(): Promise<T>;
}

export interface ReadModelOptions<T> {
  /** The generation counter whose bumps invalidate the copy. */
  name: string;
  generations: Generations;
  /** Reads the data from the database. */
  load: () => Promise<T>;
  /**
   * Longest a copy is used, counted from the end of its load, for changes that bump no generation
   * (made outside the API, such as a script or a start-up migration): they show within this plus one load.
   */
  maxAgeMs: number;
  now?: () => number;
}

/**
 * A read model: one generation read per call (a Redis GET), a database load only when the
 * generation moved or the copy is older than `maxAgeMs`. Concurrent calls at the same generation
 * share one load. A copy is tagged with the generation read *before* its load started, so a write
 * that lands during the load only makes the next call load again. When the generation cannot be
 * read (Redis away), every call loads from the database.
 */
export function createReadModel<T>(options: ReadModelOptions<T>): ReadModel<T> {
  const now = options.now ?? Date.now;
  let cached: { generation: string; startedAt: number; loadedAt: number; value: T } | undefined;
  let loading: { generation: string; promise: Promise<T> } | undefined;
  return {
    async get() {
      let generation: string;
      try {
        generation = await options.generations.current(options.name);
      } catch {
        return options.load();
      }
      if (cached?.generation === generation && now() - cached.loadedAt < options.maxAgeMs)
        return cached.value;
      if (loading?.generation === generation) return loading.promise;
      const startedAt = now();
      const promise = options.load().then((value) => {
        // A slower load that started earlier must not replace a newer copy. The age counts from
        // the load's end: on a slow database a copy aged from its start could expire on arrival.
        if (!cached || cached.startedAt <= startedAt)
          cached = { generation, startedAt, loadedAt: now(), value };
        return value;
      });
      const current = { generation, promise };
      loading = current;
      void promise
        .finally(() => {
          if (loading === current) loading = undefined;
        })
        .catch(() => undefined);
      return promise;
    },
  };
}
