import { csvField, spreadsheetText, UTF8_BOM } from '../exports';
import type { EventReport, ReportFigures } from './report';

/** Columns of the report CSV, in order. */
export const REPORT_CSV_COLUMNS = [
  'group',
  'label',
  'planned',
  'held',
  'no_shows',
  'cancelled_late',
  'with_next_step',
  'follow_up_rate',
  'pilots_proposed',
  'pilots_started',
  'pilots_done',
  'ksek_proposed',
  'ksek_started',
  'ksek_done',
] as const;

function rowOf(group: string, label: string, figures: ReportFigures): string {
  return [
    group,
    spreadsheetText(label),
    String(figures.planned),
    String(figures.held),
    String(figures.noShows),
    String(figures.cancelledLate),
    String(figures.withNextStep),
    figures.followUpRate === null ? '' : figures.followUpRate.toFixed(3),
    String(figures.pilots.proposed),
    String(figures.pilots.started),
    String(figures.pilots.done),
    String(figures.pilots.kSekProposed),
    String(figures.pilots.kSekStarted),
    String(figures.pilots.kSekDone),
  ]
    .map(csvField)
    .join(',');
}

/**
 * The report as RFC 4180 CSV with a UTF-8 BOM (as the schedule CSV): one row for the event
 * (`group` = `event`), then one per need priority, per organisation, and per event of the trend.
 * The follow-up rate is a fraction with three decimals, empty when nothing was held.
 */
export function renderReportCsv(report: EventReport): string {
  const rows = [
    REPORT_CSV_COLUMNS.join(','),
    rowOf('event', report.event.name, report.totals),
    ...report.byPriority.map((p) => rowOf('priority', String(p.priority), p)),
    ...report.byOrganisation.map((o) => rowOf('organisation', o.name, o)),
    ...report.trend.map((t) => rowOf('trend', `${t.firstDate} ${t.name}`, t)),
  ];
  return `${UTF8_BOM}${rows.join('\r\n')}\r\n`;
}
