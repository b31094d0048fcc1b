export {
  verdictOf,
  refusalToRecord,
  mayReadMeeting,
  type MeetingVerdict,
  type OutcomeAnswer,
} from './outcome-rules';
export {
  recordOutcome,
  recordOutcomeAs,
  listOutcomes,
  loadMeetingOutcomes,
  parseSide,
  outcomeFormOf,
  type OutcomeForm,
  type RecordedOutcome,
  type MeetingOutcomes,
} from './outcome.service';
export { createPilot, getPilot, listPilots, updatePilot } from './pilot.service';
export {
  lastPublishedMeeting,
  publishedMeetingsOf,
  publishedMeeting,
  type PublishedMeeting,
} from './published-meetings';
export { readEventReport } from './report.service';
export { renderReportCsv, REPORT_CSV_COLUMNS } from './report-csv';
export {
  scorePredictionOf,
  RANDOM_ORDERS,
  RANDOM_SEED,
  type PredictionMeeting,
  type OrderQuality,
  type ScorePrediction,
} from './score-prediction';
export {
  FOLLOW_UP_RATE_DEFINITION,
  REPORT_RANDOM_ORDERS,
  eventReportOf,
  type EventReport,
  type EventReportInput,
  type ReportNames,
  type ReportPilot,
  type TrendPoint,
  figuresOf,
  pilotFiguresOf,
  byScoreQuartile,
  rateOf,
  type ReportFigures,
  type PilotFigures,
  type ScoreQuartile,
  type NoShowCount,
  type ReportMeeting,
} from './report';
export { issueOutcomeLink, openOutcomeLink, OUTCOME_LINK_DAYS, type OutcomeLink } from './outcome-link';
export {
  planMeetingMail,
  queueMeetingMail,
  meetingMailId,
  createDelayedMailQueue,
  meetingMailAfterPublish,
  REMINDER_TIME,
  OUTCOME_REQUEST_TIME,
  type PlannedMail,
  type DelayedMailQueue,
  type QueuedMeetingMail,
} from './outcome-mail';
