export { outcomesReportPage } from './report.page';
export { barChart, type Bar, type BarChartText } from './bar-chart';
export {
  outcomeRecordPage,
  OUTCOME_FIELD_MESSAGES,
  type OutcomeFormValues,
  type OutcomePageMeeting,
} from './record.page';
export {
  meetingOutcomesPage,
  meetingOutcomePath,
  meetingOutcomePage,
  pilotSummary,
  type FacilitatorMeeting,
  type MeetingNames,
  type EventRef,
} from './facilitator-outcomes.page';
export { pilotsPage, pilotFormPage, type PilotListItem } from './pilots.page';
export {
  disagreementsOf,
  meetingFilterOf,
  shownUnder,
  outcomeValuesOf,
  outcomeBodyOf,
  pilotValuesOf,
  pilotBodyOf,
  fieldErrorsOf,
  answerWords,
  verdictWords,
  OUTCOME_FORM_MESSAGES,
  PILOT_FORM_MESSAGES,
  type FacilitatorOutcomeValues,
  type PilotFormValues,
  type MeetingFilter,
} from './facilitator-forms';
