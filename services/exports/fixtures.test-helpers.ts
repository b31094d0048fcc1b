import type { Meeting } from '../../scheduling';
import type { ScheduleLabels } from './labels';

/** A meeting with sensible defaults (for export tests). */
export function meetingOf(overrides: Partial<Meeting> & Pick<Meeting, 'needId' | 'startupId'>): Meeting {
  return {
    id: `ev1:${overrides.needId}:${overrides.startupId}`,
    date: '2027-03-16',
    start: '09:00',
    end: '09:20',
    roomId: 'bord-1',
    hostId: 'anna@tomelilla.se',
    score: 0.734,
    ...overrides,
  };
}

/** Labels with Swedish text and the characters the formats must escape. */
export const sampleLabels: ScheduleLabels = {
  needs: new Map([
    [
      'n1',
      {
        title: 'Rena golv, förskola; "städ" \\ test',
        hostName: 'Anna Lindqvist',
        hostEmail: 'anna@tomelilla.se',
      },
    ],
    ['n2', { title: 'Överskottsenergi\nfrån serverhallar', hostName: 'Johan Berglund' }],
  ]),
  startups: new Map([
    ['s1', { name: 'Fuktvakt AB' }],
    ['s2', { name: '<script>alert(1)</script> & Co' }],
  ]),
  rooms: new Map([
    ['bord-1', 'Bord 1'],
    ['bord-2', 'Bord 2'],
  ]),
};
