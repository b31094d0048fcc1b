export type {
  BuildOptions,
  Candidate,
  DatedWindow,
  DroppedLocked,
  EventRoom,
  ExactOptions,
  Meeting,
  ObjectiveParts,
  PairRef,
  ScheduleChange,
  ScheduleEvent,
  ScheduleHost,
  ScheduleInstance,
  ScheduleNeed,
  ScheduleResult,
  ScheduleStartup,
  Reason,
  ReasonCode,
  ScoutingEntry,
  Shortfall,
  SolverReport,
  UnmetPin,
} from './types';
export { parseInstance, scheduleInstanceSchema, type ParseResult } from './instance.schema';
export { buildSchedule } from './schedule';
export { checkSchedule } from './check';
export { evaluateObjective, objectiveWeights, type ObjectiveValue, type ObjectiveWeights } from './objective';
export { relevanceFloorOf, scoutNeeds, NEAR_MISSES_LISTED } from './relevance';
export { meetingId } from './meeting-id';
export { buildSlotGrid, type Slot } from './slot-grid';
export { solveExact, buildMilp, type MilpModel } from './milp';
export { tightenScoreBound, type HigherTiers } from './score-bound';
export { repairSchedule, applyChange, diffMeetings, resultOfMeetings, type RepairResult } from './repair';
export {
  checkMove,
  checkRestore,
  type Placement,
  type PlacementCheck,
  type PlacementClash,
} from './move-check';
export { parseRepairFile, scheduleChangeSchema, type RepairFile } from './change.schema';
export { generateInstance, type GenerateParams } from './generate';
