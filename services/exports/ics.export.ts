import type { Meeting } from '../../scheduling';
import { escapeIcsText, foldIcsLine } from './ics-text';
import {
  hostContactText,
  hostLabel,
  needTitle,
  roomName,
  startupContactText,
  startupName,
  type ExportEvent,
  type ScheduleLabels,
} from './labels';
import { icsUtc, zonedTimeToUtc } from './zoned-time';

/** One meeting as a calendar entry: its SEQUENCE and whether it still takes place. */
export interface IcsEntry {
  readonly meeting: Meeting;
  /** RFC 5545 revision number; raise it whenever the meeting changes or is cancelled. Minimum 0. */
  readonly sequence: number;
  /** `CANCELLED` for a meeting of an earlier published version that is no longer in the current one. */
  readonly status: 'CONFIRMED' | 'CANCELLED';
}

/** Options of {@link renderIcs}. */
export interface IcsOptions {
  /** DTSTAMP of every VEVENT (when this calendar was made); the caller passes the clock. */
  readonly now: Date;
  /** Right-hand side of every UID. @default "matchmaker" */
  readonly uidDomain?: string;
  /** X-WR-CALNAME shown by calendar apps. @default the event name */
  readonly calendarName?: string;
  /** For a subscribed feed: how often calendar apps should fetch it again (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
  readonly refreshMinutes?: number;
}

/** The meetings of one event in a calendar of one or more events. */
export interface IcsCalendarPart {
  readonly event: ExportEvent;
  readonly entries: readonly IcsEntry[];
  readonly labels: ScheduleLabels;
}

/** The calendar UID of a meeting: its stable id (event, need, startup) plus a domain part. */
export function meetingUid(meeting: Pick<Meeting, 'id'>, uidDomain = 'matchmaker'): string {
  return `${meeting.id}@${uidDomain}`;
}

/**
 * An RFC 5545 VCALENDAR (METHOD:PUBLISH) with one VEVENT per entry. Times are written in UTC,
 * computed from the event's wall-clock times and timezone, so no VTIMEZONE is needed and every
 * client shows the right instant across DST changes. Lines end in CRLF and are folded at 75 octets.
 */
export function renderIcs(
  event: ExportEvent,
  entries: readonly IcsEntry[],
  labels: ScheduleLabels,
  options: IcsOptions,
): string {
  return renderIcsCalendar([{ event, entries, labels }], {
    ...options,
    calendarName: options.calendarName ?? event.name,
  });
}

function contactLines(labels: ScheduleLabels, meeting: Meeting): string[] {
  const organisation = labels.needs.get(meeting.needId)?.organisation;
  const host = hostContactText(labels, meeting.needId);
  const startup = startupContactText(labels, meeting.startupId);
  return [
    ...(organisation ? [`Organisation: ${organisation}`] : []),
    ...(host ? [`Host contact: ${host}`] : []),
    ...(startup ? [`Startup contact: ${startup}`] : []),
  ];
}

/**
 * One calendar of the meetings of several events (a person's agenda across events), as
 * {@link renderIcs} writes one event's. Contacts appear in DESCRIPTION when the labels hold them.
 */
export function renderIcsCalendar(
  parts: readonly IcsCalendarPart[],
  options: IcsOptions & { readonly calendarName: string },
): string {
  const domain = options.uidDomain ?? 'matchmaker';
  const dtstamp = icsUtc(options.now);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Matchmaker//Schedule export//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeIcsText(options.calendarName)}`,
  ];
  if (options.refreshMinutes !== undefined)
    lines.push(
      `REFRESH-INTERVAL;VALUE=DURATION:PT${options.refreshMinutes}M`,
      `X-PUBLISHED-TTL:PT${options.refreshMinutes}M`,
    );
  const all = parts.flatMap((part) => part.entries.map((entry) => ({ ...entry, part })));
  const sorted = all.sort(
    (a, b) =>
      a.meeting.date.localeCompare(b.meeting.date) ||
      a.meeting.start.localeCompare(b.meeting.start) ||
      a.meeting.id.localeCompare(b.meeting.id),
  );
  for (const { meeting, sequence, status, part } of sorted) {
    const { event, labels } = part;
    const need = needTitle(labels, meeting.needId);
    const startup = startupName(labels, meeting.startupId);
    const host = hostLabel(labels, meeting.needId);
    const room = roomName(labels, meeting.roomId);
    const description = [
      event.name,
      `Need: ${need}`,
      `Host: ${host}`,
      `Startup: ${startup}`,
      `Room: ${room}`,
      ...contactLines(labels, meeting),
      `Score: ${meeting.score.toFixed(2)}`,
    ].join('\n');
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeIcsText(meetingUid(meeting, domain))}`,
      `DTSTAMP:${dtstamp}`,
      `DTSTART:${icsUtc(zonedTimeToUtc(meeting.date, meeting.start, event.timezone))}`,
      `DTEND:${icsUtc(zonedTimeToUtc(meeting.date, meeting.end, event.timezone))}`,
      `SEQUENCE:${Math.max(0, Math.trunc(sequence))}`,
      `STATUS:${status}`,
      `SUMMARY:${escapeIcsText(`${need} ↔ ${startup}`)}`,
      `LOCATION:${escapeIcsText(room)}`,
      `DESCRIPTION:${escapeIcsText(description)}`,
      'TRANSP:OPAQUE',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldIcsLine).join('\r\n')}\r\n`;
}
