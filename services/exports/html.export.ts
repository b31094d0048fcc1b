import type { Meeting, Shortfall } from '../../scheduling';
import { escapeHtml } from './html-escape';
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

const PRINT_CSS = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #111; }
h1 { font-size: 1.4rem; margin: 0 0 .5rem; } h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1rem; }
th, td { border: 1px solid #999; padding: .3rem .45rem; vertical-align: top; text-align: left; }
th { background: #eee; } td.empty { background: #fafafa; }
.score { color: #555; font-size: .85em; } .need { font-weight: 600; } .muted { color: #555; }
@media print { body { margin: 0; font-size: 11px; } h2 { break-before: page; } h2:first-of-type { break-before: avoid; }
  tr { break-inside: avoid; } th { background: #ddd !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; } .no-print { display: none; } }
@page { size: A4 landscape; margin: 12mm; }`;

function page(title: string, body: string): string {
  return `<!doctype html>\n<html lang="sv">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(title)}</title>\n<style>${PRINT_CSS}</style>\n</head>\n<body>\n${body}\n</body>\n</html>\n`;
}

function byTime(a: Meeting, b: Meeting): number {
  return a.date.localeCompare(b.date) || a.start.localeCompare(b.start) || a.roomId.localeCompare(b.roomId);
}

/**
 * The whole schedule as a printable page: one table per day, rows = meeting start times, columns =
 * rooms, each cell "need ↔ startup (score)"; then the shortfalls. All user text is escaped.
 */
export function renderScheduleHtml(
  event: ExportEvent & { rooms: readonly { id: string; name?: string }[] },
  meetings: readonly Meeting[],
  labels: ScheduleLabels,
  options: {
    /** Shortfalls with their reasons already in words (see services/schedules/reasons.ts). */
    shortfalls?: readonly (Omit<Shortfall, 'reasons'> & { reasons: readonly string[] })[];
    subtitle?: string;
  } = {},
): string {
  const parts = [
    `<h1>${escapeHtml(event.name)}</h1>`,
    `<p class="muted">${escapeHtml(options.subtitle ?? `${meetings.length} meetings · times in ${event.timezone}`)}</p>`,
  ];
  const dates = [...new Set(meetings.map((meeting) => meeting.date))].sort();
  for (const date of dates) {
    const ofDay = meetings.filter((meeting) => meeting.date === date);
    const starts = [...new Set(ofDay.map((meeting) => `${meeting.start}–${meeting.end}`))].sort();
    const header = event.rooms
      .map((room) => `<th scope="col">${escapeHtml(room.name ?? room.id)}</th>`)
      .join('');
    const rows = starts.map((slot) => {
      const cells = event.rooms.map((room) => {
        const meeting = ofDay.find((m) => `${m.start}–${m.end}` === slot && m.roomId === room.id);
        if (!meeting) return '<td class="empty"></td>';
        return `<td><span class="need">${escapeHtml(needTitle(labels, meeting.needId))}</span> ↔ ${escapeHtml(startupName(labels, meeting.startupId))} <span class="score">(${meeting.score.toFixed(2)})</span></td>`;
      });
      return `<tr><th scope="row">${escapeHtml(slot)}</th>${cells.join('')}</tr>`;
    });
    parts.push(
      `<h2>${escapeHtml(date)}</h2>`,
      `<table><thead><tr><th>Time</th>${header}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`,
    );
  }
  if (options.shortfalls && options.shortfalls.length > 0) {
    const items = options.shortfalls.map(
      (shortfall) =>
        `<li><span class="need">${escapeHtml(needTitle(labels, shortfall.needId))}</span>: ${shortfall.met} of ${shortfall.minimum} meetings — ${escapeHtml(shortfall.reasons.join('; '))}</li>`,
    );
    parts.push('<h2>Shortfalls</h2>', `<ul>${items.join('\n')}</ul>`);
  }
  return page(event.name, parts.join('\n'));
}

/**
 * One participant's agenda as a printable page: a row per meeting with time, room, counterpart and
 * the contacts the labels hold (only those the reader may see).
 */
export function renderAgendaHtml(
  event: ExportEvent,
  participantName: string,
  meetings: readonly Meeting[],
  labels: ScheduleLabels,
): string {
  const rows = [...meetings]
    .sort(byTime)
    .map(
      (meeting) =>
        `<tr><td>${escapeHtml(meeting.date)}</td><td>${escapeHtml(`${meeting.start}–${meeting.end}`)}</td><td>${escapeHtml(roomName(labels, meeting.roomId))}</td>` +
        `<td>${escapeHtml(needTitle(labels, meeting.needId))}</td><td>${escapeHtml(hostLabel(labels, meeting.needId))}</td>` +
        `<td>${escapeHtml(startupName(labels, meeting.startupId))}</td>` +
        `<td>${escapeHtml([hostContactText(labels, meeting.needId), startupContactText(labels, meeting.startupId)].filter(Boolean).join('; '))}</td></tr>`,
    );
  const body = [
    `<h1>${escapeHtml(event.name)}</h1>`,
    `<p class="muted">Agenda for ${escapeHtml(participantName)} · ${meetings.length} meetings · times in ${escapeHtml(event.timezone)}</p>`,
    `<table><thead><tr><th>Date</th><th>Time</th><th>Room</th><th>Need</th><th>Host</th><th>Startup</th><th>Contacts</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`,
  ].join('\n');
  return page(`${event.name} — ${participantName}`, body);
}
