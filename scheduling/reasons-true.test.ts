import { buildSchedule } from './schedule';
import { buildInstance } from './test-builders';
import type { ScheduleInstance } from './types';

/**
 * A reason is true when relaxing exactly what it names lets the pin or minimum be met, and
 * relaxing what it does not name does not: each case re-solves with the relaxation.
 */
const shortfallOf = (instance: ScheduleInstance, needId: string) =>
  buildSchedule(instance).shortfalls.find((s) => s.needId === needId);
const pinMet = (instance: ScheduleInstance, needId: string, startupId: string) =>
  buildSchedule(instance).meetings.some((m) => m.needId === needId && m.startupId === startupId);

describe('true reasons', () => {
  it('names closed rooms, not availability, when every room is closed while both sides are free', () => {
    const base = buildInstance();
    const closedAll = { date: '2026-05-11', start: '09:00', end: '10:15' };
    const instance = buildInstance({
      event: {
        ...base.event,
        rooms: [
          { id: 'r1', closed: [closedAll] },
          { id: 'r2', closed: [closedAll] },
        ],
      },
    });
    const shortfall = shortfallOf(instance, 'n1');
    expect(shortfall?.reasons).toEqual([
      { code: 'no-room-open', params: { slots: 3, startupIds: ['s1', 's2', 's3'] } },
    ]);
    // Relaxing what it names (opening a room) meets the minimum; widening availability would not.
    expect(shortfallOf(buildInstance(), 'n1')).toBeUndefined();
  });

  it('blames the pin that holds the startup’s only slot, not the need’s maximum', () => {
    // s3 is free only at 09:00; pins n1–s3 and n3–s3 (different hosts) both want that slot, and
    // n1 (maximum 1) meets another startup meanwhile.
    const base = buildInstance();
    const instance = buildInstance({
      needs: [
        { id: 'n1', hostId: 'h1', priority: 5, minMeetings: 0, maxMeetings: 1 },
        { id: 'n3', hostId: 'h2', priority: 1, minMeetings: 0, maxMeetings: 1 },
      ],
      startups: [
        { id: 's1', maxMeetings: 2 },
        { id: 's3', maxMeetings: 2, availability: [{ date: '2026-05-11', start: '09:00', end: '09:20' }] },
      ],
      candidates: [{ needId: 'n1', startupId: 's1', score: 0.9 }],
      pins: [
        { needId: 'n3', startupId: 's3' },
        { needId: 'n1', startupId: 's3' },
      ],
      event: { ...base.event },
    });
    const result = buildSchedule(instance);
    const unmet = result.unmetPins.find((p) => p.startupId === 's3');
    expect(unmet?.reason).toEqual({ code: 'slots-held-by-pins', params: { slots: 1, pins: ['n3|s3'] } });
    // Raising the need's maximum does not help; giving the startup another slot does.
    const [n1, n3] = instance.needs;
    const raised = { ...instance, needs: [{ ...n1!, maxMeetings: 2 }, n3!] };
    expect(pinMet(raised, unmet?.needId ?? '', 's3')).toBe(false);
    const wider = {
      ...instance,
      startups: instance.startups.map((s) => (s.id === 's3' ? { ...s, availability: undefined } : s)),
    } as ScheduleInstance;
    expect(pinMet(wider, unmet?.needId ?? '', 's3')).toBe(true);
  });
});
