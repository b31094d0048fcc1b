export {
  renderIcs,
  renderIcsCalendar,
  meetingUid,
  type IcsCalendarPart,
  type IcsEntry,
  type IcsOptions,
} from './ics.export';
export { escapeIcsText, foldIcsLine, MAX_LINE_OCTETS } from './ics-text';
export { renderScheduleCsv, csvField, spreadsheetText, CSV_COLUMNS, UTF8_BOM } from './csv.export';
export { renderScheduleHtml, renderAgendaHtml } from './html.export';
export { escapeHtml } from './html-escape';
export { zonedTimeToUtc, zoneOffsetMs, icsUtc } from './zoned-time';
export {
  needTitle,
  hostLabel,
  hostContactText,
  startupContactText,
  startupName,
  roomName,
  type ScheduleLabels,
  type ExportEvent,
} from './labels';
