export { outcomesReportPage } from './report.page';
export { barChart, type Bar, type BarChartText } from './bar-chart';
export {
  outcomeRecordPage,
  OUTCOME_FIELD_MESSAGES,
  type OutcomeFormValues,
  type OutcomePageMeeting,
} from './record.page';
