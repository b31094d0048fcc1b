import type { Assignment } from './assignment';
import { pairKey } from './meeting-id';
import type { PairInfo, Problem } from './problem';
import { relevanceFloorOf, scoutNeeds } from './relevance';
import type { Shortfall, UnmetPin } from './types';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

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
    const reasons: string[] = [];
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
      const more =
        best === undefined
          ? 'no other candidate'
          : `the best candidate below it scores ${best.score.toFixed(2)}`;
      reasons.push(
        `only ${plural(candidates, 'startup')} ${candidates === 1 ? 'fits' : 'fit'} this need well (score at least ${floor.toFixed(2)}; ${more}); the minimum is ${need.min}: find startups (scouting list), lower the need's floor or its minimum`,
      );
    } else if (candidates < need.min) {
      const scores = pairs.map((p) => p.score);
      const lowest = scores.length > 0 ? ` (lowest score ${Math.min(...scores).toFixed(2)})` : '';
      reasons.push(
        `only ${plural(candidates, 'candidate')}${lowest}${banned > 0 ? `, ${banned} banned` : ''}; the minimum is ${need.min}: add candidates or lower the minimum`,
      );
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
      reasons.push(
        `host ${hostId} is available for only ${plural(hostSlots, 'slot')}; the minimum is ${need.min}: widen the host's availability`,
      );
    else if (hostSlots - takenByOthers < need.min) {
      reasons.push(
        `host's ${plural(hostSlots, 'available slot')} leave ${hostSlots - takenByOthers} after their other needs (${[...otherNeeds].join(', ')}) take ${takenByOthers}: widen availability or move a need to another host`,
      );
    }
    const shareSlot = pairs.filter((p) => p.slots.length > 0);
    if (candidates >= need.min && shareSlot.length + lockedHere < need.min) {
      // Both sides free but no room open is a room problem, not an availability one.
      const roomless = pairs.filter((p) => p.slots.length === 0 && bothFreeSlots(problem, p).length > 0);
      const roomlessSlots = new Set(roomless.flatMap((p) => bothFreeSlots(problem, p)));
      if (roomless.length > 0 && shareSlot.length + lockedHere + roomless.length >= need.min) {
        reasons.push(
          `no room is open in any of the ${plural(roomlessSlots.size, 'slot')} in which the host and ${plural(roomless.length, 'candidate')} are free: open a room then`,
        );
      } else {
        reasons.push(
          `only ${shareSlot.length + lockedHere} of the ${plural(candidates, 'candidate')} share a free slot with the host (${pairs.length - shareSlot.length} never overlap): widen availability`,
        );
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
      const who =
        atCap.length === remaining.length
          ? `the ${plural(atCap.length, 'remaining candidate')}`
          : `${atCap.length} of the ${remaining.length} remaining candidates`;
      reasons.push(
        `${who} ${atCap.length === 1 ? 'is at its' : 'are at their'} meeting cap: raise startups' maxMeetings or add candidates`,
      );
    }
    if (booked.length > 0 && notAtCap.length - booked.length < missing) {
      reasons.push(
        `${plural(booked.length, 'remaining candidate')} ${booked.length === 1 ? 'is' : 'are'} booked in every slot the host is free${roomsFull.length > 0 ? ` (${roomsFull.length} only because every room is taken)` : ''}`,
      );
    }
    if (reasons.length === 0) {
      reasons.push(
        `reaching the minimum would displace meetings worth more (pins, higher-priority needs or better-scored pairs); lower the minimum or add candidates or slots`,
      );
    }
    shortfalls.push({ needId: need.id, met, minimum: need.min, reasons });
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

/** `need × startup` of pair q. */
function describePair(problem: Problem, q: number): string {
  const pair = problem.pairs[q];
  return `${problem.needs[pair?.needIndex ?? -1]?.id ?? '?'} × ${problem.startups[pair?.startupIndex ?? -1]?.id ?? '?'}`;
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
    const push = (reason: string) => unmet.push({ needId: pin.needId, startupId: pin.startupId, reason });
    const n = problem.needIndex.get(pin.needId);
    const s = problem.startupIndex.get(pin.startupId);
    if (n === undefined) {
      push(`need ${pin.needId} is not part of the event`);
      continue;
    }
    if (s === undefined) {
      push(`startup ${pin.startupId} is not part of the event`);
      continue;
    }
    if (problem.bannedKeys.has(key)) {
      push('the pair is also banned; remove the ban or the pin');
      continue;
    }
    const pair = pairByKey.get(key);
    if (!pair) {
      push('the pair cannot meet');
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
      if (blocked)
        for (const q of held.length > 0 ? held : roomHolders) holders.add(describePair(problem, q));
      return blocked;
    });
    const needFull = (problem.lockedNeedCount[n] ?? 0) + pinsOf(need?.pairs ?? []) >= (need?.max ?? 0);
    const startupFull =
      (problem.lockedStartupCount[s] ?? 0) + pinsOf(startup?.pairs ?? []) >= (startup?.max ?? 0);
    if (pair.slots.length === 0) {
      push(
        bothFreeSlots(problem, pair).length > 0
          ? `no room is open in any of the ${plural(bothFreeSlots(problem, pair).length, 'slot')} in which the host and the startup are free: open a room then`
          : 'the host and the startup share no free slot: widen availability',
      );
    } else if (needFull) {
      push(
        `need ${pin.needId} is at its maximum of ${need?.max ?? 0} meetings with other pins or locked meetings: raise maxMeetings`,
      );
    } else if (startupFull) {
      push(
        `startup ${pin.startupId} is at its maximum of ${startup?.max ?? 0} meetings with other pins or locked meetings: raise maxMeetings`,
      );
    } else if (heldSlots.length === pair.slots.length) {
      push(
        `${pair.slots.length === 1 ? 'the only shared free slot is' : `all ${pair.slots.length} shared free slots are`} taken by ${holders.size === 1 ? 'the pin' : 'the pins'} ${[...holders].join(', ')} (or locked meetings): give the startup or the host more time, or drop a pin`,
      );
    } else {
      push(
        `the pins could not all be placed together (${plural(pair.slots.length, 'shared free slot')}, ${heldSlots.length} held by other pins): give the startup or the host more time`,
      );
    }
  }
  return unmet;
}
