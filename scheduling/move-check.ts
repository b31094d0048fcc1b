import { meetingId, pairKey } from './meeting-id';
import { buildSlotGrid } from './slot-grid';
import { containedIn, overlaps, toRange, type TimeRange } from './time-ranges';
import type { Meeting, ScheduleInstance } from './types';

/** Where a meeting should go: a slot start on a date, and a room (table). */
export interface Placement {
  readonly date: string;
  readonly start: string;
  readonly roomId: string;
}

/**
 * Why a meeting cannot go where it was asked to, as a code with its parameters and the request
 * field it concerns (`date`, `start`, `roomId`, or `meeting` for the meeting itself). `message`
 * says it in words with names, e.g. "Bord 2 is taken 09:25–09:45 by Rena golv ↔ Fuktvakt AB".
 */
export type PlacementClash = {
  readonly field: 'date' | 'start' | 'roomId' | 'meeting';
  readonly message: string;
} & (
  | {
      readonly code: 'not-a-slot';
      readonly date: string;
      readonly start: string;
      readonly slotStarts: string[];
    }
  | { readonly code: 'unknown-room'; readonly roomId: string }
  | { readonly code: 'room-closed'; readonly roomId: string }
  | { readonly code: 'room-taken'; readonly roomId: string; readonly meetingId: string }
  | { readonly code: 'host-busy'; readonly hostId: string; readonly meetingId: string }
  | { readonly code: 'startup-busy'; readonly startupId: string; readonly meetingId: string }
  | { readonly code: 'host-unavailable'; readonly hostId: string }
  | { readonly code: 'startup-unavailable'; readonly startupId: string }
  | { readonly code: 'need-gone'; readonly needId: string }
  | { readonly code: 'startup-gone'; readonly startupId: string }
  | { readonly code: 'need-full'; readonly needId: string; readonly maxMeetings: number }
  | { readonly code: 'startup-full'; readonly startupId: string; readonly maxMeetings: number }
  | { readonly code: 'pair-banned'; readonly needId: string; readonly startupId: string }
  | { readonly code: 'pair-meets'; readonly meetingId: string }
);

/** The schedule with the meeting placed, or every clash that prevents it. */
export type PlacementCheck =
  | { readonly ok: true; readonly meeting: Meeting; readonly meetings: Meeting[] }
  | { readonly ok: false; readonly clashes: PlacementClash[] };

function sorted(meetings: readonly Meeting[]): Meeting[] {
  return [...meetings].sort((a, b) => (a.date + a.start + a.roomId < b.date + b.start + b.roomId ? -1 : 1));
}

/** Names for messages: a participant's or room's name where the instance has one, else its id. */
function namer(instance: ScheduleInstance) {
  const needs = new Map(instance.needs.map((n) => [n.id, n.title ?? n.id]));
  const hosts = new Map(instance.hosts.map((h) => [h.id, h.name ?? h.id]));
  const startups = new Map(instance.startups.map((s) => [s.id, s.name ?? s.id]));
  const rooms = new Map(instance.event.rooms.map((r) => [r.id, r.name ?? r.id]));
  return {
    need: (id: string) => needs.get(id) ?? id,
    host: (id: string) => hosts.get(id) ?? id,
    startup: (id: string) => startups.get(id) ?? id,
    room: (id: string) => rooms.get(id) ?? id,
    meeting: (m: Meeting) =>
      `${needs.get(m.needId) ?? m.needId} ↔ ${startups.get(m.startupId) ?? m.startupId} (${m.start}–${m.end}, ${rooms.get(m.roomId) ?? m.roomId})`,
  };
}

/**
 * Every clash of `meeting` (already at its new date, time and room) with the instance and with
 * `others` (the rest of the schedule): slot grid, room, both sides' availability and other
 * meetings. Caps and the pair itself are checked by the callers that add a meeting.
 */
function placementClashes(
  instance: ScheduleInstance,
  others: readonly Meeting[],
  meeting: Meeting,
): PlacementClash[] {
  const names = namer(instance);
  const clashes: PlacementClash[] = [];
  const slotStarts = buildSlotGrid(instance.event)
    .filter((slot) => slot.date === meeting.date)
    .map((slot) => slot.start);
  if (!slotStarts.includes(meeting.start)) {
    const dayKnown = slotStarts.length > 0;
    clashes.push({
      code: 'not-a-slot',
      field: dayKnown ? 'start' : 'date',
      date: meeting.date,
      start: meeting.start,
      slotStarts,
      message: dayKnown
        ? `${meeting.start} is not a meeting start on ${meeting.date}; the slots start at ${slotStarts.join(', ')}`
        : `${meeting.date} is not a day of the event`,
    });
    return clashes;
  }
  const range: TimeRange = toRange(meeting);
  const room = instance.event.rooms.find((r) => r.id === meeting.roomId);
  if (!room)
    clashes.push({
      code: 'unknown-room',
      field: 'roomId',
      roomId: meeting.roomId,
      message: `the event has no table (room) ${meeting.roomId}`,
    });
  else if ((room.closed ?? []).some((w) => overlaps(toRange(w), range)))
    clashes.push({
      code: 'room-closed',
      field: 'roomId',
      roomId: room.id,
      message: `${names.room(room.id)} is closed ${meeting.date} ${meeting.start}–${meeting.end}`,
    });
  const host = instance.hosts.find((h) => h.id === meeting.hostId);
  if (host?.availability && !containedIn(range, host.availability.map(toRange)))
    clashes.push({
      code: 'host-unavailable',
      field: 'start',
      hostId: host.id,
      message: `${names.host(host.id)} (host) is not available ${meeting.date} ${meeting.start}–${meeting.end}`,
    });
  const startup = instance.startups.find((s) => s.id === meeting.startupId);
  if (startup?.availability && !containedIn(range, startup.availability.map(toRange)))
    clashes.push({
      code: 'startup-unavailable',
      field: 'start',
      startupId: startup.id,
      message: `${names.startup(startup.id)} is not available ${meeting.date} ${meeting.start}–${meeting.end}`,
    });
  for (const other of others) {
    if (!overlaps(toRange(other), range)) continue;
    if (other.roomId === meeting.roomId)
      clashes.push({
        code: 'room-taken',
        field: 'roomId',
        roomId: other.roomId,
        meetingId: other.id,
        message: `${names.room(other.roomId)} is taken then by ${names.meeting(other)}`,
      });
    if (other.hostId === meeting.hostId)
      clashes.push({
        code: 'host-busy',
        field: 'start',
        hostId: other.hostId,
        meetingId: other.id,
        message: `${names.host(other.hostId)} (host) is busy then in ${names.meeting(other)}`,
      });
    if (other.startupId === meeting.startupId)
      clashes.push({
        code: 'startup-busy',
        field: 'start',
        startupId: other.startupId,
        meetingId: other.id,
        message: `${names.startup(other.startupId)} is busy then in ${names.meeting(other)}`,
      });
  }
  return clashes;
}

function endOf(instance: ScheduleInstance, start: string): string {
  const minutes = Number(start.slice(0, 2)) * 60 + Number(start.slice(3, 5)) + instance.event.meetingMinutes;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * Moves the meeting `id` of `meetings` to `target` by hand, checking every hard constraint against
 * the instance and the other meetings; nothing else changes. The meeting keeps its pair, host and
 * score. Pure; throws only when `id` is not in `meetings` (callers look it up first).
 */
export function checkMove(
  instance: ScheduleInstance,
  meetings: readonly Meeting[],
  id: string,
  target: Placement,
): PlacementCheck {
  const current = meetings.find((m) => m.id === id);
  if (!current) throw new Error(`meeting ${id} is not in the schedule`);
  const others = meetings.filter((m) => m.id !== id);
  const moved: Meeting = {
    ...current,
    date: target.date,
    start: target.start,
    end: endOf(instance, target.start),
    roomId: target.roomId,
  };
  const clashes = placementClashes(instance, others, moved);
  return clashes.length > 0
    ? { ok: false, clashes }
    : { ok: true, meeting: moved, meetings: sorted([...others, moved]) };
}

/**
 * Puts a cancelled meeting back where it was (`meeting`'s date, time and room), if that place and
 * both sides are still free, both are still in the event, the pair is not banned, does not meet
 * elsewhere, and neither side is at its meeting cap. Nothing else changes. Pure.
 */
export function checkRestore(
  instance: ScheduleInstance,
  meetings: readonly Meeting[],
  meeting: Meeting,
): PlacementCheck {
  const names = namer(instance);
  const need = instance.needs.find((n) => n.id === meeting.needId);
  const startup = instance.startups.find((s) => s.id === meeting.startupId);
  const clashes: PlacementClash[] = [];
  if (!need)
    clashes.push({
      code: 'need-gone',
      field: 'meeting',
      needId: meeting.needId,
      message: `need ${meeting.needId} is no longer part of the event`,
    });
  if (!startup)
    clashes.push({
      code: 'startup-gone',
      field: 'meeting',
      startupId: meeting.startupId,
      message: `startup ${meeting.startupId} is no longer part of the event`,
    });
  if (!need || !startup) return { ok: false, clashes };
  const restored: Meeting = {
    ...meeting,
    id: meetingId(instance.event.id, need.id, startup.id),
    hostId: need.hostId,
    end: endOf(instance, meeting.start),
  };
  const key = pairKey(need.id, startup.id);
  if (instance.bans.some((b) => pairKey(b.needId, b.startupId) === key))
    clashes.push({
      code: 'pair-banned',
      field: 'meeting',
      needId: need.id,
      startupId: startup.id,
      message: `${names.need(need.id)} ↔ ${names.startup(startup.id)} is banned`,
    });
  const again = meetings.find((m) => pairKey(m.needId, m.startupId) === key);
  if (again)
    clashes.push({
      code: 'pair-meets',
      field: 'meeting',
      meetingId: again.id,
      message: `the pair already meets: ${names.meeting(again)}`,
    });
  const needMeetings = meetings.filter((m) => m.needId === need.id).length;
  if (needMeetings >= need.maxMeetings)
    clashes.push({
      code: 'need-full',
      field: 'meeting',
      needId: need.id,
      maxMeetings: need.maxMeetings,
      message: `${names.need(need.id)} already has its maximum of ${need.maxMeetings} meetings`,
    });
  const startupMeetings = meetings.filter((m) => m.startupId === startup.id).length;
  if (startupMeetings >= startup.maxMeetings)
    clashes.push({
      code: 'startup-full',
      field: 'meeting',
      startupId: startup.id,
      maxMeetings: startup.maxMeetings,
      message: `${names.startup(startup.id)} already has its maximum of ${startup.maxMeetings} meetings`,
    });
  clashes.push(...placementClashes(instance, meetings, restored));
  return clashes.length > 0
    ? { ok: false, clashes }
    : { ok: true, meeting: restored, meetings: sorted([...meetings, restored]) };
}
