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
  /**
   * Brings a copy up to date with the records whose ids a bump named (e.g. reads those records
   * again), instead of a whole load. Without it every change loads everything.
   */
  update?: (value: T, changedIds: string[]) => Promise<T>;
  now?: () => number;
}

/** More changed records than this since a copy's generation: load everything instead. */
const MAX_UPDATED_RECORDS = 50;

/**
 * Share of `maxAgeMs` after which a call still gets the copy but starts a whole load beside it, so
 * under steady reads a copy is replaced before it expires and no request waits for the database
 * (with every request waiting on one load every `maxAgeMs`, that wait was the lists' slowest
 * answers). A copy is still never used past `maxAgeMs`.
 */
export const REFRESH_AHEAD_SHARE = 0.75;

/**
 * A read model: one generation read per call (a Redis GET), a database load only when the
 * generation moved or the copy is older than `maxAgeMs`. When every bump since the copy's
 * generation named its record (and `update` is given), only those records are read again; the
 * copy's age still counts from its last whole load, so changes that bump nothing show within
 * `maxAgeMs`. Concurrent calls at the same generation share one load. A copy is tagged with the
 * generation read *before* its load started, so a write that lands during the load only makes the
 * next call load again. A call on a copy past {@link REFRESH_AHEAD_SHARE} of its age starts a
 * whole load and is answered from the copy. When the generation cannot be read (Redis away),
 * every call loads from the database.
 */
export function createReadModel<T>(options: ReadModelOptions<T>): ReadModel<T> {
  const now = options.now ?? Date.now;
  let cached: { generation: string; startedAt: number; loadedAt: number; value: T } | undefined;
  let loading: { generation: string; promise: Promise<T> } | undefined;

  /** `base` updated to `generation` record by record when the change log allows (keeping its load time), else a whole load. */
  async function refresh(base: typeof cached, generation: string): Promise<{ value: T; loadedAt?: number }> {
    const { update } = options;
    if (base && update && now() - base.loadedAt < options.maxAgeMs) {
      const ids = await options.generations
        .changedSince(options.name, base.generation, generation)
        .catch(() => null);
      if (ids !== null && ids.length <= MAX_UPDATED_RECORDS) {
        const value = await update(base.value, ids).catch(() => undefined);
        if (value !== undefined) return { value, loadedAt: base.loadedAt };
      }
    }
    return { value: await options.load() };
  }

  return {
    async get() {
      let generation: string;
      try {
        generation = await options.generations.current(options.name);
      } catch {
        return options.load();
      }
      if (cached?.generation === generation && now() - cached.loadedAt < options.maxAgeMs) {
        if (now() - cached.loadedAt >= options.maxAgeMs * REFRESH_AHEAD_SHARE && loading === undefined)
          // Beside the answer: a failed load leaves the copy, and a call past the maximum age loads.
          start(generation, () => options.load().then((value) => ({ value }))).catch(() => undefined);
        return cached.value;
      }
      if (loading?.generation === generation) return loading.promise;
      return start(generation, () => refresh(cached, generation));
    },
  };

  /** Runs `load` as the load of `generation`, which concurrent calls at that generation share. */
  function start(generation: string, load: () => Promise<{ value: T; loadedAt?: number }>): Promise<T> {
    const startedAt = now();
    const promise = load().then(({ value, loadedAt }) => {
      // A slower load that started earlier must not replace a newer copy. The age counts from
      // the load's end: on a slow database a copy aged from its start could expire on arrival.
      if (!cached || cached.startedAt <= startedAt)
        cached = { generation, startedAt, loadedAt: loadedAt ?? now(), value };
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
  }
}
