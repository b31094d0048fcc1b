import { Assignment } from './assignment';
import { createPrng } from './prng';
import type { Problem } from './problem';
import type { BuildOptions } from './types';

const EPSILON = 1e-9;

export interface AssignOptions extends BuildOptions {
  /** Pairs to try first after the pins (e.g. those the bound's relaxation selects). */
  readonly priorityPairs?: readonly number[];
}

/**
 * Places pair p without losing anything: in a free slot, or, with `depth` ≥ 1, in a slot whose
 * blockers (the host's or the startup's meeting there, or one meeting when all rooms are taken)
 * can themselves be re-placed elsewhere (an ejection chain of length `depth`). Never `banSlot`.
 * Returns false with the state unchanged when it cannot.
 */
export function tryInsert(state: Assignment, p: number, depth: number, banSlot = -1): boolean {
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
    const evicted = evictAt(state, p, t, false);
    if (evicted === null) continue;
    state.place(p, t);
    if (evicted.every((q) => tryInsert(state, q, depth - 1, t))) return true;
    state.rollback(mark);
  }
  return false;
}

/**
 * Frees slot t for pair p by removing the host's and the startup's meetings there and, when every
 * room is taken, the least valuable other meeting in t. Returns the removed pairs, or null (state
 * unchanged) when a pinned meeting would have to go and `allowPinned` is false.
 */
function evictAt(state: Assignment, p: number, t: number, allowPinned: boolean): number[] | null {
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
      if (evicted.includes(q)) continue;
      const loss = -state.delta(q, -1);
      if (loss < cheapestLoss) {
        cheapestLoss = loss;
        cheapest = q;
      }
    }
    if (cheapest < 0) return null;
    evicted.push(cheapest);
  }
  if (!allowPinned && evicted.some((q) => state.problem.pairs[q]?.pinned)) return null;
  for (const q of evicted) state.unplace(q);
  return evicted;
}

/** Removes the scheduled pair among `pairs` whose removal costs least; false if none is scheduled. */
function evictCheapest(state: Assignment, pairs: readonly number[]): boolean {
  let cheapest = -1;
  let cheapestLoss = Infinity;
  for (const q of pairs) {
    if ((state.slotOf[q] ?? -1) < 0) continue;
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
function forceInsert(state: Assignment, p: number): boolean {
  const pair = state.problem.pairs[p];
  if (!pair || (state.slotOf[p] ?? -1) >= 0 || pair.slots.length === 0) return false;
  const need = state.problem.needs[pair.needIndex];
  const startup = state.problem.startups[pair.startupIndex];
  if (!need || !startup || need.max === 0 || startup.max === 0) return false;
  if ((state.needCount[pair.needIndex] ?? 0) >= need.max && !evictCheapest(state, need.pairs)) return false;
  if ((state.startupCount[pair.startupIndex] ?? 0) >= startup.max && !evictCheapest(state, startup.pairs)) return false;
  if (!state.capsAllow(p)) return false;
  if (tryInsert(state, p, 1)) return true;
  let bestSlot = -1;
  let bestObjective = -Infinity;
  for (const t of pair.slots) {
    const mark = state.checkpoint();
    const evicted = evictAt(state, p, t, true);
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
  const evicted = evictAt(state, p, bestSlot, true) ?? [];
  state.place(p, bestSlot);
  for (const q of evicted) tryInsert(state, q, 0, bestSlot);
  return true;
}

/** forceInsert kept only if the objective rises. */
function tryImprove(state: Assignment, p: number): boolean {
  const before = state.objective;
  const mark = state.checkpoint();
  if (forceInsert(state, p) && state.objective > before + EPSILON) return true;
  state.rollback(mark);
  return false;
}

/** Tries to bring need n to its minimum in one compound move, kept only if the objective rises. */
function reachMinimum(state: Assignment, n: number, order: readonly number[]): boolean {
  const need = state.problem.needs[n];
  if (!need || need.min === 0 || (state.needCount[n] ?? 0) >= need.min) return false;
  const before = state.objective;
  const mark = state.checkpoint();
  for (const p of order) {
    if ((state.needCount[n] ?? 0) >= need.min) break;
    if (state.problem.pairs[p]?.needIndex !== n || (state.slotOf[p] ?? -1) >= 0) continue;
    if (!tryInsert(state, p, 2)) forceInsert(state, p);
  }
  if (state.objective > before + EPSILON) return true;
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
  const state = new Assignment(problem);
  const tieBreak = problem.pairs.map(() => random());
  const byValue = problem.pairs
    .map((p) => p.index)
    .sort((a, b) => {
      const pa = problem.pairs[a];
      const pb = problem.pairs[b];
      if (!pa || !pb) return 0;
      return Number(pb.pinned) - Number(pa.pinned) || (preferred[b] ?? 0) - (preferred[a] ?? 0) || pb.value - pa.value || (tieBreak[a] ?? 0) - (tieBreak[b] ?? 0);
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

  for (const p of byValue) {
    if (!problem.pairs[p]?.pinned) break;
    if (!tryInsert(state, p, 2)) tryImprove(state, p);
  }
  for (const n of needOrder) reachMinimum(state, n, byValue);
  for (const p of byValue) tryInsert(state, p, 1);
  state.commit();

  for (let round = 0; round < rounds; round++) {
    const start = state.objective;
    for (const p of byValue) {
      if ((state.slotOf[p] ?? -1) < 0) tryImprove(state, p);
    }
    for (const n of needOrder) reachMinimum(state, n, byValue);
    for (const p of byValue) tryInsert(state, p, 1);
    state.commit();
    if (state.objective <= start + EPSILON) break;
  }
  return state;
}
