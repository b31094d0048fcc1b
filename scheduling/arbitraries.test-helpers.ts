import fc from 'fast-check';
import { generateInstance, type GenerateParams } from './generate';
import type { ScheduleInstance } from './types';

/**
 * Small generated instances (≤ 8 needs, ≤ 10 startups, ≤ 12 slots) with holes, pins, bans, closed
 * rooms and relevance floors (none, the event's, or one need's own).
 */
export const smallParams: fc.Arbitrary<GenerateParams> = fc.record({
  needs: fc.integer({ min: 1, max: 8 }),
  startups: fc.integer({ min: 1, max: 10 }),
  needsPerHost: fc.constantFrom(1, 1.5, 3),
  days: fc.integer({ min: 1, max: 2 }),
  sessionsPerDay: fc.integer({ min: 1, max: 2 }),
  slotsPerSession: fc.integer({ min: 1, max: 3 }),
  rooms: fc.integer({ min: 1, max: 4 }),
  unavailableShare: fc.constantFrom(0, 0.3, 0.6),
  candidatesPerNeed: fc.integer({ min: 0, max: 6 }),
  scoreSkew: fc.constantFrom(1, 3),
  minMeetings: fc.constantFrom([0, 1] as const, [1, 3] as const, [2, 4] as const),
  maxMeetings: fc.constantFrom([1, 3] as const, [3, 5] as const),
  startupMaxMeetings: fc.constantFrom([0, 2] as const, [1, 3] as const),
  pins: fc.integer({ min: 0, max: 3 }),
  bans: fc.integer({ min: 0, max: 3 }),
  closedRooms: fc.integer({ min: 0, max: 2 }),
});

export const smallInstance: fc.Arbitrary<ScheduleInstance> = fc
  .tuple(
    smallParams,
    fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    fc.constantFrom(undefined, 0.4, 0.7),
    fc.constantFrom(undefined, 0, 0.55),
  )
  .map(([params, seed, eventFloor, firstNeedFloor]) => {
    const instance = generateInstance(params, seed);
    const [first, ...rest] = instance.needs;
    return {
      ...instance,
      event: eventFloor === undefined ? instance.event : { ...instance.event, relevanceFloor: eventFloor },
      needs:
        first === undefined || firstNeedFloor === undefined
          ? instance.needs
          : [{ ...first, relevanceFloor: firstNeedFloor }, ...rest],
    };
  });

/**
 * Instances over every field of format v1: besides smallParams' fields, other meeting and
 * changeover lengths, caps of 0 (needs and startups), no rooms at all, names and titles,
 * availability windows across sessions and their breaks, dates listed twice, an overlapping
 * session (such an event is invalid) and locked meetings (some of which the event no longer allows).
 */
export const wideParams: fc.Arbitrary<GenerateParams> = fc
  .tuple(
    smallParams,
    fc.record({
      rooms: fc.integer({ min: 0, max: 4 }),
      meetingMinutes: fc.constantFrom(15, 20, 45),
      changeoverMinutes: fc.constantFrom(0, 5, 10),
      maxMeetings: fc.constantFrom([0, 0] as const, [0, 2] as const, [1, 3] as const, [3, 5] as const),
      startupMaxMeetings: fc.constantFrom([0, 0] as const, [0, 2] as const, [1, 3] as const),
      names: fc.boolean(),
      crossingWindows: fc.constantFrom(0, 0.5, 1),
      repeatedDates: fc.boolean(),
      overlappingSession: fc.boolean(),
      locked: fc.integer({ min: 0, max: 6 }),
    }),
  )
  .map(([small, wide]) => ({
    ...small,
    ...wide,
    // A need's minimum never exceeds its maximum in a valid instance.
    minMeetings: wide.maxMeetings[1] === 0 ? ([0, 0] as const) : small.minMeetings,
  }));
