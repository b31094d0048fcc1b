import type ICALModule from 'ical.js' with { 'resolution-mode': 'import' };
import { meetingOf, sampleLabels } from './fixtures.test-helpers';
import { renderIcs } from './ics.export';
import { foldIcsLine } from './ics-text';
import { zonedTimeToUtc } from './zoned-time';

// ical.js ships ESM types only; its CommonJS build is what jest loads.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL = require('ical.js') as typeof ICALModule;
type IcalEvent = InstanceType<typeof ICAL.Event>;

const event = { id: 'ev1', name: 'Matchmakingdag Välfärd, 2027', timezone: 'Europe/Stockholm' };
const now = new Date('2027-03-01T12:00:00Z');

function parseEvents(ics: string): IcalEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return calendar.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent));
}

describe('renderIcs', () => {
  it('writes one VEVENT per meeting that ical.js reads back with UID, SEQUENCE, STATUS and escaped text', () => {
    const confirmed = meetingOf({ needId: 'n1', startupId: 's1' });
    const cancelled = meetingOf({
      needId: 'n2',
      startupId: 's2',
      start: '09:25',
      end: '09:45',
      roomId: 'bord-2',
    });
    const ics = renderIcs(
      event,
      [
        { meeting: confirmed, sequence: 0, status: 'CONFIRMED' },
        { meeting: cancelled, sequence: 3, status: 'CANCELLED' },
      ],
      sampleLabels,
      { now },
    );
    const events = parseEvents(ics);
    expect(events.map((e) => e.uid)).toEqual(['ev1:n1:s1@matchmaker', 'ev1:n2:s2@matchmaker']);
    expect(events.map((e) => e.sequence)).toEqual([0, 3]);
    expect(events.map((e) => e.component.getFirstPropertyValue('status'))).toEqual([
      'CONFIRMED',
      'CANCELLED',
    ]);
    expect(events[0]?.summary).toBe('Rena golv, förskola; "städ" \\ test ↔ Fuktvakt AB');
    expect(events[1]?.description).toContain('Överskottsenergi\nfrån serverhallar');
    expect(events[0]?.location).toBe('Bord 1');
    expect(events[0]?.component.getFirstPropertyValue('dtstamp')?.toString()).toBe('2027-03-01T12:00:00Z');
    const calendar = new ICAL.Component(ICAL.parse(ics));
    // ical.js does not unescape X- properties; RFC 5545 §3.8.8.2 makes their default type TEXT, so the comma is escaped.
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Matchmakingdag Välfärd\\, 2027');
  });

  it('puts DTSTART and DTEND at the right UTC instant on both sides of the Stockholm DST change', () => {
    // Summer time starts 2027-03-28 02:00 CET: 09:00 is 08:00Z on the 26th and 07:00Z on the 29th.
    const winter = meetingOf({ needId: 'n1', startupId: 's1', date: '2027-03-26' });
    const summer = meetingOf({ needId: 'n2', startupId: 's1', date: '2027-03-29' });
    const autumn = meetingOf({
      needId: 'n2',
      startupId: 's2',
      date: '2026-10-26',
      start: '13:00',
      end: '13:20',
    });
    const ics = renderIcs(
      event,
      [winter, summer, autumn].map((meeting) => ({ meeting, sequence: 0, status: 'CONFIRMED' as const })),
      sampleLabels,
      { now },
    );
    const byUid = new Map(parseEvents(ics).map((e) => [e.uid, e]));
    expect(byUid.get('ev1:n1:s1@matchmaker')?.startDate.toJSDate().toISOString()).toBe(
      '2027-03-26T08:00:00.000Z',
    );
    expect(byUid.get('ev1:n2:s1@matchmaker')?.startDate.toJSDate().toISOString()).toBe(
      '2027-03-29T07:00:00.000Z',
    );
    expect(byUid.get('ev1:n2:s1@matchmaker')?.endDate.toJSDate().toISOString()).toBe(
      '2027-03-29T07:20:00.000Z',
    );
    expect(byUid.get('ev1:n2:s2@matchmaker')?.startDate.toJSDate().toISOString()).toBe(
      '2026-10-26T12:00:00.000Z',
    );
    expect(byUid.get('ev1:n1:s1@matchmaker')?.startDate.zone.tzid).toBe('UTC');
    expect(ics).toContain('DTSTART:20270326T080000Z\r\n');
  });

  it('ends every line in CRLF and folds long lines at 75 octets without splitting a character', () => {
    const long = meetingOf({ needId: 'n1', startupId: 's1' });
    const labels = { ...sampleLabels, startups: new Map([['s1', { name: 'Åäö '.repeat(60) }]]) };
    const ics = renderIcs(event, [{ meeting: long, sequence: 1, status: 'CONFIRMED' }], labels, { now });
    expect(ics.endsWith('\r\n')).toBe(true);
    const physical = ics.split('\r\n').slice(0, -1);
    expect(physical.every((line) => !line.includes('\n') && !line.includes('\r'))).toBe(true);
    expect(Math.max(...physical.map((line) => Buffer.byteLength(line, 'utf8')))).toBeLessThanOrEqual(75);
    expect(physical.some((line) => line.startsWith(' '))).toBe(true);
    expect(parseEvents(ics)[0]?.summary).toBe(`Rena golv, förskola; "städ" \\ test ↔ ${'Åäö '.repeat(60)}`);
  });
});

describe('foldIcsLine', () => {
  it.each([
    ['short', 'SUMMARY:kort', 1],
    ['exactly 75 octets', `X:${'a'.repeat(73)}`, 1],
    ['76 octets', `X:${'a'.repeat(74)}`, 2],
  ])('%s', (_name, line, physicalLines) => {
    const folded = foldIcsLine(line);
    expect(folded.split('\r\n')).toHaveLength(physicalLines);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });
});

describe('zonedTimeToUtc', () => {
  it.each([
    ['2027-01-15', '09:00', 'Europe/Stockholm', '2027-01-15T08:00:00.000Z'],
    ['2027-07-15', '09:00', 'Europe/Stockholm', '2027-07-15T07:00:00.000Z'],
    ['2027-03-28', '03:30', 'Europe/Stockholm', '2027-03-28T01:30:00.000Z'],
    ['2027-03-28', '01:30', 'Europe/Stockholm', '2027-03-28T00:30:00.000Z'],
    ['2027-07-15', '09:00', 'UTC', '2027-07-15T09:00:00.000Z'],
    ['2027-07-15', '09:00', 'America/New_York', '2027-07-15T13:00:00.000Z'],
  ])('%s %s in %s is %s', (date, time, zone, expected) => {
    expect(zonedTimeToUtc(date, time, zone).toISOString()).toBe(expected);
  });
});
