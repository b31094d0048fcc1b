import { pastEvent } from '../fixtures';
import { pastEventMeetings, pastEventReport } from './past-event-report';

describe('the past event as the report weighs it', () => {
  it('scores every meeting it held with today’s scoring core, and weighs every meeting’s answers', () => {
    const { meetings } = pastEventMeetings();
    expect(meetings).toHaveLength(pastEvent.meetings.length);
    expect(meetings.every((meeting) => meeting.score > 0 && meeting.score <= 1)).toBe(true);
    expect(meetings.filter((meeting) => meeting.verdict.recorded).length).toBeGreaterThan(0);
  });

  it('reports the event: its follow-up rate, its pilots, itself as the trend', () => {
    const report = pastEventReport();
    expect(report.event).toEqual({
      id: pastEvent.key,
      name: pastEvent.name,
      firstDate: '2026-10-13',
      lastDate: '2026-10-14',
    });
    expect(report.totals.planned).toBe(pastEvent.meetings.length);
    expect(report.totals.followUpRate).toBeCloseTo(report.totals.withNextStep / report.totals.held);
    expect(report.totals.pilots.proposed).toBe(pastEvent.pilots.length);
    expect(report.trend.map((point) => point.eventId)).toEqual([pastEvent.key]);
    expect(report.byScoreQuartile).toHaveLength(4);
  });
});
