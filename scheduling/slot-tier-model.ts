import { buildMilp } from './milp';
import type { Problem } from './problem';
import { addTierRows, lockedTiers, RowBuilder, type HigherTiers, type TierModel } from './tier-model';

/**
 * The exact model (milp.ts: a column per pair and slot, every host, startup and room at most once a
 * slot) with the score tier alone as its objective and the two higher tiers as rows: at least
 * `tiers.pinsMet` pins and a minimum tier of at least `tiers.minimumValue`. Its optimum is the best
 * score tier of every schedule at least as good in both higher tiers, so HiGHS's dual bound on it
 * is the tightest score bound there is; `met` (the schedule that reached the tiers, slot per pair)
 * is its first incumbent. Worth building only when the exact model is small (see score-bound.ts).
 */
export function slotTierModel(problem: Problem, tiers: HigherTiers, met: Int32Array): TierModel {
  const milp = buildMilp(problem);
  const cost = new Float64Array(milp.numCols);
  const start = new Float64Array(milp.numCols);
  const pinColumns: number[] = [];
  const needCount = new Int32Array(problem.needs.length);
  for (let j = 0; j < milp.xCount; j++) {
    const pair = problem.pairs[milp.pairOf[j] as number];
    if (!pair) continue;
    cost[j] = pair.value;
    if (pair.pinned) pinColumns.push(j);
    if (met[pair.index] === milp.slotOf[j]) {
      start[j] = 1;
      needCount[pair.needIndex] = (needCount[pair.needIndex] ?? 0) + 1;
    }
  }
  const minimumColumns: number[] = [];
  const minimumWeights: number[] = [];
  milp.needOf.forEach((n, k) => {
    const need = problem.needs[n];
    if (!need) return;
    const r = milp.xCount + k;
    minimumColumns.push(r);
    minimumWeights.push(need.minWeight);
    start[r] = (problem.lockedNeedCount[n] ?? 0) + (needCount[n] ?? 0) >= need.min ? 1 : 0;
  });

  const rows = new RowBuilder();
  for (let i = 0; i < milp.numRows; i++) {
    const from = milp.starts[i] as number;
    const to = milp.starts[i + 1] as number;
    rows.add(
      Array.from(milp.indices.subarray(from, to)),
      Array.from(milp.values.subarray(from, to)),
      -Infinity,
      milp.rowUpper[i] as number,
    );
  }
  addTierRows(rows, tiers, lockedTiers(problem), pinColumns, minimumColumns, minimumWeights);
  return {
    numCols: milp.numCols,
    colCost: cost,
    integrality: new Int32Array(milp.numCols).fill(1),
    rowLower: Float64Array.from(rows.rowLower),
    rowUpper: Float64Array.from(rows.rowUpper),
    starts: Int32Array.from(rows.starts),
    indices: Int32Array.from(rows.indices),
    values: Float64Array.from(rows.values),
    lockedScore: lockedTiers(problem).score,
    start,
  };
}
