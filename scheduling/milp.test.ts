import fc from 'fast-check';
import { smallInstance } from './arbitraries.test-helpers';
import { checkSchedule } from './check';
import { generateInstance } from './generate';
import { solveExact } from './milp';
import { buildSchedule } from './schedule';
import { buildInstance, buildMeeting } from './test-builders';

describe('solveExact (HiGHS oracle)', () => {
  it('finds the obvious optimum of a hand-made instance', async () => {
    const instance = buildInstance({
      needs: [{ id: 'n1', hostId: 'h1', priority: 1, minMeetings: 0, maxMeetings: 1 }],
      startups: [{ id: 's1', maxMeetings: 1 }, { id: 's2', maxMeetings: 1 }],
      candidates: [{ needId: 'n1', startupId: 's1', score: 0.4 }, { needId: 'n1', startupId: 's2', score: 0.9 }],
    });
    const result = await solveExact(instance, { timeLimitMs: 10_000 });
    expect(result.solver.status).toBe('optimal');
    expect(result.meetings.map((m) => m.startupId)).toEqual(['s2']);
    expect(result.objective).toBeCloseTo(5 * 0.9, 9);
  });

  it('keeps locked meetings and counts them in the objective', async () => {
    const locked = [buildMeeting('n1', 's1', '09:25', 'r2')];
    const instance = buildInstance({ locked });
    const result = await solveExact(instance, { timeLimitMs: 10_000 });
    expect(result.meetings).toContainEqual(locked[0]);
    expect(checkSchedule(instance, result.meetings)).toEqual([]);
  });

  it('stopped at its time limit, returns a valid schedule no worse than the heuristic', async () => {
    const instance = generateInstance({ needs: 30, startups: 90, days: 1, slotsPerSession: 6, rooms: 20, unavailableShare: 0.3, candidatesPerNeed: 25 }, 5);
    const exact = await solveExact(instance, { timeLimitMs: 1 });
    expect(checkSchedule(instance, exact.meetings)).toEqual([]);
    expect(exact.objective).toBeGreaterThanOrEqual(buildSchedule(instance).objective - 1e-6);
    expect(exact.bound).toBeGreaterThanOrEqual(exact.objective);
  });

  it('on tiny random instances: heuristic ≤ MILP optimum ≤ bound, and the MILP schedule is valid', async () => {
    await fc.assert(
      fc.asyncProperty(smallInstance, async (instance) => {
        const exact = await solveExact(instance, { timeLimitMs: 20_000 });
        const heuristic = buildSchedule(instance);
        expect(exact.solver.status).toBe('optimal');
        expect(checkSchedule(instance, exact.meetings)).toEqual([]);
        const tolerance = 1e-6 * Math.max(1, exact.objective);
        expect(heuristic.objective).toBeLessThanOrEqual(exact.objective + tolerance);
        expect(heuristic.bound).toBeGreaterThanOrEqual(exact.objective - tolerance);
        expect(exact.bound).toBeGreaterThanOrEqual(exact.objective - tolerance);
      }),
      { numRuns: 100 },
    );
  });
});
