import type { AppliedState, Match, RankingsRead, Repositories } from '../../models';
import type { Generations } from './generations';
import { createReadModel } from './read-model';

/** A need's ranking or a profile's matches, with what the workers have applied for it. */
export interface MatchView {
  items: Match[];
  applied: AppliedState | null;
}

/**
 * Match lists from the API process's memory. The workers bump the `rankings` generation after
 * every ranking index they append and every applied version they write (`noticeRankingWrites`), so
 * a list is read again exactly when something it shows may have changed.
 */
export interface MatchViews {
  needView(needId: string): Promise<MatchView>;
  startupView(startupId: string): Promise<MatchView>;
  /** Whether the dense channel is degraded, as the workers last recorded it (false before any record). */
  denseDegraded(): Promise<boolean>;
}

/** Every current ranking at one generation, and each profile's matches gathered from them. */
interface RankingsSnapshot {
  read: RankingsRead;
  /** By profile: its matches over every need's ranking, best score first. */
  byStartup: ReadonlyMap<string, Match[]>;
  degraded: boolean;
}

/** Profiles' applied versions kept at once; past it the copy starts again. */
const MAX_APPLIED = 20_000;

function snapshotOf(read: RankingsRead, degraded: boolean): RankingsSnapshot {
  const byStartup = new Map<string, Match[]>();
  for (const { items } of read.needs.values()) {
    for (const match of items) {
      const list = byStartup.get(match.startupId);
      if (list === undefined) byStartup.set(match.startupId, [match]);
      else list.push(match);
    }
  }
  for (const list of byStartup.values())
    list.sort((a, b) => b.score - a.score || (a.needId < b.needId ? -1 : a.needId > b.needId ? 1 : 0));
  return { read, byStartup, degraded };
}

/**
 * {@link MatchViews} over `repos`. With shared generations (Redis: the workers can bump them) the
 * rankings are kept in memory and read again when the `rankings` generation moves, or after
 * `maxAgeMs` for a worker that could not bump it; only the ranking documents that changed are read
 * (they never change once written). With this process's own counters (no Redis, tests) nothing
 * tells it of the workers' writes, so every call reads the indexes (still not the unchanged documents).
 *
 * A profile's applied version is read by its id (not every profile's: a scan of them all took
 * 0.4–1 s on FerretDB at 1,500 profiles) and kept while the generation it was read at holds, and
 * it is read before the rankings it is served with: a worker appends the index (and bumps) before
 * it writes the applied version, so rankings loaded after a version was read always hold its effect.
 * In the steady state (a load for age: the generation did not move since the last load) every
 * profile's applied version is read in one scan before the rankings, once profiles' lists are
 * asked for, and kept at that generation: a process serving many profiles' lists then reads none
 * of them by id (each was read again every `maxAgeMs`), while a generation that moves skips the scan.
 */
export function createMatchViews(options: {
  repos: Pick<Repositories, 'matches' | 'denseStatus'>;
  generations: Generations;
  maxAgeMs: number;
  now?: () => number;
}): MatchViews {
  const { repos, generations } = options;
  const now = options.now ?? Date.now;
  const applied = new Map<string, { generation: string; at: number; state: Promise<AppliedState | null> }>();
  let last: RankingsRead | undefined;
  /** The generation read at the start of the last load. */
  let lastGeneration: string | undefined;
  /** Whether a profile's list was asked for (else no scan of applied versions is worth its cost). */
  let startupsAsked = false;
  const load = async (): Promise<RankingsSnapshot> => {
    const generation = generations.shared
      ? await generations.current('rankings').catch(() => undefined)
      : undefined;
    if (startupsAsked && generation !== undefined && generation === lastGeneration) {
      // A failed scan leaves each profile's version to be read by its id.
      const states = await repos.matches.appliedStartups().catch(() => undefined);
      const at = now();
      if (states !== undefined && applied.size + states.size >= MAX_APPLIED) applied.clear();
      for (const [startupId, state] of states ?? [])
        applied.set(startupId, { generation, at, state: Promise.resolve(state) });
    }
    lastGeneration = generation;
    const [read, status] = await Promise.all([repos.matches.currentRankings(last), repos.denseStatus.get()]);
    last = read;
    return snapshotOf(read, status?.degraded === true);
  };
  const model = createReadModel({ name: 'rankings', generations, load, maxAgeMs: options.maxAgeMs });
  const snapshot = generations.shared ? () => model.get() : load;

  /** The profile's applied version: kept while the `rankings` generation it was read at holds (shared generations only). */
  async function appliedOf(startupId: string): Promise<AppliedState | null> {
    const read = () => repos.matches.appliedState('startup', startupId);
    if (!generations.shared) return read();
    let generation: string;
    try {
      generation = await generations.current('rankings');
    } catch {
      return read();
    }
    const kept = applied.get(startupId);
    if (kept?.generation === generation && now() - kept.at < options.maxAgeMs) return kept.state;
    const state = read();
    if (applied.size >= MAX_APPLIED) applied.clear();
    const entry = { generation, at: now(), state };
    applied.set(startupId, entry);
    // A failed read is not kept: the next call reads again.
    state.catch(() => {
      if (applied.get(startupId) === entry) applied.delete(startupId);
    });
    return state;
  }

  return {
    async needView(needId) {
      const read = (await snapshot()).read.needs.get(needId);
      return read === undefined ? { items: [], applied: null } : read;
    },
    async startupView(startupId) {
      startupsAsked = true;
      const state = await appliedOf(startupId);
      const items = (await snapshot()).byStartup.get(startupId) ?? [];
      return { items, applied: state };
    },
    async denseDegraded() {
      return (await snapshot()).degraded;
    },
  };
}
