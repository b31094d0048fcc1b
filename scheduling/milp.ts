import highsLoader from 'highs';
import { assignMeetings } from './assign';
import { Assignment } from './assignment';
import { computeBound } from './bound';
import { compileProblem, type Problem } from './problem';
import { toResult } from './result';
import type { ExactOptions, ScheduleInstance, ScheduleResult } from './types';

type Highs = Awaited<ReturnType<typeof highsLoader>>;
let highsPromise: Promise<Highs> | undefined;

/** The HiGHS WebAssembly runtime, loaded once per process. */
function loadHighs(): Promise<Highs> {
  highsPromise ??= highsLoader();
  return highsPromise;
}

export interface MilpModel {
  /** CPLEX LP text. */
  readonly lp: string;
  /** Column name → [pair, slot] for the x variables. */
  readonly columns: Map<string, readonly [number, number]>;
  /** Objective of the kept locked meetings, not part of the LP. */
  readonly constant: number;
  readonly variableCount: number;
}

function term(coefficient: number, name: string): string {
  return `${coefficient >= 0 ? '+' : '-'} ${Math.abs(coefficient)} ${name}`;
}

function wrap(terms: readonly string[]): string {
  const lines: string[] = [];
  for (let i = 0; i < terms.length; i += 12) lines.push(terms.slice(i, i + 12).join(' '));
  return lines.join('\n   ');
}

/**
 * The exact model over the compiled problem (kept locked meetings are constants):
 *   x[p,t] ∈ {0,1}  pair p meets in slot t (t among p's usable slots)
 *   r[n]   ∈ {0,1}  need n reaches its minimum (only when the locked meetings do not already)
 *   max  Σ (w·score_p + PIN_UNIT·[p pinned]) x[p,t] + Σ W(n) r[n]
 *   s.t. Σ_t x[p,t] ≤ 1 (a pair meets once); per host and slot Σ x ≤ 1 (across the host's needs);
 *        per startup and slot Σ x ≤ 1; per slot Σ x ≤ free rooms; per need Σ x ≤ max − locked;
 *        per startup Σ x ≤ max − locked; (min − locked)·r[n] − Σ_{p of n} x ≤ 0.
 */
export function buildMilp(problem: Problem): MilpModel {
  const columns = new Map<string, readonly [number, number]>();
  const objective: string[] = [];
  const rows: string[] = [];
  const binaries: string[] = [];
  const byHostSlot = new Map<number, string[]>();
  const byStartupSlot = new Map<number, string[]>();
  const bySlot = new Map<number, string[]>();
  const byNeed = new Map<number, string[]>();
  const byStartup = new Map<number, string[]>();
  const T = problem.slots.length;
  const add = (map: Map<number, string[]>, key: number, name: string) => {
    const list = map.get(key);
    if (list) list.push(name);
    else map.set(key, [name]);
  };

  for (const pair of problem.pairs) {
    const names: string[] = [];
    for (const t of pair.slots) {
      const name = `x${pair.index}_${t}`;
      columns.set(name, [pair.index, t]);
      names.push(name);
      binaries.push(name);
      objective.push(term(pair.value + (pair.pinned ? problem.weights.pinUnit : 0), name));
      add(byHostSlot, pair.hostIndex * T + t, name);
      add(byStartupSlot, pair.startupIndex * T + t, name);
      add(bySlot, t, name);
      add(byNeed, pair.needIndex, name);
      add(byStartup, pair.startupIndex, name);
    }
    if (names.length > 1) rows.push(`pair${pair.index}: ${wrap(names.map((n) => `+ ${n}`))} <= 1`);
  }
  for (const [key, names] of byHostSlot) if (names.length > 1) rows.push(`hs${key}: ${wrap(names.map((n) => `+ ${n}`))} <= 1`);
  for (const [key, names] of byStartupSlot) if (names.length > 1) rows.push(`ss${key}: ${wrap(names.map((n) => `+ ${n}`))} <= 1`);
  for (const [t, names] of bySlot) {
    const rooms = problem.freeRooms[t]?.length ?? 0;
    if (names.length > rooms) rows.push(`room${t}: ${wrap(names.map((n) => `+ ${n}`))} <= ${rooms}`);
  }
  let constant = 0;
  problem.needs.forEach((need, n) => {
    const names = byNeed.get(n) ?? [];
    const locked = problem.lockedNeedCount[n] ?? 0;
    const cap = need.max - locked;
    if (names.length > cap) rows.push(`ncap${n}: ${wrap(names.map((x) => `+ ${x}`))} <= ${cap}`);
    if (need.min === 0) return;
    if (locked >= need.min) {
      constant += need.minWeight;
      return;
    }
    if (names.length < need.min - locked) return;
    const r = `r${n}`;
    binaries.push(r);
    objective.push(term(need.minWeight, r));
    rows.push(`reach${n}: ${wrap([term(need.min - locked, r), ...names.map((x) => `- ${x}`)])} <= 0`);
  });
  problem.startups.forEach((startup, s) => {
    const names = byStartup.get(s) ?? [];
    const cap = startup.max - (problem.lockedStartupCount[s] ?? 0);
    if (names.length > cap) rows.push(`scap${s}: ${wrap(names.map((x) => `+ ${x}`))} <= ${cap}`);
  });
  const lockedKeys = new Set(problem.kept.map((m) => `${m.needId}|${m.startupId}`));
  const pinsLocked = new Set(problem.instance.pins.map((p) => `${p.needId}|${p.startupId}`).filter((k) => lockedKeys.has(k))).size;
  constant += problem.weights.pinUnit * pinsLocked;
  for (const m of problem.kept) {
    const n = problem.needIndex.get(m.needId);
    constant += n === undefined ? 0 : (problem.needs[n]?.scoreWeight ?? 0) * m.score;
  }
  const lp = [
    'Maximize',
    ` obj: ${objective.length > 0 ? wrap(objective) : '0 dummy'}`,
    'Subject To',
    ...(rows.length > 0 ? rows.map((r) => ` ${r}`) : [' dummyrow: dummy <= 0']),
    'Binary',
    ...(binaries.length > 0 ? [` ${wrap(binaries)}`] : [' dummy']),
    'End',
  ].join('\n');
  return { lp, columns, constant, variableCount: binaries.length };
}

/**
 * Solves the instance exactly with HiGHS (branch and cut) within `timeLimitMs`. The result's
 * `solver.status` is HiGHS's status ("Optimal", "Time limit reached", …); when HiGHS stopped early
 * the schedule is its best one and `bound` its proven dual bound. Practical up to roughly 40 needs ×
 * 150 startups × 12 slots; use `buildSchedule` beyond that.
 */
export async function solveExact(instance: ScheduleInstance, options: ExactOptions): Promise<ScheduleResult> {
  const highs = await loadHighs();
  const problem = compileProblem(instance);
  const bound = computeBound(problem);
  const milp = buildMilp(problem);
  const state = new Assignment(problem);
  const started = performance.now();
  const model = highs.createModel({ format: 'lp', data: milp.lp });
  let status: string;
  let dualBound = Infinity;
  try {
    model.options.set({ output_flag: false, time_limit: Math.max(0.001, options.timeLimitMs / 1000), mip_rel_gap: 1e-9, mip_abs_gap: 1e-7 });
    if (options.warmStart ?? true) {
      // The heuristic's schedule as HiGHS's first incumbent: at a time limit the exact mode is then
      // never worse than the default.
      const start = assignMeetings(problem, { priorityPairs: bound.relaxedPairs });
      const colValue = new Float64Array(model.getDimensions().numCols);
      colValue.forEach((_, i) => {
        const name = model.getColName(i);
        const column = milp.columns.get(name);
        if (column) colValue[i] = start.slotOf[column[0]] === column[1] ? 1 : 0;
        else if (name.startsWith('r')) {
          const n = Number(name.slice(1));
          colValue[i] = (start.needCount[n] ?? 0) >= (problem.needs[n]?.min ?? Infinity) ? 1 : 0;
        }
      });
      model.setSolution({ colValue });
    }
    model.run();
    const code = model.getModelStatus();
    status = Object.entries(highs.constants.modelStatus).find(([, value]) => value === code)?.[0] ?? String(code);
    const hasSolution = Number(model.info.get('primal_solution_status')) > 0;
    const values = hasSolution ? model.getSolution().colValue : new Float64Array(0);
    const assignments: [number, number][] = [];
    values.forEach((value, i) => {
      if (value < 0.5) return;
      const column = milp.columns.get(model.getColName(i));
      if (column) assignments.push([column[0], column[1]]);
    });
    for (const [p, t] of assignments) state.place(p, t);
    try {
      const dual = Number(model.info.get('mip_dual_bound'));
      if (Number.isFinite(dual)) dualBound = dual + milp.constant;
    } catch {
      dualBound = Infinity;
    }
  } finally {
    model.dispose();
  }
  const timeMs = performance.now() - started;
  // HiGHS's dual bound carries its tolerances; pad it so it stays a valid upper bound.
  const padded = dualBound + 1e-6 + 1e-9 * Math.abs(dualBound);
  return toResult(problem, state, { kind: 'exact', status, timeMs }, bound, padded);
}
