import { pairKey } from './meeting-id';
import { relevanceFloorOf } from './relevance';
import { containedIn, overlaps, parseClock, toRange, type TimeRange } from './time-ranges';
import type { Meeting, ScheduleInstance } from './types';

function describe(m: Meeting): string {
  return `${m.id} (${m.date} ${m.start}–${m.end}, room ${m.roomId})`;
}

function safeRange(m: Meeting): TimeRange | null {
  try {
    return toRange(m);
  } catch {
    return null;
  }
}

/**
 * Every hard-constraint violation of `meetings` against `instance`, in words; empty when the
 * schedule is valid. Independent of the solvers: it re-derives everything from the instance.
 * Checks: known need/startup/host/room, id unique, duration = meetingMinutes, inside a session,
 * room open, inside both sides' availability, nobody (host across all their needs, startup, room)
 * in two overlapping meetings, need and startup caps, a pair meets once, only candidates at or
 * above their need's relevance floor, pinned or locked pairs meet, bans never, and locked meetings that are still valid stay where they were.
 */
export function checkSchedule(instance: ScheduleInstance, meetings: readonly Meeting[]): string[] {
  const violations: string[] = [];
  const event = instance.event;
  const needs = new Map(instance.needs.map((n) => [n.id, n]));
  const startups = new Map(instance.startups.map((s) => [s.id, s]));
  const hosts = new Map(instance.hosts.map((h) => [h.id, h]));
  const rooms = new Map(event.rooms.map((r) => [r.id, r]));
  const sessions = event.days.flatMap((d) => d.sessions.map((s) => toRange({ date: d.date, ...s })));
  const floors = new Map(instance.needs.map((n) => [n.id, relevanceFloorOf(instance, n)]));
  const aboveFloor = instance.candidates.filter((c) => c.score >= (floors.get(c.needId) ?? 0));
  const allowed = new Set(
    [...aboveFloor, ...instance.pins, ...instance.locked].map((p) => pairKey(p.needId, p.startupId)),
  );
  const banned = new Set(instance.bans.map((b) => pairKey(b.needId, b.startupId)));

  const ids = new Set<string>();
  const pairs = new Set<string>();
  const needCount = new Map<string, number>();
  const startupCount = new Map<string, number>();
  const valid: { m: Meeting; range: TimeRange }[] = [];

  for (const m of meetings) {
    if (ids.has(m.id)) violations.push(`meeting id ${m.id} is used twice`);
    ids.add(m.id);
    const need = needs.get(m.needId);
    const startup = startups.get(m.startupId);
    if (!need) violations.push(`${describe(m)}: unknown need ${m.needId}`);
    if (!startup) violations.push(`${describe(m)}: unknown startup ${m.startupId}`);
    if (need && need.hostId !== m.hostId)
      violations.push(`${describe(m)}: need ${m.needId} is hosted by ${need.hostId}, not ${m.hostId}`);
    const host = hosts.get(m.hostId);
    if (!host) violations.push(`${describe(m)}: unknown host ${m.hostId}`);
    const key = pairKey(m.needId, m.startupId);
    if (pairs.has(key))
      violations.push(`${describe(m)}: need ${m.needId} meets startup ${m.startupId} more than once`);
    pairs.add(key);
    if (!allowed.has(key))
      violations.push(
        `${describe(m)}: ${m.needId} × ${m.startupId} is neither a candidate at or above the relevance floor nor a pin`,
      );
    if (banned.has(key)) violations.push(`${describe(m)}: ${m.needId} × ${m.startupId} is banned`);
    needCount.set(m.needId, (needCount.get(m.needId) ?? 0) + 1);
    startupCount.set(m.startupId, (startupCount.get(m.startupId) ?? 0) + 1);

    const range = safeRange(m);
    if (!range) {
      violations.push(`${describe(m)}: malformed time`);
      continue;
    }
    if (range.endMinute - range.startMinute !== event.meetingMinutes)
      violations.push(
        `${describe(m)}: lasts ${range.endMinute - range.startMinute} minutes, not ${event.meetingMinutes}`,
      );
    if (!containedIn(range, sessions)) violations.push(`${describe(m)}: not inside a session of the event`);
    const room = rooms.get(m.roomId);
    if (!room) violations.push(`${describe(m)}: unknown room ${m.roomId}`);
    else if ((room.closed ?? []).some((w) => overlaps(toRange(w), range)))
      violations.push(`${describe(m)}: room ${m.roomId} is closed then`);
    if (host?.availability && !containedIn(range, host.availability.map(toRange)))
      violations.push(`${describe(m)}: host ${m.hostId} is not available then`);
    if (startup?.availability && !containedIn(range, startup.availability.map(toRange)))
      violations.push(`${describe(m)}: startup ${m.startupId} is not available then`);
    valid.push({ m, range });
  }

  valid.sort((a, b) =>
    a.range.date < b.range.date
      ? -1
      : a.range.date > b.range.date
        ? 1
        : a.range.startMinute - b.range.startMinute,
  );
  for (let i = 0; i < valid.length; i++) {
    const a = valid[i];
    if (!a) continue;
    for (let j = i + 1; j < valid.length; j++) {
      const b = valid[j];
      if (!b || b.range.date !== a.range.date || b.range.startMinute >= a.range.endMinute) break;
      if (!overlaps(a.range, b.range)) continue;
      if (a.m.roomId === b.m.roomId)
        violations.push(`room ${a.m.roomId} holds two meetings at once: ${a.m.id} and ${b.m.id}`);
      if (a.m.hostId === b.m.hostId)
        violations.push(`host ${a.m.hostId} is in two meetings at once: ${a.m.id} and ${b.m.id}`);
      if (a.m.startupId === b.m.startupId)
        violations.push(`startup ${a.m.startupId} is in two meetings at once: ${a.m.id} and ${b.m.id}`);
    }
  }

  for (const [needId, count] of needCount) {
    const need = needs.get(needId);
    if (need && count > need.maxMeetings)
      violations.push(`need ${needId} has ${count} meetings, above its maximum of ${need.maxMeetings}`);
  }
  for (const [startupId, count] of startupCount) {
    const startup = startups.get(startupId);
    if (startup && count > startup.maxMeetings)
      violations.push(
        `startup ${startupId} has ${count} meetings, above its maximum of ${startup.maxMeetings}`,
      );
  }

  const byId = new Map(meetings.map((m) => [m.id, m]));
  for (const locked of instance.locked) {
    const now = byId.get(locked.id);
    if (now) {
      // An invalid locked meeting (its room closed, say) may be re-placed elsewhere: that is a repair.
      if (
        (now.date !== locked.date || now.start !== locked.start || now.roomId !== locked.roomId) &&
        lockedStillValid(instance, locked)
      ) {
        violations.push(
          `locked meeting ${locked.id} moved from ${locked.date} ${locked.start} room ${locked.roomId} to ${now.date} ${now.start} room ${now.roomId}`,
        );
      }
    } else if (lockedStillValid(instance, locked)) {
      violations.push(
        `locked meeting ${describe(locked)} is missing though its participants, room and times are still valid`,
      );
    }
  }
  return violations;
}

/** A locked meeting may only disappear when its participants, room or times no longer allow it. */
function lockedStillValid(instance: ScheduleInstance, m: Meeting): boolean {
  const need = instance.needs.find((n) => n.id === m.needId);
  const startup = instance.startups.find((s) => s.id === m.startupId);
  const host = instance.hosts.find((h) => h.id === m.hostId);
  const room = instance.event.rooms.find((r) => r.id === m.roomId);
  if (!need || !startup || !host || !room || need.hostId !== m.hostId) return false;
  if (instance.bans.some((b) => b.needId === m.needId && b.startupId === m.startupId)) return false;
  const range = safeRange(m);
  if (!range || parseClock(m.end) - parseClock(m.start) !== instance.event.meetingMinutes) return false;
  const sessions = instance.event.days.flatMap((d) => d.sessions.map((s) => toRange({ date: d.date, ...s })));
  if (!containedIn(range, sessions)) return false;
  if ((room.closed ?? []).some((w) => overlaps(toRange(w), range))) return false;
  if (host.availability && !containedIn(range, host.availability.map(toRange))) return false;
  if (startup.availability && !containedIn(range, startup.availability.map(toRange))) return false;
  // Locked meetings that clash with each other or exceed caps cannot all stay; the solver keeps the
  // earlier ones in list order, so a later clashing one may go.
  const index = instance.locked.indexOf(m);
  const earlier = instance.locked.slice(0, index).filter((k) => lockedStillValidShallow(instance, k));
  const clash = earlier.some((k) => {
    const r = safeRange(k);
    return (
      r !== null &&
      overlaps(r, range) &&
      (k.roomId === m.roomId || k.hostId === m.hostId || k.startupId === m.startupId)
    );
  });
  const needFull = earlier.filter((k) => k.needId === m.needId).length >= need.maxMeetings;
  const startupFull = earlier.filter((k) => k.startupId === m.startupId).length >= startup.maxMeetings;
  const samePair = earlier.some((k) => k.needId === m.needId && k.startupId === m.startupId);
  return !clash && !needFull && !startupFull && !samePair;
}

function lockedStillValidShallow(instance: ScheduleInstance, m: Meeting): boolean {
  const need = instance.needs.find((n) => n.id === m.needId);
  return (
    !!need &&
    instance.startups.some((s) => s.id === m.startupId) &&
    instance.event.rooms.some((r) => r.id === m.roomId)
  );
}
