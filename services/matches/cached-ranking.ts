import type { RankedMatch } from '../../scoring';

/**
 * One need's ranking as a worker keeps it between changes: the exact top `depth` profiles of the
 * index (deeper than the K it writes), so that most profile changes update it in place instead of
 * ranking every profile again.
 */
export interface CachedRanking {
  /** Exact top of the index for this need, best first; every profile when `complete`. */
  list: readonly RankedMatch[];
  /** True when `list` holds every profile of the index. */
  complete: boolean;
}

/**
 * A changed profile's new pair score for one need, and how to build its cached entry: only a
 * profile that enters the list needs one, so callers scoring one profile against every need build
 * a few entries instead of one per need.
 */
export interface ScoredChange {
  score: number;
  match(): RankedMatch;
}

/**
 * The cached ranking after profile `startupId` changed to `change` (undefined: it left the index,
 * or no longer scores for this need), or undefined when only a full ranking can tell; `cached`
 * itself when nothing changed.
 *
 * Exactness: the index orders a need's profiles by their blended score, which the calibrated
 * `score` follows monotonically; so a strictly higher calibrated score means a higher place, and
 * an equal one (the calibration saturates at 0 and 1) says nothing — then we give up. A profile
 * outside a list that is not complete scores at most its last entry, so one scoring strictly
 * higher belongs in it and one scoring strictly lower does not.
 *
 * @param change the changed profile's new pair score, when it has one
 * @param depth entries kept
 * @param minimum fewest entries a list that is not complete may keep (the K written)
 * @param listed false when the profile is in no cached list (it was not in the index before this
 *   change), which spares looking for it
 */
export function updateCachedRanking(
  cached: CachedRanking,
  startupId: string,
  change: ScoredChange | undefined,
  depth: number,
  minimum: number,
  listed = true,
): CachedRanking | undefined {
  const last = cached.list[cached.list.length - 1];
  // The common case, cheaply: a profile neither in the list nor entering it changes nothing.
  if (
    !cached.complete &&
    last !== undefined &&
    (change === undefined || change.score < last.score) &&
    !(listed && cached.list.some((entry) => entry.startupId === startupId))
  )
    return cached;
  const list = listed ? cached.list.filter((entry) => entry.startupId !== startupId) : [...cached.list];
  let { complete } = cached;
  if (change !== undefined) {
    const lastKept = list[list.length - 1];
    if (!complete && lastKept === undefined) return undefined;
    if (list.some((entry) => entry.score === change.score)) return undefined;
    if (complete || (lastKept !== undefined && change.score > lastKept.score)) {
      const at = list.findIndex((entry) => entry.score < change.score);
      list.splice(at === -1 ? list.length : at, 0, change.match());
      if (list.length > depth) {
        list.pop();
        complete = false;
      }
    }
  }
  if (!complete && list.length < minimum) return undefined;
  return { list, complete };
}

/** Whether two top-K views hold the same entries (same profiles, scores and explanations, in order). */
export function sameView(a: readonly RankedMatch[], b: readonly RankedMatch[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (entry, index) =>
        entry.startupId === b[index]?.startupId &&
        entry.score === b[index]?.score &&
        entry.explanation === b[index]?.explanation,
    )
  );
}
