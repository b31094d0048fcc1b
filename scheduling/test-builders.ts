import { meetingId } from './meeting-id';
import type { Meeting, ScheduleInstance } from './types';

/**
 * A small hand-made instance for unit tests: one day, one session 09:00–10:15 (three slots:
 * 09:00, 09:25, 09:50), two rooms, host h1 owning needs n1 and n2, host h2 owning n3, startups
 * s1–s3 with every pair a candidate. Override any top-level field.
 */
export function buildInstance(overrides: Partial<ScheduleInstance> = {}): ScheduleInstance {
  const needs = [
    { id: 'n1', hostId: 'h1', priority: 1, minMeetings: 1, maxMeetings: 2 },
    { id: 'n2', hostId: 'h1', priority: 3, minMeetings: 0, maxMeetings: 2 },
    { id: 'n3', hostId: 'h2', priority: 2, minMeetings: 1, maxMeetings: 2 },
  ];
  const startups = [
    { id: 's1', maxMeetings: 2 },
    { id: 's2', maxMeetings: 2 },
    { id: 's3', maxMeetings: 1 },
  ];
  return {
    formatVersion: 1,
    event: {
      id: 'ev',
      timezone: 'Europe/Stockholm',
      meetingMinutes: 20,
      changeoverMinutes: 5,
      days: [{ date: '2026-05-11', sessions: [{ start: '09:00', end: '10:15' }] }],
      rooms: [{ id: 'r1' }, { id: 'r2' }],
    },
    hosts: [{ id: 'h1' }, { id: 'h2' }],
    needs,
    startups,
    candidates: needs.flatMap((n, i) =>
      startups.map((s, j) => ({ needId: n.id, startupId: s.id, score: 0.3 + 0.1 * ((i + j) % 5) })),
    ),
    pins: [],
    bans: [],
    locked: [],
    ...overrides,
  };
}

/** A meeting of the `buildInstance` event: need, startup, start time and room. */
export function buildMeeting(
  needId: string,
  startupId: string,
  start: string,
  roomId = 'r1',
  overrides: Partial<Meeting> = {},
): Meeting {
  const minutes = Number(start.slice(0, 2)) * 60 + Number(start.slice(3, 5)) + 20;
  const end = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  const hostId = needId === 'n3' ? 'h2' : 'h1';
  return {
    id: meetingId('ev', needId, startupId),
    date: '2026-05-11',
    start,
    end,
    roomId,
    needId,
    hostId,
    startupId,
    score: 0.5,
    ...overrides,
  };
}
