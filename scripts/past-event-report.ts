import { needs as fixtureNeeds, organisations, pastEvent, startups as fixtureStartups } from '../fixtures';
import { rankAll } from '../scoring';
import {
  eventReportOf,
  figuresOf,
  verdictOf,
  type EventReport,
  type ReportMeeting,
  type ReportNames,
  type ReportPilot,
} from '../services/outcomes';
import { sampleNeedDocuments, sampleStartupDocuments } from './demo-instance';

/** The fixtures' past event as the report and the outcome evaluation weigh it. */
export interface PastEventMeetings {
  meetings: ReportMeeting[];
  pilots: ReportPilot[];
  names: ReportNames;
  priorityOfNeed: Map<string, number>;
}

/**
 * The past event's meetings (ids are fixture keys), each with the verdict its recorded answers
 * make (the report's rule, `verdictOf`) and its match score from today's scoring core, fitted on
 * every sample profile as `npm run demo` fits it: so a change to the scoring shows in the outcome
 * evaluation. The answers themselves never saw a score (fixtures/past-event.ts).
 */
export function pastEventMeetings(): PastEventMeetings {
  const ranked = rankAll(sampleNeedDocuments(), sampleStartupDocuments(), {
    topK: fixtureStartups.length,
  });
  const scoreOf = (needKey: string, startupKey: string): number =>
    ranked.get(needKey)?.find((match) => match.startupId === startupKey)?.score ?? 0;
  const needByKey = new Map(fixtureNeeds.map((need) => [need.key, need]));
  const meetings = pastEvent.meetings.map((meeting): ReportMeeting => {
    const need = needByKey.get(meeting.needKey);
    return {
      needId: meeting.needKey,
      startupId: meeting.startupKey,
      hostId: need?.owner.email ?? '',
      score: scoreOf(meeting.needKey, meeting.startupKey),
      priority: need?.priority ?? 0,
      organisationId: need?.organisationKey ?? '',
      verdict: verdictOf(meeting.outcomes),
    };
  });
  const pilots = pastEvent.pilots.map((pilot) => ({
    needId: pilot.needKey,
    organisationId: needByKey.get(pilot.needKey)?.organisationKey ?? '',
    status: pilot.status,
    budgetKSek: pilot.budgetKSek,
  }));
  const names: ReportNames = {
    organisations: new Map(organisations.map((organisation) => [organisation.key, organisation.name])),
    startups: new Map(fixtureStartups.map((startup) => [startup.key, startup.name])),
    hosts: new Map(fixtureNeeds.map((need) => [need.owner.email, need.owner.name])),
  };
  const priorityOfNeed = new Map(fixtureNeeds.map((need) => [need.key, need.priority]));
  return { meetings, pilots, names, priorityOfNeed };
}

/** The report of the fixtures' past event, as `GET /events/:id/report` would give it (its trend: that event alone). */
export function pastEventReport(): EventReport {
  const { meetings, pilots, names, priorityOfNeed } = pastEventMeetings();
  const dates = pastEvent.days.map((day) => day.date).sort();
  const firstDate = dates[0] ?? '';
  return eventReportOf({
    event: { id: pastEvent.key, name: pastEvent.name, firstDate, lastDate: dates[dates.length - 1] ?? '' },
    meetings,
    pilots,
    priorityOfNeed,
    names,
    trend: [{ eventId: pastEvent.key, name: pastEvent.name, firstDate, ...figuresOf(meetings, pilots) }],
  });
}
