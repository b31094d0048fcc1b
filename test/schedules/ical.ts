import type ICALModule from 'ical.js' with { 'resolution-mode': 'import' };

// ical.js ships ESM types only; its CommonJS build is what jest loads.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL = require('ical.js') as typeof ICALModule;

/** One VEVENT as the ical.js parser reads it. */
export interface ParsedEvent {
  uid: string;
  sequence: number;
  status: string;
  start: string;
  summary: string;
}

/** Parses an iCalendar text with ical.js into its VEVENTs keyed by UID. */
export function parseCalendar(text: string): Map<string, ParsedEvent> {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return new Map(
    calendar.getAllSubcomponents('vevent').map((vevent) => {
      const event = new ICAL.Event(vevent);
      return [
        event.uid,
        {
          uid: event.uid,
          sequence: event.sequence,
          status: String(vevent.getFirstPropertyValue('status')),
          start: event.startDate.toJSDate().toISOString(),
          summary: event.summary,
        },
      ];
    }),
  );
}
