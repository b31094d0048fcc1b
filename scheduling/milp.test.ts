import fc from 'fast-check';
import { smallInstance } from './arbitraries.test-helpers';
import { assignMeetings } from './assign';
import { computeBound } from './bound';
import { checkSchedule } from './check';
import { generateInstance, type GenerateParams } from './generate';
import { buildMilp, solveExact } from './milp';
import { evaluateObjective } from './objective';
import { compileProblem } from './problem';
import { buildSchedule } from './schedule';
import { buildInstance, buildMeeting } from './test-builders';

/** The wall clock the callers pass in production. */
const clock = () => performance.now();

describe('solveExact (HiGHS oracle)', () => {
  it('finds the obvious optimum of a hand-made instance', async () => {
    const instance = buildInstance({
      needs: [{ id: 'n1', hostId: 'h1', priority: 1, minMeetings: 0, maxMeetings: 1 }],
      startups: [
        { id: 's1', maxMeetings: 1 },
        { id: 's2', maxMeetings: 1 },
      ],
      candidates: [
        { needId: 'n1', startupId: 's1', score: 0.4 },
        { needId: 'n1', startupId: 's2', score: 0.9 },
      ],
    });
    const result = await solveExact(instance, { timeLimitMs: 10_000, clock });
    expect(result.solver.status).toBe('optimal');
    expect(result.meetings.map((m) => m.startupId)).toEqual(['s2']);
    expect(result.objective).toBeCloseTo(5 * 0.9, 9);
  });

  it('keeps locked meetings and counts them in the objective', async () => {
    const locked = [buildMeeting('n1', 's1', '09:25', 'r2')];
    const instance = buildInstance({ locked });
    const result = await solveExact(instance, { timeLimitMs: 10_000, clock });
    expect(result.meetings).toContainEqual(locked[0]);
    expect(checkSchedule(instance, result.meetings)).toEqual([]);
  });

  const medium: GenerateParams = {
    needs: 30,
    startups: 90,
    days: 1,
    slotsPerSession: 6,
    rooms: 20,
    unavailableShare: 0.3,
    candidatesPerNeed: 25,
  };

  it('stopped at its time limit, returns a valid schedule no worse than the heuristic and says the limit cut it short', async () => {
    const instance = generateInstance(medium, 5);
    const exact = await solveExact(instance, { timeLimitMs: 1, clock });
    expect(checkSchedule(instance, exact.meetings)).toEqual([]);
    expect(exact.objective).toBeGreaterThanOrEqual(buildSchedule(instance).objective - 1e-6);
    expect(exact.bound).toBeGreaterThanOrEqual(exact.objective);
    expect(exact.solver.timeLimitHit).toBe(true);
    expect(exact.solver.timeLimitMs).toBe(1);
  });

  it("measures its budget and its times on the caller's clock alone", async () => {
    const instance = generateInstance(medium, 5);
    // A clock that moves one second a reading spends a 2.5 s budget before HiGHS can start.
    let now = 0;
    const stepping = await solveExact(instance, { timeLimitMs: 2_500, clock: () => (now += 1_000) });
    expect(stepping.solver).toMatchObject({ kind: 'heuristic', status: 'notRun', highsMs: 0 });
    expect((stepping.solver.timeMs ?? NaN) % 1_000).toBe(0);
    // A clock that stands still: nothing of the budget is spent, and no time passes anywhere.
    const frozen = await solveExact(instance, { timeLimitMs: 60_000, clock: () => 0 });
    expect(frozen.solver).toMatchObject({
      kind: 'exact',
      timeMs: 0,
      buildMs: 0,
      highsMs: 0,
      highsLimitMs: 60_000,
    });
  });

  it('when the budget cannot even fit building the model, returns the heuristic schedule without starting HiGHS and says so', async () => {
    // 3 days × 2 sessions × 8 slots, 60 needs × 30 candidates: tens of thousands of variables, the
    // size whose build used to run outside HiGHS's time limit.
    const instance = generateInstance(
      {
        ...medium,
        needs: 60,
        startups: 220,
        days: 3,
        sessionsPerDay: 2,
        slotsPerSession: 8,
        candidatesPerNeed: 30,
        minMeetings: [1, 3],
      },
      41,
    );
    const heuristic = buildSchedule(instance);
    for (const timeLimitMs of [0, 1]) {
      const result = await solveExact(instance, { timeLimitMs, clock });
      expect(result.solver).toMatchObject({
        kind: 'heuristic',
        status: 'notRun',
        timeLimitHit: true,
        timeLimitMs,
        highsMs: 0,
        highsLimitMs: 0,
      });
      expect(result.solver.fallback).toMatch(/budget cannot fit HiGHS/);
      expect(result.meetings).toEqual(heuristic.meetings);
      expect(result.objective).toBe(heuristic.objective);
      expect(checkSchedule(instance, result.meetings)).toEqual([]);
    }
  });

  it('reports the whole call as its elapsed time, and gives HiGHS only what the build left of the budget', async () => {
    const instance = generateInstance(medium, 6);
    const timeLimitMs = 30_000;
    const started = performance.now();
    const result = await solveExact(instance, { timeLimitMs, clock });
    const wallMs = performance.now() - started;
    const { solver } = result;
    expect(solver).toMatchObject({ kind: 'exact', status: 'optimal', timeLimitHit: false, timeLimitMs });
    const { timeMs = NaN, buildMs = NaN, highsMs = NaN, highsLimitMs = NaN } = solver;
    expect(buildMs).toBeGreaterThan(0);
    expect(highsMs).toBeGreaterThan(0);
    expect(buildMs + highsMs).toBeLessThanOrEqual(timeMs);
    // Elapsed is the caller's wall time (not HiGHS's alone): only the promise's resolution comes after it.
    expect(timeMs).toBeLessThanOrEqual(wallMs);
    expect(wallMs - timeMs).toBeLessThan(Math.max(50, 0.1 * wallMs));
    expect(buildMs + highsLimitMs).toBeLessThanOrEqual(timeLimitMs);
    expect(highsLimitMs).toBeGreaterThan(0.9 * timeLimitMs - buildMs);
  });

  it('builds a model in which the heuristic schedule is feasible and scores its objective', () => {
    fc.assert(
      fc.property(smallInstance, (instance) => {
        const problem = compileProblem(instance);
        const state = assignMeetings(problem, { priorityPairs: computeBound(problem).relaxedPairs });
        const milp = buildMilp(problem);
        const x = new Float64Array(milp.numCols);
        for (let j = 0; j < milp.xCount; j++)
          x[j] = state.slotOf[milp.pairOf[j] ?? -1] === milp.slotOf[j] ? 1 : 0;
        milp.needOf.forEach((n, k) => {
          x[milp.xCount + k] = (state.needCount[n] ?? 0) >= (problem.needs[n]?.min ?? Infinity) ? 1 : 0;
        });
        for (let i = 0; i < milp.numRows; i++) {
          let activity = 0;
          for (let k = milp.starts[i] ?? 0; k < (milp.starts[i + 1] ?? 0); k++)
            activity += (milp.values[k] ?? 0) * (x[milp.indices[k] ?? -1] ?? NaN);
          expect(activity).toBeLessThanOrEqual((milp.rowUpper[i] ?? NaN) + 1e-9);
        }
        const objective = milp.colCost.reduce((sum, c, j) => sum + c * (x[j] ?? 0), milp.constant);
        const meetings = buildSchedule(instance).meetings;
        expect(objective).toBeCloseTo(evaluateObjective(instance, meetings).objective, 6);
      }),
      { numRuns: 200 },
    );
  });

  it('on tiny random instances: heuristic ≤ MILP optimum ≤ bound, and the MILP schedule is valid', async () => {
    await fc.assert(
      fc.asyncProperty(smallInstance, async (instance) => {
        const exact = await solveExact(instance, { timeLimitMs: 20_000, clock });
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
