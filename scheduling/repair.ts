import { Assignment } from './assignment';
import { pairKey } from './meeting-id';
import { compileProblem } from './problem';
import { toResult } from './result';
import { buildSchedule } from './schedule';
import { overlaps, toRange, type TimeRange } from './time-ranges';
import type {
  BuildOptions,
  DatedWindow,
  Meeting,
  ScheduleChange,
  ScheduleInstance,
  ScheduleResult,
} from './types';

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

function closedWindows(
  instance: ScheduleInstance,
  change: Extract<ScheduleChange, { kind: 'close-room' }>,
): DatedWindow[] {
  const dates = change.date ? [change.date] : instance.event.days.map((d) => d.date);
  return dates.map((date) => ({ date, start: change.start ?? '00:00', end: change.end ?? '24:00' }));
}

/** The instance after `change`, as a new object (the input is not mutated). */
export function applyChange(instance: ScheduleInstance, change: ScheduleChange): ScheduleInstance {
  const samePair = (p: { needId: string; startupId: string }) =>
    'startupId' in change &&
    'needId' in change &&
    p.needId === change.needId &&
    p.startupId === change.startupId;
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
    case 'cancel-need': {
      const keep = (p: { needId: string }) => p.needId !== change.needId;
      const hostId = instance.needs.find((n) => n.id === change.needId)?.hostId;
      const needs = instance.needs.filter((n) => n.id !== change.needId);
      return {
        ...instance,
        // A host without needs left has nothing to host.
        hosts: instance.hosts.filter((h) => h.id !== hostId || needs.some((n) => n.hostId === hostId)),
        needs,
        candidates: instance.candidates.filter(keep),
        pins: instance.pins.filter(keep),
        bans: instance.bans.filter(keep),
        locked: instance.locked.filter(keep),
      };
    }
    case 'cancel-meeting':
      // Not a ban: undoing the cancellation (dropping the change) lets the pair meet again.
      return {
        ...instance,
        candidates: instance.candidates.filter((c) => !samePair(c)),
        pins: instance.pins.filter((p) => !samePair(p)),
        locked: instance.locked.filter((m) => !samePair(m)),
      };
    case 'close-room': {
      const windows = closedWindows(instance, change);
      const ranges = windows.map(toRange);
      return {
        ...instance,
        event: {
          ...instance.event,
          rooms: instance.event.rooms.map((r) =>
            r.id === change.roomId ? { ...r, closed: [...(r.closed ?? []), ...windows] } : r,
          ),
        },
        locked: instance.locked.filter(
          (m) => !(m.roomId === change.roomId && ranges.some((w) => overlaps(w, toRange(m)))),
        ),
      };
    }
    case 'add-pin':
      return {
        ...instance,
        pins: instance.pins.some(samePair)
          ? instance.pins
          : [...instance.pins, { needId: change.needId, startupId: change.startupId }],
        bans: instance.bans.filter((b) => !samePair(b)),
      };
    case 'add-ban':
      return {
        ...instance,
        bans: instance.bans.some(samePair)
          ? instance.bans
          : [...instance.bans, { needId: change.needId, startupId: change.startupId }],
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
    case 'cancel-need':
      return m.needId === change.needId;
    case 'close-room': {
      const range: TimeRange = toRange(m);
      return (
        m.roomId === change.roomId && closedWindows(instance, change).some((w) => overlaps(toRange(w), range))
      );
    }
    case 'add-ban':
    case 'cancel-meeting':
      return m.needId === change.needId && m.startupId === change.startupId;
    case 'add-pin':
      return false;
  }
}

/** What happened to each of `previous` in `meetings` (by meeting id): kept in place, moved, dropped; and what is new. */
export function diffMeetings(
  previous: readonly Meeting[],
  meetings: readonly Meeting[],
): Omit<RepairResult, 'result' | 'instance'> {
  const now = new Map(meetings.map((m) => [m.id, m]));
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
  return { kept, moved, dropped, added: meetings.filter((m) => !before.has(m.id)) };
}

/**
 * The result of exactly `meetings` on `instance` (a hand edit: a moved or restored meeting):
 * objective, bound and shortfall reasons, with nothing added or moved. A meeting the instance no
 * longer allows is reported in `droppedLocked` (callers check the edit first, see move-check.ts).
 */
export function resultOfMeetings(instance: ScheduleInstance, meetings: readonly Meeting[]): ScheduleResult {
  const problem = compileProblem({ ...instance, locked: meetings });
  return toResult(problem, new Assignment(problem), { kind: 'heuristic' });
}

function solveWithLocked(
  changed: ScheduleInstance,
  locked: readonly Meeting[],
  options: BuildOptions,
): ScheduleResult {
  const ids = new Set(locked.map((m) => m.id));
  return buildSchedule(
    { ...changed, locked: [...locked, ...changed.locked.filter((m) => !ids.has(m.id))] },
    options,
  );
}

/** How many slots an added pin may try to clear before giving up. */
const PIN_SLOT_TRIES = 3;

/**
 * An added pin that does not fit around the kept meetings: clear one slot the pair can use by
 * unlocking the host's and the startup's meetings there (and, at a cap, their lowest-scored
 * meeting), fewest and cheapest blockers first. Those few meetings are the ones the change touches;
 * they move or drop, everything else stays. Null when no tried slot makes the pin fit.
 */
function makeRoomForPin(
  changed: ScheduleInstance,
  untouched: readonly Meeting[],
  change: Extract<ScheduleChange, { kind: 'add-pin' }>,
  options: BuildOptions,
): ScheduleResult | null {
  const problem = compileProblem(changed);
  const pinKey = pairKey(change.needId, change.startupId);
  const pair = problem.pairs.find(
    (p) =>
      pairKey(problem.needs[p.needIndex]?.id ?? '', problem.startups[p.startupIndex]?.id ?? '') === pinKey,
  );
  const need = changed.needs.find((n) => n.id === change.needId);
  const startup = changed.startups.find((s) => s.id === change.startupId);
  if (!pair || !need || !startup) return null;
  const cheapest = (list: readonly Meeting[]) => [...list].sort((a, b) => a.score - b.score)[0];
  const options_ = pair.slots
    .map((t) => {
      const slot = problem.slots[t];
      const blockers = slot
        ? untouched.filter(
            (m) => (m.hostId === need.hostId || m.startupId === startup.id) && overlaps(toRange(m), slot),
          )
        : [];
      return { blockers, cost: blockers.reduce((sum, m) => sum + m.score, 0) };
    })
    .sort((a, b) => a.blockers.length - b.blockers.length || a.cost - b.cost);
  for (const { blockers } of options_.slice(0, PIN_SLOT_TRIES)) {
    const loose = new Set(blockers.map((m) => m.id));
    const rest = untouched.filter((m) => !loose.has(m.id));
    const needFull =
      rest.filter((m) => m.needId === need.id).length >= need.maxMeetings
        ? cheapest(rest.filter((m) => m.needId === need.id))
        : undefined;
    const startupFull =
      rest.filter((m) => m.startupId === startup.id).length >= startup.maxMeetings
        ? cheapest(rest.filter((m) => m.startupId === startup.id))
        : undefined;
    for (const m of [needFull, startupFull]) if (m) loose.add(m.id);
    const retry = solveWithLocked(
      changed,
      untouched.filter((m) => !loose.has(m.id)),
      options,
    );
    if (retry.meetings.some((m) => pairKey(m.needId, m.startupId) === pinKey)) return retry;
  }
  return null;
}

/**
 * Repairs `previous` after `change`: every previous meeting the change does not touch is locked
 * where it is, so it cannot move; the touched ones go, and the freed slots and caps are refilled
 * from the next-best candidates by the heuristic. An added pin that cannot fit around the locked
 * meetings gets one slot cleared of its host's and startup's meetings (see `makeRoomForPin`).
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
  if (
    change.kind === 'add-pin' &&
    result.unmetPins.some((p) => p.needId === change.needId && p.startupId === change.startupId)
  ) {
    result = makeRoomForPin(changed, untouched, change, options) ?? result;
  }
  return { result, instance: changed, ...diffMeetings(previous, result.meetings) };
}
