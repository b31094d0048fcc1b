import { pairKey } from './meeting-id';
import { buildSchedule } from './schedule';
import { overlaps, toRange, type TimeRange } from './time-ranges';
import type { BuildOptions, DatedWindow, Meeting, ScheduleChange, ScheduleInstance, ScheduleResult } from './types';

export interface RepairResult {
  readonly result: ScheduleResult;
  /** The instance after the change; its `locked` no longer holds meetings the change invalidated. */
  readonly instance: ScheduleInstance;
  /** Previous meetings that stay exactly where they were. */
  readonly kept: Meeting[];
  /** Previous meetings (same pair) now at another date, time or room. */
  readonly moved: Meeting[];
  /** New meetings. */
  readonly added: Meeting[];
  /** Previous meetings that no longer take place. */
  readonly dropped: Meeting[];
}

function closedWindows(instance: ScheduleInstance, change: Extract<ScheduleChange, { kind: 'close-room' }>): DatedWindow[] {
  const dates = change.date ? [change.date] : instance.event.days.map((d) => d.date);
  return dates.map((date) => ({ date, start: change.start ?? '00:00', end: change.end ?? '24:00' }));
}

/** The instance after `change`, as a new object (the input is not mutated). */
export function applyChange(instance: ScheduleInstance, change: ScheduleChange): ScheduleInstance {
  const samePair = (p: { needId: string; startupId: string }) =>
    'needId' in change && p.needId === change.needId && p.startupId === change.startupId;
  switch (change.kind) {
    case 'cancel-startup': {
      const keep = (p: { startupId: string }) => p.startupId !== change.startupId;
      return {
        ...instance,
        startups: instance.startups.filter((s) => s.id !== change.startupId),
        candidates: instance.candidates.filter(keep),
        pins: instance.pins.filter(keep),
        bans: instance.bans.filter(keep),
        locked: instance.locked.filter(keep),
      };
    }
    case 'cancel-host': {
      const gone = new Set(instance.needs.filter((n) => n.hostId === change.hostId).map((n) => n.id));
      const keep = (p: { needId: string }) => !gone.has(p.needId);
      return {
        ...instance,
        hosts: instance.hosts.filter((h) => h.id !== change.hostId),
        needs: instance.needs.filter((n) => n.hostId !== change.hostId),
        candidates: instance.candidates.filter(keep),
        pins: instance.pins.filter(keep),
        bans: instance.bans.filter(keep),
        locked: instance.locked.filter(keep),
      };
    }
    case 'close-room': {
      const windows = closedWindows(instance, change);
      const ranges = windows.map(toRange);
      return {
        ...instance,
        event: {
          ...instance.event,
          rooms: instance.event.rooms.map((r) => (r.id === change.roomId ? { ...r, closed: [...(r.closed ?? []), ...windows] } : r)),
        },
        locked: instance.locked.filter((m) => !(m.roomId === change.roomId && ranges.some((w) => overlaps(w, toRange(m))))),
      };
    }
    case 'add-pin':
      return {
        ...instance,
        pins: instance.pins.some(samePair) ? instance.pins : [...instance.pins, { needId: change.needId, startupId: change.startupId }],
        bans: instance.bans.filter((b) => !samePair(b)),
      };
    case 'add-ban':
      return {
        ...instance,
        bans: instance.bans.some(samePair) ? instance.bans : [...instance.bans, { needId: change.needId, startupId: change.startupId }],
        pins: instance.pins.filter((p) => !samePair(p)),
        locked: instance.locked.filter((m) => !samePair(m)),
      };
  }
}

/** True when the change itself invalidates meeting m (its participant cancelled, its room closed, its pair banned). */
export function touchedBy(change: ScheduleChange, instance: ScheduleInstance, m: Meeting): boolean {
  switch (change.kind) {
    case 'cancel-startup':
      return m.startupId === change.startupId;
    case 'cancel-host':
      return m.hostId === change.hostId;
    case 'close-room': {
      const range: TimeRange = toRange(m);
      return m.roomId === change.roomId && closedWindows(instance, change).some((w) => overlaps(toRange(w), range));
    }
    case 'add-ban':
      return m.needId === change.needId && m.startupId === change.startupId;
    case 'add-pin':
      return false;
  }
}

function diff(previous: readonly Meeting[], result: ScheduleResult): Omit<RepairResult, 'result' | 'instance'> {
  const now = new Map(result.meetings.map((m) => [m.id, m]));
  const before = new Set(previous.map((m) => m.id));
  const kept: Meeting[] = [];
  const moved: Meeting[] = [];
  const dropped: Meeting[] = [];
  for (const m of previous) {
    const next = now.get(m.id);
    if (!next) dropped.push(m);
    else if (next.date === m.date && next.start === m.start && next.roomId === m.roomId) kept.push(next);
    else moved.push(next);
  }
  return { kept, moved, dropped, added: result.meetings.filter((m) => !before.has(m.id)) };
}

function solveWithLocked(changed: ScheduleInstance, locked: readonly Meeting[], options: BuildOptions): ScheduleResult {
  const ids = new Set(locked.map((m) => m.id));
  return buildSchedule({ ...changed, locked: [...locked, ...changed.locked.filter((m) => !ids.has(m.id))] }, options);
}

/**
 * Repairs `previous` after `change`: every previous meeting the change does not touch is locked
 * where it is, so it cannot move; the touched ones go, and the freed slots and caps are refilled
 * from the next-best candidates by the heuristic. An added pin that cannot fit around the locked
 * meetings is retried with the pin's host's and startup's meetings unlocked (those are the
 * participants of the change); that retry is kept only if the pin is then met.
 */
export function repairSchedule(
  instance: ScheduleInstance,
  previous: readonly Meeting[],
  change: ScheduleChange,
  options: BuildOptions = {},
): RepairResult {
  const changed = applyChange(instance, change);
  const untouched = previous.filter((m) => !touchedBy(change, instance, m));
  let result = solveWithLocked(changed, untouched, options);
  if (change.kind === 'add-pin' && result.unmetPins.some((p) => p.needId === change.needId && p.startupId === change.startupId)) {
    const hostId = changed.needs.find((n) => n.id === change.needId)?.hostId;
    const loose = untouched.filter((m) => m.hostId !== hostId && m.startupId !== change.startupId);
    const retry = solveWithLocked(changed, loose, options);
    const pinned = pairKey(change.needId, change.startupId);
    if (retry.meetings.some((m) => pairKey(m.needId, m.startupId) === pinned)) result = retry;
  }
  return { result, instance: changed, ...diff(previous, result) };
}
