import type { Assignment } from './assignment';
import { computeBound, type BoundParts } from './bound';
import { explainShortfalls, explainUnmetPins } from './explain';
import { evaluateObjective } from './objective';
import { scoutNeeds } from './relevance';
import { toMeeting, type Problem } from './problem';
import type { Meeting, ScheduleResult } from './types';

/** Kept locked meetings plus the assignment's meetings, each new one in the next free room of its slot. */
export function meetingsOf(problem: Problem, state: Assignment): Meeting[] {
  const meetings: Meeting[] = [...problem.kept];
  problem.slots.forEach((_, t) => {
    const rooms = problem.freeRooms[t] ?? [];
    const members = [...(state.slotMembers[t] ?? [])].sort((a, b) => a - b);
    members.forEach((p, i) => {
      const pair = problem.pairs[p];
      const roomId = rooms[i];
      if (!pair || roomId === undefined) throw new Error(`slot ${t} holds more meetings than free rooms`);
      meetings.push(toMeeting(problem, pair, t, roomId));
    });
  });
  return meetings.sort((a, b) => (a.date + a.start + a.roomId < b.date + b.start + b.roomId ? -1 : 1));
}

/** Assembles the contract's result: meetings, objective from the meetings themselves, bound, gap, reasons. */
export function toResult(
  problem: Problem,
  state: Assignment,
  solver: ScheduleResult['solver'],
  bound: BoundParts = computeBound(problem),
  extraBound = Infinity,
): ScheduleResult {
  const meetings = meetingsOf(problem, state);
  const value = evaluateObjective(problem.instance, meetings);
  // The bound can never be below a feasible objective; rounding in the flow could make it so by ~1e-12.
  const total = Math.max(value.objective, Math.min(bound.bound, extraBound));
  return {
    formatVersion: 1,
    meetings,
    objective: value.objective,
    bound: total,
    gap: total > 0 ? (total - value.objective) / total : 0,
    shortfalls: explainShortfalls(problem, state),
    scouting: scoutNeeds(problem.instance),
    unmetPins: explainUnmetPins(problem, state),
    droppedLocked: problem.droppedLocked,
    parts: {
      pinsMet: value.pinsMet,
      needsAtMinimum: value.needsAtMinimum,
      minimumValue: value.minimumValue,
      scoreValue: value.scoreValue,
      scoreBound: Math.max(value.scoreValue, bound.scoreBound),
    },
    solver,
  };
}
