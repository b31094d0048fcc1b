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
