import type { Meeting } from '../../scheduling';
import { hostLabel, needTitle, roomName, startupName, type ScheduleLabels } from './labels';

/** Column names of the schedule CSV, in order. */
export const CSV_COLUMNS = ['date', 'start', 'end', 'room', 'need', 'host', 'startup', 'score'] as const;

/** UTF-8 byte order mark: Excel opens a BOM-less UTF-8 CSV as Windows-1252 and garbles å, ä, ö. */
export const UTF8_BOM = '\uFEFF';

/** One RFC 4180 field: quoted when it holds a comma, a double quote, CR or LF; inner quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The schedule as RFC 4180 CSV: a header row, then one row a meeting sorted by date, start and
 * room; CRLF line ends; score with three decimals. Starts with a UTF-8 BOM unless `bom` is false.
 */
export function renderScheduleCsv(meetings: readonly Meeting[], labels: ScheduleLabels, options: { bom?: boolean } = {}): string {
  const rows = [...meetings]
    .sort((a, b) => a.date.localeCompare(b.date) || a.start.localeCompare(b.start) || a.roomId.localeCompare(b.roomId))
    .map((meeting) => [
      meeting.date,
      meeting.start,
      meeting.end,
      roomName(labels, meeting.roomId),
      needTitle(labels, meeting.needId),
      hostLabel(labels, meeting.needId, meeting.hostId),
      startupName(labels, meeting.startupId),
      meeting.score.toFixed(3),
    ]);
  const lines = [[...CSV_COLUMNS], ...rows].map((row) => row.map(csvField).join(','));
  return `${options.bom === false ? '' : UTF8_BOM}${lines.join('\r\n')}\r\n`;
}
