import fc from 'fast-check';
import { smallInstance } from './arbitraries.test-helpers';
import { solveExact } from './milp';
import { buildSchedule } from './schedule';

/** Random small instances the heuristic is compared on (fixed seed: the same 1,000 every run). */
const INSTANCES = 1_000;
/** Share of them whose pin and minimum tiers must equal the optimum's. */
const TARGET_SHARE = 0.995;
/** The heuristic's whole objective as a share of the optimum's, in every one of them. */
const OBJECTIVE_SHARE = 0.995;

describe('the heuristic against the optimum on random small instances', () => {
  it(`meets as many pins and minimums as the optimum in at least ${TARGET_SHARE * 100} % of ${INSTANCES}, and ≥ ${OBJECTIVE_SHARE * 100} % of its objective in every one`, async () => {
    const instances = fc.sample(smallInstance, { seed: 42, numRuns: INSTANCES });
    const missed: { index: number; heuristic: number; optimum: number; objectiveRatio: number }[] = [];
    const below: { index: number; objectiveRatio: number }[] = [];
    for (const [index, instance] of instances.entries()) {
      const heuristic = buildSchedule(instance);
      const exact = await solveExact(instance, { timeLimitMs: 20_000, clock: () => performance.now() });
      expect(exact.solver.status).toBe('optimal');
      const objectiveRatio = exact.objective > 0 ? heuristic.objective / exact.objective : 1;
      if (objectiveRatio < OBJECTIVE_SHARE) below.push({ index, objectiveRatio });
      const tiers = (r: typeof heuristic) => r.parts.pinsMet * exact.objective + r.parts.minimumValue;
      if (Math.abs(tiers(heuristic) - tiers(exact)) > 1e-6)
        missed.push({
          index,
          heuristic: heuristic.parts.needsAtMinimum,
          optimum: exact.parts.needsAtMinimum,
          objectiveRatio: heuristic.objective / exact.objective,
        });
    }
    // The misses are listed when the share falls short, to reproduce them (fc.sample, seed 42).
    expect({ share: (INSTANCES - missed.length) / INSTANCES, missed }).toEqual({
      share: expect.any(Number),
      missed: expect.any(Array),
    });
    expect((INSTANCES - missed.length) / INSTANCES).toBeGreaterThanOrEqual(TARGET_SHARE);
    // Instances 315 and 778 of this sample were at 98.2 % and 99.3 % before the second
    // constructions (needs left below their minimum first).
    expect(below).toEqual([]);
  }, 300_000);
});
