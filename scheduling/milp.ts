import { assignMeetings } from './assign';
import { Assignment } from './assignment';
import { computeBound } from './bound';
import { loadHighs, type Highs } from './highs';
import { compileProblem, type Problem } from './problem';
import { toResult } from './result';
import type { ExactOptions, ScheduleInstance, ScheduleResult, SolverReport } from './types';

/**
 * The exact model as arrays, ready for HiGHS (maximise; every column binary; every row `a·x ≤ upper`).
 * Columns `0 … xCount − 1` are the x variables, the rest the r variables.
 */
export interface MilpModel {
  readonly numCols: number;
  readonly numRows: number;
  /** Objective coefficient of each column. */
  readonly colCost: Float64Array;
  /** Right-hand side of each row. */
  readonly rowUpper: Float64Array;
  /** The matrix row by row (CSR): row i holds columns `indices[starts[i] … starts[i + 1])` with `values`. */
  readonly starts: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
  /** Number of x columns. */
  readonly xCount: number;
  /** x column j is pair `pairOf[j]` meeting in slot `slotOf[j]`. */
  readonly pairOf: Int32Array;
  readonly slotOf: Int32Array;
  /** r column `xCount + k` is need `needOf[k]` reaching its minimum. */
  readonly needOf: Int32Array;
  /** Objective of the kept locked meetings, not part of the model. */
  readonly constant: number;
}

/** Number of x variables (one per pair and slot it may meet in). */
function xCountOf(problem: Problem): number {
  let count = 0;
  for (const pair of problem.pairs) count += pair.slots.length;
  return count;
}

/**
 * The exact model over the compiled problem (kept locked meetings are constants):
 *   x[p,t] ∈ {0,1}  pair p meets in slot t (t among p's usable slots)
 *   r[n]   ∈ {0,1}  need n reaches its minimum (only when the locked meetings do not already)
 *   max  Σ (w·score_p + PIN_UNIT·[p pinned]) x[p,t] + Σ W(n) r[n]
 *   s.t. Σ_t x[p,t] ≤ 1 (a pair meets once); per host and slot Σ x ≤ 1 (across the host's needs);
 *        per startup and slot Σ x ≤ 1; per slot Σ x ≤ free rooms; per need Σ x ≤ max − locked;
 *        per startup Σ x ≤ max − locked; (min − locked)·r[n] − Σ_{p of n} x ≤ 0.
 * Built as arrays, not LP text: HiGHS then parses nothing and no column is looked up by name.
 */
export function buildMilp(problem: Problem): MilpModel {
  const xCount = xCountOf(problem);
  const pairOf = new Int32Array(xCount);
  const slotOf = new Int32Array(xCount);
  const cost: number[] = [];
  const starts: number[] = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const rowUpper: number[] = [];
  const addRow = (columns: readonly number[], upper: number, coefficients?: readonly number[]) => {
    for (let i = 0; i < columns.length; i++) {
      indices.push(columns[i] as number);
      values.push(coefficients?.[i] ?? 1);
    }
    starts.push(indices.length);
    rowUpper.push(upper);
  };
  const byHostSlot = new Map<number, number[]>();
  const byStartupSlot = new Map<number, number[]>();
  const bySlot = new Map<number, number[]>();
  const byNeed = new Map<number, number[]>();
  const byStartup = new Map<number, number[]>();
  const T = problem.slots.length;
  const add = (map: Map<number, number[]>, key: number, column: number) => {
    const list = map.get(key);
    if (list) list.push(column);
    else map.set(key, [column]);
  };

  let j = 0;
  for (const pair of problem.pairs) {
    const first = j;
    for (const t of pair.slots) {
      pairOf[j] = pair.index;
      slotOf[j] = t;
      cost.push(pair.value + (pair.pinned ? problem.weights.pinUnit : 0));
      add(byHostSlot, pair.hostIndex * T + t, j);
      add(byStartupSlot, pair.startupIndex * T + t, j);
      add(bySlot, t, j);
      add(byNeed, pair.needIndex, j);
      add(byStartup, pair.startupIndex, j);
      j += 1;
    }
    if (j - first > 1)
      addRow(
        Array.from({ length: j - first }, (_, i) => first + i),
        1,
      );
  }
  for (const columns of byHostSlot.values()) if (columns.length > 1) addRow(columns, 1);
  for (const columns of byStartupSlot.values()) if (columns.length > 1) addRow(columns, 1);
  for (const [t, columns] of bySlot) {
    const rooms = problem.freeRooms[t]?.length ?? 0;
    if (columns.length > rooms) addRow(columns, rooms);
  }
  const needOf: number[] = [];
  let constant = 0;
  problem.needs.forEach((need, n) => {
    const columns = byNeed.get(n) ?? [];
    const locked = problem.lockedNeedCount[n] ?? 0;
    const cap = need.max - locked;
    if (columns.length > cap) addRow(columns, cap);
    if (need.min === 0) return;
    if (locked >= need.min) {
      constant += need.minWeight;
      return;
    }
    if (columns.length < need.min - locked) return;
    const r = xCount + needOf.length;
    needOf.push(n);
    cost.push(need.minWeight);
    addRow([r, ...columns], 0, [need.min - locked, ...columns.map(() => -1)]);
  });
  problem.startups.forEach((startup, s) => {
    const columns = byStartup.get(s) ?? [];
    const cap = startup.max - (problem.lockedStartupCount[s] ?? 0);
    if (columns.length > cap) addRow(columns, cap);
  });
  const lockedKeys = new Set(problem.kept.map((m) => `${m.needId}|${m.startupId}`));
  const pinsLocked = new Set(
    problem.instance.pins.map((p) => `${p.needId}|${p.startupId}`).filter((k) => lockedKeys.has(k)),
  ).size;
  constant += problem.weights.pinUnit * pinsLocked;
  for (const m of problem.kept) {
    const n = problem.needIndex.get(m.needId);
    constant += n === undefined ? 0 : (problem.needs[n]?.scoreWeight ?? 0) * m.score;
  }
  return {
    numCols: cost.length,
    numRows: rowUpper.length,
    colCost: Float64Array.from(cost),
    rowUpper: Float64Array.from(rowUpper),
    starts: Int32Array.from(starts),
    indices: Int32Array.from(indices),
    values: Float64Array.from(values),
    xCount,
    pairOf,
    slotOf,
    needOf: Int32Array.from(needOf),
    constant,
  };
}

/**
 * Microseconds per x variable for building the model, loading it into HiGHS and HiGHS's set-up up
 * to its first look at the clock (presolve off): 5–11 µs measured on the 2-core benchmark machine
 * from 6,000 to 239,000 variables. Only used to skip HiGHS when it could not even start within the
 * budget; the upper end, so that a budget which cannot fit is skipped rather than overrun.
 */
const SETUP_MICROSECONDS_PER_VARIABLE = 10;

/** Places HiGHS's x columns at ≥ 0.5; undefined when they break a constraint (HiGHS's tolerances). */
function assignmentOf(problem: Problem, milp: MilpModel, colValue: Float64Array): Assignment | undefined {
  const state = new Assignment(problem);
  for (let j = 0; j < milp.xCount; j++) {
    if ((colValue[j] ?? 0) < 0.5) continue;
    const p = milp.pairOf[j] as number;
    const t = milp.slotOf[j] as number;
    if ((state.slotOf[p] ?? -1) >= 0 || !state.capsAllow(p) || !state.slotFree(p, t)) return undefined;
    state.place(p, t);
  }
  return state;
}

/** The heuristic's schedule as HiGHS's column values (x and r). */
function columnValuesOf(problem: Problem, milp: MilpModel, state: Assignment): Float64Array {
  const colValue = new Float64Array(milp.numCols);
  for (let j = 0; j < milp.xCount; j++)
    colValue[j] = state.slotOf[milp.pairOf[j] as number] === milp.slotOf[j] ? 1 : 0;
  milp.needOf.forEach((n, k) => {
    colValue[milp.xCount + k] = (state.needCount[n] ?? 0) >= (problem.needs[n]?.min ?? Infinity) ? 1 : 0;
  });
  return colValue;
}

interface HighsOutcome {
  readonly status: string;
  /** HiGHS's schedule, when it has a feasible one. */
  readonly colValue?: Float64Array;
  /** HiGHS's dual bound on the model's objective (without the locked constant); Infinity when unknown. */
  readonly dualBound: number;
  readonly highsMs: number;
}

/** Runs HiGHS on `milp` with a time limit of `limitMs` (its own clock, started by `run`); `clock` times the run. */
function runHighs(
  model: ReturnType<Highs['createModel']>,
  highs: Highs,
  limitMs: number,
  clock: () => number,
): HighsOutcome {
  // Presolve removes next to nothing here (11 of 11,661 rows on the SID benchmark) and the
  // feasibility-jump heuristic has nothing to add to the warm start, yet each runs for seconds on a
  // large model without HiGHS looking at its clock (presolve 6–8 s on SID, the jump 7 s on a 14-day
  // event); without them HiGHS reaches the same optimum sooner on every benchmark instance.
  model.options.set({
    output_flag: false,
    presolve: 'off',
    mip_heuristic_run_feasibility_jump: false,
    time_limit: limitMs / 1000,
    mip_rel_gap: 1e-9,
    mip_abs_gap: 1e-7,
  });
  const started = clock();
  model.run();
  const highsMs = clock() - started;
  const code = model.getModelStatus();
  const status =
    Object.entries(highs.constants.modelStatus).find(([, value]) => value === code)?.[0] ?? String(code);
  const feasible =
    Number(model.info.get('primal_solution_status')) === highs.constants.solutionStatus.feasible;
  let dualBound = Infinity;
  try {
    const dual = Number(model.info.get('mip_dual_bound'));
    if (Number.isFinite(dual)) dualBound = dual;
  } catch {
    dualBound = Infinity;
  }
  return feasible
    ? { status, colValue: model.getSolution().colValue, dualBound, highsMs }
    : { status, dualBound, highsMs };
}

/**
 * Solves the instance exactly with HiGHS (branch and cut) within a wall-clock budget of
 * `timeLimitMs` for the whole call, measured on the caller's `clock`. The heuristic's schedule comes first: it is HiGHS's warm start
 * and the answer when HiGHS cannot start within the budget (`solver.status: 'notRun'`) or finds no
 * schedule at least as good (`solver.kind: 'heuristic'`, `solver.fallback` says why). HiGHS gets
 * what the build leaves of the budget, less a reserve for assembling the result; at its limit it
 * returns its best schedule and `bound` is its proven dual bound. `result.solver` reports the
 * elapsed time, its parts and whether the limit cut the solve short.
 *
 * The budget is honoured as far as HiGHS lets it: HiGHS looks at its clock only between phases,
 * so the call can overrun by one phase (on the 2-core benchmark machine up to ~0.3 s for 60 needs ×
 * 220 startups × 3 days, ~1.3 s for the dense 100 × 300 case, ~3 s for 14 days), and it cannot
 * return before the heuristic has run.
 */
export async function solveExact(instance: ScheduleInstance, options: ExactOptions): Promise<ScheduleResult> {
  if (Number.isNaN(options.timeLimitMs)) throw new RangeError('timeLimitMs must be a number of milliseconds');
  const { clock } = options;
  const started = clock();
  const since = (mark: number) => clock() - mark;
  const timeLimitMs = Math.max(0, options.timeLimitMs);
  const warmStart = options.warmStart ?? true;
  // Compiling the WebAssembly (first call only) overlaps with the heuristic below.
  const highsReady = loadHighs();
  highsReady.catch(() => undefined);

  const problem = compileProblem(instance);
  const bound = computeBound(problem);
  const heuristic = assignMeetings(problem, { priorityPairs: bound.relaxedPairs });
  const resultStarted = clock();
  const heuristicResult = toResult(problem, heuristic, { kind: 'heuristic' }, bound);
  // Assembling HiGHS's result at the end costs about what this one did: keep that much back.
  const reserveMs = since(resultStarted);
  const finish = (
    result: ScheduleResult,
    report: Omit<SolverReport, 'timeMs' | 'timeLimitMs'>,
  ): ScheduleResult => ({
    ...result,
    solver: { ...report, timeMs: since(started), timeLimitMs },
  });
  const notRun = (buildMs: number, fallback: string) =>
    finish(heuristicResult, {
      kind: 'heuristic',
      status: 'notRun',
      timeLimitHit: true,
      buildMs,
      highsLimitMs: 0,
      highsMs: 0,
      fallback,
    });

  const variables = xCountOf(problem);
  const setupEstimateMs = (variables * SETUP_MICROSECONDS_PER_VARIABLE) / 1000;
  if (since(started) + setupEstimateMs + reserveMs >= timeLimitMs) {
    const spentMs = since(started);
    return notRun(
      spentMs,
      `the ${timeLimitMs} ms budget cannot fit HiGHS: the heuristic took ${Math.round(spentMs)} ms, and building the model of ${variables} variables and HiGHS's set-up take about ${Math.round(setupEstimateMs)} ms more`,
    );
  }
  const milp = buildMilp(problem);
  if (milp.numCols === 0) {
    // Nothing left to decide: the kept locked meetings are the only schedule, so it is optimal.
    const buildMs = since(started);
    return finish(toResult(problem, heuristic, { kind: 'exact' }, bound, -Infinity), {
      kind: 'exact',
      status: 'optimal',
      timeLimitHit: false,
      buildMs,
      highsLimitMs: 0,
      highsMs: 0,
    });
  }
  const highs = await highsReady;
  const model = highs.createModel({
    numCols: milp.numCols,
    numRows: milp.numRows,
    sense: highs.constants.objectiveSense.maximize,
    colCost: milp.colCost,
    colLower: new Float64Array(milp.numCols),
    colUpper: new Float64Array(milp.numCols).fill(1),
    rowLower: new Float64Array(milp.numRows).fill(-highs.infinity),
    rowUpper: milp.rowUpper,
    matrix: {
      format: 'csr',
      numRows: milp.numRows,
      numCols: milp.numCols,
      starts: milp.starts,
      indices: milp.indices,
      values: milp.values,
    },
    integrality: new Int32Array(milp.numCols).fill(highs.constants.variableType.integer),
  });
  let outcome: HighsOutcome;
  let buildMs: number;
  let highsLimitMs: number;
  try {
    // At a time limit HiGHS returns its incumbent: with the heuristic's schedule as the first one,
    // the exact mode is never worse than the default.
    if (warmStart) model.setSolution({ colValue: columnValuesOf(problem, milp, heuristic) });
    buildMs = since(started);
    highsLimitMs = timeLimitMs - buildMs - reserveMs;
    if (highsLimitMs <= 0)
      return notRun(
        buildMs,
        `the ${timeLimitMs} ms budget was spent before HiGHS could start (${Math.round(buildMs)} ms to build the model)`,
      );
    outcome = runHighs(model, highs, highsLimitMs, clock);
  } finally {
    model.dispose();
  }

  // HiGHS's dual bound carries its tolerances; pad it so it stays a valid upper bound.
  const dualBound = outcome.dualBound + milp.constant;
  const padded = dualBound + 1e-6 + 1e-9 * Math.abs(dualBound);
  const report = {
    status: outcome.status,
    timeLimitHit: outcome.status === 'timeLimit',
    buildMs,
    highsLimitMs,
    highsMs: outcome.highsMs,
  };
  let state = heuristic;
  let fallback: string | undefined;
  if (!outcome.colValue) fallback = `HiGHS stopped (${outcome.status}) without a schedule`;
  else {
    const exact = assignmentOf(problem, milp, outcome.colValue);
    if (!exact) fallback = "HiGHS's schedule breaks a constraint beyond its tolerances";
    else if (
      warmStart &&
      exact.objective < heuristic.objective - 1e-9 * Math.max(1, Math.abs(heuristic.objective))
    )
      fallback = "HiGHS's schedule is worse than its warm start";
    else state = exact;
  }
  const kind = fallback === undefined ? 'exact' : 'heuristic';
  return finish(toResult(problem, state, { kind }, bound, padded), {
    kind,
    ...report,
    ...(fallback === undefined ? {} : { fallback }),
  });
}
