import { Assignment } from './assignment';
import { createPrng } from './prng';
import type { Problem } from './problem';
import type { BuildOptions } from './types';

const EPSILON = 1e-9;
/**
 * Up to this many (pair, usable slot) combinations the heuristic builds again with the needs it left
 * below their minimum first (two more constructions at most): small events, where that costs
 * milliseconds and one early choice weighs most. The benchmark's medium event has ~7,500.
 */
const RESTART_MAX_PAIR_SLOTS = 5_000;
const notPinned = (state: Assignment) => (q: number) => !state.problem.pairs[q]?.pinned;

export interface AssignOptions extends BuildOptions {
  /** Pairs to try first after the pins (e.g. those the bound's relaxation selects). */
  readonly priorityPairs?: readonly number[];
  /** Build again with the needs left below their minimum first (small events only). @default true */
  readonly restarts?: boolean;
}

/**
 * Places pair p without losing anything: in a free slot, or, with `depth` ≥ 1, in a slot whose
 * blockers (the host's or the startup's meeting there, or one meeting when all rooms are taken)
 * can themselves be re-placed elsewhere (an ejection chain of length `depth`). Never `banSlot`.
 * Returns false with the state unchanged when it cannot.
 */
export function tryInsert(
  state: Assignment,
  p: number,
  depth: number,
  banSlot = -1,
  mayMove: (q: number) => boolean = notPinned(state),
): boolean {
  if ((state.slotOf[p] ?? -1) >= 0 || !state.capsAllow(p)) return false;
  const pair = state.problem.pairs[p];
  if (!pair) return false;
  for (const t of pair.slots) {
    if (t !== banSlot && state.slotFree(p, t)) {
      state.place(p, t);
      return true;
    }
  }
  if (depth <= 0) return false;
  for (const t of pair.slots) {
    if (t === banSlot) continue;
    const mark = state.checkpoint();
    const evicted = evictAt(state, p, t, mayMove);
    if (evicted === null) continue;
    state.place(p, t);
    if (evicted.every((q) => tryInsert(state, q, depth - 1, t, mayMove))) return true;
    state.rollback(mark);
  }
  return false;
}

/**
 * Frees slot t for pair p by removing the host's and the startup's meetings there and, when every
 * room is taken, the least valuable other meeting in t that `mayEvict` allows. Returns the removed
 * pairs, or null (state unchanged) when a meeting `mayEvict` refuses would have to go.
 */
function evictAt(state: Assignment, p: number, t: number, mayEvict: (q: number) => boolean): number[] | null {
  const pair = state.problem.pairs[p];
  if (!pair) return null;
  const evicted: number[] = [];
  const hostMeeting = state.hostBusyAt(pair.hostIndex, t);
  const startupMeeting = state.startupBusyAt(pair.startupIndex, t);
  if (hostMeeting >= 0) evicted.push(hostMeeting);
  if (startupMeeting >= 0 && startupMeeting !== hostMeeting) evicted.push(startupMeeting);
  if ((state.used[t] ?? 0) - evicted.length >= (state.capacity[t] ?? 0)) {
    let cheapest = -1;
    let cheapestLoss = Infinity;
    for (const q of state.slotMembers[t] ?? []) {
      if (evicted.includes(q) || !mayEvict(q)) continue;
      const loss = -state.delta(q, -1);
      if (loss < cheapestLoss) {
        cheapestLoss = loss;
        cheapest = q;
      }
    }
    if (cheapest < 0) return null;
    evicted.push(cheapest);
  }
  if (!evicted.every(mayEvict)) return null;
  for (const q of evicted) state.unplace(q);
  return evicted;
}

/** Removes the scheduled pair among `pairs` whose removal costs least; false if none may go. */
function evictCheapest(
  state: Assignment,
  pairs: readonly number[],
  mayEvict: (q: number) => boolean,
): boolean {
  let cheapest = -1;
  let cheapestLoss = Infinity;
  for (const q of pairs) {
    if ((state.slotOf[q] ?? -1) < 0 || !mayEvict(q)) continue;
    const loss = -state.delta(q, -1);
    if (loss < cheapestLoss) {
      cheapestLoss = loss;
      cheapest = q;
    }
  }
  if (cheapest < 0) return false;
  state.unplace(cheapest);
  return true;
}

/**
 * Places pair p even at a cost: frees a cap by removing the cheapest meeting of the need or the
 * startup, then takes the slot whose displaced meetings lose least after trying to re-place them.
 * The caller decides whether the result is better and rolls back if not.
 */
function forceInsert(
  state: Assignment,
  p: number,
  mayEvict: (q: number) => boolean = () => true,
  maxLoss = Infinity,
): boolean {
  const pair = state.problem.pairs[p];
  if (!pair || (state.slotOf[p] ?? -1) >= 0 || pair.slots.length === 0) return false;
  const need = state.problem.needs[pair.needIndex];
  const startup = state.problem.startups[pair.startupIndex];
  if (!need || !startup || need.max === 0 || startup.max === 0) return false;
  if ((state.needCount[pair.needIndex] ?? 0) >= need.max && !evictCheapest(state, need.pairs, mayEvict))
    return false;
  if (
    (state.startupCount[pair.startupIndex] ?? 0) >= startup.max &&
    !evictCheapest(state, startup.pairs, mayEvict)
  )
    return false;
  if (!state.capsAllow(p)) return false;
  if (tryInsert(state, p, 1)) return true;
  let bestSlot = -1;
  let bestObjective = -Infinity;
  for (const t of pair.slots) {
    // Blockers that could not be re-placed by tryInsert above mostly stay out: skip slots whose
    // blockers alone are worth more than the move can gain (a heuristic cut that saves most time).
    const hostMeeting = state.hostBusyAt(pair.hostIndex, t);
    const startupMeeting = state.startupBusyAt(pair.startupIndex, t);
    const blockLoss =
      directLoss(state, hostMeeting) +
      (startupMeeting !== hostMeeting ? directLoss(state, startupMeeting) : 0);
    if (blockLoss >= maxLoss) continue;
    const mark = state.checkpoint();
    const evicted = evictAt(state, p, t, mayEvict);
    if (evicted === null) continue;
    state.place(p, t);
    for (const q of evicted) tryInsert(state, q, 0, t);
    if (state.objective > bestObjective + EPSILON) {
      bestObjective = state.objective;
      bestSlot = t;
    }
    state.rollback(mark);
  }
  if (bestSlot < 0) return false;
  const evicted = evictAt(state, p, bestSlot, mayEvict) ?? [];
  state.place(p, bestSlot);
  for (const q of evicted) tryInsert(state, q, 0, bestSlot);
  return true;
}

/**
 * What removing meeting q loses before any repair: its weighted score and pin, not a minimum it
 * may break, since the ejection chain in tryImprove usually restores that. 0 for q = −1.
 */
function directLoss(state: Assignment, q: number): number {
  const pair = state.problem.pairs[q];
  if (q < 0 || !pair) return 0;
  return pair.value + (pair.pinned ? state.problem.weights.pinUnit : 0);
}

/**
 * What freeing p's need cap costs at least (0 below the cap). The startup side is left out: the
 * ejection chain gives the need it leaves another startup, so that loss is usually recovered.
 */
function cheapestForcedLoss(state: Assignment, p: number): number {
  const pair = state.problem.pairs[p];
  if (!pair) return Infinity;
  const need = state.problem.needs[pair.needIndex];
  const startup = state.problem.startups[pair.startupIndex];
  if (!need || !startup) return Infinity;
  const cheapest = (pairs: readonly number[]) => {
    let loss = Infinity;
    for (const q of pairs) if ((state.slotOf[q] ?? -1) >= 0) loss = Math.min(loss, directLoss(state, q));
    return loss;
  };
  let loss = 0;
  if ((state.needCount[pair.needIndex] ?? 0) >= need.max) loss += cheapest(need.pairs);
  return loss;
}

/**
 * forceInsert, then each need that lost a meeting takes its best remaining candidates (an
 * ejection chain through the caps: a startup moves to the need that values it more and the need it
 * left takes another one); kept only if the objective rises.
 */
function tryImprove(
  state: Assignment,
  p: number,
  byValueOfNeed: readonly (readonly number[])[],
  slotLossCut = Infinity,
): boolean {
  const before = state.objective;
  const gain = state.delta(p, 1);
  if (gain <= EPSILON || cheapestForcedLoss(state, p) >= gain) return false;
  const mark = state.checkpoint();
  if (forceInsert(state, p, () => true, slotLossCut * gain)) {
    for (const q of state.removedSince(mark)) {
      const n = state.problem.pairs[q]?.needIndex ?? -1;
      for (const r of byValueOfNeed[n] ?? []) {
        if (r !== q && (state.slotOf[r] ?? -1) < 0 && tryInsert(state, r, 0)) break;
      }
    }
    if (state.objective > before + EPSILON) return true;
  }
  state.rollback(mark);
  return false;
}

/**
 * After a move that removed meetings, each other need that lost one takes its best remaining
 * candidate that fits (with an ejection chain of length 1): a startup taken from a need at its
 * cap is replaced rather than simply lost.
 */
function refillLosers(
  state: Assignment,
  mark: number,
  except: number,
  byValueOfNeed: readonly (readonly number[])[],
): void {
  for (const q of state.removedSince(mark)) {
    const m = state.problem.pairs[q]?.needIndex ?? -1;
    if (m === except || (state.slotOf[q] ?? -1) >= 0) continue;
    const need = state.problem.needs[m];
    // A need pushed below its minimum may in turn displace a meeting no pin needs and whose
    // removal breaks no minimum that is met.
    const mayEvict = (r: number) => {
      const pair = state.problem.pairs[r];
      if (!pair || pair.pinned || pair.needIndex === except || pair.needIndex === m) return false;
      const owner = state.problem.needs[pair.needIndex];
      return !owner || owner.min === 0 || (state.needCount[pair.needIndex] ?? 0) !== owner.min;
    };
    const below = !!need && (state.needCount[m] ?? 0) < need.min;
    for (const r of byValueOfNeed[m] ?? []) {
      if (r === q || (state.slotOf[r] ?? -1) >= 0) continue;
      if (tryInsert(state, r, 1)) break;
      const step = state.checkpoint();
      if (below && forceInsert(state, r, mayEvict)) {
        if (state.removedSince(step).every((x) => x !== q)) break;
        state.rollback(step);
      }
    }
  }
}

/**
 * Places pair p of need n when its startup is at its cap: tries taking the startup from each of
 * its other needs in turn (that need then takes another candidate, see refillLosers) and keeps
 * the variant with the best objective. forceInsert would only try the cheapest meeting to give
 * up, whose need may have no other candidate while a costlier one's need has.
 */
function insertBySwap(
  state: Assignment,
  p: number,
  n: number,
  mayEvict: (q: number) => boolean,
  byValueOfNeed: readonly (readonly number[])[],
): boolean {
  const pair = state.problem.pairs[p];
  const startup = pair ? state.problem.startups[pair.startupIndex] : undefined;
  if (!pair || !startup || (state.startupCount[pair.startupIndex] ?? 0) < startup.max) return false;
  let best: number | undefined;
  let bestObjective = -Infinity;
  const given = startup.pairs.filter((q) => (state.slotOf[q] ?? -1) >= 0 && mayEvict(q));
  for (const q of given) {
    const mark = state.checkpoint();
    state.unplace(q);
    refillLosers(state, mark, n, byValueOfNeed);
    const placed = tryInsert(state, p, 1) || forceInsert(state, p, mayEvict);
    if (placed && state.objective > bestObjective + EPSILON) {
      bestObjective = state.objective;
      best = q;
    }
    state.rollback(mark);
  }
  if (best === undefined) return false;
  const mark = state.checkpoint();
  state.unplace(best);
  refillLosers(state, mark, n, byValueOfNeed);
  return tryInsert(state, p, 1) || forceInsert(state, p, mayEvict);
}

/** Tries to bring need n to its minimum in one compound move, kept only if the objective rises. */
function reachMinimum(state: Assignment, n: number, byValueOfNeed: readonly (readonly number[])[]): boolean {
  const need = state.problem.needs[n];
  if (!need || need.min === 0 || (state.needCount[n] ?? 0) >= need.min) return false;
  // The compound move must not undo its own progress nor drop a pin to get there.
  const mayEvict = (q: number) => {
    const pair = state.problem.pairs[q];
    return !!pair && pair.needIndex !== n && !pair.pinned;
  };
  const cheap = (p: number) => tryInsert(state, p, 1) || forceInsert(state, p, mayEvict);
  // Costlier moves, tried only when the cheap ones cannot bring the need to its minimum: longer
  // ejection chains that may move pins (every meeting they move is placed again), a startup at
  // its cap taken from whichever of its needs can best do without it, and a forced insertion
  // whose losers take other candidates.
  const deep = (p: number) => {
    const start = state.checkpoint();
    if (tryInsert(state, p, 2, -1, () => true)) return true;
    if (insertBySwap(state, p, n, mayEvict, byValueOfNeed)) return true;
    if (!forceInsert(state, p, mayEvict)) return false;
    refillLosers(state, start, n, byValueOfNeed);
    return true;
  };
  return (
    reachMinimumWith(state, n, cheap, true) ||
    reachMinimumWith(state, n, deep, true) ||
    reachMinimumWith(state, n, cheap, false)
  );
}

/**
 * One attempt at need n's minimum: each step inserts (with `insert`) the candidate that leaves the
 * best objective; rolled back unless the objective rises (and, with `onlyAtMinimum`, the need
 * reaches its minimum).
 */
function reachMinimumWith(
  state: Assignment,
  n: number,
  insert: (p: number) => boolean,
  onlyAtMinimum: boolean,
): boolean {
  const need = state.problem.needs[n];
  if (!need) return false;
  const before = state.objective;
  const mark = state.checkpoint();
  const order = need.pairs;
  while ((state.needCount[n] ?? 0) < need.min) {
    let best = -1;
    let bestObjective = -Infinity;
    for (const p of order) {
      if (state.problem.pairs[p]?.needIndex !== n || (state.slotOf[p] ?? -1) >= 0) continue;
      const step = state.checkpoint();
      if (insert(p) && state.objective > bestObjective + EPSILON) {
        bestObjective = state.objective;
        best = p;
      }
      state.rollback(step);
    }
    if (best < 0 || !insert(best)) break;
  }
  const reached = (state.needCount[n] ?? 0) >= need.min;
  if (state.objective > before + EPSILON && (reached || !onlyAtMinimum)) return true;
  state.rollback(mark);
  return false;
}

/**
 * The default solver: greedy construction by marginal objective, then local search.
 *  1. pins, each with ejection chains (a pin outweighs everything else);
 *  2. needs with a minimum, highest W first and the least flexible first, each as one compound
 *     move kept only if the objective rises;
 *  3. every other pair by w·score, placed with ejection chains of length 1;
 *  4. rounds of improvement: an unscheduled pair replaces the cheapest meetings blocking it (a cap
 *     or a slot) when that raises the objective, then 2 and 3 again, until a round gains nothing.
 */
export function assignMeetings(problem: Problem, options: AssignOptions = {}): Assignment {
  const random = createPrng(options.seed ?? 1);
  const preferred = new Uint8Array(problem.pairs.length);
  for (const p of options.priorityPairs ?? []) preferred[p] = 1;
  const rounds = options.improveRounds ?? 4;
  const tieBreak = problem.pairs.map(() => random());
  const byValue = problem.pairs
    .map((p) => p.index)
    .sort((a, b) => {
      const pa = problem.pairs[a];
      const pb = problem.pairs[b];
      if (!pa || !pb) return 0;
      return (
        Number(pb.pinned) - Number(pa.pinned) ||
        (preferred[b] ?? 0) - (preferred[a] ?? 0) ||
        pb.value - pa.value ||
        (tieBreak[a] ?? 0) - (tieBreak[b] ?? 0)
      );
    });
  const needOrder = problem.needs
    .map((_, n) => n)
    .filter((n) => (problem.needs[n]?.min ?? 0) >= 1)
    .sort((a, b) => {
      const na = problem.needs[a];
      const nb = problem.needs[b];
      if (!na || !nb) return 0;
      return nb.minWeight - na.minWeight || na.pairs.length - na.min - (nb.pairs.length - nb.min);
    });

  const byValueOfNeed = problem.needs.map((need) =>
    [...need.pairs].sort((a, b) => (problem.pairs[b]?.value ?? 0) - (problem.pairs[a]?.value ?? 0)),
  );
  const first = construct(problem, needOrder, byValue, byValueOfNeed, rounds);
  if (options.restarts === false || pairSlotCount(problem) > RESTART_MAX_PAIR_SLOTS) return first;
  // Squeaky wheel: the needs the first construction left below a minimum they could reach go
  // first in a second construction, in weight order and reversed (the needs placed first take the
  // startups and slots a whole set of other minimums needs, or one minimum is met where an equal
  // one would leave room for better-scored meetings); the best of them is kept.
  const unmet = needOrder.filter((n) => {
    const need = problem.needs[n];
    if (!need || (first.needCount[n] ?? 0) >= need.min) return false;
    const usable = need.pairs.filter((p) => (problem.pairs[p]?.slots.length ?? 0) > 0).length;
    return (problem.lockedNeedCount[n] ?? 0) + usable >= need.min;
  });
  if (unmet.length === 0) return first;
  let best = first;
  const fronts = unmet.length > 1 ? [unmet, [...unmet].reverse()] : [unmet];
  for (const front of fronts) {
    const order = [...front, ...needOrder.filter((n) => !front.includes(n))];
    const next = construct(problem, order, byValue, byValueOfNeed, rounds);
    if (next.objective > best.objective + EPSILON) best = next;
  }
  return best;
}

function pairSlotCount(problem: Problem): number {
  let count = 0;
  for (const pair of problem.pairs) count += pair.slots.length;
  return count;
}

/** One construction (pins, minimums in `needOrder`, all pairs) and up to `rounds` rounds of improvement. */
function construct(
  problem: Problem,
  needOrder: readonly number[],
  byValue: readonly number[],
  byValueOfNeed: readonly (readonly number[])[],
  rounds: number,
): Assignment {
  const state = new Assignment(problem);
  for (const p of byValue) {
    if (!problem.pairs[p]?.pinned) break;
    if (!tryInsert(state, p, 2)) tryImprove(state, p, byValueOfNeed);
  }
  for (const n of needOrder) reachMinimum(state, n, byValueOfNeed);
  for (const p of byValue) tryInsert(state, p, 1);
  state.commit();

  for (let round = 0; round < rounds; round++) {
    const start = state.objective;
    for (const p of byValue) {
      if ((state.slotOf[p] ?? -1) < 0) tryImprove(state, p, byValueOfNeed);
    }
    for (const n of needOrder) reachMinimum(state, n, byValueOfNeed);
    for (const p of byValue) tryInsert(state, p, 1);
    state.commit();
    if (state.objective <= start + EPSILON) break;
  }
  return state;
}
