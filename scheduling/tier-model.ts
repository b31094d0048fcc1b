import { pairKey } from './meeting-id';
import type { Problem } from './problem';
import type { Meeting } from './types';

/** The pin and minimum tiers a schedule reached: the score bound holds for every schedule at least as good in both. */
export interface HigherTiers {
  readonly pinsMet: number;
  readonly minimumValue: number;
}

/** A maximisation model as HiGHS takes it (CSR rows, every column in [0, 1]). */
export interface TierModel {
  readonly numCols: number;
  readonly colCost: Float64Array;
  /** 1 for an integer column, 0 for a continuous one. */
  readonly integrality: Int32Array;
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
  readonly starts: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
  /** Added to the model's objective to give the score tier it bounds (e.g. the kept locked meetings' score). */
  readonly offset: number;
  /** Column values of the schedule that reached the tiers: HiGHS's first incumbent. */
  readonly start: Float64Array;
}

/** Rows of a model under construction: `lower ≤ Σ coefficient · column ≤ upper`. */
export class RowBuilder {
  readonly starts: number[] = [0];
  readonly indices: number[] = [];
  readonly values: number[] = [];
  readonly rowLower: number[] = [];
  readonly rowUpper: number[] = [];

  add(columns: readonly number[], coefficients: readonly number[], lower: number, upper: number): void {
    for (let i = 0; i < columns.length; i++) {
      this.indices.push(columns[i] as number);
      this.values.push(coefficients[i] as number);
    }
    this.starts.push(this.indices.length);
    this.rowLower.push(lower);
    this.rowUpper.push(upper);
  }
}

/** What the kept locked meetings already give each tier: they are constants, not columns. */
export interface LockedTiers {
  readonly pins: number;
  readonly minimum: number;
  readonly score: number;
}

export function lockedTiers(problem: Problem): LockedTiers {
  const pins = problem.instance.pins.filter((p) => {
    const key = pairKey(p.needId, p.startupId);
    return !problem.bannedKeys.has(key) && problem.lockedPairKeys.has(key);
  }).length;
  let minimum = 0;
  problem.needs.forEach((need, n) => {
    if (need.min > 0 && (problem.lockedNeedCount[n] ?? 0) >= need.min) minimum += need.minWeight;
  });
  const score = problem.kept.reduce((sum, m) => {
    const n = problem.needIndex.get(m.needId);
    return sum + (n === undefined ? 0 : (problem.needs[n]?.scoreWeight ?? 0) * m.score);
  }, 0);
  return { pins, minimum, score };
}

/**
 * The rows that keep a model to schedules at least as good as `tiers`: at least `tiers.pinsMet`
 * pins among `pinColumns`, and a minimum tier of at least `tiers.minimumValue` from the r columns
 * (each weighted by its need's W). Both tiers are integers (pins count one each, minimum weights
 * are whole units): − 0.5 only keeps HiGHS's tolerances from cutting off the schedule that reached them.
 */
export function addTierRows(
  rows: RowBuilder,
  tiers: HigherTiers,
  locked: LockedTiers,
  pinColumns: readonly number[],
  minimumColumns: readonly number[],
  minimumWeights: readonly number[],
): void {
  if (tiers.pinsMet - locked.pins > 0)
    rows.add(
      pinColumns,
      pinColumns.map(() => 1),
      tiers.pinsMet - locked.pins - 0.5,
      Infinity,
    );
  if (tiers.minimumValue - locked.minimum > 0)
    rows.add(minimumColumns, minimumWeights, tiers.minimumValue - locked.minimum - 0.5, Infinity);
}

/** Per pair of `problem`, the slot a new (not locked) meeting of `meetings` holds it in; −1 when it does not meet. */
export function slotsOfMeetings(problem: Problem, meetings: readonly Meeting[]): Int32Array {
  const slotOf = new Int32Array(problem.pairs.length).fill(-1);
  const pairOf = new Map<string, number>();
  for (const pair of problem.pairs) {
    const need = problem.instance.needs[pair.needIndex];
    const startup = problem.instance.startups[pair.startupIndex];
    if (need && startup) pairOf.set(pairKey(need.id, startup.id), pair.index);
  }
  const slotAt = new Map(problem.slots.map((slot, t) => [`${slot.date} ${slot.start}`, t]));
  for (const m of meetings) {
    const p = pairOf.get(pairKey(m.needId, m.startupId));
    const t = slotAt.get(`${m.date} ${m.start}`);
    if (p !== undefined && t !== undefined) slotOf[p] = t;
  }
  return slotOf;
}
