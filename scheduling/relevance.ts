import { pairKey } from './meeting-id';
import type { ScheduleInstance, ScheduleNeed, ScoutingEntry } from './types';

/** Near misses listed per need on the scouting list. */
export const NEAR_MISSES_LISTED = 5;

/**
 * The lowest score a candidate of `need` must reach to meet: the need's own floor, else the
 * event's, else 0 (every candidate). Pins and locked meetings are exempt.
 */
export function relevanceFloorOf(
  instance: ScheduleInstance,
  need: Pick<ScheduleNeed, 'relevanceFloor'>,
): number {
  return need.relevanceFloor ?? instance.event.relevanceFloor ?? 0;
}

/** Best score per candidate pair (a duplicate pair takes the higher score), keyed by `pairKey`. */
export function candidateScores(instance: ScheduleInstance): Map<string, number> {
  const scores = new Map<string, number>();
  for (const c of instance.candidates) {
    const key = pairKey(c.needId, c.startupId);
    scores.set(key, Math.max(scores.get(key) ?? 0, c.score));
  }
  return scores;
}

/**
 * The scouting list: every need with a minimum whose startups that fit well (candidates at or
 * above its floor, pins and locked meetings; banned pairs left out) are fewer than the minimum,
 * with the best candidates below the floor (near misses, best first). It depends on the instance
 * alone, not on a schedule: it says where the event lacks good startups, which no placement fixes.
 */
export function scoutNeeds(instance: ScheduleInstance): ScoutingEntry[] {
  const banned = new Set(instance.bans.map((b) => pairKey(b.needId, b.startupId)));
  const startupIds = new Set(instance.startups.map((s) => s.id));
  const usable = (ref: { needId: string; startupId: string }) =>
    startupIds.has(ref.startupId) && !banned.has(pairKey(ref.needId, ref.startupId));
  const candidatesOf = new Map<string, Map<string, number>>();
  for (const c of instance.candidates) {
    if (!usable(c)) continue;
    const scores = candidatesOf.get(c.needId) ?? new Map<string, number>();
    scores.set(c.startupId, Math.max(scores.get(c.startupId) ?? 0, c.score));
    candidatesOf.set(c.needId, scores);
  }
  const exempt = new Map<string, Set<string>>();
  for (const ref of [...instance.pins, ...instance.locked]) {
    if (usable(ref)) exempt.set(ref.needId, (exempt.get(ref.needId) ?? new Set()).add(ref.startupId));
  }
  const entries: ScoutingEntry[] = [];
  for (const need of instance.needs) {
    if (need.minMeetings === 0) continue;
    const floor = relevanceFloorOf(instance, need);
    const good = new Set(exempt.get(need.id));
    const below: { startupId: string; score: number }[] = [];
    for (const [startupId, score] of candidatesOf.get(need.id) ?? []) {
      if (score >= floor) good.add(startupId);
      else below.push({ startupId, score });
    }
    if (good.size >= need.minMeetings) continue;
    entries.push({
      needId: need.id,
      goodCandidates: good.size,
      minimum: need.minMeetings,
      floor,
      nearMisses: below
        .filter((miss) => !good.has(miss.startupId))
        .sort((a, b) => b.score - a.score || a.startupId.localeCompare(b.startupId))
        .slice(0, NEAR_MISSES_LISTED),
    });
  }
  return entries;
}
