import { formatClock, overlaps, parseClock, toRange, type TimeRange } from './time-ranges';
import type { ScheduleEvent } from './types';

/** One meeting slot of the grid. */
export interface Slot extends TimeRange {
  readonly index: number;
  readonly start: string;
  readonly end: string;
}

/**
 * The slot grid: per day, per session, consecutive meetings of `meetingMinutes` separated by
 * `changeoverMinutes`, the last one ending no later than the session end. Slots are ordered by
 * date and time, so a slot's index is its position in that order.
 */
export function buildSlotGrid(event: ScheduleEvent): Slot[] {
  const slots: Slot[] = [];
  const days = [...event.days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const step = event.meetingMinutes + event.changeoverMinutes;
  for (const day of days) {
    const sessions = [...day.sessions].sort((a, b) => parseClock(a.start) - parseClock(b.start));
    for (const session of sessions) {
      const sessionEnd = parseClock(session.end);
      for (let start = parseClock(session.start); start + event.meetingMinutes <= sessionEnd; start += step) {
        const end = start + event.meetingMinutes;
        slots.push({
          index: slots.length,
          date: day.date,
          startMinute: start,
          endMinute: end,
          start: formatClock(start),
          end: formatClock(end),
        });
      }
    }
  }
  return slots;
}

/** Room ids open during `slot`, in the event's room order. */
export function openRoomIds(event: ScheduleEvent, slot: TimeRange): string[] {
  return event.rooms
    .filter((room) => !(room.closed ?? []).some((w) => overlaps(toRange(w), slot)))
    .map((room) => room.id);
}
