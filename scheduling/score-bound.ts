import { loadHighs } from './highs';
import { compileProblem, type Problem } from './problem';
import { exactTierModel } from './exact-tier-model';
import {
  addTierRows,
  lockedTiers,
  RowBuilder,
  slotsOfMeetings,
  type HigherTiers,
  type TierModel,
} from './tier-model';
import type { ScheduleInstance, ScheduleResult } from './types';

export type { HigherTiers } from './tier-model';

/**
 * The score tier's flow relaxation (bound.ts: a pair meets at most once, no host beyond their free
 * slots, no need or startup beyond its cap or free slots, no more meetings than rooms) with the two
 * higher tiers added as rows: at least `tiers.pinsMet` pins, and a minimum tier of at least
 * `tiers.minimumValue`, each need counting only when it has its minimum of meetings (r[n] binary).
 * Without those rows the relaxation lets every host spend the slots a minimum or a pin takes on
 * better-scored pairs, which is where the flow bound's slack came from: its value equals the
 * time-indexed LP's on the benchmark instances, so time itself costs the bound nothing there.
 */
function flowTierModel(problem: Problem, tiers: HigherTiers, met: Int32Array): TierModel {
  const cost: number[] = [];
  const integrality: number[] = [];
  const start: number[] = [];
  const rows = new RowBuilder();
  const addRow = rows.add.bind(rows);
  const ones = (columns: readonly number[]) => columns.map(() => 1);

  const columnOf = new Int32Array(problem.pairs.length).fill(-1);
  for (const pair of problem.pairs) {
    if (pair.slots.length === 0) continue;
    columnOf[pair.index] = cost.length;
    cost.push(pair.value);
    integrality.push(0);
    start.push((met[pair.index] ?? -1) >= 0 ? 1 : 0);
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

  const locked = lockedTiers(problem);
  const minimumColumns: number[] = [];
  const minimumWeights: number[] = [];
  problem.needs.forEach((need, n) => {
    const columns = columnsOf(need.pairs);
    const lockedCount = problem.lockedNeedCount[n] ?? 0;
    const cap = Math.max(0, Math.min(need.max - lockedCount, slotsOf(need.pairs)));
    if (columns.length > cap) addRow(columns, ones(columns), -Infinity, cap);
    if (need.min === 0 || lockedCount >= need.min) return;
    if (lockedCount + Math.min(columns.length, cap) < need.min) return;
    const r = cost.length;
    cost.push(0);
    integrality.push(1);
    const metCount = need.pairs.filter((p) => (met[p] ?? -1) >= 0).length;
    start.push(lockedCount + metCount >= need.min ? 1 : 0);
    minimumColumns.push(r);
    minimumWeights.push(need.minWeight);
    addRow([r, ...columns], [need.min - lockedCount, ...columns.map(() => -1)], -Infinity, 0);
  });

  const pinColumns = columnsOf(problem.pairs.filter((pair) => pair.pinned).map((pair) => pair.index));
  addTierRows(rows, tiers, locked, pinColumns, minimumColumns, minimumWeights);

  return {
    numCols: cost.length,
    colCost: Float64Array.from(cost),
    integrality: Int32Array.from(integrality),
    rowLower: Float64Array.from(rows.rowLower),
    rowUpper: Float64Array.from(rows.rowUpper),
    starts: Int32Array.from(rows.starts),
    indices: Int32Array.from(rows.indices),
    values: Float64Array.from(rows.values),
    offset: locked.score,
    start: Float64Array.from(start),
  };
}

/**
 * A score bound closer than this to the schedule's score tier (relative to the bound) is close
 * enough: the exact model is not tried then, and HiGHS stops on it once its bound is within this
 * share of the schedule's score tier of its best schedule. 0.4 %: a reported gap then overstates
 * the true one by under half a point.
 */
const CLOSE_ENOUGH = 0.004;

/**
 * The exact model is tried only up to this many pair-slot columns (the small events of the
 * shortfall re-solves): there HiGHS, started from the schedule, closes the gap in 0.1–1.4 s on the
 * benchmark's small events (the exact model with the tiers as rows instead took 0.3–4 s), while on
 * larger events it would run to its limit and the time is lost (the flow model's bound is within
 * 0.7 % of the schedule on the benchmark's medium and larger events already).
 */
const EXACT_MODEL_MAX_COLUMNS = 2_000;

/** When HiGHS may stop: its options for each of the two models. */
const FLOW_MODEL_OPTIONS = {
  // As in milp.ts, presolve and the primal heuristics find nothing a bound needs and cost time
  // before HiGHS first looks at its clock; the schedule is the first incumbent.
  presolve: 'off',
  mip_heuristic_run_feasibility_jump: false,
  mip_heuristic_effort: 0,
  mip_rel_gap: 1e-3,
} as const;
const exactModelOptions = (scoreValue: number) =>
  ({
    presolve: 'off',
    mip_heuristic_run_feasibility_jump: false,
    // The objective is mostly the pin and minimum tiers: only an absolute gap speaks of scores.
    mip_rel_gap: 0,
    mip_abs_gap: Math.max(1e-7, CLOSE_ENOUGH * scoreValue),
  }) as const;

/** HiGHS's padded upper bound on `model`'s optimum plus its offset, and the time HiGHS took. */
async function solveTierModel(
  model: TierModel,
  timeLimitMs: number,
  options: typeof FLOW_MODEL_OPTIONS | ReturnType<typeof exactModelOptions>,
): Promise<{ bound: number; ms: number }> {
  if (model.numCols === 0) return { bound: model.offset, ms: 0 };
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
    milp.options.set({ output_flag: false, time_limit: Math.max(0.001, timeLimitMs / 1000), ...options });
    const integer = model.integrality.some((kind) => kind === 1);
    if (integer) milp.setSolution({ colValue: model.start });
    milp.run();
    const ms = milp.getRunTime() * 1000;
    const status = milp.getModelStatus();
    // Infeasible can only come from tolerances (the schedule that reached the tiers is a solution).
    if (status === highs.constants.modelStatus.infeasible) return { bound: Infinity, ms };
    // Without an integer column the model is a plain LP: only its optimum is a bound.
    if (!integer && status !== highs.constants.modelStatus.optimal) return { bound: Infinity, ms };
    const dual = Number(milp.info.get(integer ? 'mip_dual_bound' : 'objective_function_value'));
    if (!Number.isFinite(dual)) return { bound: Infinity, ms };
    // HiGHS's bound carries its tolerances: pad it so it stays an upper bound.
    return { bound: dual + model.offset + 1e-6 + 1e-9 * Math.abs(dual), ms };
  } catch {
    return { bound: Infinity, ms: 0 };
  } finally {
    milp.dispose();
  }
}

/**
 * Upper bound on the score tier of every schedule at least as good as `result` in the pin and
 * minimum tiers, never above `result.parts.scoreBound` (the flow bound, valid for every schedule).
 * On a small event the exact model started from the schedule; on a larger one, or when the exact
 * model stopped short with time left, the flow model with both tiers as rows (HiGHS branches on
 * the few r[n] only). Each step runs only while the bound is more than CLOSE_ENOUGH above the
 * schedule's score tier, within what is left of `timeLimitMs` (HiGHS's time).
 */
export async function scoreTierBound(
  problem: Problem,
  result: ScheduleResult,
  timeLimitMs: number,
): Promise<number> {
  const { parts } = result;
  const met = slotsOfMeetings(problem, result.meetings);
  const exact = () =>
    solveTierModel(exactTierModel(problem, parts, met), left, exactModelOptions(parts.scoreValue));
  const flow = () => solveTierModel(flowTierModel(problem, parts, met), left, FLOW_MODEL_OPTIONS);
  const columns = problem.pairs.reduce((sum, pair) => sum + pair.slots.length, 0);
  // On the benchmark's small events the flow model took 0.2–1.5 s and left 1.3–2 %: the exact
  // model alone is both tighter and sooner there.
  const steps = columns <= EXACT_MODEL_MAX_COLUMNS ? [exact, flow] : [flow];
  let bound = parts.scoreBound;
  let left = timeLimitMs;
  for (const step of steps) {
    if (bound - parts.scoreValue <= CLOSE_ENOUGH * bound || left <= 0) break;
    const solved = await step();
    bound = Math.min(bound, solved.bound);
    left -= solved.ms;
  }
  return bound;
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
  const bound = await scoreTierBound(compileProblem(instance), result, options.timeLimitMs);
  return { ...result, parts: { ...result.parts, scoreBound: Math.max(result.parts.scoreValue, bound) } };
}
