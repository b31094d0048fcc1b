import type { Meeting } from '../../scheduling';
import { hostLabel, needTitle, roomName, startupName, type ScheduleLabels } from './labels';

/** Column names of the schedule CSV, in order. */
export const CSV_COLUMNS = ['date', 'start', 'end', 'room', 'need', 'host', 'startup', 'score'] as const;

/** UTF-8 byte order mark: Excel opens a BOM-less UTF-8 CSV as Windows-1252 and garbles å, ä, ö. */
export const UTF8_BOM = '\uFEFF';

/**
 * One RFC 4180 field: quoted when it holds a separator (a comma, or a semicolon, which Excel set to
 * Swedish splits on), a tab, a double quote, CR or LF; inner quotes doubled.
 */
export function csvField(value: string): string {
  return /[",;\t\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A user-written text made inert for spreadsheets: Excel, LibreOffice and Google Sheets run a cell
 * that starts with =, +, -, @ (or a tab or CR) as a formula, so such a text gets an apostrophe
 * before it, which they show as plain text (OWASP's advice for CSV injection). The same goes for
 * every part after a `;` or `,`: a program that splits a field there anyway (the other separator,
 * quotes ignored) must not find a formula in a part either.
 */
export function spreadsheetText(value: string): string {
  return value.replace(/(^|[;,])(?=[=+\-@\t\r])/g, "$1'");
}

/**
 * The schedule as RFC 4180 CSV: a header row, then one row a meeting sorted by date, start and
 * room; CRLF line ends; score with three decimals; names and titles made inert for spreadsheets
 * ({@link spreadsheetText}). Starts with a UTF-8 BOM unless `bom` is false.
 */
export function renderScheduleCsv(
  meetings: readonly Meeting[],
  labels: ScheduleLabels,
  options: { bom?: boolean } = {},
): string {
  const rows = [...meetings]
    .sort(
      (a, b) =>
        a.date.localeCompare(b.date) || a.start.localeCompare(b.start) || a.roomId.localeCompare(b.roomId),
    )
    .map((meeting) => [
      meeting.date,
      meeting.start,
      meeting.end,
      spreadsheetText(roomName(labels, meeting.roomId)),
      spreadsheetText(needTitle(labels, meeting.needId)),
      spreadsheetText(hostLabel(labels, meeting.needId)),
      spreadsheetText(startupName(labels, meeting.startupId)),
      meeting.score.toFixed(3),
    ]);
  const lines = [[...CSV_COLUMNS], ...rows].map((row) => row.map(csvField).join(','));
  return `${options.bom === false ? '' : UTF8_BOM}${lines.join('\r\n')}\r\n`;
}
