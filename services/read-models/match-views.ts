import type { AppliedState, Match, MatchRepository } from '../../models';

/** Most match lists kept at once; past it the copy starts again. */
const MAX_VIEWS = 20_000;

/** A need's ranking or a profile's matches, with what the workers have applied for it. */
export interface MatchView {
  items: Match[];
  applied: AppliedState | null;
}

/**
 * Match lists read through a short-lived copy: the workers write rankings without telling the
 * API, so a kept list is used for at most `maxAgeMs` after its read. `fresh` reads the database
 * (and keeps what it read): callers ask for it whenever the kept list is behind the need's or
 * profile's stored version or a recompute is pending, so an entity's own change is never hidden.
 */
export interface MatchViews {
  needView(needId: string, fresh: boolean): Promise<MatchView>;
  startupView(startupId: string, fresh: boolean): Promise<MatchView>;
}

export function cacheMatchViews(
  matches: MatchRepository,
  maxAgeMs: number,
  now: () => number = Date.now,
): MatchViews {
  const kept = new Map<string, { at: number; view: MatchView }>();
  async function viewOf(key: string, fresh: boolean, read: () => Promise<MatchView>): Promise<MatchView> {
    const hit = kept.get(key);
    if (!fresh && hit && now() - hit.at < maxAgeMs) return hit.view;
    const view = await read();
    if (kept.size >= MAX_VIEWS) kept.clear();
    kept.set(key, { at: now(), view });
    return view;
  }
  return {
    needView: (needId, fresh) => viewOf(`need:${needId}`, fresh, () => matches.needView(needId)),
    startupView: (startupId, fresh) =>
      viewOf(`startup:${startupId}`, fresh, () => matches.startupView(startupId)),
  };
}
