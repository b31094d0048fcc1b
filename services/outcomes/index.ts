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
  type RecordedOutcome,
  type MeetingOutcomes,
} from './outcome.service';
export { createPilot, getPilot, listPilots, updatePilot } from './pilot.service';
export { publishedMeetingsOf, publishedMeeting, type PublishedMeeting } from './published-meetings';
export {
  readEventReport,
  FOLLOW_UP_RATE_DEFINITION,
  type EventReport,
  type TrendPoint,
} from './report.service';
export { renderReportCsv, REPORT_CSV_COLUMNS } from './report-csv';
export {
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
