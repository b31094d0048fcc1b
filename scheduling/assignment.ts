import type { Problem } from './problem';

/**
 * Mutable search state over a compiled problem: which slot each pair meets in (−1 = not
 * scheduled), who is busy when, and the objective, all updated incrementally with an undo log so
 * that compound moves can be tried and rolled back cheaply. Kept locked meetings are part of the
 * problem (their slots are already removed from the pairs' usable slots), not of this state.
 */
export class Assignment {
  readonly slotOf: Int32Array;
  private readonly hostAt: Int32Array;
  private readonly startupAt: Int32Array;
  readonly used: Int32Array;
  readonly capacity: Int32Array;
  readonly needCount: Int32Array;
  readonly startupCount: Int32Array;
  readonly slotMembers: Set<number>[];
  objective = 0;
  private readonly log: number[] = [];
  private readonly T: number;

  constructor(readonly problem: Problem) {
    const T = problem.slots.length;
    this.T = T;
    this.slotOf = new Int32Array(problem.pairs.length).fill(-1);
    this.hostAt = new Int32Array(problem.hostIds.length * T).fill(-1);
    this.startupAt = new Int32Array(problem.startups.length * T).fill(-1);
    this.used = new Int32Array(T);
    this.capacity = Int32Array.from(problem.freeRooms.map((r) => r.length));
    this.needCount = Int32Array.from(problem.lockedNeedCount);
    this.startupCount = Int32Array.from(problem.lockedStartupCount);
    this.slotMembers = problem.slots.map(() => new Set<number>());
  }

  hostBusyAt(h: number, t: number): number {
    return this.hostAt[h * this.T + t] ?? -1;
  }

  startupBusyAt(s: number, t: number): number {
    return this.startupAt[s * this.T + t] ?? -1;
  }

  /** Both sides have room under their caps for pair p. */
  capsAllow(p: number): boolean {
    const pair = this.problem.pairs[p];
    if (!pair) return false;
    const need = this.problem.needs[pair.needIndex];
    const startup = this.problem.startups[pair.startupIndex];
    return (
      !!need &&
      !!startup &&
      (this.needCount[pair.needIndex] ?? 0) < need.max &&
      (this.startupCount[pair.startupIndex] ?? 0) < startup.max
    );
  }

  /** Slot t is free for both sides of pair p and has a free room. */
  slotFree(p: number, t: number): boolean {
    const pair = this.problem.pairs[p];
    if (!pair) return false;
    return (
      this.hostBusyAt(pair.hostIndex, t) < 0 &&
      this.startupBusyAt(pair.startupIndex, t) < 0 &&
      (this.used[t] ?? 0) < (this.capacity[t] ?? 0)
    );
  }

  /** Objective change if pair p were added (+1) or removed (−1) now. */
  delta(p: number, sign: 1 | -1): number {
    const pair = this.problem.pairs[p];
    if (!pair) return 0;
    const need = this.problem.needs[pair.needIndex];
    if (!need) return 0;
    const count = this.needCount[pair.needIndex] ?? 0;
    const crosses = need.min >= 1 && (sign === 1 ? count + 1 === need.min : count === need.min);
    return (
      sign * (pair.value + (pair.pinned ? this.problem.weights.pinUnit : 0) + (crosses ? need.minWeight : 0))
    );
  }

  /** Places pair p in slot t; the caller has checked caps and the slot. */
  place(p: number, t: number): void {
    const pair = this.problem.pairs[p];
    if (!pair || (this.slotOf[p] ?? -1) >= 0) throw new Error(`cannot place pair ${p}`);
    this.objective += this.delta(p, 1);
    this.slotOf[p] = t;
    this.hostAt[pair.hostIndex * this.T + t] = p;
    this.startupAt[pair.startupIndex * this.T + t] = p;
    this.used[t] = (this.used[t] ?? 0) + 1;
    this.needCount[pair.needIndex] = (this.needCount[pair.needIndex] ?? 0) + 1;
    this.startupCount[pair.startupIndex] = (this.startupCount[pair.startupIndex] ?? 0) + 1;
    this.slotMembers[t]?.add(p);
    this.log.push(p, -1);
  }

  /** Removes pair p from its slot. */
  unplace(p: number): void {
    const pair = this.problem.pairs[p];
    const t = this.slotOf[p] ?? -1;
    if (!pair || t < 0) throw new Error(`pair ${p} is not placed`);
    this.objective += this.delta(p, -1);
    this.slotOf[p] = -1;
    this.hostAt[pair.hostIndex * this.T + t] = -1;
    this.startupAt[pair.startupIndex * this.T + t] = -1;
    this.used[t] = (this.used[t] ?? 0) - 1;
    this.needCount[pair.needIndex] = (this.needCount[pair.needIndex] ?? 0) - 1;
    this.startupCount[pair.startupIndex] = (this.startupCount[pair.startupIndex] ?? 0) - 1;
    this.slotMembers[t]?.delete(p);
    this.log.push(p, t);
  }

  /** Pairs removed since `mark` that are still unscheduled. */
  removedSince(mark: number): number[] {
    const out = new Set<number>();
    for (let i = mark; i < this.log.length; i += 2) {
      const p = this.log[i] as number;
      if ((this.log[i + 1] as number) >= 0 && (this.slotOf[p] ?? -1) < 0) out.add(p);
    }
    return [...out];
  }

  checkpoint(): number {
    return this.log.length;
  }

  /** Undoes every place/unplace since `mark`, newest first. */
  rollback(mark: number): void {
    while (this.log.length > mark) {
      const t = this.log.pop() as number;
      const p = this.log.pop() as number;
      if (t < 0) {
        this.unplace(p);
      } else {
        this.place(p, t);
      }
      // Drop the entry the undo itself logged (pop, not `length -= 2`: V8 trims the array's
      // storage on every length write, a tenth of the heuristic's time on the benchmark).
      this.log.pop();
      this.log.pop();
    }
  }

  /** Forgets the undo history (after a committed phase) to keep the log small. */
  commit(): void {
    this.log.length = 0;
  }
}
