import { type MatchmakingEvent, type Pilot } from '../../models';
import { assertRole, type Principal } from '../auth';
import type { ServiceDeps } from '../service-deps';
import { loadMeetingOutcomes } from './outcome.service';
import { eventOrNotFound } from './published-meetings';
import {
  eventReportOf,
  figuresOf,
  type EventReport,
  type ReportMeeting,
  type ReportNames,
  type TrendPoint,
} from './report';

/** Most events the trend compares. */
const TREND_EVENTS = 50;

function datesOf(event: MatchmakingEvent): { firstDate: string; lastDate: string } {
  const dates = event.days.map((day) => day.date).sort();
  return { firstDate: dates[0] ?? '', lastDate: dates[dates.length - 1] ?? '' };
}

/** The event's published meetings as the report weighs them, the needs' priorities and everybody's names. */
async function meetingsOf(
  deps: ServiceDeps,
  eventId: string,
): Promise<{ meetings: ReportMeeting[]; priorityOfNeed: Map<string, number>; names: ReportNames }> {
  const repositories = deps.repos;
  const outcomes = await loadMeetingOutcomes(deps, eventId);
  const needIds = [...new Set(outcomes.map((o) => o.meeting.needId))];
  const startupIds = [...new Set(outcomes.map((o) => o.meeting.startupId))];
  const all = { limit: 5_000, page: 1 };
  const [needs, startups] = await Promise.all([
    repositories.needs.list({ _id: { $in: needIds } }, all),
    repositories.startups.list({ _id: { $in: startupIds } }, all),
  ]);
  const organisationIds = [...new Set(needs.items.map((need) => need.organisationId))];
  const organisations = await repositories.organisations.list({ _id: { $in: organisationIds } }, all);
  const priorityOfNeed = new Map(needs.items.map((need) => [need.id, need.priority]));
  const names: ReportNames = {
    organisations: new Map(organisations.items.map((o) => [o.id, o.name])),
    startups: new Map(startups.items.map((s) => [s.id, s.name])),
    hosts: new Map(needs.items.map((need) => [need.owner.email.toLowerCase(), need.owner.name])),
  };
  const meetings = outcomes.map(({ meeting, verdict }) => ({
    needId: meeting.needId,
    startupId: meeting.startupId,
    hostId: meeting.hostId,
    score: meeting.score,
    priority: priorityOfNeed.get(meeting.needId) ?? 0,
    organisationId: meeting.organisationId,
    verdict,
  }));
  return { meetings, priorityOfNeed, names };
}

/** The totals of every event with a published schedule, oldest first. */
async function trendOf(deps: ServiceDeps): Promise<TrendPoint[]> {
  const repositories = deps.repos;
  const events = await repositories.events.list({}, { limit: 1_000, page: 1 });
  const points: TrendPoint[] = [];
  for (const event of events.items) {
    const outcomes = await loadMeetingOutcomes(deps, event.id);
    if (outcomes.length === 0) continue;
    const pilots = await repositories.pilots.listByEvent(event.id);
    points.push({
      eventId: event.id,
      name: event.name,
      firstDate: datesOf(event).firstDate,
      ...figuresOf(
        outcomes.map((o) => ({ verdict: o.verdict })),
        pilots,
      ),
    });
  }
  return points.sort((a, b) => a.firstDate.localeCompare(b.firstDate)).slice(-TREND_EVENTS);
}

/**
 * `GET /events/:id/report` (facilitators): meetings planned, held, no-shows, the follow-up rate,
 * and the pilots that came of them with their kSEK; by need priority, by organisation, no-shows
 * per person, follow-up by quarter of match score, and the same totals across events as a trend.
 */
export async function readEventReport(
  deps: ServiceDeps,
  principal: Principal,
  eventId: string,
): Promise<EventReport> {
  assertRole(principal, 'facilitator');
  const event = await eventOrNotFound(deps, eventId);
  const { meetings, priorityOfNeed, names } = await meetingsOf(deps, eventId);
  const pilots: Pilot[] = await deps.repos.pilots.listByEvent(eventId);
  return eventReportOf({
    event: { id: event.id, name: event.name, ...datesOf(event) },
    meetings,
    pilots,
    priorityOfNeed,
    names,
    trend: await trendOf(deps),
  });
}
