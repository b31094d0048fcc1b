import type { Meeting } from '../../scheduling';

/** One meeting's calendar state as last published (see `SchedulePointerRecord.calendar`). */
export interface CalendarState {
  readonly sequence: number;
  readonly cancelled: boolean;
  readonly meeting: Meeting;
}

/** A meeting id as a document key: '%', '.' and '$' percent-encoded (MongoDB keys may not hold '.' or start with '$'). */
export function calendarKeyOf(meetingId: string): string {
  return meetingId.replace(/%/g, '%25').replace(/\./g, '%2E').replace(/\$/g, '%24');
}

function sameTimeAndPlace(a: Meeting, b: Meeting): boolean {
  return a.date === b.date && a.start === b.start && a.end === b.end && a.roomId === b.roomId;
}

/**
 * The calendar after publishing `meetings`: a new meeting starts at SEQUENCE 0; a meeting that moved
 * (date, time or room) or comes back after a cancellation gets SEQUENCE + 1; a meeting of the earlier
 * calendar that is no longer scheduled becomes cancelled with SEQUENCE + 1 (once). Pure.
 */
export function nextCalendar(
  previous: Readonly<Record<string, CalendarState>>,
  meetings: readonly Meeting[],
): Record<string, CalendarState> {
  const next: Record<string, CalendarState> = {};
  for (const meeting of meetings) {
    const key = calendarKeyOf(meeting.id);
    const before = Object.hasOwn(previous, key) ? previous[key] : undefined;
    if (!before) next[key] = { sequence: 0, cancelled: false, meeting };
    else if (before.cancelled || !sameTimeAndPlace(before.meeting, meeting))
      next[key] = { sequence: before.sequence + 1, cancelled: false, meeting };
    else next[key] = { sequence: before.sequence, cancelled: false, meeting };
  }
  for (const [key, before] of Object.entries(previous)) {
    if (Object.hasOwn(next, key)) continue;
    next[key] = before.cancelled
      ? before
      : { sequence: before.sequence + 1, cancelled: true, meeting: before.meeting };
  }
  return next;
}
