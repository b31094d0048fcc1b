import { pairKey } from './meeting-id';
import { MinCostFlow } from './min-cost-flow';
import type { PairInfo, Problem } from './problem';

export interface BoundParts {
  /** Upper bound on the whole objective: the sum of the three tier bounds. */
  readonly bound: number;
  readonly pinBound: number;
  readonly minimumBound: number;
  readonly scoreBound: number;
  /** Pairs the score relaxation selects: a good target for the heuristic. */
  readonly relaxedPairs: number[];
}

function freeSlotCount(
  available: Uint8Array | undefined,
  locked: Uint8Array | undefined,
  freeRooms: readonly string[][],
): number {
  let count = 0;
  freeRooms.forEach((rooms, t) => {
    if (available?.[t] && !locked?.[t] && rooms.length > 0) count += 1;
  });
  return count;
}

/** Best total `weight` of items whose `size`s fit in `capacity` (0/1 knapsack, integer sizes). */
function knapsack(
  items: readonly number[],
  size: (item: number) => number,
  weight: (item: number) => number,
  capacity: number,
): number {
  const best = new Float64Array(Math.max(0, capacity) + 1);
  for (const item of items) {
    const w = size(item);
    for (let c = capacity; c >= w; c--)
      best[c] = Math.max(best[c] as number, (best[c - w] as number) + weight(item));
  }
  return best[Math.max(0, capacity)] ?? 0;
}

/**
 * Unlocked pins that can meet at most: each needs a usable slot, and no need, startup or host
 * can take more pins than its cap (or free slots) leaves; the smallest of those counts holds.
 */
function placeablePins(problem: Problem): number {
  const pins = problem.pairs.filter((pair) => pair.pinned && pair.slots.length > 0);
  const capped = (key: (pair: PairInfo) => number, room: (index: number) => number) => {
    const counts = new Map<number, number>();
    for (const pair of pins) counts.set(key(pair), (counts.get(key(pair)) ?? 0) + 1);
    let total = 0;
    for (const [index, count] of counts) total += Math.min(count, Math.max(0, room(index)));
    return total;
  };
  return Math.min(
    pins.length,
    capped(
      (pair) => pair.needIndex,
      (n) => (problem.needs[n]?.max ?? 0) - (problem.lockedNeedCount[n] ?? 0),
    ),
    capped(
      (pair) => pair.startupIndex,
      (s) => (problem.startups[s]?.max ?? 0) - (problem.lockedStartupCount[s] ?? 0),
    ),
    capped(
      (pair) => pair.hostIndex,
      (h) => freeSlotCount(problem.hostAvailable[h], problem.hostLocked[h], problem.freeRooms),
    ),
  );
}

/**
 * A valid upper bound on the objective, as the sum of an upper bound on each tier (each tier of
 * any schedule is at most its own maximum, so the sum bounds the total):
 *  - pins: the locked pins plus the pins whose pair has at least one usable slot, at most what
 *    each need's, startup's and host's cap (or free slots) leaves;
 *  - minimums: per host, a 0/1 knapsack over their needs: a need can reach its minimum only with
 *    enough candidates that share a slot with the host, and the needs reaching it together take at
 *    least Σ (minimum − locked) of the host's free slots; and no more than one knapsack over all
 *    needs with the meetings the startups' caps and the rooms allow;
 *  - scores: the locked scores plus a max-weight flow without the time dimension
 *    (source → host [free slots] → need [max − locked] → startup via each usable pair [1, value w·score]
 *    → sink [min(max − locked, free slots)], total ≤ free rooms summed over slots). Every schedule
 *    is such a flow, and flows are integral, so this is the LP relaxation's exact value.
 */
export function computeBound(problem: Problem): BoundParts {
  const { instance, weights } = problem;
  const banned = problem.bannedKeys;
  const pinKeys = new Set(
    instance.pins.map((p) => pairKey(p.needId, p.startupId)).filter((k) => !banned.has(k)),
  );
  let pinBound = 0;
  for (const key of pinKeys) if (problem.lockedPairKeys.has(key)) pinBound += 1;
  pinBound += placeablePins(problem);

  const hostFree = problem.hostIds.map((_, h) =>
    freeSlotCount(problem.hostAvailable[h], problem.hostLocked[h], problem.freeRooms),
  );
  let minimumBound = 0;
  const needsByHost = problem.hostIds.map(() => [] as number[]);
  problem.needs.forEach((need, n) => {
    if (need.min === 0) return;
    const locked = problem.lockedNeedCount[n] ?? 0;
    if (locked >= need.min) {
      minimumBound += need.minWeight;
      return;
    }
    const usable = need.pairs.filter((p) => (problem.pairs[p]?.slots.length ?? 0) > 0).length;
    if (locked + Math.min(usable, need.max - locked) >= need.min) needsByHost[need.hostIndex]?.push(n);
  });
  const take = (n: number) => (problem.needs[n]?.min ?? 0) - (problem.lockedNeedCount[n] ?? 0);
  const weight = (n: number) => problem.needs[n]?.minWeight ?? 0;
  let perHost = 0;
  needsByHost.forEach((needs, h) => {
    perHost += knapsack(needs, take, weight, hostFree[h] ?? 0);
  });
  // The needs reaching their minimum together also need that many meetings from the startups'
  // caps and the rooms: a second knapsack over all of them, and the smaller bound holds.
  const startupMeetings = problem.startups.reduce(
    (sum, startup, s) =>
      sum +
      Math.max(
        0,
        Math.min(
          startup.max - (problem.lockedStartupCount[s] ?? 0),
          freeSlotCount(problem.startupAvailable[s], problem.startupLocked[s], problem.freeRooms),
        ),
      ),
    0,
  );
  const rooms = problem.freeRooms.reduce((sum, free) => sum + free.length, 0);
  const global = knapsack(needsByHost.flat(), take, weight, Math.min(startupMeetings, rooms));
  minimumBound += Math.min(perHost, global);

  const H = problem.hostIds.length;
  const N = problem.needs.length;
  const S = problem.startups.length;
  const source = 0;
  const root = 1;
  const hostNode = (h: number) => 2 + h;
  const needNode = (n: number) => 2 + H + n;
  const startupNode = (s: number) => 2 + H + N + s;
  const sink = 2 + H + N + S;
  const flow = new MinCostFlow(sink + 1);
  const totalRooms = problem.freeRooms.reduce((sum, rooms) => sum + rooms.length, 0);
  flow.addArc(source, root, totalRooms, 0);
  hostFree.forEach((free, h) => flow.addArc(root, hostNode(h), free, 0));
  problem.needs.forEach((need, n) => {
    // A need meets at most once per slot in which one of its pairs can meet.
    const usableSlots = new Set<number>();
    for (const p of need.pairs) for (const t of problem.pairs[p]?.slots ?? []) usableSlots.add(t);
    const cap = Math.min(need.max - (problem.lockedNeedCount[n] ?? 0), usableSlots.size);
    if (need.hostIndex >= 0) flow.addArc(hostNode(need.hostIndex), needNode(n), Math.max(0, cap), 0);
  });
  problem.startups.forEach((startup, s) => {
    const free = freeSlotCount(problem.startupAvailable[s], problem.startupLocked[s], problem.freeRooms);
    flow.addArc(
      startupNode(s),
      sink,
      Math.max(0, Math.min(startup.max - (problem.lockedStartupCount[s] ?? 0), free)),
      0,
    );
  });
  const arcs: { pair: number; arc: number }[] = [];
  for (const pair of problem.pairs) {
    if (pair.slots.length === 0 || pair.value <= 0) continue;
    arcs.push({
      pair: pair.index,
      arc: flow.addArc(needNode(pair.needIndex), startupNode(pair.startupIndex), 1, -pair.value),
    });
  }
  const result = flow.run(source, sink, totalRooms);
  const lockedScore = problem.kept.reduce((sum, m) => {
    const n = problem.needIndex.get(m.needId);
    return sum + (n === undefined ? 0 : (problem.needs[n]?.scoreWeight ?? 0) * m.score);
  }, 0);
  const scoreBound = lockedScore - result.cost;
  const relaxedPairs = arcs.filter((a) => flow.flowOn(a.arc) > 0).map((a) => a.pair);
  return {
    bound: weights.pinUnit * pinBound + minimumBound + scoreBound,
    pinBound,
    minimumBound,
    scoreBound,
    relaxedPairs,
  };
}
