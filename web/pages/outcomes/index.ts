export { outcomesReportPage } from './report.page';
export { barChart, type Bar, type BarChartText } from './bar-chart';
