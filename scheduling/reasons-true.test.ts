import { buildSchedule } from './schedule';
import { buildInstance, buildMeeting } from './test-builders';
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

  it('names only what suffices alone: the host’s short time, not the candidates that never share it', () => {
    // h1 is free only at 09:00; s2 and s3 only at 09:50; s1 always. n1 wants 2 meetings.
    const at = (start: string, end: string) => [{ date: '2026-05-11', start, end }];
    const instance = buildInstance({
      hosts: [{ id: 'h1', availability: at('09:00', '09:20') }, { id: 'h2' }],
      needs: [{ id: 'n1', hostId: 'h1', priority: 1, minMeetings: 2, maxMeetings: 2 }],
      startups: [
        { id: 's1', maxMeetings: 2 },
        { id: 's2', maxMeetings: 2, availability: at('09:50', '10:10') },
        { id: 's3', maxMeetings: 2, availability: at('09:50', '10:10') },
      ],
      candidates: ['s1', 's2', 's3'].map((startupId) => ({ needId: 'n1', startupId, score: 0.5 })),
    });
    expect(shortfallOf(instance, 'n1')?.reasons).toEqual([
      { code: 'host-time-too-short', params: { hostId: 'h1', slots: 1, minimum: 2 } },
    ]);
    // Relaxing it alone (the host free all day) meets the minimum; widening the candidates' time alone does not.
    const hostFree = { ...instance, hosts: [{ id: 'h1' }, { id: 'h2' }] };
    expect(shortfallOf(hostFree, 'n1')).toBeUndefined();
    const startupsFree = {
      ...instance,
      startups: instance.startups.map(({ id, maxMeetings }) => ({ id, maxMeetings })),
    };
    expect(shortfallOf(startupsFree, 'n1')).toBeDefined();
  });

  it('names the smallest set that suffices when no single reason does: the host’s time and a startup’s cap', () => {
    // h1 is free only at 09:00 and n1 wants 2 meetings; its second candidate s1 (cap 1) meets n3,
    // whose minimum outweighs n1's. Neither more host time nor a higher cap alone is enough.
    const instance = buildInstance({
      hosts: [
        { id: 'h1', availability: [{ date: '2026-05-11', start: '09:00', end: '09:20' }] },
        { id: 'h2' },
      ],
      needs: [
        { id: 'n1', hostId: 'h1', priority: 5, minMeetings: 2, maxMeetings: 2 },
        { id: 'n3', hostId: 'h2', priority: 1, minMeetings: 1, maxMeetings: 1 },
      ],
      startups: [
        { id: 's1', maxMeetings: 1 },
        { id: 's2', maxMeetings: 1 },
      ],
      candidates: [
        { needId: 'n1', startupId: 's1', score: 0.5 },
        { needId: 'n1', startupId: 's2', score: 0.5 },
        { needId: 'n3', startupId: 's1', score: 0.9 },
      ],
    });
    const codes = shortfallOf(instance, 'n1')?.reasons.map((r) => r.code);
    expect(codes).toEqual(['host-time-too-short', 'candidates-at-cap']);
    const hostFree = { ...instance, hosts: [{ id: 'h1' }, { id: 'h2' }] };
    const capRaised = {
      ...instance,
      startups: instance.startups.map((s) => (s.id === 's1' ? { ...s, maxMeetings: 2 } : s)),
    };
    expect(shortfallOf(hostFree, 'n1')).toBeDefined();
    expect(shortfallOf(capRaised, 'n1')).toBeDefined();
    expect(shortfallOf({ ...capRaised, hosts: hostFree.hosts }, 'n1')).toBeUndefined();
  });
});

describe('true reasons with published meetings', () => {
  it('counts a need’s locked meeting once when it checks a reason by re-solving', () => {
    // n1 wants 4 meetings and has one published (s4 at 09:00); h1 and its candidates are free only
    // in the morning session (3 slots). Freeing the host's afternoon does not help: the candidates
    // are not there then, so "the host's time is too short" alone is no true reason.
    const at = (start: string, end: string) => [{ date: '2026-05-11', start, end }];
    const morning = at('09:00', '10:15');
    const instance = buildInstance({
      event: {
        ...buildInstance().event,
        days: [
          {
            date: '2026-05-11',
            sessions: [
              { start: '09:00', end: '10:15' },
              { start: '13:00', end: '13:20' },
            ],
          },
        ],
      },
      hosts: [{ id: 'h1', availability: morning }],
      needs: [{ id: 'n1', hostId: 'h1', priority: 1, minMeetings: 4, maxMeetings: 4 }],
      startups: [
        { id: 's1', maxMeetings: 1, availability: morning },
        { id: 's2', maxMeetings: 1, availability: morning },
        { id: 's3', maxMeetings: 1, availability: morning },
        { id: 's4', maxMeetings: 1 },
      ],
      candidates: ['s1', 's2', 's3'].map((startupId) => ({ needId: 'n1', startupId, score: 0.5 })),
      locked: [buildMeeting('n1', 's4', '09:00')],
    });
    const hostFree = { ...instance, hosts: [{ id: 'h1' }] };
    expect(shortfallOf(hostFree, 'n1')).toBeDefined();
    expect(shortfallOf(instance, 'n1')?.reasons.map((r) => r.code)).toEqual([
      'host-time-too-short',
      'candidates-booked',
    ]);
  });
});
