import { computeBound } from './bound';
import { loadHighs } from './highs';
import { pairKey } from './meeting-id';
import { compileProblem, type Problem } from './problem';
import type { ScheduleInstance, ScheduleResult } from './types';

/** The pin and minimum tiers a schedule reached: the score bound holds for every schedule at least as good in both. */
export interface HigherTiers {
  readonly pinsMet: number;
  readonly minimumValue: number;
}

/** A small MILP over the flow relaxation's variables, as HiGHS takes it (maximise). */
interface TierModel {
  readonly numCols: number;
  readonly colCost: Float64Array;
  readonly integrality: Int32Array;
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
  readonly starts: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
  /** Score of the kept locked meetings, not part of the model. */
  readonly lockedScore: number;
}

/**
 * The score tier's flow relaxation (bound.ts: a pair meets at most once, no host beyond their free
 * slots, no need or startup beyond its cap or free slots, no more meetings than rooms) with the two
 * higher tiers added as rows: at least `tiers.pinsMet` pins, and a minimum tier of at least
 * `tiers.minimumValue`, each need counting only when it has its minimum of meetings (r[n] binary).
 * Without those rows the relaxation lets every host spend the slots a minimum or a pin takes on
 * better-scored pairs, which is where the flow bound's slack came from: its value equals the
 * time-indexed LP's on the benchmark instances, so time itself costs the bound nothing there.
 */
function tierModel(problem: Problem, tiers: HigherTiers): TierModel {
  const cost: number[] = [];
  const integrality: number[] = [];
  const starts: number[] = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const rowLower: number[] = [];
  const rowUpper: number[] = [];
  const addRow = (
    columns: readonly number[],
    coefficients: readonly number[],
    lower: number,
    upper: number,
  ) => {
    indices.push(...columns);
    values.push(...coefficients);
    starts.push(indices.length);
    rowLower.push(lower);
    rowUpper.push(upper);
  };
  const ones = (columns: readonly number[]) => columns.map(() => 1);

  const columnOf = new Int32Array(problem.pairs.length).fill(-1);
  for (const pair of problem.pairs) {
    if (pair.slots.length === 0) continue;
    columnOf[pair.index] = cost.length;
    cost.push(pair.value);
    integrality.push(0);
  }
  const columnsOf = (pairs: readonly number[]) =>
    pairs.map((p) => columnOf[p] as number).filter((column) => column >= 0);

  const byHost = problem.hostIds.map(() => [] as number[]);
  for (const pair of problem.pairs)
    if ((columnOf[pair.index] as number) >= 0) byHost[pair.hostIndex]?.push(pair.index);
  // A side meets at most once in each slot one of its pairs can use.
  const slotsOf = (pairs: readonly number[]) => {
    const slots = new Set<number>();
    for (const p of pairs) for (const t of problem.pairs[p]?.slots ?? []) slots.add(t);
    return slots.size;
  };
  byHost.forEach((pairs) => {
    const columns = columnsOf(pairs);
    const free = slotsOf(pairs);
    if (columns.length > free) addRow(columns, ones(columns), -Infinity, free);
  });
  problem.startups.forEach((startup, s) => {
    const columns = columnsOf(startup.pairs);
    const free = slotsOf(startup.pairs);
    const cap = Math.max(0, Math.min(startup.max - (problem.lockedStartupCount[s] ?? 0), free));
    if (columns.length > cap) addRow(columns, ones(columns), -Infinity, cap);
  });
  const rooms = problem.freeRooms.reduce((sum, free) => sum + free.length, 0);
  if (cost.length > rooms) {
    const all = Array.from({ length: cost.length }, (_, i) => i);
    addRow(all, ones(all), -Infinity, rooms);
  }

  let lockedMinimum = 0;
  const minimumColumns: number[] = [];
  const minimumWeights: number[] = [];
  problem.needs.forEach((need, n) => {
    const columns = columnsOf(need.pairs);
    const locked = problem.lockedNeedCount[n] ?? 0;
    const cap = Math.max(0, Math.min(need.max - locked, slotsOf(need.pairs)));
    if (columns.length > cap) addRow(columns, ones(columns), -Infinity, cap);
    if (need.min === 0) return;
    if (locked >= need.min) {
      lockedMinimum += need.minWeight;
      return;
    }
    if (locked + Math.min(columns.length, cap) < need.min) return;
    const r = cost.length;
    cost.push(0);
    integrality.push(1);
    minimumColumns.push(r);
    minimumWeights.push(need.minWeight);
    addRow([r, ...columns], [need.min - locked, ...columns.map(() => -1)], -Infinity, 0);
  });

  const banned = problem.bannedKeys;
  const lockedPins = problem.instance.pins.filter((p) => {
    const key = pairKey(p.needId, p.startupId);
    return !banned.has(key) && problem.lockedPairKeys.has(key);
  }).length;
  const pinColumns = columnsOf(problem.pairs.filter((pair) => pair.pinned).map((pair) => pair.index));
  // Both tiers are integers (pins count one each, minimum weights are whole units): − 0.5 only
  // keeps HiGHS's tolerances from cutting off the schedule that reached them.
  if (tiers.pinsMet - lockedPins > 0)
    addRow(pinColumns, ones(pinColumns), tiers.pinsMet - lockedPins - 0.5, Infinity);
  if (tiers.minimumValue - lockedMinimum > 0)
    addRow(minimumColumns, minimumWeights, tiers.minimumValue - lockedMinimum - 0.5, Infinity);

  const lockedScore = problem.kept.reduce((sum, m) => {
    const n = problem.needIndex.get(m.needId);
    return sum + (n === undefined ? 0 : (problem.needs[n]?.scoreWeight ?? 0) * m.score);
  }, 0);
  return {
    numCols: cost.length,
    colCost: Float64Array.from(cost),
    integrality: Int32Array.from(integrality),
    rowLower: Float64Array.from(rowLower),
    rowUpper: Float64Array.from(rowUpper),
    starts: Int32Array.from(starts),
    indices: Int32Array.from(indices),
    values: Float64Array.from(values),
    lockedScore,
  };
}

/**
 * Upper bound on the score tier of every schedule that meets at least `tiers.pinsMet` pins and
 * reaches a minimum tier of at least `tiers.minimumValue`: the optimum of `tierModel` solved by
 * HiGHS (branching on the few r[n] only), or its proven dual bound when `timeLimitMs` stops it;
 * never above `flowBound` (the plain flow bound, valid for every schedule).
 */
export async function scoreTierBound(
  problem: Problem,
  tiers: HigherTiers,
  flowBound: number,
  timeLimitMs: number,
): Promise<number> {
  const model = tierModel(problem, tiers);
  if (model.numCols === 0) return Math.min(flowBound, model.lockedScore);
  const highs = await loadHighs();
  const numRows = model.rowUpper.length;
  const infinity = highs.infinity;
  const clamp = (values: Float64Array) =>
    values.map((v) => (v === Infinity ? infinity : v === -Infinity ? -infinity : v));
  const milp = highs.createModel({
    numCols: model.numCols,
    numRows,
    sense: highs.constants.objectiveSense.maximize,
    colCost: model.colCost,
    colLower: new Float64Array(model.numCols),
    colUpper: new Float64Array(model.numCols).fill(1),
    rowLower: clamp(model.rowLower),
    rowUpper: clamp(model.rowUpper),
    matrix: {
      format: 'csr',
      numRows,
      numCols: model.numCols,
      starts: model.starts,
      indices: model.indices,
      values: model.values,
    },
    integrality: model.integrality,
  });
  try {
    // As in milp.ts: presolve and the primal heuristics find nothing a bound needs and cost time
    // before HiGHS first looks at its clock; a 0.1 % gap is far below what the bound is read for.
    milp.options.set({
      output_flag: false,
      time_limit: Math.max(0.001, timeLimitMs / 1000),
      mip_rel_gap: 1e-3,
      presolve: 'off',
      mip_heuristic_run_feasibility_jump: false,
      mip_heuristic_effort: 0,
    });
    milp.run();
    const status = milp.getModelStatus();
    // Infeasible can only come from tolerances (the schedule that reached the tiers is a solution).
    if (status === highs.constants.modelStatus.infeasible) return flowBound;
    const integer = model.integrality.some((kind) => kind === 1);
    // Without an r column the model is a plain LP: only its optimum is a bound.
    if (!integer && status !== highs.constants.modelStatus.optimal) return flowBound;
    const dual = Number(milp.info.get(integer ? 'mip_dual_bound' : 'objective_function_value'));
    if (!Number.isFinite(dual)) return flowBound;
    // HiGHS's bound carries its tolerances: pad it so it stays an upper bound.
    const padded = dual + model.lockedScore + 1e-6 + 1e-9 * Math.abs(dual);
    return Math.min(flowBound, padded);
  } catch {
    return flowBound;
  } finally {
    milp.dispose();
  }
}

/**
 * The result with `parts.scoreBound` tightened to bound the score tier of every schedule at least
 * as good as this one in the pin and minimum tiers (see `scoreTierBound`). `bound` and `gap`,
 * which bound the whole objective of every schedule, are unchanged.
 */
export async function tightenScoreBound(
  instance: ScheduleInstance,
  result: ScheduleResult,
  options: { readonly timeLimitMs: number },
): Promise<ScheduleResult> {
  const problem = compileProblem(instance);
  const flow = computeBound(problem).scoreBound;
  const bound = await scoreTierBound(
    problem,
    result.parts,
    Math.min(flow, result.parts.scoreBound),
    options.timeLimitMs,
  );
  return { ...result, parts: { ...result.parts, scoreBound: Math.max(result.parts.scoreValue, bound) } };
}
