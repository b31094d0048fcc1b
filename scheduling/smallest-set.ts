import { assignMeetings } from './assign';
import { compileProblem, type PairInfo, type Problem } from './problem';
import { relevanceFloorOf } from './relevance';
import type { Reason, ScheduleInstance } from './types';

/**
 * Up to this many (pair, usable slot) combinations shortfall reasons are checked by re-solving
 * (a few heuristic runs per shortfall); above it they stay as the structural checks give them.
 */
const CHECK_MAX_PAIR_SLOTS = 2_000;
/** Shortfalls checked per result, the first ones; the rest keep their structural reasons. */
const CHECK_MAX_SHORTFALLS = 4;

const ids = (params: Reason['params'], key: string): readonly string[] => {
  const value = params[key];
  return Array.isArray(value) ? (value as readonly string[]) : [];
};

/**
 * The instance with what `reason` names relaxed for need `needId`, or undefined when it names
 * nothing that can be relaxed (`outweighed`, `candidates-booked`: those stay as they are).
 */
export function relaxOne(
  instance: ScheduleInstance,
  needId: string,
  reason: Reason,
): ScheduleInstance | undefined {
  const need = instance.needs.find((n) => n.id === needId);
  if (!need) return undefined;
  const p = reason.params;
  switch (reason.code) {
    case 'too-few-good-fits':
      return {
        ...instance,
        needs: instance.needs.map((n) => (n.id === needId ? { ...n, relevanceFloor: 0 } : n)),
      };
    case 'too-few-candidates': {
      // Every startup not banned for the need becomes a candidate at the need's floor.
      const floor = relevanceFloorOf(instance, need);
      const banned = new Set(instance.bans.filter((b) => b.needId === needId).map((b) => b.startupId));
      const extra = instance.startups
        .filter((s) => !banned.has(s.id))
        .map((s) => ({ needId, startupId: s.id, score: Math.max(floor, 0.01) }));
      return { ...instance, candidates: [...instance.candidates, ...extra] };
    }
    case 'host-time-too-short':
      return {
        ...instance,
        hosts: instance.hosts.map((h) =>
          h.id === need.hostId ? { id: h.id, ...(h.name ? { name: h.name } : {}) } : h,
        ),
      };
    case 'host-time-taken-by-other-needs': {
      // The other needs move to a host of their own with the same time.
      const others = new Set(ids(p, 'needIds'));
      const host = instance.hosts.find((h) => h.id === need.hostId);
      if (!host || others.size === 0) return undefined;
      const otherHost = { ...host, id: `${host.id}\u0000other` };
      return {
        ...instance,
        hosts: [...instance.hosts, otherHost],
        needs: instance.needs.map((n) => (others.has(n.id) ? { ...n, hostId: otherHost.id } : n)),
      };
    }
    case 'no-room-open': {
      const rooms = instance.event.rooms.map(({ closed: _closed, ...room }) => room);
      return {
        ...instance,
        event: { ...instance.event, rooms: rooms.length > 0 ? rooms : [{ id: '\u0000room' }] },
      };
    }
    case 'candidates-share-no-slot': {
      const named = new Set(ids(p, 'startupIds'));
      return {
        ...instance,
        startups: instance.startups.map((s) =>
          named.has(s.id) ? { id: s.id, maxMeetings: s.maxMeetings, ...(s.name ? { name: s.name } : {}) } : s,
        ),
      };
    }
    case 'candidates-at-cap': {
      const named = new Set(ids(p, 'startupIds'));
      return {
        ...instance,
        startups: instance.startups.map((s) =>
          named.has(s.id) ? { ...s, maxMeetings: s.maxMeetings + need.minMeetings } : s,
        ),
      };
    }
    default:
      return undefined;
  }
}

/**
 * Whether need `n` alone could get `missing` more meetings: that many of its pairs whose startup
 * has a meeting left, each in a usable slot of its own (a matching of pairs to slots, since the
 * host meets once a slot). When it cannot, no schedule meets the minimum, so the heuristic need
 * not be run to say so.
 */
function couldMeetAlone(problem: Problem, n: number, missing: number): boolean {
  const need = problem.needs[n];
  if (!need || need.max - (problem.lockedNeedCount[n] ?? 0) < missing) return false;
  const pairs = need.pairs
    .map((p) => problem.pairs[p])
    .filter(
      (pair): pair is PairInfo =>
        pair !== undefined &&
        pair.slots.length > 0 &&
        (problem.startups[pair.startupIndex]?.max ?? 0) >
          (problem.lockedStartupCount[pair.startupIndex] ?? 0),
    );
  if (pairs.length < missing) return false;
  const pairInSlot = new Map<number, number>();
  const augment = (i: number, seen: Set<number>): boolean => {
    for (const t of pairs[i]?.slots ?? []) {
      if (seen.has(t)) continue;
      seen.add(t);
      const holder = pairInSlot.get(t);
      if (holder === undefined || augment(holder, seen)) {
        pairInSlot.set(t, i);
        return true;
      }
    }
    return false;
  };
  let matched = 0;
  for (let i = 0; i < pairs.length && matched < missing; i++) if (augment(i, new Set())) matched += 1;
  return matched >= missing;
}

/** Whether need `needId` reaches its minimum in the heuristic's schedule of `instance`. */
function meetsMinimum(instance: ScheduleInstance, needId: string): boolean {
  const problem = compileProblem(instance);
  const n = problem.needIndex.get(needId);
  if (n === undefined) return false;
  const missing = (problem.needs[n]?.min ?? 0) - (problem.lockedNeedCount[n] ?? 0);
  if (missing > 0 && !couldMeetAlone(problem, n, missing)) return false;
  // One construction: the check runs several times per shortfall.
  const state = assignMeetings(problem, { restarts: false });
  // needCount starts from the kept locked meetings: they count once.
  return (state.needCount[n] ?? 0) >= (problem.needs[n]?.min ?? 0);
}

/** Index subsets of 0 … size − 1 with `k` members, in lexicographic order. */
function* subsets(size: number, k: number, from = 0): Generator<number[]> {
  if (k === 0) {
    yield [];
    return;
  }
  for (let i = from; i <= size - k; i++) for (const rest of subsets(size, k - 1, i + 1)) yield [i, ...rest];
}

/**
 * A shortfall's reasons, kept only when relaxing them lets the need meet its minimum (re-solved
 * with the heuristic): each reason that suffices alone, or, when none does, the smallest set of
 * them that does together. Reasons that name nothing to relax (`outweighed`, `candidates-booked`)
 * stay only when no relaxable set suffices; so do all of them when none does.
 */
export function smallestSufficient(
  instance: ScheduleInstance,
  needId: string,
  reasons: readonly Reason[],
): Reason[] {
  const relaxable = reasons.filter((reason) => relaxOne(instance, needId, reason) !== undefined);
  if (relaxable.length === 0) return [...reasons];
  const relaxAll = (chosen: readonly Reason[]) =>
    chosen.reduce<ScheduleInstance | undefined>(
      (current, reason) => (current ? relaxOne(current, needId, reason) : undefined),
      instance,
    );
  const suffices = (chosen: readonly Reason[]) => {
    const relaxed = relaxAll(chosen);
    return relaxed !== undefined && meetsMinimum(relaxed, needId);
  };
  const singles = relaxable.filter((reason) => suffices([reason]));
  if (singles.length > 0) return singles;
  for (let k = 2; k <= relaxable.length; k++)
    for (const subset of subsets(relaxable.length, k)) {
      const chosen = subset.map((i) => relaxable[i] as Reason);
      if (suffices(chosen)) return chosen;
    }
  return [...reasons];
}

/** Whether a result of `problem` gets its shortfall reasons checked by re-solving. */
export function checksReasons(problem: Problem, shortfallIndex: number): boolean {
  if (shortfallIndex >= CHECK_MAX_SHORTFALLS) return false;
  let count = 0;
  for (const pair of problem.pairs) count += pair.slots.length;
  return count <= CHECK_MAX_PAIR_SLOTS;
}
