import { meetingId, pairKey } from './meeting-id';
import { minimumWeight, objectiveWeights, scoreWeight, type ObjectiveWeights } from './objective';
import { candidateScores, relevanceFloorOf } from './relevance';
import { buildSlotGrid, openRoomIds, type Slot } from './slot-grid';
import { containedIn, overlaps, toRange, type TimeRange } from './time-ranges';
import type { DroppedLocked, Meeting, Reason, ReasonCode, ScheduleInstance } from './types';

export interface NeedInfo {
  readonly id: string;
  readonly hostIndex: number;
  readonly priority: number;
  readonly min: number;
  readonly max: number;
  /** W(priority) when minMeetings ≥ 1, else 0. */
  readonly minWeight: number;
  /** w(priority). */
  readonly scoreWeight: number;
  /** Pair indices of this need. */
  readonly pairs: number[];
}

export interface StartupInfo {
  readonly id: string;
  readonly max: number;
  readonly pairs: number[];
}

/** A pair that may still meet: a pin, or a candidate at or above its need's relevance floor; not banned, not already locked. */
export interface PairInfo {
  readonly index: number;
  readonly needIndex: number;
  readonly startupIndex: number;
  readonly hostIndex: number;
  readonly score: number;
  /** w(priority) · score. */
  readonly value: number;
  readonly pinned: boolean;
  /** Slots free for both sides with a free room, ascending. */
  readonly slots: number[];
}

/** The instance compiled to indices: what every solver and the bound work on. */
export interface Problem {
  readonly instance: ScheduleInstance;
  readonly slots: Slot[];
  /** Per slot, the room ids open and not taken by a kept locked meeting. */
  readonly freeRooms: string[][];
  readonly hostIds: string[];
  /** hostAvailable[h][t]: slot t lies inside host h's availability. */
  readonly hostAvailable: Uint8Array[];
  readonly startupAvailable: Uint8Array[];
  /** hostLocked[h][t]: a kept locked meeting of host h overlaps slot t. */
  readonly hostLocked: Uint8Array[];
  readonly startupLocked: Uint8Array[];
  readonly needs: NeedInfo[];
  readonly startups: StartupInfo[];
  readonly pairs: PairInfo[];
  readonly needIndex: Map<string, number>;
  readonly startupIndex: Map<string, number>;
  readonly kept: Meeting[];
  readonly droppedLocked: DroppedLocked[];
  readonly lockedNeedCount: Int32Array;
  readonly lockedStartupCount: Int32Array;
  readonly lockedPairKeys: Set<string>;
  readonly bannedKeys: Set<string>;
  readonly weights: ObjectiveWeights;
}

function availabilityMask(
  slots: readonly Slot[],
  windows: readonly { date: string; start: string; end: string }[] | undefined,
): Uint8Array {
  const mask = new Uint8Array(slots.length);
  const ranges = windows?.map(toRange);
  slots.forEach((slot, t) => {
    mask[t] = !ranges || containedIn(slot, ranges) ? 1 : 0;
  });
  return mask;
}

function rangeOf(m: Meeting): TimeRange {
  return toRange(m);
}

/**
 * Compiles an instance: slot grid, availability masks, the locked meetings that can be kept (the
 * rest are dropped with a reason, e.g. when a participant cancelled), and the pairs that may still
 * meet with the slots each can use.
 */
export function compileProblem(instance: ScheduleInstance): Problem {
  const event = instance.event;
  const slots = buildSlotGrid(event);
  const T = slots.length;
  const hostIds = instance.hosts.map((h) => h.id);
  const hostIndexById = new Map(hostIds.map((id, i) => [id, i]));
  const hostAvailable = instance.hosts.map((h) => availabilityMask(slots, h.availability));
  const startupAvailable = instance.startups.map((s) => availabilityMask(slots, s.availability));
  const needIndex = new Map(instance.needs.map((n, i) => [n.id, i]));
  const startupIndex = new Map(instance.startups.map((s, i) => [s.id, i]));
  const weights = objectiveWeights(instance);
  const bannedKeys = new Set(instance.bans.map((b) => pairKey(b.needId, b.startupId)));
  const sessions: TimeRange[] = event.days.flatMap((d) =>
    d.sessions.map((s) => toRange({ date: d.date, ...s })),
  );
  const rooms = new Map(event.rooms.map((r) => [r.id, r]));
  const hostById = new Map(instance.hosts.map((h) => [h.id, h]));

  const lockedNeedCount = new Int32Array(instance.needs.length);
  const lockedStartupCount = new Int32Array(instance.startups.length);
  const lockedPairKeys = new Set<string>();
  const kept: Meeting[] = [];
  const droppedLocked: DroppedLocked[] = [];
  const hostLocked = hostIds.map(() => new Uint8Array(T));
  const startupLocked = instance.startups.map(() => new Uint8Array(T));
  const takenRooms: { roomId: string; range: TimeRange }[] = [];

  for (const m of instance.locked) {
    const drop = (code: ReasonCode, params: Reason['params'] = {}) =>
      droppedLocked.push({ meeting: m, reason: { code, params } });
    const n = needIndex.get(m.needId);
    const s = startupIndex.get(m.startupId);
    const need = n === undefined ? undefined : instance.needs[n];
    if (need === undefined || n === undefined) {
      drop('locked-need-gone', { needId: m.needId });
      continue;
    }
    if (s === undefined) {
      drop('locked-startup-gone', { startupId: m.startupId });
      continue;
    }
    const h = hostIndexById.get(need.hostId);
    const host = hostById.get(need.hostId);
    if (h === undefined || !host) {
      drop('locked-host-gone', { hostId: need.hostId });
      continue;
    }
    if (m.hostId !== need.hostId) {
      drop('locked-host-changed', { needId: m.needId, hostId: need.hostId, previousHostId: m.hostId });
      continue;
    }
    const key = pairKey(m.needId, m.startupId);
    if (bannedKeys.has(key)) {
      drop('locked-pair-banned', { needId: m.needId, startupId: m.startupId });
      continue;
    }
    if (lockedPairKeys.has(key)) {
      drop('locked-pair-twice', { needId: m.needId, startupId: m.startupId });
      continue;
    }
    let range: TimeRange;
    try {
      range = rangeOf(m);
    } catch {
      drop('locked-time-malformed');
      continue;
    }
    if (range.endMinute - range.startMinute !== event.meetingMinutes) {
      drop('locked-wrong-length', { minutes: event.meetingMinutes });
      continue;
    }
    if (!containedIn(range, sessions)) {
      drop('locked-outside-sessions');
      continue;
    }
    const room = rooms.get(m.roomId);
    if (!room) {
      drop('locked-room-gone', { roomId: m.roomId });
      continue;
    }
    if ((room.closed ?? []).some((w) => overlaps(toRange(w), range))) {
      drop('locked-room-closed', { roomId: m.roomId });
      continue;
    }
    if (host.availability && !containedIn(range, host.availability.map(toRange))) {
      drop('locked-host-unavailable', { hostId: need.hostId });
      continue;
    }
    const startup = instance.startups[s];
    if (startup?.availability && !containedIn(range, startup.availability.map(toRange))) {
      drop('locked-startup-unavailable', { startupId: m.startupId });
      continue;
    }
    const clash = kept.find(
      (k) =>
        overlaps(rangeOf(k), range) &&
        (k.roomId === m.roomId || k.hostId === m.hostId || k.startupId === m.startupId),
    );
    if (clash) {
      drop('locked-overlaps', { meetingId: clash.id });
      continue;
    }
    if ((lockedNeedCount[n] ?? 0) >= need.maxMeetings) {
      drop('locked-need-at-maximum', { needId: m.needId, maximum: need.maxMeetings });
      continue;
    }
    if ((lockedStartupCount[s] ?? 0) >= (startup?.maxMeetings ?? 0)) {
      drop('locked-startup-at-maximum', { startupId: m.startupId, maximum: startup?.maxMeetings ?? 0 });
      continue;
    }
    kept.push(m);
    lockedPairKeys.add(key);
    lockedNeedCount[n] = (lockedNeedCount[n] ?? 0) + 1;
    lockedStartupCount[s] = (lockedStartupCount[s] ?? 0) + 1;
    takenRooms.push({ roomId: m.roomId, range });
    slots.forEach((slot, t) => {
      if (!overlaps(slot, range)) return;
      (hostLocked[h] as Uint8Array)[t] = 1;
      (startupLocked[s] as Uint8Array)[t] = 1;
    });
  }

  const freeRooms = slots.map((slot) =>
    openRoomIds(event, slot).filter(
      (roomId) => !takenRooms.some((r) => r.roomId === roomId && overlaps(r.range, slot)),
    ),
  );

  const needs: NeedInfo[] = instance.needs.map((n) => ({
    id: n.id,
    hostIndex: hostIndexById.get(n.hostId) ?? -1,
    priority: n.priority,
    min: n.minMeetings,
    max: n.maxMeetings,
    minWeight: n.minMeetings >= 1 ? minimumWeight(n.priority, weights) : 0,
    scoreWeight: scoreWeight(n.priority),
    pairs: [],
  }));
  const startups: StartupInfo[] = instance.startups.map((s) => ({ id: s.id, max: s.maxMeetings, pairs: [] }));

  const scores = candidateScores(instance);
  const floors = instance.needs.map((n) => relevanceFloorOf(instance, n));
  const pinned = new Set(instance.pins.map((p) => pairKey(p.needId, p.startupId)));
  const pairRefs = new Map<string, { needId: string; startupId: string }>();
  for (const ref of [...instance.candidates, ...instance.pins]) {
    const key = pairKey(ref.needId, ref.startupId);
    if (!pairRefs.has(key)) pairRefs.set(key, { needId: ref.needId, startupId: ref.startupId });
  }

  const pairs: PairInfo[] = [];
  for (const [key, ref] of pairRefs) {
    if (bannedKeys.has(key) || lockedPairKeys.has(key)) continue;
    const n = needIndex.get(ref.needId);
    const s = startupIndex.get(ref.startupId);
    if (n === undefined || s === undefined) continue;
    const need = needs[n] as NeedInfo;
    const h = need.hostIndex;
    if (h < 0) continue;
    const score = scores.get(key) ?? 0;
    // Below the floor a meeting costs two people twenty minutes for little: only a pin may.
    if (!pinned.has(key) && score < (floors[n] ?? 0)) continue;
    const hostFree = hostAvailable[h] as Uint8Array;
    const hostBusy = hostLocked[h] as Uint8Array;
    const startupFree = startupAvailable[s] as Uint8Array;
    const startupBusy = startupLocked[s] as Uint8Array;
    const usable: number[] = [];
    for (let t = 0; t < T; t++) {
      if (hostFree[t] && !hostBusy[t] && startupFree[t] && !startupBusy[t] && (freeRooms[t]?.length ?? 0) > 0)
        usable.push(t);
    }
    const pair: PairInfo = {
      index: pairs.length,
      needIndex: n,
      startupIndex: s,
      hostIndex: h,
      score,
      value: need.scoreWeight * score,
      pinned: pinned.has(key),
      slots: usable,
    };
    pairs.push(pair);
    need.pairs.push(pair.index);
    (startups[s] as StartupInfo).pairs.push(pair.index);
  }

  return {
    instance,
    slots,
    freeRooms,
    hostIds,
    hostAvailable,
    startupAvailable,
    hostLocked,
    startupLocked,
    needs,
    startups,
    pairs,
    needIndex,
    startupIndex,
    kept,
    droppedLocked,
    lockedNeedCount,
    lockedStartupCount,
    lockedPairKeys,
    bannedKeys,
    weights,
  };
}

/** The meeting for pair `p` in slot `t` and room `roomId`. */
export function toMeeting(problem: Problem, p: PairInfo, t: number, roomId: string): Meeting {
  const need = problem.instance.needs[p.needIndex];
  const startup = problem.instance.startups[p.startupIndex];
  const slot = problem.slots[t];
  if (!need || !startup || !slot) throw new Error(`pair ${p.index} or slot ${t} out of range`);
  return {
    id: meetingId(problem.instance.event.id, need.id, startup.id),
    date: slot.date,
    start: slot.start,
    end: slot.end,
    roomId,
    needId: need.id,
    hostId: need.hostId,
    startupId: startup.id,
    score: p.score,
  };
}
