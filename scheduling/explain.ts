import type { Assignment } from './assignment';
import { pairKey } from './meeting-id';
import type { PairInfo, Problem } from './problem';
import { relevanceFloorOf, scoutNeeds } from './relevance';
import { checksReasons, smallestSufficient } from './smallest-set';
import type { Reason, ReasonCode, Shortfall, UnmetPin } from './types';

/**
 * For every need below its minimum, the reasons that bind, most basic first: too few candidates
 * (or too few at the relevance floor),
 * too little host time, candidates without a shared free slot, the host's time taken by their other
 * needs, candidates at their cap or booked, rooms full. When none of those binds, the minimum lost
 * against more valuable meetings, and the reason says so.
 */
export function explainShortfalls(problem: Problem, state: Assignment): Shortfall[] {
  const shortfalls: Shortfall[] = [];
  const T = problem.slots.length;
  const scoutedBelow = new Map(scoutNeeds(problem.instance).map((entry) => [entry.needId, entry]));
  problem.needs.forEach((need, n) => {
    const met = state.needCount[n] ?? 0;
    if (need.min === 0 || met >= need.min) return;
    const missing = need.min - met;
    const reasons: Reason[] = [];
    const instanceNeed = problem.instance.needs[n];
    const hostId = instanceNeed?.hostId ?? '?';
    const lockedHere = problem.lockedNeedCount[n] ?? 0;
    const pairs = need.pairs.map((p) => problem.pairs[p]).filter((p) => p !== undefined);
    const candidates = pairs.length + lockedHere;
    const banned = problem.instance.bans.filter((b) => b.needId === need.id).length;
    const floor = instanceNeed ? relevanceFloorOf(problem.instance, instanceNeed) : 0;
    const belowFloor = floor > 0 ? scoutedBelow.get(need.id) : undefined;
    if (candidates < need.min && belowFloor) {
      const best = belowFloor.nearMisses[0];
      reasons.push({
        code: 'too-few-good-fits',
        params: {
          needId: need.id,
          good: candidates,
          minimum: need.min,
          floor,
          ...(best === undefined ? {} : { bestBelow: best.score }),
        },
      });
    } else if (candidates < need.min) {
      const scores = pairs.map((p) => p.score);
      reasons.push({
        code: 'too-few-candidates',
        params: {
          needId: need.id,
          candidates,
          minimum: need.min,
          banned,
          ...(scores.length > 0 ? { lowestScore: Math.min(...scores) } : {}),
        },
      });
    }
    const hostAvailable = problem.hostAvailable[need.hostIndex];
    const hostLocked = problem.hostLocked[need.hostIndex];
    let hostSlots = 0;
    let takenByOthers = 0;
    const otherNeeds = new Set<string>();
    for (let t = 0; t < T; t++) {
      if (!hostAvailable?.[t]) continue;
      hostSlots += 1;
      const busy = state.hostBusyAt(need.hostIndex, t);
      const busyNeed = busy >= 0 ? problem.pairs[busy]?.needIndex : undefined;
      if (busyNeed !== undefined && busyNeed !== n) {
        takenByOthers += 1;
        otherNeeds.add(problem.needs[busyNeed]?.id ?? '?');
      } else if (busy < 0 && hostLocked?.[t]) {
        const lockedNeed = problem.kept.find(
          (k) => k.hostId === hostId && k.needId !== need.id && k.date === problem.slots[t]?.date,
        );
        if (lockedNeed) {
          takenByOthers += 1;
          otherNeeds.add(lockedNeed.needId);
        }
      }
    }
    if (hostSlots < need.min)
      reasons.push({ code: 'host-time-too-short', params: { hostId, slots: hostSlots, minimum: need.min } });
    else if (hostSlots - takenByOthers < need.min) {
      reasons.push({
        code: 'host-time-taken-by-other-needs',
        params: { hostId, slots: hostSlots, left: hostSlots - takenByOthers, needIds: [...otherNeeds] },
      });
    }
    const shareSlot = pairs.filter((p) => p.slots.length > 0);
    if (candidates >= need.min && shareSlot.length + lockedHere < need.min) {
      // Both sides free but no room open is a room problem, not an availability one.
      const roomless = pairs.filter((p) => p.slots.length === 0 && bothFreeSlots(problem, p).length > 0);
      const roomlessSlots = new Set(roomless.flatMap((p) => bothFreeSlots(problem, p)));
      if (roomless.length > 0 && shareSlot.length + lockedHere + roomless.length >= need.min) {
        reasons.push({
          code: 'no-room-open',
          params: { slots: roomlessSlots.size, startupIds: roomless.map((p) => startupIdOf(problem, p)) },
        });
      } else {
        reasons.push({
          code: 'candidates-share-no-slot',
          params: {
            hostId,
            sharing: shareSlot.length + lockedHere,
            candidates,
            startupIds: pairs.filter((p) => p.slots.length === 0).map((p) => startupIdOf(problem, p)),
          },
        });
      }
    }
    const remaining = shareSlot.filter((p) => (state.slotOf[p.index] ?? -1) < 0);
    const atCap = remaining.filter(
      (p) => (state.startupCount[p.startupIndex] ?? 0) >= (problem.startups[p.startupIndex]?.max ?? 0),
    );
    const notAtCap = remaining.filter((p) => !atCap.includes(p));
    const booked = notAtCap.filter((p) => !p.slots.some((t) => state.slotFree(p.index, t)));
    const roomsFull = booked.filter((p) =>
      p.slots.some((t) => state.hostBusyAt(p.hostIndex, t) < 0 && state.startupBusyAt(p.startupIndex, t) < 0),
    );
    if (remaining.length > 0 && atCap.length > 0 && notAtCap.length < missing) {
      reasons.push({
        code: 'candidates-at-cap',
        params: { remaining: remaining.length, startupIds: atCap.map((p) => startupIdOf(problem, p)) },
      });
    }
    if (booked.length > 0 && notAtCap.length - booked.length < missing) {
      reasons.push({
        code: 'candidates-booked',
        params: {
          hostId,
          startupIds: booked.map((p) => startupIdOf(problem, p)),
          onlyRooms: roomsFull.length,
        },
      });
    }
    if (reasons.length === 0) {
      reasons.push({ code: 'outweighed', params: {} });
    }
    const checked =
      reasons.length > 1 && checksReasons(problem, shortfalls.length)
        ? smallestSufficient(problem.instance, need.id, reasons)
        : reasons;
    shortfalls.push({ needId: need.id, met, minimum: need.min, reasons: checked });
  });
  return shortfalls;
}

/** Slots in which the pair's host and startup are both available and not in a locked meeting, rooms aside. */
function bothFreeSlots(problem: Problem, pair: PairInfo): number[] {
  const slots: number[] = [];
  for (let t = 0; t < problem.slots.length; t++) {
    if (
      problem.hostAvailable[pair.hostIndex]?.[t] &&
      !problem.hostLocked[pair.hostIndex]?.[t] &&
      problem.startupAvailable[pair.startupIndex]?.[t] &&
      !problem.startupLocked[pair.startupIndex]?.[t]
    )
      slots.push(t);
  }
  return slots;
}

/** The startup id of a pair. */
function startupIdOf(problem: Problem, pair: PairInfo): string {
  return problem.startups[pair.startupIndex]?.id ?? '?';
}

/** The pair key of pair q (`pairKey`: each id URI-encoded, so the one '|' separates them). */
function pairIdOf(problem: Problem, q: number): string {
  const pair = problem.pairs[q];
  return pairKey(
    problem.needs[pair?.needIndex ?? -1]?.id ?? '?',
    problem.startups[pair?.startupIndex ?? -1]?.id ?? '?',
  );
}

/** Every pin without a meeting, with the reason in words. */
export function explainUnmetPins(problem: Problem, state: Assignment): UnmetPin[] {
  const unmet: UnmetPin[] = [];
  const seen = new Set<string>();
  const pairByKey = new Map(
    problem.pairs.map((p) => [
      pairKey(problem.needs[p.needIndex]?.id ?? '', problem.startups[p.startupIndex]?.id ?? ''),
      p,
    ]),
  );
  for (const pin of problem.instance.pins) {
    const key = pairKey(pin.needId, pin.startupId);
    if (seen.has(key)) continue;
    seen.add(key);
    if (problem.lockedPairKeys.has(key)) continue;
    const push = (code: ReasonCode, params: Reason['params'] = {}) =>
      unmet.push({ needId: pin.needId, startupId: pin.startupId, reason: { code, params } });
    const n = problem.needIndex.get(pin.needId);
    const s = problem.startupIndex.get(pin.startupId);
    if (n === undefined) {
      push('need-not-in-event', { needId: pin.needId });
      continue;
    }
    if (s === undefined) {
      push('startup-not-in-event', { startupId: pin.startupId });
      continue;
    }
    if (problem.bannedKeys.has(key)) {
      push('pin-banned');
      continue;
    }
    const pair = pairByKey.get(key);
    if (!pair) {
      push('pair-cannot-meet');
      continue;
    }
    if ((state.slotOf[pair.index] ?? -1) >= 0) continue;
    const need = problem.needs[n];
    const startup = problem.startups[s];
    // Pins outweigh everything else, so only pins and locked meetings can keep a pin out: a cap
    // binds when they fill it, a slot when they hold it (the host, the startup or every room).
    const fixed = (q: number) => q >= 0 && !!problem.pairs[q]?.pinned;
    const pinsOf = (pairs: readonly number[]) =>
      pairs.filter((q) => fixed(q) && (state.slotOf[q] ?? -1) >= 0).length;
    const holders = new Set<string>();
    const heldSlots = pair.slots.filter((t) => {
      const host = state.hostBusyAt(pair.hostIndex, t);
      const startupBusy = state.startupBusyAt(pair.startupIndex, t);
      const held = [host, startupBusy].filter(fixed);
      const roomsFull = (state.slotMembers[t]?.size ?? 0) >= (state.capacity[t] ?? 0);
      const roomHolders = roomsFull ? [...(state.slotMembers[t] ?? [])] : [];
      const blocked = held.length > 0 || (roomsFull && roomHolders.every(fixed));
      if (blocked) for (const q of held.length > 0 ? held : roomHolders) holders.add(pairIdOf(problem, q));
      return blocked;
    });
    const needFull = (problem.lockedNeedCount[n] ?? 0) + pinsOf(need?.pairs ?? []) >= (need?.max ?? 0);
    const startupFull =
      (problem.lockedStartupCount[s] ?? 0) + pinsOf(startup?.pairs ?? []) >= (startup?.max ?? 0);
    if (pair.slots.length === 0) {
      const slots = bothFreeSlots(problem, pair).length;
      if (slots > 0) push('no-room-open', { slots, startupIds: [pin.startupId] });
      else push('pair-shares-no-slot', { hostId: problem.hostIds[pair.hostIndex] ?? '?' });
    } else if (needFull) {
      push('need-at-maximum', { needId: pin.needId, maximum: need?.max ?? 0 });
    } else if (startupFull) {
      push('startup-at-maximum', { startupId: pin.startupId, maximum: startup?.max ?? 0 });
    } else if (heldSlots.length === pair.slots.length) {
      push('slots-held-by-pins', { slots: pair.slots.length, pins: [...holders] });
    } else {
      push('pins-conflict', { slots: pair.slots.length, held: heldSlots.length });
    }
  }
  return unmet;
}
