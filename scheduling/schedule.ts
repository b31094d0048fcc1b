import { assignMeetings } from './assign';
import { computeBound } from './bound';
import { compileProblem } from './problem';
import { toResult } from './result';
import type { BuildOptions, ScheduleInstance, ScheduleResult } from './types';

/**
 * Builds a schedule with the default heuristic (greedy by marginal objective plus local search with
 * ejection chains, see `assignMeetings`). Deterministic for a given instance and seed. Handles
 * availability holes, closed rooms, pins, bans and locked meetings; never throws for a valid instance.
 */
export function buildSchedule(instance: ScheduleInstance, options: BuildOptions = {}): ScheduleResult {
  const problem = compileProblem(instance);
  const bound = computeBound(problem);
  const state = assignMeetings(problem, { ...options, priorityPairs: bound.relaxedPairs });
  return toResult(problem, state, { kind: 'heuristic' }, bound);
}
