export {
  buildInstance,
  hostIdOf,
  DEFAULT_MIN_SCORE,
  type InstanceSource,
  type BuildInstanceOptions,
  type SourceEvent,
  type SourceNeed,
  type SourceStartup,
  type SourceMatch,
} from './build-instance';
export { nextCalendar, calendarKeyOf, type CalendarState } from './calendar-sequence';
export {
  buildDraft,
  planBuild,
  runBuild,
  publishDraft,
  recordCancellation,
  planCancellation,
  runRepair,
  type BuildPlan,
  type RepairPlan,
  type ScheduleProgress,
  type ScheduleView,
  type RepairView,
  type RepairNote,
} from './schedule.service';
export { scheduleSizeOf } from './schedule-size';
export { recordScheduleChange } from './schedule-audit';
export { buildBodySchema, type BuildBody } from './schedule.schemas';
export { readSchedule, readAgenda, type Rendered, type ScheduleFormat } from './schedule-read.service';
export { readScouting, SCOUTING_CSV_COLUMNS } from './scouting.service';
export {
  describeFloor,
  scoutingList,
  strongestTerms,
  type ScoutingView,
  type NearMissView,
} from './scouting';
export { changePair, listPairings, type PairingsView } from './pairing.service';
export { declineMeeting, moveMeeting, undoCancellation } from './meeting-control.service';
export {
  repairAfterDeparture,
  eventIdsEnrolling,
  liftNeedClosure,
  type Departure,
  type DepartureRepair,
} from './departure.service';
export { personalAgenda, eventAgenda, allEvents, type EventAgenda } from './personal-agenda.service';
export { visibleLabelsOf } from './visible-labels';
export { publishedTiesOfCaller } from './published-ties.service';
