import { buildMilp } from './milp';
import type { Problem } from './problem';
import type { HigherTiers, TierModel } from './tier-model';

/**
 * The exact model itself (milp.ts: a column per pair and slot, every host, startup and room at
 * most once a slot, the whole objective), started from the schedule `met` (slot per pair). A
 * schedule with at least `tiers.pinsMet` pins and a minimum tier of at least `tiers.minimumValue`
 * has objective ≥ PIN_UNIT · pinsMet + minimumValue + its score tier, so HiGHS's dual bound D on
 * the objective bounds that score tier by D − PIN_UNIT · pinsMet − minimumValue (the offset). Where
 * the schedule is as good as the optimum in both higher tiers, that is the optimum's score tier
 * once HiGHS has closed its gap. Worth solving only when the model is small (see score-bound.ts).
 */
export function exactTierModel(problem: Problem, tiers: HigherTiers, met: Int32Array): TierModel {
  const milp = buildMilp(problem);
  const start = new Float64Array(milp.numCols);
  const needCount = Int32Array.from(problem.lockedNeedCount);
  for (let j = 0; j < milp.xCount; j++) {
    const p = milp.pairOf[j] as number;
    if (met[p] !== milp.slotOf[j]) continue;
    start[j] = 1;
    const n = problem.pairs[p]?.needIndex ?? -1;
    if (n >= 0) needCount[n] = (needCount[n] ?? 0) + 1;
  }
  milp.needOf.forEach((n, k) => {
    start[milp.xCount + k] = (needCount[n] ?? 0) >= (problem.needs[n]?.min ?? Infinity) ? 1 : 0;
  });
  return {
    numCols: milp.numCols,
    colCost: milp.colCost,
    integrality: new Int32Array(milp.numCols).fill(1),
    rowLower: new Float64Array(milp.numRows).fill(-Infinity),
    rowUpper: milp.rowUpper,
    starts: milp.starts,
    indices: milp.indices,
    values: milp.values,
    offset: milp.constant - problem.weights.pinUnit * tiers.pinsMet - tiers.minimumValue,
    start,
  };
}
